"""Word frequency ranks: the shipped list of the 50,000 most frequent Chinese words.

``resources/frequency/zh_words.txt.gz`` (derived from wordfreq, CC BY-SA 4.0;
its README says how and why this list).  Rank 1 is the most frequent word;
a word beyond the list has no rank (None).
"""

from __future__ import annotations

import gzip
import threading
from functools import lru_cache

from reader import paths

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _words() -> tuple[str, ...]:
    source = paths.resources_dir() / "frequency" / "zh_words.txt.gz"
    try:
        text = gzip.decompress(source.read_bytes()).decode("utf-8")
    except (OSError, EOFError, UnicodeDecodeError):
        return ()  # a bundle without the list: no ranks, no "top N" seed (refused in one line)
    # C-level passes (no Python frame a line): an article's first figures wait for this (~8 ms, not ~25)
    return tuple(filter(None, map(str.strip, text.splitlines())))


@lru_cache(maxsize=1)
def _ranks() -> dict[str, int]:
    words = _words()
    return dict(zip(words, range(1, len(words) + 1)))


def rank(word: str) -> int | None:
    """The frequency rank of a simplified word (1: most frequent), None beyond the list."""
    with _LOCK:  # the first call builds the table; worker threads may ask at once
        ranks = _ranks()
    return ranks.get(word)


def ranks() -> dict[str, int]:
    """Every ranked word with its rank (the mapping is shared: do not change it)."""
    with _LOCK:
        return _ranks()


def top_words(n: int) -> tuple[str, ...]:
    """The ``n`` most frequent words, most frequent first."""
    return _words()[: max(0, n)]


def list_key() -> str:
    """Names the shipped list as it is now (its size and time): figures stored with its ranks are checked by it."""
    try:
        st = (paths.resources_dir() / "frequency" / "zh_words.txt.gz").stat()
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


def list_size() -> int:
    """How many words the list ranks."""
    return len(_words())
