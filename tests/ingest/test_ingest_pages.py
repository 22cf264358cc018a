"""Hand-written pages in the shapes real sites use (tests/fixtures/ingest)."""

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.ingest import load_article

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INGEST = FIXTURES / "ingest"

# file, title, date, author, site, source_url, encoding, first zh paragraph starts, n_zh, n_en, text that must be gone
PAGES = [
    ("portal-gbk.html", "江畔社区建起“共享书房” 老街坊有了读书新去处", "2023-05-12", "王晓明", "滨江新闻网",
     "http://news.portal.example.invalid/2023/0512.shtml", "gb18030", "五月的一个清晨", 4, 0,
     ("首页", "当前位置", "发布时间", "责任编辑", "相关阅读", "热点排行", "版权所有", "地铁三号线", "记者")),
    ("taiwan-big5.html", "高雄港區舊倉庫變身藝文空間 假日人潮湧現", "2023-03-08", "林雅婷", "南方日報", None,
     "big5hkscs", "高雄港邊閒置多年", 3, 0, ("首頁", "延伸閱讀", "版權所有", "民國")),
    ("taiwan-utf8.html", "台中綠園道增設遮蔭步道 市民散步更舒適", "2023-07-15", "陳冠宇", "中台灣新聞",
     "https://news.central.example.invalid/article/20230715-shade", "utf-8", "夏季高溫持續", 3, 0,
     ("熱門新聞", "颱風", "版權所有", "2023/07/15")),
    ("portal-people.html", "多地推进老旧小区加装电梯", "2024-03-05", None, "人民网", None, "utf-8", "今年以来", 3, 0,
     ("责编", "热点推荐", "版权所有", "人民网首页")),
    ("portal-sina.html", "研究人员发现新的候鸟迁徙路线", "2024-04-10", None, "新浪科技", None, "utf-8", "新浪科技讯", 3, 0,
     ("责任编辑", "新浪声明", "我要评论", "新浪首页")),
    ("county-table-gbk.html", "县里举办农民丰收节", "2019-09-23", "李明", None, None, "gb18030", "九月二十三日", 3, 0,
     ("首页", "打印本页", "主办单位", "作者")),
    ("chrome-saved.mhtml", "山区小学用上了“空中课堂”", "2024-09-02", None, "晨报",
     "https://morning.example.invalid/edu/20240902/classroom.html", "utf-8", "开学第一天", 3, 0,
     ("首页", "来源", "logo")),
]


@pytest.fixture
def alone(tmp_path):
    """Copy a fixture into an empty folder (no sibling files)."""

    def copy(name):
        target = tmp_path / name
        shutil.copyfile(INGEST / name, target)
        return target

    return copy


@pytest.mark.parametrize("name,title,date,author,site,url,encoding,first,n_zh,n_en,gone", PAGES, ids=[p[0] for p in PAGES])
def test_chinese_pages(alone, name, title, date, author, site, url, encoding, first, n_zh, n_en, gone):
    article = load_article(alone(name))
    assert (article.title, article.date, article.author, article.site) == (title, date, author, site)
    assert article.source_url == url
    assert article.encoding == encoding
    assert len(article.zh) == n_zh and len(article.en) == n_en
    assert article.zh[0].startswith(first)
    body = "\n".join(article.zh)
    for marker in gone:
        assert marker not in body, marker
    assert all(p == p.strip() and "  " not in p and "\xa0" not in p for p in article.zh)


def test_gbk_only_characters_survive(alone):
    # 喆 and 堃 are GBK but not GB2312: decoding by the declared label would garble them.
    body = "".join(load_article(alone("portal-gbk.html")).zh)
    assert "陈喆" in body and "刘堃" in body and "\ufffd" not in body


def test_wordpress_post_without_comments(alone):
    article = load_article(alone("wordpress-en.html"))
    assert article.zh == ()
    assert article.title == article.en_title == "River town opens a shared reading room"
    assert (article.date, article.author, article.site) == ("2023-05-12", "Mary Lee", "Riverside Weekly")
    assert len(article.en) == 3 and article.en[0].startswith("Early on a May morning")
    text = " ".join(article.en)
    for marker in ("lovely idea", "Leave a Reply", "email address", "Posted in", "WordPress", "thoughts on"):
        assert marker not in text


