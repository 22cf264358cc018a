"""The first paint's read of the database: settings and one article's text, by plain ``sqlite3``.

No peewee, no store: the window is painted from this before
:class:`reader.store.store.Store` (and the facade) are loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Peek:
    """What a window needs for its first paint, read without opening the store (see :func:`peek`)."""

    settings: dict[str, Any]  # every stored setting, JSON-decoded (unreadable ones left out)
    article: tuple[int, str, str, str] | None  # (id, title, zh_text, en_text) as Library.article_text


def peek(db_path, article_id: int | None = None, path=None) -> Peek | None:
    """Settings and one stored article's text, by a read-only ``sqlite3`` query (no peewee, no store).

    The article is the one opened from ``path``, else ``article_id``, else the
    last one read (the ``last_article`` setting).  For the first paint only:
    it neither creates, checks nor upgrades the database, so None (nothing to
    show early) whenever the file is absent, unreadable or of another shape;
    :class:`reader.library.Library` then opens it as usual and reports any problem.
    """
    file = Path(db_path)
    if str(db_path) == ":memory:" or not file.is_file():
        return None
    import sqlite3  # here: a first launch (no database yet) need not load it before its first paint

    uri = file.resolve().as_uri()
    # mode=rw never creates the file; not mode=ro: a read-only connection to a WAL database
    # leaves its -wal and -shm files behind, while the last ordinary one to close removes them.
    # A full disk or a read-only mount refuses that (no room for the -shm index, or no way to
    # make it): then the file as it is, without the changes still in its -wal (a preview only).
    for target in (uri + "?mode=rw", uri + "?mode=ro&immutable=1"):
        try:
            con = sqlite3.connect(target, uri=True, timeout=1.0)
        except (sqlite3.Error, OSError, ValueError):
            return None
        try:
            return _read(con, article_id, path)
        except (sqlite3.Error, OSError, ValueError) as exc:
            if not getattr(exc, "sqlite_errorname", "").startswith(("SQLITE_IOERR", "SQLITE_CANTOPEN")):
                return None
            # (disk I/O error, cannot open: try the file as it is)
        finally:
            con.close()
    return None


def _read(con, article_id: int | None, path) -> Peek:
    from reader.store.file_names import to_db

    con.execute("PRAGMA query_only = 1")
    settings: dict[str, Any] = {}
    for key, value in con.execute("SELECT key, value FROM setting"):
        try:
            settings[key] = json.loads(value)
        except (TypeError, ValueError):
            pass
    if path is not None:
        found = con.execute(
            "SELECT article_id FROM article_path WHERE path = ?", (to_db(str(Path(path).resolve())),)
        ).fetchone()
        article_id = found[0] if found else None
    elif article_id is None and isinstance(settings.get("last_article"), int):
        article_id = settings["last_article"]
    article = None
    if isinstance(article_id, int):
        row = con.execute("SELECT id, title, zh_text, en_text FROM article WHERE id = ?", (article_id,)).fetchone()
        if row is not None:
            article = (row[0], row[1] or "", row[2] or "", row[3] or "")
    return Peek(settings, article)
