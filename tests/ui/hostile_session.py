"""A window session over hostile text, run as a child process by test_hostile_text.py (under strace).

``python hostile_session.py WORKDIR``: WORKDIR holds ``article/page.html`` (its
title, author, site and text are markup written as text) and ``outside.png``
beside the article's folder.  The session stores a word, a highlight with a
note and tags, through the facade, then shows every panel, the popup, the
dialogs and tooltips offscreen, and prints one JSON line: what each widget
shows, which files the widgets' resource loader was asked to read, the peak
memory.  The parent reads strace's record of every file opened.
"""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

#: The hostile strings, as the page's visible text (the HTML writes them escaped).
HOSTILE = (
    '<img src="file:///dev/zero">',
    '<img src="{outside}">',
    '<a href="file:///etc/passwd">link</a>',
    "<style>body{background:url(file:///dev/zero)}</style>",
    "\u202eRTL override\u202c \u2067isolate",
)
TABLES = "<table>" * 10_000


def main(workdir: Path) -> dict:
    from PySide6.QtCore import QEventLoop, QPoint, QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QToolTip

    import reader.ui.safe_text as safe_text
    from reader.library import Library
    from reader.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["hostile"])
    reads: list[str] = []
    real_read = safe_text.read_resource

    def recording_read(path):
        reads.append(str(path))
        return real_read(path)

    safe_text.read_resource = recording_read  # the second signal, beside strace: what the loader read

    outside = (workdir / "outside.png").as_uri()
    hostile = [h.replace("{outside}", outside) for h in HOSTILE]
    library = Library(str(workdir / "db.sqlite3"))
    view = library.open_article(str(workdir / "article" / "page.html"))
    text = view.zh.text
    start = text.index("这家银行") + 2  # its sentence begins with the hostile strings
    note = " ".join(hostile) + TABLES
    tags = tuple(hostile[:3]) + (TABLES[:700],)
    annotation = library.add_annotation(view.id, "zh", 0, len(text.split("\n")[0]), note=note, tags=tags)
    library.save_word(view.id, start, start + 2)
    titled = library.open_text("钱塘江边的银行。我们去银行存钱。", None, title=" ".join(hostile) + TABLES)

    window = MainWindow(library, restore=False, quiet=True)
    window.resize(1300, 800)
    window.show()
    shown = []
    loop = QEventLoop()
    window.article_shown.connect(lambda article_id: (shown.append(article_id), loop.quit()))
    QTimer.singleShot(120_000, loop.quit)
    window.opening.open_article_id(view.id)
    if not shown:
        loop.exec()
    window.grab()
    result: dict = {"shown": bool(shown), "title": window.windowTitle()}

    # The notes panel: the list and the selected highlight's quote, note and tags.
    sidebar = window.sidebar
    window.side_tabs.setCurrentWidget(sidebar)
    sidebar.select(annotation.uuid)
    window.grab()
    result["quote"] = sidebar.quote.text()
    result["quote_plain"] = sidebar.quote.textFormat() == safe_text.Qt.PlainText
    result["note"] = sidebar.note.toPlainText()
    result["tags"] = sidebar.tags.text()
    result["list"] = [sidebar.list.item(i).text() for i in range(sidebar.list.count())]

    # The words panel: the saved word's sentence (the page's text, hostile strings and all).
    vocabulary = window.vocabulary
    window.side_tabs.setCurrentWidget(vocabulary)
    window.notes.refresh_vocabulary()
    vocabulary.table.setCurrentCell(0, 0)
    window.grab()
    result["sentence"] = vocabulary.sentence.text()
    result["sentence_plain"] = vocabulary.sentence.textFormat() == safe_text.Qt.PlainText

    # The popup on the saved word.
    window.hover.show_word(start, start + 2)
    app.processEvents()
    window.popup.grab()
    result["popup"] = window.popup.label.toPlainText()

    # The library view and a search whose hits carry the hostile note.
    window.notes.show_library()
    window.library_panel.search.setText("银行")
    window.notes.search_library("银行")
    window.grab()
    panel = window.library_panel
    result["library"] = [panel.table.item(r, c).text() for r in range(panel.table.rowCount())
                         for c in range(panel.table.columnCount())]
    result["hits"] = [panel.hits.item(i).text() for i in range(panel.hits.count())]

    # Dialogs (closed by a timer) and tooltips with the hostile text.
    def close_modal():
        modal = QApplication.activeModalWidget()
        if modal is not None:
            modal.grab()
            result.setdefault("dialogs", []).append(
                [w.text() for w in modal.findChildren(QLabel) if w.text()])
            modal.done(0)

    for text_ in (note, hostile[0]):
        QTimer.singleShot(200, close_modal)
        safe_text.message_box(window, hostile[1], text_)
    window.quiet = False
    QTimer.singleShot(200, close_modal)
    window.opening.offer_as_english(str(workdir / "article" / "page.html"))
    window.quiet = True
    QToolTip.showText(window.mapToGlobal(QPoint(50, 50)), safe_text.tooltip(note), window)
    app.processEvents()
    window.grab()
    window.opening._remember_recent([str(workdir / "article" / "page.html")])
    window.notice(note)
    result["notice"] = window.last_notice
    app.processEvents()

    # The stored article whose title is the hostile strings (and ten thousand <table>s).
    shown.clear()
    window.opening.open_article_id(titled.id)
    if not shown:
        loop.exec()
    window.grab()
    result["hostile_title"] = window.windowTitle()

    # Every label of the window: plain text, or rich text that carries no hostile tag.
    unsafe = []
    for label in window.findChildren(QLabel) + window.popup.findChildren(QLabel):
        if label.textFormat() != safe_text.Qt.PlainText and any(h in label.text() for h in hostile if "<" in h):
            unsafe.append(label.text()[:200])
    result["unsafe_labels"] = unsafe
    result["reads"] = reads
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["hostile"] = hostile
    window.close()
    library.close()
    return result


if __name__ == "__main__":
    print("RESULT " + json.dumps(main(Path(sys.argv[1]))), flush=True)
    os._exit(0)  # no teardown noise: the parent has what it needs
