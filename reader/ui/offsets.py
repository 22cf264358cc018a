"""Code-point offsets (the core) <-> document positions (Qt documents).

Python ``str`` indices count code points; ``QTextDocument`` positions count
UTF-16 units, so every character outside the Basic Multilingual Plane (𠮷,
emoji) takes two positions in Qt and one in the core.  A pane may also show
*display-only* characters that are not in the stored text (a space repaired
between two English sentences, a paragraph break where the Chinese starts a
new paragraph); they occupy document positions but no code points.  This is
the only place where the two addressings are converted.  The map is built
once per rendered text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _utf16_len(text: str) -> int:
    return len(text) + len(_ASTRAL.findall(text))


class OffsetMap:
    """Converts between code-point offsets of one text and positions of its rendering.

    ``insertions`` are ``(offset, string)``: ``string`` is shown before
    ``text[offset]`` (see :func:`display_text`).
    """

    __slots__ = ("_astral_cp", "_astral_low", "_length_cp", "_length_utf16", "_ins_offsets", "_ins_before")

    def __init__(self, text: str, insertions: Iterable[tuple[int, str]] = ()) -> None:
        # Code-point indices of astral characters; the common case (none) makes
        # both conversions the identity.
        self._astral_cp = [m.start() for m in _ASTRAL.finditer(text)]
        # UTF-16 index of each astral character's low surrogate (used without insertions).
        self._astral_low = [cp + i + 1 for i, cp in enumerate(self._astral_cp)]
        self._length_cp = len(text)
        merged: dict[int, int] = {}
        for offset, inserted in insertions:
            if inserted and 0 <= offset <= len(text):
                merged[offset] = merged.get(offset, 0) + _utf16_len(inserted)
        self._ins_offsets = sorted(merged)
        # _ins_before[k]: UTF-16 units inserted by the first k insertion points.
        self._ins_before = [0]
        for offset in self._ins_offsets:
            self._ins_before.append(self._ins_before[-1] + merged[offset])
        self._length_utf16 = len(text) + len(self._astral_cp) + self._ins_before[-1]

    @property
    def utf16_length(self) -> int:
        """Length of the rendering in UTF-16 units (display-only characters included)."""
        return self._length_utf16

    @property
    def has_insertions(self) -> bool:
        return bool(self._ins_offsets)

    def to_utf16(self, offset: int, *, as_end: bool = False) -> int:
        """Document position of code-point ``offset`` (clamped to the text).

        By default the position of the character ``text[offset]`` (after any
        display-only characters shown before it); ``as_end`` gives the
        position just after ``text[offset - 1]`` instead (before them), which
        is where a span ending at ``offset`` ends.
        """
        offset = min(max(offset, 0), self._length_cp)
        astral = bisect_left(self._astral_cp, offset) if self._astral_cp else 0
        if not self._ins_offsets:
            return offset + astral
        k = (bisect_left if as_end else bisect_right)(self._ins_offsets, offset)
        return offset + astral + self._ins_before[k]

    def _end_position(self, index: int) -> int:
        """Document position just after character ``index``."""
        return self.to_utf16(index + 1, as_end=True)

    def to_code_point(self, position: int) -> int:
        """Code-point offset of document ``position``.

        The middle of a surrogate pair maps to its character; a position on
        or inside display-only characters maps to the stored character that
        follows them.
        """
        position = min(max(position, 0), self._length_utf16)
        if not self._ins_offsets:
            if not self._astral_cp:
                return position
            return position - bisect_right(self._astral_low, position)
        # The number of characters that end at or before ``position``.
        return bisect_right(range(self._length_cp), position, key=self._end_position)

    def is_display_only(self, position: int) -> bool:
        """True when the document character at ``position`` is not in the stored text."""
        if not self._ins_offsets:
            return False
        offset = self.to_code_point(position)
        if offset >= self._length_cp:
            return position < self._length_utf16
        return position < self.to_utf16(offset)

    def span_to_utf16(self, start: int, end: int) -> tuple[int, int]:
        """A code-point span as a document span (display-only characters at its edges left out)."""
        u_start = self.to_utf16(start)
        return u_start, max(u_start, self.to_utf16(end, as_end=True))

    def span_to_code_points(self, start: int, end: int) -> tuple[int, int]:
        """A document span as a code-point span (an end inside a pair extends over the character)."""
        cp_end = self.to_code_point(end)
        if self.to_utf16(cp_end, as_end=True) < end and not self.is_display_only(end - 1):
            cp_end += 1
        return self.to_code_point(start), cp_end


def display_text(text: str, insertions: Iterable[tuple[int, str]]) -> str:
    """``text`` with the display-only ``insertions`` ``(offset, string)`` put in place."""
    pieces, last = [], 0
    for offset, inserted in sorted(insertions, key=lambda item: item[0]):
        if not inserted or not 0 <= offset <= len(text):
            continue
        pieces.append(text[last:offset])
        pieces.append(inserted)
        last = offset
    pieces.append(text[last:])
    return "".join(pieces)
