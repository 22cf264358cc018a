"""The public Python API of Duizhao: what the UI and the command line use.

:class:`Library` ties the parts together: ingest (files → paragraphs), the
text core (sentences, words, pinyin), the aligner (Chinese ↔ English
sentence pairs) and the store (SQLite).  It returns plain frozen dataclasses,
never database rows.

Article identity and changed texts
----------------------------------
An article is identified by the hash of its normalised Chinese text plus the
normaliser version, so renaming or moving a file finds the same article.  The
paths an article was opened from are remembered too, and a path names one
article.  When a file is opened:

1. its text hashes to a stored article → that article (the path is recorded);
2. else, if the *path* is known, the file was edited and re-saved (or the
   normaliser changed): the stored article takes the new text in place (same
   id) and its annotations are re-anchored onto it (exact / fuzzy / orphan,
   see :mod:`reader.store.anchoring`); a notice reports how many need review;
3. else it is a new article.

Alignment beads are stored, so re-opening an unchanged article does not align
again; user edits of the alignment and segmentation fixes are stored apart and
re-applied whenever the article is built.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from reader import paths
from reader.errors import DuizhaoError, InputError, NoChineseText

if TYPE_CHECKING:
    from reader.store import Store
    from reader.store.records import Annotation, ArticleInfo, SearchHit, Word

#: Names re-exported from the store, imported on first use: the window's first paint reads the
#: database with :func:`peek` (sqlite3 only) and must not wait for peewee and the store to load.
_FROM_RECORDS = ("Annotation", "ArticleInfo", "SearchHit", "Word")


def __getattr__(name: str):
    if name in _FROM_RECORDS:
        from reader.store import records

        return getattr(records, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "Annotation",
    "ArticleInfo",
    "ArticleView",
    "Library",
    "Pair",
    "Peek",
    "ReadTexts",
    "SearchHit",
    "Word",
    "WordLink",
    "peek",
    "read_texts",
]

Progress = Callable[[float, str], None]
_UNCHANGED = ...
#: Bumped when the way beads are stored or sentences are cut changes: forces re-alignment.
_ALIGN_VERSION = 1


@dataclass(frozen=True)
class Pair:
    """Aligned sentences: Chinese and English sentence indices (either may be empty)."""

    index: int
    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float
    confidence: float  # 0..1; < 0.5 is "weak"
    edited: bool


@dataclass(frozen=True)
class WordLink:
    """A Chinese word and the English spans it translates (article offsets)."""

    zh_start: int
    zh_end: int
    en_spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class ArticleView:
    """Everything the reader shows for one article."""

    info: ArticleInfo
    zh: object  # reader.text.analysis.AnalyzedText
    en_text: str
    en_sentences: tuple[tuple[int, int], ...]
    pairs: tuple[Pair, ...]
    pair_of_zh: dict = field(default_factory=dict)
    pair_of_en: dict = field(default_factory=dict)

    @property
    def id(self) -> int:
        return self.info.id


def content_hash(zh_text: str, normalizer_version) -> str:
    """The identity of an article: its normalised Chinese text and the normaliser version."""
    import hashlib  # here, not at the top: hashlib loads OpenSSL, and peek() must stay cheap

    return hashlib.sha256(f"{normalizer_version}\0{zh_text}".encode("utf-8")).hexdigest()


def zh_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of the Chinese text, exactly as :func:`reader.text.analysis.analyze` cuts them."""
    from reader.text.sentences import split_paragraphs, split_sentences

    return [s for p in split_paragraphs(text) for s in split_sentences(text, *p)]


def en_sentence_spans(text: str) -> list[tuple[int, int]]:
    """English sentence spans: each paragraph (line) split, offsets into the joined text."""
    from reader.align import split_english

    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.extend((pos + a, pos + b) for a, b in split_english(line))
        pos += len(line) + 1
    return spans


def _no_progress(fraction: float, message: str) -> None:
    pass


