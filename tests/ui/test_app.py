"""The GUI entry point, the single-instance hand-over and the background runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.app import main
from reader.ui.single_instance import InstanceServer, send_to_running, server_name
from reader.ui.worker import LibraryLock, run_in_background
from tests.ui.conftest import SEED_EN, SEED_ZH

ROOT = Path(__file__).resolve().parents[2]


def _run_app(*args: str, env_db) -> subprocess.CompletedProcess:
    # A separate process, as CI runs the packaged build: app.exec()/quit() must not leak into other tests.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DUIZHAO_DB=str(env_db))
    return subprocess.run([sys.executable, "-m", "reader", *args], capture_output=True, text=True, env=env,
                          timeout=180, cwd=ROOT)


@pytest.mark.slow
def test_smoke_test_opens_the_sample_and_exits_0(tmp_path):
    done = _run_app("--smoke-test", env_db=tmp_path / "db.sqlite3")
    assert done.returncode == 0, done.stderr
    assert "smoke test: opened" in done.stderr
    assert "desktop file 'duizhao', window icon set" in done.stderr


@pytest.mark.slow
def test_the_app_draws_with_fusion_whatever_the_platform_asks(tmp_path, monkeypatch):
    monkeypatch.setenv("QT_STYLE_OVERRIDE", "windows")  # a built-in style that is not Fusion
    done = _run_app("--smoke-test", env_db=tmp_path / "db.sqlite3")
    assert done.returncode == 0, done.stderr
    assert "style 'fusion'" in done.stderr


@pytest.mark.slow
def test_smoke_test_with_a_file_pair_and_db_option(tmp_path):
    db = tmp_path / "other.sqlite3"
    done = _run_app("--db", str(db), "--smoke-test", str(SEED_ZH), str(SEED_EN), env_db=tmp_path / "unused.sqlite3")
    assert done.returncode == 0, done.stderr
    assert db.exists() and not (tmp_path / "unused.sqlite3").exists()


@pytest.mark.slow
def test_more_than_two_files_open_the_first_two_with_a_notice(tmp_path):
    extra = tmp_path / "extra.txt"
    extra.write_text("多余的文件。", encoding="utf-8")
    done = _run_app("--smoke-test", str(SEED_ZH), str(SEED_EN), str(extra), env_db=tmp_path / "db.sqlite3")
    assert done.returncode == 0, done.stderr
    assert "smoke test: notice:" in done.stderr and "not opened: extra.txt" in done.stderr


@pytest.mark.slow
def test_smoke_test_fails_on_a_bad_file(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    done = _run_app("--smoke-test", str(bad), env_db=tmp_path / "db.sqlite3")
    assert done.returncode == 1
    assert "duizhao: error:" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("argv", [["/no/such/file.txt"], ["a.txt", "b.txt", "c.txt"]])
def test_bad_command_lines_exit_2(qapp, argv, capsys):
    assert main(argv) == 2
    assert "duizhao: error:" in capsys.readouterr().err


def test_server_name_depends_on_the_database(tmp_path):
    assert server_name(tmp_path / "a.db") != server_name(tmp_path / "b.db")
    assert server_name(tmp_path / "a.db") == server_name(tmp_path / "a.db")


def test_second_start_hands_its_files_to_the_running_window(qtbot, tmp_path):
    name = server_name(tmp_path / "x.db")
    received = []
    server = InstanceServer(name, received.append)
    try:
        assert server.listening
        assert send_to_running(name, ["/tmp/a.html", "/tmp/b.txt"])
        qtbot.waitUntil(lambda: bool(received), timeout=3000)
        assert received == [["/tmp/a.html", "/tmp/b.txt"]]
    finally:
        server.close()
    assert not send_to_running(server_name(tmp_path / "nobody.db"), ["x"])


def test_background_job_reports_progress_and_result(qtbot):
    progress, results = [], []

    def job(report):
        report(0.5, "half")
        return 42

    task = run_in_background(job, results.append, None, lambda f, m: progress.append((f, m)))
    qtbot.waitUntil(lambda: not task.running, timeout=5000)
    assert results == [42] and progress == [(0.5, "half")]


def test_background_job_errors_arrive_on_the_gui_thread(qtbot):
    errors = []

    def job(_report):
        raise ValueError("bad input")

    task = run_in_background(job, None, errors.append)
    qtbot.waitUntil(lambda: not task.running, timeout=5000)
    assert [str(e) for e in errors] == ["bad input"]


def test_library_lock_serialises_calls():
    class Fake:
        def __init__(self):
            self.inside = 0
            self.max_inside = 0

        def work(self):
            self.inside += 1
            self.max_inside = max(self.max_inside, self.inside)
            self.inside -= 1
            return "ok"

    import threading

    locked = LibraryLock(Fake())
    threads = [threading.Thread(target=lambda: [locked.work() for _ in range(200)]) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert locked.unlocked.max_inside == 1


def test_library_lock_serves_only_the_facades_methods_and_nothing_before_attach():
    class Fake:
        value = 3  # not a method: read through .unlocked

        def work(self):
            return "ok"

        def _private(self):
            return "no"

    locked = LibraryLock()
    assert locked.unlocked is None and not hasattr(locked, "work")  # start-up: no store opened behind a lookup
    locked.attach(Fake())
    assert locked.work() == "ok" and locked.unlocked.value == 3
    assert not hasattr(locked, "_private") and not hasattr(locked, "value")
    with pytest.raises(AttributeError):
        locked.no_such_method()  # a typo fails, it is never forwarded
