"""Which stored article a text is, how a changed text takes its place, its stored texts (for :mod:`reader.library`).

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

Each function returns what the article's annotations' Anki notes showed
before a text changed (:func:`reader.export.changes.card_texts`), for the
caller to compare once the article is rebuilt.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Generic, TypeVar

from reader.align.english import en_sentence_spans
from reader.errors import InputError, NoChineseText
from reader.export.changes import CardTexts, card_texts
from reader.store.store import Store
from reader.text.sentences import zh_sentence_spans

V = TypeVar("V")


def content_hash(zh_text: str, normalizer_version) -> str:
    """The identity of an article: its normalised Chinese text and the normaliser version."""
    return hashlib.sha256(f"{normalizer_version}\0{zh_text}".encode()).hexdigest()


def reanchor(store: Store, article_id: int, side: str, text: str, old_text: str | None) -> dict[str, int]:
    """Move one side's annotations onto its new ``text``; how many are exact, fuzzy, orphan."""
    spans = zh_sentence_spans(text) if side == "zh" else en_sentence_spans(text)
    return store.reanchor(article_id, side, text, spans, old_text or None)


def replace_english(store: Store, article_id: int, old_en_text: str, en_text: str) -> CardTexts:
    """Give an article a new English text (its alignment is redone when it is next built)."""
    if en_text == old_en_text:
        return {}
    before = card_texts(store, article_id)
    store.update_article(article_id, en_text=en_text, beads="[]", align_key="")
    reanchor(store, article_id, "en", en_text, old_en_text)
    return before


def unchanged_file(store: Store, path, stamp: str) -> int | None:
    """The stored article ``path`` was read into, when the file is as it was then; None otherwise.

    ``stamp``: the file's :func:`reader.ingest.texts.file_stamp` now.
    """
    recorded = store.path_stamp(str(Path(path).resolve()))
    if recorded is None or not recorded[1] or recorded[1] != stamp:
        return None
    return recorded[0]


def store_texts(store: Store, notices: list[str], zh_text: str, en_text: str, meta: dict, normalizer_version,
                file: str | None, pinyin_later: bool = False, stamp: str = "") -> tuple[int, CardTexts]:
    """Store an article's texts (new, known, or a known file changed); its id and the card texts before.

    ``pinyin_later``: a new text's search key is left for where it is analysed
    (:func:`reader.store.analysis_child.built_apart` fills it), not read here.
    ``stamp``: the file's :func:`reader.ingest.texts.file_stamp` taken before it was read (kept with the path).
    """
    later = {"pinyin": ""} if pinyin_later else {}
    if not zh_text.strip():
        raise NoChineseText("the article has no Chinese text")
    digest = content_hash(zh_text, normalizer_version)
    row = store.article_by_hash(digest)
    before: CardTexts = {}
    if row is not None:
        article_id = row.id
        if en_text:  # English given (or changed) for a known article
            before = replace_english(store, article_id, row.en_text, en_text)
        missing = {k: v for k, v in meta.items() if v and not getattr(row, k, None)}
        if missing:
            store.update_article(row.id, **missing)
    elif (old := store.article_by_path(file) if file else None) is not None:
        article_id = old.id
        before = card_texts(store, article_id)
        fields = dict(meta, content_hash=digest, normalizer_version=str(normalizer_version),
                      zh_text=zh_text, beads="[]", align_key="", vocab="{}", **later)
        if en_text or not old.en_text:
            fields["en_text"] = en_text
        store.update_article(article_id, **{k: v for k, v in fields.items() if v is not None})
        counts = reanchor(store, article_id, "zh", zh_text, old.zh_text)
        if en_text and en_text != old.en_text:
            en_counts = reanchor(store, article_id, "en", en_text, old.en_text)
            counts = {k: counts[k] + en_counts[k] for k in counts}
        if sum(counts.values()):
            notices.append(
                f"{Path(str(file)).name} changed since it was last opened: {counts['exact']} annotation(s) kept, "
                f"{counts['fuzzy']} moved to a similar text, {counts['orphan']} need review."
            )
    else:
        article_id = store.insert_article(
            content_hash=digest, normalizer_version=str(normalizer_version), zh_text=zh_text,
            en_text=en_text, **{k: v for k, v in meta.items() if v is not None}, **later,
        )
    if file:
        store.record_path(article_id, file, stamp)
    return article_id, before


def stored_text(store: Store, article_id: int | None = None, path=None) -> tuple[int, str, str, str] | None:
    """``(id, title, zh_text, en_text)`` of a stored article, by a path it was opened from or by id; None if none."""
    row = None
    if path is not None:
        row = store.article_by_path(str(Path(path).resolve()))
    elif article_id is not None:
        try:
            row = store.article_row(article_id)
        except InputError:
            pass
    if row is None:
        return None
    return row.id, row.title or "", row.zh_text or "", row.en_text or ""


def side_text(store: Store, article_id: int, side: str) -> tuple[str, list[tuple[int, int]]]:
    """One side's text and its sentence spans (what annotations are anchored in)."""
    row = store.article_row(article_id)
    if side == "zh":
        return row.zh_text, zh_sentence_spans(row.zh_text)
    if side == "en":
        return row.en_text, en_sentence_spans(row.en_text) if row.en_text else []
    raise InputError(f"side must be 'zh' or 'en', not {side!r}")


class ViewCache(Generic[V]):
    """A few recently built views by article id, oldest dropped first; every access under one lock."""

    def __init__(self, kept: int = 8) -> None:
        self._views: dict[int, V] = {}
        self._kept = kept
        self._lock = threading.Lock()  # the UI builds views on worker threads

    def get(self, article_id: int) -> V | None:
        with self._lock:
            return self._views.get(article_id)

    def put(self, article_id: int, view: V) -> None:
        with self._lock:
            self._views.pop(article_id, None)
            self._views[article_id] = view
            while len(self._views) > self._kept:
                self._views.pop(next(iter(self._views)))

    def forget(self, article_id: int | None = None) -> None:
        """Drop one article's view (all of them with None): its text, alignment or words changed."""
        with self._lock:
            if article_id is None:
                self._views.clear()
            else:
                self._views.pop(article_id, None)