class Library:
    """The user's library: articles, annotations, vocabulary, settings (one SQLite file)."""

    def __init__(self, path: str | os.PathLike | None = None):
        from reader.store import Store

        self._store = Store(paths.default_db_path() if path is None else path)
        #: One-line messages for the user (a damaged database set aside, annotations needing review...).
        self.notices: list[str] = self._store.notices
        self._views: dict[int, ArticleView] = {}  # a few recently built views
        self._views_lock = threading.Lock()  # the UI builds views on worker threads

    @property
    def store(self) -> Store:
        """The database layer (for exports that need more than the facade, e.g. Anki)."""
        return self._store

    @property
    def path(self) -> str:
        return self._store.path

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> "Library":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- articles ------------------------------------------------------------

    def open_article(self, path, english=None, progress: Progress | None = None,
                     on_text: Callable[[str, str, str], None] | None = None,
                     read: ReadTexts | None = None) -> ArticleView:
        """Read a file (and optionally its English version), store and return the article.

        ``on_text(title, zh_text, en_text)``, if given, gets the clean texts as soon as the
        files are read, before analysis and alignment (the window shows them at once).
        ``read``: what :func:`read_texts` returned for the same files; they are not read again.
        """
        progress = progress or _no_progress
        if read is not None and read._extracted is not None and read.path == str(path) \
                and read.english == (None if english is None else str(english)):
            extracted = read._extracted
        else:
            from reader.ingest import load_article

            progress(0.0, "Reading the article")
            extracted = load_article(path, english)
        zh_text = "\n".join(extracted.zh)
        en_text = "\n".join(extracted.en)
        if on_text is not None and zh_text.strip():
            on_text(extracted.title or "", zh_text, en_text)
        meta = dict(
            title=extracted.title or None, date=extracted.date, author=extracted.author, site=extracted.site,
            source_url=extracted.source_url, encoding=extracted.encoding, en_title=extracted.en_title,
        )
        file = str(Path(path).resolve())
        return self._store_article(zh_text, en_text, meta, extracted.normalizer_version, file,
                                   tuple(extracted.pairs), progress)

    def open_text(self, zh_text: str, en_text: str | None = None, title: str | None = None) -> ArticleView:
        """Store pasted text (Chinese, optionally with its English) as an article."""
        from reader.ingest import NORMALIZER_VERSION, load_english
        from reader.ingest.normalize import normalize_paragraphs

        paragraphs = normalize_paragraphs((zh_text or "").split("\n"))
        if not paragraphs:
            raise InputError("the pasted Chinese text is empty")
        en = "\n".join(load_english(text=en_text)) if en_text and en_text.strip() else ""
        title = title or paragraphs[0][:40]
        return self._store_article("\n".join(paragraphs), en, {"title": title}, NORMALIZER_VERSION, None, (),
                                   _no_progress)

    def add_english(self, article_id: int, path=None, text: str | None = None,
                    progress: Progress | None = None) -> ArticleView:
        """Give an article its English version (a file or pasted text), replacing any before."""
        from reader.ingest import load_english

        progress = progress or _no_progress
        row = self._store.article_row(article_id)
        progress(0.0, "Reading the English text")
        en_text = "\n".join(load_english(path=path, text=text))
        before = {}
        if en_text != row.en_text:
            before = self._card_texts(article_id)
            self._store.update_article(article_id, en_text=en_text, beads="[]", align_key="")
            self._reanchor(article_id, "en", en_text, row.en_text)
        self._views.pop(article_id, None)
        view = self._build_view(article_id, progress)
        self._touch_changed_cards(article_id, before)
        return view

    def _store_article(self, zh_text, en_text, meta, normalizer_version, file, pairs, progress) -> ArticleView:
        if not zh_text.strip():
            raise NoChineseText("the article has no Chinese text")
        digest = content_hash(zh_text, normalizer_version)
        row = self._store.article_by_hash(digest)
        before: dict[str, tuple[str, str, str]] = {}  # what annotation cards showed, if the texts change
        if row is not None:
            article_id = row.id
            if en_text and en_text != row.en_text:  # English given (or changed) for a known article
                before = self._card_texts(article_id)
                self._store.update_article(article_id, en_text=en_text, beads="[]", align_key="")
                self._reanchor(article_id, "en", en_text, row.en_text)
            self._fill_metadata(row, meta)
        else:
            old = self._store.article_by_path(file) if file else None
            if old is not None:
                article_id = old.id
                before = self._card_texts(article_id)
                fields = dict(meta, content_hash=digest, normalizer_version=str(normalizer_version),
                              zh_text=zh_text, beads="[]", align_key="", vocab="{}")
                if en_text or not old.en_text:
                    fields["en_text"] = en_text
                self._store.update_article(article_id, **{k: v for k, v in fields.items() if v is not None})
                counts = self._reanchor(article_id, "zh", zh_text, old.zh_text)
                if en_text and en_text != old.en_text:
                    en_counts = self._reanchor(article_id, "en", en_text, old.en_text)
                    counts = {k: counts[k] + en_counts[k] for k in counts}
                if sum(counts.values()):
                    self.notices.append(
                        f"{Path(file).name} changed since it was last opened: {counts['exact']} annotation(s) kept, "
                        f"{counts['fuzzy']} moved to a similar text, {counts['orphan']} need review."
                    )
            else:
                article_id = self._store.insert_article(
                    content_hash=digest, normalizer_version=str(normalizer_version), zh_text=zh_text,
                    en_text=en_text, **{k: v for k, v in meta.items() if v is not None},
                )
        if file:
            self._store.record_path(article_id, file)
        self._views.pop(article_id, None)
        view = self._build_view(article_id, progress, paragraph_pairs=pairs, mark_opened=True)
        self._touch_changed_cards(article_id, before)
        if self._store.article_row(article_id).vocab in ("", "{}"):
            self._store_vocab(view)
        return view

    def _store_vocab(self, view: ArticleView) -> None:
        """Remember the article's word counts (for the share of known words in the library view)."""
        counts = Counter(view.zh.base[t.start : t.end] for t in view.zh.tokens if t.is_han)
        self._store.update_article(view.id, vocab=json.dumps(counts, ensure_ascii=False))

    def _fill_metadata(self, row, meta) -> None:
        missing = {k: v for k, v in meta.items() if v and not getattr(row, k, None)}
        if missing:
            self._store.update_article(row.id, **missing)

    def _reanchor(self, article_id: int, side: str, text: str, old_text: str | None) -> dict[str, int]:
        spans = zh_sentence_spans(text) if side == "zh" else en_sentence_spans(text)
        return self._store.reanchor(article_id, side, text, spans, old_text or None)

    def article(self, article_id: int) -> ArticleView:
        """A stored article (marks it opened)."""
        return self._build_view(article_id, _no_progress, mark_opened=True)

    def articles(self) -> list[ArticleInfo]:
        """Every article, most recently opened first."""
        return self._store.article_infos()

    def delete_article(self, article_id: int) -> None:
        """Delete an article with its annotations (its saved words stay in the vocabulary)."""
        self._store.article_row(article_id)
        self._store.delete_article(article_id)
        self._views.pop(article_id, None)

    def set_position(self, article_id: int, sentence_index: int) -> None:
        self._store.article_row(article_id)
        self._store.update_article(article_id, position=max(0, int(sentence_index)))

    # -- building a view -----------------------------------------------------

    def _build_view(self, article_id: int, progress: Progress, paragraph_pairs=(), mark_opened=False) -> ArticleView:
        import hashlib

        from reader.store import now
        from reader.text.analysis import analyze
        from reader.text.segment import SegmentationFixes

        row = self._store.article_row(article_id)
        if mark_opened:
            self._store.update_article(article_id, opened_at=now())
        cached = self._views.get(article_id)
        if cached is not None and cached.zh.text == row.zh_text and cached.en_text == row.en_text:
            zh = cached.zh
        else:
            progress(0.2, "Analysing the text")
            merges, splits = self._store.seg_fixes(article_id)
            zh = analyze(row.zh_text, fixes=SegmentationFixes(frozenset(merges), frozenset(splits)))
        zh_spans = [(s.start, s.end) for s in zh.sentences]
        en_spans = en_sentence_spans(row.en_text) if row.en_text else []
        key = hashlib.sha1(json.dumps([_ALIGN_VERSION, zh_spans, en_spans]).encode()).hexdigest()
        if row.align_key == key:
            beads = [tuple(b) for b in json.loads(row.beads)]
        else:
            progress(0.5, "Aligning the sentences")
            beads = self._align(row.zh_text, zh_spans, row.en_text, en_spans, paragraph_pairs)
            self._store.update_article(article_id, beads=json.dumps(beads), align_key=key)
        pairs = _apply_edits(beads, self._store.align_edits(article_id), row.zh_text, zh_spans, row.en_text, en_spans)
        progress(1.0, "Ready")
        view = ArticleView(
            info=self._store.article_infos(article_id)[0],
            zh=zh,
            en_text=row.en_text,
            en_sentences=tuple(en_spans),
            pairs=tuple(pairs),
            pair_of_zh={i: p.index for p in pairs for i in p.zh},
            pair_of_en={i: p.index for p in pairs for i in p.en},
        )
        with self._views_lock:
            self._views[article_id] = view
            while len(self._views) > 8:
                self._views.pop(next(iter(self._views)))
        return view

    @staticmethod
    def _align(zh_text, zh_spans, en_text, en_spans, paragraph_pairs) -> list:
        """Beads as JSON-ready lists ``[zh indices, en indices, score, confidence]``."""
        if not en_spans:
            return [[[i], [], 0.0, 0.0] for i in range(len(zh_spans))]
        from reader.align import align

        anchors = _anchors(zh_text, zh_spans, en_text, en_spans, paragraph_pairs)
        beads = align([zh_text[a:b] for a, b in zh_spans], [en_text[a:b] for a, b in en_spans],
                      anchors=anchors or None)
        return [[list(b.zh), list(b.en), float(b.score), float(b.confidence)] for b in beads]

    def _view(self, article_id: int) -> ArticleView:
        view = self._views.get(article_id)
        return view if view is not None else self._build_view(article_id, _no_progress)

    # -- alignment edits -------------------------------------------------------

    def merge_pair(self, article_id: int, pair_index: int) -> ArticleView:
        """Merge a pair with the next one."""
        view = self._view(article_id)
        if not 0 <= pair_index < len(view.pairs) - 1:
            raise InputError(f"pair {pair_index} has no next pair to merge with")
        a, b = view.pairs[pair_index], view.pairs[pair_index + 1]
        zh, en = _pair_id(a)
        before = self._card_texts(article_id)
        self._store.add_align_edit(article_id, "merge", zh, en, _edit_key(view, a.zh + b.zh, a.en + b.en))
        self._views.pop(article_id, None)
        view = self._build_view(article_id, _no_progress)
        self._touch_changed_cards(article_id, before)
        return view

    def split_pair(self, article_id: int, pair_index: int, zh_at: int | None = None,
                   en_at: int | None = None) -> ArticleView:
        """Split a pair in two at sentence boundaries (code-point offsets in the zh / en text).

        The new pair starts at the first sentence of each side starting at or after
        the offset; without an offset a side keeps all its sentences in the first
        part, unless both are missing (then each side is cut at its middle).
        """
        view = self._view(article_id)
        if not 0 <= pair_index < len(view.pairs):
            raise InputError(f"no pair {pair_index}")
        pair = view.pairs[pair_index]
        zh_starts = [view.zh.sentences[i].start for i in pair.zh]
        en_starts = [view.en_sentences[i][0] for i in pair.en]
        if zh_at is None and en_at is None:
            zh_cut, en_cut = len(pair.zh) // 2, len(pair.en) // 2
        else:
            zh_cut = _cut(zh_starts, zh_at)
            en_cut = _cut(en_starts, en_at)
        first = (pair.zh[:zh_cut], pair.en[:en_cut])
        second = (pair.zh[zh_cut:], pair.en[en_cut:])
        if not (first[0] or first[1]) or not (second[0] or second[1]):
            raise InputError("cannot split there: one part would be empty")
        zh = pair.zh[zh_cut] if zh_cut < len(pair.zh) else -1
        en = pair.en[en_cut] if en_cut < len(pair.en) else -1
        before = self._card_texts(article_id)
        self._store.add_align_edit(article_id, "split", zh, en, _edit_key(view, pair.zh, pair.en))
        self._views.pop(article_id, None)
        view = self._build_view(article_id, _no_progress)
        self._touch_changed_cards(article_id, before)
        return view

    def word_links(self, article_id: int, pair_index: int) -> list[WordLink]:
        """Which Chinese words of a pair translate which English words (article offsets)."""
        from reader.align import word_links as link_words  # provided by the aligner

        view = self._view(article_id)
        if not 0 <= pair_index < len(view.pairs):
            raise InputError(f"no pair {pair_index}")
        pair = view.pairs[pair_index]
        if not pair.zh or not pair.en:
            return []
        zs, ze = view.zh.sentences[pair.zh[0]].start, view.zh.sentences[pair.zh[-1]].end
        es, ee = view.en_sentences[pair.en[0]][0], view.en_sentences[pair.en[-1]][1]
        return [
            WordLink(zs + a, zs + b, tuple((es + x, es + y) for x, y in spans))
            for a, b, spans in link_words(view.zh.text[zs:ze], view.en_text[es:ee])
        ]

    # -- segmentation fixes ------------------------------------------------------

    def merge_words(self, article_id: int, start: int, end: int, everywhere: bool = False) -> ArticleView:
        """Keep ``zh[start:end]`` as one word (in this article, or everywhere)."""
        view = self._view(article_id)
        if not 0 <= start < end <= len(view.zh.text) or end - start < 2:
            raise InputError("select at least two characters to make one word")
        word = view.zh.base[start:end]
        if any(c.isspace() for c in word):
            raise InputError("a word cannot span spaces or lines")
        self._store.add_seg_fix("merge", word, 0, None if everywhere else article_id)
        return self._refresh_after_fix(article_id, everywhere)

    def split_word(self, article_id: int, start: int, at: int, everywhere: bool = False) -> ArticleView:
        """Split the word starting at ``start`` before code point ``at``."""
        view = self._view(article_id)
        token = view.zh.token_at(start)
        if token is None or token.start != start:
            raise InputError(f"no word starts at {start}")
        if not token.start < at < token.end:
            raise InputError(f"cannot split {token.text!r} at {at}")
        word = view.zh.base[token.start : token.end]
        self._store.add_seg_fix("split", word, at - token.start, None if everywhere else article_id)
        return self._refresh_after_fix(article_id, everywhere)

    def _refresh_after_fix(self, article_id: int, everywhere: bool) -> ArticleView:
        if everywhere:
            self._views.clear()
        else:
            self._views.pop(article_id, None)
        view = self._build_view(article_id, _no_progress)
        self._store_vocab(view)
        return view

    # -- dictionary ------------------------------------------------------------

    def lookup(self, text: str, pos: int) -> list:
        """Every dictionary headword starting at ``text[pos]``, longest first."""
        from reader.text.dictionary import get_dictionary
        from reader.text.script import to_simplified

        dictionary = get_dictionary()
        # only the characters a headword can cover: converting the whole article per hover
        # cost ~5 ms on the seed and grew with the article
        window = text[pos : pos + dictionary.max_len]
        base = to_simplified(window)
        found = dictionary.lookup_at(base if len(base) == len(window) else window, 0)
        return [replace(m, start=m.start + pos, end=m.end + pos) for m in found]

    # -- annotations -----------------------------------------------------------

    def _side_text(self, article_id: int, side: str) -> tuple[str, list[tuple[int, int]]]:
        row = self._store.article_row(article_id)
        if side == "zh":
            return row.zh_text, zh_sentence_spans(row.zh_text)
        if side == "en":
            return row.en_text, en_sentence_spans(row.en_text) if row.en_text else []
        raise InputError(f"side must be 'zh' or 'en', not {side!r}")

    def add_annotation(self, article_id: int, side: str, start: int, end: int, note: str | None = None,
                       color: str | None = None, tags: Sequence[str] = ()) -> Annotation:
        """Highlight ``start..end`` of one side of an article; saved at once."""
        text, spans = self._side_text(article_id, side)
        return self._store.add_annotation(article_id, side, text, start, end, sentences=spans, note=note,
                                          color=color, tags=tags)

    def update_annotation(self, uuid: str, *, note=_UNCHANGED, color=_UNCHANGED, tags=_UNCHANGED) -> Annotation:
        changes = {k: v for k, v in (("note", note), ("color", color), ("tags", tags)) if v is not _UNCHANGED}
        return self._store.update_annotation(uuid, **changes)

    def delete_annotation(self, uuid: str) -> None:
        """Delete (a tombstone: :meth:`restore_annotation` undoes it)."""
        self._store.set_annotation_deleted(uuid, True)

    def restore_annotation(self, uuid: str) -> Annotation:
        return self._store.set_annotation_deleted(uuid, False)

    def reattach_annotation(self, uuid: str, start: int, end: int) -> Annotation:
        """Attach an annotation (typically an orphan) to ``start..end`` of its side."""
        ann = self._store.get_annotation(uuid)
        text, spans = self._side_text(ann.article_id, ann.side)
        return self._store.reattach_annotation(uuid, text, start, end, spans)

    def annotations(self, article_id: int | None = None, include_deleted: bool = False) -> list[Annotation]:
        """Annotations in document order (Chinese side first)."""
        return self._store.annotations(article_id, include_deleted)

    # -- vocabulary ------------------------------------------------------------

    def save_word(self, article_id: int, start: int, end: int, senses: Sequence[str] | None = None,
                  status: str = "new") -> Word:
        """Save ``zh[start:end]`` with its sentence and the aligned English sentence."""
        from reader.text.pinyin import format_syllables

        view = self._view(article_id)
        zh = view.zh
        if not 0 <= start < end <= len(zh.text) or not zh.text[start:end].strip():
            raise InputError(f"no word at {start}..{end}")
        base = zh.base[start:end]
        entries = zh.dictionary.entries(base) if zh.dictionary is not None else []
        pinyin = ""
        token_index = zh.token_index_at(start)
        if token_index is not None and zh.tokens[token_index].end == end:
            token = zh.tokens[token_index]
            syllables = zh.token_syllables(token_index)
            pinyin = format_syllables(syllables, "marks") if syllables else ""
            entries = zh.glosses(token) or entries  # the reading heard in context first
        if not entries:
            # not a headword (党支部, 筑牢): read it from its tokens, in context, and gloss its parts
            pinyin, parts = self._span_reading(zh, start, end)
            if senses is None:
                senses = parts
        if not pinyin and entries:
            pinyin = entries[0].pinyin
        if senses is None:
            senses = entries[0].senses if entries else ()
        from reader.text.script import to_traditional

        traditional = entries[0].traditional if entries else to_traditional(base)
        sentence = zh.sentence_at(start)
        sentence_text = sentence.text if sentence else ""
        sentence_en = ""
        if sentence is not None and sentence.index in view.pair_of_zh:
            pair = view.pairs[view.pair_of_zh[sentence.index]]
            sentence_en = " ".join(view.en_text[a:b] for a, b in (view.en_sentences[i] for i in pair.en))
        return self._store.save_word(
            base, traditional=traditional, pinyin=pinyin or "", senses=tuple(senses), status=status,
            sentence=sentence_text, sentence_en=sentence_en, article_id=article_id,
        )

    @staticmethod
    def _span_reading(zh, start: int, end: int) -> tuple[str, tuple[str, ...]]:
        """Pinyin and part-by-part senses of ``zh.text[start:end]`` from the tokens it covers."""
        from reader.text.pinyin import format_syllables

        syllables: list[str] = []
        parts: list[str] = []
        index = zh.token_index_at(start)
        while index is not None and index < len(zh.tokens) and zh.tokens[index].start < end:
            token = zh.tokens[index]
            if token.kind == "han":
                token_syllables = zh.token_syllables(index) or ()
                # a token cut by the span's edges keeps only the syllables inside it
                lo, hi = max(start, token.start) - token.start, min(end, token.end) - token.start
                syllables.extend(token_syllables[lo:hi])
                glosses = zh.glosses(token) if (lo, hi) == (0, len(token.text)) else []
                if glosses and glosses[0].senses:
                    parts.append(f"{token.text}: {'; '.join(glosses[0].senses[:2])}")
            index += 1
        return format_syllables(tuple(syllables), "marks") if syllables else "", tuple(parts)

    def words(self, article_id: int | None = None, status: str | None = None, query: str | None = None) -> list[Word]:
        return self._store.words(article_id, status, query)

    def set_word_status(self, word_id: int, status: str) -> Word:
        return self._store.set_word_status(word_id, status)

    def delete_word(self, word_id: int) -> None:
        self._store.delete_word(word_id)

    def known_words(self) -> frozenset[str]:
        return self._store.known_words()

    # -- search, settings ------------------------------------------------------

    def search(self, query: str) -> list[SearchHit]:
        """Articles, annotations and words: Chinese substrings, English words, toneless pinyin."""
        return self._store.search(query)

    def get_setting(self, key: str, default=None):
        return self._store.get_setting(key, default)

    def set_setting(self, key: str, value) -> None:
        self._store.set_setting(key, value)

    # -- exports ---------------------------------------------------------------

    def partner_text(self, annotation: Annotation) -> str:
        """The sentence(s) in the other language aligned with an annotation's sentence(s)."""
        return _partner(self._alignment(annotation.article_id), annotation)

    def partner_texts(self, annotations: Sequence[Annotation]) -> dict[str, str]:
        """:meth:`partner_text` of many annotations, by uuid (each article's alignment is read once)."""
        alignments: dict[int, Any] = {}
        texts = {}
        for annotation in annotations:
            if annotation.article_id not in alignments:
                alignments[annotation.article_id] = self._alignment(annotation.article_id)
            texts[annotation.uuid] = _partner(alignments[annotation.article_id], annotation)
        return texts

    def _alignment(self, article_id: int):
        """(zh text, zh spans, en text, en spans, pairs) as stored, or None (no English, not aligned)."""
        row = self._store.article_row(article_id)
        en_spans = en_sentence_spans(row.en_text) if row.en_text else []
        beads = [tuple(b) for b in json.loads(row.beads or "[]")]
        if not beads or not en_spans:
            return None
        zh_spans = zh_sentence_spans(row.zh_text)
        pairs = _apply_edits(beads, self._store.align_edits(row.id), row.zh_text, zh_spans, row.en_text, en_spans)
        return row.zh_text, zh_spans, row.en_text, en_spans, pairs

    def _card_texts(self, article_id: int) -> dict[str, tuple[str, str, str]]:
        """(quote, status, aligned text) of each annotation of an article: what its Anki note shows."""
        annotations = self._store.annotations(article_id)
        if not annotations:
            return {}
        texts = self.partner_texts(annotations)
        return {a.uuid: (a.quote, a.status, "" if a.status == "orphan" else texts[a.uuid]) for a in annotations}

    def _touch_changed_cards(self, article_id: int, before: dict[str, tuple[str, str, str]]) -> None:
        """Annotations whose note content changed with the article's text or alignment count as edited.

        Their own fields did not change, but the quote (re-anchored), the status or
        the aligned translation their Anki note shows did: "only what changed"
        exports must send them again.
        """
        if not before:
            return
        after = self._card_texts(article_id)
        changed = [uuid for uuid, texts in after.items() if uuid in before and before[uuid] != texts]
        if changed:
            self._store.touch_annotations(changed)

    def export_annotations(self, fmt: str, path, article_id: int | None = None) -> Path:
        """Write annotations as Markdown (``md``), ``csv`` or W3C Web Annotation ``json``."""
        from reader.export import annotations as exporter

        return exporter.export(self, fmt, Path(path), article_id)

    def import_annotations(self, path) -> int:
        """Read W3C Web Annotation JSON written by :meth:`export_annotations`; returns how many were new."""
        from reader.export import annotations as exporter

        return exporter.import_json(self, Path(path))

    def export_anki(self, path, *, article_id: int | None = None, words: bool = True, sentences: bool = True,
                    passages: bool = True, changed_only: bool = False, tsv: bool = False,
                    deck_per_article: bool = False):
        """Write words, sentence clozes and passages for Anki (``.apkg``, or ``.tsv``); returns an ExportResult.

        Notes keep their identity (GUIDs from uuids), so re-importing updates them;
        ``changed_only`` skips items not edited since their last export.
        """
        from reader.export.anki_items import export_library

        return export_library(self, path, article_id=article_id, words=words, sentences=sentences,
                              passages=passages, changed_only=changed_only, tsv=tsv,
                              deck_per_article=deck_per_article)

    # -- stored text without analysis (added for the reader window's first paint) --------

    def article_text(self, article_id: int | None = None, *, path=None) -> tuple[int, str, str, str] | None:
        """``(id, title, zh_text, en_text)`` of a stored article, by id or by a path it was opened from.

        One cheap query, no analysis: the window shows this at once while the
        article is rebuilt in the background.  None when nothing is stored.
        """
        if path is not None:
            row = self._store.article_by_path(str(Path(path).resolve()))
        else:
            try:
                row = self._store.article_row(article_id)
            except InputError:
                row = None
        if row is None:
            return None
        return row.id, row.title or "", row.zh_text or "", row.en_text or ""


