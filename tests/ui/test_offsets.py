"""Code points <-> UTF-16: the only conversion between the core and Qt."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.ui.offsets import OffsetMap

CASES = [
    # text, code-point offset, UTF-16 position
    ("银行", 0, 0),
    ("银行", 2, 2),
    ("𠮷野家", 0, 0),
    ("𠮷野家", 1, 2),
    ("𠮷野家", 3, 4),
    ("a😀b😀c", 2, 3),
    ("a😀b😀c", 4, 6),
    ("a😀b😀c", 5, 7),
    ("", 0, 0),
]


@pytest.mark.parametrize("text, offset, position", CASES)
def test_known_offsets(text, offset, position):
    offsets = OffsetMap(text)
    assert offsets.to_utf16(offset) == position
    assert offsets.to_code_point(position) == offset


@pytest.mark.parametrize("text, inside, char", [("𠮷野家", 1, 0), ("a😀b😀c", 4, 3), ("a😀b😀c", 2, 1)])
def test_position_inside_a_surrogate_pair_maps_to_its_character(text, inside, char):
    assert OffsetMap(text).to_code_point(inside) == char


def test_span_ending_inside_a_pair_covers_the_character():
    assert OffsetMap("x𠮷y").span_to_code_points(0, 2) == (0, 2)


def test_out_of_range_is_clamped():
    offsets = OffsetMap("𠮷a")
    assert offsets.to_utf16(99) == 3
    assert offsets.to_code_point(99) == 2
    assert offsets.utf16_length == 3


@given(st.text(alphabet=st.sampled_from("ab中文𠮷😀\n"), max_size=40))
def test_round_trip_matches_python_utf16(text):
    offsets = OffsetMap(text)
    assert offsets.utf16_length == len(text.encode("utf-16-le")) // 2
    for i in range(len(text) + 1):
        position = offsets.to_utf16(i)
        assert position == len(text[:i].encode("utf-16-le")) // 2
        assert offsets.to_code_point(position) == i
