"""Pairing with an English version: argument, sibling file, pasted text."""

from pathlib import Path

import pytest

from reader.errors import InputError
from reader.ingest import find_english_sibling, load_article, load_english

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed"
INGEST = FIXTURES / "ingest"

ZH_TEXT = "清晨的菜市场总是最热闹的地方，摊主们一边整理蔬菜，一边和熟客打招呼。\n\n市场去年完成了改造，地面更干净了。\n"
EN_TEXT = "Morning market\n\nThe morning market is always the busiest place in town.\n\nIt was renovated last year.\n"


def _as_page(text: str, name: str) -> str:
    if not name.endswith(".html"):
        return text
    blocks = text.strip().split("\n\n")
    return f"<html><head><title>{blocks[0]}</title></head><body><h1>{blocks[0]}</h1>" + "".join(
        f"<p>{b}</p>" for b in blocks[1:]) + "</body></html>"


@pytest.mark.parametrize(
    "chinese,english",
    [
        ("story.txt", "story-en.txt"),
        ("story.txt", "story_en.txt"),
        ("story.txt", "story.en.txt"),
        ("story.txt", "storyenglish.txt"),
        ("story.html", "story-english.html"),
        ("story-zh.txt", "story-en.txt"),
        ("story_cn.html", "story_en.html"),
        ("Story.TXT", "Story-EN.txt"),
    ],
)
def test_sibling_names(tmp_path, chinese, english):
    (tmp_path / chinese).write_text(_as_page("标题\n\n" + ZH_TEXT, chinese), encoding="utf-8")
    (tmp_path / english).write_text(_as_page(EN_TEXT, english), encoding="utf-8")
    (tmp_path / "other-en.txt").write_text(EN_TEXT, encoding="utf-8")
    assert find_english_sibling(tmp_path / chinese) == tmp_path / english
    article = load_article(tmp_path / chinese)
    assert article.en_path == str(tmp_path / english)
    assert article.en == ("The morning market is always the busiest place in town.", "It was renovated last year.")
    assert article.en_title == "Morning market"


@pytest.mark.parametrize("name", ["story-en.pdf", "story-en", "story-end.txt", "storyen.txt"])
def test_not_siblings(tmp_path, name):
    (tmp_path / "story.txt").write_text(ZH_TEXT, encoding="utf-8")
    (tmp_path / name).write_text(EN_TEXT, encoding="utf-8")
    assert find_english_sibling(tmp_path / "story.txt") is None
    assert load_article(tmp_path / "story.txt").en == ()


def test_explicit_english_file_wins_over_sibling(tmp_path):
    (tmp_path / "story.txt").write_text(ZH_TEXT, encoding="utf-8")
    (tmp_path / "story-en.txt").write_text("Sibling title\n\nThe sibling text is here.\n", encoding="utf-8")
    article = load_article(tmp_path / "story.txt", english=SEED / "qiantang-en.html")
    assert article.en_path == str(SEED / "qiantang-en.html")
    assert len(article.en) == 1 and article.en[0].startswith("In hangzhou qiantang district")


def test_broken_sibling_is_ignored(tmp_path):
    (tmp_path / "story.txt").write_text(ZH_TEXT, encoding="utf-8")
    (tmp_path / "story-en.txt").write_bytes(b"")
    article = load_article(tmp_path / "story.txt")
    assert article.en == () and article.en_path is None and len(article.zh) == 2


def test_broken_explicit_english_file_is_an_error(tmp_path):
    (tmp_path / "story.txt").write_text(ZH_TEXT, encoding="utf-8")
    with pytest.raises(InputError, match="no such file"):
        load_article(tmp_path / "story.txt", english=tmp_path / "missing-en.txt")


def test_load_english_from_files():
    assert load_english(SEED / "qiantang-en.txt") == load_english(SEED / "qiantang-en.html")
    assert len(load_english(INGEST / "wordpress-en.html")) == 3
    # A bilingual page gives its English side.
    assert len(load_english(SEED / "qiantang-bilingual.html")) == 21


def test_load_english_pasted_text_is_kept_whole():
    pasted = "  First line, a title\n\nA paragraph that\nwas wrapped.\r\n\r\nLeave a Reply\n"
    assert load_english(text=pasted) == ("First line, a title", "A paragraph that", "was wrapped.", "Leave a Reply")
