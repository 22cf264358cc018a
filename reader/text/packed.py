"""An analysed text in a compact stored form, and back, without the segmenter or the reading engine.

:func:`pack` turns an :class:`~reader.text.analysis.AnalyzedText` (every
sentence's readings computed) into bytes; :func:`unpack` rebuilds it from
those bytes and its text, importing neither rjieba nor pypinyin nor numpy:
a reopened article is ready as soon as it is read from the store.

The form (zlib-compressed): a small JSON header (format, script, the
simplified form's differences from the text, the distinct readings) and
little-endian arrays: each token's length (tokens tile the text) and kind,
each Han token's reading (an index into the distinct readings), the
paragraph and sentence spans.  About 0.3 bytes per character of text.

:func:`engine_versions` names what made an analysis (the segmenter, the
reading engine and their data), so that a stored one is recomputed when any
of them changes.
"""

from __future__ import annotations

import bisect
import json
import operator
import os
import struct
import sys
import zlib
from array import array
from collections.abc import Sequence
from functools import cache
from importlib.util import find_spec
from itertools import accumulate, repeat
from pathlib import Path

from reader.text.analysis import AnalyzedText, Paragraph, Sentence, frozen_record, read_every_sentence
from reader.text.dictionary import Dictionary, get_dictionary
from reader.text.tokens import Token

#: Bumped when the stored layout changes.
FORMAT = 1
#: Bumped when reader/text/segment.py cuts the same text differently (its rules, not its data).
SEGMENTER_VERSION = 1
#: Bumped when reader/text/pinyin.py reads the same tokens differently (its rules, not its data).
READING_VERSION = 1

KINDS = ("han", "latin", "number", "punct", "space", "other")
_KIND_CODE = {kind: code for code, kind in enumerate(KINDS)}
_NAME = 0x80  # flag on a kind: a personal name
_NO_READING = 0xFFFFFFFF
_new = tuple.__new__  # as reader.text.segment: Token built without NamedTuple's Python-level __new__


@cache
def _installed(name: str) -> str:
    """The installed version of distribution ``name`` (whose top-level package is ``name``), or "-"."""
    spec = find_spec(name)  # finds, does not import
    if spec is None:
        return "-"
    # its *.dist-info folder beside the package names the version: one directory listing, where
    # importlib.metadata costs ~20 ms to import and scan (the reopened article waits for it)
    locations = list(spec.submodule_search_locations or ()) or ([spec.origin] if spec.origin else [])
    prefix = name.lower().replace("-", "_") + "-"
    for location in locations:
        try:
            entries = os.listdir(Path(location).parent)
        except OSError:
            continue
        for entry in entries:
            if entry.endswith(".dist-info") and entry.lower().startswith(prefix):
                return entry[len(prefix) : -len(".dist-info")]
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def engine_versions() -> dict[str, str]:
    """What made an analysis: ``segmenter`` and ``reading`` (our rules and the libraries' versions), ``duizhao``.

    Read from package metadata: nothing is imported.  Whether numpy is there
    matters (without it the readings come from pypinyin alone).
    """
    from reader import __version__

    model = f"g2pM={_installed('g2pM')},numpy={_installed('numpy')}"  # its version, "-" without it
    return {
        "duizhao": __version__,  # where the libraries' versions cannot be read (a bundle), an update still counts
        "segmenter": f"{SEGMENTER_VERSION}:rjieba={_installed('rjieba')}",
        "reading": f"{READING_VERSION}:pypinyin={_installed('pypinyin')},{model}",
    }


def _u32(values) -> bytes:
    packed = array("I", values)
    if packed.itemsize != 4:  # pragma: no cover - every platform we build for has a 4-byte unsigned int
        packed = array("L", values)
    if sys.byteorder == "big":  # pragma: no cover
        packed.byteswap()
    return packed.tobytes()


def _read_u32(raw: bytes) -> array:
    packed = array("I")
    if packed.itemsize != 4:  # pragma: no cover
        packed = array("L")
    packed.frombytes(raw)
    if sys.byteorder == "big":  # pragma: no cover
        packed.byteswap()
    return packed


