"""``duizhao gloss``: a text file is glossed whole and line for line; long texts stream in pieces."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli.gloss import CHUNK_CHARS, chunks, glossed

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, DUIZHAO_DB=str(cwd / "db.sqlite3"))
    return subprocess.run([sys.executable, "-m", "reader", *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("text, size", [
    ("一二三。\n四五六。\n七八九。\n", 6),   # cut after line breaks
    ("一二三。四五六。七八九。", 5),         # no line break: after a sentence end
    ("一二三四五六七八九十", 4),             # neither: at the size
    ("短。", 50),
])
def test_chunks_cover_the_text_in_order(text, size):
    pieces = list(chunks(text, size))
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= size for _, piece in pieces)
    assert [offset for offset, _ in pieces] == [sum(len(p) for _, p in pieces[:i]) for i in range(len(pieces))]


def test_tokens_of_a_long_text_have_offsets_into_the_whole_text():
    line = "他去银行取钱，行长请他还钱。\n"
    text = line * (CHUNK_CHARS // len(line) + 50)
    done = []
    tokens = list(glossed(text, done.append))
    assert len(done) == 2 and done[-1] == len(text)
    assert all(text[tok["start"]:tok["end"]] == tok["text"] for tok in tokens)
    readings = {tok["pinyin_numbers"] for tok in tokens if tok["text"] == "银行"}
    assert readings == {"yin2 hang2"}
    assert tokens[-1]["end"] == len(text) - 1   # the last line break is a space token, left out


def test_a_text_file_keeps_every_line_and_character(tmp_path):
    # lines an article reader drops (a timetable, a list of names, a repeated line, a zero-width space)
    lines = ["此塔的所在位置还曾经修建过一座舍利塔。", "早 粉洲 7:05 横山小学", "张庆昉 张和平 沈 丹（女）",
             "此塔的所在位置还曾经修建过一座舍利塔。", "\u200b在冬季，珊瑚礁是海豚迁徙路线的一部分。"]
    page = tmp_path / "lines.txt"
    page.write_text("\r\n".join(lines) + "\r\n", encoding="gb18030")
    result = run_cli("gloss", str(page), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["text"] == "\n".join(lines) + "\n"
    assert all(document["text"][t["start"]:t["end"]] == t["text"] for t in document["tokens"])


def test_a_long_file_streams_with_progress_on_stderr(tmp_path):
    page = tmp_path / "long.txt"
    page.write_text("钱塘组建隔离人员临时党支部。\n" * (CHUNK_CHARS // 15 + 100), encoding="utf-8")
    result = run_cli("gloss", str(page), "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    progress = result.stderr.splitlines()
    assert len(progress) == 2 and progress[-1].endswith("(100 %)"), progress
    document = json.loads(result.stdout)
    assert sum(t["text"] == "。" for t in document["tokens"]) == CHUNK_CHARS // 15 + 100
