"""Only the article, all of it: WeChat pages, portal boilerplate, feeds, paragraph shapes, code (hand-written pages)."""

import shutil
from pathlib import Path

import pytest

from reader.ingest import load_article
from reader.ingest.cleanup import clean_paragraphs, is_promo, is_teaser_head, strip_glued_credit
from reader.ingest.heuristics import find_author
from reader.ingest.language import is_code_or_junk, split_sides

INGEST = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


@pytest.fixture
def alone(tmp_path):
    """Copy a fixture into an empty folder (no sibling files)."""

    def copy(name):
        target = tmp_path / name
        shutil.copyfile(INGEST / name, target)
        return target

    return copy


def write(tmp_path, body: str, encoding: str = "utf-8", name: str = "page.html") -> Path:
    page = tmp_path / name
    if encoding == "big5":
        head, nav, foot = "測試標題-示例網", '<a href="/">首頁</a> <a href="/n">新聞</a>', "版權所有 示例網"
    else:
        head, nav, foot = "测试标题-示例网", '<a href="/">首页</a> <a href="/n">新闻</a>', "版权所有 示例网"
    page.write_bytes((f'<html><head><meta charset="{encoding}"><title>{head}</title></head><body>'
                      f'<div class="nav">{nav}</div><h1>{head.split("-")[0]}</h1>{body}'
                      f'<div class="footer">{foot}</div></body></html>').encode(encoding))
    return page


def sentence(i: int) -> str:
    return f"这是第{i}段，它讲述了城里新开的一座图书馆，很多市民周末带着孩子去那里看书和参加活动。"


def traditional(i: int) -> str:
    return f"這是第{i}段，它講述了城裡新開的一座圖書館，很多市民週末帶著孩子去那裡看書和參加活動。"


# -- WeChat ----------------------------------------------------------------------------------------------------------

WECHAT_BODY = (
    "每年十一月，郊野公园的银杏林都会变成一片金黄，吸引很多市民专程来拍照散步。",
    "今年的最佳观赏期比往年晚了一周左右，管理处说这和十月份偏暖的天气有关。",
    "怎么去",
    "地铁五号线到终点站，换乘接驳车",
    "自驾可以停在北门停车场",
    "公园开放了新的步道，沿着湖边走一圈大约需要四十分钟。",
    "如果想查看实时客流，可以用下面这段小程序代码：",
    "管理处提醒大家不要攀折树枝，也不要在林中使用明火。",
    "落叶季节只有短短两周，想去的朋友要抓紧时间。",
)


def test_wechat_section_span_page(alone):
    article = load_article(alone("wechat-section.html"))
    assert article.title == "周末去郊野公园看银杏"
    # var ct = "1700000000" is 2023-11-14 22:13 UTC, already the 15th in Beijing (the page shows 前天)
    assert article.date == "2023-11-15"
    assert (article.author, article.site) == ("城郊漫步", "城郊漫步")  # no byline: the account writes
    assert article.zh == WECHAT_BODY  # sections without <p>, list items kept, hidden body shown
    assert article.en == ()  # the code block is on neither side
    text = "\n".join(article.zh)
    for gone in ("微信扫一扫", "关注该公众号", "往期推荐", "城西湿地", "点个在看", "END", "读者供图", "功能介绍", "requests"):
        assert gone not in text, gone


def test_wechat_byline_and_shown_date(tmp_path):
    page = (INGEST / "wechat-section.html").read_text(encoding="utf-8")
    page = page.replace('<em id="publish_time" class="rich_media_meta rich_media_meta_text">前天</em>',
                        '<span id="js_author_name">林小溪</span><em id="publish_time">2023-11-12 08:00</em>')
    (tmp_path / "wx.html").write_text(page, encoding="utf-8")
    article = load_article(tmp_path / "wx.html")
    assert (article.author, article.site, article.date) == ("林小溪", "城郊漫步", "2023-11-12")


