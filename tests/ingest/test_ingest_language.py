"""Language per paragraph and the bilingual split."""

import pytest

from reader.ingest.language import EN, OTHER, ZH, language, split_mixed, split_sides


@pytest.mark.parametrize(
    "text,lang",
    [
        ("在钱塘区集中隔离点,有一群党员。", ZH),
        ("在WWDC大会上，Apple发布了新系统和多款新设备。", ZH),
        ("Xi Jinping (习近平) said the meeting was a success for both sides.", EN),
        ("They are active in the working group.", EN),
        ("2022 —— 12:00", OTHER),
        ("", OTHER),
    ],
)
def test_language(text, lang):
    assert language(text) == lang


@pytest.mark.parametrize(
    "text,parts",
    [
        ("一位跑者说，夜跑让她睡得更好了。 One runner said running at night helps her sleep.",
         ((ZH, "一位跑者说，夜跑让她睡得更好了。"), (EN, "One runner said running at night helps her sleep."))),
        ("“我们是共产党员。”We are communists, even in isolation.",
         ((ZH, "“我们是共产党员。”"), (EN, "We are communists, even in isolation."))),
        ("The city opened a bridge. 市里新建了一座桥。",
         ((EN, "The city opened a bridge."), (ZH, "市里新建了一座桥。"))),
        ("在WWDC大会上，Apple发布了iOS系统。", None),
        ("Only English here with no Chinese at all.", None),
    ],
)
def test_split_mixed(text, parts):
    assert split_mixed(text) == parts


def test_alternating_paragraphs_pair_one_to_one():
    sides = split_sides(["第一段。", "First.", "第二段。", "Second one.", "第三段。", "Third one."])
    assert sides.bilingual
    assert sides.zh == ("第一段。", "第二段。", "第三段。")
    assert sides.en == ("First.", "Second one.", "Third one.")
    assert sides.pairs == ((0, 0), (1, 1), (2, 2))


def test_english_first_alternation():
    sides = split_sides(["First.", "第一段。", "Second one.", "第二段。"])
    assert sides.pairs == ((0, 0), (1, 1))


def test_all_chinese_then_all_english_blocks():
    sides = split_sides(["第一段。", "第二段。", "第三段。", "First.", "Second one.", "Third one."])
    assert sides.bilingual and sides.pairs == ((0, 0), (1, 1), (2, 2))


def test_chinese_article_with_an_english_quote_is_not_bilingual():
    paragraphs = ["第一段内容。"] * 2 + ["He said: this is fine."] + ["第二段内容。"] * 5
    sides = split_sides(paragraphs)
    assert not sides.bilingual and sides.zh == tuple(paragraphs) and sides.en == ()


def test_english_article():
    sides = split_sides(["An English article.", "With two paragraphs."])
    assert sides.zh == () and sides.en == ("An English article.", "With two paragraphs.")


def test_no_language_at_all():
    assert split_sides(["12:00", "——"]) == split_sides([])
