"""preview_article: a long text file's beginning, read as the whole file's reading begins."""

from pathlib import Path

import pytest

from reader.ingest import load_article, preview_article
from reader.ingest.loader import PREVIEW_BYTES
from tests.conftest import long_seed_page

SEED = Path(__file__).resolve().parent.parent / "fixtures" / "seed"


@pytest.mark.parametrize(("encoding", "newline"), [("utf-8", "\n"), ("gb18030", "\r\n"), ("utf-8-sig", "\n")])
def test_a_long_text_files_preview_begins_as_its_whole_reading(tmp_path, encoding, newline):
    path = long_seed_page(tmp_path, encoding=encoding, newline=newline)
    assert path.stat().st_size > 4 * PREVIEW_BYTES
    whole = load_article(path)
    preview = preview_article(path)
    assert preview is not None
    assert (preview.title, preview.date) == (whole.title, whole.date)
    assert whole.author == "韩中美" and preview.author is None  # this page names its editor at the end
    assert 10 < len(preview.zh) < len(whole.zh) // 4
    # Every paragraph but the last is the whole reading's; the last may stop early.
    assert preview.zh[:-1] == whole.zh[:len(preview.zh) - 1]
    assert whole.zh[len(preview.zh) - 1].startswith(preview.zh[-1])
    assert not any("杭州网首页" in p or "所在位置" in p for p in preview.zh)  # never the navigation


def test_the_english_sibling_is_read_whole_when_short(tmp_path):
    path = long_seed_page(tmp_path, "story-zh.txt")
    (tmp_path / "story-en.txt").write_bytes((SEED / "qiantang-en.txt").read_bytes())
    preview = preview_article(path)
    whole = load_article(path)
    assert preview.en == whole.en and preview.en_path == whole.en_path == str(tmp_path / "story-en.txt")


def test_a_long_english_file_gives_its_beginning(tmp_path):
    path = long_seed_page(tmp_path)
    english = tmp_path / "english.txt"
    sentence = (SEED / "qiantang-en.txt").read_text(encoding="utf-8").split("\n\n")[1].strip()
    english.write_text("\n\n".join(f"{sentence} ({n})" for n in range(200)), encoding="utf-8")
    preview = preview_article(path, english)
    whole = load_article(path, english)
    assert 0 < len(preview.en) < len(whole.en)
    assert preview.en[:-1] == whole.en[:len(preview.en) - 1]


@pytest.mark.parametrize("case", ["short", "html", "utf-16", "missing", "no-chinese"])
def test_no_preview_where_the_whole_file_must_be_read(tmp_path, case):
    path = tmp_path / "page.txt"
    if case == "short":
        path.write_bytes((SEED / "qiantang-zh.txt").read_bytes())
    elif case == "html":
        path = tmp_path / "page.html"
        page = (SEED / "qiantang-zh.html").read_bytes()
        path.write_bytes(page + b"<!-- padding -->\n" * (PREVIEW_BYTES // 16))
    elif case == "utf-16":
        path.write_bytes(long_seed_page(tmp_path).read_text(encoding="utf-8").encode("utf-16"))
    elif case == "no-chinese":
        path.write_text("Nothing but English here, line after line.\n" * 4000, encoding="utf-8")
    assert preview_article(path) is None
