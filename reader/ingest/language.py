"""Language of a paragraph and splitting bilingual (中英对照) text into two sides."""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.ingest.heuristics import han_bounds, han_count

ZH, EN, OTHER = "zh", "en", "other"

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# Punctuation that closes a Chinese sentence stays on the Chinese side of a split.
_ZH_TRAIL = re.compile(r"[\s。！？；：，、…—”’」』）)》\]】.!?,;:\"']*")


def han_share(text: str) -> float:
    """Han characters over Han characters plus two per Latin word (0 when neither)."""
    han = han_count(text)
    words = len(_WORD.findall(text))
    total = han + 2 * words
    return han / total if total else 0.0


def language(text: str) -> str:
    """``"zh"`` (Han share ≥ 0.3), ``"en"`` (Latin words, little Han) or ``"other"``."""
    han = han_count(text)
    words = len(_WORD.findall(text))
    if han == 0 and words == 0:
        return OTHER
    return ZH if han / (han + 2 * words) >= 0.3 else EN


# Code: a statement keyword with code punctuation, a call, an assignment, or a
# line that opens or closes a block.  Prose has none of these shapes.
_CODE = re.compile(
    r"^\s*(?:(?:import|from|def|class|return|elif|else|try|except|finally|with|while|for|if|print|var|let|const|"
    r"function|public|private|static|package|func|fn|async|await|echo|sudo|pip|npm|git|cd|\$)\b.*[:({;=\]]"
    r"|(?:import|from)\s+[\w.]+(?:\s+(?:import|as)\s+[\w.*, ]+)?\s*$|#include\b|[\w.$\[\]'\"]+\s*[-+*/%|&]?=\s*\S"
    r"|\w+(?:\+\+|--)\s*;?\s*$|[\w.$]+\s*\(.*\)\s*[;:{]?\s*$|.*[=(].*;\s*$|.*[{}]\s*$|[})\]]+[;,]?\s*$"
    r"|(?://|/\*|\*/|<!--|-->))"
)
_URL_ONLY = re.compile(r"^\s*(?:(?:https?|ftp)://|www\.)\S+\s*$|^\s*[\w.+-]+@[\w-]+(?:\.[\w-]+)+\s*$", re.I)


def is_code_or_junk(text: str) -> bool:
    """A line of code, a bare address or e-mail, or a line without words: text of neither language.

    Only for text without Han characters (a Chinese sentence is never dropped this way).
    """
    if han_count(text):
        return False
    if not _WORD.search(text):
        return True
    return bool(_URL_ONLY.match(text) or _CODE.match(text))


def split_mixed(text: str) -> tuple[tuple[str, str], ...] | None:
    """A block holding a Chinese part then an English part (or the reverse), split in two; None otherwise."""
    count, first, last = han_bounds(text)
    if count < 4:
        return None
    # Chinese first: everything after the last Han character (and its closing punctuation) is English.
    trail = _ZH_TRAIL.match(text, last + 1)  # the pattern matches the empty string: always a match
    cut = trail.end() if trail else last + 1
    zh_part, en_part = text[:cut].strip(), text[cut:].strip()
    if len(_WORD.findall(en_part)) >= 3 and han_count(en_part) == 0 and han_share(zh_part) >= 0.6:
        return ((ZH, zh_part), (EN, en_part))
    # English first: everything from the first Han character (or its opening quote) on is Chinese.
    start = first
    while start > 0 and text[start - 1] in "“‘「『《（(【\"'":
        start -= 1
    en_part, zh_part = text[:start].strip(), text[start:].strip()
    if len(_WORD.findall(en_part)) >= 3 and han_count(en_part) == 0 and han_share(zh_part) >= 0.6:
        return ((EN, en_part), (ZH, zh_part))
    return None


@dataclass(frozen=True)
class Sides:
    """Paragraphs split by language; ``pairs`` index into ``zh`` and ``en`` (bilingual pages only)."""

    zh: tuple[str, ...]
    en: tuple[str, ...]
    pairs: tuple[tuple[int, int], ...]
    bilingual: bool


def split_sides(paragraphs: tuple[str, ...] | list[str]) -> Sides:
    """Chinese article, English article, or a bilingual page split into two paired sides."""
    units: list[tuple[str, str]] = []
    counts: list[tuple[int, int]] = []
    kept = []
    for paragraph in paragraphs:
        han = han_count(paragraph)
        words = len(_WORD.findall(paragraph))
        if han == 0 and is_code_or_junk(paragraph):
            continue  # code, addresses, numbers: on neither side
        kept.append(paragraph)
        counts.append((han, words))
        lang = ZH if han / (han + 2 * words) >= 0.3 else EN
        # Only a block with both scripts in quantity can hold two languages.
        parts = split_mixed(paragraph) if han >= 4 and words >= 3 else None
        units.extend(parts if parts else [(lang, paragraph)])
    n_zh = sum(1 for lang, _ in units if lang == ZH)
    # Only English prose makes a page bilingual: labels ("END", "Getty Images") do not.
    n_en = sum(1 for lang, text in units if lang == EN and _english_prose(text))
    if n_zh >= 2 and n_en >= 2 and min(n_zh, n_en) / max(n_zh, n_en) >= 0.4:
        return _bilingual(units)
    han = sum(h for h, _ in counts)
    words = sum(w for _, w in counts)
    if han == 0 and words == 0:
        return Sides((), (), (), False)
    if han / (han + 2 * words) >= 0.3 or han >= 200:
        # A Chinese article keeps English sentences (quotes) but not a word or two without Chinese.
        zh = tuple(p for p, (h, w) in zip(kept, counts) if h or w > 2 or _english_prose(p))
        return Sides(zh, (), (), False)
    return Sides((), tuple(kept), (), False)


_PROSE_END = re.compile(r"[.!?;:…\"”’')]\s*$")


def _english_prose(text: str) -> bool:
    """English sentence(s): four words or more, or a shorter line ending like a sentence ("First.")."""
    return len(_WORD.findall(text)) >= 4 or _PROSE_END.search(text) is not None


def _bilingual(units: list[tuple[str, str]]) -> Sides:
    zh: list[str] = []
    en: list[str] = []
    runs: list[tuple[str, list[int]]] = []  # (language, indices into its side)
    for lang, text in units:
        if lang == OTHER:
            continue  # page numbers, dashes: belong to neither side
        side = zh if lang == ZH else en
        side.append(text)
        if runs and runs[-1][0] == lang:
            runs[-1][1].append(len(side) - 1)
        else:
            runs.append((lang, [len(side) - 1]))
    pairs: list[tuple[int, int]] = []
    lead = runs[0][0] if runs else ZH
    # Each run in the leading language is paired, item by item, with the run
    # of the other language that follows it: covers alternating paragraphs
    # (runs of one) and "all Chinese, then all English" blocks alike.
    for i in range(len(runs) - 1):
        (lang_a, idx_a), (lang_b, idx_b) = runs[i], runs[i + 1]
        if lang_a == lead and lang_b != lead:
            for a, b in zip(idx_a, idx_b):
                pairs.append((a, b) if lang_a == ZH else (b, a))
    return Sides(tuple(zh), tuple(en), tuple(pairs), True)
