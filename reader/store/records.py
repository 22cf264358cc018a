"""Plain, immutable records the store and the facade return (never peewee rows)."""

from __future__ import annotations

from dataclasses import dataclass

SIDES = ("zh", "en")
WORD_STATUSES = ("new", "learning", "known")
ANCHOR_STATUSES = ("exact", "fuzzy", "orphan")


@dataclass(frozen=True)
class ArticleInfo:
    """One article as the library view shows it."""

    id: int
    title: str | None
    date: str | None
    author: str | None
    site: str | None
    source_url: str | None
    paths: tuple[str, ...]
    encoding: str | None
    added_at: str
    opened_at: str | None
    annotation_count: int
    word_count: int
    known_ratio: float | None
    has_english: bool
    position: int
    en_title: str | None = None  # the English version's own title, when it has one


@dataclass(frozen=True)
class Annotation:
    """A highlight or note; ``start``/``end`` are code points in its side's text."""

    uuid: str
    article_id: int
    side: str
    start: int
    end: int
    quote: str
    note: str | None
    color: str | None
    tags: tuple[str, ...]
    status: str  # "exact" | "fuzzy" | "orphan" (orphan: needs review)
    score: float
    created_at: str
    updated_at: str
    deleted: bool
    anki_guid: str | None
    # beyond the facade contract: what exports and the Anki export need
    prefix: str = ""
    suffix: str = ""
    style: str = "highlight"
    exported_at: str | None = None


@dataclass(frozen=True)
class Word:
    """A vocabulary item with the sentence it was saved from."""

    id: int
    simplified: str
    traditional: str
    pinyin: str
    senses: tuple[str, ...]
    status: str  # "new" | "learning" | "known"
    sentence: str
    sentence_en: str
    article_id: int | None
    article_title: str | None
    created_at: str
    updated_at: str
    uuid: str = ""
    exported_at: str | None = None  # when its Anki word note was last exported
    sentence_exported_at: str | None = None  # when its sentence (cloze) note was


@dataclass(frozen=True)
class SearchHit:
    """One search result."""

    kind: str  # "article" | "annotation" | "word"
    article_id: int | None
    ref: str | int | None  # annotation uuid / word id / None
    title: str | None
    snippet: str