@dataclass(frozen=True)
class Peek:
    """What a window needs for its first paint, read without opening the store (see :func:`peek`)."""

    settings: dict[str, Any]  # every stored setting, JSON-decoded (unreadable ones left out)
    article: tuple[int, str, str, str] | None  # (id, title, zh_text, en_text) as Library.article_text


def peek(db_path, article_id: int | None = None, path=None) -> Peek | None:
    """Settings and one stored article's text, by a read-only ``sqlite3`` query (no peewee, no store).

    The article is the one opened from ``path``, else ``article_id``, else the
    last one read (the ``last_article`` setting).  For the first paint only:
    it neither creates, checks nor upgrades the database, so None (nothing to
    show early) whenever the file is absent, unreadable or of another shape;
    :class:`Library` then opens it as usual and reports any problem.
    """
    file = Path(db_path)
    if str(db_path) == ":memory:" or not file.is_file():
        return None
    import sqlite3  # here: a first launch (no database yet) need not load it before its first paint
    try:
        # mode=rw never creates the file; not mode=ro: a read-only connection to a WAL database
        # leaves its -wal and -shm files behind, while the last ordinary one to close removes them.
        con = sqlite3.connect(file.resolve().as_uri() + "?mode=rw", uri=True, timeout=1.0)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        con.execute("PRAGMA query_only = 1")
        settings: dict[str, Any] = {}
        for key, value in con.execute("SELECT key, value FROM setting"):
            try:
                settings[key] = json.loads(value)
            except (TypeError, ValueError):
                pass
        if path is not None:
            found = con.execute("SELECT article_id FROM article_path WHERE path = ?",
                                (str(Path(path).resolve()),)).fetchone()
            article_id = found[0] if found else None
        elif article_id is None and isinstance(settings.get("last_article"), int):
            article_id = settings["last_article"]
        article = None
        if isinstance(article_id, int):
            row = con.execute("SELECT id, title, zh_text, en_text FROM article WHERE id = ?", (article_id,)).fetchone()
            if row is not None:
                article = (row[0], row[1] or "", row[2] or "", row[3] or "")
        return Peek(settings, article)
    except (sqlite3.Error, OSError, ValueError):
        return None
    finally:
        con.close()


