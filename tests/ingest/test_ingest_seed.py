"""Acceptance on the seed pages and texts (issue #3)."""

import json
from pathlib import Path

import pytest

from reader.ingest import NORMALIZER_VERSION, load_article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SEED = FIXTURES / "seed"

TITLE_ZH = "钱塘组建隔离人员临时党支部 打造出最安全最暖心的隔离点"
TITLE_EN = (
    "Hangzhou Qiantang district set up isolation personnel temporary party branch "
    "to create the safest and most warm heart isolation point"
)
BOILERPLATE = ("杭州网首页", "所在位置", "hwyst.hangzhou.com.cn", "来源:", "相关阅读", "版权", "免责", "杭网议事厅动态",
               "联系我们", "地址:", "许可证", "Copyright", "暖心!钱塘", "·")


def seed_body_paragraphs() -> list[str]:
    """The article body of qiantang-zh.txt: the lines between the dateline and the source line."""
    lines = (SEED / "qiantang-zh.txt").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if "2022年02月04日" in line) + 1
    end = next(i for i, line in enumerate(lines) if line.startswith("来源:"))
    return [line.strip() for line in lines[start:end] if line.strip()]


def seed_english_paragraph() -> str:
    return (SEED / "qiantang-en.txt").read_text(encoding="utf-8").split("\n\n")[1].strip()


def test_seed_body_is_what_the_gold_file_says():
    # The gold alignment's Chinese spans, concatenated, are the same body text.
    gold = json.loads((SEED / "seed-gold-alignment.json").read_text(encoding="utf-8"))
    assert "".join(p["zh"] for p in gold["pairs"]) == "".join(seed_body_paragraphs())


@pytest.mark.parametrize("name", ["qiantang-zh.html", "qiantang-zh.txt"])
def test_chinese_seed(tmp_path, name):
    # Copied alone so the English sibling does not come along.
    target = tmp_path / name
    target.write_bytes((SEED / name).read_bytes())
    article = load_article(target)
    assert article.title == TITLE_ZH
    assert article.date == "2022-02-04"
    assert article.author == "韩中美"
    assert list(article.zh) == seed_body_paragraphs()
    assert article.en == () and article.pairs == () and article.en_path is None
    assert article.normalizer_version == NORMALIZER_VERSION
    for paragraph in article.zh:
        assert not any(marker in paragraph for marker in BOILERPLATE), paragraph


def test_chinese_seed_text_names_its_site():
    # The scraped .txt has no <title> suffix: its source line names the publication.
    assert load_article(SEED / "qiantang-zh.txt").site == "杭州网"


def test_chinese_seed_page_metadata():
    article = load_article(SEED / "qiantang-zh.html", english=SEED / "qiantang-en.html")
    assert article.encoding == "gb18030"  # declared gb2312, bytes are GBK
    assert article.site == "杭网议事厅"
    assert article.en == (seed_english_paragraph(),)
    assert article.en_title == TITLE_EN
    assert article.en_path == str(SEED / "qiantang-en.html")


@pytest.mark.parametrize("name", ["qiantang-en.html", "qiantang-en.txt"])
def test_english_seed(name):
    article = load_article(SEED / name)
    assert article.zh == ()
    assert article.en == (seed_english_paragraph(),)
    assert article.title == TITLE_EN
    text = " ".join(article.en)
    assert "Leave a Reply" not in text and "Your email address" not in text


def test_english_seed_page_date_and_site():
    article = load_article(SEED / "qiantang-en.html")
    assert article.date == "2022-02-05"
    assert article.site == "China News Digest"


def test_bilingual_seed_is_split_and_paired():
    gold = json.loads((SEED / "seed-gold-alignment.json").read_text(encoding="utf-8"))
    article = load_article(SEED / "qiantang-bilingual.html")
    assert len(article.zh) == 21 and len(article.en) == 21
    assert article.pairs == tuple((i, i) for i in range(21))
    assert [(article.zh[i], article.en[j]) for i, j in article.pairs] == [(p["zh"], p["en"]) for p in gold["pairs"]]
    assert article.title == gold["title"]["zh"]
    assert article.en_title == gold["title"]["en"]
    assert not any("All rights reserved" in p or "首页" in p for p in article.zh + article.en)


def test_chinese_text_finds_its_english_sibling():
    article = load_article(SEED / "qiantang-zh.txt")
    assert article.en_path == str(SEED / "qiantang-en.txt")  # same kind of file preferred over .html
    assert article.en == (seed_english_paragraph(),)
    assert article.en_title == TITLE_EN
