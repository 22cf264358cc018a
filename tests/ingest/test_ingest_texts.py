"""A file's clean texts before the store and the text core load (:mod:`reader.ingest.texts`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.errors import InputError
from reader.ingest.texts import preview_texts, read_texts
from reader.library import Library
from tests.conftest import long_seed_page

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "seed"
ZH, EN = SEED / "qiantang-zh.txt", SEED / "qiantang-en.txt"


def test_read_texts_reads_what_open_article_stores_and_loads_no_store(tmp_path):
    code = ("import sys; from reader.ingest.texts import read_texts; r = read_texts(sys.argv[1], sys.argv[2]); "
            "print(len(r.zh_text), 'reader.store' in sys.modules, 'reader.text' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(ZH), str(EN)], capture_output=True, text=True,
                          timeout=120, cwd=Path(__file__).resolve().parents[2])
    count, store, text = done.stdout.split()
    assert int(count) > 500 and store == "False" and text == "False", done.stderr
    read = read_texts(ZH, EN)
    with Library(tmp_path / "db.sqlite3") as library:
        view = library.open_article(ZH, EN, read=read)
        assert view.zh.text == read.zh_text and view.en_text == read.en_text
        assert view.info.title == read.title and read.title


def test_open_article_takes_what_was_read_only_for_the_same_files(tmp_path):
    zh = tmp_path / "story.txt"
    zh.write_text("标题\n\n第一段，说了一件事。\n\n第二段，又说了一件事。", encoding="utf-8")
    read = read_texts(zh)
    zh.write_text("标题\n\n改过的文字，只有一段。", encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text("别的文章\n\n别的内容，完全不同。", encoding="utf-8")
    with Library(tmp_path / "db.sqlite3") as library:
        assert "第二段" in library.open_article(zh, read=read).zh.text  # not read again
        assert "别的内容" in library.open_article(other, read=read).zh.text  # another file: read
        assert "改过" in library.open_article(zh, english=None).zh.text
    with pytest.raises(InputError):
        read_texts(tmp_path / "missing.txt")


def test_a_preview_is_a_long_files_beginning_and_never_taken_for_the_whole(tmp_path):
    path = long_seed_page(tmp_path)
    whole, preview = read_texts(path), preview_texts(path)
    assert preview is not None and preview.extracted is None and not preview.matches(path, None)
    assert whole.matches(path, None) and not whole.matches(path, path)
    assert 0 < len(preview.zh_text) < len(whole.zh_text) and preview.title == whole.title
    assert whole.zh_text.startswith(preview.zh_text.rsplit("\n", 1)[0])
    short = tmp_path / "short.txt"
    short.write_text("标题\n\n一段很短的文字。", encoding="utf-8")
    assert preview_texts(short) is None and preview_texts(tmp_path / "missing.txt") is None