def pack(analysed: AnalyzedText) -> bytes:
    """The stored form of ``analysed``; every sentence's readings are computed first if they are not yet."""
    read_every_sentence(analysed)
    text, base = analysed.text, analysed.base
    tokens = analysed.tokens
    diffs: list[list] = []
    if base != text:
        for i, (a, b) in enumerate(zip(text, base)):
            if a != b:
                if diffs and diffs[-1][0] + len(diffs[-1][1]) == i:
                    diffs[-1][1] += b
                else:
                    diffs.append([i, b])
    readings: dict[tuple[str, ...], int] = {}
    reading_ids = array("I", [_NO_READING]) * len(tokens)
    for sentence in analysed.sentences:
        syllables = analysed.sentence_syllables(sentence.index)
        for k, reading in enumerate(syllables):
            if reading:  # a Han token has a syllable per character (an empty one is never stored)
                reading_ids[sentence.first_token + k] = readings.setdefault(tuple(reading), len(readings))
    kinds = bytes(_KIND_CODE.get(t.kind, _KIND_CODE["other"]) | (_NAME if t.name else 0) for t in tokens)
    header = {
        "format": FORMAT,
        "traditional": analysed.traditional,
        "base": diffs,
        # one string: readings a line each, syllables a space apart (no syllable holds either)
        "readings": "\n".join(" ".join(r) for r in readings),
        "tokens": len(tokens),
        "length": len(text),
    }
    paragraphs = [(p.start, p.end, len(p.sentences)) for p in analysed.paragraphs]
    sentences = [(s.start, s.end) for s in analysed.sentences]
    parts = [
        json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode(),
        _u32([t.end - t.start for t in tokens]),
        kinds,
        reading_ids.tobytes() if sys.byteorder == "little" else _u32(reading_ids),
        _u32([x for p in paragraphs for x in p]),
        _u32([x for s in sentences for x in s]),
    ]
    body = b"".join(struct.pack("<I", len(part)) + part for part in parts)
    return zlib.compress(body, 6)


def _parts(data: bytes) -> list[bytes]:
    body = zlib.decompress(data)
    parts, at = [], 0
    while at < len(body):
        (size,) = struct.unpack_from("<I", body, at)
        at += 4
        parts.append(body[at : at + size])
        at += size
    if at != len(body) or len(parts) != 6:
        raise ValueError("truncated")
    return parts


def unpack(text: str, data: bytes, dictionary: Dictionary | None = None) -> AnalyzedText | None:
    """The analysis :func:`pack` stored for ``text``; None when ``data`` is damaged or of another format."""
    try:
        head, lengths_raw, kinds, readings_raw, paragraphs_raw, sentences_raw = _parts(data)
        header = json.loads(head)
        if header.get("format") != FORMAT or header.get("length") != len(text):
            return None
        lengths = _read_u32(lengths_raw)
        reading_ids = _read_u32(readings_raw)
        paragraph_bounds = _read_u32(paragraphs_raw)
        sentence_bounds = _read_u32(sentences_raw)
        if not len(lengths) == len(kinds) == len(reading_ids) == header["tokens"] or sum(lengths) != len(text):
            return None
        dictionary = dictionary or get_dictionary()
        return _rebuild(text, header, lengths, kinds, reading_ids, paragraph_bounds, sentence_bounds, dictionary)
    except (zlib.error, ValueError, KeyError, TypeError, IndexError, struct.error):
        return None  # damaged: analysed again by the caller


_KIND_OF = tuple(KINDS[k & 0x7F] if (k & 0x7F) < len(KINDS) else "other" for k in range(256))
_IS_NAME = tuple(bool(k & _NAME) for k in range(256))


