"""Every sub-command's arguments, checked in one place before anything is read or written.

The sub-commands name these functions as their arguments' ``type=``, so a bad
value is refused while the command line is parsed, with one line naming the
argument (``duizhao: error: argument FILE: /tmp/x is a pipe (FIFO), not a
file``) and exit code 2:

* :func:`input_file`: only regular files are read (a FIFO, a device or a folder
  is refused after ``os.stat``, never opened), up to the ingest size limit;
* :func:`text_or_file`: text and paths told apart without touching the file
  system for a text no file can be named by (a part over 255 bytes);
* :func:`article_id`: a positive integer SQLite can hold;
* :func:`output_path`: a file name that can be written: not empty, not too
  long, in an existing folder, not a device, FIFO or folder;
* :func:`database`: ``--db`` is a regular file that looks like SQLite, or a
  new file in an existing folder; checked without opening or changing it (the
  store then refuses a damaged or foreign database, leaving it unchanged).

Checks that depend on two arguments (a folder is a valid output only for
Markdown, the output must not be the database) are :func:`writable_output`,
called by the handlers.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from reader import paths
from reader.cli.output import one_line
from reader.errors import InputError

#: Longest file name (one path part) and whole path Linux accepts, in bytes.
NAME_MAX = 255
PATH_MAX = 4096
#: SQLite integers are 64-bit.
INT64_MAX = 2**63 - 1
#: ``gloss`` refuses texts longer than this (about 15 s of work and 60 MB of JSON; open longer ones in the window).
GLOSS_MAX_CHARS = 2_000_000
#: ``align`` refuses a Chinese side longer than this (about 25 s), and an English side of 4 times as many characters.
ALIGN_MAX_CHARS = 500_000
SQLITE_HEADER = b"SQLite format 3\x00"

_FILE_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file"),
    (stat.S_ISFIFO, "is a pipe (FIFO), not a file"),
    (stat.S_ISCHR, "is a device, not a file"),
    (stat.S_ISBLK, "is a device, not a file"),
    (stat.S_ISSOCK, "is a socket, not a file"),
)


def max_file_bytes() -> int:
    """The largest file any command reads: the same limit as opening a file in the window."""
    from reader.ingest import MAX_FILE_BYTES

    return MAX_FILE_BYTES


def _length_problem(value: str) -> str | None:
    """Why no file can have this name (too long, NUL byte), without touching the file system; or None."""
    if "\0" in value:
        return "contains a NUL byte"
    raw = os.fsencode(value)
    if len(raw) >= PATH_MAX:
        return f"is too long for a path ({len(raw)} bytes; the limit is {PATH_MAX - 1})"
    longest = max(raw.split(b"/"), key=len)
    if len(longest) > NAME_MAX:
        return f"has a name too long for a file ({len(longest)} bytes; the limit is {NAME_MAX})"
    return None


def _stat(path: str) -> os.stat_result | None:
    """``os.stat`` (links followed), None when nothing is there; an InputError for a path that cannot be followed."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                raise InputError(f"{path} is a broken symbolic link (its target does not exist)") from None
        except OSError:
            pass
        return None
    except NotADirectoryError:
        return None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            raise InputError(f"{path}: too many levels of symbolic links (a link loop)") from None
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def _kind_problem(info: os.stat_result) -> str | None:
    for test, problem in _FILE_KINDS:
        if test(info.st_mode):
            return problem
    return None if stat.S_ISREG(info.st_mode) else "is not a regular file"


def _folder_of(path: str) -> str:
    return os.path.dirname(path) or "."


def _missing(path: str) -> InputError:
    folder = _folder_of(path)
    if os.path.isdir(folder):
        return InputError(f"{path}: no such file")
    return InputError(f"{path}: no such file (there is no folder {folder})")


