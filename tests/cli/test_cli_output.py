"""reader.cli.output: file names that are not UTF-8 are read and printed safely in every locale."""

from __future__ import annotations

import io
import json
import os
import shutil

import pytest

from reader.cli.output import dumps, one_line, setup_streams
from tests.cli.conftest import BUNDLE, run_duizhao

LOCALES = {
    "C": {"LC_ALL": "C"},
    "C.UTF-8-strict": {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "utf-8:strict"},
    "ascii-strict": {"LC_ALL": "C", "PYTHONIOENCODING": "ascii:strict"},
    "gb18030": {"LC_ALL": "C.UTF-8", "PYTHONIOENCODING": "gb18030:strict"},
}


def _encoding(env: dict[str, str]) -> str:
    """What stdout is written in: PYTHONIOENCODING's, except in the built program, which ignores PYTHON*
    variables (PyInstaller's isolated interpreter) and writes UTF-8."""
    return "utf-8" if BUNDLE else env.get("PYTHONIOENCODING", "utf-8").split(":")[0]


@pytest.mark.parametrize("env", LOCALES.values(), ids=LOCALES.keys())
def test_extract_of_a_file_whose_name_is_not_utf8(zoo, env, tmp_path):
    raw = os.fsencode(tmp_path) + b"/r\xe9cit-zh.txt"
    name = os.fsdecode(raw)
    shutil.copy(zoo["good_zh"], name)
    shutil.copy(zoo["good_en"], os.fsdecode(raw.replace(b"-zh.txt", b"-zh-en.txt")))
    text = run_duizhao(zoo, "extract", name, env=env)
    assert text.returncode == 0, text.stderr
    assert b"r\\xe9cit-zh-en.txt" in text.stdout  # the English sibling's name, escaped
    as_json = run_duizhao(zoo, "extract", name, "--json", env=env)
    assert as_json.returncode == 0, as_json.stderr
    record = json.loads(as_json.stdout.decode(_encoding(env)))
    assert os.fsencode(record["en_path"]) == raw.replace(b"-zh.txt", b"-zh-en.txt")  # round-trips to the bytes
    assert record["title"].startswith("钱塘")


@pytest.mark.parametrize("env", LOCALES.values(), ids=LOCALES.keys())
def test_exports_to_a_name_that_is_not_utf8(zoo, env, tmp_path):
    raw = os.fsencode(tmp_path)
    for argv, suffix in ((["annotations", "export", "--format", "json"], b".json"), (["export-anki"], b".apkg")):
        target = os.fsdecode(raw + b"/notes-\xff" + suffix)
        result = run_duizhao(zoo, *argv, "-o", target, "--db", zoo["good_db"], env=env)
        assert result.returncode == 0, result.stderr
        assert os.path.isfile(target)
        assert b"notes-\\xff" in result.stdout
    assert sorted(os.listdir(raw)) == [b"notes-\xff.apkg", b"notes-\xff.json"]  # no temporary file left


def test_words_list_json_in_an_ascii_locale(zoo):
    result = run_duizhao(zoo, "words", "list", "--json", "--db", zoo["good_db"], env=LOCALES["ascii-strict"])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.decode(_encoding(LOCALES["ascii-strict"])))["simplified"] == "党员"


def test_json_escapes_lone_surrogates_and_stays_readable():
    stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    text = dumps({"path": "caf\udce9.txt", "title": "钱塘"}, stream)
    assert "钱塘" in text and "\\udce9" in text
    assert os.fsencode(json.loads(text)["path"]) == b"caf\xe9.txt"
    ascii_stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert json.loads(dumps("钱塘", ascii_stream)) == "钱塘"


def test_one_line_escapes_line_breaks_and_controls():
    assert one_line("a\nb\r\x1b[31mc\u2028") == "a\\nb\\r\\x1b[31mc\\u2028"


def test_streams_escape_what_they_cannot_encode(monkeypatch):
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="ascii", errors="strict")
    monkeypatch.setattr("sys.stdout", stream)
    setup_streams()
    print("caf\udce9 钱", file=stream)
    stream.flush()
    assert raw.getvalue() == b"caf\\xe9 \\u94b1\n"
