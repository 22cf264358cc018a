"""Code-point offsets (the core) <-> UTF-16 positions (Qt documents).

Python ``str`` indices count code points; ``QTextDocument`` positions count
UTF-16 units, so every character outside the Basic Multilingual Plane (𠮷,
emoji) takes two positions in Qt and one in the core.  This is the only place
where the two are converted.  The map is built once per rendered text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


class OffsetMap:
    """Converts between code-point offsets and UTF-16 positions of one text."""

    __slots__ = ("_astral_cp", "_astral_low", "_length_cp", "_length_utf16")

    def __init__(self, text: str) -> None:
        # Code-point indices of astral characters; the common case (none) makes
        # both conversions the identity.
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 index of each astral character's low surrogate.
        self._astral_low = [cp + i + 1 for i, cp in enumerate(self._astral_cp)]
        self._length_cp = len(text)
        self._length_utf16 = len(text) + len(self._astral_cp)

    @property
    def utf16_length(self) -> int:
        """Length of the text in UTF-16 units."""
        return self._length_utf16

    def to_utf16(self, offset: int) -> int:
        """UTF-16 position of code-point ``offset`` (clamped to the text)."""
        offset = min(max(offset, 0), self._length_cp)
        if not self._astral_cp:
            return offset
        return offset + bisect_left(self._astral_cp, offset)

    def to_code_point(self, position: int) -> int:
        """Code-point offset of UTF-16 ``position``; the middle of a surrogate pair maps to its character."""
        position = min(max(position, 0), self._length_utf16)
        if not self._astral_cp:
            return position
        return position - bisect_right(self._astral_low, position)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """A code-point span as a UTF-16 span."""
        return self.to_utf16(start), self.to_utf16(end)

    def span_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        """A UTF-16 span as a code-point span (an end inside a pair extends over the character)."""
        cp_end = self.to_code_point(end)
        if self.to_utf16(cp_end) < end:
            cp_end += 1
        return self.to_code_point(start), cp_end
