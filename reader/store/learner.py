"""The learner's status of every word: new, learning, known or ignored.

Statuses live in the ``word_status`` table (schema v3), apart from the saved
vocabulary (``word``): seeding "I know HSK 1-3" marks thousands of words
that must not become vocabulary items or Anki cards.  A saved word also has
its own status; the effective status of a word is the newer of the two
(both carry ``updated_at``), so changing a saved word's status in the
vocabulary view and pressing a key in the text agree.  A word with neither
is "new".

Every change returns a :class:`StatusChanges` (what changed, before → after),
and :func:`restore` puts the previous state back: the undo of "mark the rest
of this article known".
"""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import compress

from reader.errors import InputError
from reader.store.records import WORD_STATUSES

#: Every status a word can have; "ignored" words (names, numbers, Latin are ignored without a row)
#: count neither as known nor as unknown.
LEARNER_STATUSES = ("new", "learning", "known", "ignored")

#: Rows written per statement (SQLite's limit on bound variables is 32766 in 3.32+, 999 before).
_CHUNK = 200


def _check(status: str) -> None:
    if status not in LEARNER_STATUSES:
        raise InputError(f"word status must be one of {', '.join(LEARNER_STATUSES)}, not {status!r}")


def statuses(store) -> dict[str, str]:
    """The effective status of every word that has one (words absent are "new").

    Plain SQL rather than peewee rows: 10,000 statuses read in a few
    milliseconds, as the window's first paint and every figure need them.
    Read once while the database is unchanged (:func:`_unchanged_since`):
    opening an article asks for them several times (its known share, the
    window's marks, the figures).
    """
    return dict(_read(store)[0])


def _read(store) -> tuple[dict[str, str], frozenset[str]]:
    """(statuses, known words), read again only when the database has changed since the last read."""
    cached = _cache.get(store)
    stamp = _stamp(store)
    if cached is not None and stamp is not None and cached[0] == stamp:
        return cached[1], cached[2]
    collecting = gc.isenabled()
    gc.disable()  # 10k rows of new tuples: the collector's passes over a large heap would cost more than the read
    try:
        with store.errors():
            saved = store.db.execute_sql("SELECT simplified, status, updated_at FROM word").fetchall()
            # every status row as (word, status) straight into a dict; only those of saved words need their time
            out = dict(store.db.execute_sql("SELECT word, status FROM word_status").fetchall())
            both = store.db.execute_sql("SELECT word, updated_at FROM word_status WHERE word IN "
                                        "(SELECT simplified FROM word)").fetchall() if saved else ()
        own = {w: status for w, status, _at in saved}
        when = {w: at for w, _status, at in saved}
        for word, at in both:
            if at < when[word]:
                out[word] = own[word]  # the saved word's own status is newer
        for word, status in own.items():
            out.setdefault(word, status)
        known = frozenset(compress(out, map("known".__eq__, out.values())))
    finally:
        if collecting:
            gc.enable()
    if stamp is not None and not store.db.in_transaction():  # a transaction may yet be rolled back
        _cache[store] = (stamp, out, known)
    return out, known


#: The last read per store: (its stamp, statuses, known words).
_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _stamp(store) -> tuple | None:
    """What changes with any write to the database: this connection's changes, another's commits.

    ``total_changes`` counts this connection's rows written (rolled back too);
    ``PRAGMA data_version`` changes when another connection commits.  The
    connection itself is part of it (held, so its id is never reused): each
    thread has its own.  None when they cannot be read (never cached).
    """
    try:
        connection = store.db.connection()
        version = store.db.execute_sql("PRAGMA data_version").fetchone()[0]
        return (connection, version, connection.total_changes)
    except Exception:  # a cache: without its stamp the statuses are simply read
        return None


def known_words(store) -> frozenset[str]:
    """Every word whose effective status is "known"."""
    return _read(store)[1]


