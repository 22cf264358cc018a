"""The SQLite store: opening (and rescuing) the database, and every read and write.

Every write is its own ``BEGIN IMMEDIATE`` transaction, committed when made
(there is no save button).  The database runs in WAL mode with
``synchronous=FULL`` (a note acknowledged is on disk) and a busy timeout, so
two app instances can share one file.  SQLite errors never escape: they become
a one-line :class:`~reader.errors.StoreError` naming the cause (:func:`opening.classify`).

Opening (:mod:`reader.store.opening`): a file that is not a Duizhao database is
refused and left alone.  A damaged Duizhao database raises
:class:`~reader.errors.DamagedDatabase`, unless ``set_aside_damaged`` (the window)
asks for it to be moved aside under a timestamped name and a fresh one created.
A database that exists but cannot be written (disk full, read-only file system)
is opened read-only, so it can still be read.  The full-text index is checked
and rebuilt from the tables when damaged.  Each of these adds one line to
:attr:`Store.notices`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
import uuid as uuid_module
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import peewee
from peewee import SqliteDatabase, fn

from reader.errors import DatabaseLocked, DiskFull, InputError, ReadOnlyDatabase, StoreError
from reader.store import file_names, opening
from reader.store.pinyin_key import pinyin_key, pinyin_key_with_map, pinyin_query, quick_pinyin_map, toneless
from reader.store.records import (
    SIDES,
    WORD_STATUSES,
    Annotation,
    ArticleInfo,
    SearchHit,
    Word,
)
from reader.store.schema import (
    FTS_COLUMNS,
    SCHEMA_VERSION,
    damaged_search_indexes,
    make_models,
    rebuild_search_index,
    schema_version,
    upgrade,
)

BUSY_TIMEOUT_MS = 5000
#: Tries again when a new file is busy because another process is making it (about 1 s in all).
NEW_FILE_RETRIES = 8
SEARCH_LIMIT = 50
#: Seconds the full search-index check may take when opening (FTS5's check reads the whole
#: index, ~60 ms per MB); what is left is checked by :meth:`Store.check_search_index`.
OPEN_CHECK_BUDGET_S = 0.1


def _pragmas() -> tuple[tuple[str, object], ...]:
    return (
        ("busy_timeout", BUSY_TIMEOUT_MS),  # first: switching a new file to WAL waits for another opener too
        ("journal_mode", "wal"),
        ("foreign_keys", 1),
        ("synchronous", "full"),
    )


#: Article columns that only cache or bookkeep (alignment, word counts, when and where it was read):
#: a write of these alone is skipped when the database cannot be written, so reading still works.
_CACHE_FIELDS = frozenset({"opened_at", "beads", "align_key", "vocab", "position"})
_UNWRITABLE = (DiskFull, ReadOnlyDatabase, DatabaseLocked)


def now() -> str:
    """The current UTC time as an ISO 8601 string (sortable, JSON-friendly)."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


class _SearchIndexRebuilt(StoreError):
    """A statement failed on a damaged full-text index, which has just been rebuilt."""


