"""OpRunner (reader/ui/ops.py): one lock, errors as one signal, the undo stack, refreshes decided by Changes."""

from __future__ import annotations

import threading

import pytest

from reader.errors import InputError
from reader.library import Library
from reader.ui.ops import Changes, Op, OpRunner

ZH = "钱塘区组建临时党支部。党员们积极开展工作。"


@pytest.fixture
def setup(qtbot, tmp_path):
    library = Library(tmp_path / "ops.sqlite3")
    view = library.open_text(ZH)
    lock = threading.RLock()
    runner = OpRunner(lock)
    seen: dict[str, list] = {"changes": [], "failed": []}
    runner.changes_applied.connect(seen["changes"].append)
    runner.failed.connect(seen["failed"].append)
    yield library, view, runner, seen, lock
    library.close()


def highlight(library, view, start, end):
    return Op("highlight", lambda: library.add_annotation(view.id, "zh", start, end), Changes(annotations=True),
              undo=lambda added: lambda: library.delete_annotation(added.uuid))


def test_an_op_runs_announces_its_changes_and_undoes(setup):
    library, view, runner, seen, _lock = setup
    annotation = runner.run(highlight(library, view, 0, 3))
    assert annotation is not None and [a.uuid for a in library.annotations(view.id)] == [annotation.uuid]
    assert seen["changes"] == [Changes(annotations=True)] and runner.can_undo and runner.undo_label == "highlight"
    assert runner.undo() == "highlight"
    assert library.annotations(view.id) == [] and not runner.can_undo
    assert seen["changes"] == [Changes(annotations=True)] * 2 and seen["failed"] == []
    assert runner.undo() is None  # nothing left


def test_undo_reverts_in_reverse_order(setup):
    library, view, runner, _seen, _lock = setup
    first = runner.run(highlight(library, view, 0, 3))
    runner.run(Op("edit", lambda: library.update_annotation(first.uuid, note="a note"), Changes(annotations=True),
                  undo=lambda _: lambda: library.update_annotation(first.uuid, note=None)))
    assert library.annotations(view.id)[0].note == "a note"
    assert runner.undo() == "edit" and library.annotations(view.id)[0].note is None
    assert runner.undo() == "highlight" and library.annotations(view.id) == []


def test_a_failing_op_is_one_signal_and_changes_nothing(setup):
    library, view, runner, seen, _lock = setup
    assert runner.run(highlight(library, view, 5, 500)) is None  # beyond the text: InputError
    assert len(seen["failed"]) == 1 and isinstance(seen["failed"][0], InputError)
    assert seen["changes"] == [] and not runner.can_undo and library.annotations(view.id) == []


def test_a_bug_is_not_swallowed(setup):
    _library, _view, runner, seen, _lock = setup

    def broken():
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        runner.run(Op("broken", broken, Changes(words=True)))
    assert seen["failed"] == [] and seen["changes"] == []


def test_a_failing_undo_is_reported_and_dropped(setup):
    library, view, runner, seen, _lock = setup
    annotation = runner.run(highlight(library, view, 0, 3))
    library.delete_article(view.id)  # the annotation goes with it: deleting it again fails
    assert runner.undo() == "highlight"
    assert len(seen["failed"]) == 1 and not runner.can_undo
    assert annotation is not None


def test_ops_hold_the_lock(setup):
    library, view, runner, _seen, lock = setup
    held = []

    def probe():
        # Another thread cannot take the lock while the op runs.
        got = []
        thread = threading.Thread(target=lambda: got.append(lock.acquire(timeout=0.05)))
        thread.start()
        thread.join()
        held.append(got == [False])
        return library.words()

    runner.run(Op("probe", probe, Changes()))
    assert held == [True]


def test_changes_combine_and_only_real_changes_are_announced(setup):
    library, _view, runner, seen, _lock = setup
    assert Changes(annotations=True) | Changes(words=True) == Changes(annotations=True, words=True)
    assert not Changes() and Changes(known=True)
    runner.run(Op("look", library.words, Changes()))  # a read changes nothing: no refresh
    assert seen["changes"] == [] and not runner.can_undo