@dataclass(frozen=True)
class ReadTexts:
    """A file's clean texts, read by :func:`read_texts` (ingest only: no store, no analysis)."""

    title: str  # the article's title ("" when the file has none)
    zh_text: str  # paragraphs joined by "\n", as :meth:`Library.open_article` stores them
    en_text: str
    path: str  # the arguments given, as str: open_article takes this result only for the same files
    english: str | None
    _extracted: Any = field(default=None, repr=False, compare=False)


def read_texts(path, english=None) -> ReadTexts:
    """Read a file (and ``english``, or an English sibling) as :meth:`Library.open_article` does, storing nothing.

    For a window's first open of a new file: its clean text can be shown before
    the Library (peewee, the store) is loaded; pass the result to
    ``open_article(..., read=...)`` so the files are not read twice.  Raises
    :class:`~reader.errors.InputError` like ``open_article``.
    """
    from reader.ingest import load_article

    extracted = load_article(path, english)
    return _read_texts(extracted, path, english)


def preview_texts(path, english=None) -> ReadTexts | None:
    """The beginning of a long text file's clean texts, for showing at once while :func:`read_texts` reads it all.

    None when there is no such beginning to show (a short file, a web page,
    anything unreadable: :func:`read_texts` then says what is wrong).  Never
    pass it to ``open_article`` (it is not the whole article: its
    ``_extracted`` is None, so open_article reads the files itself).
    """
    from reader.ingest import preview_article

    try:
        extracted = preview_article(path, english)
    except DuizhaoError:
        return None
    if extracted is None:
        return None
    return replace(_read_texts(extracted, path, english), _extracted=None)


