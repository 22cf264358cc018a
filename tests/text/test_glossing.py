"""reader.text.glossing: a character's entries in the reading its word gives it."""

from __future__ import annotations

import pytest

from reader.text.dictionary import get_dictionary
from reader.text.glossing import reading_first


@pytest.mark.parametrize("char, syllable, first_pinyin, sense", [
    ("离", "li2", "li2", "to leave"),  # CC-CEDICT lists chi1 "mythical beast" first
    ("行", "hang2", "hang2", "row"),  # 银行
    ("行", "xing2", "xing2", "to walk"),  # 行走
    ("长", "zhang3", "zhang3", "chief"),  # 部长
    ("一", "yi2", "yi1", "one"),  # 一个: tone sandhi, the toneless reading next
    ("了", "le5", "le5", "completed action"),
    ("绿", "lv4", "lu:4", "green"),  # pypinyin's v is CC-CEDICT's u:
])
def test_the_reading_of_the_word_comes_first(char, syllable, first_pinyin, sense):
    entries = get_dictionary().entries(char)
    ordered = reading_first(entries, syllable)
    assert sorted(map(id, ordered)) == sorted(map(id, entries)), "nothing dropped"
    assert ordered[0].pinyin_numbers == first_pinyin
    assert any(sense in s for s in ordered[0].senses), ordered[0].senses


def test_the_common_word_before_the_name_of_the_same_reading():
    entries = get_dictionary().entries("李")
    ordered = reading_first(entries, "li3")
    assert [e.pinyin_numbers for e in ordered][:1] == ["li3"]
    assert ordered[-1].pinyin_numbers[:1].isupper() or len(ordered) == 1


def test_without_a_reading_the_order_is_the_dictionarys():
    entries = get_dictionary().entries("离")
    assert reading_first(entries, None) == tuple(entries) and reading_first(entries, "") == tuple(entries)
