"""The GUI entry point: ``duizhao [--sample] [--db PATH] [--smoke-test] [FILE [ENGLISH_FILE]]``.

Called by :mod:`reader.cli` when the first argument is not a core
sub-command.  ``--smoke-test`` opens the sample (or FILE), waits for the
first paint and exits 0 — non-zero on any failure; the packaged build runs
it in CI.

Start-up is ordered for an early first paint: the window is built from
:func:`reader.store.peek.peek` (settings and the stored text of the article it
reopens, one plain ``sqlite3`` query: no peewee, no store, no analysis) and
shown; after that paint the Library is opened (``MainWindow.attach_library``),
the window icon set, and only then does the worker import and run the text
core.  A file not in the library yet is read first (ingest only, in the
background: :func:`reader.ingest.texts.read_texts`), its clean text painted, and
only then is the Library opened and the article analysed.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SMOKE_TIMEOUT_MS = 120_000
#: How long the window waits, before it is first shown, for a new file's clean text: a short
#: article is then in the very first paint; a long one is shown as soon as it is read.
READ_WAIT_S = 0.08
#: Files above this size (together) take longer than READ_WAIT_S to read: the window's first paint
#: shows a long text file's beginning (read from its first bytes), then the whole once it is read.
READ_WHOLE_MAX_BYTES = 256 * 1024
#: How long the whole of such a file waits for its beginning's paint at most (see _Reading).
READ_HOLD_S = 0.5


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duizhao", description="Open the Duizhao reader window.")
    parser.add_argument("files", nargs="*", metavar="FILE", help="a Chinese article, then optionally its English version")
    parser.add_argument("--sample", action="store_true", help="open the bundled sample article")
    parser.add_argument("--db", metavar="PATH", help="database file (default: $DUIZHAO_DB or the user data folder)")
    parser.add_argument("--smoke-test", action="store_true", help="open, render and quit (exit 0 on success)")
    parser.add_argument("--new-instance", action="store_true", help="do not hand files to a running window")
    return parser


class _Reading:
    """A new file's clean text (:func:`reader.ingest.texts.read_texts`), read from start-up on.

    ``result()`` waits and returns it, or raises what reading raised.  A short
    plain-text file is read at once, on the GUI thread (``inline``: a thread
    would only make both threads take turns at the GIL while the window is
    built).  Otherwise the reading runs on a thread; for a long file its
    beginning (:func:`reader.ingest.texts.preview_texts`, a few milliseconds) is
    read at once and the whole waits until that beginning has painted
    (:meth:`resume`), so that :meth:`first_look` has something to show at once.
    The thread is a daemon: a window closed meanwhile does not wait for it.
    """

    def __init__(self, files: list[str], long: bool = False, inline: bool = False) -> None:
        import threading

        self._files = (files[0], files[1] if len(files) > 1 else None)
        self._done = threading.Event()
        self._go = threading.Event()  # the beginning has painted: read the whole
        self._result = self._error = self._preview = None
        if long:
            try:
                from reader.ingest.texts import preview_texts

                self._preview = preview_texts(*self._files)
            except Exception:  # noqa: BLE001 - only a first look: the whole reading reports any problem
                self._preview = None
        if inline and self._preview is None:
            self._run()
        else:
            threading.Thread(target=self._run, name="duizhao-read-first", daemon=True).start()

    def _run(self) -> None:
        try:
            from reader.ingest.texts import read_texts

            if self._preview is not None:
                # A Python thread busy meanwhile would make the GUI thread wait for the GIL at
                # every Python call of the first paint.
                self._go.wait(READ_HOLD_S)
            self._result = read_texts(*self._files)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits (the window's job)
            self._error = exc
        finally:
            self._done.set()

    def wait(self, seconds: float) -> bool:
        """True once read (or failed), waiting at most ``seconds``."""
        return self._done.wait(seconds)

    def first_look(self, seconds: float):
        """What can be shown within ``seconds``: the whole read, else a long file's beginning, else None."""
        if self._preview is None:
            self._done.wait(seconds)
        if self._done.is_set():
            return self._result if self._error is None else None
        return self._preview

    def resume(self) -> None:
        """Read the whole now (the beginning has painted)."""
        self._go.set()

    def result(self):
        self._done.wait()
        if self._error is not None:
            raise self._error
        return self._result


def _total_size(files: list[str]) -> int:
    try:
        return sum(os.path.getsize(f) for f in files)
    except OSError:
        return 0