class Store:
    """One open database.  ``path``: a file, or ``":memory:"``.

    ``read_only``: never write.  ``set_aside_damaged``: a damaged Duizhao database is
    moved aside and a new one started (the window); otherwise opening it raises
    :class:`~reader.errors.DamagedDatabase` and nothing is changed (the command line).
    ``quick_check``: opening runs only the search indexes' quick probes, not FTS5's
    integrity check (~40 ms for a 1 MB article); the caller finishes it later with
    :meth:`check_search_index` (the window, on a worker).
    """

    def __init__(self, path: str | os.PathLike, read_only: bool = False, *, set_aside_damaged: bool = False,
                 quick_check: bool = False):
        self.notices: list[str] = []
        self.path = str(path)
        self._fts_to_check: list[str] = list(FTS_COLUMNS)  # annotations first: the user's own words
        #: True when nothing can be written: asked for, or the file could not be written when opened.
        self.read_only = read_only
        self._read_only_error: StoreError = ReadOnlyDatabase(
            f"cannot save to {self.path}: the database was opened read-only")
        memory = self.path == ":memory:"
        file = Path(path)
        inspection = opening.Inspection("new")
        if not memory:
            try:
                file.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create the folder for the database {file}: {exc.strerror or exc}") from None
            inspection = opening.inspect(file, BUSY_TIMEOUT_MS / 1000)
            if inspection.damage is not None:
                if not set_aside_damaged or read_only:
                    raise opening.damaged_error(file, inspection.damage)
                notice = opening.set_aside(file, inspection.damage)
                if notice:
                    self.notices.append(notice)
                inspection = opening.Inspection("new")
        self.db = SqliteDatabase(None)
        self.m = make_models(self.db)
        if read_only:
            self._open_read_only(file, None)
            return
        # One connection per thread (the UI reads on a worker thread while the main
        # thread writes); WAL + BEGIN IMMEDIATE + busy_timeout serialise the writers.
        # An in-memory database exists only in its connection, so that one is shared.
        # A file that was new when inspected may be being made by another opener at this moment: switching
        # it to WAL can be refused as busy without SQLite's busy wait, so that case is tried again briefly.
        retries = NEW_FILE_RETRIES if inspection.kind == "new" and not memory else 0
        while True:
            error = self._connect(memory)
            if not isinstance(error, DatabaseLocked) or retries == 0:
                break
            retries -= 1
            time.sleep(0.05 * (NEW_FILE_RETRIES - retries))
        if error is None:
            problem = opening.write_problem(file) if not memory else None
            if problem is not None and problem[0] is ReadOnlyDatabase:
                # SQLite opened it for reading only (a read-only mount whose -shm was left by another)
                self._became_read_only(*problem)
            self._check_search_index(full=not quick_check)
            return
        # Out of the except block: its traceback would keep alive a connection that failed half-open
        # (peewee sets the pragmas before it holds the connection), and with it a lock on the file.
        if inspection.kind == "sqlite" and isinstance(error, (DiskFull, ReadOnlyDatabase)):
            self._open_read_only(file, error)  # it exists: let it be read at least
            return
        raise error

    # -- plumbing ------------------------------------------------------------

    def _connect(self, memory: bool) -> StoreError | None:
        """Connect and bring the schema up to date; the error (classified) when that failed."""
        self.db = SqliteDatabase(None, lock_type="IMMEDIATE", thread_safe=not memory)
        self.db.init(self.path, pragmas=_pragmas() if not memory else (("foreign_keys", 1),), check_same_thread=False)
        self.m = make_models(self.db)
        try:
            self.db.connect(reuse_if_open=True)
            upgrade(self.db, self.m)
            if not memory and self.db.execute_sql("PRAGMA application_id").fetchone()[0] != opening.APPLICATION_ID:
                self.db.execute_sql(f"PRAGMA application_id = {opening.APPLICATION_ID}")  # marks it as ours
        except StoreError:
            self.db.close()
            raise
        except (peewee.PeeweeException, sqlite3.Error) as exc:
            self.db.close()
            return opening.classify(exc, self.path)
        return None

    def _open_read_only(self, file: Path, cause: StoreError | None) -> None:
        """Open without writing; ``cause``: why the ordinary opening failed (None: read-only was asked for)."""
        problem = opening.write_problem(file) if cause is not None else None
        kind, why, remedy = problem or (type(cause) if cause else ReadOnlyDatabase,
                                        "it cannot be written", "make it writable")
        uri = file.resolve().as_uri()
        wal = Path(str(file) + "-wal")
        attempts: list[tuple[str, tuple[tuple[str, object], ...]]] = [(uri + "?mode=ro", ())]
        if opening.file_system_read_only(file):
            # Nobody can write there, so SQLite may skip locking and its -shm file (which cannot be made)
            attempts.append((uri + "?mode=ro&immutable=1", ()))
        else:
            # Disk full: the -shm index cannot grow; an exclusive connection keeps it in memory instead
            attempts.append((uri + "?mode=rw", (("locking_mode", "exclusive"), ("query_only", 1))))
        last: StoreError | None = None
        for target, extra in attempts:
            # one connection shared by every thread: there are no writers to serialise
            self.db = SqliteDatabase(None, thread_safe=False)
            self.db.init(target, uri=True, check_same_thread=False,
                         pragmas=(("busy_timeout", BUSY_TIMEOUT_MS), *extra, ("foreign_keys", 1)))
            self.m = make_models(self.db)
            try:
                self.db.connect(reuse_if_open=True)
                version = schema_version(self.db)
                self.db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
                break
            except (peewee.PeeweeException, sqlite3.Error) as exc:
                last = opening.classify(exc, self.path)  # not exc: see __init__
                self.db.close()
        else:
            raise cause or last  # type: ignore[misc]
        if version != SCHEMA_VERSION:
            self.db.close()
            if version > SCHEMA_VERSION:
                raise StoreError(f"the database {file} was written by a newer Duizhao (schema {version}, this one "
                                 f"knows {SCHEMA_VERSION}); please update")
            raise kind(f"cannot open the database {file}: it needs upgrading to this Duizhao's format, "
                       f"but {why}; {remedy} and try again")
        self.read_only = True
        if cause is not None:
            unread = "immutable" in target and wal.exists() and wal.stat().st_size > 0
            self._became_read_only(kind, why, remedy, wal.name if unread else None)

    def _became_read_only(self, kind: type[StoreError], why: str, remedy: str, unread_wal: str | None = None) -> None:
        """Record that the database cannot be written: the notice, and the error every write raises."""
        self.read_only = True
        self._read_only_error = kind(
            f"cannot save to {self.path}: {why}, so Duizhao opened the database read-only; "
            f"{remedy} and restart Duizhao")
        notice = (f"The database {self.path} cannot be written ({why}), so it was opened read-only: "
                  f"you can read everything, but nothing new is saved until you {remedy} and restart Duizhao")
        if unread_wal:
            notice += f"; the latest changes, kept in {unread_wal}, show once it can be written again"
        self.notices.append(notice)

    def _check_search_index(self, budgeted: bool = True, full: bool = True) -> list[str]:
        """Check the full-text indexes (within :data:`OPEN_CHECK_BUDGET_S` if ``budgeted``), rebuild the damaged.

        ``full``: FTS5's integrity check too, else only the quick probes (the rest is checked later).

        Returns the notices added.
        """
        if self.read_only or not self._fts_to_check:
            return []
        con = self.db.connection()
        if budgeted:
            deadline = time.monotonic() + OPEN_CHECK_BUDGET_S
            # FTS5 checks run few VM steps of their own (~15 per ms here): ask often
            con.set_progress_handler(lambda: time.monotonic() > deadline, 100)
        try:
            with self.errors():
                damaged, self._fts_to_check = damaged_search_indexes(self.db, self._fts_to_check, full)
        except _UNWRITABLE:
            return []  # checked at the next start; a search meeting the damage meanwhile still repairs it
        finally:
            con.set_progress_handler(None, 0)
        if not damaged:
            return []
        try:
            with self.write():
                for table in damaged:
                    rebuild_search_index(self.db, table)
        except _UNWRITABLE:
            self._fts_to_check = list(dict.fromkeys([*damaged, *self._fts_to_check]))
            return []
        notice = (f"The search index of {self.path} was damaged ({', '.join(damaged)}); it was rebuilt from your "
                  "articles, notes and words (nothing was lost)")
        self.notices.append(notice)
        return [notice]

    def check_search_index(self) -> list[str]:
        """Finish the search-index check the opening's time budget cut short; the notices it adds.

        Opening checks each index within :data:`OPEN_CHECK_BUDGET_S` (a large library's
        article index takes longer); the window calls this on a worker thread once idle.
        """
        return self._check_search_index(budgeted=False)

    @property
    def search_index_checked(self) -> bool:
        """True once every full-text index has been fully checked since opening."""
        return not self._fts_to_check

    def _repair_search_index(self) -> bool:
        """After a search-index error: rebuild the damaged indexes; True if one was."""
        if self.read_only or self.db.in_transaction():
            return False
        self._fts_to_check = list(FTS_COLUMNS)
        with contextlib.suppress(StoreError):
            return bool(self._check_search_index(budgeted=False))
        return False

    @contextlib.contextmanager
    def errors(self) -> Iterator[None]:
        """Turn any database error into a one-line :class:`StoreError`."""
        try:
            yield
        except UnicodeEncodeError:
            raise InputError("cannot save text that is not valid Unicode (a lone surrogate character)") from None
        except (peewee.PeeweeException, sqlite3.Error) as exc:
            root = opening.root_error(exc)
            if isinstance(root, (peewee.IntegrityError, sqlite3.IntegrityError)):
                raise StoreError(f"cannot save: {opening.short(str(root), 200)}") from None
            if opening.may_be_search_index_damage(exc) and self._repair_search_index():
                raise _SearchIndexRebuilt(f"the search index of {self.path} was damaged and has been rebuilt "
                                          "(nothing was lost); please try again") from None
            raise opening.classify(exc, self.path) from None

    @contextlib.contextmanager
    def write(self) -> Iterator[None]:
        """One transaction, committed on exit (``BEGIN IMMEDIATE``: waits for other writers)."""
        if self.read_only:
            raise self._read_only_error
        with self.errors(), self.db.atomic():
            yield

    def _cache_write(self, query) -> None:
        """Execute a write of cached or bookkeeping data only: skipped when it cannot be made."""
        if self.read_only:
            return
        with contextlib.suppress(*_UNWRITABLE), self.write():
            query.execute()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if not self.db.is_closed():
                with contextlib.suppress(Exception):
                    self.db.execute_sql("PRAGMA optimize")
                self.db.close()

    def integrity_check(self) -> str:
        with self.errors():
            return str(self.db.execute_sql("PRAGMA integrity_check").fetchone()[0])

    # -- articles ------------------------------------------------------------

    def article_by_hash(self, content_hash: str):
        with self.errors():
            return self.m.Article.get_or_none(self.m.Article.content_hash == content_hash)

    def article_by_path(self, path: str):
        with self.errors():
            row = self.m.ArticlePath.get_or_none(self.m.ArticlePath.path == file_names.to_db(path))
            return row.article if row else None

    def article_row(self, article_id: int):
        with self.errors():
            row = self.m.Article.get_or_none(self.m.Article.id == article_id)
        if row is None:
            raise InputError(f"no article with id {article_id}")
        return row

    def insert_article(self, **fields) -> int:
        """A new article (``fields`` are Article columns); returns its id."""
        fields.setdefault("added_at", now())
        if "pinyin" not in fields:  # "" given: filled later (fill_article_pinyin)
            fields["pinyin"] = pinyin_key(fields.get("zh_text", ""))
        _valid_metadata(fields)
        A = self.m.Article
        with self.write():
            # Another process may store the same article between our look-up and this insert
            # (two first opens of one file): then that row is the article.
            A.insert(**fields).on_conflict_ignore().execute()
            return A.select(A.id).where(A.content_hash == fields["content_hash"]).scalar()

    def fill_article_pinyin(self, article_id: int) -> None:
        """Give an article stored without its search key (``pinyin=""``) the toneless pinyin key of its text."""
        row = self.article_row(article_id)
        if not row.pinyin and row.zh_text:
            key = pinyin_key(row.zh_text)  # pypinyin: ~60 MB, loaded where the text is analysed
            if key:
                self.update_article(article_id, pinyin=key)

    def update_article(self, article_id: int, **fields) -> None:
        """Change Article columns; a change of only cached ones is skipped if the database can't be written."""
        if "zh_text" in fields and "pinyin" not in fields:
            fields["pinyin"] = pinyin_key(fields["zh_text"])
        _valid_metadata(fields)
        query = self.m.Article.update(**fields).where(self.m.Article.id == article_id)
        if fields.keys() <= _CACHE_FIELDS:
            self._cache_write(query)
            return
        with self.write():
            query.execute()

    def record_path(self, article_id: int, path: str, stamp: str = "") -> None:
        """Remember that ``path`` now holds this article (a path names one article); skipped if unwritable.

        ``stamp``: the file as it was read (:func:`reader.ingest.texts.file_stamp`; empty: unknown).
        """
        P = self.m.ArticlePath
        self._cache_write(P.insert(article=article_id, path=file_names.to_db(path), seen_at=now(),
                                   stamp=stamp).on_conflict(
            conflict_target=[P.path], update={P.article: article_id, P.seen_at: now(), P.stamp: stamp}))

    def path_stamp(self, path: str) -> tuple[int, str] | None:
        """``(article id, stamp)`` recorded for ``path``; None when the path names no article."""
        with self.errors():
            P = self.m.ArticlePath
            row = P.select(P.article, P.stamp).where(P.path == file_names.to_db(path)).tuples().first()
            return (int(row[0]), row[1]) if row else None

    def article_paths(self, article_id: int) -> tuple[str, ...]:
        with self.errors():
            P = self.m.ArticlePath
            rows = P.select(P.path).where(P.article == article_id).order_by(P.id).tuples()
            return tuple(file_names.from_db(p) for (p,) in rows)

    def delete_article(self, article_id: int) -> None:
        with self.write():
            self.m.Article.delete().where(self.m.Article.id == article_id).execute()

    def article_infos(self, article_id: int | None = None) -> list[ArticleInfo]:
        """The library view (most recently opened first), or one article's info."""
        A, N, W, P = self.m.Article, self.m.Annotation, self.m.Word, self.m.ArticlePath
        with self.errors():
            query = A.select(
                A.id, A.title, A.date, A.author, A.site, A.source_url, A.encoding, A.added_at, A.opened_at,
                A.vocab, A.position, A.en_title, (A.en_text != "").alias("has_en"),
            )
            if article_id is not None:
                query = query.where(A.id == article_id)
            rows = list(query.order_by(fn.COALESCE(A.opened_at, A.added_at).desc(), A.id.desc()).dicts())
            ids = [r["id"] for r in rows]
            notes = dict(
                N.select(N.article, fn.COUNT(N.id)).where(N.deleted == False, N.article.in_(ids))  # noqa: E712
                .group_by(N.article).tuples()
            ) if ids else {}
            words = dict(
                W.select(W.article, fn.COUNT(W.id)).where(W.article.in_(ids)).group_by(W.article).tuples()
            ) if ids else {}
            paths: dict[int, list[str]] = {}
            if ids:
                for aid, p in P.select(P.article, P.path).where(P.article.in_(ids)).order_by(P.id).tuples():
                    paths.setdefault(aid, []).append(file_names.from_db(p))
            known = self.known_words()
        infos = []
        for r in rows:
            infos.append(
                ArticleInfo(
                    id=r["id"], title=r["title"], date=r["date"], author=r["author"], site=r["site"],
                    source_url=r["source_url"], paths=tuple(paths.get(r["id"], ())), encoding=r["encoding"],
                    added_at=r["added_at"], opened_at=r["opened_at"],
                    annotation_count=notes.get(r["id"], 0), word_count=words.get(r["id"], 0),
                    known_ratio=_known_ratio(r["vocab"], known), has_english=bool(r["has_en"]),
                    position=r["position"], en_title=r["en_title"],
                )
            )
        return infos

    # -- annotations ---------------------------------------------------------

    def _annotation(self, row) -> Annotation:
        return Annotation(
            uuid=row.uuid, article_id=row.article_id if hasattr(row, "article_id") else row.article,
            side=row.side, start=row.start, end=row.end,
            quote=row.quote, note=row.note, color=row.color, tags=tuple(json.loads(row.tags or "[]")),
            status=row.status, score=row.score, created_at=row.created_at, updated_at=row.updated_at,
            deleted=bool(row.deleted), anki_guid=row.anki_guid, prefix=row.prefix, suffix=row.suffix,
            style=row.style, exported_at=row.exported_at,
        )

    def _annotation_row(self, uuid: str):
        with self.errors():
            row = self.m.Annotation.get_or_none(self.m.Annotation.uuid == str(uuid))
        if row is None:
            raise InputError(f"no annotation {uuid}")
        return row

    def get_annotation(self, uuid: str) -> Annotation:
        return self._annotation(self._annotation_row(uuid))

    def add_annotation(
        self,
        article_id: int,
        side: str,
        text: str,
        start: int,
        end: int,
        *,
        sentences: Sequence[tuple[int, int]] | None = None,
        note: str | None = None,
        color: str | None = None,
        tags: Iterable[str] = (),
        style: str = "highlight",
        uuid: str | None = None,
        created_at: str | None = None,
        updated_at: str | None = None,
    ) -> Annotation:
        """A new annotation on ``text[start:end]`` (``text``: that side of the article)."""
        if side not in SIDES:
            raise InputError(f"side must be 'zh' or 'en', not {side!r}")
        if not (isinstance(start, int) and isinstance(end, int)) or not 0 <= start < end <= len(text):
            raise InputError(f"cannot annotate {start}..{end}: outside the {side} text (length {len(text)})")
        from reader.store import anchoring  # here: opening the store needs none of it (difflib)

        selector = anchoring.make_selector(text, start, end, sentences)
        stamp = now()
        fields: dict[str, Any] = dict(
            uuid=str(uuid or uuid_module.uuid4()), article=article_id, side=side, quote=selector.quote,
            prefix=selector.prefix, suffix=selector.suffix, start=start, end=end,
            sentence_index=selector.sentence_index, sentence_offset=selector.sentence_offset,
            color=color, style=style, note=note, tags=_json(list(_clean_tags(tags))),
            pinyin=pinyin_key(selector.quote) if side == "zh" else "",
            status="exact", score=1.0, created_at=created_at or stamp, updated_at=updated_at or created_at or stamp,
        )
        with self.write():
            self.m.Annotation.insert(**fields).execute()
        return self.get_annotation(fields["uuid"])

    def update_annotation(self, uuid: str, **changes) -> Annotation:
        """Change ``note``, ``color``, ``tags``, ``style``, ``anki_guid`` or ``exported_at``."""
        allowed = {"note", "color", "tags", "style", "anki_guid", "exported_at"}
        unknown = set(changes) - allowed
        if unknown:
            raise InputError(f"cannot change {', '.join(sorted(unknown))} of an annotation")
        row = self._annotation_row(uuid)
        if "tags" in changes:
            changes["tags"] = _json(list(_clean_tags(changes["tags"])))
        if changes:
            if set(changes) - {"anki_guid", "exported_at"}:
                changes["updated_at"] = now()
            with self.write():
                self.m.Annotation.update(**changes).where(self.m.Annotation.id == row.id).execute()
        return self.get_annotation(uuid)

    def touch_annotations(self, uuids: Sequence[str]) -> None:
        """Mark annotations as edited now (what their export shows changed around them)."""
        N = self.m.Annotation
        with self.write():
            stamp = now()
            for start in range(0, len(uuids), 500):  # SQLite's limit on bound parameters
                N.update(updated_at=stamp).where(N.uuid.in_(list(uuids[start:start + 500]))).execute()

    def set_annotation_deleted(self, uuid: str, deleted: bool) -> Annotation:
        row = self._annotation_row(uuid)
        with self.write():
            self.m.Annotation.update(deleted=deleted, updated_at=now()).where(self.m.Annotation.id == row.id).execute()
        return self.get_annotation(uuid)

    def reattach_annotation(self, uuid: str, text: str, start: int, end: int,
                            sentences: Sequence[tuple[int, int]] | None = None) -> Annotation:
        """Put an annotation (typically an orphan) on ``text[start:end]`` of its side."""
        row = self._annotation_row(uuid)
        if not 0 <= start < end <= len(text):
            raise InputError(f"cannot attach to {start}..{end}: outside the text (length {len(text)})")
        from reader.store import anchoring

        s = anchoring.make_selector(text, start, end, sentences)
        with self.write():
            self.m.Annotation.update(
                quote=s.quote, prefix=s.prefix, suffix=s.suffix, start=start, end=end,
                sentence_index=s.sentence_index, sentence_offset=s.sentence_offset,
                pinyin=pinyin_key(s.quote) if row.side == "zh" else "", status="exact", score=1.0, updated_at=now(),
            ).where(self.m.Annotation.id == row.id).execute()
        return self.get_annotation(uuid)

    def annotations(self, article_id: int | None = None, include_deleted: bool = False) -> list[Annotation]:
        """In document order: by article, Chinese side first, then position."""
        N = self.m.Annotation
        with self.errors():
            query = N.select()
            if article_id is not None:
                query = query.where(N.article == article_id)
            if not include_deleted:
                query = query.where(N.deleted == False)  # noqa: E712
            query = query.order_by(N.article, N.side.desc(), N.start, N.end, N.created_at)
            # named tuples, not model instances: three times faster for a thousand notes
            return [self._annotation(r) for r in query.namedtuples()]

    def reanchor(self, article_id: int, side: str, text: str,
                 sentences: Sequence[tuple[int, int]] | None = None, old_text: str | None = None) -> dict[str, int]:
        """Re-anchor every annotation of one side onto a changed ``text``; counts by status.

        ``old_text``, the text the annotations were on, makes positions precise
        (see :func:`anchoring.position_map`); without it the stored selectors
        alone are used.
        """
        from reader.store import anchoring

        N = self.m.Annotation
        counts = {"exact": 0, "fuzzy": 0, "orphan": 0}
        history = anchoring.History(old_text, text) if old_text else None
        with self.write():
            for row in N.select().where(N.article == article_id, N.side == side):
                old = anchoring.Selector(row.quote, row.prefix, row.suffix, row.start, row.end,
                                         row.sentence_index, row.sentence_offset)
                # an orphan's offsets are from an older text than old_text: selectors only
                found = anchoring.reanchor(old, text, sentences, history if row.status != "orphan" else None)
                counts[found.status] += 1
                if found.status == "orphan":
                    # keep the old selectors: they are what the user reviews and re-attaches
                    N.update(status="orphan", score=found.score).where(N.id == row.id).execute()
                    continue
                new = anchoring.make_selector(text, found.start, found.end, sentences)
                N.update(
                    quote=new.quote, prefix=new.prefix, suffix=new.suffix, start=new.start, end=new.end,
                    sentence_index=new.sentence_index, sentence_offset=new.sentence_offset,
                    pinyin=pinyin_key(new.quote) if side == "zh" else row.pinyin,
                    status=found.status, score=found.score,
                ).where(N.id == row.id).execute()
        return counts

    def move_annotations(self, from_article: int, to_article: int) -> None:
        with self.write():
            self.m.Annotation.update(article=to_article).where(self.m.Annotation.article == from_article).execute()

    def import_annotation(self, ann: Annotation, article_id: int, sentences=None, text: str | None = None) -> bool:
        """Insert ``ann`` unless its uuid is already stored; True if inserted."""
        N = self.m.Annotation
        with self.errors():
            if N.select().where(N.uuid == ann.uuid).exists():
                return False
        tags = _json(list(_clean_tags(ann.tags)))
        fields = dict(
            uuid=ann.uuid, article=article_id, side=ann.side, quote=ann.quote, prefix=ann.prefix,
            suffix=ann.suffix, start=ann.start, end=ann.end, color=ann.color, style=ann.style, note=ann.note,
            tags=tags, pinyin=pinyin_key(ann.quote) if ann.side == "zh" else "", status="exact", score=1.0,
            created_at=ann.created_at or now(), updated_at=ann.updated_at or now(), deleted=ann.deleted,
            anki_guid=ann.anki_guid,
        )
        if text is not None:
            from reader.store import anchoring

            sel = anchoring.Selector(ann.quote, ann.prefix, ann.suffix, ann.start, ann.end)
            found = anchoring.reanchor(sel, text, None)
            fields.update(status=found.status, score=found.score)
            if found.status != "orphan":
                s = anchoring.make_selector(text, found.start, found.end, sentences)
                fields.update(start=s.start, end=s.end, quote=s.quote, prefix=s.prefix, suffix=s.suffix,
                              sentence_index=s.sentence_index, sentence_offset=s.sentence_offset)
        with self.write():
            N.insert(**fields).on_conflict_ignore().execute()
        return True

    # -- words ---------------------------------------------------------------

    def _word(self, row, title: str | None) -> Word:
        return Word(
            id=row.id, simplified=row.simplified, traditional=row.traditional, pinyin=row.pinyin,
            senses=tuple(json.loads(row.senses or "[]")), status=row.status, sentence=row.sentence,
            sentence_en=row.sentence_en, article_id=row.article_id, article_title=title,
            created_at=row.created_at, updated_at=row.updated_at, uuid=row.uuid, exported_at=row.exported_at,
            sentence_exported_at=row.sentence_exported_at,
        )

    def get_word(self, word_id: int) -> Word:
        W, A = self.m.Word, self.m.Article
        with self.errors():
            row = (W.select(W, A.title.alias("article_title")).join(A, peewee.JOIN.LEFT_OUTER)
                   .where(W.id == word_id).objects().first())
        if row is None:
            raise InputError(f"no word with id {word_id}")
        return self._word(row, row.article_title)

    def save_word(self, simplified: str, *, traditional: str = "", pinyin: str = "", senses: Sequence[str] = (),
                  status: str = "new", sentence: str = "", sentence_en: str = "",
                  article_id: int | None = None) -> Word:
        """Save a word; saving it again keeps its first sentence and updates senses/status."""
        if status not in WORD_STATUSES:
            raise InputError(f"word status must be one of {', '.join(WORD_STATUSES)}, not {status!r}")
        simplified = simplified.strip()
        if not simplified:
            raise InputError("cannot save an empty word")
        W = self.m.Word
        stamp = now()
        with self.write():
            row = W.get_or_none(W.simplified == simplified)
            if row is None:
                word_id = W.insert(
                    uuid=str(uuid_module.uuid4()), simplified=simplified, traditional=traditional or simplified,
                    pinyin=pinyin, pinyin_key=toneless(pinyin) if pinyin else pinyin_key(simplified).replace(" ", ""),
                    senses=_json(list(senses)), status=status, sentence=sentence,
                    sentence_en=sentence_en, article=article_id, created_at=stamp, updated_at=stamp,
                ).execute()
            else:
                word_id = row.id
                changes: dict[str, Any] = {"status": status, "updated_at": stamp}
                if senses:
                    changes["senses"] = _json(list(senses))
                if not row.sentence and sentence:
                    changes.update(sentence=sentence, sentence_en=sentence_en, article=article_id)
                W.update(**changes).where(W.id == word_id).execute()
        return self.get_word(word_id)

    def set_word_status(self, word_id: int, status: str) -> Word:
        if status not in WORD_STATUSES:
            raise InputError(f"word status must be one of {', '.join(WORD_STATUSES)}, not {status!r}")
        self.get_word(word_id)
        with self.write():
            self.m.Word.update(status=status, updated_at=now()).where(self.m.Word.id == word_id).execute()
        return self.get_word(word_id)

    def mark_word_exported(self, word_id: int, when: str | None = None, kind: str = "word") -> None:
        """Record that the word's Anki note of ``kind`` ("word" or "sentence") was exported."""
        column = {"word": "exported_at", "sentence": "sentence_exported_at"}[kind]
        with self.write():
            self.m.Word.update({column: when or now()}).where(self.m.Word.id == word_id).execute()

    def delete_word(self, word_id: int) -> None:
        self.get_word(word_id)
        with self.write():
            self.m.Word.delete().where(self.m.Word.id == word_id).execute()

    def words(self, article_id: int | None = None, status: str | None = None, query: str | None = None) -> list[Word]:
        """Saved words, newest first; ``query`` matches characters, pinyin, senses or sentence."""
        W, A = self.m.Word, self.m.Article
        with self.errors():
            q = W.select(W, A.title.alias("article_title")).join(A, peewee.JOIN.LEFT_OUTER)
            if article_id is not None:
                q = q.where(W.article == article_id)
            if status is not None:
                if status not in WORD_STATUSES:
                    raise InputError(f"word status must be one of {', '.join(WORD_STATUSES)}, not {status!r}")
                q = q.where(W.status == status)
            if query:
                ids = self._word_ids_matching(query.strip())
                q = q.where(W.id.in_(list(ids)))
            rows = q.order_by(W.created_at.desc(), W.id.desc()).objects()
            return [self._word(r, r.article_title) for r in rows]

    def known_words(self) -> frozenset[str]:
        """Every word known: saved as known, or given the status (reader.store.learner: seeds, keys)."""
        from reader.store import learner

        return learner.known_words(self)

    # -- segmentation fixes and alignment edits -------------------------------

    def add_seg_fix(self, kind: str, word: str, at: int = 0, article_id: int | None = None) -> None:
        """Keep ``word`` whole (``merge``) or split it at ``at`` (``split``), here or everywhere."""
        S = self.m.SegFix
        with self.write():
            # a new fix replaces the opposite one on the same word
            S.delete().where(S.word == word, S.article == article_id if article_id else S.article.is_null()).execute()
            S.insert(article=article_id, kind=kind, word=word, at=at, created_at=now()).on_conflict_ignore().execute()

    def seg_fixes(self, article_id: int | None) -> tuple[frozenset[str], frozenset[tuple[str, int]]]:
        """(merges, splits) that apply to the article: its own and the global ones (own win)."""
        S = self.m.SegFix
        with self.errors():
            rows = list(S.select(S.kind, S.word, S.at, S.article).where(
                (S.article.is_null()) | (S.article == article_id)).order_by(S.article.is_null(False)).tuples())
        chosen: dict[str, tuple[str, int]] = {}
        for kind, word, at, _article in rows:  # globals first, then the article's own override them
            chosen[word] = (kind, at)
        merges = frozenset(w for w, (k, _) in chosen.items() if k == "merge")
        splits = frozenset((w, at) for w, (k, at) in chosen.items() if k == "split")
        return merges, splits

    def add_align_edit(self, article_id: int, op: str, zh: int, en: int, key: str) -> None:
        with self.write():
            self.m.AlignEdit.insert(article=article_id, op=op, zh=zh, en=en, key=key, created_at=now()).execute()

    def align_edits(self, article_id: int) -> list[tuple[str, int, int, str]]:
        E = self.m.AlignEdit
        with self.errors():
            return list(E.select(E.op, E.zh, E.en, E.key).where(E.article == article_id).order_by(E.id).tuples())

    # -- stored analyses (reader.store.analysis_cache) ------------------------

    def analysis(self, article_id: int) -> tuple[str, bytes] | None:
        """``(key, data)`` of the article's stored analysis, or None."""
        A = self.m.ArticleAnalysis
        with self.errors():
            row = A.select(A.key, A.data).where(A.article == article_id).tuples().first()
        return None if row is None else (row[0], bytes(row[1]))

    def analysis_key(self, article_id: int) -> str | None:
        """The key of the article's stored analysis (its data not read), or None."""
        A = self.m.ArticleAnalysis
        with self.errors():
            row = A.select(A.key).where(A.article == article_id).tuples().first()
        return None if row is None else row[0]

    def set_analysis(self, article_id: int, key: str, data: bytes) -> None:
        """Store (replace) the article's analysis; skipped when the database cannot be written (a cache)."""
        A = self.m.ArticleAnalysis
        self._cache_write(A.insert(article=article_id, key=key, data=data, created_at=now()).on_conflict(
            conflict_target=[A.article], update={A.key: key, A.data: data, A.created_at: now()}))

    # -- settings ------------------------------------------------------------

    def get_setting(self, key: str, default=None):
        with self.errors():
            row = self.m.Setting.get_or_none(self.m.Setting.key == key)
        return default if row is None else json.loads(row.value)

    def set_setting(self, key: str, value) -> None:
        try:
            encoded = _json(value)
        except (TypeError, ValueError) as exc:
            raise InputError(f"setting {key!r}: value is not JSON-serialisable ({exc})") from None
        S = self.m.Setting
        with self.write():
            S.insert(key=key, value=encoded).on_conflict(conflict_target=[S.key], update={S.value: encoded}).execute()

    # -- search --------------------------------------------------------------

    def _fts(self, table: str, columns: Sequence[str], query: str, extra: str = "", params=()) -> list[int]:
        """Row ids of ``table`` whose ``columns`` contain ``query`` (trigram FTS, LIKE if shorter)."""
        if len(query) >= 3:
            phrase = '"' + query.replace('"', '""') + '"'
            match = "{" + " ".join(columns) + "} : " + phrase
            sql = (f"SELECT t.id FROM {table}_fts f JOIN {table} t ON t.id = f.rowid "
                   f"WHERE {table}_fts MATCH ? {extra} ORDER BY f.rank LIMIT {SEARCH_LIMIT}")
            args = (match, *params)
        else:  # trigrams need 3 characters: scan (short queries are rare and the tables small)
            # lower() only when case can matter: it copies every Chinese text scanned
            fold = "lower" if any("A" <= ch <= "Z" or "a" <= ch <= "z" for ch in query) else ""
            cond = " OR ".join(f"instr({fold}(t.{c}), ?) > 0" for c in columns)
            sql = f"SELECT t.id FROM {table} t WHERE ({cond}) {extra} LIMIT {SEARCH_LIMIT}"
            args = (*([query.lower()] * len(columns)), *params)
        return [r[0] for r in self.db.execute_sql(sql, args).fetchall()]

    def _word_ids_matching(self, query: str) -> list[int]:
        ids = self._fts("word", ("simplified", "traditional", "senses", "sentence", "sentence_en"), query)
        key = pinyin_query(query)
        if key:
            ids += [i for i in self._fts("word", ("pinyin_key",), key) if i not in ids]
        return ids

    def search(self, query: str) -> list[SearchHit]:
        """Articles, annotations and words containing ``query`` or matching it as toneless pinyin."""
        try:
            return self._search(query)
        except _SearchIndexRebuilt:
            return self._search(query)  # the index was damaged: rebuilt now, so search again

    def _search(self, query: str) -> list[SearchHit]:
        query = " ".join(query.split())
        if not query:
            return []
        key = pinyin_query(query)
        hits: list[SearchHit] = []
        A, N, W = self.m.Article, self.m.Annotation, self.m.Word
        with self.errors():
            ids = self._fts("article", ("title", "zh_text", "en_text"), query)
            if key:
                ids += [i for i in self._fts("article", ("pinyin",), key) if i not in ids]
            rows = {r.id: r for r in A.select(A.id, A.title, A.zh_text, A.en_text).where(A.id.in_(ids))} if ids else {}
            for i in ids:
                r = rows[i]
                hits.append(SearchHit("article", r.id, None, r.title,
                                      _snippet((r.title or "", r.zh_text, r.en_text), query, key)))
            live = "AND t.deleted = 0"
            ids = self._fts("annotation", ("quote", "note", "tags"), query, live)
            if key:
                ids += [i for i in self._fts("annotation", ("pinyin",), key, live) if i not in ids]
            if ids:
                rows = {r.id: r for r in N.select(N, A.title.alias("article_title")).join(A)
                        .where(N.id.in_(ids)).objects()}
                for i in ids:
                    r = rows[i]
                    hits.append(SearchHit("annotation", r.article_id, r.uuid, r.article_title,
                                          _snippet((r.quote, r.note or "", r.tags), query, key)))
            ids = self._word_ids_matching(query)
            if ids:
                rows = {r.id: r for r in W.select(W, A.title.alias("article_title")).join(A, peewee.JOIN.LEFT_OUTER)
                        .where(W.id.in_(ids)).objects()}
                for i in ids:
                    r = rows[i]
                    senses = "; ".join(json.loads(r.senses or "[]"))
                    hits.append(SearchHit("word", r.article_id, r.id, r.article_title,
                                          f"{r.simplified} {r.pinyin} {senses}".strip()))
        return hits


