"""Deciding what a database file is before it is opened, and naming why SQLite failed.

The rules (issue 20): a file that is not a Duizhao database is refused and left
alone, whatever it holds.  Only a file that *was* a Duizhao database (SQLite, with
our application id, or our tables and a schema version) and is now damaged may be
set aside, and only when the caller asks for it (the window does; the command line
refuses instead).  Every SQLite error becomes one line naming its cause: disk full,
read-only, locked, damaged.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from reader.errors import DamagedDatabase, DatabaseLocked, DiskFull, NotADatabase, ReadOnlyDatabase, StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
#: ``PRAGMA application_id`` of a Duizhao database ("DUZH"): recognises our files even when damaged.
APPLICATION_ID = 0x44555A48
#: Tables every Duizhao schema version has.
OUR_TABLES = frozenset({"article", "annotation"})
#: Below this much free space an I/O error is put down to a full disk.
_FULL_BELOW = 64 * 1024
_NO_TRANSACTION = ("cannot rollback - no transaction is active", "cannot commit - no transaction is active")


@dataclass(frozen=True)
class Inspection:
    """What a database file is: ``new`` (absent or empty) or ``sqlite``; ``damage`` says why it is unusable."""

    kind: str
    ours: bool = False
    damage: str | None = None
    version: int = 0


def short(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters (SQLite's integrity reports run to many lines)."""
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip() and not ln.strip().startswith("***")]
    line = lines[0] if lines else str(text).strip()
    line = "".join(ch if ch.isprintable() else " " for ch in line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def inspect(file: Path, busy_timeout: float) -> Inspection:
    """Look at ``file`` without changing it; raises :class:`NotADatabase` for anything not ours."""
    try:
        st = file.stat()
    except FileNotFoundError:
        return Inspection("new")
    except OSError as exc:
        raise StoreError(f"cannot read the database {file}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"cannot open the database {file}: it is a folder, not a file")
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read below; a device is nobody's database
        raise NotADatabase(f"{file} is not a Duizhao database (not a regular file); it was left unchanged")
    if st.st_size == 0:
        return Inspection("new")
    try:
        with open(file, "rb") as f:
            header = f.read(100)
    except OSError as exc:
        raise StoreError(f"cannot read the database {file}: {exc.strerror or exc}") from None
    if not header.startswith(SQLITE_MAGIC):
        raise NotADatabase(f"{file} is not a Duizhao database (not an SQLite file); it was left unchanged")
    if len(header) < 100:
        raise NotADatabase(f"{file} is a damaged SQLite file that Duizhao cannot recognise as its own; "
                           "it was left unchanged")
    version = int.from_bytes(header[60:64], "big")
    app_id = int.from_bytes(header[68:72], "big")
    tables: set[str] | None = None
    damage = None
    try:
        con = sqlite3.connect(file, timeout=busy_timeout)
        try:
            con.execute("PRAGMA query_only = 1")
            # Through the connection, not the header alone: while another connection has the file open,
            # the schema it created (and these numbers) may still be only in the -wal file.
            version = max(version, int(con.execute("PRAGMA user_version").fetchone()[0]))
            if con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
                app_id = APPLICATION_ID
            tables = {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            result = [str(r[0]) for r in con.execute("PRAGMA quick_check").fetchall()]
        finally:
            con.close()
        if result != ["ok"]:
            damage = short(result[0]) + (f" and {len(result) - 1} more problems" if len(result) > 1 else "")
    except sqlite3.DatabaseError as exc:
        if _is_damage(exc):
            damage = short(str(exc))
        elif getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            raise classify(exc, str(file)) from None  # waited already: opening would wait as long again
        # else: disk full, permissions...: not damage; opening says what it is (or opens read-only)
    ours = app_id == APPLICATION_ID or (
        version >= 1 and (tables >= OUR_TABLES if tables is not None else damage is not None)
    )
    if not ours:
        if damage is not None:
            raise NotADatabase(f"{file} is a damaged SQLite file that Duizhao cannot recognise as its own; "
                               "it was left unchanged")
        if tables:  # an empty SQLite file (no tables) is fine: the schema is created in it
            names = ", ".join(sorted(tables)[:3]) + (", …" if len(tables) > 3 else "")
            raise NotADatabase(f"{file} is an SQLite database of another program (tables {names}), "
                               "not Duizhao's; it was left unchanged")
    return Inspection("sqlite", ours, damage, version)


def damaged_error(file: Path, reason: str) -> DamagedDatabase:
    return DamagedDatabase(
        f"the database {file} is damaged ({reason}); the Duizhao window sets it aside and starts a new one "
        "(nothing was changed)",
        str(file), reason,
    )


def set_aside(file: Path, reason: str) -> str | None:
    """Move a damaged database (and its -wal, -shm) to a timestamped name; the one-line notice.

    None when the file is already gone (another Duizhao set it aside first).
    """
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = file.with_name(f"{file.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = file.with_name(f"{file.name}.corrupt-{stamp}-{n}")
    try:
        os.rename(file, aside)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"the database {file} is damaged ({reason}) and cannot be set aside: "
                         f"{exc.strerror or exc}") from None
    for extra in ("-wal", "-shm"):
        side = Path(str(file) + extra)
        if side.exists():
            try:
                os.rename(side, Path(str(aside) + extra))
            except OSError:
                pass  # the main file is aside: a stale -shm left behind is recreated harmlessly
    return (f"The database {file} was damaged ({reason}); it was set aside as {aside.name} "
            "and a new, empty database was started")


def root_error(exc: BaseException) -> BaseException:
    """The SQLite error behind ``exc`` (peewee wraps it; a failed rollback hides the real failure)."""
    chain: list[BaseException] = []
    e: BaseException | None = exc
    while e is not None and len(chain) < 10:
        inner = e.args[0] if e.args and isinstance(e.args[0], sqlite3.Error) else e
        chain.append(inner)
        e = e.__context__ or e.__cause__
    for e in chain:
        if str(e).splitlines()[0:1] and str(e).splitlines()[0] not in _NO_TRANSACTION:
            return e
    return chain[0]


def _is_damage(exc: BaseException) -> bool:
    name = getattr(exc, "sqlite_errorname", "") or ""
    low = str(exc).lower()
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in low or "not a database" in low


def may_be_search_index_damage(exc: BaseException) -> bool:
    """True for the errors a damaged full-text index (FTS5 shadow tables) gives: "malformed", "fts5 ..."."""
    root = root_error(exc)
    return _is_damage(root) or "fts5" in str(root).lower() or "vtable constructor" in str(root).lower()


def file_system_read_only(file: Path) -> bool:
    """True when the file system holding ``file`` is mounted read-only."""
    try:
        return bool(os.statvfs(file.parent).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def write_problem(file: Path) -> tuple[type[StoreError], str, str] | None:
    """Why ``file`` cannot be written, seen from the file system: (error type, why, remedy), or None."""
    folder = file.parent
    try:
        vfs = os.statvfs(folder)
    except OSError:
        return None
    if vfs.f_flag & os.ST_RDONLY:
        return ReadOnlyDatabase, "its file system is read-only", "make it writable"
    if vfs.f_bavail * vfs.f_frsize < _FULL_BELOW:
        return DiskFull, "the disk is full", "free some space"
    if (file.exists() and not os.access(file, os.W_OK)) or not os.access(folder, os.W_OK | os.X_OK):
        return ReadOnlyDatabase, "you have no permission to write it", "make it writable"
    return None


def classify(exc: BaseException, path: str) -> StoreError:
    """One line naming the cause of a database error."""
    root = root_error(exc)
    message = short(str(root), 200) or type(root).__name__
    name = getattr(root, "sqlite_errorname", "") or ""
    low = message.lower()
    file = Path(path)
    if name.startswith("SQLITE_FULL") or "disk is full" in low or getattr(root, "errno", None) == errno.ENOSPC:
        return DiskFull(f"cannot save to {path}: the disk is full ({message}); nothing saved before was lost")
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM")) or "readonly" in low or "read-only" in low:
        problem = write_problem(file) if path != ":memory:" else None
        why = problem[1] if problem else message
        return ReadOnlyDatabase(f"cannot save to {path}: the database is read-only ({why})")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in low or "busy" in low:
        return DatabaseLocked(f"the database {path} is busy: another program (another Duizhao?) holds a lock on it; "
                              "try again")
    if _is_damage(root):
        return DamagedDatabase(f"the database {path} is damaged ({message}); "
                               "the Duizhao window sets it aside when it next starts", path, message)
    if name.startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")) or "disk i/o" in low or "unable to open" in low:
        problem = write_problem(file) if path != ":memory:" else None
        if problem is not None:
            kind, why, _ = problem
            return kind(f"cannot use the database {path}: {why} ({message})")
        return StoreError(f"cannot open the database {path}: {message}")
    return StoreError(f"database error in {path}: {message}")
