"""The article header: headline, date · site · author and the stats line, outside the article's text."""

from __future__ import annotations

from dataclasses import dataclass

from reader.text.analysis import analyze
from reader.ui.compat import Qt
from reader.ui.header import HeaderText, header_texts
from reader.ui.panes import ChinesePane, EnglishPane

TEXT = "钱塘组建临时党支部。\n他们是隔离人员。"


@dataclass(frozen=True)
class Info:
    title: str | None = None
    en_title: str | None = None
    date: str | None = None
    site: str | None = None
    author: str | None = None
    has_english: bool = True


def test_each_pane_has_its_own_headline_and_the_same_meta_line():
    zh, en = header_texts(Info("钱塘 新闻", "Qiantang news", "2022-02-04", "杭网议事厅", "韩中美"))
    assert zh == HeaderText("钱塘 新闻", "2022-02-04 · 杭网议事厅 · 韩中美")
    assert en == HeaderText("Qiantang news", "2022-02-04 · 杭网议事厅 · 韩中美")
    # Missing parts: the other language's headline, no empty separators; nothing at all: an empty header.
    assert header_texts(Info("标题", None, None, " site\n")) == (HeaderText("标题", "site"), HeaderText("标题", "site"))
    assert header_texts(Info(None, "Title")) == (HeaderText("Title"), HeaderText("Title"))
    assert header_texts(Info()) == (HeaderText(), HeaderText()) and HeaderText().empty
    # No English yet: the English pane keeps its hint alone.
    assert header_texts(Info("标题", has_english=False)) == (HeaderText("标题"), HeaderText())


def _pane(qtbot):
    pane = ChinesePane()
    qtbot.addWidget(pane)
    pane.resize(500, 400)
    pane.show()
    pane.set_article(analyze(TEXT))
    qtbot.waitExposed(pane)
    return pane


def test_the_header_sits_above_the_text_and_is_not_part_of_it(qtbot):
    pane = _pane(qtbot)
    first_line = pane.position_rect(0).top()
    pane.set_header(HeaderText("钱塘组建隔离人员临时党支部", "2022-02-04 · 杭网议事厅 · 韩中美"))
    header = pane.header
    assert header is not None and header.isVisible()
    assert header.title.text() == "钱塘组建隔离人员临时党支部" and header.meta.isVisible()
    # The text moved down below the header; its document, offsets and sentences are unchanged.
    assert pane.position_rect(0).top() >= header.geometry().bottom() > first_line
    assert pane.document().toPlainText() == TEXT and pane.text == TEXT
    assert pane.sentence_spans == [(0, 10), (11, 19)]
    assert pane.offset_at(pane.span_rect(4, 5).center()) == 4
    pane.setTextCursor(pane.cursor_for_span(4, 9))
    assert pane.selected_span() == (4, 9)
    # Selectable as plain text, never part of a selection of the article.
    assert header.title.textInteractionFlags() & Qt.TextSelectableByMouse
    header.title.setSelection(0, 4)
    assert header.title.selectedText() == "钱塘组建" and pane.selected_span() == (4, 9)
    # The stats line comes and goes; the text follows the header's height.
    below = pane.position_rect(0).top()
    pane.set_stats_line("62 % known · 143 new words")
    assert header.stats.isVisible() and pane.position_rect(0).top() > below
    pane.set_stats_line("")
    assert not header.stats.isVisible() and pane.position_rect(0).top() == below
    # A new article's preview has no header until the window gives it one.
    pane.show_preview("别的文章")
    assert not header.isVisible() and pane.position_rect(0).top() == first_line


def test_the_header_scrolls_with_the_text(qtbot):
    pane = _pane(qtbot)
    pane.set_article(analyze("\n".join(["很长的文章。"] * 80)))
    pane.set_header(HeaderText("标题", "日期"))
    top = pane.header.geometry().top()
    pane.verticalScrollBar().setValue(50)
    assert pane.header.geometry().top() == top - 50
    assert pane.position_rect(0).top() > pane.header.geometry().bottom()


def test_a_headline_from_a_page_is_shown_as_typed_and_never_fetched(qtbot, monkeypatch):
    import reader.ui.panes as panes

    asked = []
    monkeypatch.setattr(panes, "load_resource", lambda *args: asked.append(args))
    pane = EnglishPane()
    qtbot.addWidget(pane)
    pane.resize(500, 300)
    pane.show()
    pane.set_english("One sentence.", [(0, 13)])
    hostile = '<img src="http://tracker.example/p.gif"><b>Bold</b> &amp; <a href="http://x">link</a>'
    pane.set_header(HeaderText(hostile, "<script>alert(1)</script>"))
    pane.set_stats_line('<img src="file:///etc/passwd">')
    qtbot.wait(20)
    header = pane.header
    assert header.title.text() == hostile and header.title.textFormat() == Qt.PlainText
    assert header.meta.textFormat() == Qt.PlainText and header.stats.textFormat() == Qt.PlainText
    assert not header.title.openExternalLinks()
    assert asked == []  # neither the pane nor the labels asked for the image
