"""Pinyin spelling: numbered syllables (``yin2 hang2``) to tone marks, zhuyin, tones.

Pure string functions with no dependencies, shared by the dictionary, the
pinyin annotator and the Anki export.
"""

from __future__ import annotations

import re

_MARKS = {
    "a": "āáǎàa", "e": "ēéěèe", "i": "īíǐìi", "o": "ōóǒòo", "u": "ūúǔùu", "ü": "ǖǘǚǜü",
    "A": "ĀÁǍÀA", "E": "ĒÉĚÈE", "I": "ĪÍǏÌI", "O": "ŌÓǑÒO", "U": "ŪÚǓÙU", "Ü": "ǕǗǙǛÜ",
}
_SYLLABLE = re.compile(r"([A-Za-züÜ:]+)([1-5])")
_MARKED = {ch: (base, tone + 1) for base, row in _MARKS.items() for tone, ch in enumerate(row[:4])}


def _mark_syllable(letters: str, tone: int) -> str:
    letters = letters.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")
    if tone == 5 or tone == 0:
        return letters
    lower = letters.lower()
    # Rule: a or e takes the mark; in "ou" the o does; otherwise the last vowel.
    if "a" in lower:
        at = lower.index("a")
    elif "e" in lower:
        at = lower.index("e")
    elif "ou" in lower:
        at = lower.index("o")
    else:
        at = max((i for i, ch in enumerate(lower) if ch in "aeiouü"), default=-1)
        if at < 0:  # m2, ng2, r5: no vowel to mark
            return letters
    ch = letters[at]
    return letters[:at] + _MARKS[ch][tone - 1] + letters[at + 1 :]


def syllable_to_marks(syllable: str) -> str:
    """``hang2`` → ``háng``; text without a tone number is returned as it is."""
    m = _SYLLABLE.fullmatch(syllable)
    if not m:
        return syllable.replace("u:", "ü")
    return _mark_syllable(m.group(1), int(m.group(2)))


def numbers_to_marks(pinyin: str, join: bool = True) -> str:
    """``yin2 hang2`` → ``yínháng`` (``join=False`` keeps the spaces); capitals kept."""
    syllables = [syllable_to_marks(s) for s in pinyin.split()]
    if not join:
        return " ".join(syllables)
    out = ""
    for i, syl in enumerate(syllables):
        # Apostrophe before a syllable starting with a, e or o (xī'ān), as the pinyin rules say.
        if i and (syl[:1].isupper() or not syl[:1].isalpha() or not out[-1:].isalpha()):
            out += " "  # a capital starts a new name part: Zhèjiāng Shěng, Qū Yùguó
        elif i and syl[:1].lower() in "aeoāáǎàēéěèōóǒò":
            out += "'"
        out += syl
    return out


def tone_of(syllable: str) -> int:
    """Tone 1–5 of a numbered (``hang2``) or marked (``háng``) syllable; 5 is neutral."""
    if syllable and syllable[-1] in "12345":
        return int(syllable[-1])
    for ch in syllable:
        if ch in _MARKED:
            return _MARKED[ch][1]
    return 5


def marks_to_numbers(syllable: str) -> str:
    """``háng`` → ``hang2`` (neutral syllables get 5)."""
    tone = 5
    plain = []
    for ch in syllable:
        if ch in _MARKED:
            base, tone = _MARKED[ch]
            plain.append(base)
        else:
            plain.append(ch)
    return "".join(plain) + str(tone)


def strip_tones(pinyin: str) -> str:
    """``Chóngqìng`` / ``chong2 qing4`` → ``chongqing`` (lower case, no spaces or marks)."""
    out = []
    for ch in pinyin:
        if ch in _MARKED:
            out.append(_MARKED[ch][0])
        elif ch.isalpha() or ch == "ü":
            out.append(ch)
    return "".join(out).lower().replace("ü", "v").replace("u:", "v")