def test_wechat_date_only_in_publish_time(tmp_path):
    page = (INGEST / "wechat-section.html").read_text(encoding="utf-8")
    page = page.replace('var ct = "1700000000";', "").replace('var publish_time = "" || "";',
                                                               'var publish_time = "2023-11-13" || "";')
    (tmp_path / "wx.html").write_text(page, encoding="utf-8")
    assert load_article(tmp_path / "wx.html").date == "2023-11-13"


def test_js_content_without_wechat_layout_is_an_ordinary_page(tmp_path):
    page = write(tmp_path, f'<div id="js_content"><p>{sentence(1)}</p><p>{sentence(2)}</p></div>')
    assert load_article(page).zh == (sentence(1), sentence(2))


# -- portals ---------------------------------------------------------------------------------------------------------

def test_portal_teasers_credits_and_promos(alone):
    article = load_article(alone("portal-teasers.html"))
    assert article.title == "江城老码头改造完工 夜市下月开街"
    assert article.date == "2024-06-18"
    assert article.author == "陈立新"  # the reporter; <meta name="author"> names the desk editor (责任编辑：刘芳)
    assert article.site == "江城新闻网"  # og:site_name says 前往, a button's word: the title's suffix instead
    assert article.zh == (
        "经过一年多的施工，江城老码头改造工程日前完工，沿江步道、亲水平台和三座仓库改建的展厅都已对市民开放。",
        "改造保留了码头原有的石阶和系缆桩，设计团队说，希望市民走在这里还能想起当年货船进出的样子。",
        "按照计划，码头夜市将在下个月开街，首批入驻的六十个摊位以本地小吃和手作为主。",
        "街道负责人表示，夜市开放后会增加保洁和安保力量，尽量不影响周边居民休息。",
        "附近居民可以通过热线反映意见，街道承诺三个工作日内回复。",
    )


def test_taiwan_agency_page_in_big5(alone):
    article = load_article(alone("taiwan-credit-big5.html"))
    assert article.encoding == "big5hkscs"
    assert (article.title, article.date, article.author, article.site) == (
        "花蓮山區步道整修完成 週末重新開放", "2024-03-21", "黃志明", "東岸通訊社")
    assert len(article.zh) == 4
    assert article.zh[0].startswith("（東岸通訊社記者黃志明花蓮21日電）")
    assert article.zh[-1] == "管理站也將在假日加派人力，協助遊客分流，避免步道入口人潮過度集中。"  # （編輯：…）1130321 cut
    text = "\n".join(article.zh)
    for gone in ("相關新聞", "延伸閱讀", "太魯閣", "不得轉載"):
        assert gone not in text, gone


def test_first_paragraph_starting_with_a_link(alone):
    article = load_article(alone("link-first-gb2312.html"))
    assert article.zh[1] == "星云科技(微博)旗下的研究团队近日发布了一个新的天气预报模型，可以在几分钟内给出未来十天的全球预报。"
    assert article.zh[-1] == "该团队计划在今年晚些时候公开模型的部分代码，供其他研究机构测试使用。"
    assert len(article.zh) == 5


def test_article_under_the_headline_beats_a_longer_feed_item(alone):
    article = load_article(alone("feed-and-article.html"))
    assert article.title == "澳洲央行維持利率不變 暗示或延後減息"
    assert article.zh == ("澳洲央行周二宣布維持基準利率不變，符合市場預期，但聲明指通脹回落速度慢於預期，暗示減息時間或會延後。"
                          " 央行表示，服務業價格仍然偏高，勞動市場亦較預期緊張。 市場預料央行最快要到明年初才會開始減息。",)


def test_a_label_inside_the_article_does_not_cut_it(tmp_path):
    # An ad slot's "推荐" label between paragraphs: the article goes on after it.
    body = (f"<div class=content><p>{sentence(1)}</p><div class=ad-label>推荐</div><div class=ad></div>"
            + "".join(f"<p>{sentence(i)}</p>" for i in range(2, 6)) + "</div>")
    assert load_article(write(tmp_path, body)).zh == tuple(sentence(i) for i in range(1, 6))


