"""Each article's stored analysis: reused while its keys hold, computed again when any one changes."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.store import analysis_cache
from reader.store.store import Store
from reader.text import packed
from reader.text.dictionary import Dictionary, get_dictionary

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed"
ZH = "在钱塘区集中隔离点,有一群拥有“双重身份”的党员,来自一个特殊的党支部——隔离人员临时党支部。\n他们积极开展情绪安抚。"


COMPUTED: list[str] = []


@pytest.fixture(autouse=True)
def counted_analyses(monkeypatch):
    """Every text the real analyser is run on (the analysis cache calls it only when nothing stored holds)."""
    from reader.text import analysis

    real = analysis.analyze

    def analyze(text, *args, **kwargs):
        COMPUTED.append(text)
        return real(text, *args, **kwargs)

    COMPUTED.clear()
    monkeypatch.setattr(analysis, "analyze", analyze)


@pytest.fixture
def article(store):
    aid = store.insert_article(content_hash="a", normalizer_version="3", zh_text=ZH)
    return store, aid


def _open(store, aid, **kwargs):
    row = store.article_row(aid)
    computed = len(COMPUTED)
    zh = analysis_cache.analysed(store, aid, row.zh_text, row.normalizer_version, **kwargs)
    object.__setattr__(zh, "reused", len(COMPUTED) == computed)  # for _reused (the dataclass is frozen)
    return zh


def _reused(zh) -> bool:
    """True for an analysis read from the store, False for one computed now."""
    return zh.reused


def test_first_build_stores_it_and_the_next_reuses_it(article):
    store, aid = article
    first = _open(store, aid)
    assert not _reused(first)
    assert first._known_readings is not None  # returned in its compact stored form
    assert store.analysis(aid) is not None
    again = _open(store, aid)
    assert _reused(again)
    assert again.tokens == first.tokens
    assert [again.sentence_syllables(i) for i in range(len(again.sentences))] == \
        [first.sentence_syllables(i) for i in range(len(first.sentences))]
    assert _reused(_open(store, aid))  # nothing changed: still the stored one


def test_a_changed_text_is_analysed_again(article):
    store, aid = article
    _open(store, aid)
    store.update_article(aid, zh_text=ZH.replace("党员", "同志"))
    zh = _open(store, aid)
    assert not _reused(zh) and "同志" in [t.text for t in zh.tokens]
    assert _reused(_open(store, aid))


def test_another_normaliser_version_is_analysed_again(article):
    store, aid = article
    _open(store, aid)
    store.update_article(aid, normalizer_version="4")
    assert not _reused(_open(store, aid))
    assert _reused(_open(store, aid))


def test_another_dictionary_is_analysed_again(article):
    store, aid = article
    _open(store, aid)
    other = Dictionary(get_dictionary()._db)  # the same data under another version key
    other.key = "another-cc-cedict"
    assert not _reused(_open(store, aid, dictionary=other))
    assert _reused(_open(store, aid, dictionary=other))
    assert not _reused(_open(store, aid))  # back to the installed one: its key differs again


@pytest.mark.parametrize("constant", ["READING_VERSION", "SEGMENTER_VERSION"])
def test_another_reading_engine_or_segmenter_is_analysed_again(article, monkeypatch, constant):
    store, aid = article
    _open(store, aid)
    monkeypatch.setattr(packed, constant, getattr(packed, constant) + 1)
    assert not _reused(_open(store, aid))
    assert _reused(_open(store, aid))


def test_the_libraries_versions_are_in_the_key(article, monkeypatch):
    store, aid = article
    _open(store, aid)
    real = packed._installed

    def newer_pypinyin(name):
        return "99.0" if name == "pypinyin" else real(name)

    monkeypatch.setattr(packed, "_installed", newer_pypinyin)
    assert not _reused(_open(store, aid))


@pytest.mark.parametrize("everywhere", [False, True])
def test_a_segmentation_fix_is_analysed_again(article, everywhere):
    store, aid = article
    _open(store, aid)
    store.add_seg_fix("merge", "临时党支部", 0, None if everywhere else aid)
    zh = _open(store, aid)
    assert not _reused(zh) and "临时党支部" in [t.text for t in zh.tokens]
    assert _reused(_open(store, aid))
    store.add_seg_fix("split", "临时党支部", 2, None if everywhere else aid)  # replaces the merge
    zh = _open(store, aid)
    assert not _reused(zh) and "临时党支部" not in [t.text for t in zh.tokens]


def test_another_articles_fix_changes_nothing_here(article):
    store, aid = article
    other = store.insert_article(content_hash="b", normalizer_version="3", zh_text="今天天气很好。")
    _open(store, aid)
    store.add_seg_fix("merge", "临时党支部", 0, other)
    assert _reused(_open(store, aid))


def test_damaged_stored_data_is_analysed_again(article):
    store, aid = article
    _open(store, aid)
    key, data = store.analysis(aid)
    store.set_analysis(aid, key, data[: len(data) // 2])
    assert not _reused(_open(store, aid))
    assert _reused(_open(store, aid))


def test_a_read_only_database_still_analyses(db_path):
    Store(db_path).close()
    writer = Store(db_path)
    aid = writer.insert_article(content_hash="a", normalizer_version="3", zh_text=ZH)
    writer.close()
    reader = Store(db_path, read_only=True)
    try:
        assert not _reused(_open(reader, aid))  # nothing stored, nothing written, no error
        assert reader.analysis(aid) is None
    finally:
        reader.close()


def test_deleting_the_article_deletes_its_analysis(article):
    store, aid = article
    _open(store, aid)
    store.delete_article(aid)
    assert store.analysis(aid) is None


REOPEN = textwrap.dedent("""
    import json, sys
    sys.path.insert(0, {root!r})
    from reader.library import Library

    lib = Library({db!r})
    view = lib.article({aid})
    zh = view.zh
    han = [i for i, t in enumerate(zh.tokens) if t.kind == "han"]
    out = {{
        "tokens": [[t.text, t.start, t.end, t.kind, t.name] for t in zh.tokens],
        "readings": [zh.sentence_syllables(i) for i in range(len(zh.sentences))],
        "glosses": [e.simplified for e in zh.glosses(zh.tokens[han[3]])],
        "lookup": [m.word for m in lib.lookup(zh.base, zh.tokens[han[3]].start)],
        "info": lib.word_info(view.id, zh.tokens[han[3]].start).status,
        "links": sum(len(lib.word_links(view.id, i)) for i in range(len(view.pairs))),
        "pairs": len(view.pairs),
    }}
    out["loaded"] = sorted(m for m in ("rjieba", "jieba", "pypinyin", "numpy", "g2pM") if m in sys.modules)
    lib.close()
    print(json.dumps(out, ensure_ascii=False))
""")


def test_a_reopened_article_is_ready_without_the_segmenter_or_the_reading_engine(tmp_path):
    from reader.library import Library

    db = tmp_path / "db.sqlite3"
    lib = Library(db)
    view = lib.open_article(SEED / "qiantang-zh.txt", SEED / "qiantang-en.txt")
    zh = view.zh
    expected = [[t.text, t.start, t.end, t.kind, t.name] for t in zh.tokens]
    readings = [[list(r) if r is not None else None for r in zh.sentence_syllables(i)]
                for i in range(len(zh.sentences))]
    pairs = len(view.pairs)
    links = sum(len(lib.word_links(view.id, i)) for i in range(pairs))
    lib.close()
    code = REOPEN.format(root=str(ROOT), db=str(db), aid=view.id)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert out["loaded"] == []  # a restart: analysed, hovered, glossed without rjieba, pypinyin, numpy
    assert out["tokens"] == expected
    assert out["readings"] == readings
    assert out["glosses"] and out["lookup"] and out["info"]
    assert out["pairs"] == pairs
    assert out["links"] == links > 0  # the pairs' word links from the stored tokens, as from the fresh ones
