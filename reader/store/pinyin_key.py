"""Toneless pinyin keys, so that ``dangzhibu`` finds 党支部.

The key of a text is the toneless pinyin of its Han characters run together
(``党支部`` -> ``dangzhibu``); every run of other characters becomes one space
so a query cannot match across a sentence of Latin text.  ``ü`` is written
``v`` (what people type).
"""

from __future__ import annotations

import functools
import re

from reader.text.pinyin_format import strip_tones

_QUERY = re.compile(r"^[A-Za-zÀ-ɏ'’\s\d]+$")


def _lazy_pinyin(run: str) -> list[str]:
    # pypinyin is imported on first use: it costs ~130 ms, and the window's first
    # paint imports the store but needs no pinyin
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(run, style=Style.NORMAL, v_to_u=False)


def pinyin_key_with_map(text: str) -> tuple[str, list[int]]:
    """The key of ``text`` and, for each key character, the text offset it comes from."""
    from reader.text.segment import HAN_RUN  # here: the store is opened without the segmenter

    key: list[str] = []
    origin: list[int] = []
    pos = 0
    for match in HAN_RUN.finditer(text):
        if match.start() > pos and key and key[-1] != " ":
            key.append(" ")
            origin.append(pos)
        run = match.group()
        syllables = _lazy_pinyin(run)
        if len(syllables) != len(run):  # pypinyin keeps one item per Han character; be safe
            syllables = [_lazy_pinyin(c)[0] for c in run]
        for i, syllable in enumerate(syllables):
            for ch in syllable.lower():
                key.append(ch)
                origin.append(match.start() + i)
        pos = match.end()
    return "".join(key), origin


@functools.lru_cache(maxsize=65536)
def _char_key(ch: str) -> str:
    """The toneless first dictionary reading of one character ("" if none)."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings = pinyin_dict.get(ord(ch))
    return toneless(readings.split(",")[0]) if readings else ""


def quick_pinyin_map(text: str) -> tuple[str, list[int]]:
    """Like :func:`pinyin_key_with_map` but per character, without phrase context.

    Many times faster; polyphonic characters get their most common reading,
    so use it to *locate* a match for display, falling back to the exact key.
    """
    from reader.text.segment import HAN_RUN

    key: list[str] = []
    origin: list[int] = []
    gap = False
    for i, ch in enumerate(text):
        syllable = _char_key(ch) if HAN_RUN.match(ch) else ""
        if not syllable:
            gap = True
            continue
        if gap and key:
            key.append(" ")
            origin.append(i)
        gap = False
        key.extend(syllable)
        origin.extend([i] * len(syllable))
    return "".join(key), origin


def pinyin_key(text: str) -> str:
    """The toneless pinyin key of ``text`` (see the module docstring)."""
    return pinyin_key_with_map(text)[0]


def toneless(pinyin: str) -> str:
    """``"yín háng"`` or ``"yin2 hang2"`` -> ``"yinhang"``."""
    return strip_tones(pinyin)


def pinyin_query(query: str) -> str | None:
    """The key to look for if ``query`` looks like pinyin, else None."""
    if not _QUERY.match(query):
        return None
    key = toneless(re.sub(r"\d", "", query))
    return key or None
