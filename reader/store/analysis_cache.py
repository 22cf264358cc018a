"""Each article's analysis stored with it, so that reopening it needs no segmenter or reading engine.

An analysis (tokens, their readings, the simplified form the glosses are
looked up in, sentence spans; :mod:`reader.text.packed`) is stored in the
``article_analysis`` table under a key naming everything it was computed
from: the text (its hash), the normaliser version, the dictionary, the
segmenter and the reading engine (our rules and their libraries' versions)
and the segmentation fixes that apply to the article.  It is used while that
key is the same and computed again (then stored) as soon as any part
changes.  The alignment is stored with the article too (its beads, keyed by
the sentence spans: :meth:`reader.library.Library._build_view`).

A stored analysis is read without importing rjieba, pypinyin or numpy; a new
one is computed with every sentence's readings, on the caller's (worker)
thread, so that the window never reads pinyin itself.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from reader.store.store import Store
from reader.text.analysis import AnalyzedText
from reader.text.dictionary import Dictionary, get_dictionary

Progress = Callable[[float, str], None]


def cache_key(zh_text: str, normalizer_version: str, dictionary_key: str,
              fixes: tuple[frozenset[str], frozenset[tuple[str, int]]], engines: dict[str, str] | None = None) -> str:
    """The key of an analysis: a digest of its text, normaliser, dictionary, engines and segmentation fixes."""
    from reader.text.packed import FORMAT, engine_versions

    merges, splits = fixes
    parts = {
        "format": FORMAT,
        "text": hashlib.sha256(zh_text.encode("utf-8", "surrogatepass")).hexdigest(),
        "normalizer": str(normalizer_version),
        "dictionary": dictionary_key,
        **(engines if engines is not None else engine_versions()),
        "merges": sorted(merges),
        "splits": sorted([word, at] for word, at in splits),
    }
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True).encode("utf-8", "surrogatepass")
                          ).hexdigest()


def is_current(store: Store, article_id: int, zh_text: str, normalizer_version: str,
               dictionary: Dictionary | None = None) -> bool:
    """True when the stored analysis of the article still holds (its key is the one it would get now)."""
    dictionary = dictionary or get_dictionary()
    stored_key = store.analysis_key(article_id)
    return stored_key is not None and stored_key == cache_key(zh_text, normalizer_version, dictionary.key,
                                                              store.seg_fixes(article_id))


def analysed(store: Store, article_id: int, zh_text: str, normalizer_version: str,
             progress: Progress | None = None, dictionary: Dictionary | None = None) -> AnalyzedText:
    """The article's analysis: the stored one when its key still holds, else computed now and stored."""
    from reader.text.packed import unpack

    dictionary = dictionary or get_dictionary()
    fixes = store.seg_fixes(article_id)
    key = cache_key(zh_text, normalizer_version, dictionary.key, fixes)
    stored = store.analysis(article_id)
    if stored is not None and stored[0] == key:
        found = unpack(zh_text, stored[1], dictionary)
        if found is not None:
            return found
    return _analyse_and_store(store, article_id, zh_text, key, fixes, dictionary, progress)


def _analyse_and_store(store: Store, article_id: int, zh_text: str, key: str, fixes, dictionary: Dictionary,
                       progress: Progress | None) -> AnalyzedText:
    from reader.text.analysis import analyze
    from reader.text.packed import pack, unpack
    from reader.text.segment import SegmentationFixes

    if progress is not None:
        progress(0.2, "Analysing the text")
    merges, splits = fixes
    zh = analyze(zh_text, fixes=SegmentationFixes(frozenset(merges), frozenset(splits)), dictionary=dictionary)
    if progress is not None:
        progress(0.35, "Reading the pinyin")
    data = pack(zh)  # reads every sentence's pinyin: the window shows them without reading any itself
    store.set_analysis(article_id, key, data)
    # the stored form read back holds each distinct word and reading once: ~30 MB less for 1 MB of text
    return unpack(zh_text, data, dictionary) or zh
