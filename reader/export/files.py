"""Writing an export file: only ever a regular file, replaced whole or not at all.

Every export goes through :func:`replace_atomically`: the new content is
written to a temporary file beside the target, then renamed over it, so a
failed export leaves the old file (or nothing) and never half a file.  A target
that is a device, a FIFO, a socket or a folder is refused with one line before
anything is written (renaming over ``/dev/null`` would replace the device
itself); a symbolic link to a file is written through, the link kept.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path

from reader.errors import ExportError

_NOT_REGULAR = (
    (stat.S_ISDIR, "it is a folder"),
    (stat.S_ISFIFO, "it is a pipe (FIFO), not a regular file"),
    (stat.S_ISCHR, "it is a device, not a regular file"),
    (stat.S_ISBLK, "it is a device, not a regular file"),
    (stat.S_ISSOCK, "it is a socket, not a regular file"),
)


def target_of(path: str | os.PathLike) -> Path:
    """The file an export to ``path`` replaces (a link's target); ExportError unless it is a regular file or new."""
    path = Path(path)
    if str(path) in ("", "."):
        raise ExportError("cannot write the export: the file name is empty")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if path.is_symlink():
            raise ExportError(f"cannot write {path}: it is a broken symbolic link") from None
        return path
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    for test, problem in _NOT_REGULAR:
        if test(info.st_mode):
            raise ExportError(f"cannot write {path}: {problem} (refusing to replace it)")
    if not stat.S_ISREG(info.st_mode):
        raise ExportError(f"cannot write {path}: it is not a regular file (refusing to replace it)")
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def replace_atomically(path: str | os.PathLike, write: Callable[[str], None]) -> Path:
    """Call ``write(tmp)`` to fill a new file beside ``path``, then rename it over ``path``; returns ``path``.

    The temporary file is made with the usual permissions (0666 less the
    umask; an existing target's own mode is kept) and removed if anything fails.
    """
    path = Path(path)
    target = target_of(path)
    folder = target.parent
    if not folder.is_dir():
        raise ExportError(f"cannot write {path}: there is no folder {folder}")
    mode = None
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(os.stat(target).st_mode)
    tmp = None
    try:
        for _ in range(100):
            candidate = folder / f".{target.name[:200]}.{secrets.token_hex(4)}.part"
            try:
                fd = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            except FileExistsError:
                continue
            os.close(fd)
            tmp = candidate
            break
        if tmp is None:
            raise ExportError(f"cannot write {path}: no temporary file could be made in {folder}")
        if mode is not None:
            os.chmod(tmp, mode)
        write(str(tmp))
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return path


def write_text(path: str | os.PathLike, text: str) -> Path:
    """:func:`replace_atomically` with ``text`` as UTF-8 (line breaks as given)."""

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)

    return replace_atomically(path, write)
