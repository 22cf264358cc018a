"""Numbers as alignment evidence: the same value written the Chinese or the English way.

Both extractors return normalised keys (strings) so a bead can compare sets:
``3万`` and ``30,000`` give ``"30000"``; ``2月3日`` and ``February 3`` give
``"m2"`` and ``"3"``; ``九点`` gives ``"9"``; ``60后`` and ``60s`` give ``"60"``;
``四五岁`` and "four or five" give ``"4"`` and ``"5"``; ``六十多年`` and "six decades"
give ``"60"``; ``三两`` (taels) gives ``"3"``, not 32.
The value 1 is dropped on both sides: 一 and "one"/"a" are everywhere and prove nothing.
"""

from __future__ import annotations

import re

__all__ = ["zh_numbers", "en_numbers"]

_ZH_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_ZH_BIG_UNITS = {"万": 10_000, "亿": 100_000_000}
_ZH_NUM_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_SMALL_UNITS) + "".join(_ZH_BIG_UNITS)
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

_ZH_RUN = re.compile(r"(\d+(?:[.,]\d+)*)?([" + _ZH_NUM_CHARS + r"]*)(月)?")


def _fmt(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:g}"


def _parse_zh_numeral(s: str) -> float | None:
    """Value of a Chinese numeral like 三千五百 or 二〇二二 (None if it has no digit)."""
    if not any(c in _ZH_DIGITS for c in s) and s not in ("十",):
        return None
    if all(c in _ZH_DIGITS for c in s):
        if len(s) == 1:
            return float(_ZH_DIGITS[s])
        return float("".join(str(_ZH_DIGITS[c]) for c in s))  # 二〇二二 → 2022
    total, section, number = 0.0, 0.0, 0.0
    for c in s:
        if c in _ZH_DIGITS:
            number = _ZH_DIGITS[c]
        elif c in _ZH_SMALL_UNITS:
            section += (number or 1) * _ZH_SMALL_UNITS[c]
            number = 0
        else:
            unit = _ZH_BIG_UNITS[c]
            total = (total + section + number) * unit
            section = number = 0
    return total + section + number


def _approximate(chinese: str) -> list[float] | None:
    """Values of "N or N+1" written as two neighbouring digits: 四五 (岁), 七八十, 十七八, 三四百.

    (Years written digit by digit, 二〇一三, have no such pair of neighbours.)
    """
    for k in range(len(chinese) - 1):
        a, b = chinese[k], chinese[k + 1]
        if a in _ZH_DIGITS and b in _ZH_DIGITS and _ZH_DIGITS[b] == _ZH_DIGITS[a] + 1 and _ZH_DIGITS[a] > 0:
            head, tail = chinese[:k], chinese[k + 2 :]
            # The pair stands alone, ends a number (十七八), or takes one unit (七八十, 三四百).
            if (head == "" or head[-1] in _ZH_SMALL_UNITS) and (tail == "" or tail in _ZH_SMALL_UNITS or tail in _ZH_BIG_UNITS):
                values = []
                for c in (a, b):
                    v = _parse_zh_numeral(head + c + tail)
                    if v is not None:
                        values.append(v)
                return values
    return None


def zh_numbers(text: str) -> tuple[str, ...]:
    """Normalised number keys found in Chinese text (Arabic or Chinese numerals)."""
    text = text.translate(_FULLWIDTH)
    keys: list[str] = []
    for m in _ZH_RUN.finditer(text):
        arabic, chinese, month = m.group(1), m.group(2), m.group(3)
        if not arabic and not chinese:
            continue
        # 两 after a numeral is the measure word (tael: 三两银子, 二十两), not 2.
        cut = chinese.find("两", 0 if arabic else 1)
        if cut >= 0:
            chinese, month = chinese[:cut], None
            if not arabic and not chinese:
                continue
        value: float | None
        if not arabic:
            approx = _approximate(chinese)
            if approx is not None:
                keys.extend(_fmt(v) for v in approx if v != 1)
                continue
        if arabic:
            try:
                value = float(arabic.replace(",", ""))
            except ValueError:
                continue
            big = 1
            for c in chinese:
                if c in _ZH_BIG_UNITS:
                    big *= _ZH_BIG_UNITS[c]
                elif c in _ZH_SMALL_UNITS and big == 1:
                    big *= _ZH_SMALL_UNITS[c]
            value *= big
        else:
            value = _parse_zh_numeral(chinese)
        if value is None:
            continue
        if month and 1 <= value <= 12 and value == int(value):
            keys.append(f"m{int(value)}")  # 1月 is January: a month, even the first
        elif value != 1:
            keys.append(_fmt(value))
    return tuple(keys)


_EN_ONES = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "zero": 0, "one": 1, "dozen": 12,
}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_EN_ORDINALS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10, "eleventh": 11, "twelfth": 12, "twentieth": 20, "hundredth": 100,
}
_EN_SCALES = {
    "hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
# After a cardinal: "six decades" is 60 (years), "two centuries" 200.
_EN_SPANS = {"decades": 10, "centuries": 100}
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        "january february march april may june july august september october november december".split()
    )
}
_EN_TOKEN = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:s|st|nd|rd|th)?|[A-Za-z]+(?:-[A-Za-z]+)?")


def en_numbers(text: str) -> tuple[str, ...]:
    """Normalised number keys found in English text (digits, number words, months)."""
    keys: list[str] = []
    words = _EN_TOKEN.findall(text)
    i = 0
    while i < len(words):
        w = words[i]
        lw = w.lower()
        value: float | None = None
        if w[0].isdigit():
            num = re.match(r"\d+(?:,\d{3})*(?:\.\d+)?", w)
            assert num is not None  # _EN_TOKEN's words that start with a digit start with this
            value = float(num.group(0).replace(",", ""))
        elif lw in _MONTHS and (w[0].isupper()) and lw != "may" or lw == "may" and i + 1 < len(words) and words[i + 1][0].isdigit():
            keys.append(f"m{_MONTHS[lw]}")
            i += 1
            continue
        elif lw in _EN_ORDINALS:
            value = float(_EN_ORDINALS[lw])
        else:
            # "twenty-five", and number words leading a compound: "five-year", "two-day".
            parts = lw.split("-")
            lead = []
            for part in parts:
                if part not in _EN_ONES and part not in _EN_TENS:
                    break
                lead.append(part)
            if lead:
                value = float(sum(_EN_ONES.get(p, 0) + _EN_TENS.get(p, 0) for p in lead))
        if value is None:
            i += 1
            continue
        # "3.5 million", "three hundred", "thirty thousand", "1.3-billion-plus"
        cardinal = not (lw in _EN_ORDINALS or w[0].isdigit() and w[-1].isalpha())  # not "18th", "third"
        j = i + 1
        while j < len(words) and words[j].lower().split("-")[0] in _EN_SCALES:
            value *= _EN_SCALES[words[j].lower().split("-")[0]]
            j += 1
        if cardinal and j < len(words) and words[j].lower() in _EN_SPANS:
            value *= _EN_SPANS[words[j].lower()]
            j += 1
        i = j
        if value != 1:
            keys.append(_fmt(value))
    return tuple(keys)
