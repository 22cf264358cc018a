"""File names as the database keeps them: any name the system gives, UTF-8 or not.

Python gives a file name that is not UTF-8 as a ``str`` with surrogate escapes
(``os.fsdecode(b"caf\\xe9.txt")`` is ``"caf\\udce9.txt"``), which SQLite cannot
store as text.  Such a name is kept as ``bytes:`` and its percent-encoded bytes
(no stored path starts so: they are absolute), every other one as itself, so
existing databases read unchanged.  Plain functions (no peewee): the window's
first read (:mod:`reader.store.peek`) looks paths up the same way.
"""

from __future__ import annotations

import os
from urllib.parse import quote_from_bytes, unquote_to_bytes

_PREFIX = "bytes:"


def to_db(path: str) -> str:
    """The text stored for the file name ``path``."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte: keep what can be kept
        raw = path.encode("utf-8", "surrogatepass")
    return _PREFIX + quote_from_bytes(raw, safe="/\\:")


def from_db(text: str) -> str:
    """The file name (as Python and the system give it) that :func:`to_db` stored as ``text``."""
    if text.startswith(_PREFIX):
        return os.fsdecode(unquote_to_bytes(text[len(_PREFIX):]))
    return text
