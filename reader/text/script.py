"""Simplified ⇄ traditional conversion (OpenCC), keeping code-point offsets.

Traditional text is analysed through its simplified form, so the converted
text must have exactly the original's length: OpenCC's phrase tables almost
always map one character to one, and where they do not we fall back to
character-by-character conversion.
"""

from __future__ import annotations

import threading
from functools import lru_cache

_converters: dict[str, object] = {}
_lock = threading.Lock()


def _converter(config: str):
    conv = _converters.get(config)
    if conv is None:
        with _lock:
            import opencc  # opencc-python-reimplemented: pure Python, loads its tables on first use

            conv = _converters.setdefault(config, opencc.OpenCC(config))
    return conv


def _convert_same_length(text: str, config: str) -> str:
    converted = _converter(config).convert(text)
    if len(converted) == len(text):
        return converted
    return "".join(_char(ch, config) for ch in text)


@lru_cache(maxsize=8192)
def _char(ch: str, config: str) -> str:
    out = _converter(config).convert(ch)
    return out if len(out) == 1 else ch


def to_simplified(text: str) -> str:
    """Traditional → simplified, same length as ``text``."""
    return _convert_same_length(text, "t2s")


def to_traditional(text: str) -> str:
    """Simplified → traditional, same length as ``text``."""
    return _convert_same_length(text, "s2t")


def is_traditional(text: str, sample: int = 1000) -> bool:
    """True when ``text`` reads as traditional Chinese (more characters change under
    traditional→simplified than under simplified→traditional)."""
    head = text[:sample]
    if not head:
        return False
    to_s = sum(a != b for a, b in zip(head, to_simplified(head)))
    to_t = sum(a != b for a, b in zip(head, to_traditional(head)))
    return to_s > to_t
