"""Files → articles: saved web pages (.html/.mhtml) and text files, Chinese with optional English.

Public API::

    load_article(path, english=None) -> Extracted
    load_english(path=None, text=None) -> tuple[str, ...]
    preview_article(path, english=None) -> Extracted | None   (a long text file's beginning)
    find_english_sibling(path) -> Path | None
    read_plain_text(path) -> str | None   (a text file whole, for gloss)
    normalize_text(text) -> str;  NORMALIZER_VERSION

Nothing on a page is executed or fetched; bad input raises
:class:`reader.errors.InputError`.
"""

from reader.ingest.loader import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    Extracted,
    find_english_sibling,
    load_article,
    load_english,
    preview_article,
    read_plain_text,
)
from reader.ingest.normalize import NORMALIZER_VERSION, normalize_text

__all__ = [
    "Extracted",
    "MAX_FILE_BYTES",
    "NORMALIZER_VERSION",
    "SUPPORTED_SUFFIXES",
    "find_english_sibling",
    "load_article",
    "load_english",
    "normalize_text",
    "preview_article",
    "read_plain_text",
]