def test_recommendation_box_inside_the_article_is_cut(tmp_path):
    body = ("<div class=content>" + "".join(f"<p>{sentence(i)}</p>" for i in range(1, 5))
            + "<div class=box><h3>相关阅读</h3><p><a href=/a>另一篇文章的标题在这里</a> 这是另一篇文章的摘要，讲的是别的事情，和本文无关。</p></div>"
            + "</div>")
    assert load_article(write(tmp_path, body)).zh == tuple(sentence(i) for i in range(1, 5))


# -- paragraphs as the page draws them -------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "gb2312", "big5"])
def test_preformatted_lines_are_paragraphs(tmp_path, encoding):
    if encoding == "big5":  # an old Taiwanese page: line breaks kept by the style, not a <pre>
        body = '<div style="white-space: pre-line">' + "\r\n".join(traditional(i) for i in range(4)) + "</div>"
        expected = tuple(traditional(i) for i in range(4))
    else:
        body = "<pre>" + "\n\n".join(sentence(i) for i in range(4)) + "</pre>"
        expected = tuple(sentence(i) for i in range(4))
    assert load_article(write(tmp_path, body, encoding)).zh == expected


def test_text_beside_paragraphs_is_kept(tmp_path):
    body = f"<div class=content>{sentence(0)}<p>{sentence(1)}<p>{sentence(2)}</div>"
    assert load_article(write(tmp_path, body)).zh == (sentence(0), sentence(1), sentence(2))


def test_line_break_inside_a_sentence_does_not_split_it(tmp_path):
    first = sentence(1)
    body = f"<div class=content><p>{first[:30]}<br>{first[30:]}</p><p>{sentence(2)}<br>{sentence(3)}</p></div>"
    assert load_article(write(tmp_path, body, "gb2312")).zh == (first, sentence(2), sentence(3))


def test_short_lines_of_verse_stay_apart(tmp_path):
    verse = ["床前明月光", "疑是地上霜", "举头望明月", "低头思故乡"]
    body = f"<div class=content><p>{sentence(1)}</p><p>{'<br>'.join(verse)}</p><p>{sentence(2)}</p></div>"
    assert load_article(write(tmp_path, body)).zh == (sentence(1), *verse, sentence(2))


# -- language sides --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("line", ["import json", "from a.b import c", "data = client.lpop('test')", "def parse():",
                                  "if not data:", "handler.insert_one(json.loads(data))", "})", "x += 1",
                                  "https://example.com/a/b", "news@example.com", "12:00 —— 2024", "#include <stdio.h>"])
def test_code_and_junk_are_neither_language(line):
    assert is_code_or_junk(line)


@pytest.mark.parametrize("line", ["The city opened a bridge.", "He said: this is fine.", "Introduction",
                                  "From Monday, buses run late.", "If you go, take a coat; it is cold.",
                                  "print('你好')", "这一行有中文。"])
def test_prose_is_not_junk(line):
    assert not is_code_or_junk(line)


def test_code_lines_go_to_neither_side():
    code = ["import json", "client = redis.Redis()", "def parse():", "data = client.lpop('test')", "return data",
            "handler.insert_one(data)"]
    sides = split_sides(["第一段讲的是延迟调用。", *code, "第二段说明了运行的结果。", "https://example.com/code"])
    assert sides.zh == ("第一段讲的是延迟调用。", "第二段说明了运行的结果。")  # "return data": two words, no sentence
    assert sides.en == () and not sides.bilingual


# -- the rules one by one --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("推荐阅读", True), ("【相關新聞】", True), ("为您推荐", True), ("猜你喜欢", True), ("精彩视频推荐", True),
    ("今日熱門新聞", True), ("您可能會有興趣的文章", True), ("延伸閱讀：", True),
    ("更多", False), ("点评：", False), ("“数字”赋能农业", False), ("推荐一本好书给大家看看", False),
])
def test_teaser_heads(text, expected):
    assert is_teaser_head(text) is expected


