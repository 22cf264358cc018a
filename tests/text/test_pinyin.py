"""Pinyin in context: polyphones, dictionary overrides, names."""

from __future__ import annotations

import pytest

from reader.text.analysis import analyze


def reading_of(sentence: str, word: str) -> str:
    """Tone-marked pinyin of ``word`` as read inside ``sentence``."""
    analysed = analyze(sentence)
    at = sentence.index(word)
    out = []
    for s in analysed.sentences:
        for token, syl in zip(s.tokens, s.pinyin()):
            if at <= token.start < at + len(word):
                out.append(syl)
    return " ".join(out)


@pytest.mark.parametrize(
    "sentence, word, expected",
    [
        ("他在银行工作。", "银行", "yínháng"),
        ("他在路上行走。", "行走", "xíngzǒu"),
        ("银行行长来了。", "行长", "hángzhǎng"),
        ("你什么时候还钱？", "还", "huán"),
        ("你还是来吧。", "还是", "háishi"),
        ("我了解他。", "了解", "liǎojiě"),
        ("好了，我们走吧。", "了", "le"),
        ("孩子长大了。", "长大", "zhǎngdà"),
        ("我们去长城。", "长城", "Chángchéng"),
        ("他住在重庆。", "重庆", "Chóngqìng"),
        ("这很重要。", "重要", "zhòngyào"),
        ("这是我的相片。", "相片", "xiàngpiàn"),
        ("他考中了状元。", "考中", "kǎozhòng"),
        ("别着急。", "着急", "zháojí"),
        ("他看着我。", "着", "zhe"),
        ("他还没还钱。", "还没还", "hái méi huán"),
    ],
)
def test_polyphones_in_context(sentence, word, expected):
    assert reading_of(sentence, word) == expected


@pytest.mark.parametrize(
    "sentence, word, expected",
    [
        ("发送消息的是党员干警曲玉国,他是党员。", "曲玉国", "Qū Yùguó"),
        ("在一米锦江都城酒店隔离点。", "都城", "dūchéng"),
        ("32名隔离点书记“一肩挑”,", "挑", "tiāo"),
        ("成立临时党支部。", "党", "dǎng"),
        ("成立临时党支部。", "支部", "zhībù"),
    ],
)
def test_seed_words(sentence, word, expected):
    assert reading_of(sentence, word) == expected


def test_styles():
    s = analyze("银行。").sentences[0]
    assert s.pinyin("numbers")[0] == "yin2 hang2"
    assert s.pinyin("zhuyin")[0] == "ㄧㄣˊ ㄏㄤˊ"
    assert s.pinyin()[1] is None  # punctuation has no reading
