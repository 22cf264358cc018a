"""Word links inside a pair: Chinese tokens → the English words they translate."""

from __future__ import annotations

import pytest

from reader.align import word_links


def linked(zh: str, en: str) -> dict[str, set[str]]:
    return {zh[a:b]: {en[x:y] for x, y in spans} for a, b, spans in word_links(zh, en)}


def test_names_places_and_dictionary_words(seed_gold):
    pair = seed_gold["pairs"][4]
    links = linked(pair["zh"], pair["en"])
    assert links["曲玉国"] == {"Qu Yuguo"}
    assert links["张传兴"] == {"Zhang Chuanxing"}
    assert "Qiantang" in links["钱塘"]
    assert "retired" in links["退休"]
    assert "Procuratorate" in links["检察院"]


@pytest.mark.parametrize(
    ("zh", "en", "word", "expected"),
    [
        ("下沙街道收到3万份申请。", "Xiasha Street received 30,000 applications.", "3万", {"30,000"}),
        ("2月3日,党工委收到消息。", "On February 3, the committee received a message.", "2月", {"February"}),
        ("他们在银行工作。", "They work at banks.", "银行", {"banks"}),
        ("隔离人员很多。", "Many staff were isolated.", "隔离", {"isolated"}),
        ("銀行很大。", "The bank is big.", "銀行", {"bank"}),
    ],
)
def test_links_table(zh, en, word, expected):
    assert linked(zh, en)[word] == expected


def test_offsets_point_into_the_given_strings(seed_gold):
    for pair in seed_gold["pairs"][:6]:
        zh, en = pair["zh"], pair["en"]
        last = -1
        for a, b, spans in word_links(zh, en):
            assert 0 <= a < b <= len(zh) and a >= last
            last = a
            assert spans
            for x, y in spans:
                assert 0 <= x < y <= len(en) and en[x:y].strip() == en[x:y]


def test_repeated_word_links_the_nearest_occurrence():
    zh = "党员很多。后来党员都走了。"
    en = "There were many members. Later the members all left."
    links = word_links(zh, en)
    first, second = [spans for a, b, spans in links if zh[a:b] == "党员"]
    assert first[0][0] < second[0][0]


@pytest.mark.parametrize(("zh", "en"), [("", ""), ("你好", ""), ("", "Hello"), ("。。。", "...")])
def test_empty_and_trivial_inputs(zh, en):
    assert word_links(zh, en) == []
