"""``duizhao extract``."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader.cli import main

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed"
INGEST = FIXTURES / "ingest"


def test_json_output(capsys):
    assert main(["extract", str(SEED / "qiantang-zh.html"), str(SEED / "qiantang-en.txt"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("title", "date", "author", "site", "source_url", "encoding", "zh", "en"):
        assert key in data
    assert data["title"] == "钱塘组建隔离人员临时党支部 打造出最安全最暖心的隔离点"
    assert data["date"] == "2022-02-04" and data["encoding"] == "gb18030"
    assert len(data["zh"]) == 8 and len(data["en"]) == 1


def test_json_english_only_page_has_empty_chinese_side(capsys, tmp_path):
    page = tmp_path / "post.html"
    page.write_bytes((INGEST / "wordpress-en.html").read_bytes())
    assert main(["extract", str(page), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["zh"] == [] and len(data["en"]) == 3 and data["source_url"].startswith("https://riverside")


def test_bilingual_json_has_pairs(capsys):
    assert main(["extract", str(SEED / "qiantang-bilingual.html"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["zh"]) == len(data["en"]) == len(data["pairs"]) == 21


def test_readable_summary(capsys):
    assert main(["extract", str(INGEST / "taiwan-big5.html")]) == 0
    out = capsys.readouterr().out
    assert "高雄港區舊倉庫變身藝文空間 假日人潮湧現" in out and "big5hkscs" in out and "2023-03-08" in out


@pytest.mark.parametrize("make", [lambda p: p / "missing.html", lambda p: p])
def test_bad_input_is_one_line_exit_2(capsys, tmp_path, make):
    assert main(["extract", str(make(tmp_path))]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("duizhao: error: ")


def test_binary_file_through_the_real_command(tmp_path):
    path = tmp_path / "photo.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    result = subprocess.run([sys.executable, "-m", "reader", "extract", str(path), "--json"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stdout == "" and "Traceback" not in result.stderr
    assert result.stderr.strip() == f"duizhao: error: {path} looks like a PNG image, not a web page or text file"
