"""Numbers written the Chinese and the English way meet on the same keys."""

from __future__ import annotations

import pytest

from reader.align.numbers import en_numbers, zh_numbers


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        ("3万人", "30,000 people"),
        ("三万人", "thirty thousand people"),
        ("2月3日", "February 3"),
        ("九点", "nine o'clock"),
        ("九点", "9 o'clock"),
        ("60后、80后", "the 60s and 80s"),
        ("3.5亿元", "350 million yuan"),
        ("第三次", "the third time"),
        ("二〇二二年", "in 2022"),
        ("400余名", "more than 400"),
        ("十五个", "fifteen"),
        ("两个人", "two people"),
        ("三千五百", "3,500"),
        ("1月5日", "January 5"),
        ("二〇一三年一月", "January 2013"),
        ("四五岁", "four or five years old"),
        ("两三个", "two or three"),
        ("十七八个", "17 or 18"),
        ("三四百人", "300 or 400 people"),
        ("10万亿美元", "10 trillion dollars"),
        ("13亿多人", "a 1.3-billion-plus population"),
        ("六十多年", "six decades"),
        ("五年规划", "the five-year plan"),
    ],
)
def test_same_value_same_key(zh, en):
    assert set(zh_numbers(zh)) == set(en_numbers(en))
    assert zh_numbers(zh)


@pytest.mark.parametrize("text", ["一个人", "one day, a man"])
def test_one_is_no_evidence(text):
    assert zh_numbers(text) == () or en_numbers(text) == ()
    assert not (zh_numbers(text) + en_numbers(text))


def test_may_is_a_month_only_before_a_day():
    assert en_numbers("May 4") == ("m5", "4")
    assert en_numbers("you may go") == ()


def test_different_values_differ():
    assert set(zh_numbers("3万")) != set(en_numbers("3,000"))


@pytest.mark.parametrize(("zh", "keys"), [("三两银子", ("3",)), ("二十两", ("20",)), ("一百两", ("100",)), ("两个", ("2",))])
def test_liang_after_a_numeral_is_a_measure_word(zh, keys):
    # 两 (tael) after a number is a unit: 三两 is 3 taels, not 32.
    assert zh_numbers(zh) == keys


def test_ordinals_do_not_take_spans():
    assert en_numbers("the 18th century") == ("18",)
    assert en_numbers("three centuries") == ("300",)
