"""Display-only insertions: the English pane's paragraphs and repaired spaces, and their offset tables."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ui.english_layout import english_insertions
from reader.ui.offsets import OffsetMap, display_text


@dataclass(frozen=True)
class P:
    zh: tuple
    en: tuple


TEXT = "One.Two. Three!Four"
SPANS = [(0, 4), (4, 8), (9, 15), (15, 19)]


@pytest.mark.parametrize("pairs, starts, zh_paragraphs, expected", [
    # no Chinese paragraph starts a pair: only the missing spaces are repaired
    ([P((0,), (0,)), P((1,), (1,)), P((2,), (2, 3))], [0], 1, ((4, " "), (15, " "))),
    # the pair of Chinese sentence 1 starts a paragraph: a break before "Two." instead of a space
    ([P((0,), (0,)), P((1,), (1,)), P((2,), (2, 3))], [0, 1], 2, ((4, "\n"), (15, " "))),
    # a break where there already is a space: the space stays, the break is added
    ([P((0,), (0, 1)), P((1,), (2,)), P((2,), (3,))], [0, 1, 2], 3, ((4, " "), (9, "\n"), (15, "\n"))),
    # as many English paragraphs as Chinese: the English keeps its own layout
    ([P((0,), (0,)), P((1,), (1,))], [0, 1], 1, ((4, " "), (15, " "))),
    # a pair without English, or whose English is the first sentence, adds nothing
    ([P((0,), (0,)), P((1,), ())], [0, 1], 2, ((4, " "), (15, " "))),
])
def test_english_insertions(pairs, starts, zh_paragraphs, expected):
    assert english_insertions(TEXT, SPANS, pairs, starts, zh_paragraphs) == expected


def test_existing_line_breaks_are_kept_and_not_doubled():
    text = "A b.\nC d."
    spans = [(0, 4), (5, 9)]
    assert english_insertions(text, spans, [P((0,), (0,)), P((1,), (1,))], [0, 1], 3) == ()


def test_display_text_puts_insertions_in_place():
    assert display_text(TEXT, ((4, "\n"), (15, " "))) == "One.\nTwo. Three! Four"


def _model(text, insertions):
    """Per UTF-16 unit of the display: the stored character index, or None for a display-only unit."""
    units = []
    by_offset = {}
    for offset, s in insertions:
        by_offset.setdefault(offset, []).append(s)
    for i, ch in enumerate(text + "\0"):
        for s in by_offset.get(i, []):
            units += [None] * (len(s.encode("utf-16-le")) // 2)
        if i < len(text):
            units += [i] * (len(ch.encode("utf-16-le")) // 2)
    return units


@given(st.text(alphabet=st.sampled_from("ab.中𠮷😀\n"), max_size=25),
       st.lists(st.tuples(st.integers(0, 25), st.sampled_from([" ", "\n", "  "])), max_size=5))
def test_offsets_with_insertions_match_a_model(text, raw):
    insertions = sorted({(min(o, len(text)), s) for o, s in raw})
    insertions = list({o: (o, s) for o, s in insertions}.values())  # one insertion per offset
    offsets = OffsetMap(text, insertions)
    units = _model(text, insertions)
    shown = display_text(text, insertions)
    assert offsets.utf16_length == len(units) == len(shown.encode("utf-16-le")) // 2
    for i in range(len(text)):
        first = units.index(i)
        assert offsets.to_utf16(i) == first
        assert offsets.to_utf16(i + 1, as_end=True) == max(k for k, u in enumerate(units) if u == i) + 1
    for position in range(len(units) + 1):
        ended = sum(1 for i in range(len(text)) if max(k for k, u in enumerate(units) if u == i) + 1 <= position)
        assert offsets.to_code_point(position) == ended
        if position < len(units):
            assert offsets.is_display_only(position) == (units[position] is None)
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            assert offsets.span_to_code_points(*offsets.span_to_utf16(start, end)) == (start, end)