def _read_texts(extracted, path, english) -> ReadTexts:
    return ReadTexts(extracted.title or "", "\n".join(extracted.zh), "\n".join(extracted.en), str(path),
                     None if english is None else str(english), extracted)


# -- helpers -------------------------------------------------------------------


def _anchors(zh_text, zh_spans, en_text, en_spans, paragraph_pairs) -> list[tuple[int, int]]:
    """(zh sentence, en sentence) starts of paragraph pairs known from a bilingual page."""
    if not paragraph_pairs:
        return []
    zh_par_first = _first_sentence_of_paragraph(zh_text, zh_spans)
    en_par_first = _first_sentence_of_paragraph(en_text, en_spans)
    anchors = []
    for zp, ep in paragraph_pairs:
        if isinstance(zp, int) and isinstance(ep, int) and zp in zh_par_first and ep in en_par_first:
            anchors.append((zh_par_first[zp], en_par_first[ep]))
    return sorted(set(anchors))


def _first_sentence_of_paragraph(text: str, spans) -> dict[int, int]:
    """Paragraph number (among non-empty lines, as ingest counts them) -> its first sentence index."""
    import bisect

    ranges = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            ranges.append((pos, pos + len(line)))
        pos += len(line) + 1
    starts = [a for a, _ in ranges]
    first: dict[int, int] = {}
    for index, (start, _end) in enumerate(spans):
        paragraph = bisect.bisect_right(starts, start) - 1
        if paragraph >= 0:
            first.setdefault(paragraph, index)
    return first


