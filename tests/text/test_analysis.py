"""The analysed text model, traditional input and the gloss command."""

from __future__ import annotations

import json
import subprocess
import sys

from reader.text.analysis import analyze
from reader.text.script import is_traditional, to_simplified, to_traditional

SEED_PARAGRAPH_TEXT = "“我们是共产党员,隔离了也是共产党员。”曲玉国在“隔离人员党支部”工作群中说道。\n这支临时党支部的诞生。"


def test_model_offsets_are_code_points():
    text = "𠮷野家的饭。\n好吃。"
    a = analyze(text)
    assert [text[s.start : s.end] for s in a.sentences] == ["𠮷野家的饭。", "好吃。"]
    assert a.token_at(1).text in {"野", "野家"} or a.token_at(1).start == 1
    assert a.sentence_at(text.index("好")).index == 1
    assert [p.index for p in a.paragraphs] == [0, 1]


def test_sentence_tokens_and_lazy_pinyin():
    a = analyze(SEED_PARAGRAPH_TEXT)
    first = a.sentences[0]
    assert first.text.startswith("“我们") and first.text.endswith("。”")
    assert a._pinyin == {}  # nothing read yet
    assert "Qū Yùguó" in a.sentences[1].pinyin()
    assert 1 in a._pinyin and 0 not in a._pinyin  # read on first use (with the sentences after it, in one batch)


def test_pinyin_is_read_ahead_in_batches():
    from reader.text import analysis

    text = "。".join(["银行行长还没还钱"] * (3 * analysis.READ_AHEAD // 9)) + "。"
    a = analyze(text)
    count = len(a.sentences)
    a.sentences[0].pinyin()
    batch = set(a._pinyin)
    assert batch == set(range(len(batch))) and 1 < len(batch) < count  # a run from the one asked, not all
    assert a.sentences[count - 1].pinyin()[0] == "yínháng"
    assert all(s.pinyin()[0] == "yínháng" for s in a.sentences)  # every batch reads the same


def test_traditional_gives_the_same_words_and_glosses(seed_zh_body):
    simplified = analyze(seed_zh_body)
    traditional_text = to_traditional(seed_zh_body)
    assert len(traditional_text) == len(seed_zh_body)
    traditional = analyze(traditional_text)
    assert traditional.traditional and not simplified.traditional
    assert [(t.start, t.end) for t in traditional.tokens] == [(t.start, t.end) for t in simplified.tokens]
    for ts, tt in zip(simplified.tokens, traditional.tokens):
        assert tt.text == traditional_text[tt.start : tt.end]
        if ts.kind == "han":
            assert [e.pinyin_numbers for e in simplified.glosses(ts)] == [e.pinyin_numbers for e in traditional.glosses(tt)]
    assert [s.pinyin() for s in simplified.sentences] == [s.pinyin() for s in traditional.sentences]


def test_script_detection_and_conversion():
    assert is_traditional("錢塘組建隔離人員臨時黨支部") and not is_traditional("钱塘组建隔离人员临时党支部")
    assert to_simplified("銀行行長還錢了") == "银行行长还钱了"


def test_glosses_put_the_reading_in_context_first():
    a = analyze("你什么时候还钱？")
    token = next(t for t in a.tokens if t.text == "还")
    assert a.glosses(token)[0].pinyin_numbers == "huan2"


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, timeout=120)


def test_gloss_command_json(seed_zh_body, tmp_path):
    body = tmp_path / "body.txt"
    body.write_text(seed_zh_body, encoding="utf-8")
    result = run_cli("gloss", str(body), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    tokens = data["tokens"]
    han = [t for t in tokens if t["kind"] == "han"]
    assert all(t["glosses"] for t in han)
    covered = "".join(t["text"] for t in han)
    assert covered == "".join(ch for ch in seed_zh_body if "\u4e00" <= ch <= "\u9fff")
    by_text = {}
    for t in han:
        by_text.setdefault(t["text"], t)
    assert by_text["曲玉国"]["pinyin"] == "Qū Yùguó"
    assert by_text["都城"]["pinyin"] == "dūchéng"
    assert by_text["支部"]["glosses"][0]["senses"]
    first = tokens[0]
    assert set(first) >= {"text", "start", "end", "pinyin", "pinyin_numbers", "glosses"}
    assert set(first["glosses"][0]) >= {"simplified", "traditional", "pinyin", "senses", "hsk"}


def test_gloss_command_bad_input(tmp_path):
    missing = run_cli("gloss", str(tmp_path / "missing.txt"))
    assert missing.returncode == 2 and missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    binary = tmp_path / "fake.html"
    binary.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    bad = run_cli("gloss", str(binary))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and bad.stderr.count("\n") == 1


def test_traditional_words_take_their_dictionary_reading():
    a = analyze("臺北捷運環狀線今天通車。")
    tokens = {t.text: i for i, t in enumerate(a.tokens)}
    assert " ".join(a.token_syllables(tokens["臺北捷運"])) == "Tai2 bei3 jie2 yun4"  # CC-CEDICT keys it as 台北捷运


def test_variant_cross_references_come_after_the_meaning():
    a = analyze("環狀線")
    line = next(t for t in a.tokens if t.text == "線")
    first = a.glosses(line)[0]
    assert "thread" in first.senses and not first.is_variant_only


def test_a_frozen_record_made_without_init_is_the_same_record():
    import dataclasses

    import pytest

    from reader.text.analysis import Paragraph, frozen_record

    made = Paragraph(3, 10, 20, ())
    fast = frozen_record(Paragraph, {"index": 3, "start": 10, "end": 20, "sentences": ()})
    assert fast == made and hash(fast) == hash(made) and repr(fast) == repr(made)
    with pytest.raises(dataclasses.FrozenInstanceError):
        fast.index = 4
