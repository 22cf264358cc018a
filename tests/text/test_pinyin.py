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
        # decided by the polyphone model (single characters and words CC-CEDICT reads several ways)
        ("这是谁的书？", "的", "de"),
        ("他的目的是什么？", "目的", "mùdì"),
        ("行李很重。", "重", "zhòng"),
        ("我们都是学生。", "都", "dōu"),
        ("首都北京。", "首都", "shǒudū"),
        ("他长得很高。", "长", "zhǎng"),
        ("他长得很高。", "得", "de"),
        ("他在看着书。", "着", "zhe"),
        ("他睡着了。", "睡着", "shuìzháo"),
        ("你吃饭了吗？", "了", "le"),
        ("他当了老师。", "当", "dāng"),
        ("请给我一杯水。", "给", "gěi"),
        ("他朝南走。", "朝", "cháo"),
        ("他会说中文。", "会", "huì"),
        # one CC-CEDICT reading: taken as it is
        ("这个行业发展很快。", "行业", "hángyè"),
        ("他们正在调查。", "调查", "diàochá"),
        ("请调整一下。", "调整", "tiáozhěng"),
        ("他很好学。", "好学", "hàoxué"),
        ("他出差了。", "出差", "chūchāi"),
        ("这个答案有差别。", "差别", "chābié"),
        ("这是上当了。", "上当", "shàngdàng"),
        ("会计在算账。", "会计", "kuàijì"),
        ("这是供给问题。", "供给", "gōngjǐ"),
        ("我们要了解情况。", "了解", "liǎojiě"),
        # CPP's tones: a neutral tone the character has no reading for becomes its citation tone
        ("这件衣服很漂亮。", "衣服", "yīfú"),
        ("他喜欢唱歌。", "喜欢", "xǐhuan"),  # 欢 is no polyphone: CC-CEDICT's neutral tone stays
        # no 一/不 sandhi: citation tones, as CPP, the popup and Anki show them
        ("我们一起去吧。", "一起", "yīqǐ"),
        ("他不去。", "不", "bù"),
    ],
)
def test_polyphones_in_context(sentence, word, expected):
    assert reading_of(sentence, word) == expected


@pytest.mark.parametrize(
    "sentence, word, expected",
    [
        ("这条路很曲折。", "曲折", "qūzhé"),
        ("他在单位上班。", "单位", "dānwèi"),
        ("问题已经解决了。", "解决", "jiějué"),
        ("他唱了一首歌曲。", "歌曲", "gēqǔ"),
        ("他单独去了北京。", "单独", "dāndú"),
        ("发送消息的是党员干警曲玉国。", "曲玉国", "Qū Yùguó"),
        ("单田芳是著名的评书表演艺术家。", "单田芳", "Shàn Tiánfāng"),
        ("解缙是明朝的才子。", "解缙", "Xiè Jìn"),
    ],
)
def test_names_and_ordinary_words(sentence, word, expected):
    """Surname readings for names only: the words that start with the same characters keep theirs."""
    assert reading_of(sentence, word) == expected


def test_readings_without_the_model(monkeypatch):
    """Without g2pM (or numpy) pypinyin's phrase context reads the text, with the same dictionary and names."""
    from reader.text import pinyin

    monkeypatch.setattr(pinyin, "get_model", lambda: None)
    assert reading_of("银行行长来了。", "行长") == "hángzhǎng"
    assert reading_of("你什么时候还钱？", "还") == "huán"
    assert reading_of("发送消息的是党员干警曲玉国,他是党员。", "曲玉国") == "Qū Yùguó"
    assert reading_of("在一米锦江都城酒店隔离点。", "都城") == "dūchéng"


def test_sentences_read_in_one_batch_read_as_one_by_one():
    from reader.text.pinyin import sentences_syllables, token_syllables
    from reader.text.segment import segment

    text = "银行行长还没还钱。他长得很高。这个行业发展很快。"
    tokens = segment(text)
    cut = [i + 1 for i, t in enumerate(tokens) if t.text == "。"]
    sentences = [tokens[a:b] for a, b in zip([0, *cut], cut)]
    assert sentences_syllables(text, sentences) == [token_syllables(text, s) for s in sentences]


def test_gloss_numbers_use_cc_cedict_spelling():
    """``numbers`` writes ü as CC-CEDICT (and CPP) do: nu:3, as the entries' own pinyin_numbers."""
    s = analyze("女儿。").sentences[0]
    assert s.pinyin("numbers")[0] == "nu:3 er2"
    assert s.pinyin()[0] == "nǚ'ér"


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


def test_the_model_is_not_loaded_on_import():
    """numpy and the weights load on first use (or when a text is analysed), never with the modules."""
    import subprocess
    import sys

    code = "import sys, reader.text.analysis, reader.text.glossing; print('numpy' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_a_very_long_sentence_is_read_in_pieces():
    """A text without full stops (here 4,000 characters) is read in overlapping pieces, promptly."""
    from reader.text.polyphone_model import CONTEXT

    text = "银行行长说他还没还钱并且" * (4000 // 12)
    assert len(text) > 10 * CONTEXT
    analysed = analyze(text)
    pinyin = [p for s in analysed.sentences for p in s.pinyin() if p]
    one = pinyin[: len(pinyin) // (4000 // 12)]  # the readings of one repetition
    assert one[:7] == ["yínháng", "hángzhǎng", "shuō", "tā", "hái", "méi", "huán"]
    assert pinyin == one * (4000 // 12)  # the same everywhere, piece boundaries included
