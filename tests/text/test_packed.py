"""The stored form of an analysis: the same analysis back, compact; damaged data refused."""

from pathlib import Path

import pytest

from reader.text.analysis import AnalyzedText, analyze
from reader.text.packed import engine_versions, pack, unpack
from reader.text.segment import SegmentationFixes

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed" / "qiantang-zh.txt"


def _same(a: AnalyzedText, b: AnalyzedText) -> None:
    assert b.text == a.text and b.base == a.base and b.traditional == a.traditional
    assert b.tokens == a.tokens
    assert [(p.index, p.start, p.end) for p in b.paragraphs] == [(p.index, p.start, p.end) for p in a.paragraphs]
    assert [(s.index, s.paragraph, s.start, s.end, s.first_token, s.last_token) for s in b.sentences] == [
        (s.index, s.paragraph, s.start, s.end, s.first_token, s.last_token) for s in a.sentences]
    for s in a.sentences:
        assert b.sentence_syllables(s.index) == a.sentence_syllables(s.index)
    for i, token in enumerate(a.tokens):
        if token.kind == "han":
            assert [e.simplified for e in b.glosses(token)] == [e.simplified for e in a.glosses(token)]
            assert b.token_syllables(i) == a.token_syllables(i)


@pytest.mark.parametrize("text", [
    SEED.read_text(encoding="utf-8"),
    "曲玉国说：还钱！\n\nWHO 在 2022 年 3.5% 的数据里……\n一肩挑。",  # a name, Latin, numbers, an empty line
    "臺灣的銀行說，這個問題還沒有解決。\n他們會還錢。",  # traditional: looked up through its simplified form
    "   ",
    "𠀀𠀁中文",  # beyond the BMP: code points, not UTF-16 units
])
def test_round_trip_gives_the_same_analysis(text):
    fresh = analyze(text)
    data = pack(fresh)
    _same(fresh, unpack(text, data))


def test_segmentation_fixes_are_kept():
    text = "隔离人员临时党支部成立了。"
    fixes = SegmentationFixes(frozenset({"临时党支部"}), frozenset({("隔离", 1)}))
    fresh = analyze(text, fixes=fixes)
    back = unpack(text, pack(fresh))
    assert [t.text for t in back.tokens] == [t.text for t in fresh.tokens]
    assert "临时党支部" in [t.text for t in back.tokens]


def test_read_back_tokens_behave_as_the_tuple_and_hold_no_object_per_token():
    import gc

    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if len(line) > 40]
    text = "\n".join(f"{line}（第{n}段）" for n in range(20) for line in lines)
    fresh = analyze(text)
    data = pack(fresh)
    gc.collect()
    before = len(gc.get_objects())
    back = unpack(text, data)
    held = len(gc.get_objects()) - before
    tokens = back.tokens
    assert held < len(tokens) / 4  # sentences and paragraphs, not ~one tuple per token
    assert tokens == fresh.tokens and fresh.tokens == tokens and list(tokens) == list(fresh.tokens)
    assert tokens[-1] == fresh.tokens[-1] and tokens[3] == fresh.tokens[3]
    assert tokens[5:40:3] == fresh.tokens[5:40:3] and isinstance(tokens[5:9], tuple)
    assert hash(tokens) == hash(fresh.tokens) and len(tokens) == len(fresh.tokens)
    with pytest.raises(IndexError):
        tokens[len(tokens)]
    assert tokens != fresh.tokens[:-1]
    for pos in (0, 1, len(text) // 2, len(text) - 1):
        assert back.token_at(pos) == fresh.token_at(pos)
        assert back.token_index_at(pos) == fresh.token_index_at(pos)


def test_compact():
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if len(line) > 40]
    text = "\n".join(f"{line}（第{n}段）" for n in range(10) for line in lines)
    data = pack(analyze(text))
    assert len(data) < len(text.encode("utf-8")) / 4  # measured: 1/6 here, 1/12 for 1 MB of news


def test_damaged_or_foreign_data_is_refused():
    text = "今天天气很好。"
    data = pack(analyze(text))
    assert unpack(text, data[:-3]) is None
    assert unpack(text, b"not zlib") is None
    assert unpack(text, b"") is None
    assert unpack("今天天气很好！！", data) is None  # another text's
    import zlib
    assert unpack(text, zlib.compress(b"\x05\x00\x00\x00{}abc")) is None


def test_engine_versions_name_both_engines():
    versions = engine_versions()
    assert set(versions) == {"segmenter", "reading", "duizhao"}
    assert "rjieba=" in versions["segmenter"] and "pypinyin=" in versions["reading"]


@pytest.mark.parametrize("name", ["pypinyin", "rjieba", "g2pM"])
def test_installed_versions_are_those_of_the_package_metadata(name):
    from importlib.metadata import version

    from reader.text.packed import _installed

    assert _installed(name) == version(name)
    assert _installed("no_such_package_here") == "-"
