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
    assert len(list(cache.glob("cedict-*.sqlite3"))) == 1
    again = Dictionary.load(source, cache)  # from the cache
    assert again.entries("銀行")[0].classifiers == ("家 jiā", "个 gè")
    import os
    import time

    write(["銀行 银行 [yin2 hang2] /bank/", "了 了 [le5] /(particle)/", "了 了 [liao3] /to finish/"])
    os.utime(source, (time.time() + 5, time.time() + 5))
    changed = Dictionary.load(source, cache)
    assert {e.pinyin_numbers for e in changed.entries("了")} == {"le5", "liao3"}
    assert len(list(cache.glob("cedict-*.sqlite3"))) == 1  # the stale index is gone


def test_damaged_cache_is_rebuilt(tmp_path):
    source = tmp_path / "mini.txt.gz"
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        fh.write("好 好 [hao3] /good/\n")
    Dictionary.load(source, tmp_path)
    for f in tmp_path.glob("cedict-*.sqlite3"):
        f.write_bytes(b"\x00garbage")
    assert Dictionary.load(source, tmp_path).entries("好")[0].senses == ("good",)


def _write_mini(source, lines):
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        fh.write("# mini CC-CEDICT\n" + "\n".join(lines) + "\n")


@pytest.fixture(scope="module")
def parsed():
    from reader.text.dictionary import build_index, cedict_source

    return build_index(cedict_source())


def test_the_on_disk_index_holds_every_headword_and_reading_of_the_source(d, parsed):
    import random
    from pathlib import Path

    by_word, lines = parsed["by_word"], parsed["lines"]
    assert set(d.headwords()) == set(by_word) and len(d.headwords()) == len(by_word)
    assert d.max_len == parsed["max_len"] and d.surnames == frozenset(parsed["surnames"])
    seed = (Path(__file__).parents[1] / "fixtures" / "seed" / "qiantang-zh.txt").read_text(encoding="utf-8")
    sample = random.Random(19).sample(sorted(by_word), 3000) + [
        m.word for p in range(len(seed)) for m in d.lookup_at(seed, p)
    ]
    for word in sample:
        ix = by_word[word]
        raw = sorted(tuple(lines[i].split("\t")[:3]) for i in ([ix] if isinstance(ix, int) else ix))
        found = d.entries(word)
        assert sorted((e.simplified, e.traditional, e.pinyin_numbers) for e in found) == raw, word
        order = [(e.is_proper_name, e.is_variant_only) for e in found]
        assert order == sorted(order), word
    for pos in range(len(seed)):  # longest match, against a plain scan of the parsed headwords
        expected = next(
            (n for n in range(d.max_len, 0, -1) if pos + n <= len(seed) and seed[pos : pos + n] in by_word), 0
        )
        assert d.longest_at(seed, pos) == expected, pos


def test_headwords_membership_edges(d):
    words = d.headwords()
    assert "银行" in words and "中华人民共和国" in words and "中" in words
    assert "" not in words and "银行银行" not in words and "x\n" not in words and 5 not in words
    assert d.entries("") == [] and d.entries("\n") == [] and not d.has_word("")
    assert d.longest_at("abc", 0) == 0 and d.longest_at("银行", 2) == 0 and d.longest_at("银行", -1) == 0


def test_an_unwritable_cache_folder_still_gives_a_dictionary(tmp_path):
    source = tmp_path / "mini.txt.gz"
    _write_mini(source, ["銀行 银行 [yin2 hang2] /bank/"])
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    d = Dictionary.load(source, blocker / "cache")
    assert d.entries("銀行")[0].senses == ("bank",) and d.longest_at("银行业", 0) == 2


def test_builders_at_once_leave_one_whole_index(tmp_path):
    import threading

    source = tmp_path / "mini.txt.gz"
    _write_mini(source, [f"字{i} 字{i} [zi4 {i}] /sense {i}/" for i in range(2000)])
    cache = tmp_path / "cache"
    (cache).mkdir()
    (cache / "cedict-0123456789abcdef.marshal").write_bytes(b"an index of the previous format")
    start, results = threading.Barrier(4), []

    def build():
        start.wait()
        results.append(Dictionary.load(source, cache).entries("字1999")[0].senses)

    threads = [threading.Thread(target=build) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results == [("sense 1999",)] * 4
    assert [f.suffix for f in cache.iterdir()] == [".sqlite3"]  # no temporary file, no stale index
    assert Dictionary.load(source, cache).entries("字0")[0].pinyin_numbers == "zi4 0"
