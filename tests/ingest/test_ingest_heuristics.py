"""Line heuristics: dates, bylines, boilerplate, the article run."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.heuristics import BOILER, PROSE, SHORT, analyse_lines, classify, find_author, find_date, find_site


@pytest.mark.parametrize(
    "text,iso",
    [
        ("hwyst.hangzhou.com.cn  2022年02月04日 14:55:00 星期五", "2022-02-04"),
        ("发布时间：2023-05-12 09:30", "2023-05-12"),
        ("2023/7/5 更新", "2023-07-05"),
        ("2024.09.02", "2024-09-02"),
        ("民國112年3月8日 記者林雅婷", "2023-03-08"),
        ("Posted on February 5, 2022", "2022-02-05"),
        ("5 Feb. 2022", "2022-02-05"),
        ("2024年2月29日", "2024-02-29"),  # a leap year
        ("2023年2月29日", None),  # not one
        ("2000-02-29", "2000-02-29"),
        ("1900-02-29", None),
        ("2023年4月31日", None),
        ("2023年13月1日", None),
        ("2022-02-05T09:12:00+00:00", "2022-02-05"),
        ("2月3日,下沙街道党工委收到消息", None),  # no year: not a publication date
        ("Copyright © 2001 - 2019", None),
        ("2023年13月40日", None),
        ("电话 0571-8505-2222", None),
    ],
)
def test_find_date(text, iso):
    assert find_date(text) == iso


@pytest.mark.parametrize(
    "line,author",
    [
        ("来源:杭州网、杭州通客户端 作者:记者 韩中美 通讯员 李宛儿 编辑:王帆", "韩中美"),
        ("（记者 王晓明 通讯员 赵一）", "王晓明"),
        ("民國112年3月8日 記者林雅婷／高雄報導", "林雅婷"),
        ("2023/07/15 08:00 文／陳冠宇", "陳冠宇"),
        ("本报记者 张三 李四", "张三 李四"),
        ("By Jane Doe", "Jane Doe"),
        ("Posted on May 12, 2023 by Mary Lee", "Mary Lee"),
        ("记者出击 政策库 使用帮助", None),
        ("The bridge was designed by engineers from three cities over many years.", None),
        ("Proudly powered by WordPress", None),
        ("Photo by John Smith", None),
        ("Theme by Foo Themes", None),
    ],
)
def test_find_author(line, author):
    assert find_author(line) == author


@pytest.mark.parametrize(
    "line,kind",
    [
        ("在钱塘区集中隔离点,有一群拥有“双重身份”的党员,来自一个特殊的党支部——隔离人员临时党支部。", PROSE),
        ("卖豆腐的老张说现在年轻人会拍视频分享到网上。", PROSE),
        ("钱塘组建隔离人员临时党支部 打造出最安全最暖心的隔离点", SHORT),
        ("杭州网首页 栏目首页 栏目动态 网上服务 热点热议 问计于民", BOILER),
        ("所在位置: 杭网议事厅>记者出击", BOILER),
        ("·杭网议事厅获市民之家“红旗窗口”", BOILER),
        ("网站简介 | 关于我们 | 广告服务", BOILER),
        ("杭州网(杭州网络传媒有限公司)版权所有未经授权禁止复制或镜像", BOILER),
        ("Copyright © 2001 - 2019 Hangzhou.com.cn All Rights Reserved", BOILER),
        ("Leave a Reply", BOILER),
        ("Your email address will not be published.", BOILER),
        ("They are active in the working group of quarantined people, and their voices are heard.", PROSE),
    ],
)
def test_classify(line, kind):
    assert classify(line) == kind


def test_article_run_title_date_author():
    lines = [
        "首页 新闻 体育 财经 娱乐 科技",
        "当前位置：首页 > 社会",
        "老街坊有了读书新去处",
        "2023年05月12日 09:30 来源：滨江日报",
        "五月的一个清晨，社区的书房刚开门，就有十几位居民排队借书。",
        "小标题",
        "社区负责人介绍，书房的图书大多来自居民捐赠，从儿童绘本到地方史志应有尽有。",
        "（记者 王晓明）",
        "·相关新闻一则",
        "版权所有 未经授权不得转载",
    ]
    found = analyse_lines(lines)
    assert found.title == "老街坊有了读书新去处"
    assert found.date == "2023-05-12"
    assert found.author == "王晓明"
    # A short line inside the run (a subheading) stays; the byline after it does not.
    assert found.paragraphs == tuple(lines[4:7])


def test_nothing_prose_like_keeps_non_boilerplate_lines():
    found = analyse_lines(["短句一", "·链接", "短句二"])
    assert found.paragraphs == ("短句一", "短句二")


def test_only_boilerplate_is_nothing():
    assert analyse_lines(["·链接一", "·链接二", "版权所有"]) is None
    assert analyse_lines([]) is None


@pytest.mark.parametrize(
    "line,kind",
    [
        ("2024年3月5日，国务院召开常务会议。", PROSE),  # starts with a date, still prose
        ("The court ruled on the copyright dispute between the two publishers last week.", PROSE),
        ("与相关新闻报道一致，市场反应平稳。", PROSE),
    ],
)
def test_prose_that_looks_a_little_like_boilerplate(line, kind):
    assert classify(line) == kind


@pytest.mark.parametrize(("line", "site"), [
    ("来源:杭州网、杭州通客户端 作者:记者 韩中美 通讯员 李宛儿 编辑:王帆", "杭州网"),
    ("发布时间：2023-05-12 09:30 来源：新华社", "新华社"),
    ("来源：人民网-人民日报", "人民网"),
    ("hwyst.hangzhou.com.cn  2022年02月04日 14:55:00 星期五", "hwyst.hangzhou.com.cn"),
    ("WWW.XINHUANET.COM 2023-01-01", "xinhuanet.com"),
    ("2023-01-01 news.sina.com.cn", "news.sina.com.cn"),
    ("write to editor@example.com for corrections", None),
    ("see http://example.com/a.html", None),
    ("version 3.5.1 released", None),
    ("① 凡本网注明“稿件来源:杭州网(包括杭州日报、都市快报、每日商报)”的所有文字、图片和音视频稿件,版权均属杭州网所有,任何媒体不得转载", None),
])
def test_find_site(line, site):
    found = find_site(line)
    assert (found[0] if found else None) == site


def test_a_text_files_site_is_its_source_line_before_its_hostname():
    lines = ["钱塘组建隔离人员临时党支部", "hwyst.hangzhou.com.cn  2022年02月04日 14:55:00",
             "在钱塘区集中隔离点，有一群拥有双重身份的党员，来自一个特殊的党支部。",
             "他们是本次疫情中被隔离的人员，仍积极践行共产党员的先锋本色，活跃在集中隔离点。",
             "来源:杭州网 作者:记者 韩中美"]
    assert analyse_lines(lines).site == "杭州网"
    assert analyse_lines(lines[:-1]).site == "hwyst.hangzhou.com.cn"


_BYLINE_PIECES = ["记者", "記者", "本报", "新华社", "半月谈", "张三", "黄志明", "花莲", "21日电", "/", "／", "中国青年报",
                  "作者：", "文/", "（", "）", " ", "通讯员", "李四", "By Jane Doe", "石佳", "网", "2022年2月4日"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_BYLINE_PIECES), max_size=8))
def test_find_author_tries_the_han_patterns_only_where_they_can_match(pieces):
    """The words checked before the costly patterns (记者/記者, a slash) change no answer."""
    import re

    from reader.ingest import heuristics as h

    line = "".join(pieces)

    def unguarded(line):  # find_author's Chinese patterns, every one tried
        match = re.search(h._BYLINE_ZH_DATELINE, line[:80]) or re.match(h._BYLINE_ZH_SLASH, line)
        if match:
            return match.group(1)
        for pattern in (h._BYLINE_ZH, h._BYLINE_ZH_NOCOLON, h._BYLINE_ZH_MEDIA):
            for match in re.finditer(pattern, line):
                name = h._name_tokens(next(g for g in match.groups() if g))
                if name:
                    return name
        return None

    expected = unguarded(line)
    if expected is not None:
        assert find_author(line) == expected
    else:  # then only the English byline (tried after the Chinese ones) can name someone
        assert find_author(line) is None or "By Jane Doe" in line
