"""CC-CEDICT index: every reading kept, both scripts, parsed senses, cache."""

from __future__ import annotations

import gzip

import pytest

from reader.text.dictionary import Dictionary, get_dictionary


@pytest.fixture(scope="module")
def d() -> Dictionary:
    return get_dictionary()


def test_every_reading_of_le_is_kept(d):
    readings = {e.pinyin_numbers for e in d.entries("了")}
    assert {"le5", "liao3"} <= readings


def test_traditional_and_simplified_headwords(d):
    (bank,) = [e for e in d.entries("銀行")]
    assert bank.simplified == "银行" and bank.traditional == "銀行"
    assert d.entries("银行") == d.entries("銀行")
    assert bank.pinyin == "yínháng" and bank.pinyin_numbers == "yin2 hang2"


def test_senses_classifiers_variants_and_hsk(d):
    (bank,) = d.entries("银行")
    assert bank.senses == ("bank",)
    assert "家 jiā" in bank.classifiers and not any(s.startswith("CL:") for s in bank.senses)
    assert bank.hsk2 == 3 and bank.hsk3 == 2
    variant = next(e for e in d.entries("了") if e.traditional == "瞭" and e.pinyin_numbers == "liao4")
    assert variant.variants == ("瞭",)


def test_lookup_at_returns_every_headword_longest_first(d):
    text = "中华人民共和国成立了"
    words = [m.word for m in d.lookup_at(text, 0)]
    assert words[0] == "中华人民共和国"
    assert words == sorted(words, key=len, reverse=True)
    assert {"中华", "中"} <= set(words)
    match = d.lookup_at(text, 0)[0]
    assert text[match.start : match.end] == match.word
    assert d.lookup_at(text, len(text)) == [] and d.lookup_at(text, -1) == []


def test_proper_names_keep_capitals(d):
    (chongqing,) = [e for e in d.entries("重庆")]
    assert chongqing.pinyin == "Chóngqìng" and chongqing.is_proper_name


def test_breakdown_per_character(d):
    parts = d.breakdown("银行")
    assert [ch for ch, _ in parts] == ["银", "行"]
    assert {e.pinyin_numbers for e in parts[1][1]} >= {"hang2", "xing2"}


def test_cache_is_rebuilt_when_the_source_changes(tmp_path):
    source = tmp_path / "mini.txt.gz"
    cache = tmp_path / "cache"

    def write(lines):
        with gzip.open(source, "wt", encoding="utf-8") as fh:
            fh.write("# mini CC-CEDICT\n" + "\n".join(lines) + "\n")

    write(["銀行 银行 [yin2 hang2] /bank/CL:家[jia1],個|个[ge4]/"])
    first = Dictionary.load(source, cache)
    assert first.entries("银行")[0].senses == ("bank",)
    assert len(list(cache.glob("cedict-*.marshal"))) == 1
    again = Dictionary.load(source, cache)  # from the cache
    assert again.entries("銀行")[0].classifiers == ("家 jiā", "个 gè")
    import os
    import time

    write(["銀行 银行 [yin2 hang2] /bank/", "了 了 [le5] /(particle)/", "了 了 [liao3] /to finish/"])
    os.utime(source, (time.time() + 5, time.time() + 5))
    changed = Dictionary.load(source, cache)
    assert {e.pinyin_numbers for e in changed.entries("了")} == {"le5", "liao3"}
    assert len(list(cache.glob("cedict-*.marshal"))) == 1  # the stale index is gone


def test_damaged_cache_is_rebuilt(tmp_path):
    source = tmp_path / "mini.txt.gz"
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        fh.write("好 好 [hao3] /good/\n")
    Dictionary.load(source, tmp_path)
    for f in tmp_path.glob("cedict-*.marshal"):
        f.write_bytes(b"\x00garbage")
    assert Dictionary.load(source, tmp_path).entries("好")[0].senses == ("good",)