def status_of(store, word: str) -> str:
    """The effective status of one word ("new" when it has none)."""
    W, S = store.m.Word, store.m.WordStatus
    with store.errors():
        saved = W.select(W.status, W.updated_at).where(W.simplified == word).tuples().first()
        row = S.select(S.status, S.updated_at).where(S.word == word).tuples().first()
    if row is not None and (saved is None or row[1] >= saved[1]):
        return row[0]
    return saved[0] if saved is not None else "new"


@dataclass(frozen=True)
class StatusChanges:
    """What one status change did: ``changed[word] = (before, after)`` (effective statuses).

    ``undo`` holds what :func:`restore` needs: each word's previous ``word_status``
    row (None: there was none) and its saved word's previous status (None: not saved).
    """

    changed: dict[str, tuple[str, str]] = field(default_factory=dict)
    undo: dict[str, tuple[str | None, str | None]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.changed)


def _chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def set_statuses(store, changes: Mapping[str, str], source: str = "user", only_new: bool = False) -> StatusChanges:
    """Give words a status in one transaction; returns what changed (for the view and for undo).

    ``only_new``: leave alone words that already have a status other than
    "new" (a seed must not turn a word the user is learning into known).  A
    saved word's own status follows (except "ignored", which saved words lack).
    """
    from reader.store.store import now

    for status in set(changes.values()):
        _check(status)
    words = {w.strip(): s for w, s in changes.items() if w and w.strip()}
    if not words:
        return StatusChanges()
    S, W = store.m.WordStatus, store.m.Word
    stamp = now()
    changed: dict[str, tuple[str, str]] = {}
    undo: dict[str, tuple[str | None, str | None]] = {}
    with store.write():
        current = statuses(store)  # inside the transaction: another window's change is seen
        own: dict[str, str] = {}
        saved: dict[str, str] = {}
        for chunk in _chunks(list(words)):
            own.update(S.select(S.word, S.status).where(S.word.in_(chunk)).tuples())
            saved.update(W.select(W.simplified, W.status).where(W.simplified.in_(chunk)).tuples())
        for word, status in words.items():
            before = current.get(word, "new")
            if before == status or (only_new and before != "new"):
                continue
            changed[word] = (before, status)
            undo[word] = (own.get(word), saved.get(word))
        rows = [{"word": w, "status": after, "source": source, "updated_at": stamp} for w, (_b, after) in changed.items()]
        for chunk in _chunks(rows):
            S.insert_many(chunk).on_conflict_replace().execute()
        by_status: dict[str, list[str]] = {}
        for word, (_before, after) in changed.items():
            if after in WORD_STATUSES and word in saved:
                by_status.setdefault(after, []).append(word)
        for status, group in by_status.items():
            for chunk in _chunks(group):
                W.update(status=status, updated_at=stamp).where(W.simplified.in_(chunk)).execute()
    return StatusChanges(changed, undo)


def restore(store, changes: StatusChanges) -> None:
    """Undo :func:`set_statuses`: each word's ``word_status`` row and saved status as they were."""
    from reader.store.store import now

    S, W = store.m.WordStatus, store.m.Word
    stamp = now()
    gone = [w for w, (row, _saved) in changes.undo.items() if row is None]
    # a row that was there gets the status the word had (the row and the saved word now tie, the row wins)
    back = [{"word": w, "status": changes.changed[w][0], "source": "undo", "updated_at": stamp}
            for w, (row, _saved) in changes.undo.items() if row is not None]
    with store.write():
        for chunk in _chunks(gone):
            S.delete().where(S.word.in_(chunk)).execute()
        for chunk in _chunks(back):
            S.insert_many(chunk).on_conflict_replace().execute()
        for word, (_row, saved) in changes.undo.items():
            if saved is not None:
                W.update(status=saved, updated_at=stamp).where(W.simplified == word).execute()


def count_by_status(store, words: Iterable[str] | None = None) -> dict[str, int]:
    """How many words have each status (of ``words``, or of every word with a status)."""
    current = statuses(store)
    counts = dict.fromkeys(LEARNER_STATUSES, 0)
    for word in (current if words is None else words):
        counts[current.get(word, "new")] += 1
    return counts
