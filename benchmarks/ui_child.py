"""The child process of bench_ui.py: one launch, timed from its spawn to the first painted text.

    python benchmarks/ui_child.py bare|duizhao T0 DB FILE [FILE]

Prints ``FIRST_PAINT s`` and ``READY s`` (seconds after ``T0``, the parent's
clock just before the spawn), then ``RSS now peak`` (MB, 0.3 s after ready).
It imports nothing before the launch under test
but ``sys``, ``time`` and ``pathlib`` (which Duizhao's entry point imports
anyway), so that both sides start the same way.
"""

import sys
import time
from pathlib import Path


def _child(kind: str, t0: float, files: list[str], db: str) -> None:
    """Run in a subprocess: open ``files`` and print seconds from ``t0`` to the first painted text."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QTextBrowser

    class PaintClock(QObject):
        """Prints the time of the first painted text, then (Duizhao) of the first paint of the analysed article."""

        def __init__(self, document, wait_for_ready: bool) -> None:
            super().__init__()
            self.document = document
            self.first = False
            self.ready = not wait_for_ready
            self.ready_painted = False

        def eventFilter(self, obj, event) -> bool:  # Qt override
            if event.type() == QEvent.Paint and self.document.characterCount() > 1:
                if not self.first:
                    self.first = True
                    print(f"FIRST_PAINT {time.time() - t0:.4f}", flush=True)
                if self.ready and not self.ready_painted:
                    self.ready_painted = True
                    QTimer.singleShot(0, self.finish)
            return False

        def mark_ready(self, *_args) -> None:
            self.ready = True

        def finish(self) -> None:
            print(f"READY {time.time() - t0:.4f}", flush=True)
            QTimer.singleShot(300, self.report_memory)  # what stays held once the article is shown

        def report_memory(self) -> None:
            # resident set now and its peak (VmRSS, VmHWM: kB); Linux only, skipped elsewhere
            try:
                status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
                print(f"RSS {int(status['VmRSS'].split()[0]) / 1024:.1f} {int(status['VmHWM'].split()[0]) / 1024:.1f}",
                      flush=True)
            except (OSError, KeyError, ValueError):
                pass
            QApplication.instance().quit()

    if kind == "bare":
        app = QApplication(["bench"])
        view = QTextBrowser()
        view.resize(1300, 800)
        clock = PaintClock(view.document(), wait_for_ready=False)
        view.viewport().installEventFilter(clock)
        view.setPlainText(Path(files[0]).read_text(encoding="utf-8"))
        view.show()
    else:
        # The real entry point (reader.app.main), as a desktop launch runs it: it creates the
        # application itself (with its own arguments), so none is created here.  The clock is attached
        # to the window as it is built (a wrapper around MainWindow.__init__, nothing else changes).
        import reader.ui.main_window as main_window
        from reader.app import main

        real_init = main_window.MainWindow.__init__
        clocks = []

        def init(window, *args, **kwargs):
            real_init(window, *args, **kwargs)
            clock = PaintClock(window.zh.document(), wait_for_ready=True)
            clocks.append(clock)
            window.zh.viewport().installEventFilter(clock)
            window.article_shown.connect(clock.mark_ready)
            window.article_shown.connect(lambda _id: window.zh.viewport().update())
            app = QApplication.instance()
            window.open_failed.connect(lambda message: (print("FAILED", message, flush=True), app.quit()))
            QTimer.singleShot(300_000, app.quit)

        main_window.MainWindow.__init__ = init
        main(["--db", db, "--new-instance", *files])
        return
    QTimer.singleShot(300_000, app.quit)
    app.exec()


if __name__ == "__main__":
    kind, t0, db, *files = sys.argv[1:]
    _child(kind, float(t0), files, db)
