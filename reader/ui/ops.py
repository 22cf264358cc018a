"""Operations on the library from the window, in the style of Anki's ``CollectionOp``.

An :class:`Op` is one user action: what it does (a call of the facade), what
it changes (:class:`Changes`) and how to undo it.  :class:`OpRunner` runs it
under the Library's lock, turns a :class:`~reader.errors.DuizhaoError` into
one ``failed`` signal (nothing else is caught: a bug stays a bug), keeps the
undo stack, and announces every change with one ``changes_applied(Changes)``
signal: the window connects that signal once and decides there what to
refresh, so no handler repeats its own subset of refreshes.

Long work (opening, aligning, exporting, seeding) runs through
:meth:`OpRunner.run_in_background`: one job at a time, on a worker thread
under the same lock, with ``started``/``progress``/``busy_changed`` signals
for the window's progress bar and enabled actions; its result or error
arrives on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from reader.errors import DuizhaoError
from reader.ui.worker import BackgroundTask, Progress, run_in_background

T = TypeVar("T")


@dataclass(frozen=True)
class Changes:
    """What an operation changed; the window refreshes the views that show it."""

    annotations: bool = False  # highlights and notes (the sidebar, the panes' highlight layer)
    words: bool = False  # saved words and their status (the vocabulary)
    known: bool = False  # which words are known (the panes' known-word marks and pinyin above them)

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True)
class Op(Generic[T]):
    """One action: ``do()`` returns its result; ``undo(result)`` gives the call that reverts it (None: none)."""

    label: str  # what the status bar says after an undo ("Undone: highlight.")
    do: Callable[[], T]
    changes: Changes
    undo: Callable[[T], Callable[[], Any] | None] | None = None
    named: Callable[[T], str] | None = None  # the label from the result ("save 先锋"), else ``label``


@dataclass(frozen=True)
class _UndoEntry:
    label: str
    revert: Callable[[], Any]
    changes: Changes


class OpRunner(QObject):
    """Runs :class:`Op` under one lock; errors, the undo stack and the changes signal in one place."""

    changes_applied = Signal(object)  # Changes
    failed = Signal(object)  # the DuizhaoError an operation raised
    undo_changed = Signal()  # the undo stack grew or shrank
    started = Signal(str)  # a background job began (its label for the status bar)
    progress = Signal(float, str)  # (fraction, message) of the background job
    busy_changed = Signal(bool)  # a background job began (True) or ended (False)

    def __init__(self, lock: threading.RLock, parent: QObject | None = None, limit: int = 100) -> None:
        super().__init__(parent)
        self._lock = lock
        self._undo: list[_UndoEntry] = []
        self._limit = limit
        #: the background job running, else None
        self.task: BackgroundTask | None = None

    @property
    def busy(self) -> bool:
        """True while a background job runs (it holds the lock: the GUI thread must not wait on it)."""
        return self.task is not None and self.task.running

    def run_in_background(self, label: str, fn: Callable[[Progress], T], on_done: Callable[[T], Any],
                          on_error: Callable[[BaseException], Any] | None = None, *, locked: bool = True,
                          changes: Changes | None = None) -> bool:
        """Run ``fn(progress)`` on a worker (under the lock unless ``locked`` is False); False if a job runs.

        ``on_done(result)`` / ``on_error(exc)`` run on the GUI thread after ``busy_changed(False)``;
        without ``on_error`` the error is emitted as ``failed``.  ``changes``: announced on success.
        An empty ``label`` runs it without the progress bar (a start-up read).
        """
        if self.busy:
            return False

        def end() -> None:
            self.task = None
            self.busy_changed.emit(False)

        def done(result: T) -> None:
            end()
            on_done(result)
            if changes:
                self.changes_applied.emit(changes)

        def failed(exc: BaseException) -> None:
            end()
            (on_error or self.failed.emit)(exc)

        def job(report: Progress) -> T:
            if not locked:
                return fn(report)
            with self._lock:
                return fn(report)

        self.task = run_in_background(job, done, failed, self.progress.emit if label else None)
        if label:
            self.started.emit(label)
        self.busy_changed.emit(True)
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def undo_label(self) -> str | None:
        """What Ctrl+Z would undo (None: nothing)."""
        return self._undo[-1].label if self._undo else None

    def run(self, op: Op[T]) -> T | None:
        """Do ``op``; its result, or None when it failed (``failed`` was emitted, nothing else changed)."""
        try:
            with self._lock:
                result = op.do()
        except DuizhaoError as exc:
            self.failed.emit(exc)
            return None
        revert = op.undo(result) if op.undo is not None else None
        if revert is not None:
            label = op.named(result) if op.named is not None else op.label
            self._undo.append(_UndoEntry(label, revert, op.changes))
            del self._undo[: -self._limit]
            self.undo_changed.emit()
        if op.changes:
            self.changes_applied.emit(op.changes)
        return result

    def undo(self) -> str | None:
        """Revert the last operation; its label, or None when there was nothing to undo.

        A revert that fails is reported (``failed``) and dropped: trying it again would fail again.
        """
        if not self._undo:
            return None
        entry = self._undo.pop()
        self.undo_changed.emit()
        try:
            with self._lock:
                entry.revert()
        except DuizhaoError as exc:
            self.failed.emit(exc)
        self.changes_applied.emit(entry.changes)
        return entry.label

    def clear(self) -> None:
        """Forget the undo stack (another database: its reverts would touch the wrong rows)."""
        if self._undo:
            self._undo.clear()
            self.undo_changed.emit()
