"""The text panes: privacy of resource loading, mouse -> word mapping, layers."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument

from reader.text.analysis import analyze
from reader.ui.panes import ArticlePane, ChinesePane, sentence_format
from reader.ui.safe_text import refused_resource


def _refused(answer, resource_type) -> bool:
    """The empty answer of a refused resource (never None: None makes Qt read the file itself)."""
    return answer is not None and answer == refused_resource(resource_type)


@pytest.fixture
def article_dir(tmp_path):
    folder = tmp_path / "article"
    (folder / "img").mkdir(parents=True)
    (folder / "img" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "secret.txt").write_text("outside")
    return folder


@pytest.mark.parametrize("url, allowed", [
    ("img/pic.png", True),
    ("./img/pic.png", True),
    ("http://example.com/track.png", False),
    ("https://example.com/a.css", False),
    ("ftp://example.com/x", False),
    ("data:image/png;base64,AAAA", False),
    ("../secret.txt", False),
    ("img/../../secret.txt", False),
    ("img/missing.png", False),
    ("//example.com/pixel.gif", False),
])
def test_resources_only_from_the_article_folder(qtbot, article_dir, url, allowed):
    pane = ArticlePane()
    qtbot.addWidget(pane)
    pane.set_content("文本", [(0, 2)], base_dir=article_dir)
    assert (pane.allowed_resource_path(QUrl(url)) is not None) is allowed
    if not allowed:
        assert _refused(pane.loadResource(QTextDocument.ImageResource, QUrl(url)), QTextDocument.ImageResource)
        assert _refused(pane.loadResource(QTextDocument.StyleSheetResource, QUrl(url)),
                        QTextDocument.StyleSheetResource)


def test_absolute_file_urls_outside_the_folder_are_refused(qtbot, article_dir):
    pane = ArticlePane()
    qtbot.addWidget(pane)
    pane.set_content("文本", [(0, 2)], base_dir=article_dir)
    assert pane.allowed_resource_path(QUrl.fromLocalFile(str(article_dir.parent / "secret.txt"))) is None
    assert pane.allowed_resource_path(QUrl.fromLocalFile(str(article_dir / "img" / "pic.png"))) is not None
    assert _refused(pane.loadResource(QTextDocument.ImageResource, QUrl.fromLocalFile("/etc/passwd")),
                    QTextDocument.ImageResource)
    loaded = pane.loadResource(QTextDocument.ImageResource, QUrl("img/pic.png"))
    assert bytes(loaded) == b"\x89PNG\r\n\x1a\n"


def test_html_with_remote_images_loads_nothing(qtbot, article_dir, monkeypatch):
    requested = []
    pane = ArticlePane()
    qtbot.addWidget(pane)
    pane.set_content("x", [(0, 1)], base_dir=article_dir)
    import reader.ui.panes as panes

    real = pane.allowed_resource_path
    load = panes.load_resource
    monkeypatch.setattr(panes, "load_resource", lambda base, kind, url: requested.append(url.toString()) or
                        load(base, kind, url))
    pane.setHtml('<p>a<img src="http://tracker.example/p.gif"><img src="../secret.txt"></p>')
    pane.resize(300, 200)
    pane.show()
    qtbot.wait(20)
    assert requested, "Qt asked for the images through loadResource"
    assert all(real(QUrl(u)) is None for u in requested)
    assert pane.openLinks() is False and pane.openExternalLinks() is False


TEXT = "𠮷野家很好吃。\n我们去银行。"


@pytest.fixture
def zh_view(qtbot):
    view = ChinesePane()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    view.set_article(analyze(TEXT))
    qtbot.wait(10)
    return view


def _centre_of(view, offset):
    return view.span_rect(offset, offset + 1).center()


@pytest.mark.parametrize("char", ["𠮷", "野", "好", "我", "银", "行"])
def test_mouse_over_a_character_maps_to_its_code_point(zh_view, char):
    offset = TEXT.index(char)
    assert zh_view.offset_at(_centre_of(zh_view, offset)) == offset


def test_document_positions_are_utf16(zh_view):
    assert zh_view.document().characterCount() - 1 == len(TEXT.encode("utf-16-le")) // 2


def test_hover_gives_the_segmented_word_not_the_han_run(zh_view, qtbot):
    offset = TEXT.index("银")
    with qtbot.waitSignal(zh_view.word_hovered) as signal:
        zh_view.hover_at(_centre_of(zh_view, offset + 1))
    assert signal.args == [offset, offset + 2]  # 银行, not 我们去银行


def test_arrow_keys_move_word_by_word(zh_view, qtbot):
    from PySide6.QtCore import Qt

    zh_view.hover_at(_centre_of(zh_view, TEXT.index("我")))
    seen = []
    zh_view.word_hovered.connect(lambda s, e: seen.append(TEXT[s:e]))
    for _ in range(2):
        qtbot.keyClick(zh_view, Qt.Key_Right)
    qtbot.keyClick(zh_view, Qt.Key_Left)
    assert seen == ["去", "银行", "去"]


def test_sentence_lookup_and_lighting(zh_view):
    second = TEXT.index("我")
    assert zh_view.sentence_at(second) == 1
    assert zh_view.sentence_at(TEXT.index("\n")) == -1
    zh_view.light_sentences([1], sentence_format("#ffff00"))
    assert zh_view.layer_spans("sentence") == [zh_view.sentence_spans[1]]


def test_selection_is_reported_in_code_points(zh_view):
    start = TEXT.index("野")
    zh_view.setTextCursor(zh_view.cursor_for_span(start, start + 2))
    assert zh_view.selected_span() == (start, start + 2)


@pytest.mark.parametrize("text", [
    "", "一句。", "第一段。\n第二段，有𠀀字和😀。\n\n", "\n开头空行", "Latin\r only\u2028?",
])
def test_plain_and_formatted_content_give_the_same_document(qtbot, text):
    """set_content's quick path (no block format: setPlainText) and its cursor insert fill the document alike."""
    from PySide6.QtGui import QTextBlockFormat

    quick, formatted = ArticlePane(), ArticlePane()
    qtbot.addWidget(quick)
    qtbot.addWidget(formatted)
    quick.show()  # a shown pane: the quick path exists for it
    quick.set_content("旧的文字\n" * 3, [])  # replaced, not appended
    quick.set_content(text, [])
    formatted.set_content(text, [], block_format=QTextBlockFormat())
    assert quick.document().toRawText() == formatted.document().toRawText()
    assert quick.document().blockCount() == formatted.document().blockCount()
    # One document position per UTF-16 unit (offsets.py relies on it), line breaks included.
    assert quick.document().characterCount() == len(text.encode("utf-16-le")) // 2 + 1
    if "\r" not in text:
        assert quick.document().toPlainText() == text and quick.document().blockCount() == text.count("\n") + 1
    qtbot.waitUntil(lambda: quick.textCursor().position() == 0, timeout=5000)  # moved back after the paint
    assert formatted.textCursor().position() == 0
    hidden = ArticlePane()  # never shown (the start-up preview): the cursor is back at once
    qtbot.addWidget(hidden)
    hidden.set_content(text, [])
    assert hidden.textCursor().position() == 0 and hidden.document().toRawText() == formatted.document().toRawText()