def _valid_metadata(fields: dict) -> None:
    """A title (etc.) made from a file name that is not UTF-8 holds surrogate escapes: show U+FFFD there."""
    for key in ("title", "en_title", "author", "site", "source_url"):
        value = fields.get(key)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                try:
                    raw = value.encode("utf-8", "surrogateescape")
                except UnicodeEncodeError:  # a lone surrogate that is no escaped byte
                    raw = value.encode("utf-8", "replace")
                fields[key] = raw.decode("utf-8", "replace")


def _json(value) -> str:
    """JSON text for a column: readable UTF-8, escaped (round-trip) if ``value`` holds a lone surrogate."""
    text = json.dumps(value, ensure_ascii=False)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # e.g. a file name that is not UTF-8, in a setting
        text = json.dumps(value)
    return text


def _clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    if isinstance(tags, str):
        tags = tags.replace(",", " ").split()
    seen: list[str] = []
    for t in tags:
        t = str(t).strip()
        if t and t not in seen:
            seen.append(t)
    return tuple(seen)


def _known_ratio(vocab_json: str, known: frozenset[str]) -> float | None:
    try:
        vocab = json.loads(vocab_json or "{}")
    except ValueError:
        return None
    if isinstance(vocab.get("counts"), dict):  # the form a development build wrote for a while
        vocab = vocab["counts"]
    total = sum(vocab.values())
    if not total:
        return None
    return sum(c for w, c in vocab.items() if w in known) / total


def _snippet(texts: Sequence[str], query: str, key: str | None, before: int = 20, after: int = 40) -> str:
    """A short excerpt around the first match of ``query`` (or its pinyin) in ``texts``."""
    low = query.lower()
    for text in texts:
        i = text.lower().find(low)
        if i >= 0:
            return _excerpt(text, i, i + len(query), before, after)
    if key:
        for mapper in (quick_pinyin_map, pinyin_key_with_map):  # fast per-character first, exact if needed
            for text in texts:
                pk, origin = mapper(text)
                i = pk.find(key)
                if i >= 0:
                    return _excerpt(text, origin[i], origin[i + len(key) - 1] + 1, before, after)
    return _excerpt(texts[0] if texts[0] else next((t for t in texts if t), ""), 0, 0, 0, after)


def _excerpt(text: str, start: int, end: int, before: int, after: int) -> str:
    a, b = max(0, start - before), min(len(text), end + after)
    core = " ".join(text[a:b].split())
    return ("…" if a > 0 else "") + core + ("…" if b < len(text) else "")