def test_bilingual_block_split_inside_paragraphs(alone):
    article = load_article(alone("bilingual-block.html"))
    assert article.title == "城市夜跑热" and article.en_title == "Night running craze in the city"
    assert article.zh == ("越来越多的年轻人下班后选择去江边夜跑。", "市里新修的跑道全长十二公里，沿途有照明和补水点。", "一位跑者说，夜跑让她睡得更好了。")
    assert article.en[0] == "More and more young people go for a run along the river after work."
    assert article.pairs == ((0, 0), (1, 1), (2, 2))


TEXTS = [
    # file, title, date, encoding, paragraphs (prefixes)
    ("gbk-text.txt", "gbk-text", "2021-10-03", "gb18030", ("国庆假期第三天", "园区工作人员介绍", "为了避免拥堵")),
    ("big5-text.txt", "big5-text", None, "big5hkscs", ("花蓮縣政府今天宣布", "縣府提醒")),
    ("prose-only.txt", "prose-only", None, "utf-8", ("清晨的菜市场", "卖豆腐的老张", "市场去年完成了改造")),
]


@pytest.mark.parametrize("name,title,date,encoding,starts", TEXTS, ids=[t[0] for t in TEXTS])
def test_text_files(alone, name, title, date, encoding, starts):
    article = load_article(alone(name))
    assert (article.title, article.date, article.encoding) == (title, date, encoding)
    assert len(article.zh) == len(starts)
    assert all(p.startswith(s) for p, s in zip(article.zh, starts))
    assert not any("版权" in p or "首页" in p for p in article.zh)


def test_prose_only_text_comes_through_whole(alone):
    source = (INGEST / "prose-only.txt").read_text(encoding="utf-8")
    article = load_article(alone("prose-only.txt"))
    assert article.zh == tuple(p.strip() for p in source.split("\n\n") if p.strip())


