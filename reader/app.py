"""The GUI entry point: ``duizhao [--sample] [--db PATH] [--smoke-test] [FILE [ENGLISH_FILE]]``.

Called by :mod:`reader.cli` when the first argument is not a core
sub-command.  ``--smoke-test`` opens the sample (or FILE), waits for the
first paint and exits 0 — non-zero on any failure; the packaged build runs
it in CI.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SMOKE_TIMEOUT_MS = 120_000


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duizhao", description="Open the Duizhao reader window.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="a Chinese article, then optionally its English version")
    parser.add_argument("--sample", action="store_true", help="open the bundled sample article")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $DUIZHAO_DB or the user data folder)")
    parser.add_argument("--smoke-test", action="store_true", help="open, render and quit (exit 0 on success)")
    parser.add_argument("--new-instance", action="store_true", help="do not hand files to a running window")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the window; returns the exit code."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from reader import paths

    if len(args.files) > 2:
        print("duizhao: error: give at most two files: the Chinese article and its English version", file=sys.stderr)
        return 2
    missing = [f for f in args.files if not Path(f).exists()]
    if missing:
        print(f"duizhao: error: no such file: {missing[0]}", file=sys.stderr)
        return 2
    db_path = Path(args.db) if args.db else paths.default_db_path()
    files = [str(Path(f).resolve()) for f in args.files]
    if args.sample:
        files = [str(p) for p in paths.sample_files()]
    if args.smoke_test and os.environ.get("QT_QPA_PLATFORM") is None and not os.environ.get("DISPLAY") \
            and sys.platform.startswith("linux"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # CI without a display

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reader.ui.compat import guard_none_refcount

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "duizhao"])
    guard_none_refcount()
    app.setApplicationName("Duizhao")
    app.setApplicationDisplayName("Duizhao")
    app.setApplicationVersion(__import__("reader").__version__)

    from reader.ui.single_instance import InstanceServer, send_to_running, server_name

    name = server_name(db_path)
    if not args.smoke_test and not args.new_instance and files and send_to_running(name, files):
        return 0

    from reader.errors import DuizhaoError
    from reader.library import Library
    from reader.ui.main_window import MainWindow

    try:
        library = Library(str(db_path))
    except DuizhaoError as exc:
        print(f"duizhao: error: {exc}", file=sys.stderr)
        return 2
    window = MainWindow(library, quiet=args.smoke_test)
    for notice in getattr(library, "notices", ()) or ():
        window.statusBar().showMessage(str(notice), 15000)
    server = None
    if not args.smoke_test:
        server = InstanceServer(name, lambda paths_: (window.open_paths(paths_), window.raise_(),
                                                      window.activateWindow()))
    window.show()

    result = {"code": 0}
    if args.smoke_test:
        def succeeded(_article_id: int) -> None:
            app.processEvents()
            image = window.grab()
            result["code"] = 0 if not image.isNull() and window.zh.document().characterCount() > 1 else 1
            print(f"duizhao: smoke test: opened {window.windowTitle()!r}", file=sys.stderr)
            app.quit()

        def failed(message: str) -> None:
            print(f"duizhao: error: {message}", file=sys.stderr)
            result["code"] = 1
            app.quit()

        def timed_out() -> None:
            print("duizhao: error: smoke test timed out", file=sys.stderr)
            result["code"] = 3
            app.quit()

        window.article_shown.connect(succeeded)
        window.open_failed.connect(failed)
        QTimer.singleShot(SMOKE_TIMEOUT_MS, timed_out)
        if not files:
            files = [str(p) for p in paths.sample_files()]

    def start() -> None:
        if files:
            window.open_paths(files, welcome=args.sample)
            return
        last = window.setting("last_article")
        if isinstance(last, int):
            window.open_article_id(last, quiet_failure=True)
            return
        if not window.setting("welcome_shown", False):
            window.open_paths([str(p) for p in paths.sample_files()], welcome=True)

    QTimer.singleShot(0, start)
    code = app.exec()
    if server is not None:
        server.close()
    try:
        library.close()
    except Exception:  # noqa: BLE001 - closing must not turn a clean exit into a crash
        pass
    return result["code"] if args.smoke_test else code
