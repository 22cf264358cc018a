"""The window's GUI thread never loads the segmenter or the reading engine; a reopened article loads neither.

Run in a fresh process (this one has loaded them long ago): every first import
of rjieba, pypinyin or numpy is recorded with the thread it happened on.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed"

CHILD = textwrap.dedent("""
    import builtins, json, os, sys, threading
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    sys.path.insert(0, {root!r})
    HEAVY = ("rjieba", "jieba", "pypinyin", "numpy", "g2pM")
    loaded = []
    real_import = builtins.__import__

    def recording_import(name, *args, **kwargs):
        top = name.split(".")[0]
        if top in HEAVY and top not in sys.modules:
            loaded.append([top, threading.current_thread() is threading.main_thread()])
        return real_import(name, *args, **kwargs)

    builtins.__import__ = recording_import
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication
    from reader.library import Library
    from reader.ui.compat import guard_none_refcount
    from reader.ui.main_window import MainWindow

    app = QApplication(["test"])
    guard_none_refcount()
    library = Library({db!r})
    window = MainWindow(library, restore=False, quiet=True)
    window.resize(1300, 800)
    window.show()
    loop = QEventLoop()
    window.article_shown.connect(lambda _id: loop.quit())
    window.open_failed.connect(lambda message: (print("FAILED", message), loop.quit()))
    QTimer.singleShot(120000, loop.quit)
    files = {files!r}
    if files:
        window.opening.open_paths(files)
    else:
        window.opening.open_article_id({aid})
    loop.exec()
    for _ in range(5):
        app.processEvents()
    hovered = 0
    tokens = [t for t in window.view.zh.tokens if t.kind == "han"][:40]
    for token in tokens:  # hover words on screen: popup, pinyin, word links
        rect = window.zh.span_rect(token.start, token.start + 1)
        if rect.isEmpty() or not window.zh.viewport().rect().contains(rect.center()):
            continue
        window.zh.current_word = None
        window.zh.hover_at(rect.center())
        app.processEvents()
        hovered += bool(window.popup.isVisible())
    window.popup.hide()
    window.close()
    library.close()
    print(json.dumps({{"loaded": loaded, "hovered": hovered}}))
""")


def _window_run(db: Path, files: list[str], aid: int = 0) -> dict:
    code = CHILD.format(root=str(ROOT), db=str(db), files=files, aid=aid)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_gui_thread_loads_no_analysis_library_and_a_reopened_article_none_at_all(tmp_path):
    db = tmp_path / "ui.sqlite3"
    files = [str(SEED / "qiantang-zh.txt"), str(SEED / "qiantang-en.txt")]
    first = _window_run(db, files)
    assert first["hovered"] > 5
    assert {name for name, _ in first["loaded"]} >= {"rjieba", "pypinyin"}  # a new text is analysed...
    assert [name for name, on_main in first["loaded"] if on_main] == []  # ...on a worker, never the GUI thread

    from reader.library import Library

    with Library(db) as library:
        aid = library.articles()[0].id
    reopened = _window_run(db, [], aid)
    assert reopened["hovered"] > 5
    assert reopened["loaded"] == []  # the stored analysis: neither rjieba, pypinyin nor numpy is loaded
    again = _window_run(db, files)  # the same files opened again (read, found stored)
    assert again["loaded"] == []
