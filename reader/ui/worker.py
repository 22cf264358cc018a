"""Long work off the GUI thread, with progress (like Anki's ``CollectionOp``).

``run_in_background(fn, on_done, on_error, on_progress)`` runs
``fn(progress)`` on Qt's global thread pool; ``progress(fraction, message)``
may be called from the worker and arrives on the GUI thread as
``on_progress(fraction, message)``; the result (or the exception) arrives on
the GUI thread too.  Queued signal connections do the thread hop.

Thread model for the database: the window owns one ``Library``; a
:class:`LibraryLock` serialises every call so the worker (ingest, analysis,
alignment) and the GUI thread never use the SQLite connection at once.  The
GUI only needs the database for short calls; while a job runs, the window
disables the actions that write, and the hover lookup (a dictionary
pass-through that never touches SQLite) does not take the lock.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Progress = Callable[[float, str], None]


class _Signals(QObject):
    progress = Signal(float, str)
    done = Signal(object)
    failed = Signal(object, str)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[Progress], Any], signals: _Signals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:  # Qt override, on a pool thread
        try:
            result = self.fn(lambda fraction, message="": self.signals.progress.emit(float(fraction), str(message)))
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI, never kill the thread silently
            self.signals.failed.emit(exc, traceback.format_exc())
        else:
            self.signals.done.emit(result)


class BackgroundTask(QObject):
    """Handle of one background job; keeps its signal object alive until it ends."""

    finished = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.running = True
        self.result: Any = None
        self.error: BaseException | None = None


_live: set[BackgroundTask] = set()


def run_in_background(
    fn: Callable[[Progress], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[float, str], None] | None = None,
    pool: QThreadPool | None = None,
) -> BackgroundTask:
    """Run ``fn(progress)`` on a worker thread; callbacks run on the GUI thread."""
    task = BackgroundTask()
    signals = _Signals()
    task._signals = signals  # keep the QObject alive as long as the task
    _live.add(task)

    def finish() -> None:
        task.running = False
        _live.discard(task)
        task.finished.emit()

    def done(result: Any) -> None:
        task.result = result
        try:
            if on_done:
                on_done(result)
        finally:
            finish()

    def failed(exc: BaseException, trace: str) -> None:
        task.error = exc
        task.trace = trace
        try:
            if on_error:
                on_error(exc)
        finally:
            finish()

    if on_progress:
        signals.progress.connect(on_progress)
    signals.done.connect(done)
    signals.failed.connect(failed)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, signals))
    return task


class LibraryLock:
    """The window's Library behind one re-entrant lock, so one thread uses it at a time.

    Each public method of the attached Library is offered here wrapped in the
    lock (set once, at :meth:`attach`, from the Library's class: no attribute
    is looked up or opened on the fly); ``unlocked`` is the Library itself,
    for calls known not to touch the database (dictionary lookups), and None
    until one is attached (start-up: the window paints before the store loads).
    """

    def __init__(self, library: Any = None) -> None:
        self.lock = threading.RLock()
        self.unlocked: Any = None
        if library is not None:
            self.attach(library)

    def attach(self, library: Any) -> None:
        """Serve ``library``'s public methods, each under the lock."""
        with self.lock:
            self.unlocked = library
            for name in dir(type(library)):
                if name.startswith("_") or not callable(getattr(type(library), name, None)):
                    continue
                setattr(self, name, self._locked(getattr(library, name)))

    def _locked(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            with self.lock:
                return method(*args, **kwargs)

        call.__name__ = getattr(method, "__name__", "call")
        return call
