"""Text normalisation applied to every extracted paragraph.

Annotation offsets are stored against normalised text, so any change to what
:func:`normalize_text` produces must bump :data:`NORMALIZER_VERSION`.
"""

from __future__ import annotations

import re
import unicodedata

#: Version of :func:`normalize_text`; stored with each article.
NORMALIZER_VERSION = 1

# Characters removed: invisible ones that only break matching (zero-width
# space/joiners, word joiner, BOM, soft hyphen), and C0/C1 controls other than
# whitespace (they come from broken encodings or binary junk, never from prose).
_DROP_CHARS = r"\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
_DROP = re.compile(f"[{_DROP_CHARS}]")
_BREAK_CHARS = r"\r\n\u2028\u2029\x0c\x0b\x85"
# Most lines have neither: one scan finds that out.
_HAS_DROP_OR_BREAK = re.compile(f"[{_DROP_CHARS}{_BREAK_CHARS}]")
# Runs of horizontal space are folded first, so the line-break pattern below
# never rescans a long run of spaces (that would be quadratic).
_HSPACE = re.compile(f"[^\\S{_BREAK_CHARS}]+")
_LINE_BREAK = re.compile(f" ?[{_BREAK_CHARS}]+(?: ?[{_BREAK_CHARS}]+)* ?")


def _cjk(char: str) -> bool:
    """CJK ideographs, symbols and punctuation, full-width forms: U+2E80–U+9FFF, U+F900–U+FAFF, U+FF00–U+FFEF, planes 2–3."""
    o = ord(char)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x20000 <= o <= 0x3FFFF


def _join_line(match: re.Match[str]) -> str:
    # A hard line break between two CJK characters is a wrap, not a word
    # boundary: joining with a space would put a space inside a sentence.
    text, start, end = match.string, match.start(), match.end()
    if start > 0 and end < len(text) and _cjk(text[start - 1]) and _cjk(text[end]):
        return ""
    return " "


def normalize_text(text: str) -> str:
    """One paragraph: NFC, invisible/control characters removed, whitespace folded to single spaces, trimmed."""
    text = unicodedata.normalize("NFC", text)
    if _HAS_DROP_OR_BREAK.search(text):  # else the two steps below change only spaces, which the last folds anyway
        text = _DROP.sub("", text)
        text = _LINE_BREAK.sub(_join_line, _HSPACE.sub(" ", text))
    # str.split() cuts at runs of the characters re's \s matches (str.isspace) and drops the ends.
    return " ".join(text.split())


def normalize_paragraphs(paragraphs) -> tuple[str, ...]:
    """Normalise each paragraph and drop the ones left empty."""
    out = []
    for paragraph in paragraphs:
        cleaned = normalize_text(paragraph)
        if cleaned:
            out.append(cleaned)
    return tuple(out)