def test_text_with_title_line_and_hard_wrapped_english(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "A new bridge opens over the river\n\n"
        "The city opened a new footbridge on Monday, linking the old town with the\n"
        "railway station and cutting the walk between them from twenty minutes to\n"
        "about five minutes for most commuters who cross the river every day.\n\n"
        "Officials said the bridge cost less than planned and was finished early.\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.title == "A new bridge opens over the river"
    assert article.en == (
        "The city opened a new footbridge on Monday, linking the old town with the railway station and cutting "
        "the walk between them from twenty minutes to about five minutes for most commuters who cross the river every day.",
        "Officials said the bridge cost less than planned and was finished early.",
    )


def test_bilingual_table_english_first(alone):
    article = load_article(alone("bilingual-table.html"))
    assert article.title == "春茶开采"  # the Chinese half of a mixed <title>
    assert article.en_title == "Spring tea harvest begins in the hills"
    assert len(article.zh) == len(article.en) == 4 and article.pairs == tuple((i, i) for i in range(4))
    assert article.zh[0] == "本周，山区茶农开始采摘第一批春茶。"
    assert article.en[0].startswith("Tea farmers in the hills")
    assert not any("Copyright" in p or "Home" in p for p in article.en)


def test_first_paragraph_starting_with_a_date_is_kept(tmp_path):
    path = tmp_path / "dated.html"
    path.write_text(
        "<html><head><title>会议召开_某网</title></head><body><h1>会议召开</h1><p>2024年3月5日</p>"
        "<div class='text'><p>2024年3月5日，国务院召开常务会议。</p><p>会议研究了多项工作安排，并作出了部署。</p></div></body></html>",
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.zh == ("2024年3月5日，国务院召开常务会议。", "会议研究了多项工作安排，并作出了部署。")
    assert article.date == "2024-03-05"


@pytest.mark.parametrize(
    "name,data",
    [("saved.txt", "<!DOCTYPE html><html><body><h1>社区书房开放</h1><p>正文第一段，内容足够长，能被识别为文章。</p></body></html>"),
     ("plain.html", "社区书房开放\n\n正文第一段，内容足够长，能被识别为文章。\n")],
)
def test_content_decides_between_text_and_markup(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(data, encoding="utf-8")
    article = load_article(path)
    assert article.title == "社区书房开放" and article.zh == ("正文第一段，内容足够长，能被识别为文章。",)


def test_scraped_english_text(tmp_path):
    path = tmp_path / "scraped.txt"
    path.write_text(
        "Skip to content\nHome News Sport Business Culture\nSearch\n"
        "River town opens a shared reading room\nBy Mary Lee\n12 May 2023\n"
        "Early on a May morning, a dozen residents were already waiting outside the new reading room.\n"
        "Most of the books were donated by neighbours, from picture books to local history.\n"
        "Volunteers take turns running the room, and there are family reading hours at weekends.\n"
        "Share this article\nRelated stories\nReading rooms spread across the region\n"
        "Copyright 2023 Riverside Weekly. All rights reserved.\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert (article.title, article.author, article.date) == ("River town opens a shared reading room", "Mary Lee", "2023-05-12")
    assert len(article.en) == 3 and article.en[0].startswith("Early on a May morning")
    assert article.en[-1].endswith("at weekends.")


def test_indented_hard_wrapped_chinese_text(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(
        "老街坊的读书角\n\n"
        "\u3000\u3000清晨的菜市场总是最热闹的地方，摊主们一边整理蔬菜，一边和熟客打\n招呼，空气里弥漫着豆浆的香味。\n"
        "\u3000\u3000卖豆腐的老张在这里干了二十年，他说现在年轻人也开始早起买菜\n了，有的人还会拍视频。\n"
        "\u3000\u3000市场去年完成了改造。\n",
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.title == "老街坊的读书角"
    assert article.zh == (
        "清晨的菜市场总是最热闹的地方，摊主们一边整理蔬菜，一边和熟客打招呼，空气里弥漫着豆浆的香味。",
        "卖豆腐的老张在这里干了二十年，他说现在年轻人也开始早起买菜了，有的人还会拍视频。",
        "市场去年完成了改造。",
    )


_CLAUSES = ["清晨的菜市场总是很热闹", "摊主们一边整理蔬菜", "老张在这里干了二十年", "年轻人也开始早起买菜",
            "市场去年完成了改造", "通道比以前宽了许多", "附近居民都很满意", "他说生意比往年好", "好"]
_ENDS = ["。", "！", "？", "。”", "……"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.tuples(st.lists(st.sampled_from(_CLAUSES), min_size=1, max_size=4), st.sampled_from(_ENDS)),
                         min_size=1, max_size=4), min_size=1, max_size=8))
def test_any_prose_only_text_comes_through_whole(tmp_path_factory, spec):
    paragraphs = ["".join("，".join(clauses) + end for clauses, end in sentences) for sentences in spec]
    path = tmp_path_factory.mktemp("prose") / "story.txt"
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    assert load_article(path).zh == tuple(paragraphs)


@pytest.mark.parametrize(
    "raw,headings,title,site",
    [
        ("钱塘组建隔离人员临时党支部 打造出最安全最暖心的隔离点_杭网议事厅", ["钱塘组建隔离人员临时党支部 打造出最安全最暖心的隔离点"],
         "钱塘组建隔离人员临时党支部 打造出最安全最暖心的隔离点", "杭网议事厅"),
        ("多地推进老旧小区加装电梯--社会·法治--人民网", [], "多地推进老旧小区加装电梯", "人民网"),
        ("国务院召开常务会议-新华网", [], "国务院召开常务会议", "新华网"),
        ("国务院常务会议部署推进新型城镇化工作-新华网", ["国务院常务会议部署推进新型城镇化工作"],
         "国务院常务会议部署推进新型城镇化工作", "新华网"),
        ("坚持人民至上——记一位基层干部_新闻中心", [], "坚持人民至上——记一位基层干部", "新闻中心"),
        ("River town opens a shared reading room – Riverside Weekly", [], "River town opens a shared reading room",
         "Riverside Weekly"),
        ("Riverside Weekly | River town opens a shared reading room", ["River town opens a shared reading room"],
         "River town opens a shared reading room", "Riverside Weekly"),
        ("A well-known bridge reopens", [], "A well-known bridge reopens", None),
        ("钱塘组建隔离点 中英对照", ["钱塘组建隔离点"], "钱塘组建隔离点", None),
        ("", ["只有标题"], "只有标题", None),
    ],
)
def test_choose_title(raw, headings, title, site):
    from reader.ingest.html import choose_title

    assert choose_title(raw, headings, None) == (title, site)


def test_first_subheading_stays_but_english_headline_goes(tmp_path):
    path = tmp_path / "meeting.html"
    path.write_text(
        "<html><head><title>会议召开_某网</title></head><body><h1>会议召开</h1><h2>English title of the meeting</h2>"
        "<div class='text'><h3>一、会议背景</h3><p>会议研究了多项工作安排，并作出了部署。</p><p>第二段内容也在这里。</p></div></body></html>",
        encoding="utf-8",
    )
    article = load_article(path)
    assert article.zh == ("一、会议背景", "会议研究了多项工作安排，并作出了部署。", "第二段内容也在这里。")
    assert article.en == ()