def main(argv: list[str] | None = None) -> int:
    """Run the window; returns the exit code."""
    args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    from reader import paths

    missing = [f for f in args.files if not Path(f).exists()]
    if missing:
        print(f"duizhao: error: no such file: {missing[0]}", file=sys.stderr)
        return 2
    if len(args.files) > 2:
        # A desktop's "Open with" on a selection: open the first two, the window says so too.
        print("duizhao: opening the first two files (the Chinese article and its English version); "
              f"not opened: {', '.join(args.files[2:])}", file=sys.stderr)
    db_path = Path(args.db) if args.db else paths.default_db_path()
    files = [str(Path(f).resolve()) for f in args.files]
    # A FIFO, a device or a folder: never read (it would hang or never end); the window says so in
    # its one-line dialog when it opens them (open_paths checks again), and stderr here.
    from reader.ui.files import open_problem

    refused = next((problem for problem in map(open_problem, files[:2]) if problem), None)
    if refused and not args.smoke_test:  # (the smoke test prints the window's error itself)
        print(f"duizhao: error: {refused}", file=sys.stderr)
    if args.sample:
        files = [str(p) for p in paths.sample_files()]
    if args.smoke_test and os.environ.get("QT_QPA_PLATFORM") is None and not os.environ.get("DISPLAY") \
            and sys.platform.startswith("linux"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # CI without a display

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from reader.ui.compat import guard_none_refcount

    app = QApplication.instance()
    if app is None:
        from reader.ui.theme import STYLE_ARGUMENTS, started_with_fusion

        app = QApplication([sys.argv[0] if sys.argv else "duizhao", *STYLE_ARGUMENTS])
        started_with_fusion(app)
    guard_none_refcount()
    app.setApplicationName("Duizhao")
    app.setApplicationDisplayName("Duizhao")
    app.setApplicationVersion(__import__("reader").__version__)
    app.setDesktopFileName("duizhao")  # Wayland/X11 match the window to duizhao.desktop (its icon, its name)
    if not args.smoke_test and not args.new_instance and files:
        # QtNetwork is imported only when there is something to hand over (or, below, after the first paint).
        from reader.ui.single_instance import send_to_running, server_name

        if send_to_running(server_name(db_path), files):
            return 0

    from reader.errors import DuizhaoError
    from reader.store.peek import peek

    # Paint early: the window is built from a read-only peek at the database (settings, geometry, the
    # stored text of the article about to open); the Library (peewee, the store, its checks) is opened
    # right after the first paint, and analysis (and its imports) starts only then.
    startup = peek(db_path, path=files[0] if files else None)
    first_open = bool(files) and not refused and (startup is None or startup.article is None)  # not in the library
    # A file not in the library: its reading starts now, while the window is built and painted.
    reading = None
    if first_open:
        long = _total_size(files) > READ_WHOLE_MAX_BYTES
        plain = all(Path(f).suffix.lower() in (".txt", ".text") for f in files)
        reading = _Reading(files, long=long, inline=plain and not long)

    from reader.ui.main_window import MainWindow

    window = MainWindow(None, quiet=args.smoke_test, db_path=str(db_path), startup=startup)
    last = window.setting("last_article") if not files else None
    if startup is not None and startup.article is not None:
        window.startup.preview_stored(article_id=startup.article[0])
    if first_open:
        # Read the new file's clean text (ingest only, on a thread since before the window was built)
        # and paint it — in the first paint if it is read within READ_WAIT_S (a short article), else
        # as soon as it is — and only then open the Library and analyse; open_paths takes what was read.
        window.startup.read_first(files, then=lambda: (attach(), start()), reading=reading, wait=READ_WAIT_S)
    window.show()
    servers = []
    result = {"code": 0}

    def attach() -> None:
        """Open the Library; a database that cannot be opened ends the app as before (exit 2)."""
        try:
            window.attach_library()
        except DuizhaoError as exc:
            print(f"duizhao: error: {exc}", file=sys.stderr)
            if not args.smoke_test:
                from reader.ui.safe_text import message_box

                message_box(window, "Duizhao", str(exc), icon="critical")
            result["code"] = 2
            app.exit(2)

    def set_icon() -> None:
        """The window icon, after the first paint (loading it is not free; desktops match the .desktop file)."""
        icons = paths.resources_dir() / "icons"
        if (icons / "duizhao.svg").exists():
            from PySide6.QtGui import QIcon

            icon = QIcon(str(icons / "duizhao.svg"))
            for png in sorted(icons.glob("duizhao-*.png")):  # for a Qt without its SVG image plugin
                icon.addFile(str(png))
            app.setWindowIcon(icon)

    def listen() -> None:
        """Receive the files of later launches (set up after the first paint: it is not needed before)."""
        from reader.ui.single_instance import InstanceServer, server_name

        servers.append(InstanceServer(server_name(db_path), lambda paths_: (
            window.opening.open_paths(paths_), window.raise_(), window.activateWindow())))

    if args.smoke_test:
        def succeeded(_article_id: int) -> None:
            app.processEvents()
            image = window.grab()
            result["code"] = 0 if not image.isNull() and window.zh.document().characterCount() > 1 else 1
            print(f"duizhao: smoke test: opened {window.windowTitle()!r}", file=sys.stderr)
            print(f"duizhao: smoke test: desktop file {app.desktopFileName()!r}, window icon "
                  f"{'set' if not window.windowIcon().isNull() else 'missing'}, style {app.style().name()!r}",
                  file=sys.stderr)
            if window.last_notice:
                print(f"duizhao: smoke test: notice: {window.last_notice}", file=sys.stderr)
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
        if not window.library_ready:
            return  # the database could not be opened (attach said so)
        if files:
            window.opening.open_paths(files, welcome=args.sample)
            return
        if isinstance(last, int):
            window.opening.open_article_id(last, quiet_failure=True)
            return
        if not window.setting("welcome_shown", False):
            window.opening.open_paths([str(p) for p in paths.sample_files()], welcome=True)

    if not first_open:
        window.startup.after_first_paint(attach)
    window.startup.after_first_paint(set_icon)
    if not first_open:
        window.startup.after_first_paint(start)
    if not args.smoke_test:
        window.startup.after_first_paint(listen)
    code = app.exec()
    for server in servers:
        server.close()
    if window.library_ready:
        try:
            window.library.unlocked.close()
        except Exception:  # noqa: BLE001 - closing must not turn a clean exit into a crash
            pass
    return result["code"] if (args.smoke_test or result["code"]) else code
