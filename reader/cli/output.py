"""Printing safely in every locale: file names that are not UTF-8, text the terminal cannot show.

Python hands a file name that is not UTF-8 over as a ``str`` with lone
surrogates (U+DC80–U+DCFF, one per undecodable byte); a strict stdout refuses
to print them, and a locale such as ``LC_ALL=C`` with
``PYTHONIOENCODING=ascii`` refuses Chinese too.  :func:`setup_streams` makes
stdout and stderr print such a byte as ``\\xff`` and any character the encoding
lacks as ``\\u4e2d``; :func:`dump_json` keeps JSON valid in the same cases
(``\\udcff`` escapes, which ``json.loads`` then ``os.fsencode`` turn back into
the original bytes).
"""

from __future__ import annotations

import codecs
import json
import re
import sys
from typing import Any, TextIO

#: The codec error handler :func:`setup_streams` installs on stdout and stderr.
ERRORS = "duizhao.escape"

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: Encodings that can write every character (JSON then keeps the text readable, not \u-escaped).
_UNICODE_CODECS = {"utf-8", "utf-16", "utf-32", "gb18030", "utf-8-sig"}


def _escape(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start:error.end]:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")  # an undecodable byte of a file name
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out), error.end


codecs.register_error(ERRORS, _escape)


def setup_streams() -> None:
    """Make stdout and stderr escape what their encoding cannot write instead of failing."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:  # a real text stream (tests may swap in another object)
            try:
                reconfigure(errors=ERRORS)
            except (ValueError, OSError):
                pass


def one_line(message: str) -> str:
    """``message`` as one printable line: line breaks and other control characters escaped."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), message)


def _writes_unicode(stream: TextIO) -> bool:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name in _UNICODE_CODECS
    except LookupError:
        return False


def dumps(value: Any, stream: TextIO | None = None, **options) -> str:
    """JSON text of ``value`` that ``stream`` can always write, lone surrogates written as ``\\udcXX``."""
    stream = sys.stdout if stream is None else stream
    if not _writes_unicode(stream):
        return json.dumps(value, ensure_ascii=True, **options)
    text = json.dumps(value, ensure_ascii=False, **options)
    # json leaves lone surrogates as they are with ensure_ascii=False; they only occur inside strings
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dump_json(value: Any, stream: TextIO | None = None, **options) -> None:
    """Write :func:`dumps` of ``value`` and a line break to ``stream`` (stdout)."""
    stream = sys.stdout if stream is None else stream
    stream.write(dumps(value, stream, **options) + "\n")