@pytest.mark.parametrize("text,expected", [
    ("台灣今天很熱。（編輯：蘇小明）1120221", "台灣今天很熱。"),
    ("最后一句。责任编辑：张三", "最后一句。"),
    ("发表在刊物上。（编译/林东）", "发表在刊物上。"),
    ("我们走了。返回首页，查看更多", "我们走了。"),
    ("比赛结束了。延伸閱讀：另一場比賽的結果", "比赛结束了。"),
    ("他说（编辑部的意见）很重要。", "他说（编辑部的意见）很重要。"),
    ("编辑：这一行本身就是署名", "编辑：这一行本身就是署名"),
])
def test_glued_credits(text, expected):
    assert strip_glued_credit(text) == expected


@pytest.mark.parametrize("line,expected", [
    ("更多猛料！欢迎扫描左方二维码关注我们的官方微信", True), ("微信扫一扫", True), ("关注该公众号", True),
    ("网友评论仅供其表达个人看法，并不表明本站立场。", True), ("违法和不良信息举报电话：010-12345678", True),
    ("扫码支付已经普及，很多商家都在门口贴出了二维码。", False),
    ("书记动员隔离群众中的十名党员加入隔离点临时党支部，通过微信等方式为其他隔离人员纾解负面情绪，在线帮助解决难题。", False),
])
def test_promos(line, expected):
    assert is_promo(line) is expected


def test_teasers_after_the_article_are_cut_but_not_a_long_ending():
    article = [sentence(i) for i in range(6)]
    assert clean_paragraphs([*article, "推荐新闻", "【新闻】一条新闻的标题", "【体育】另一条标题"]) == article
    # a recommendation word followed by as much text as the article: not a teaser box
    assert clean_paragraphs([sentence(0), "推荐阅读", sentence(1), sentence(2)]) == [sentence(0), "推荐阅读", sentence(1),
                                                                                 sentence(2)]


def test_link_lines_are_dropped():
    links = {"首页", "新闻", "体育", "江城地铁四号线试运行"}
    kept = clean_paragraphs([sentence(0), "首页 新闻 体育", "江城地铁四号线试运行", sentence(1)], links)
    assert kept == [sentence(0), sentence(1)]


@pytest.mark.parametrize("line,name", [
    ("半月谈记者 史卫燕", "史卫燕"), ("〔記者林小華／台中報導〕市府今天表示", "林小華"), ("（東岸社記者黃志明花蓮21日電）", "黃志明"),
    ("他接受记者 采访时说", None), ("责任编辑：张三", None),
])
def test_bylines(line, name):
    assert find_author(line) == name


def test_editor_in_meta_is_not_the_author(tmp_path):
    body = f"<div class=content><p>{sentence(1)}</p><p>{sentence(2)}</p><div class=editor>(责编：王五、赵六)</div></div>"
    page = write(tmp_path, body).read_text(encoding="utf-8").replace("<head>", '<head><meta name="author" content="王五">')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    assert load_article(tmp_path / "page.html").author is None


def test_related_headline_glued_to_a_paragraph_is_cut():
    links = {"市区新开三条公交线路"}
    assert clean_paragraphs([sentence(0), sentence(1) + "市区新开三条公交线路"], links) == [sentence(0), sentence(1)]
    # text after the last sentence that is no link stays
    assert clean_paragraphs([sentence(0), sentence(1) + "（完）"], links) == [sentence(0), sentence(1) + "（完）"]


def test_editor_credit_in_the_author_field_is_not_the_author(tmp_path):
    body = f"<div class=content><p>{sentence(1)}</p><p>{sentence(2)}</p></div>"
    page = write(tmp_path, body).read_text(encoding="utf-8").replace(
        "<head>", '<head><meta name="author" content="责任编辑：王五">')
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    assert load_article(tmp_path / "page.html").author is None