def _partner(alignment, annotation) -> str:
    """The other language's text aligned with ``annotation`` (see Library._alignment)."""
    if alignment is None:
        return ""
    zh_text, zh_spans, en_text, en_spans, pairs = alignment
    own, other, other_text = (
        (zh_spans, en_spans, en_text) if annotation.side == "zh" else (en_spans, zh_spans, zh_text)
    )
    hit = {i for i, (a, b) in enumerate(own) if a < annotation.end and annotation.start < b}
    indices: list[int] = []
    for p in pairs:
        mine, theirs = (p.zh, p.en) if annotation.side == "zh" else (p.en, p.zh)
        if hit & set(mine):
            indices.extend(theirs)
    return " ".join(other_text[other[i][0] : other[i][1]] for i in indices if i < len(other))


def _pair_id(pair: Pair) -> tuple[int, int]:
    return (pair.zh[0] if pair.zh else -1, pair.en[0] if pair.en else -1)


def _cut(starts: list[int], at: int | None) -> int:
    if at is None:
        return len(starts)
    return next((i for i, s in enumerate(starts) if s >= at), len(starts))


def _edit_key(view: ArticleView, zh: Sequence[int], en: Sequence[int]) -> str:
    import hashlib

    texts = [view.zh.sentences[i].text for i in zh] + [view.en_text[slice(*view.en_sentences[i])] for i in en]
    return hashlib.sha1("\0".join(texts).encode("utf-8")).hexdigest()