def test_a_right_click_asks_for_the_menu_with_the_offset_under_the_mouse(qtbot):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication

    pane = ChinesePane()
    qtbot.addWidget(pane)
    pane.resize(400, 200)
    pane.show()
    pane.set_content("党支部成立了。", [(0, 7)])
    qtbot.waitExposed(pane)
    point = pane.span_rect(1, 2).center()
    with qtbot.waitSignal(pane.context_requested) as signal:
        QApplication.sendEvent(pane.viewport(), QContextMenuEvent(QContextMenuEvent.Mouse, point,
                                                                   pane.viewport().mapToGlobal(point)))
    offset, where = signal.args
    assert offset == 1 and where == pane.viewport().mapToGlobal(point)
    with qtbot.waitSignal(pane.context_requested) as signal:  # off the text: -1
        QApplication.sendEvent(pane.viewport(), QContextMenuEvent(QContextMenuEvent.Mouse, QPoint(390, 190),
                                                                   pane.viewport().mapToGlobal(QPoint(390, 190))))
    assert signal.args[0] == -1


def _ink_rows(image, background) -> list[int]:
    """Rows of ``image`` with any pixel that differs from ``background``."""
    return [y for y in range(image.height())
            if any(image.pixelColor(x, y) != background for x in range(0, image.width(), 2))]


def test_the_empty_pane_hint_wraps_instead_of_being_cut(qtbot):
    """Qt 6 cuts a text edit's placeholder to one line; the pane paints it whole, wrapped."""
    pane = ArticlePane()
    qtbot.addWidget(pane)
    pane.resize(260, 300)
    pane.show()
    hint = "Open a Chinese article with File → Open… (Ctrl+O), paste one (Ctrl+Shift+V), or drop a file here."
    pane.setPlaceholderText(hint)
    assert pane.placeholderText() == hint
    background = pane.viewport().palette().base().color()
    line = pane.fontMetrics().lineSpacing()
    rows = _ink_rows(pane.viewport().grab().toImage(), background)
    assert rows and rows[-1] - rows[0] > 2 * line, "three lines of hint at least"
    pane.set_content("文本", [(0, 2)])  # a text: the hint goes
    pane.viewport().repaint()
    text_rows = _ink_rows(pane.viewport().grab().toImage(), background)
    assert text_rows[-1] - text_rows[0] < 2 * line