def input_file(value: str) -> str:
    """A file to read: it exists, is a regular file, not empty and not over the size limit."""
    if value == "":
        raise InputError("the file name is empty")
    if value == "-":
        raise InputError("reading standard input ('-') is not supported: give a file")
    problem = _length_problem(value)
    if problem:
        raise InputError(f"the file name {problem}")
    info = _stat(value)
    if info is None:
        raise _missing(value)
    problem = _kind_problem(info)
    if problem:
        raise InputError(f"{value} {problem}")
    limit = max_file_bytes()
    if info.st_size > limit:
        raise InputError(f"{value} is too large ({info.st_size / 2**20:.0f} MB; the limit is {limit // 2**20} MB)")
    if info.st_size == 0:
        raise InputError(f"{value} is empty")
    if not os.access(value, os.R_OK):
        raise InputError(f"{value}: permission denied (cannot read the file)")
    return value


def _looks_like_path(value: str) -> bool:
    from reader.ingest import SUPPORTED_SUFFIXES

    return "/" in value or "\\" in value or os.path.splitext(value)[1].lower() in SUPPORTED_SUFFIXES + (".mhtml",)


def text_or_file(value: str) -> tuple[str, str]:
    """``("text", value)`` or ``("file", path)`` for ``gloss``: a name no file can have is text, untouched."""
    if value.strip() == "":
        raise InputError("the text is empty")
    if value == "-":
        raise InputError("reading standard input ('-') is not supported: give the text or a file")
    if _length_problem(value) is None and (_looks_like_path(value) or _exists(value)):
        return "file", input_file(value)
    return "text", chinese_text(value)


def _exists(value: str) -> bool:
    try:
        os.lstat(value)
    except OSError:
        return False
    return True


def chinese_text(text: str, what: str = "the text") -> str:
    """``text`` if it is one ``gloss`` can handle: valid Unicode, not too long, with Chinese in it."""
    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        raise InputError(f"{what} is not valid UTF-8 (it holds bytes of another encoding)")
    if len(text) > GLOSS_MAX_CHARS:
        raise InputError(f"{what} is too long to gloss ({len(text):,} characters; the limit is {GLOSS_MAX_CHARS:,}): "
                         "open it in the window")
    from reader.text.segment import HAN_RUN

    if not HAN_RUN.search(text):
        raise InputError(f"no Chinese characters in {what}")
    return text


def article_id(value: str) -> int:
    """A positive article ID (``--article``)."""
    text = value.strip()
    if not text.isascii() or not text.lstrip("+-").isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a number (an article ID: 1, 2, …)")
    if text.startswith("-") or text.lstrip("+").lstrip("0") == "":
        raise argparse.ArgumentTypeError(f"{value!r} is not an article ID (they start at 1)")
    if len(text.lstrip("+0")) > 19 or int(text) > INT64_MAX:
        raise argparse.ArgumentTypeError(f"{value} is out of range (article IDs go up to {INT64_MAX})")
    return int(text)


