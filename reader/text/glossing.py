"""Glosses of words: tokens as plain dicts (the ``gloss`` command's JSON), hover lookups, saved-word readings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from reader.text.analysis import AnalyzedText
from reader.text.dictionary import Entry, Match, get_dictionary
from reader.text.pinyin_format import format_syllables
from reader.text.script import to_simplified, to_traditional


def entry_dict(entry: Entry) -> dict:
    """One dictionary entry as JSON-ready data."""
    return {
        "simplified": entry.simplified,
        "traditional": entry.traditional,
        "pinyin": entry.pinyin,
        "pinyin_numbers": entry.pinyin_numbers,
        "senses": list(entry.senses),
        "classifiers": list(entry.classifiers),
        "variants": list(entry.variants),
        "hsk": {"2.0": entry.hsk2, "3.0": entry.hsk3},
    }


def gloss_tokens(analysed: AnalyzedText, include_spaces: bool = False) -> list[dict]:
    """Every token of ``analysed`` with offsets, pinyin in context and dictionary entries."""
    out = []
    for index, token in enumerate(analysed.tokens):
        if token.kind == "space" and not include_spaces:
            continue
        syllables = analysed.token_syllables(index) if token.kind == "han" else None
        out.append(
            {
                "text": token.text,
                "start": token.start,
                "end": token.end,
                "kind": token.kind,
                "pinyin": format_syllables(syllables, "marks"),
                "pinyin_numbers": format_syllables(syllables, "numbers"),
                "glosses": [entry_dict(e) for e in analysed.glosses(token)] if token.kind == "han" else [],
            }
        )
    return out


def lookup(text: str, pos: int) -> list[Match]:
    """Every dictionary headword starting at ``text[pos]``, longest first (offsets into ``text``)."""
    dictionary = get_dictionary()
    # only the characters a headword can cover: converting the whole article per hover
    # cost ~5 ms on the seed and grew with the article
    window = text[pos : pos + dictionary.max_len]
    base = to_simplified(window)
    found = dictionary.lookup_at(base if len(base) == len(window) else window, 0)
    return [replace(m, start=m.start + pos, end=m.end + pos) for m in found]


def _plain_syllable(syllable: str) -> str:
    return syllable.lower().replace("u:", "v").replace("ü", "v")


def reading_first(entries: Sequence[Entry], syllable: str | None) -> tuple[Entry, ...]:
    """A character's entries with the reading its word gives it (``syllable``, numbered: "li2") first.

    In 隔离 the character 离 reads li2 "to leave", not CC-CEDICT's first entry chi1 "mythical beast".
    A reading differing only in tone (tone sandhi: 一 yi2 in 一个, the neutral tone) comes next, and
    among equal readings the common word before the proper name (li2 before the surname Li2).
    """
    if not syllable:
        return tuple(entries)
    wanted = _plain_syllable(syllable)
    toneless = wanted.rstrip("012345")

    def rank(entry: Entry) -> tuple[int, bool]:
        reading = _plain_syllable(entry.pinyin_numbers)
        closeness = 0 if reading == wanted else 1 if reading.rstrip("012345") == toneless else 2
        return closeness, entry.pinyin_numbers[:1].isupper()

    return tuple(sorted(entries, key=rank))


@dataclass(frozen=True)
class Reading:
    """How a saved word reads: its simplified and traditional forms, pinyin in context and senses."""

    simplified: str
    traditional: str
    pinyin: str
    senses: tuple[str, ...]


def word_reading(zh: AnalyzedText, start: int, end: int, senses: Sequence[str] | None = None) -> Reading:
    """The reading of ``zh.text[start:end]`` for the vocabulary (``senses`` given: kept as they are).

    A whole token is read as heard in context; a span that is no headword
    (党支部, 筑牢) is read from the tokens it covers and glossed part by part.
    """
    base = zh.base[start:end]
    entries = zh.dictionary.entries(base) if zh.dictionary is not None else []
    pinyin = ""
    token_index = zh.token_index_at(start)
    if token_index is not None and zh.tokens[token_index].end == end:
        token = zh.tokens[token_index]
        syllables = zh.token_syllables(token_index)
        pinyin = (format_syllables(syllables, "marks") if syllables else "") or ""
        entries = zh.glosses(token) or entries  # the reading heard in context first
    if not entries:
        pinyin, parts = span_reading(zh, start, end)
        if senses is None:
            senses = parts
    if not pinyin and entries:
        pinyin = entries[0].pinyin
    if senses is None:
        senses = entries[0].senses if entries else ()
    traditional = entries[0].traditional if entries else to_traditional(base)
    return Reading(base, traditional, pinyin or "", tuple(senses))


def span_reading(zh: AnalyzedText, start: int, end: int) -> tuple[str, tuple[str, ...]]:
    """Pinyin and part-by-part senses of ``zh.text[start:end]`` from the tokens it covers."""
    syllables: list[str] = []
    parts: list[str] = []
    index = zh.token_index_at(start)
    while index is not None and index < len(zh.tokens) and zh.tokens[index].start < end:
        token = zh.tokens[index]
        if token.kind == "han":
            token_syllables = zh.token_syllables(index) or ()
            # a token cut by the span's edges keeps only the syllables inside it
            lo, hi = max(start, token.start) - token.start, min(end, token.end) - token.start
            syllables.extend(token_syllables[lo:hi])
            glosses = zh.glosses(token) if (lo, hi) == (0, len(token.text)) else []
            if glosses and glosses[0].senses:
                parts.append(f"{token.text}: {'; '.join(glosses[0].senses[:2])}")
        index += 1
    return (format_syllables(tuple(syllables), "marks") if syllables else "") or "", tuple(parts)