class PackedTokens(Sequence[Token]):
    """The tokens of a stored analysis, each made when asked for from the packed arrays.

    No object is kept per token (a MB of text has ~170k): reading the analysis
    back costs no time per token, holds ~20 MB less, and gives the garbage
    collector nothing to walk (a tuple subclass such as Token is never untracked:
    each full pass over 170k of them took ~35 ms on the GUI thread).  Indexing,
    slices (tuples), iteration and ``==`` with any sequence of tokens behave as
    the tuple :func:`reader.text.analysis.analyze` makes.
    """

    __slots__ = ("_text", "bounds", "_kinds")

    def __init__(self, text: str, bounds: array, kinds: bytes) -> None:
        self._text = text
        #: token ``i`` is ``text[bounds[i]:bounds[i + 1]]`` (one more bound than tokens)
        self.bounds = bounds
        self._kinds = kinds

    def __len__(self) -> int:
        return len(self._kinds)

    def _token(self, i: int) -> Token:
        start, end, kind = self.bounds[i], self.bounds[i + 1], self._kinds[i]
        return _new(Token, (self._text[start:end], start, end, _KIND_OF[kind], _IS_NAME[kind]))

    def __getitem__(self, index):  # int -> Token, slice -> tuple
        if isinstance(index, slice):
            return tuple(map(self._token, range(*index.indices(len(self._kinds)))))
        count = len(self._kinds)
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("token index out of range")
        return self._token(index)

    def __iter__(self):
        text, bounds = self._text, self.bounds
        starts, ends = bounds[:-1], bounds[1:]
        return map(_new, repeat(Token), zip(map(text.__getitem__, map(slice, starts, ends)), starts, ends,
                                            map(_KIND_OF.__getitem__, self._kinds),
                                            map(_IS_NAME.__getitem__, self._kinds)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PackedTokens):
            return self._text == other._text and self.bounds == other.bounds and self._kinds == other._kinds
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes)):
            return len(other) == len(self) and all(map(operator.eq, self, other))
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self))  # as the tuple's (rarely asked: an AnalyzedText is hashed by its fields)

    def __repr__(self) -> str:
        return f"PackedTokens({len(self)} tokens)"


def _rebuild(text: str, header: dict, lengths: Sequence[int], kinds: bytes, reading_ids: Sequence[int],
             paragraph_bounds: Sequence[int], sentence_bounds: Sequence[int],
             dictionary: Dictionary) -> AnalyzedText:
    base = text
    if header["base"]:
        chars = list(text)
        for at, run in header["base"]:
            chars[at : at + len(run)] = run
        base = "".join(chars)
        if len(base) != len(text):
            raise ValueError("simplified form of another length")
    bounds = _read_u32(b"")  # an empty array of 4-byte unsigned ints
    bounds.append(0)
    bounds.extend(accumulate(lengths))
    tokens = PackedTokens(text, bounds, bytes(kinds))
    readings: list[tuple[str, ...] | None] = [tuple(r.split(" ")) for r in header["readings"].split("\n")] \
        if header["readings"] else []
    used = set(reading_ids)
    used.discard(_NO_READING)
    if used and max(used) >= len(readings):
        raise ValueError("a reading out of range")
    analysed = AnalyzedText(text=text, base=base, traditional=bool(header["traditional"]), tokens=tokens,
                            dictionary=dictionary)
    # the tokens' starts are their bounds (one more, the text's end: no token starts there)
    object.__setattr__(analysed, "_token_starts", bounds)
    token_starts = bounds
    count = len(kinds)
    paragraphs = []
    index = 0
    at = 0
    for p_index in range(len(paragraph_bounds) // 3):
        p_start, p_end, n = paragraph_bounds[3 * p_index : 3 * p_index + 3]
        sentences = []
        for _ in range(n):
            s_start, s_end = sentence_bounds[at], sentence_bounds[at + 1]
            at += 2
            first = min(bisect.bisect_left(token_starts, s_start), count)
            last = min(bisect.bisect_left(token_starts, s_end), count)
            sentences.append(frozen_record(Sentence, {"index": index, "paragraph": p_index, "start": s_start,
                                                      "end": s_end, "first_token": first, "last_token": last,
                                                      "owner": analysed}))
            index += 1
        paragraphs.append(frozen_record(Paragraph, {"index": p_index, "start": p_start, "end": p_end,
                                                    "sentences": tuple(sentences)}))
    if at != len(sentence_bounds):
        raise ValueError("sentence spans of another count")
    object.__setattr__(analysed, "paragraphs", tuple(paragraphs))

    def known(sentence_index: int) -> list:
        sentence = analysed.sentences[sentence_index]
        return [None if r == _NO_READING else readings[r]
                for r in reading_ids[sentence.first_token : sentence.last_token]]

    object.__setattr__(analysed, "_known_readings", known)
    return analysed