def output_path(value: str) -> str:
    """A path an export can be written to: an existing folder's file (or the folder itself), never a device."""
    if value.strip() == "":
        raise InputError("the output file name is empty")
    if value == "-":
        raise InputError("writing to standard output ('-') is not supported: give a file name")
    problem = _length_problem(value)
    if problem:
        raise InputError(f"the output file name {problem}")
    info = _stat(value)
    if info is None:
        if value.endswith(("/", os.sep)):
            raise InputError(f"cannot write {value}: there is no such folder")
        folder = _folder_of(value)
        folder_info = _stat(folder)
        if folder_info is None:
            raise InputError(f"cannot write {value}: there is no folder {folder}")
        if not stat.S_ISDIR(folder_info.st_mode):
            raise InputError(f"cannot write {value}: {folder} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise InputError(f"cannot write {value}: the folder {folder} is not writable")
        return value
    if stat.S_ISDIR(info.st_mode):
        return value  # writable_output decides (Markdown writes one file per article into a folder)
    problem = _kind_problem(info)
    if problem:
        raise InputError(f"cannot write {value}: it {problem.replace('file', 'regular file')} (refusing to replace it)")
    if not os.access(_folder_of(os.path.realpath(value)), os.W_OK | os.X_OK):
        raise InputError(f"cannot write {value}: its folder is not writable")
    return value


def writable_output(value: str, database_path: str | os.PathLike | None, folder_ok: bool = False) -> Path:
    """The checked ``-o`` path as it will be written: a folder only if ``folder_ok``, never the database itself."""
    path = Path(value)
    if path.is_dir():
        if not folder_ok:
            raise InputError(f"cannot write {value}: it is a folder (give a file name)")
        if not os.access(path, os.W_OK | os.X_OK):
            raise InputError(f"cannot write into {value}: the folder is not writable")
        return path
    database_file = Path(database_path) if database_path is not None else paths.default_db_path()
    for existing in (database_file, *(Path(f"{database_file}{end}") for end in ("-wal", "-shm", "-journal"))):
        try:
            same = os.path.samefile(path, existing)
        except OSError:
            same = False
        if same:
            raise InputError(f"cannot write {value}: it is the database (refusing to replace it)")
    return path


def database(value: str) -> str:
    """``--db PATH``: a regular file starting like an SQLite database, or a new file in an existing folder.

    Nothing is created, opened for writing or changed here; the store opens it
    and refuses a damaged or foreign database with one line, leaving it as it was.
    """
    if value.strip() == "":
        raise InputError("--db: the database path is empty")
    problem = _length_problem(value)
    if problem:
        raise InputError(f"--db: the database path {problem}")
    info = _stat(value)
    if info is None:
        folder = _folder_of(value)
        folder_info = _stat(folder)
        if folder_info is None or not stat.S_ISDIR(folder_info.st_mode):
            raise InputError(f"--db {value}: there is no folder {folder}")
        return value
    problem = _kind_problem(info)
    if problem:
        raise InputError(f"--db {value} {problem.replace('a file', 'a database file')}")
    if info.st_size == 0:
        raise InputError(f"--db {value} is an empty file, not a Duizhao database; it was left unchanged")
    try:
        fd = os.open(value, os.O_RDONLY | os.O_NONBLOCK)
        try:
            head = os.read(fd, len(SQLITE_HEADER))
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError(f"--db {value}: cannot read it ({exc.strerror or exc})") from None
    if head != SQLITE_HEADER:
        raise InputError(f"--db {value} is not a Duizhao database (not an SQLite file); it was left unchanged")
    if info.st_size < 512:  # the smallest SQLite page; a header alone is a cut-off file
        raise InputError(f"--db {value} is a cut-off SQLite file ({info.st_size} bytes); it was left unchanged")
    for suffix in ("-wal", "-shm", "-journal"):  # SQLite opens, and may delete, these beside the database
        try:
            side = os.lstat(value + suffix)
        except OSError:
            continue
        if not stat.S_ISREG(side.st_mode):
            raise InputError(f"--db {value}: {value}{suffix} beside it is not a regular file; nothing was changed")
    return value


def default_database() -> str:
    """The database the commands use without ``--db``: ``$DUIZHAO_DB`` (checked as ``--db``) or the data folder's."""
    override = os.environ.get("DUIZHAO_DB")
    if override:
        try:
            return database(override)
        except InputError as exc:
            raise InputError(str(exc).replace("--db", "DUIZHAO_DB", 1)) from None
    path = str(paths.default_db_path())
    if os.path.lexists(path):
        return database(path)
    return path  # the first run: the store creates the data folder and the database


def database_of(args: argparse.Namespace) -> str:
    """The database the command uses: ``--db`` (checked when parsed) or :func:`default_database`."""
    value = getattr(args, "db", None)
    return value if value is not None else default_database()


@contextlib.contextmanager
def open_library(args: argparse.Namespace) -> Iterator:
    """The command's :class:`~reader.library.Library`, closed after; its notices printed when the command succeeds.

    A damaged or foreign database is refused by the store (one line, nothing
    changed): only the window sets a damaged database aside.
    """
    from reader.library import Library

    library = Library(database_of(args))
    try:
        yield library
    finally:
        library.close()
    for notice in library.notices:  # after a failure the error line alone is printed
        print(f"duizhao: {one_line(notice)}", file=sys.stderr)


def existing_article(library, article: int | None) -> int | None:
    """``--article ID`` if the database has that article (else one line naming it)."""
    if article is not None and all(info.id != article for info in library.articles()):
        raise InputError(f"no article {article} in the database {library.path}")
    return article