def test_a_headline_box_with_a_summary_keeps_the_body_below_it(tmp_path):
    # The headline's box holds a standfirst; the body is a sibling, not a feed: it stays the article.
    summary = "导读：这是一段放在标题下面的内容提要，概括了全文的要点，读者可以先看这里再决定是否阅读全文内容。"
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>导读下的正文-示例网</title></head><body>"
                    f"<div class=head><h1>导读下的正文</h1><p class=summary>{summary}</p></div><div class=content>"
                    + "".join(f"<p>{sentence(i)}</p>" for i in range(1, 5)) + "</div></body></html>", encoding="utf-8")
    article = load_article(page)
    assert article.title == "导读下的正文"
    assert article.zh[-4:] == tuple(sentence(i) for i in range(1, 5))


@pytest.mark.parametrize("line", ["BEIJING -- China said on Monday it would raise tariffs.", "He paused; then he left;",
                                  "Note: see the table below;"])
def test_newswire_english_is_prose(line):
    assert not is_code_or_junk(line)


def test_source_and_editor_glued_after_the_last_sentence():
    assert strip_glued_credit("他说的话很有道理。本文来源：某某新闻网 责任编辑：王小易_NE0011") == "他说的话很有道理。"


def test_wrapped_lines_in_a_table_cell_and_in_preformatted_text_are_one_paragraph(tmp_path):
    first = sentence(1)
    cell = f"<table><tr><td>{first[:30]}<br>\n{first[30:]}<br>\n<br>\n{sentence(2)}</td></tr></table>"
    assert load_article(write(tmp_path, cell, "gb2312")).zh == (first, sentence(2))
    pre = f"<pre>{first[:30]}\n{first[30:]}\n\n{sentence(2)}</pre>"
    assert load_article(write(tmp_path, pre, "gb2312", "pre.html")).zh == (first, sentence(2))


def test_sections_of_spans_are_paragraphs_outside_wechat_too(tmp_path):
    body = "<div class=content>" + "".join(f"<section><span>{sentence(i)}</span></section>" for i in range(1, 4)) + "</div>"
    assert load_article(write(tmp_path, body)).zh == tuple(sentence(i) for i in range(1, 4))


def test_recommendation_box_whose_heading_sits_in_a_title_bar(tmp_path):
    items = "".join(f"<li><span>【<a href=/c{i}>频道</a>】</span> <a href=/n{i}>第{i}条推荐新闻的标题在这里...</a></li>"
                    for i in range(5))
    body = ("<div class=content>" + "".join(f"<p>{sentence(i)}</p>" for i in range(1, 4))
            + f"<div class=news-box><div class=bar><i class=icon></i><h3>推荐新闻</h3></div><div><ul>{items}</ul></div></div>"
            + "</div>")
    assert load_article(write(tmp_path, body)).zh == tuple(sentence(i) for i in range(1, 4))


def test_english_labels_neither_make_a_page_bilingual_nor_stay_in_a_chinese_article():
    chinese = ["第一段讲的是城市的新图书馆。", "第二段说到了周末的活动安排。", "第三段是读者的评价和建议。"]
    sides = split_sides([chinese[0], "Getty Images", chinese[1], "END", chinese[2], "Photo"])
    assert not sides.bilingual and sides.zh == tuple(chinese) and sides.en == ()
    quoted = split_sides([chinese[0], "He said: we will be back next year.", chinese[1]])
    assert quoted.zh == (chinese[0], "He said: we will be back next year.", chinese[1])


def test_a_merged_block_is_cut_where_the_page_draws_its_lines():
    from reader.ingest.html import _redraw

    drawn = ["导航", sentence(1), sentence(2), sentence(3), "第四段没有句号但也是单独的一行文字，页面把它画成一行", "页脚"]
    merged = sentence(1) + " " + sentence(2) + sentence(3) + drawn[4]
    assert _redraw([merged, "短的一段。"], lambda: drawn) == [*drawn[1:5], "短的一段。"]
    # lines that do not make up the block exactly leave it alone
    assert _redraw([merged + "多出来的字"], lambda: drawn) == [merged + "多出来的字"]