def _key_of(zh_text, zh_spans, en_text, en_spans, zh, en) -> str:
    import hashlib

    texts = [zh_text[slice(*zh_spans[i])] for i in zh] + [en_text[slice(*en_spans[i])] for i in en]
    return hashlib.sha1("\0".join(texts).encode("utf-8")).hexdigest()


def _apply_edits(beads, edits, zh_text, zh_spans, en_text, en_spans) -> list[Pair]:
    """Pairs from the aligner's beads with the user's edits applied in order.

    An edit whose sentences no longer read as when it was made (the text
    changed) is skipped rather than applied to the wrong sentences.
    """
    work = [[tuple(b[0]), tuple(b[1]), float(b[2]), float(b[3]), False] for b in beads]
    for op, zh, en, key in edits:
        ids = [(p[0][0] if p[0] else -1, p[1][0] if p[1] else -1) for p in work]
        if op == "merge":
            if (zh, en) not in ids:
                continue
            i = ids.index((zh, en))
            if i + 1 >= len(work):
                continue
            a, b = work[i], work[i + 1]
            if _key_of(zh_text, zh_spans, en_text, en_spans, a[0] + b[0], a[1] + b[1]) != key:
                continue
            work[i : i + 2] = [[a[0] + b[0], a[1] + b[1], a[2] + b[2], 1.0, True]]
        elif op == "split":
            i = next((k for k, p in enumerate(work) if (zh >= 0 and zh in p[0]) or (zh < 0 and en in p[1])), None)
            if i is None:
                continue
            p = work[i]
            if _key_of(zh_text, zh_spans, en_text, en_spans, p[0], p[1]) != key:
                continue
            zc = p[0].index(zh) if zh in p[0] else len(p[0])
            ec = p[1].index(en) if en in p[1] else len(p[1])
            first, second = (p[0][:zc], p[1][:ec]), (p[0][zc:], p[1][ec:])
            if not any(first) or not any(second):
                continue
            work[i : i + 1] = [[*first, p[2], 1.0, True], [*second, p[2], 1.0, True]]
    return [Pair(i, w[0], w[1], w[2], w[3], w[4]) for i, w in enumerate(work)]

