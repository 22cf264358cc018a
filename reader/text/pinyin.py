"""Pinyin in context: pypinyin on whole runs of Han text, aligned back to tokens.

pypinyin picks readings from phrase context, so it is run on each whole run
of Han characters (feeding it a token list breaks 还钱, 银行行长, 还没还).
Each token then takes the syllables under its characters, with two
corrections from CC-CEDICT: a multi-character headword with exactly one
reading uses that reading (相片 xiàngpiàn, where pypinyin says piān), and
CC-CEDICT's capitals mark proper names (Chóngqìng).  Personal names found by
the segmenter get their surname reading (曲 Qū, not qǔ) and capitals.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from pypinyin import Style, pinyin as _pypinyin

from reader.text.dictionary import Dictionary, get_dictionary
from reader.text.pinyin_format import marks_to_numbers, numbers_to_marks, numbers_to_zhuyin
from reader.text.segment import Token, is_han

_VALID = re.compile(r"[a-zü]+[1-5]|[mnr]\d?")


@lru_cache(maxsize=4096)
def _numbered(marked: str) -> str | None:
    """pypinyin's tone-marked syllable → ``hang2``; None for what is not a syllable."""
    numbered = marks_to_numbers(marked.lower())
    return numbered if _VALID.fullmatch(numbered) else None


def _span_syllables(span: str, dictionary: Dictionary) -> list[str | None]:
    """Numbered syllables, one per character of ``span`` (None for non-Han characters).

    One pypinyin call for the whole span, so phrases are read in context; the
    ``errors`` hook makes every character its own item, which keeps the
    result aligned with the text character by character.
    """
    raw = _pypinyin(span, style=Style.TONE, errors=list)
    if len(raw) != len(span):  # never misalign: fall back to one call per character
        raw = [_pypinyin(ch, style=Style.TONE, errors=list)[0] for ch in span]
    out: list[str | None] = []
    for ch, (syllable,) in zip(span, raw):
        if syllable == ch:
            # no reading from pypinyin (punctuation, or a rare extension character)
            entries = dictionary.entries(ch) if is_han(ch) else ()
            out.append(entries[0].pinyin_numbers.lower().replace("u:", "ü") if entries else None)
        else:
            out.append(_numbered(syllable))
    return out


def _capitalise(syllables: list[str]) -> list[str]:
    return [s[:1].upper() + s[1:] if s else s for s in syllables]


@lru_cache(maxsize=65536)
def _dictionary_reading(word: str, dictionary: Dictionary) -> tuple[str, ...] | None:
    """The reading of a multi-character headword when CC-CEDICT gives exactly one."""
    readings = {e.pinyin_numbers.replace("u:", "ü") for e in dictionary.entries(word)}
    if len({r.lower() for r in readings}) != 1:
        return None
    # lower and capitalised forms of one reading (a common word that is also a name) count once
    reading = max(readings)  # lower case sorts last: prefer the common word over the name
    syllables = tuple(reading.split())
    return syllables if len(syllables) == len(word) else None


@lru_cache(maxsize=65536)
def _only_a_name(ch: str, dictionary: Dictionary) -> bool:
    """A single character CC-CEDICT knows only as a proper name."""
    entries = dictionary.entries(ch)
    return bool(entries) and all(e.is_proper_name for e in entries)


def _name_reading(word: str, syllables: list[str | None], dictionary: Dictionary) -> list[str | None]:
    """A personal name: surname reading from CC-CEDICT, both parts capitalised."""
    surname = [
        e.pinyin_numbers for e in dictionary.entries(word[0]) if e.is_proper_name and "surname" in " ".join(e.senses)
    ]
    out = list(syllables)
    if len(set(surname)) == 1 and len(surname[0].split()) == 1:
        out[0] = surname[0].lower().replace("u:", "ü")
    if out and out[0]:
        out[0] = out[0][:1].upper() + out[0][1:]
    if len(out) > 1 and out[1]:
        out[1] = out[1][:1].upper() + out[1][1:]
    return out


def token_syllables(
    text: str, tokens: Sequence[Token], dictionary: Dictionary | None = None
) -> list[tuple[str, ...] | None]:
    """Numbered syllables per token (``("yin2", "hang2")``); None for non-Han tokens.

    Token offsets index ``text``; the tokens should be one sentence (or less),
    which is read by pypinyin in one piece.
    """
    dictionary = dictionary or get_dictionary()
    result: list[tuple[str, ...] | None] = [None] * len(tokens)
    han = [i for i, t in enumerate(tokens) if t.kind == "han"]
    if not han:
        return result
    start = tokens[han[0]].start
    syllables = _span_syllables(text[start : tokens[han[-1]].end], dictionary)
    for k in han:
        token = tokens[k]
        mine = syllables[token.start - start : token.end - start]
        # looked up in ``text`` (the simplified form of traditional input), not token.text
        word = text[token.start : token.end]
        if token.name:
            mine = _name_reading(word, mine, dictionary)
        elif len(word) > 1:
            mine = _dictionary_reading(word, dictionary) or mine
        elif _only_a_name(word, dictionary):
            mine = _capitalise(mine)
        result[k] = tuple(s or "" for s in mine)
    return result


def format_syllables(syllables: tuple[str, ...] | None, style: str = "marks") -> str | None:
    """One token's syllables as ``marks`` (yínháng), ``numbers`` (yin2 hang2) or ``zhuyin``."""
    if syllables is None:
        return None
    return _format(" ".join(syllables), style)


@lru_cache(maxsize=65536)
def _format(numbered: str, style: str) -> str:
    if style == "numbers":
        return numbered
    if style == "zhuyin":
        return numbers_to_zhuyin(numbered)
    return numbers_to_marks(numbered)


def pinyin_for_tokens(
    text: str, tokens: Sequence[Token], style: str = "marks", dictionary: Dictionary | None = None
) -> list[str | None]:
    """Pinyin per token in ``style`` (see :func:`format_syllables`); None for non-Han tokens."""
    return [format_syllables(s, style) for s in token_syllables(text, tokens, dictionary)]
