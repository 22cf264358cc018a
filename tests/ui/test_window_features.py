"""More of the window: alignment and word-split edits, scripts, orphans, memory, first run."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from reader import paths
from tests.ui.conftest import SEED_EN, SEED_ZH, open_seed


def _action(menu, needle: str):
    return next(a for a in menu.actions() if needle in a.text())


def test_split_pair_at_the_cursor_undoes_a_merge(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    before = len(view.pairs)
    window.reading._active_pair = 0
    window.reading.merge_pair()
    merged = window.view.pairs[0]
    assert len(merged.zh) >= 2
    second = merged.zh[1]
    window.zh.setFocus()
    window.zh.setTextCursor(window.zh.cursor_for_span(window.zh.sentence_spans[second][0] + 1,
                                                      window.zh.sentence_spans[second][0] + 1))
    window.reading._active_pair = -1
    window.reading.split_pair()
    assert len(window.view.pairs) == before
    assert window.view.pairs[1].zh[0] == second


def test_merge_and_split_words_from_the_context_menu(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    text = view.zh.text
    at = text.index("隔离人员")
    assert window.zh.token_at(at).text == "隔离"
    menu = window.reading.build_context_menu("zh", at)
    _action(menu, "Merge “隔离” + “人员”").trigger()
    assert window.zh.token_at(at).text == "隔离人员"
    assert window.library.article(view.id).zh.token_at(at).text == "隔离人员"  # kept in the store
    menu = window.reading.build_context_menu("zh", at + 2)
    _action(menu, "Split “隔离人员” → “隔离” + “人员”").trigger()
    assert window.zh.token_at(at).text == "隔离"


def test_traditional_display_keeps_offsets_and_lookups(qtbot, make_window):
    window = make_window()
    window.set_display(aligned_rows=False)  # the document's text is the article's (rows add display-only breaks)
    view = open_seed(qtbot, window)
    window.set_display(traditional=True)
    shown = window.zh.toPlainText()
    assert "臨時黨支部" in shown and len(shown) == len(view.zh.text)
    start = view.zh.text.index("隔离", view.zh.text.index("在钱塘区"))
    window.zh.current_word = None
    with qtbot.waitSignal(window.popup_shown):
        window.zh.hover_at(window.zh.span_rect(start, start + 1).center())
    assert "gé" in window.popup.label.text()
    window.set_display(traditional=False)
    assert "临时党支部" in window.zh.toPlainText()


def test_tone_modes_and_ruby_change_rendering_without_errors(qtbot, make_window):
    window = make_window()
    open_seed(qtbot, window)
    for mode in ("off", "pinyin", "characters"):
        window.set_display(tone_mode=mode)
        window.zh.format_visible_blocks()
        window.zh.viewport().repaint()
    block = window.zh.document().firstBlock()
    assert block.layout().formats(), "tone colours are applied as layout formats"
    window.set_display(ruby=True, mark_unknown=True)
    window.zh.viewport().repaint()
    assert window.zh.document().firstBlock().blockFormat().topMargin() > 0


def test_orphans_are_listed_under_needs_review_and_can_be_reattached(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    start = view.zh.text.index("先锋")
    annotation = window.library.add_annotation(view.id, "zh", start, start + 2, note="vanguard")
    orphan = replace(annotation, status="orphan")
    window.sidebar.set_annotations([orphan])
    rows = [window.sidebar.list.item(i).text() for i in range(window.sidebar.list.count())]
    assert rows[0].startswith("Needs review") and "先锋" in rows[1]
    window.sidebar.select(annotation.uuid)
    assert window.sidebar.reattach_button.isVisibleTo(window.sidebar)
    target = view.zh.text.index("本色")
    window.zh.setTextCursor(window.zh.cursor_for_span(target, target + 2))
    window.sidebar.reattach_button.click()
    (again,) = window.library.annotations(view.id)
    assert (again.start, again.end, again.quote) == (target, target + 2, "本色")


def test_reading_position_is_restored(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    bar = window.zh.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)  # as the user scrolling
    top = window.zh.top_sentence()
    assert top > 0
    window.close()
    assert window.library.article(view.id).info.position == top
    again = make_window()
    open_seed(qtbot, again)
    qtbot.waitUntil(lambda: again.zh.top_sentence() == top, timeout=3000)


def test_scrolling_one_pane_keeps_the_partner_in_step(qtbot, make_window):
    window = make_window(size=(1000, 500))
    window.set_display(aligned_rows=False)  # free flow: followed by the alignment (rows tie the scroll bars)
    view = open_seed(qtbot, window)
    en_bar = window.en.verticalScrollBar()
    assert en_bar.maximum() > 0, "the English pane must be able to scroll for this test"
    # A Chinese sentence in the second half whose partner starts below the English pane's first screen.
    candidates = [i for i in range(len(view.zh.sentences) // 2, len(view.zh.sentences))
                  if view.pair_of_zh.get(i) is not None and view.pairs[view.pair_of_zh[i]].en
                  and window.en.sentence_top(view.pairs[view.pair_of_zh[i]].en[0]) > window.en.viewport().height()]
    assert candidates
    sentence = candidates[0]
    window.zh.verticalScrollBar().setValue(window.zh.sentence_top(sentence))  # as the user scrolling
    partner = view.pairs[view.pair_of_zh[sentence]].en[0]
    top = window.en.sentence_top(partner) - en_bar.value()
    assert en_bar.value() > 0
    assert 0 <= top < window.en.viewport().height() // 2, "the partner is brought to the top, by the alignment"


def test_welcome_banner_shows_once(qtbot, make_window, db_path):
    window = make_window()
    with qtbot.waitSignal(window.article_shown, timeout=60000):
        window.opening.open_paths([str(p) for p in paths.sample_files()], welcome=True)
    assert window.banner.isVisible()
    qtbot.waitUntil(lambda: window.banner.geometry().bottom() < window.pane_splitter.geometry().top())
    assert window.banner.geometry().width() == window.pane_splitter.geometry().width(), "above the panes, full width"
    window.dismiss_welcome()
    assert not window.banner.isVisible()
    window.close()
    again = make_window()
    with qtbot.waitSignal(again.article_shown, timeout=60000):
        again.opening.open_paths([str(p) for p in paths.sample_files()], welcome=True)
    assert not again.banner.isVisible()


def test_a_new_file_shows_progress_never_its_raw_text(qtbot, make_window):
    window = make_window()
    seen = []
    window.zh.document().contentsChanged.connect(lambda: seen.append(window.zh.toPlainText()))
    window.opening.open_paths([str(SEED_ZH), str(SEED_EN)])
    assert window.zh.toPlainText() == "" and window.zh.placeholderText() == "Opening qiantang-zh.txt…"
    assert window.progress.isVisible() and window.busy is not None
    qtbot.waitUntil(lambda: window.view is not None, timeout=60000)
    assert not any("杭州网首页" in text for text in seen + [window.zh.toPlainText()])  # the site's navigation
    assert "在钱塘区集中隔离点" in window.zh.toPlainText()
    assert window.zh.placeholderText().startswith("Open a Chinese article")


def test_reopening_shows_the_stored_clean_text_at_once(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    window.opening.open_paths([str(SEED_ZH), str(SEED_EN)])
    assert window.zh.toPlainText() == view.zh.text and window.en.toPlainText() == view.en_text
    assert window.view is None and window.busy is not None and "(opening…)" in window.windowTitle()
    qtbot.waitUntil(lambda: window.view is not None, timeout=60000)
    window.opening.open_article_id(view.id)
    assert window.zh.toPlainText() == view.zh.text and window.view is None
    qtbot.waitUntil(lambda: window.view is not None, timeout=60000)
    assert window.en.toPlainText() != view.en_text  # the analysed rendering: paragraphs, repaired spaces


def test_recent_files_and_drag_and_drop(qtbot, make_window):
    window = make_window()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SEED_ZH)), QUrl.fromLocalFile(str(SEED_EN))])
    event = QDropEvent(QPointF(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignal(window.article_shown, timeout=60000):
        window.dropEvent(event)
    assert window.view.info.has_english
    labels = [a.text() for a in window.recent_menu.actions()]
    assert labels == ["qiantang-zh.txt  +  qiantang-en.txt"]


def test_window_geometry_and_splitter_are_restored(qtbot, db_path):
    from reader.library import Library
    from reader.ui.main_window import MainWindow

    library = Library(str(db_path))
    window = MainWindow(library, restore=True, quiet=True)
    qtbot.addWidget(window)
    window.resize(701, 503)  # within the offscreen screen (800×600): restoreGeometry clamps to it
    window.show()
    window.pane_splitter.setSizes([300, 700])
    sizes = window.pane_splitter.sizes()
    window.close()
    again = MainWindow(library, restore=True, quiet=True)
    qtbot.addWidget(again)
    again.show()
    assert (again.width(), again.height()) == (701, 503)
    assert again.pane_splitter.sizes() == sizes
    again.close()
    library.close()


def test_pinned_popup_ignores_the_mouse(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    text = view.zh.text
    first = text.index("隔离", text.index("在钱塘区"))
    window.zh.current_word = None
    with qtbot.waitSignal(window.popup_shown):
        window.zh.hover_at(window.zh.span_rect(first, first + 1).center())
    window.hover.toggle_pin()
    other = text.index("党员", first)
    window.zh.hover_at(window.zh.span_rect(other, other + 1).center())
    assert window.popup.isVisible() and window.popup.content.start == first


def test_the_gui_thread_never_waits_for_the_worker(qtbot, make_window):
    """While a job holds the database, display changes are kept and written afterwards."""
    window = make_window()
    window.opening.open_paths([str(SEED_ZH), str(SEED_EN)])
    assert window.busy is not None
    window.set_display(tone_scheme="zhongwen")  # would block on the lock if written now
    assert window._pending_settings["display"]["tone_scheme"] == "zhongwen"
    window.opening.open_paths([str(SEED_ZH)])  # refused politely, not queued behind the lock
    qtbot.waitUntil(lambda: window.view is not None, timeout=60000)
    assert window.library.get_setting("display")["tone_scheme"] == "zhongwen"


def test_library_search_finds_notes_by_pinyin_and_opens_them(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    start = view.zh.text.index("党支部")
    window.library.add_annotation(view.id, "zh", start, start + 3, note="branch")
    window.notes.show_library()
    window.notes.search_library("dangzhibu")
    hits = [window.library_panel.hits.item(i) for i in range(window.library_panel.hits.count())]
    notes = [h for h in hits if h.text().startswith("Note")]
    assert notes and any(h.text().startswith("Article") for h in hits)
    with qtbot.waitSignal(window.article_shown, timeout=30000):
        window.library_panel._hit_activated(notes[0])
    qtbot.waitUntil(lambda: window.zh.selected_span() == (start, start + 3), timeout=3000)


def test_opening_runs_off_the_gui_thread(qtbot, make_window, monkeypatch):
    import threading

    window = make_window()
    seen = []
    real = type(window.library.unlocked).open_article

    def spy(self, *args, **kwargs):
        seen.append(threading.get_ident())
        return real(self, *args, **kwargs)

    monkeypatch.setattr(type(window.library.unlocked), "open_article", spy)
    open_seed(qtbot, window)
    assert seen and seen[0] != threading.get_ident()


def test_a_vanished_last_article_is_not_an_error_dialog(qtbot, make_window):
    window = make_window()
    failures = []
    window.open_failed.connect(failures.append)
    window.opening.open_article_id(9999, quiet_failure=True)
    qtbot.waitUntil(lambda: window.busy is None, timeout=10000)
    assert window.view is None and not failures
    assert "Could not reopen" in window.statusBar().currentMessage()


def test_closing_during_a_job_waits_for_it_and_saves(qtbot, make_window):
    window = make_window()
    window.opening.open_paths([str(SEED_ZH), str(SEED_EN)])
    window.set_display(tone_scheme="colorblind")
    window.close()
    assert window.library.get_setting("display")["tone_scheme"] == "colorblind"
    assert window.library.articles(), "the worker's article was stored before the Library closed"


def test_vocabulary_filter_and_search(qtbot, make_window):
    window = make_window()
    view = open_seed(qtbot, window)
    text = view.zh.text
    for word in ("先锋", "隔离", "安抚"):
        at = text.index(word)
        window.library.save_word(view.id, at, at + len(word))
    known = next(w for w in window.library.words() if w.simplified == "隔离")
    window.notes.set_word_status(known.id, "known")
    panel = window.vocabulary
    panel.filter.setCurrentIndex(panel.filter.findData("known"))
    assert [w.simplified for w in panel.words] == ["隔离"]
    panel.filter.setCurrentIndex(0)
    panel.search.setText("anfu")  # toneless pinyin
    qtbot.waitUntil(lambda: [w.simplified for w in panel.words] == ["安抚"], timeout=3000)


def test_layout_options(qtbot, make_window):
    window = make_window()
    open_seed(qtbot, window)
    window.actions["vertical"].trigger()
    assert window.pane_splitter.orientation() == Qt.Vertical
    window.actions["hide_english"].trigger()
    assert not window.en.isVisible() and window.zh.isVisible()
    window.actions["hide_english"].trigger()
    window.actions["swap"].trigger()
    assert window.pane_splitter.widget(0) is window.en and window.en.isVisible()


def test_copy_puts_word_pinyin_and_meaning_on_the_clipboard(qtbot, make_window):
    from PySide6.QtGui import QGuiApplication

    window = make_window()
    view = open_seed(qtbot, window)
    start = view.zh.text.index("先锋")
    window.zh.current_word = None
    with qtbot.waitSignal(window.popup_shown):
        window.zh.hover_at(window.zh.span_rect(start, start + 1).center())
    window.popup.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied.startswith("先锋\txiānfēng\t") and "vanguard" in copied


def test_anki_package_export(qtbot, make_window, tmp_path):
    import zipfile

    window = make_window()
    view = open_seed(qtbot, window)
    at = view.zh.text.index("先锋")
    window.library.save_word(view.id, at, at + 2)
    target = tmp_path / "deck.apkg"
    window.exports.export_anki(str(target), words=True, sentences=False, passages=False)
    qtbot.waitUntil(lambda: window.busy is None, timeout=30000)
    assert zipfile.is_zipfile(target) and window.exports.last_export.words == 1


def test_file_open_and_paste_dialog_paths(qtbot, make_window, monkeypatch):
    from PySide6.QtWidgets import QDialog

    import reader.ui.opening as mw

    window = make_window()
    monkeypatch.setattr(mw.QFileDialog, "getOpenFileNames",
                        staticmethod(lambda *a, **k: ([str(SEED_ZH), str(SEED_EN)], "")))
    with qtbot.waitSignal(window.article_shown, timeout=60000):
        window.actions["open"].trigger()
    assert window.view.info.has_english

    def fake_exec(dialog):
        dialog.first.setPlainText("我们去银行。")
        if dialog.second is not None:
            dialog.second.setPlainText("We go to the bank.")
        dialog.title.setText("Pasted")
        return QDialog.Accepted

    from reader.ui.dialogs import PasteDialog  # (loaded on first use, not with the window)

    monkeypatch.setattr(PasteDialog, "exec", fake_exec)
    with qtbot.waitSignal(window.article_shown, timeout=30000):
        window.actions["paste_article"].trigger()
    assert window.windowTitle() == "Pasted — Duizhao" and window.view.en_text == "We go to the bank."
