"""The aligner on short hand-written pairs with the structures news translation produces."""

from __future__ import annotations

import pytest

from reader.align import Bead, align

ZH = [
    "昨天下午，张伟在杭州西湖边开了一家咖啡店。",
    "店里有二十张桌子，每天可以接待三百位客人。",
    "“我从小就想开一家自己的咖啡店。”",
    "他笑着说。",
    "咖啡店的价格不贵，一杯咖啡只要十五元。",
    "很多学生周末来这里看书。",
]
EN = [
    "Zhang Wei opened a coffee shop beside West Lake in Hangzhou yesterday afternoon.",
    "The shop has twenty tables and can serve three hundred customers a day.",
    '"I have wanted to open my own coffee shop since I was a child," he said with a smile.',
    "Prices are low.",
    "A cup of coffee costs only 15 yuan.",
    "Many students come here to read at weekends.",
]
EXPECTED = [((0,), (0,)), ((1,), (1,)), ((2, 3), (2,)), ((4,), (3, 4)), ((5,), (5,))]


def shape(beads: list[Bead]) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [(b.zh, b.en) for b in beads]


def check_cover(beads: list[Bead], nz: int, ne: int) -> None:
    assert [i for b in beads for i in b.zh] == list(range(nz))
    assert [j for b in beads for j in b.en] == list(range(ne))
    assert all(b.zh or b.en for b in beads)
    assert all(0.0 <= b.confidence <= 1.0 for b in beads)


def test_quote_and_attribution_join_one_english_sentence_and_a_split_sentence():
    beads = align(ZH, EN)
    check_cover(beads, len(ZH), len(EN))
    assert shape(beads) == EXPECTED


SHORT_CASES = [
    # A sentence the translator left out, between well-matched neighbours.
    (
        ["李明是一名医生。", "他在上海工作了十年。", "他很喜欢这个城市。", "去年他回到了北京。"],
        ["Li Ming is a doctor.", "He worked in Shanghai for ten years.", "Last year he returned to Beijing."],
        [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))],
    ),
    # The coffee-shop story without its second English sentence.
    (ZH, EN[:1] + EN[2:], [((0,), (0,)), ((1,), ()), ((2, 3), (1,)), ((4,), (2, 3)), ((5,), (4,))]),
    # A quotation and its attribution, translated as one sentence.
    (
        ["“我们明天出发。”", "他说。", "我们去了北京。"],
        ['"We leave tomorrow," he said.', "We went to Beijing."],
        [((0, 1), (0,)), ((2,), (1,))],
    ),
    # A translator's note in brackets.
    (
        ["李明是一名医生。", "他在上海工作了十年。", "去年他回到了北京。"],
        ["Li Ming is a doctor.", "(Shanghai is the largest city in China.)", "He worked in Shanghai for ten years.",
         "Last year he returned to Beijing."],
        [((0,), (0,)), ((), (1,)), ((1,), (2,)), ((2,), (3,))],
    ),
]


@pytest.mark.parametrize(("zh", "en", "expected"), SHORT_CASES)
def test_short_pairs(zh, en, expected):
    beads = align(zh, en)
    check_cover(beads, len(zh), len(en))
    assert shape(beads) == expected


@pytest.fixture(scope="module")
def news(seed_gold):
    """The seed's 21 gold body pairs as parallel sentence lists (news, 1-1 by construction)."""
    pairs = seed_gold["pairs"]
    return [p["zh"] for p in pairs], [p["en"] for p in pairs]


@pytest.mark.parametrize("k", [2, 9, 17])
def test_omitted_sentence_becomes_a_1_0_bead(news, k):
    zh, en = news
    en = en[:k] + en[k + 1 :]  # the translator dropped sentence k
    beads = align(zh, en)
    check_cover(beads, len(zh), len(en))
    assert [(b.zh, b.en) for b in beads if len(b.zh) != 1 or len(b.en) != 1] == [((k,), ())]


