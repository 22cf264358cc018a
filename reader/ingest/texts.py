"""A file's clean texts for the window's first open, read before the store and the text core load.

:func:`read_texts` reads a file (and its English version) exactly as
:meth:`reader.library.Library.open_article` does, storing nothing; pass the
result to ``open_article(..., read=...)`` so the files are not read twice.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reader.errors import DuizhaoError
from reader.ingest.loader import Extracted, find_english_sibling, load_article, preview_article
from reader.ingest.normalize import NORMALIZER_VERSION


@dataclass(frozen=True)
class ReadTexts:
    """A file's clean texts, read by :func:`read_texts` (ingest only: no store, no analysis)."""

    title: str  # the article's title ("" when the file has none)
    zh_text: str  # paragraphs joined by "\n", as :meth:`Library.open_article` stores them
    en_text: str
    path: str  # the arguments given, as str: open_article takes this result only for the same files
    english: str | None
    extracted: Any = field(default=None, repr=False, compare=False)  # the Extracted read; None for a preview
    stamp: str = field(default="", compare=False)  # the files' file_stamp taken before they were read

    def matches(self, path, english) -> bool:
        """True if this is the whole reading of these very files (open_article need not read them)."""
        return (self.extracted is not None and self.path == str(path)
                and self.english == (None if english is None else str(english)))


def read_texts(path, english=None) -> ReadTexts:
    """Read a file (and ``english``, or an English sibling) as :meth:`Library.open_article` does, storing nothing.

    Raises :class:`~reader.errors.InputError` like ``open_article``.
    """
    stamp = file_stamp(path, english)
    return replace(_read_texts(load_article(path, english), path, english), stamp=stamp)


def preview_texts(path, english=None) -> ReadTexts | None:
    """The beginning of a long text file's clean texts, for showing at once while :func:`read_texts` reads it all.

    None when there is no such beginning to show (a short file, a web page,
    anything unreadable: :func:`read_texts` then says what is wrong).  Never
    pass it to ``open_article`` (it is not the whole article: its
    ``extracted`` is None, so open_article reads the files itself).
    """
    try:
        extracted = preview_article(path, english)
    except DuizhaoError:
        return None
    if extracted is None:
        return None
    return replace(_read_texts(extracted, path, english), extracted=None)


def _read_texts(extracted: Extracted, path, english) -> ReadTexts:
    return ReadTexts(extracted.title or "", "\n".join(extracted.zh), "\n".join(extracted.en), str(path),
                     None if english is None else str(english), extracted)


def file_stamp(path, english=None, normalizer_version=None) -> str:
    """What reading ``path`` (and ``english``, or its English sibling) depends on: the normaliser, each file's size
    and modification time.  Equal stamps: the file need not be read again (a stale stamp only costs a read).

    Empty when a file cannot be examined (reading it then says why).  ``normalizer_version``: the current one.
    """
    normalizer_version = NORMALIZER_VERSION if normalizer_version is None else normalizer_version
    other = english if english is not None else find_english_sibling(path)
    files = [path] if other is None else [path, other]
    try:
        stats = [(str(Path(f).resolve()), *((s := os.stat(f)).st_size, s.st_mtime_ns)) for f in files]
    except (OSError, ValueError):
        return ""
    return json.dumps([str(normalizer_version), english is None, stats])  # ASCII: a name not UTF-8 too
