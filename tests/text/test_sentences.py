"""Chinese sentences and paragraphs."""

import pytest

from reader.text.sentences import split_paragraphs, split_sentences


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("“我们是共产党员。”曲玉国说道。", ["“我们是共产党员。”", "曲玉国说道。"]),
        ("请批准!”2月3日,收到消息。", ["请批准!”", "2月3日,收到消息。"]),
        ("真的吗?是的。", ["真的吗?", "是的。"]),
        ("价格是3.5元。好！", ["价格是3.5元。", "好！"]),
        ("他说：“你好……”然后走了", ["他说：“你好……”", "然后走了"]),
        ("（注：这是注释。）正文。", ["（注：这是注释。）", "正文。"]),
        ("  前后有空格。  ", ["前后有空格。"]),
        ("没有句号", ["没有句号"]),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_sentences_inside_one_paragraph_span():
    text = "第一段。\n第二段。第二句。"
    (p1, p2) = split_paragraphs(text)
    assert [text[a:b] for a, b in split_sentences(text, *p2)] == ["第二段。", "第二句。"]
    assert text[p1[0] : p1[1]] == "第一段。"


def test_blank_lines_are_not_paragraphs():
    assert len(split_paragraphs("一。\n\n   \n二。\n")) == 2