def test_the_undo_label_can_name_the_result(setup):
    library, view, runner, _seen, _lock = setup
    op = highlight(library, view, 0, 3)
    named = Op(op.label, op.do, op.changes, op.undo, named=lambda added: f"highlight {added.quote}")
    runner.run(named)
    assert runner.undo_label == "highlight 钱塘区" and runner.undo() == "highlight 钱塘区"


def test_a_word_saved_from_the_context_menu_is_undone_like_one_saved_with_s(qtbot, make_window):
    from tests.ui.conftest import open_seed

    window = make_window()
    view = open_seed(qtbot, window)
    at = view.zh.text.index("先锋")
    menu = window.reading.build_context_menu("zh", at)
    save = next(a for a in menu.actions() if a.text().startswith("Save “先锋”"))
    save.trigger()
    assert [w.simplified for w in window.library.words()] == ["先锋"]
    assert [w.simplified for w in window.vocabulary.words] == ["先锋"]  # refreshed by changes_applied
    window.undo()
    assert window.library.words() == [] and window.vocabulary.words == []
    assert window.statusBar().currentMessage() == "Undone: save 先锋."


# -- background jobs (OpRunner.run_in_background) ---------------------------------------------------------------


def test_a_background_job_is_busy_reports_progress_and_ends_once(qtbot, setup):
    library, view, runner, seen, lock = setup
    events: list = []
    runner.started.connect(lambda label: events.append(("started", label)))
    runner.progress.connect(lambda fraction, message: events.append(("progress", fraction, message)))
    runner.busy_changed.connect(lambda busy: events.append(("busy", busy)))
    results: list = []

    def job(progress):
        progress(0.5, "halfway")
        # the job holds the lock: another thread can't take it meanwhile
        got = []
        thread = threading.Thread(target=lambda: got.append(lock.acquire(timeout=0.05)))
        thread.start()
        thread.join()
        return got, library.words()

    assert runner.run_in_background("Working…", job, results.append, changes=Changes(words=True))
    assert runner.busy and runner.task is not None
    assert not runner.run_in_background("Again", job, results.append), "one job at a time"
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert results == [([False], [])] and runner.task is None
    assert events[0] == ("started", "Working…") and ("progress", 0.5, "halfway") in events
    assert [e for e in events if e[0] == "busy"] == [("busy", True), ("busy", False)]
    assert seen["changes"] == [Changes(words=True)], "a job's changes are announced after it succeeded"


def test_a_failing_background_job_goes_to_its_handler_or_to_failed(qtbot, setup):
    _library, _view, runner, seen, _lock = setup
    errors: list = []

    def job(_progress):
        raise InputError("no such file")

    runner.run_in_background("Opening…", job, lambda _r: None, errors.append, changes=Changes(words=True))
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert [str(e) for e in errors] == ["no such file"] and seen["failed"] == [] and seen["changes"] == []
    runner.run_in_background("Opening…", job, lambda _r: None)  # no handler: the one failed signal
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    assert [str(e) for e in seen["failed"]] == ["no such file"]


def test_a_job_waits_for_the_lock_unless_unlocked(qtbot, setup):
    _library, _view, runner, _seen, lock = setup
    ran = threading.Event()
    with lock:  # the GUI thread holds it (a short call)
        runner.run_in_background("", lambda _p: ran.set(), lambda _r: None, locked=False)
        assert ran.wait(5), "a job that needs no store (a start-up read) runs at once"
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
    ran.clear()
    with lock:
        runner.run_in_background("Working…", lambda _p: ran.set(), lambda _r: None)
        assert not ran.wait(0.3), "a locked job waits for the lock"
    assert ran.wait(5)
    qtbot.waitUntil(lambda: not runner.busy, timeout=10000)
