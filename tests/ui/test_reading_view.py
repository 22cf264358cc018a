"""The reading view in the window: the article header, pairs in rows (the default) or free flow, focus mode."""

from __future__ import annotations

from reader.ui.compat import Qt
from tests.ui.conftest import SEED_ZH, open_seed

TOLERANCE = 3


def _row_gaps(qtbot, window):
    """Per pair with both sides, scrolled to it: how far apart (px) its two first lines are on screen."""
    zh, en, gaps = window.zh, window.en, []
    for pair in window.view.pairs:
        if pair.zh and pair.en:
            zh.scroll_to_sentence(pair.zh[0], top_offset=30)
            qtbot.wait(1)
            gaps.append(abs(zh.position_rect(zh.sentence_spans[pair.zh[0]][0]).top()
                            - en.position_rect(en.sentence_spans[pair.en[0]][0]).top()))
    return gaps


def test_the_header_names_the_article_in_both_panes(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    zh, en = window.zh.header, window.en.header
    assert zh.title.text() == view.info.title and "钱塘" in zh.title.text()
    assert en.title.text() == (view.info.en_title or view.info.title)
    assert view.info.date in zh.meta.text() and view.info.date in en.meta.text()
    assert window.zh.document().toPlainText().replace("\u2029", "\n").replace("\n", "") == \
        view.zh.text.replace("\n", "")  # the header is not in the document
    assert window.zh.position_rect(0).top() > zh.geometry().bottom()


def test_pairs_start_on_the_same_line_by_default_and_free_flow_is_a_choice(qtbot, make_window, db_path):
    window = make_window()
    open_seed(qtbot, window)
    assert window.settings.aligned_rows and window.rows.active
    # (the header's figures arrive just after the article: the rows follow within one re-alignment)
    qtbot.waitUntil(lambda: max(_row_gaps(qtbot, window)) <= TOLERANCE, timeout=5000)
    assert len(_row_gaps(qtbot, window)) >= 20
    window.zh.verticalScrollBar().setValue(300)
    assert window.en.verticalScrollBar().value() == 300  # one scroll for both
    window.resize(1000, 760)
    qtbot.waitUntil(lambda: max(_row_gaps(qtbot, window)) <= TOLERANCE, timeout=5000)
    window.zoom(1)
    qtbot.waitUntil(lambda: max(_row_gaps(qtbot, window)) <= TOLERANCE, timeout=5000)
    # Free flow (View menu), remembered.
    window.actions["aligned_rows"].trigger()
    assert not window.settings.aligned_rows and not window.rows.active
    assert not window.zh.row_pads and window.zh.document().characterCount() - 1 == len(window.view.zh.text)
    assert max(_row_gaps(qtbot, window)) > TOLERANCE  # the panes flow on their own again
    window.zh.verticalScrollBar().setValue(200)
    window.close()
    again = make_window()
    assert not again.settings.aligned_rows
    # Stacked or with the English hidden, nothing is padded.
    again.set_display(aligned_rows=True, vertical=True)
    open_seed(qtbot, again)
    assert not again.rows.active
    again.set_display(vertical=False)
    assert again.rows.active


def test_focus_mode_from_the_article_and_back_to_the_same_place(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    assert window.actions["focus"].isEnabled()
    start = next(i for i, p in enumerate(view.pairs) if p.zh and p.en and i >= 3)
    window.zh.scroll_to_sentence(view.pairs[start].zh[0], top_offset=0)
    window.reading._sentence_clicked("zh", view.pairs[start].zh[0])
    window.actions["focus"].trigger()
    focus = window.stack.currentWidget()
    assert focus is window.focus.page and focus.pair_index == start
    qtbot.keyClick(focus, Qt.Key_Space)
    assert focus.en.isVisible()
    for _ in range(4):
        qtbot.keyClick(focus, Qt.Key_J)
    target = focus.pair_index
    assert target > start
    qtbot.keyClick(focus, Qt.Key_Escape)
    assert window.stack.currentIndex() == 0
    assert window.zh.top_sentence() == view.pairs[target].zh[0]
    assert window.zh.layer_spans("sentence") == [window.zh.sentence_spans[i] for i in view.pairs[target].zh]


def test_without_english_the_chinese_flows_and_the_english_pane_keeps_its_hint(qtbot, make_window, tmp_path):
    window = make_window()
    alone = tmp_path / "alone.txt"  # no English sibling beside it
    alone.write_text(SEED_ZH.read_text(encoding="utf-8"), encoding="utf-8")
    with qtbot.waitSignal(window.article_shown, timeout=60000):
        window.opening.open_paths([str(alone)])
    view = window.view
    assert not view.en_text
    assert not window.rows.active and window.zh.header.title.text() == view.info.title
    assert window.en.header is None or not window.en.header.isVisible()
    assert window.zh.document().characterCount() - 1 == len(view.zh.text)
