"""Render the reader window's main states to PNG files.

    python packaging/screenshots.py [OUT_DIR]        (default: docs/screenshots/)

Uses a throw-away database, opens the bundled sample pair and saves:
side by side, the hover popup, a highlight with a note in the sidebar, the
library view, the vocabulary list, pinyin above the characters, the pairs
in rows, focus mode, and dark mode.  Runs on the display it finds (e.g. under ``Xvfb :99`` with
``DISPLAY=:99``) or, without one, on Qt's offscreen platform; either way the
windows are captured with ``QWidget.grab()`` and the popup is composited
over the window at its on-screen position.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    if not os.environ.get("DISPLAY") and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    tmp = tempfile.TemporaryDirectory(prefix="duizhao-shots-")
    os.environ["DUIZHAO_DB"] = str(Path(tmp.name) / "shots.sqlite3")

    from PySide6.QtCore import QEventLoop, QPoint, QTimer
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication

    from reader import paths
    from reader.library import Library
    from reader.ui.compat import guard_none_refcount
    from reader.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["duizhao-screenshots"])
    guard_none_refcount()
    library = Library(os.environ["DUIZHAO_DB"])
    window = MainWindow(library, restore=False, quiet=True)
    window.resize(1560, 940)
    window.show()

    def settle(ms: int = 150) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        window.zh.format_visible_blocks()
        app.processEvents()

    def wait_for(signal, timeout_ms: int = 60000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()

    def save(name: str, with_popup: bool = False) -> None:
        settle()
        image = window.grab().toImage()
        if with_popup and window.popup.isVisible():
            painter = QPainter(image)
            painter.drawPixmap(window.popup.pos() - window.mapToGlobal(QPoint(0, 0)), window.popup.grab())
            painter.end()
        target = out / name
        image.save(str(target))
        print(f"wrote {target}")

    failures = []
    window.open_failed.connect(failures.append)
    window.opening.open_paths([str(p) for p in paths.sample_files()], welcome=True)
    wait_for(window.article_shown)
    if window.view is None:
        print(f"screenshots: error: the sample did not open: {failures or 'timed out'}", file=sys.stderr)
        return 1
    settle(300)
    save("01-side-by-side.png")

    text = window.view.zh.text
    body = text.index("临时党支部", text.index("在钱塘区"))
    sentence = window.zh.sentence_at(body)
    window.zh.scroll_to_sentence(sentence)
    settle()
    rect = window.zh.span_rect(body, body + 2)
    window.zh.hover_at(rect.center())
    settle()
    save("02-hover-popup.png", with_popup=True)
    window.popup.hide()
    window.hover.show_word(-1, -1)  # the mouse leaves the text
    window.zh.hover_at(QPoint(-10, -10))

    window.dismiss_welcome()
    start = text.index("以“双重身份”更好地筑牢抗疫“心防线”")
    cursor = window.zh.cursor_for_span(start, start + len("以“双重身份”更好地筑牢抗疫“心防线”"))
    window.zh.setTextCursor(cursor)
    annotation = window.notes.highlight_selection("yellow")
    window.notes.update_annotation(annotation.uuid, note="“心防线”: a psychological line of defence — a metaphor "
                                                   "the article uses twice.")
    window.notes.update_annotation(annotation.uuid, tags=("metaphor", "review"))
    en_text = window.view.en_text
    if "dual identity" in en_text:
        e0 = en_text.index("dual identity")
        window.en.setTextCursor(window.en.cursor_for_span(e0, e0 + len("dual identity")))
        window.setFocus()
        window.en.setFocus()
        window.notes.highlight_selection("green")
    window.zh.scroll_to_sentence(window.zh.sentence_at(start))
    window.sidebar.select(annotation.uuid)
    save("03-highlight-and-note.png")

    for word in ("隔离", "党支部", "安抚", "筑牢", "先锋"):
        at = text.find(word, body)
        if at >= 0:
            saved = library.save_word(window.view.id, at, at + len(word))
            if word == "隔离":
                library.set_word_status(saved.id, "known")
            if word == "安抚":
                library.set_word_status(saved.id, "learning")
    window.notes.refresh_vocabulary()
    window.side_tabs.setCurrentWidget(window.vocabulary)
    window.vocabulary.table.selectRow(0)
    save("06-vocabulary.png")

    window.notes.show_library()
    window.library_panel.search.setText("dangzhibu")
    window.notes.search_library("dangzhibu")
    save("04-library.png")
    window.stack.setCurrentIndex(0)

    window.set_display(ruby=True, mark_unknown=False)
    window.zh.scroll_to_sentence(sentence)
    save("07-pinyin-above.png")
    window.set_display(ruby=False, mark_unknown=True)  # the defaults again

    # Pairs in rows (the default): the middle of the article, a pair lit in both panes.
    middle = window.view.pairs[len(window.view.pairs) // 2]
    window.zh.scroll_to_sentence(middle.zh[0], top_offset=120)
    window.reading._sentence_clicked("zh", middle.zh[0])
    save("08-rows.png")
    window.focus.enter()  # focus mode: one pair, pinyin on, the English shown
    focus = window.focus.page
    focus.toggle_pinyin()
    focus.set_revealed(True)
    save("09-focus.png")
    focus.closed.emit(focus.pair_index)

    # Anki live: a word sent to an AnkiConnect-compatible server over a throw-away anki collection (the
    # tests' server; no Anki needed), then hovered again: the popup marks it and offers Show in Anki.
    try:
        from tests.export.ankiconnect_server import AnkiConnectServer
    except ImportError as exc:  # the anki package is missing
        print(f"screenshots: 10-anki-popup.png skipped: {exc}", file=sys.stderr)
    else:
        from reader.export.ankiconnect import LiveSettings

        with AnkiConnectServer(Path(tmp.name) / "anki.anki2") as server:
            window.anki.save_settings(LiveSettings(url=server.url, enabled=True))
            word = text.index("先锋", body)
            window.zh.scroll_to_sentence(window.zh.sentence_at(word))
            settle()
            window.zh.current_word = None
            window.zh.hover_at(window.zh.span_rect(word, word + 2).center())
            settle()
            window.anki.add_popup_word()
            for _ in range(100):
                if not window.anki.busy:
                    break
                settle(100)
            save("10-anki-popup.png", with_popup=True)
        window.popup.hide()
        window.hover.show_word(-1, -1)
        window.zh.hover_at(QPoint(-10, -10))

    # Read aloud: the sentence being read lit with its English partner.  Grabbed at once: without an
    # audio device eSpeak NG ends the sentence within a poll or two.
    window.zh.scroll_to_sentence(sentence, top_offset=160)
    settle()
    window.zh.setTextCursor(window.zh.cursor_for_span(body, body))
    if window.speech.read_current(to_end=True):
        window.grab().toImage().save(str(out / "11-read-aloud.png"))
        print(f"wrote {out / '11-read-aloud.png'}")
        window.speech.stop()
    else:
        print(f"screenshots: 11-read-aloud.png skipped: {window.last_notice}", file=sys.stderr)

    # the learner: HSK 1-4 known, two words being learned, the marks, the popup's status, rank and sense
    window.learner.seed({"hsk": 4, "hsk_version": "3.0"})
    wait_for(window.learner.seeded)  # words not yet known are marked from now on (the default, once some are known)
    window.learner.set_status(("安抚", "劝导"), "learning")
    window.zh.scroll_to_sentence(sentence)
    window.zh.current_word = None
    window.zh.hover_at(QPoint(1, 1))
    window.zh.hover_at(window.zh.span_rect(body + 3, body + 5).center())
    save("12-word-status.png", with_popup=True)
    window.popup.hide()
    window.hover.show_word(-1, -1)
    window.zh.hover_at(QPoint(-10, -10))
    window.side_tabs.setCurrentWidget(window.learner_panel)
    save("13-article-words.png")
    dialog = window.learner.open_seed_dialog(window, modal=False)
    settle()
    dialog.grab().save(str(out / "14-words-i-know.png"))
    print(f"wrote {out / '14-words-i-know.png'}")
    dialog.reject()
    window.set_display(mark_unknown=False)

    window.set_display(theme="dark")
    window.side_tabs.setCurrentWidget(window.sidebar)
    window.zh.current_word = None
    window.zh.hover_at(QPoint(1, 1))
    window.zh.hover_at(window.zh.span_rect(body, body + 2).center())
    save("05-dark.png", with_popup=True)
    window.set_display(theme="system")
    window.popup.hide()
    window.close()
    library.close()
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
