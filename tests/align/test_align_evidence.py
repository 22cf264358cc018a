"""Lexical evidence: English word families, function words, names the segmenter cut up,
and the rule that a many-to-many bead needs evidence across its split."""

from __future__ import annotations

import math

import pytest

from reader.align import AlignParams, align, word_links
from reader.align.aligner import _Scorer, prepare
from reader.align.lexicon import en_stem, en_words, get_lexicon, name_spelling


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # CC-CEDICT glosses by another member of the word's family.
        ("social", "society"),
        ("socialist", "society"),
        ("historical", "history"),
        ("historic", "history"),
        ("economic", "economy"),
        ("democratic", "democracy"),
        ("bureaucratism", "bureaucracy"),
        ("national", "nation"),
        ("cultural", "culture"),
        ("institutional", "institution"),
        ("traditional", "tradition"),
        ("theoretical", "theory"),
        ("difficulty", "difficult"),
        ("creative", "create"),
        ("consultative", "consultation"),
        ("consultation", "consult"),
        ("isolation", "isolated"),
        ("exploration", "explore"),
        ("importance", "important"),
        ("independence", "independent"),
        ("extravagance", "extravagant"),
        ("responsibility", "responsible"),
        ("sustainable", "sustain"),
        ("observatory", "observation"),
        ("beautiful", "beauty"),
        ("happily", "happy"),
        ("happiness", "happy"),
        ("steadily", "steady"),
        ("various", "vary"),
        ("anxiety", "anxious"),
        ("official", "office"),
        # Nationality adjectives meet their country.
        ("Chinese", "China"),
        ("Americans", "America"),
        ("French", "France"),
    ],
)
def test_word_families_share_a_stem(a, b):
    assert en_stem(a) == en_stem(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("news", "new"),
        ("business", "busy"),
        ("series", "serious"),
        ("signal", "sign"),
        ("party", "part"),
        ("county", "count"),
        ("general", "generous"),
        ("theism", "the"),
    ],
)
def test_different_words_keep_different_stems(a, b):
    assert en_stem(a) != en_stem(b)


@pytest.mark.parametrize("word", ["every", "any", "many", "much", "another", "either", "neither", "several"])
def test_determiners_are_not_content_words(word):
    # Like "all" and "each": 一切 "every; all" should not pair sentences on "every".
    assert [w.content for w in en_words(f"{word} book")] == [False, True]


@pytest.mark.parametrize(
    ("word", "key"),
    [("Qiyao's", "qiyao"), ("Zhan'ao", "zhanao"), ("Xi’an", "xian"), ("Xi-feng", "xifeng"), ("Baizhou", "baizhou")],
)
def test_name_spelling_drops_possessive_apostrophe_and_hyphen(word, key):
    assert name_spelling(word) == key


def name_units(text: str) -> dict[str, set[str]]:
    return {text[u.start : u.end]: set(u.pinyin) for u in get_lexicon().units(text) if u.pinyin and not u.stems}


def test_a_name_cut_into_single_characters_gets_its_pinyin():
    # The segmenter leaves 郑 柏 舟 as three characters; the name still meets "Zheng Baizhou".
    units = name_units("那天郑柏舟没有来。")
    assert {"zhengbaizhou", "zheng", "baizhou"} <= units["郑柏舟"]
    units = name_units("她叫冯小舟。")
    assert {"fengxiaozhou", "feng", "xiaozhou"} <= units["冯小舟"]


def test_no_name_made_of_function_words():
    # 何 is a surname, but 何 + 地 + 的 is not a name.
    assert not any("的" in name for name in name_units("不知是何地的风景。"))


def test_links_reach_a_name_cut_into_characters_and_its_possessive():
    zh, en = "郑柏舟去了上海。", "Zheng Baizhou's train left for Shanghai."
    links = {zh[a:b]: {en[x:y] for x, y in spans} for a, b, spans in word_links(zh, en)}
    assert links["郑柏舟"] == {"Zheng Baizhou's"}


def test_many_to_many_bead_needs_evidence_across_its_split():
    # The lengths alone favour one 2-2 bead (a long Chinese sentence rendered
    # short, a short one rendered long), but every dictionary hit stays inside
    # the two 1-1 pairs: nothing says the sentences were merged.
    zh = [
        "冯小舟是一名医生。",
        "郑柏舟在银行工作，每天早上坐地铁去公司，晚上很晚才回家，周末也常常加班。",
        "他喜欢读书。",
        "去年他们一起去了北京。",
    ]
    en = [
        "Feng Xiaozhou is a doctor.",
        "Zheng Baizhou works at a bank.",
        "He likes reading books very much; his friends say that he has read more books than anyone "
        "they know, and they are probably right about that.",
        "Last year they went to Beijing together.",
    ]
    assert [(b.zh, b.en) for b in align(zh, en)] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,)), ((3,), (3,))]


def test_many_to_many_bead_with_numbers_across_its_split_stays_possible():
    # The numbers of the first Chinese sentence are all in the second English
    # one: they cross the split, so the 2-2 bead remains a candidate, while a
    # 2-2 bead with nothing across its split is not one.
    zh = ["起因很简单：42岁的郑柏舟和28岁的冯小舟在2005年的一次会议上认识。", "两人后来一起做翻译。"]
    en = ["It started simply.", "Zheng, 42, and Feng, 28, met at a meeting in 2005 and later worked together as translators."]
    scorer = _Scorer(*prepare(zh, en), AlignParams())
    assert scorer.bead(0, 2, 0, 2) > -math.inf
    zh = ["冯小舟是医生。", "他住在杭州。"]
    en = ["Feng Xiaozhou is a doctor.", "He lives in Hangzhou."]
    scorer = _Scorer(*prepare(zh, en), AlignParams())
    assert scorer.bead(0, 2, 0, 2) == -math.inf
    assert scorer.bead(0, 1, 0, 1) > 0 and scorer.bead(1, 1, 1, 1) > 0
