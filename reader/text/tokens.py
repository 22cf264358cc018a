"""A token of text (:class:`Token`): what the segmenter cuts and a stored analysis rebuilds.

Apart from :mod:`reader.text.segment` so that reading a stored analysis
(:mod:`reader.text.packed`) needs neither the segmenter nor its patterns.
"""

from __future__ import annotations

from typing import NamedTuple


class Token(NamedTuple):
    """A word or other unit of text: ``text == source[start:end]`` (code points).

    A NamedTuple rather than a frozen dataclass: just as immutable, and
    several times cheaper to build, which matters at a million characters.
    """

    text: str
    start: int
    end: int
    kind: str  # "han" | "latin" | "number" | "punct" | "space" | "other"
    name: bool = False  # a personal name found by rjieba's HMM, not a dictionary word

    @property
    def is_han(self) -> bool:
        return self.kind == "han"