@pytest.mark.parametrize(
    "note",
    [
        "(Translator's note: Xiasha is a street in the east of Hangzhou.)",
        "(Xiasha is a street in the Qiantang district of Hangzhou, on the south bank of the river.)",
        "Editor’s note: the party branch was dissolved after the quarantine ended.",
    ],
)
@pytest.mark.parametrize("k", [3, 12])
def test_translators_note_becomes_a_0_1_bead(news, note, k):
    zh, en = news
    en = en[:k] + [note] + en[k:]
    beads = align(zh, en)
    check_cover(beads, len(zh), len(en))
    assert [(b.zh, b.en) for b in beads if len(b.zh) != 1 or len(b.en) != 1] == [((), (k,))]


def test_chinese_editors_note_becomes_a_1_0_bead(news):
    zh, en = news
    zh = zh[:6] + ["（编者注：下沙街道位于钱塘区。）"] + zh[6:]
    beads = align(zh, en)
    assert [(b.zh, b.en) for b in beads if len(b.zh) != 1 or len(b.en) != 1] == [((6,), ())]


@pytest.mark.parametrize(
    ("zh", "en", "expected"),
    [
        ([], [], []),
        (["你好。"], [], [((0,), ())]),
        ([], ["Hello."], [((), (0,))]),
        (["你好。"], ["Hello."], [((0,), (0,))]),
    ],
)
def test_degenerate_inputs(zh, en, expected):
    assert shape(align(zh, en)) == expected


@pytest.mark.parametrize("anchor", [(2, 3), (4, 2), (1, 1)])
def test_anchors_are_hard_boundaries(anchor):
    zi, ej = anchor
    beads = align(ZH, EN, anchors=[anchor])
    check_cover(beads, len(ZH), len(EN))
    for b in beads:
        before = all(i < zi for i in b.zh) and all(j < ej for j in b.en)
        after = all(i >= zi for i in b.zh) and all(j >= ej for j in b.en)
        assert before or after, b


def test_out_of_range_and_crossing_anchors_are_ignored():
    beads = align(ZH, EN, anchors=[(99, 0), (3, 1), (1, 4), (-1, 2)])
    check_cover(beads, len(ZH), len(EN))


def test_confident_pairs_and_weak_pairs():
    beads = align(ZH, EN)
    assert all(b.confidence >= 0.5 for b in beads)
    # Unrelated texts: nothing should look confident.
    junk = align(["今天天气很好。", "我们去公园散步吧。"], ["The stock market fell sharply.", "Oil prices rose again."])
    assert all(b.confidence < 0.5 for b in junk)


def test_long_documents_stay_linear_and_complete():
    zh = ZH * 60
    en = EN * 60
    beads = align(zh, en)
    check_cover(beads, len(zh), len(en))
    # Repeating the story keeps its structure in every copy.
    got = shape(beads)
    for k in (0, 30, 59):
        for z, e in EXPECTED:
            assert (tuple(i + 6 * k for i in z), tuple(j + 6 * k for j in e)) in got


def test_disorder_measures_hits_out_of_place():
    from reader.align.aligner import AlignParams, _Scorer, prepare

    zh = ["张伟在杭州开了一家咖啡店，他的妻子在北京当医生。"]
    ordered = ["Zhang Wei opened a coffee shop in Hangzhou.", "His wife is a doctor in Beijing."]
    swapped = ordered[::-1]
    scores = []
    for en in (ordered, swapped):
        zf, ef = prepare(zh, en)
        sc = _Scorer(zf, ef, AlignParams())
        scores.append(sc.disorder(0, 1, 0, 2, sum(sc.zlen), sum(sc.elen)))
    assert scores[0] < scores[1]
    assert scores[1] > 0


WEATHER = ["今天杭州天气晴朗，最高气温十八度。", "西湖边的游客比昨天多了不少。", "明天可能会下小雨，请市民出门带伞。", "下周气温将逐渐回升。"]


@pytest.mark.parametrize(("max_gap", "expected"), [(1, [((k,), ()) for k in range(10, 14)]), (4, [((10, 11, 12, 13), ())])])
def test_untranslated_passage(news, max_gap, expected):
    from reader.align import AlignParams

    zh, en = news
    zh = zh[:10] + WEATHER + zh[10:]  # a passage the translation does not have
    beads = align(zh, en, params=AlignParams(max_gap=max_gap))
    check_cover(beads, len(zh), len(en))
    assert [(b.zh, b.en) for b in beads if len(b.zh) != 1 or len(b.en) != 1] == expected
