"""Files the window is asked to open: checked before anything opens them, named safely.

A FIFO, a device or a folder dropped on the window, chosen in File → Open or
given on the command line gets one line saying what it is (``os.stat`` only:
opening a FIFO would wait for a writer forever, reading /dev/zero never ends).
File names are kept as the bytes the system gave (``os.fsdecode``, surrogate
escapes for bytes that are not UTF-8), both from a drop's URLs and from a file
dialog that could not keep them, and shown through :func:`display_name`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from urllib.parse import unquote_to_bytes

from reader.ui.safe_text import display_path, one_line


def display_name(path: str | os.PathLike) -> str:
    """A file's name to show in a sentence: one line, bounded, undecodable bytes as "�"."""
    return one_line(display_path(Path(path).name or str(path)), 120)


def open_problem(path: str | os.PathLike) -> str | None:
    """Why ``path`` cannot be opened as an article (one line), or None when it is a regular file."""
    name = display_name(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return f"{name}: no such file"
    except PermissionError:
        return f"{name}: permission denied"
    except (OSError, ValueError) as exc:
        return f"{name}: cannot be opened ({getattr(exc, 'strerror', None) or type(exc).__name__})"
    mode = info.st_mode
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return f"{name} is a folder, not a file: open a page or text file inside it"
    if stat.S_ISFIFO(mode):
        return f"{name} is a pipe (FIFO), not a file: Duizhao reads only saved pages and text files"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return f"{name} is a device, not a file: Duizhao reads only saved pages and text files"
    if stat.S_ISSOCK(mode):
        return f"{name} is a socket, not a file: Duizhao reads only saved pages and text files"
    return f"{name} is not a regular file: Duizhao reads only saved pages and text files"


def path_from_url(url) -> str | None:
    """The local path of a ``file:`` QUrl with its bytes as given (a name that is not UTF-8 survives).

    ``QUrl.toLocalFile`` decodes the percent-encoded bytes as UTF-8 and replaces what is not.
    """
    if not url.isLocalFile():
        return None
    encoded = bytes(url.toEncoded(url.ComponentFormattingOption.FullyEncoded)).decode("ascii", "replace")
    if not encoded.lower().startswith("file:"):
        return url.toLocalFile() or None
    rest = encoded[5:]
    if rest.startswith("//"):
        host, _, rest = rest[2:].partition("/")
        rest = "/" + rest
        if host and host.lower() != "localhost":
            return url.toLocalFile() or None  # a network share: as Qt names it
    rest = rest.split("?", 1)[0].split("#", 1)[0]
    return os.fsdecode(unquote_to_bytes(rest)) or None


def recover_path(path: str) -> str:
    """``path`` as the system names it, when a Qt dialog turned its undecodable bytes into "�".

    Qt's file dialogs decode names as UTF-8 and replace what is not; the one file of the
    folder whose name decodes (with replacement) to the name given is the one chosen.
    """
    if "\ufffd" not in path or os.path.lexists(path):
        return path
    folder, name = os.path.split(path)
    folder = recover_path(folder) if folder and folder != path else folder
    try:
        entries = os.listdir(os.fsencode(folder or "."))
    except OSError:
        return path
    matches = [entry for entry in entries if entry.decode("utf-8", "replace") == name]
    if len(matches) != 1:
        return path
    return os.path.join(folder, os.fsdecode(matches[0]))
