"""Word links inside an aligned pair: which English words a Chinese token translates.

Used for "hover a Chinese word, light its English".  The evidence is the same
as the aligner's: CC-CEDICT senses reduced to stems, pinyin for names, and
numbers.  When an English word occurs more than once, the occurrence whose
relative position in the sentence is closest to the Chinese token's wins.
"""

from __future__ import annotations

import re

from reader.align.lexicon import Lexicon, en_words, get_lexicon, name_spelling
from reader.align.numbers import en_numbers, zh_numbers

__all__ = ["word_links"]

_ZH_NUMBER = re.compile(r"[0-9０-９]+(?:[.,][0-9]+)*[万亿千百十]*月?|[零〇一二两三四五六七八九十百千万亿]{1,12}月?")
_EN_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?s?|[A-Za-z]+(?:-[A-Za-z]+)?")


def word_links(
    zh_text: str, en_text: str, *, lexicon: Lexicon | None = None, tokens=None
) -> list[tuple[int, int, tuple[tuple[int, int], ...]]]:
    """``(zh_start, zh_end, en_spans)`` for every Chinese token with at least one English match.

    Offsets are code points within the two given strings; tokens come in text order.
    ``tokens``: the Chinese text's tokens, when known (see :meth:`Lexicon.units`).
    """
    lexicon = lexicon or get_lexicon()
    words = en_words(en_text)
    content = [w for w in words if w.content]
    by_key: dict[str, list[tuple[int, int]]] = {}
    prev_cap: tuple[str, int] | None = None
    for w in content:
        by_key.setdefault(w.stem, []).append((w.start, w.end))
        low = name_spelling(en_text[w.start : w.end])
        by_key.setdefault("py:" + low, []).append((w.start, w.end))
        if w.capital and prev_cap is not None:
            by_key.setdefault("py:" + prev_cap[0] + low, []).append((prev_cap[1], w.end))
        prev_cap = (low, w.start) if w.capital else None
    # Numbers: each English number word/group by its normalised value.
    en_num: dict[str, list[tuple[int, int]]] = {}
    for m in _EN_NUMBER.finditer(en_text):
        for key in en_numbers(m.group(0)):
            en_num.setdefault(key, []).append((m.start(), m.end()))
    nz = max(len(zh_text), 1)
    ne = max(len(en_text), 1)

    def closest(spans: list[tuple[int, int]], rel: float) -> tuple[int, int]:
        return min(spans, key=lambda s: abs(s[0] / ne - rel))

    found: dict[tuple[int, int], set[tuple[int, int]]] = {}
    for u in lexicon.units(zh_text, tokens):
        rel = u.start / nz
        spans: set[tuple[int, int]] = set()
        for k in u.stems:
            if k in by_key:
                spans.add(closest(by_key[k], rel))
        for k in u.pinyin:
            got = by_key.get("py:" + k)
            if got:
                spans.add(closest(got, rel))
        if spans:
            found[(u.start, u.end)] = spans
    for m in _ZH_NUMBER.finditer(zh_text):
        for key in zh_numbers(m.group(0)):
            if key in en_num:
                found.setdefault((m.start(), m.end()), set()).add(closest(en_num[key], m.start() / nz))
    out = []
    for (a, b), spans in sorted(found.items()):
        # "Qu Yuguo" wins over "Qu" and "Yuguo" found inside it.
        kept = [s for s in spans if not any(t != s and t[0] <= s[0] and s[1] <= t[1] for t in spans)]
        out.append((a, b, tuple(sorted(kept))))
    return out
