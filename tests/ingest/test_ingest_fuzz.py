"""Fuzzing: random and mutated bytes of real fixtures — only InputError may escape.

DUIZHAO_FUZZ_EXAMPLES raises the (small, CI-sized) example counts for a longer local run.
"""

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.errors import InputError
from reader.ingest import Extracted, load_article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed"
INGEST = FIXTURES / "ingest"

SOURCES = [SEED / "qiantang-zh.html", SEED / "qiantang-bilingual.html", SEED / "qiantang-zh.txt",
           INGEST / "chrome-saved.mhtml", INGEST / "portal-gbk.html", INGEST / "taiwan-big5.html"]
SUFFIXES = [".html", ".txt", ".mhtml", ".xhtml", ".dat"]
_cache: dict = {}
SCALE = max(1, int(os.environ.get("DUIZHAO_FUZZ_EXAMPLES", "40"))) / 40


def _source(i: int) -> bytes:
    if i not in _cache:
        _cache[i] = SOURCES[i].read_bytes()
    return _cache[i]


def _check(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"page{suffix}"
    path.write_bytes(data)
    try:
        article = load_article.unguarded(path)  # without the last-resort guard: find real bugs
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert isinstance(article, Extracted)
    assert article.zh or article.en
    assert all(p and p == p.strip() for p in article.zh + article.en)
    assert all(0 <= i < len(article.zh) and 0 <= j < len(article.en) for i, j in article.pairs)


mutation = st.tuples(
    st.sampled_from(["flip", "cut", "insert", "delete"]),
    st.floats(0, 1),
    st.binary(min_size=1, max_size=40),
)


@settings(max_examples=int(40 * SCALE), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.integers(0, len(SOURCES) - 1), mutations=st.lists(mutation, min_size=1, max_size=6),
       suffix=st.sampled_from(SUFFIXES))
def test_mutated_fixtures(tmp_path_factory, source, mutations, suffix):
    data = bytearray(_source(source))
    for kind, where, chunk in mutations:
        pos = int(where * len(data))
        if kind == "flip" and data:
            data[min(pos, len(data) - 1)] ^= chunk[0]
        elif kind == "cut":
            del data[pos:]
        elif kind == "insert":
            data[pos:pos] = chunk
        else:
            del data[pos:pos + len(chunk) * 8]
    _check(tmp_path_factory, bytes(data), suffix)


@settings(max_examples=int(40 * SCALE), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(tmp_path_factory, data, suffix):
    _check(tmp_path_factory, data, suffix)


@settings(max_examples=int(30 * SCALE), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=500), suffix=st.sampled_from(SUFFIXES),
       wrapper=st.sampled_from(["{}", "<html><body><p>{}</p></body></html>", "<div>{}", "<!DOCTYPE x [{}]><p>{}"]))
def test_random_text_in_markup(tmp_path_factory, text, suffix, wrapper):
    _check(tmp_path_factory, wrapper.format(text, text).encode("utf-8", "surrogatepass"), suffix)
