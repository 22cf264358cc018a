"""Numbered pinyin → tone marks, zhuyin, tones."""

import pytest

from reader.text.pinyin_format import marks_to_numbers, numbers_to_marks, numbers_to_zhuyin, strip_tones, tone_of


@pytest.mark.parametrize(
    "numbers, marks",
    [
        ("yin2 hang2", "yínháng"),
        ("Chong2 qing4", "Chóngqìng"),
        ("lu:4 se4", "lǜsè"),
        ("xi1 an1", "xī'ān"),
        ("le5", "le"),
        ("gou3 r5", "gǒur"),
        ("Zhe4 jiang1 Sheng3", "Zhèjiāng Shěng"),
        ("shui3", "shuǐ"),
        ("liu2", "liú"),
        ("zhou1", "zhōu"),
    ],
)
def test_numbers_to_marks(numbers, marks):
    assert numbers_to_marks(numbers) == marks


@pytest.mark.parametrize(
    "numbers, zhuyin",
    [
        ("yin2 hang2", "ㄧㄣˊ ㄏㄤˊ"),
        ("zhi1", "ㄓ"),
        ("lu:4", "ㄌㄩˋ"),
        ("xue2", "ㄒㄩㄝˊ"),
        ("le5", "˙ㄌㄜ"),
        ("wo3", "ㄨㄛˇ"),
        ("yu2", "ㄩˊ"),
        ("er2", "ㄦˊ"),
        ("you3", "ㄧㄡˇ"),
        ("wei4", "ㄨㄟˋ"),
        ("wen2", "ㄨㄣˊ"),
        ("yue4", "ㄩㄝˋ"),
        ("yuan2", "ㄩㄢˊ"),
        ("ying1", "ㄧㄥ"),
        ("yong3", "ㄩㄥˇ"),
        ("wu3", "ㄨˇ"),
        ("jiu3", "ㄐㄧㄡˇ"),
        ("qu4", "ㄑㄩˋ"),
    ],
)
def test_numbers_to_zhuyin(numbers, zhuyin):
    assert numbers_to_zhuyin(numbers) == zhuyin


def test_tones_and_stripping():
    assert [tone_of(s) for s in ("hang2", "háng", "le", "lǜ")] == [2, 2, 5, 4]
    assert marks_to_numbers("háng") == "hang2"
    assert strip_tones("Chóngqìng") == "chongqing"
    assert strip_tones("dǎng zhī bù") == "dangzhibu"
