"""``duizhao align``: JSON pairs from article files, Vecalign beads from pre-split files."""

from __future__ import annotations

import json

import pytest

from reader.cli import main
from tests.conftest import SEED


def test_json_pairs_from_the_seed_pages(capsys, seed_gold):
    assert main(["align", str(SEED / "qiantang-zh.html"), str(SEED / "qiantang-en.html"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    pairs = out["pairs"]
    assert all(set(p) == {"zh", "en", "score"} and 0.0 <= p["score"] <= 1.0 for p in pairs)
    got = {(p["zh"], p["en"]) for p in pairs}
    gold = [(p["zh"], p["en"]) for p in seed_gold["pairs"]]
    assert sum(g in got for g in gold) >= 19


def test_text_files_and_plain_output(capsys):
    assert main(["align", str(SEED / "qiantang-zh.txt"), str(SEED / "qiantang-en.txt")]) == 0
    out = capsys.readouterr().out
    assert "曲玉国" in out and "Qu Yuguo" in out


@pytest.mark.parametrize("src_lang", ["auto", "zh"])
def test_presplit_prints_vecalign_beads(tmp_path, capsys, src_lang):
    src = tmp_path / "src"
    tgt = tmp_path / "tgt"
    src.write_text("我们是共产党员。\n曲玉国说道。\n", encoding="utf-8")
    tgt.write_text("We are communists.\nQu Yuguo said so.\nHe smiled.\n", encoding="utf-8")
    assert main(["align", "--presplit", str(src), str(tgt), "--src-lang", src_lang]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "[0]:[0]"
    assert lines[-1].endswith("2]")


@pytest.mark.parametrize("src_lang", ["auto", "en"])
def test_presplit_with_english_source_keeps_its_direction(tmp_path, capsys, src_lang):
    src = tmp_path / "src"
    tgt = tmp_path / "tgt"
    src.write_text("We are communists.\nQu Yuguo said so.\n", encoding="utf-8")
    tgt.write_text("我们是共产党员。\n曲玉国说道。\n", encoding="utf-8")
    assert main(["align", "--presplit", str(src), str(tgt), "--src-lang", src_lang]) == 0
    assert capsys.readouterr().out == "[0]:[0]\n[1]:[1]\n"


def test_missing_file_is_one_line_error(tmp_path, capsys):
    assert main(["align", str(tmp_path / "nope.txt"), str(SEED / "qiantang-en.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("duizhao: error:") and err.count("\n") == 1


def test_presplit_rejects_binary(tmp_path, capsys):
    bad = tmp_path / "bad"
    bad.write_bytes(b"\xff\xfe\x00\x81" * 10)
    good = tmp_path / "good"
    good.write_text("Hello.\n", encoding="utf-8")
    assert main(["align", "--presplit", str(bad), str(good)]) == 2
    assert "duizhao: error:" in capsys.readouterr().err


def test_json_marks_an_untranslated_sentence_with_an_empty_side(tmp_path, capsys):
    zh = tmp_path / "zh.txt"
    en = tmp_path / "en.txt"
    zh.write_text("李明是一名医生。他在上海工作了十年。他很喜欢这个城市。去年他回到了北京。\n", encoding="utf-8")
    en.write_text("Li Ming is a doctor. He worked in Shanghai for ten years. Last year he returned to Beijing.\n",
                  encoding="utf-8")
    assert main(["align", str(zh), str(en), "--json"]) == 0
    pairs = json.loads(capsys.readouterr().out)["pairs"]
    assert [(p["zh"], p["en"]) for p in pairs] == [
        ("李明是一名医生。", "Li Ming is a doctor."),
        ("他在上海工作了十年。", "He worked in Shanghai for ten years."),
        ("他很喜欢这个城市。", ""),
        ("去年他回到了北京。", "Last year he returned to Beijing."),
    ]
    assert pairs[2]["score"] < 0.5
