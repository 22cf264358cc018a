"""A folder of bad inputs (the "zoo") for the command-line tests, and a runner for ``python -m reader``.

Each zoo entry is named so a test table can write ``{fifo}``, ``{corrupt_db}``
... in an argument list.  The zoo is made once per module; the tests check
that no command changed anything in it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from reader import paths

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed"
#: Generous bound for one command on bad input (a hang is what it catches; the slowest, a locked
#: database, waits for the store's busy timeout).
TIMEOUT = 90
#: ``DUIZHAO_BUNDLE=dist/duizhao`` runs the tables against the built program instead of ``python -m reader``.
BUNDLE = os.environ.get("DUIZHAO_BUNDLE")
#: Zoo entries a refused command may leave as they are but that are not the input under test
#: (the good database is opened by the commands that must then refuse something else).
_NOT_WATCHED = ("good.sqlite3", "locked.sqlite3-")


def _make_db(path: Path) -> None:
    from reader.library import Library

    library = Library(path)
    try:
        view = library.open_article(SEED / "qiantang-zh.txt", english=SEED / "qiantang-en.txt")
        library.add_annotation(view.id, "zh", 0, 4, note="a note")
        word = next(t for t in view.zh.tokens if t.text == "党员")
        library.save_word(view.id, word.start, word.end)
    finally:
        library.close()


@pytest.fixture(scope="module")
def zoo(tmp_path_factory) -> dict[str, str]:
    """name -> path (or argument) of each bad input; ``zoo["dir"]`` is the folder holding them."""
    folder = tmp_path_factory.mktemp("zoo")
    z: dict[str, str] = {"dir": str(folder)}

    def put(name: str, filename: str | bytes, data: bytes | None = None) -> Path:
        raw = os.fsencode(folder) + b"/" + (filename if isinstance(filename, bytes) else os.fsencode(filename))
        path = Path(os.fsdecode(raw))
        if data is not None:
            path.write_bytes(data)
        z[name] = str(path)
        return path

    zh = (SEED / "qiantang-zh.txt").read_bytes()
    en = (SEED / "qiantang-en.txt").read_bytes()
    put("good_zh", "good-zh.txt", zh)
    put("good_en", "good-en.txt", en)
    put("good_zh_lines", "zh-lines.txt", "钱塘组建隔离人员临时党支部。\n打造最安全的隔离点。\n".encode())
    put("good_en_lines", "en-lines.txt", b"Qiantang sets up a temporary party branch.\nThe safest isolation site.\n")
    put("english_only", "english.txt", en)
    put("missing", "missing.txt")
    put("missing_in_missing_dir", "no-such-folder/missing.txt")
    put("empty_file", "empty.txt", b"")
    put("blank_file", "blank.txt", b" \n\t\n  \r\n")
    put("binary_random", "random.txt", bytes((i * 7919 + 13) % 256 for i in range(20_000)))
    put("png", "picture.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    put("pdf", "document.txt", b"%PDF-1.7\n" + bytes(range(256)) * 40)
    put("nul_text", "nuls.txt", b"\x00" * 5000 + "中文".encode())
    put("html_no_text", "empty-page.html", b"<html><head><title></title></head><body><script>x()</script></body>")
    put("sqlite_as_txt", "database.txt", b"SQLite format 3\x00" + b"\x00" * 2000)
    huge = put("huge_sparse", "huge.txt")
    with open(huge, "wb") as handle:  # sparse: over the 64 MB limit without using the disk
        handle.truncate(65 * 2**20)
    put("long_chinese_file", "long-zh.txt", ("钱塘组建隔离人员临时党支部。" * 150_000).encode())
    put("many_lines", "many-lines.txt", "好。\n".encode() * 10_001)
    os.mkfifo(put("fifo", "pipe.txt"))
    put("directory", "folder.txt").mkdir()
    (folder / "out").mkdir()
    z["out"] = str(folder / "out")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(put("socket", "socket.txt")))
    loop_a, loop_b = put("loop_a", "loop-a.txt"), put("symlink_loop", "loop-b.txt")
    loop_a.symlink_to(loop_b.name)
    loop_b.symlink_to(loop_a.name)
    put("broken_link", "broken-link.txt").symlink_to("nowhere.txt")
    put("good_link", "good-link.txt").symlink_to("good-zh.txt")
    put("newline_missing", "new\nline.txt")
    put("newline_binary", "bad\nname.txt", b"\x7fELF" + bytes(range(256)) * 10)
    put("newline_good", "good\nname.txt", zh)
    put("nonutf8_missing", b"caf\xe9-missing.txt")
    put("nonutf8_binary", b"caf\xe9.txt", b"\x7fELF" + bytes(range(256)) * 10)
    put("nonutf8_good", b"caf\xe9-zh.txt", zh)
    put("through_file", "good-zh.txt/inside.txt")
    z["long_name"] = str(folder / ("x" * 300 + ".txt"))
    z["long_path"] = str(folder / "/".join(["y" * 200] * 25) / "a.txt")
    z["long_text"] = "钱塘组建隔离人员临时党支部，打造出最安全最暖心的隔离点。" * 10
    z["dash"] = "-"
    z["empty"] = ""
    z["dev_null"], z["dev_zero"], z["dev_full"], z["dev_stdin"] = "/dev/null", "/dev/zero", "/dev/full", "/dev/stdin"

    good = put("good_db", "good.sqlite3")
    _make_db(good)
    put("text_db", "notes.txt", b"my precious notes\n")
    put("header_only_db", "header.sqlite3", good.read_bytes()[:100])
    put("truncated_db", "truncated.sqlite3", good.read_bytes()[:5000])
    put("garbage_db", "garbage.sqlite3", b"SQLite format 3\x00" + bytes((i * 31 + 7) % 256 for i in range(40_000)))
    damaged = bytearray(good.read_bytes())
    damaged[4096:12288] = b"\xff" * 8192
    put("corrupt_db", "corrupt.sqlite3", bytes(damaged))
    other = put("other_db", "other.sqlite3")
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE contacts (name TEXT)")
    con.commit()
    con.close()
    put("link_to_dev_null", "null-link.txt").symlink_to("/dev/null")
    fifo_beside = put("wal_fifo_db", "wal-fifo.sqlite3")
    shutil.copy(good, fifo_beside)
    os.mkfifo(f"{fifo_beside}-wal")
    put("missing_dir_db", "no-such-folder/db.sqlite3")
    put("through_file_db", "good-zh.txt/db.sqlite3")
    locked = put("locked_db", "locked.sqlite3")
    shutil.copy(good, locked)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sqlite3, sys\n"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
         "c.execute('PRAGMA locking_mode = EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE')\n"
         "c.execute('CREATE TABLE held (x)')\n"
         "print('locked', flush=True); sys.stdin.read()\n", str(locked)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    (folder / "home").mkdir()
    z["home"] = str(folder / "home")
    yield z
    holder.stdin.close()
    holder.wait(timeout=30)
    sock.close()


def snapshot(folder: str) -> dict[str, tuple]:
    """Every entry under ``folder`` (links not followed) with its kind, size, time and small files' hash."""
    found = {}
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(base, name)
            relative = os.path.relpath(path, folder)
            if relative.startswith(_NOT_WATCHED):
                continue
            info = os.lstat(path)
            digest = None
            if os.path.isfile(path) and not os.path.islink(path) and info.st_size < 2**20:
                digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
            found[relative] = (info.st_mode, info.st_size, info.st_mtime_ns, digest)
    return found


