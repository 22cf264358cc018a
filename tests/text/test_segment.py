"""Segmentation: every Han character in a glossable token; offsets tile the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.text.dictionary import get_dictionary
from reader.text.segment import SegmentationFixes, segment


def words(text, fixes=None):
    return [t.text for t in segment(text, fixes)]


def test_tokens_tile_the_text_with_kinds():
    text = "他在银行工作 Hello, world 3.5万元！"
    tokens = segment(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)
    kinds = {t.text: t.kind for t in tokens}
    assert kinds["银行"] == "han" and kinds["Hello"] == "latin" and kinds["3.5"] == "number"
    assert kinds["！"] == "punct" and kinds[" "] == "space"


@pytest.mark.parametrize(
    "text, letters, han",
    [("σ是距离", "σ", "是"), ("①褚氏", "①", "褚氏"), ("嚓ーー哦", "ーー", "哦"), ("ε等于", "ε", "等于")],
)
def test_letters_before_han_do_not_swallow_it(text, letters, han):
    """A Greek or Japanese letter or a circled number is its own token: the Han after it is read."""
    tokens = segment(text)
    assert any(t.text == letters and t.kind != "han" for t in tokens)
    assert han in [t.text for t in tokens if t.kind == "han"]


def test_every_han_character_of_the_seed_has_a_gloss(seed_zh_body):
    d = get_dictionary()
    for token in segment(seed_zh_body):
        if token.kind == "han" and not token.name:
            assert d.entries(token.text), token


def test_non_headwords_are_split_by_longest_match(seed_zh_body):
    # rjieba knows 党支部; CC-CEDICT does not: it becomes 党 + 支部
    assert "党支部" not in get_dictionary()
    ws = words("隔离人员临时党支部")
    assert ws[-2:] == ["党", "支部"]
    assert "都城" in words("一米锦江都城酒店")


def test_personal_names_stay_whole():
    tokens = segment("党员干警曲玉国,他和退休党员张传兴")
    names = [t.text for t in tokens if t.name]
    assert names == ["曲玉国", "张传兴"]


def test_dictionary_words_beat_their_parts():
    assert "考中" in words("他考中了状元")


@pytest.mark.parametrize(
    "text, fixes, expected",
    [
        ("我去银行", SegmentationFixes(splits=frozenset({("银行", 1)})), ["我", "去", "银", "行"]),
        ("我去银行", SegmentationFixes(merges=frozenset({"去银"})), ["我", "去银", "行"]),
        ("一肩挑", SegmentationFixes(merges=frozenset({"一肩挑"})), ["一肩挑"]),
    ],
)
def test_user_fixes(text, fixes, expected):
    assert words(text, fixes) == expected


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("银行长还钱了𠮷中国人 abc12.,。！“”\n\t")) | st.characters(), max_size=60))
def test_tokens_always_tile_any_text(text):
    tokens = segment(text)
    assert "".join(t.text for t in tokens) == text
    pos = 0
    for t in tokens:
        assert t.start == pos and t.end == pos + len(t.text)
        pos = t.end
