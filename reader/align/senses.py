"""Which dictionary sense a word has in this sentence: the one its English translation uses.

The aligned English sentence (and, better, the English words the word links
point at, reader.align.links) is the evidence: a sense whose content stems
(reader.align.lexicon.sense_stems) include a stem of those English words is
the sense meant.  支部 in 临时党支部 ↔ "temporary Party branch": "branch".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from reader.align.lexicon import en_stem, en_words, sense_stems

_WORD = re.compile(r"[A-Za-z][A-Za-z']*")


@dataclass(frozen=True)
class SenseMatch:
    """The sense the English uses: ``entries[entry].senses[sense]``, through the English word ``english``."""

    entry: int
    sense: int
    text: str  # the sense
    english: str  # the English word that matched
    linked: bool  # found among the word's linked English words (else elsewhere in the partner sentence)


def match_sense(entries: Sequence, english: str, linked_spans: Sequence[tuple[int, int]] = ()) -> SenseMatch | None:
    """The first sense (in dictionary order) translated by the linked English words, else by any word of ``english``.

    ``entries`` have ``.senses``; ``linked_spans`` are offsets in ``english``.
    """
    words = [w for w in en_words(english) if w.content]
    linked = [w for w in words if any(a < w.end and w.start < b for a, b in linked_spans)]
    for group, is_linked in ((linked, True), (words, False)):
        if not group:
            continue
        stems = {w.stem: w for w in group}
        for ei, entry in enumerate(entries):
            for si, sense in enumerate(entry.senses):
                common = sense_stems(sense) & stems.keys()
                if common:
                    # the sense's first word that matched ("branch, … of a political party": branch)
                    hit = next((stems[st] for st in map(en_stem, _WORD.findall(sense)) if st in common),
                               stems[min(common)])
                    return SenseMatch(ei, si, sense, english[hit.start : hit.end], is_linked)
    return None


def order_senses(entries: Sequence, match: SenseMatch | None) -> list:
    """``entries`` with the matched entry first and its matched sense first in it (Entry dataclasses)."""
    out = list(entries)
    if match is None:
        return out
    entry = out.pop(match.entry)
    senses = list(entry.senses)
    senses.insert(0, senses.pop(match.sense))
    return [replace(entry, senses=tuple(senses))] + out
