"""Pinyin spelling: numbered syllables (``yin2 hang2``) to tone marks, zhuyin, tones.

Pure string functions with no dependencies, shared by the dictionary, the
pinyin annotator, the reader window and the Anki export.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

_COMBINING = {1: "\u0304", 2: "\u0301", 3: "\u030c", 4: "\u0300"}
_ZHUYIN_TONE = {1: "", 2: "ˊ", 3: "ˇ", 4: "ˋ"}
_NUMBERED_RE = re.compile(r"^([A-Za-zÜü:]+)([1-5])$")

_INITIALS = (
    ("zh", "ㄓ"), ("ch", "ㄔ"), ("sh", "ㄕ"), ("b", "ㄅ"), ("p", "ㄆ"), ("m", "ㄇ"), ("f", "ㄈ"),
    ("d", "ㄉ"), ("t", "ㄊ"), ("n", "ㄋ"), ("l", "ㄌ"), ("g", "ㄍ"), ("k", "ㄎ"), ("h", "ㄏ"),
    ("j", "ㄐ"), ("q", "ㄑ"), ("x", "ㄒ"), ("r", "ㄖ"), ("z", "ㄗ"), ("c", "ㄘ"), ("s", "ㄙ"),
)  # fmt: skip
_FINALS = {
    "a": "ㄚ", "o": "ㄛ", "e": "ㄜ", "ê": "ㄝ", "ai": "ㄞ", "ei": "ㄟ", "ao": "ㄠ", "ou": "ㄡ",
    "an": "ㄢ", "en": "ㄣ", "ang": "ㄤ", "eng": "ㄥ", "ong": "ㄨㄥ", "er": "ㄦ",
    "i": "ㄧ", "ia": "ㄧㄚ", "io": "ㄧㄛ", "ie": "ㄧㄝ", "iao": "ㄧㄠ", "iu": "ㄧㄡ", "ian": "ㄧㄢ",
    "in": "ㄧㄣ", "iang": "ㄧㄤ", "ing": "ㄧㄥ", "iong": "ㄩㄥ",
    "u": "ㄨ", "ua": "ㄨㄚ", "uo": "ㄨㄛ", "uai": "ㄨㄞ", "ui": "ㄨㄟ", "uan": "ㄨㄢ", "un": "ㄨㄣ",
    "uang": "ㄨㄤ", "ueng": "ㄨㄥ", "ü": "ㄩ", "üe": "ㄩㄝ", "üan": "ㄩㄢ", "ün": "ㄩㄣ",
}  # fmt: skip
# Syllables without an initial are spelt with y/w; a few interjections have no vowel.
_WHOLE = {
    "yi": "ㄧ", "ya": "ㄧㄚ", "yo": "ㄧㄛ", "ye": "ㄧㄝ", "yai": "ㄧㄞ", "yao": "ㄧㄠ", "you": "ㄧㄡ",
    "yan": "ㄧㄢ", "yin": "ㄧㄣ", "yang": "ㄧㄤ", "ying": "ㄧㄥ", "yong": "ㄩㄥ", "yu": "ㄩ",
    "yue": "ㄩㄝ", "yuan": "ㄩㄢ", "yun": "ㄩㄣ", "wu": "ㄨ", "wa": "ㄨㄚ", "wo": "ㄨㄛ",
    "wai": "ㄨㄞ", "wei": "ㄨㄟ", "wan": "ㄨㄢ", "wen": "ㄨㄣ", "wang": "ㄨㄤ", "weng": "ㄨㄥ",
    "m": "ㄇ", "n": "ㄋ", "ng": "ㄫ", "hm": "ㄏㄇ", "hng": "ㄏㄫ", "r": "ㄦ",
}  # fmt: skip
_BARE_I = {"zh", "ch", "sh", "r", "z", "c", "s"}
# Finals written without an initial as they are (others take y/w: "i" is spelt "yi").
_BARE_FINALS = {"a", "o", "e", "ê", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "er"}


@dataclass(frozen=True)
class Syllable:
    """One token of numbered pinyin: ``tone`` is None for tokens that are not syllables."""

    text: str  # tone-marked syllable, or the token as given
    tone: int | None
    zhuyin: str | None


def _normalise_u(body: str) -> str:
    # CC-CEDICT writes ü as "u:"; input methods write "v".
    return body.replace("u:", "ü").replace("U:", "Ü").replace("v", "ü").replace("V", "Ü")


def _mark(body: str, tone: int) -> str:
    if tone not in _COMBINING:
        return body
    lower = body.lower()
    if "a" in lower:
        at = lower.index("a")
    elif "e" in lower:
        at = lower.index("e")
    elif "ou" in lower:
        at = lower.index("o")
    else:
        vowels = [i for i, ch in enumerate(lower) if ch in "iouü"]
        nasals = [i for i, ch in enumerate(lower) if ch in "mn"]
        if vowels:
            at = vowels[-1]
        elif nasals:  # m2 -> ḿ, ng3 -> ňg
            at = nasals[0]
        else:
            return body
    return unicodedata.normalize("NFC", body[: at + 1] + _COMBINING[tone] + body[at + 1 :])


def _zhuyin(body: str, tone: int) -> str | None:
    lower = body.lower()
    if lower == "r" and tone == 5:  # the erhua suffix (花儿 hua1 r5) is written without a tone dot
        return "ㄦ"
    symbols = _WHOLE.get(lower)
    if symbols is None:
        initial, symbol = next(((i, s) for i, s in _INITIALS if lower.startswith(i)), ("", ""))
        rest = lower[len(initial) :]
        if initial in _BARE_I and rest == "i":
            symbols = symbol
        else:
            if initial in ("j", "q", "x") and rest.startswith("u"):
                rest = "ü" + rest[1:]
            final = _FINALS.get(rest)
            if final is None or (not initial and rest not in _BARE_FINALS):
                return None
            symbols = symbol + final
    if tone == 5:
        return "˙" + symbols
    return symbols + _ZHUYIN_TONE[tone]


def parse_numbered(pinyin_numbers: str, with_zhuyin: bool = True) -> list[Syllable]:
    """Split CC-CEDICT pinyin ("yin2 hang2", "nu:3 er2", "A A zhi4") into syllables.

    ``with_zhuyin=False`` leaves ``zhuyin`` None (for tone marks only: cheaper).
    """
    out = []
    for token in pinyin_numbers.split():
        m = _NUMBERED_RE.match(token)
        if not m:
            out.append(Syllable(token, None, None))
            continue
        body, tone = _normalise_u(m.group(1)), int(m.group(2))
        out.append(Syllable(_mark(body, tone), tone, _zhuyin(body, tone) if with_zhuyin else None))
    return out


def join_syllables(syllables: Sequence[Syllable], render) -> str:
    """Join syllables the way pinyin words are written (apostrophe before a/o/e)."""
    parts: list[str] = []
    previous = None
    for syl in syllables:
        piece = render(syl)
        if previous is not None:
            if syl.tone is None or previous.tone is None or syl.text[:1].isupper():
                parts.append(" ")  # capitals start the next word of a name: Qiántáng Jiāng
            elif syl.text[:1].lower() in "aāáǎàoōóǒòeēéěè" and syl.text[:1]:
                parts.append("'")
        parts.append(piece)
        previous = syl
    return "".join(parts)


@lru_cache(maxsize=65536)
def pinyin_marks(pinyin_numbers: str) -> str:
    """Tone-mark pinyin of a word: "yin2 hang2" -> "yínháng", "Xi1 an1" -> "Xī'ān"."""
    return join_syllables(parse_numbered(pinyin_numbers, with_zhuyin=False), lambda s: s.text)




def syllable_to_marks(syllable: str) -> str:
    """``hang2`` → ``háng``; text that is not a numbered syllable is returned as it is."""
    return pinyin_marks(syllable)


def numbers_to_marks(pinyin: str) -> str:
    """``yin2 hang2`` → ``yínháng``; ``Zhe4 jiang1 Sheng3`` → ``Zhèjiāng Shěng``."""
    return pinyin_marks(pinyin)


def numbers_to_zhuyin(pinyin: str) -> str:
    """``yin2 hang2`` → ``ㄧㄣˊ ㄏㄤˊ``."""
    return zhuyin(pinyin)


def syllable_to_zhuyin(syllable: str) -> str:
    """``hang2`` → ``ㄏㄤˊ``; unknown spellings are returned unchanged."""
    return zhuyin(syllable)


_MARKS = {
    "a": "āáǎàa", "e": "ēéěèe", "i": "īíǐìi", "o": "ōóǒòo", "u": "ūúǔùu", "ü": "ǖǘǚǜü",
    "A": "ĀÁǍÀA", "E": "ĒÉĚÈE", "I": "ĪÍǏÌI", "O": "ŌÓǑÒO", "U": "ŪÚǓÙU", "Ü": "ǕǗǙǛÜ",
}  # fmt: skip
_MARKED = {ch: (base, tone + 1) for base, row in _MARKS.items() for tone, ch in enumerate(row[:4])}


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


def zhuyin(pinyin_numbers: str) -> str:
    """Zhuyin (bopomofo) of a word, one group per syllable: "yin2 hang2" -> "ㄧㄣˊ ㄏㄤˊ"."""
    tokens = pinyin_numbers.split()
    syllables = parse_numbered(pinyin_numbers)
    # Tokens that are not syllables (letters, "xx5", punctuation) stay as given.
    return " ".join(s.zhuyin if s.zhuyin is not None else token for token, s in zip(tokens, syllables))


def format_syllables(syllables: tuple[str, ...] | None, style: str = "marks") -> str | None:
    """One token's syllables as ``marks`` (yínháng), ``numbers`` (yin2 hang2, nu:3 er2) or ``zhuyin``."""
    if syllables is None:
        return None
    return _format(" ".join(syllables), style)


@lru_cache(maxsize=65536)
def _format(numbered: str, style: str) -> str:
    if style == "numbers":
        return numbered.replace("ü", "u:")  # CC-CEDICT's (and CPP's) spelling, as in the entries
    if style == "zhuyin":
        return numbers_to_zhuyin(numbered)
    return numbers_to_marks(numbered)
