"""English sentence splitting that survives scraped and machine-translated text.

The seed English shows the damage we must handle: no space after a full stop
(``branch.They``), a closing quote used as an opening one (``role”.”We``),
quotes glued to the next sentence (``organization!”February``).  Besides that
the usual traps: abbreviations (Mr., U.S., p.m., No. 3, Jan.), decimals and
thousands (3.5, 30,000), ellipses, initials (J. K. Rowling), brackets.
"""

from __future__ import annotations

import re

__all__ = ["en_sentence_spans", "split_english"]

_TERMINATORS = ".!?…"
# Quote characters that may close a sentence after its terminator.
_CLOSERS = "”\"’')]}»"
_OPENERS = "“\"‘'([{«"

# Never a sentence end when followed by a word: titles and the like.
_TITLES = frozenset(
    """mr mrs ms dr prof st jr sr rev gen col lt sgt capt cmdr adm gov sen rep pres
    hon fr mt ft ave blvd rd vol fig figs pp ed eds approx dept univ assn bros inc
    ltd co corp vs cf al jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues
    wed thu thur thurs fri sat sun""".split()
)
# Abbreviations that end a sentence only when a typical sentence opener follows.
_AMBIGUOUS = frozenset("etc a.m p.m u.s u.k u.n e.u a.d b.c ph.d i.e e.g no".split())
_SENTENCE_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our my this that these those
    there then but and so yet or if when while after before in on at as for since
    although though however meanwhile now some many most all both each one two no not
    what who why how where which""".split()
)

_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _word_before(text: str, pos: int) -> str:
    """The word (letters and inner dots) ending just before ``text[pos]``."""
    m = _WORD_BEFORE.search(text, max(0, pos - 30), pos)
    return m.group(1) if m else ""


def _next_word(text: str, pos: int) -> str:
    m = re.compile(r"[A-Za-z]+").match(text, pos)
    return m.group(0) if m else ""


def _is_boundary(text: str, term_start: int, term_end: int, next_pos: int, spaced: bool) -> bool:
    """Decide whether the terminator run ``text[term_start:term_end]`` ends a sentence.

    ``next_pos`` is where the next sentence would begin (after quotes/spaces);
    ``spaced`` says whether whitespace separated them.
    """
    n = len(text)
    if next_pos >= n:
        return True
    nxt = text[next_pos]
    run = text[term_start:term_end]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or nxt in "“”\"'‘" or not nxt.isascii() and nxt.isalpha()):
        return False  # lower case, punctuation: the sentence goes on ("Why?" he asked)
    if run != "." and run != "…" and not run.endswith(".."):
        # ? ! ?! — except a quotation closing with ! or ? glued to the text that
        # follows ("approve!”February 3, the committee received ..."): the report
        # of the quotation continues the sentence.
        return spaced or text[term_end:next_pos] == ""
    if run in ("…",) or run.endswith(".."):
        return spaced and not nxt.islower()
    # A single full stop.
    word = _word_before(text, term_start)
    lower = word.lower()
    if nxt.isdigit():
        if not spaced:
            # Decimal 3.5 or version 1.2 — but "competition.32 isolation points"
            # is a lost space after a real word.
            return len(word) >= 3 and word.isalpha() and word.lower() not in _TITLES and word.lower() != "no"
        if lower == "no" or lower in _TITLES:
            return False  # No. 3, Fig. 2
    if not spaced:
        # "branch.They": split only after a real word and before a capitalised word,
        # never inside "U.S.A" or "hangzhou.com.cn" (lower case after the dot).
        after_quote = term_start > 0 and text[term_start - 1] in _CLOSERS
        if not after_quote and (len(word) < 2 or "." in word):
            return False
        if nxt.isupper():
            follow = text[next_pos + 1 : next_pos + 2]
            return bool(follow) and (follow.islower() or follow.isupper() and len(_next_word(text, next_pos)) > 1)
        return True  # a quote or bracket right after the stop: ".”We"
    if lower in _TITLES and nxt.isupper():
        return False
    if lower.rstrip(".") in _AMBIGUOUS or lower in _AMBIGUOUS:
        return _next_word(text, next_pos).lower() in _SENTENCE_OPENERS
    if len(word) == 1 and word.isupper():
        # An initial (J. K. Rowling) — unless a sentence opener follows ("Plan B. The").
        return _next_word(text, next_pos).lower() in _SENTENCE_OPENERS
    if re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        return _next_word(text, next_pos).lower() in _SENTENCE_OPENERS
    return True


def split_english(text: str) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in code points; spans carry no outer whitespace.

    Line breaks always end a sentence (titles, paragraphs).
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    depth = 0  # open double quotes, carried across sentences of one quotation
    i = 0

    def emit(a: int, b: int) -> None:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            spans.append((a, b))

    while i < n:
        ch = text[i]
        if ch == "\n":
            emit(start, i)
            start = i + 1
            depth = 0
            i += 1
            continue
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth > 0:
                depth -= 1
            elif i + 1 < n and text[i + 1].isalnum():
                depth += 1  # a closing quote used to open: ”We are ...
        elif ch == '"':
            if depth > 0 and (i + 1 >= n or not text[i + 1].isalnum()):
                depth -= 1
            elif i + 1 < n and not text[i + 1].isspace():
                depth += 1
        if ch in _TERMINATORS:
            j = i
            while j < n and text[j] in _TERMINATORS:
                j += 1
            # Closing quotes/brackets after the terminator belong to this sentence
            # while a quotation is open; otherwise they open the next one.
            k = j
            d = depth
            while k < n and text[k] in _CLOSERS:
                c = text[k]
                if c in "”\"":
                    if d <= 0 and k + 1 < n and text[k + 1].isalnum():
                        break  # ".”We": this quote opens the next sentence
                    d = max(0, d - 1)
                k += 1
            m = k
            while m < n and text[m] in " \t\r\u00a0\u3000":
                m += 1
            spaced = m > k
            if m < n and text[m] == "\n":
                depth = d
                i = m
                continue
            if _is_boundary(text, i, j, m, spaced):
                emit(start, k)
                start = k
                depth = d
                i = k
                continue
            i = j
            continue
        i += 1
    emit(start, n)
    return spans


def en_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of an English article text: each paragraph (line) split, offsets into the whole text."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.extend((pos + a, pos + b) for a, b in split_english(line))
        pos += len(line) + 1
    return spans
