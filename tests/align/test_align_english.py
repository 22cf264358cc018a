"""English sentence splitting: abbreviations, numbers, quotes and the seed's damage."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.align import split_english


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_english(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One. Two! Three? Four", ["One.", "Two!", "Three?", "Four"]),
        ("Mr. Smith met Dr. Wu. They talked.", ["Mr. Smith met Dr. Wu.", "They talked."]),
        ("The U.S. economy grew. It was fine.", ["The U.S. economy grew.", "It was fine."]),
        ("It cost $3 in the U.S. She paid.", ["It cost $3 in the U.S.", "She paid."]),
        ("We met at 3 p.m. on Jan. 5 in Room No. 3. Then we left.", ["We met at 3 p.m. on Jan. 5 in Room No. 3.", "Then we left."]),
        ("Growth was 3.5 percent, or 30,000 jobs. Good.", ["Growth was 3.5 percent, or 30,000 jobs.", "Good."]),
        ("J. K. Rowling wrote it. Many read it.", ["J. K. Rowling wrote it.", "Many read it."]),
        ("Wait... What? Well… fine.", ["Wait...", "What?", "Well… fine."]),
        ('"Why?" he asked. "Because."', ['"Why?" he asked.', '"Because."']),
        ("(He left.) Then she came.", ["(He left.)", "Then she came."]),
        ("See www.hangzhou.com.cn for more. Thanks.", ["See www.hangzhou.com.cn for more.", "Thanks."]),
        # The seed's machine translation: lost spaces, a closing quote used to open.
        ("the party branch.They are", ["the party branch.", "They are"]),
        ("their “dual role”.”We 3 isolated", ["their “dual role”.", "”We 3 isolated"]),
        ("”We are communists, even in isolation.”Qu yuguo said.", ["”We are communists, even in isolation.”", "Qu yuguo said."]),
        ("”Please approve!”February 3, the committee", ["”Please approve!”February 3, the committee"]),
        ("in the competition.32 isolation points", ["in the competition.", "32 isolation points"]),
        ("warm services;More than 400 members.", ["warm services;More than 400 members."]),
        ("A title line\nA paragraph. Another one.", ["A title line", "A paragraph.", "Another one."]),
        ("He moved to St. Louis. It rained.", ["He moved to St. Louis.", "It rained."]),
        ("Apple Inc. said so. Shares rose.", ["Apple Inc. said so.", "Shares rose."]),
        ("Use tools, e.g. hammers. Then stop.", ["Use tools, e.g. hammers.", "Then stop."]),
        ("She has a Ph.D. in physics. He does not.", ["She has a Ph.D. in physics.", "He does not."]),
        ("Sales rose 2.5% in Q3. The end.", ["Sales rose 2.5% in Q3.", "The end."]),
        ("“Stop!” he cried. “Now!”", ["“Stop!” he cried.", "“Now!”"]),
        ("He asked, “Why?” Nobody answered.", ["He asked, “Why?”", "Nobody answered."]),
        ("Version 1.2.3 shipped.Users were happy.", ["Version 1.2.3 shipped.", "Users were happy."]),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_split_english(text, expected):
    assert sentences(text) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AB.!?”“\"'()3,\n…")), max_size=60))
def test_spans_are_ordered_trimmed_and_cover_all_non_space_text(text):
    spans = split_english(text)
    last = 0
    for a, b in spans:
        assert last <= a < b <= len(text)
        assert not text[a].isspace() and not text[b - 1].isspace()
        assert text[last:a].strip() == ""
        last = b
    assert text[last:].strip() == ""
