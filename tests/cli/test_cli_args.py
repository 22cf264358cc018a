"""reader.cli.args in process: the argument checks, and any string given to ``gloss``/``extract``.

The Hypothesis tests call :func:`reader.cli.main` directly (a process per
example would be slow) and hold it to the subprocess table's contract:
exit 0, or exit 2 with exactly one ``duizhao: error:`` line on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.cli import args as checks
from reader.cli import main
from reader.errors import InputError

#: Characters that make arguments interesting: path syntax, line breaks, NUL, Han, undecodable bytes.
_SPECIAL = st.sampled_from(["/", "\\", ".", "-", "\n", "\r", "\0", " ", "~", "*", "中", "钱塘", "。", "\u202e",
                            "\udcff", "\udce9", ".txt", ".html", ".mhtml", "..", "%s", "{}"])
_TEXT = st.lists(st.one_of(st.characters(), _SPECIAL), max_size=40).map("".join)
_LONG = st.builds(lambda unit, n: unit * n, st.sampled_from(["中", "a", "钱塘。", "/x", "x/"]),
                  st.integers(min_value=80, max_value=3000))


def _run(argv: list[str]) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, err.getvalue()


def _holds_the_contract(code: int, err: str) -> None:
    assert code in (0, 2), (code, err)
    if code == 2:
        lines = err.splitlines()
        assert len(lines) == 1 and lines[0].startswith("duizhao: error: "), err
        assert "internal error" not in err and "Traceback" not in err, err


@pytest.fixture(scope="module")
def places(zoo) -> list[str]:
    """Zoo paths, good and bad, for Hypothesis to mix into its strings."""
    return [value for key, value in zoo.items() if key not in ("long_text",)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_gloss_argument_is_glossed_or_refused_in_one_line(places, isolated_db, data):
    value = data.draw(st.one_of(_TEXT, _LONG, st.sampled_from(places),
                                st.builds(lambda place, tail: place + tail, st.sampled_from(places), _TEXT)))
    flags = data.draw(st.sampled_from([[], ["--json"], ["--zhuyin"]]))
    _holds_the_contract(*_run(["gloss", value, *flags]))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_extract_argument_is_read_or_refused_in_one_line(places, isolated_db, data):
    paths = st.one_of(_TEXT.filter(lambda s: s and not s.startswith("-")), _LONG, st.sampled_from(places))
    argv = ["extract", data.draw(paths)]
    if data.draw(st.booleans()):
        argv.append(data.draw(paths))
    _holds_the_contract(*_run([*argv, *data.draw(st.sampled_from([[], ["--json"]]))]))


@pytest.fixture(scope="module")
def isolated_db(zoo):
    """DUIZHAO_DB in the zoo's home for the in-process runs (module scope: Hypothesis reuses it)."""
    old = os.environ.get("DUIZHAO_DB")
    os.environ["DUIZHAO_DB"] = os.path.join(zoo["home"], "duizhao.sqlite3")
    yield
    if old is None:
        os.environ.pop("DUIZHAO_DB", None)
    else:
        os.environ["DUIZHAO_DB"] = old


def test_a_text_no_file_can_be_named_by_is_not_looked_up(monkeypatch):
    """Over 255 bytes in one part: text, decided without a file-system call (no 'File name too long')."""

    def no_file_system(*args, **kwargs):
        raise AssertionError("the file system was asked about a text")

    monkeypatch.setattr(os, "stat", no_file_system)
    monkeypatch.setattr(os, "lstat", no_file_system)
    text = "钱塘组建隔离人员临时党支部。" * 7  # 294 bytes
    assert checks.text_or_file(text) == ("text", text)
    assert checks.text_or_file("钱塘\0党支部") == ("text", "钱塘\0党支部")


@pytest.mark.parametrize("value, expected", [("1", 1), (" 42 ", 42), ("+7", 7), (str(2**63 - 1), 2**63 - 1)])
def test_article_ids_in_range(value, expected):
    assert checks.article_id(value) == expected


@pytest.mark.parametrize("value", ["0", "-3", str(2**63), "9" * 5000, "x", "", "1.0", "٣", "0x1"])
def test_article_ids_out_of_range_or_not_numbers(value):
    with pytest.raises(argparse.ArgumentTypeError):
        checks.article_id(value)


def test_the_output_may_not_be_the_database(tmp_path):
    db = tmp_path / "duizhao.sqlite3"
    db.write_bytes(b"SQLite format 3\x00" + b"\x00" * 1000)
    link = tmp_path / "deck.apkg"
    link.symlink_to(db.name)
    for name in (str(db), str(link)):
        with pytest.raises(InputError, match="it is the database"):
            checks.writable_output(checks.output_path(name), str(db))


def test_a_folder_is_an_output_only_when_allowed(tmp_path):
    assert checks.writable_output(str(tmp_path), None, folder_ok=True) == tmp_path
    with pytest.raises(InputError, match="it is a folder"):
        checks.writable_output(str(tmp_path), None)


def test_duizhao_db_is_checked_like_db(monkeypatch, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("precious")
    monkeypatch.setenv("DUIZHAO_DB", str(notes))
    with pytest.raises(InputError, match="^DUIZHAO_DB .*not an SQLite file"):
        checks.default_database()
    assert notes.read_text() == "precious"