_ZHUYIN_INITIALS = [
    ("zh", "ㄓ"), ("ch", "ㄔ"), ("sh", "ㄕ"), ("b", "ㄅ"), ("p", "ㄆ"), ("m", "ㄇ"), ("f", "ㄈ"),
    ("d", "ㄉ"), ("t", "ㄊ"), ("n", "ㄋ"), ("l", "ㄌ"), ("g", "ㄍ"), ("k", "ㄎ"), ("h", "ㄏ"),
    ("j", "ㄐ"), ("q", "ㄑ"), ("x", "ㄒ"), ("r", "ㄖ"), ("z", "ㄗ"), ("c", "ㄘ"), ("s", "ㄙ"),
]
_ZHUYIN_FINALS = {
    "a": "ㄚ", "o": "ㄛ", "e": "ㄜ", "ê": "ㄝ", "ai": "ㄞ", "ei": "ㄟ", "ao": "ㄠ", "ou": "ㄡ",
    "an": "ㄢ", "en": "ㄣ", "ang": "ㄤ", "eng": "ㄥ", "ong": "ㄨㄥ", "er": "ㄦ",
    "i": "ㄧ", "ia": "ㄧㄚ", "ie": "ㄧㄝ", "iao": "ㄧㄠ", "iu": "ㄧㄡ", "ian": "ㄧㄢ", "in": "ㄧㄣ",
    "iang": "ㄧㄤ", "ing": "ㄧㄥ", "iong": "ㄩㄥ", "u": "ㄨ", "ua": "ㄨㄚ", "uo": "ㄨㄛ",
    "uai": "ㄨㄞ", "ui": "ㄨㄟ", "uan": "ㄨㄢ", "un": "ㄨㄣ", "uang": "ㄨㄤ", "ueng": "ㄨㄥ",
    "ü": "ㄩ", "üe": "ㄩㄝ", "üan": "ㄩㄢ", "ün": "ㄩㄣ", "m": "ㄇ", "n": "ㄋ", "ng": "ㄫ", "r": "ㄦ",
}
_ZHUYIN_TONES = {1: "", 2: "ˊ", 3: "ˇ", 4: "ˋ", 5: "˙"}


def syllable_to_zhuyin(syllable: str) -> str:
    """``hang2`` → ``ㄏㄤˊ``; unknown spellings are returned unchanged."""
    m = _SYLLABLE.fullmatch(syllable)
    if not m:
        return syllable
    letters, tone = m.group(1).lower().replace("u:", "ü").replace("v", "ü"), int(m.group(2))
    if letters == "r" and tone == 5:  # erhua 儿 suffix
        return "ㄦ"
    initial = ""
    for spelling, symbol in _ZHUYIN_INITIALS:
        if letters.startswith(spelling) and letters != spelling:
            initial, letters = symbol, letters[len(spelling) :]
            break
    # Spelling rules that hide the medial: y/w initials, ju/qu/xu = jü/qü/xü, zhi/chi/shi/ri/zi/ci/si.
    if not initial:
        if letters.startswith("yu"):
            letters = "ü" + letters[2:]
        elif letters.startswith("yi") or letters.startswith("wu"):
            letters = letters[1:]
        elif letters.startswith("y"):
            letters = "i" + letters[1:]
        elif letters.startswith("w"):
            letters = "u" + letters[1:]
    elif initial in "ㄐㄑㄒ" and letters.startswith("u"):
        letters = "ü" + letters[1:]
    if initial in ("ㄓ", "ㄔ", "ㄕ", "ㄖ", "ㄗ", "ㄘ", "ㄙ") and letters == "i":
        final = ""
    else:
        final = _ZHUYIN_FINALS.get(letters)
        if final is None:
            return syllable
    body = initial + final
    return ("˙" + body) if tone == 5 else body + _ZHUYIN_TONES[tone]


def numbers_to_zhuyin(pinyin: str) -> str:
    """``yin2 hang2`` → ``ㄧㄣˊ ㄏㄤˊ``."""
    return " ".join(syllable_to_zhuyin(s) for s in pinyin.split())
