"""The public Python API of Duizhao: what the UI and the command line use.

:class:`Library` ties the parts together: ingest (files → paragraphs), the
text core (sentences, words, pinyin), the aligner (Chinese ↔ English
sentence pairs, :mod:`reader.align.pairs`) and the store (SQLite).  It returns
plain frozen dataclasses, never database rows.

Which stored article a file is: :mod:`reader.articles`.  Alignment beads and the analysis are stored and reused while
nothing they depend on changed (:mod:`reader.store.analysis_cache`; with ``analyse_apart`` a child process makes
them: :mod:`reader.store.analysis_child`); alignment edits and segmentation fixes are re-applied at every build.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reader import articles, learning, paths
from reader.align.english import en_sentence_spans
from reader.align.pairs import Pair, WordLink, align_beads, alignment_key, apply_edits, edit_key, pair_id, split_point
from reader.align.pairs import word_links as pair_word_links
from reader.errors import InputError
from reader.export import changes
from reader.learning import StudySentence, WordInfo
from reader.store import analysis_child, learner
from reader.store.learner import StatusChanges
from reader.store.records import Annotation, ArticleInfo, SearchHit, Word
from reader.store.store import Store, now

if TYPE_CHECKING:
    # The text core (pypinyin, the dictionary), ingest and the exports load when first used:
    # reopening a stored article needs no ingest, and no command needs every part.
    from reader.export.anki import ExportResult
    from reader.ingest.texts import ReadTexts
    from reader.text.analysis import AnalyzedText
    from reader.text.dictionary import Match
    from reader.text.difficulty import ArticleStats, NewWord

__all__ = ["Annotation", "ArticleInfo", "ArticleView", "Library", "Pair", "SearchHit", "Word", "WordLink"]

Progress = Callable[[float, str], None]
_UNCHANGED: Any = ...


@dataclass(frozen=True)
class ArticleView:
    """Everything the reader shows for one article."""

    info: ArticleInfo
    zh: AnalyzedText
    en_text: str
    en_sentences: tuple[tuple[int, int], ...]
    pairs: tuple[Pair, ...]
    pair_of_zh: dict[int, int] = field(default_factory=dict)  # zh sentence index -> pair index
    pair_of_en: dict[int, int] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return self.info.id

    @property
    def zh_sentences(self) -> tuple[tuple[int, int], ...]:
        """The Chinese sentence spans (as ``en_sentences``)."""
        return tuple((s.start, s.end) for s in self.zh.sentences)


def _no_progress(fraction: float, message: str) -> None:
    pass


class Library:
    """The user's library: articles, annotations, vocabulary, settings (one SQLite file)."""

    def __init__(self, path: str | os.PathLike | None = None, **store_options: bool):
        """``store_options`` (:class:`Store`'s): ``set_aside_damaged``, ``quick_check`` (both the window's)."""
        self._store = Store(paths.default_db_path() if path is None else path, **store_options)
        #: One-line messages for the user (a damaged database set aside, annotations needing review...).
        self.notices: list[str] = self._store.notices
        self._views: articles.ViewCache[ArticleView] = articles.ViewCache()
        #: True: a text without a current stored analysis is analysed and aligned by a child process (the window)
        self.analyse_apart = False

    @property
    def path(self) -> str:
        return self._store.path

    @property
    def read_only(self) -> bool:
        """True when nothing can be saved: the database could not be written when opened (a notice says why)."""
        return self._store.read_only

    def check_search_index(self) -> list[str]:
        """Finish the search-index check that opening does within a time budget; the notices it adds.

        For a worker thread once the window is idle (a large library's index takes a second or more).
        """
        return self._store.check_search_index()

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Library:
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
        ``read``: what :func:`reader.ingest.texts.read_texts` returned for the same files (not read again).  A file
        unchanged since it was last read (:func:`reader.ingest.texts.file_stamp`) is not read: its stored article.
        """
        from reader.ingest import NORMALIZER_VERSION, load_article, texts

        progress = progress or _no_progress
        if read is not None and read.matches(path, english):
            extracted, stamp = read.extracted, read.stamp
        else:  # stamped before it is read: a change made meanwhile is read next time
            stamp = texts.file_stamp(path, english, NORMALIZER_VERSION)
            if (known := articles.unchanged_file(self._store, path, stamp)) is not None:
                return self.article(known)  # the file as it was last read: its stored article, not read again
            progress(0.0, "Reading the article")
            extracted = load_article(path, english)
        zh_text, en_text = "\n".join(extracted.zh), "\n".join(extracted.en)
        if on_text is not None and zh_text.strip():
            on_text(extracted.title or "", zh_text, en_text)
        meta = dict(title=extracted.title or None, date=extracted.date, author=extracted.author, site=extracted.site,
                    source_url=extracted.source_url, encoding=extracted.encoding, en_title=extracted.en_title)
        file = str(Path(path).resolve())
        return self._store_article(zh_text, en_text, meta, extracted.normalizer_version, file,
                                   tuple(extracted.pairs), progress, stamp)

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
                                   _no_progress, "")

    def add_english(self, article_id: int, path=None, text: str | None = None,
                    progress: Progress | None = None) -> ArticleView:
        """Give an article its English version (a file or pasted text), replacing any before."""
        from reader.ingest import load_english

        progress = progress or _no_progress
        row = self._store.article_row(article_id)
        progress(0.0, "Reading the English text")
        en_text = "\n".join(load_english(path=path, text=text))
        before = articles.replace_english(self._store, article_id, row.en_text, en_text)
        self._views.forget(article_id)
        view = self._build_view(article_id, progress)
        changes.touch_changed_cards(self._store, article_id, before)
        return view

    def _store_article(self, zh_text, en_text, meta, normalizer_version, file, pairs, progress, stamp) -> ArticleView:
        article_id, before = articles.store_texts(self._store, self.notices, zh_text, en_text, meta,
                                                  normalizer_version, file, self.analyse_apart, stamp)
        self._views.forget(article_id)
        view = self._build_view(article_id, progress, paragraph_pairs=pairs, mark_opened=True)
        changes.touch_changed_cards(self._store, article_id, before)
        if self._store.article_row(article_id).vocab in ("", "{}"):
            self._store_vocab(view)
        return view

    def _store_vocab(self, view: ArticleView) -> None:
        """Remember the article's word counts (for the share of known words in the library view)."""
        # the words reader.text.difficulty counts, and which analysis they were counted from (stale ones are seen)
        learning.store_counts(self._store, view)

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
        self._views.forget(article_id)

    def set_position(self, article_id: int, sentence_index: int) -> None:
        self._store.article_row(article_id)
        self._store.update_article(article_id, position=max(0, int(sentence_index)))

    def article_text(self, article_id: int | None = None, *, path=None) -> tuple[int, str, str, str] | None:
        """``(id, title, zh_text, en_text)`` of a stored article, by id or by a path it was opened from.

        One cheap query, no analysis: the window shows this at once while the
        article is rebuilt in the background.  None when nothing is stored.
        """
        return articles.stored_text(self._store, article_id, path)

    # -- building a view -----------------------------------------------------

    def _build_view(self, article_id: int, progress: Progress, paragraph_pairs=(), mark_opened=False) -> ArticleView:
        from reader.store.analysis_cache import analysed

        row = self._store.article_row(article_id)
        if mark_opened:
            self._store.update_article(article_id, opened_at=now())
        cached = self._views.get(article_id)
        if cached is not None and cached.zh.text == row.zh_text and cached.en_text == row.en_text:
            zh = cached.zh
        else:  # stored with the article while nothing it depends on changed (reader.store.analysis_cache)
            if self.analyse_apart and analysis_child.built_apart(self._store, article_id, row.zh_text,
                                                                 row.normalizer_version, paragraph_pairs, progress):
                row = self._store.article_row(article_id)  # with the child's alignment
            zh = analysed(self._store, article_id, row.zh_text, row.normalizer_version, progress)
        zh_spans = [(s.start, s.end) for s in zh.sentences]
        en_spans = en_sentence_spans(row.en_text) if row.en_text else []
        key = alignment_key(zh_spans, en_spans)
        beads: Sequence[Sequence]
        if row.align_key == key:
            beads = [tuple(b) for b in json.loads(row.beads)]
        else:
            progress(0.5, "Aligning the sentences")
            beads = align_beads(row.zh_text, zh_spans, row.en_text, en_spans, paragraph_pairs)
            self._store.update_article(article_id, beads=json.dumps(beads), align_key=key)
        pairs = apply_edits(beads, self._store.align_edits(article_id), row.zh_text, zh_spans, row.en_text, en_spans)
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
        self._views.put(view.id, view)
        return view

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
        zh, en = pair_id(a)
        return self._edit_alignment(view, "merge", zh, en, a.zh + b.zh, a.en + b.en)

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
        cut = split_point(pair, zh_starts, en_starts, zh_at, en_at)
        if cut is None:
            raise InputError("cannot split there: one part would be empty")
        return self._edit_alignment(view, "split", *cut, pair.zh, pair.en)

    def _edit_alignment(self, view: ArticleView, op: str, zh: int, en: int, zh_sentences: Sequence[int],
                        en_sentences: Sequence[int]) -> ArticleView:
        key = edit_key(view.zh.text, view.zh_sentences, view.en_text, view.en_sentences, zh_sentences, en_sentences)
        before = changes.card_texts(self._store, view.id)
        self._store.add_align_edit(view.id, op, zh, en, key)
        self._views.forget(view.id)
        view = self._build_view(view.id, _no_progress)
        changes.touch_changed_cards(self._store, view.id, before)
        return view

    def word_links(self, article_id: int, pair_index: int) -> list[WordLink]:
        """Which Chinese words of a pair translate which English words (article offsets)."""
        view = self._view(article_id)
        if not 0 <= pair_index < len(view.pairs):
            raise InputError(f"no pair {pair_index}")
        pair, zh = view.pairs[pair_index], view.zh  # the pair's own tokens: a hover segments nothing
        tokens = zh.tokens[zh.sentences[pair.zh[0]].first_token : zh.sentences[pair.zh[-1]].last_token] if pair.zh else ()
        return pair_word_links(zh.base, view.zh_sentences, view.en_text, view.en_sentences, pair, tokens)

    # -- segmentation fixes ------------------------------------------------------

    def merge_words(self, article_id: int, start: int, end: int, everywhere: bool = False) -> ArticleView:
        """Keep ``zh[start:end]`` as one word (in this article, or everywhere)."""
        from reader.text.analysis import merge_fix

        word = merge_fix(self._view(article_id).zh, start, end)
        self._store.add_seg_fix("merge", word, 0, None if everywhere else article_id)
        return self._refresh_after_fix(article_id, everywhere)

    def split_word(self, article_id: int, start: int, at: int, everywhere: bool = False) -> ArticleView:
        """Split the word starting at ``start`` before code point ``at``."""
        from reader.text.analysis import split_fix

        word, index = split_fix(self._view(article_id).zh, start, at)
        self._store.add_seg_fix("split", word, index, None if everywhere else article_id)
        return self._refresh_after_fix(article_id, everywhere)

    def _refresh_after_fix(self, article_id: int, everywhere: bool) -> ArticleView:
        self._views.forget(None if everywhere else article_id)
        view = self._build_view(article_id, _no_progress)
        self._store_vocab(view)
        return view

    # -- dictionary ------------------------------------------------------------

    def lookup(self, text: str, pos: int) -> list[Match]:
        """Every dictionary headword starting at ``text[pos]``, longest first."""
        from reader.text.glossing import lookup

        return lookup(text, pos)

    # -- annotations -----------------------------------------------------------

    def add_annotation(self, article_id: int, side: str, start: int, end: int, note: str | None = None,
                       color: str | None = None, tags: Sequence[str] = ()) -> Annotation:
        """Highlight ``start..end`` of one side of an article; saved at once."""
        text, spans = articles.side_text(self._store, article_id, side)
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
        text, spans = articles.side_text(self._store, ann.article_id, ann.side)
        return self._store.reattach_annotation(uuid, text, start, end, spans)

    def annotations(self, article_id: int | None = None, include_deleted: bool = False) -> list[Annotation]:
        """Annotations in document order (Chinese side first)."""
        return self._store.annotations(article_id, include_deleted)

    # -- vocabulary ------------------------------------------------------------

    def save_word(self, article_id: int, start: int, end: int, senses: Sequence[str] | None = None,
                  status: str = "new") -> Word:
        """Save ``zh[start:end]`` with its sentence and the aligned English sentence."""
        from reader.text.glossing import word_reading

        view = self._view(article_id)
        zh = view.zh
        if not 0 <= start < end <= len(zh.text) or not zh.text[start:end].strip():
            raise InputError(f"no word at {start}..{end}")
        reading = word_reading(zh, start, end, senses)
        sentence = zh.sentence_at(start)
        sentence_en = ""
        if sentence is not None and sentence.index in view.pair_of_zh:
            pair = view.pairs[view.pair_of_zh[sentence.index]]
            sentence_en = " ".join(view.en_text[a:b] for a, b in (view.en_sentences[i] for i in pair.en))
        return self._store.save_word(
            reading.simplified, traditional=reading.traditional, pinyin=reading.pinyin, senses=reading.senses,
            status=status, sentence=sentence.text if sentence else "", sentence_en=sentence_en,
            article_id=article_id,
        )

    def words(self, article_id: int | None = None, status: str | None = None, query: str | None = None) -> list[Word]:
        return self._store.words(article_id, status, query)

    def set_word_status(self, word_id: int, status: str) -> Word:
        return self._store.set_word_status(word_id, status)

    def delete_word(self, word_id: int) -> None:
        self._store.delete_word(word_id)

    def known_words(self) -> frozenset[str]:
        return self._store.known_words()

    # -- the learner: every word's status, seeding, article figures (reader.learning) -------

    def word_statuses(self) -> dict[str, str]:
        """The status of every word that has one (saved or not); any other word is "new"."""
        return learner.statuses(self._store)

    def set_word_statuses(self, changes: dict[str, str]) -> StatusChanges:
        """Give words (simplified) a status: new, learning, known, ignored; what changed, for undo."""
        return learner.set_statuses(self._store, changes)

    def undo_statuses(self, changes: StatusChanges) -> None:
        """Put back what :meth:`set_word_statuses`, :meth:`mark_rest_known` or :meth:`seed_known` changed."""
        learner.restore(self._store, changes)

    def mark_rest_known(self, article_id: int) -> StatusChanges:
        """Every word of the article still "new" becomes known (one change: :meth:`undo_statuses`)."""
        return learning.mark_rest_known(self._store, self._view(article_id))

    def seed_known(self, **source) -> StatusChanges:
        """Mark known ``hsk=N`` (``hsk_version``), ``top=N``, ``file=PATH`` or ``anki=PATH`` (``field``)."""
        return learning.seed(self._store, **source)

    def article_stats(self, article_id: int) -> ArticleStats:
        """% known (running words), unknown words, HSK profile, estimated difficulty."""
        return learning.stats(self._store, self._view(article_id))

    def article_figures(self) -> dict[int, ArticleStats]:
        """Every article's figures from its stored word counts (the library view; nothing is analysed)."""
        return learning.library_stats(self._store)

    def article_new_words(self, article_id: int) -> list[NewWord]:
        return learning.new_words(self._store, self._view(article_id))

    def study_sentences(self, article_id: int) -> list[StudySentence]:
        """Sentences with exactly one unknown word, with their English partner."""
        return learning.study_sentences(self._store, self._view(article_id))

    def word_info(self, article_id: int, pos: int) -> WordInfo:
        """The popup's status, frequency rank, HSK and senses (the one the English uses first) at ``pos``."""
        return learning.word_info(self._store, self._view(article_id), pos, lambda i: self.word_links(article_id, i))

    # -- search, settings ------------------------------------------------------

    def search(self, query: str) -> list[SearchHit]:
        """Articles, annotations and words: Chinese substrings, English words, toneless pinyin."""
        return self._store.search(query)

    def get_setting(self, key: str, default=None):
        return self._store.get_setting(key, default)

    def set_setting(self, key: str, value) -> None:
        self._store.set_setting(key, value)

    # -- exports (reader.export.store_io reads the store for the writers; genanki loads then) --------

    def partner_text(self, annotation: Annotation) -> str:
        """The sentence(s) in the other language aligned with an annotation's sentence(s)."""
        return changes.partner_texts(self._store, [annotation])[annotation.uuid]

    def partner_texts(self, annotations: Sequence[Annotation]) -> dict[str, str]:
        """:meth:`partner_text` of many annotations, by uuid (each article's alignment is read once)."""
        return changes.partner_texts(self._store, annotations)

    def export_annotations(self, fmt: str, path, article_id: int | None = None) -> Path:
        """Write annotations as Markdown (``md``), ``csv`` or W3C Web Annotation ``json``."""
        from reader.export import store_io

        return store_io.export_annotations(self._store, fmt, Path(path), article_id)

    def import_annotations(self, path) -> int:
        """Read W3C Web Annotation JSON written by :meth:`export_annotations`; returns how many were new."""
        from reader.export import store_io

        return store_io.import_annotations(self._store, Path(path), self.notices)

    def export_anki(self, path, *, article_id: int | None = None, words: bool = True, sentences: bool = True,
                    passages: bool = True, changed_only: bool = False, tsv: bool = False,
                    deck_per_article: bool = False, audio: bool = False) -> ExportResult:
        """Write words, sentence clozes and passages for Anki (``.apkg``, or ``.tsv``); returns an ExportResult.

        Notes keep their identity (GUIDs from uuids), so re-importing updates them;
        ``changed_only`` skips items not edited since their last export; ``audio``
        puts word and sentence audio (reader.speech) in the package.
        """
        from reader.export import store_io

        return store_io.export_anki(self._store, path, article_id=article_id, words=words, sentences=sentences,
                                    passages=passages, changed_only=changed_only, tsv=tsv,
                                    deck_per_article=deck_per_article, audio=audio)

    def send_anki(self, sync, **options):
        """Send words, clozes and passages to a running Anki (an ``ankiconnect.AnkiSync``); returns a SendResult.

        Options as ``reader.export.ankiconnect.send_library`` (``word_ids``, ``annotation_uuids``, ``audio`` ...).
        """
        from reader.export.ankiconnect import send_library

        return send_library(self, sync, **options)