def run_duizhao(zoo: dict[str, str], *argv: str, env: dict[str, str] | None = None,
                timeout: float = TIMEOUT, stdout_path: str | None = None) -> subprocess.CompletedProcess:
    """``python -m reader ARGV`` (or the built program) with a private home and database, stdin empty.

    ``stdout_path``: where stdout goes (e.g. ``/dev/full``) instead of being captured.
    """
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DUIZHAO_")}
    environment.update(HOME=zoo["home"], DUIZHAO_DB=os.path.join(zoo["home"], "duizhao.sqlite3"),
                       DUIZHAO_CACHE=str(paths.cache_dir()), PYTHONPATH=str(ROOT))
    environment.update(env or {})
    with open(stdout_path or os.devnull, "wb") as sink:
        program = [str(Path(BUNDLE).resolve() / "duizhao")] if BUNDLE else [sys.executable, "-m", "reader"]
        result = subprocess.run([*program, *argv], timeout=timeout, stdin=subprocess.DEVNULL,
                                stdout=sink if stdout_path else subprocess.PIPE, stderr=subprocess.PIPE,
                                env=environment, cwd=zoo["dir"])
    if stdout_path:
        result.stdout = b""
    return result


def assert_refused(result: subprocess.CompletedProcess) -> str:
    """Exit 2, one stderr line ``duizhao: error: …``, no traceback or internal error, nothing on stdout."""
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 2, (result.returncode, err[-2000:], result.stdout[-500:])
    assert len(err.splitlines()) == 1 and err.endswith("\n"), err[-2000:]
    assert err.startswith("duizhao: error: "), err
    assert "Traceback" not in err and "internal error" not in err, err
    assert result.stdout == b"", result.stdout[-500:]
    return err
