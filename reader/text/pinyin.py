"""Pinyin in context: every polyphonic character decided with evidence.

Word-level evidence first, a model for the rest:

* a multi-character CC-CEDICT headword with exactly one reading is read that
  way (相片 xiàngpiàn, 都城 dūchéng), except proper names (capitalised, not
  HSK words: 勃艮第, 帖木儿), whose readings CC-CEDICT gets wrong most often:
  there the reading is a prior the model may overrule;
* a personal name found by the segmenter takes the surname's reading
  (曲玉国 Qū, 解缙 Xiè, 单田芳 Shàn); words that merely start with those
  characters (曲折, 单位, 解决) are no names and are read as words;
* a character the segmenter left alone inside a pypinyin phrase (还 | 钱 in
  还钱, 挑 in 肩挑) takes the phrase's reading;
* every other one of the 791 polyphonic characters of g2pM's table is read by
  g2pM's BiLSTM (:mod:`reader.text.polyphone_model`) over the whole sentence;
  the rest have one reading (pypinyin's).

Measured on the CPP dev split (``benchmarks/bench_pinyin.py``): 97.7 %, against
the model alone 97.4 %, pypinyin 87.5 % and the previous pypinyin + CC-CEDICT
reading 89.0 %.  The rules are general ones; the single weight was picked on
dev and is the same on both of its halves.

Tones: citation tones, as CPP labels them, and the same in the popup, the
pinyin above the characters and Anki (they all read these syllables): no 一/不
or third-tone sandhi (一肩挑 yī jiān tiāo, 不去 bù qù).  Neutral tones where
the character has one of its own (了 le, 着 zhe, 子 zi) or CC-CEDICT writes one on
a character that is no polyphone (喜欢 xǐhuan); where CC-CEDICT writes a neutral
tone a polyphone has no reading for (衣服 fu5: 服 is fú or fù), the model
chooses among that syllable's full tones (yīfú), as CPP does.  CC-CEDICT's
capitals mark proper names (Chóngqìng), and names are capitalised.

Without g2pM (or numpy) the readings come from pypinyin's phrase context on
each whole run of Han characters, with the same dictionary and name readings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache

from pypinyin import Style
from pypinyin import pinyin as _pypinyin
from pypinyin.phrases_dict import phrases_dict as _PHRASES

from reader.text.dictionary import Dictionary, get_dictionary
from reader.text.pinyin_format import format_syllables, marks_to_numbers
from reader.text.polyphone_model import get_model
from reader.text.segment import Token, is_han

#: How much more a prior (the reading CC-CEDICT gives a proper name, pypinyin a phrase)
#: counts than the model's choice, as a log-probability bonus: the model overrules it only
#: when it finds it e^6 ≈ 400 times less likely.  Picked on CPP dev, where 2-fold
#: cross-validation chose the same value on both halves.
PRIOR_WEIGHT = 6.0
_FLOOR = 1e-4  # the model's probabilities are floored here: a prior can beat a "certain" model

_VALID = re.compile(r"[a-zü]+[1-5]|[mnr]\d?")


@lru_cache(maxsize=4096)
def _numbered(marked: str) -> str | None:
    """pypinyin's tone-marked syllable → ``hang2``; None for what is not a syllable."""
    numbered = marks_to_numbers(marked.lower())
    return numbered if _VALID.fullmatch(numbered) else None


def _each(text: str) -> str:
    """pypinyin's ``errors`` hook: characters without a reading become items of their own.

    Typed as pypinyin's stubs want; pypinyin takes the list it really returns.
    """
    return list(text)  # type: ignore[return-value]


def _span_syllables(span: str, dictionary: Dictionary) -> list[str | None]:
    """Numbered syllables, one per character of ``span`` (None for non-Han characters).

    One pypinyin call for the whole span, so phrases are read in context; the
    ``errors`` hook makes every character its own item, which keeps the
    result aligned with the text character by character.
    """
    raw = _pypinyin(span, style=Style.TONE, errors=_each)
    if len(raw) != len(span):  # never misalign: fall back to one call per character
        raw = [_pypinyin(ch, style=Style.TONE, errors=_each)[0] for ch in span]
    out: list[str | None] = []
    for ch, (syllable,) in zip(span, raw):
        if syllable == ch:
            # no reading from pypinyin (punctuation, or a rare extension character)
            entries = dictionary.entries(ch) if is_han(ch) else ()
            out.append(entries[0].pinyin_numbers.lower().replace("u:", "ü") if entries else None)
        else:
            out.append(_numbered(syllable))
    return out


def _capitalise(syllables: Sequence[str | None]) -> list[str | None]:
    return [s[:1].upper() + s[1:] if s else s for s in syllables]


@lru_cache(maxsize=65536)
def _dictionary_reading(word: str, dictionary: Dictionary) -> tuple[str, ...] | None:
    """The reading of a multi-character headword when CC-CEDICT gives exactly one."""
    readings = {e.pinyin_numbers.replace("u:", "ü") for e in dictionary.entries(word)}
    if len({r.lower() for r in readings}) != 1:
        return None
    # lower and capitalised forms of one reading (a common word that is also a name) count once
    reading = max(readings)  # lower case sorts last: prefer the common word over the name
    syllables = tuple(reading.split())
    return syllables if len(syllables) == len(word) else None


@lru_cache(maxsize=65536)
def _only_a_name(ch: str, dictionary: Dictionary) -> bool:
    """A single character CC-CEDICT knows only as a proper name."""
    entries = dictionary.entries(ch)
    return bool(entries) and all(e.is_proper_name for e in entries)


def _surname_reading(ch: str, dictionary: Dictionary) -> str | None:
    """The one reading CC-CEDICT gives ``ch`` as a surname (单 shan4), or None."""
    surname = [e.pinyin_numbers for e in dictionary.entries(ch) if e.is_proper_name and "surname" in " ".join(e.senses)]
    if len(set(surname)) == 1 and len(surname[0].split()) == 1:
        return surname[0].lower().replace("u:", "ü")
    return None


def _name_reading(word: str, syllables: list[str | None], dictionary: Dictionary) -> list[str | None]:
    """A personal name: surname reading from CC-CEDICT, both parts capitalised."""
    out = list(syllables)
    surname = _surname_reading(word[0], dictionary)
    if surname:
        out[0] = surname
    return _capitalise_name(out)


def _capitalise_name(out: list) -> list:
    for i in (0, 1):  # surname and given name: Qū Yùguó
        if len(out) > i and out[i]:
            out[i] = out[i][:1].upper() + out[i][1:]
    return out


@lru_cache(maxsize=16384)
def _char_reading(ch: str, dictionary: Dictionary) -> str | None:
    """A character's reading out of context: pypinyin's first, else CC-CEDICT's first."""
    (syllable,) = _pypinyin(ch, style=Style.TONE, errors=_each)[0]
    if syllable != ch:
        return _numbered(syllable)
    entries = dictionary.entries(ch) if is_han(ch) else ()
    return entries[0].pinyin_numbers.lower().replace("u:", "ü") if entries else None


def token_syllables(
    text: str, tokens: Sequence[Token], dictionary: Dictionary | None = None
) -> list[tuple[str, ...] | None]:
    """Numbered syllables per token (``("yin2", "hang2")``); None for non-Han tokens.

    Token offsets index ``text``; the tokens should be one sentence (or less),
    which is read in one piece.
    """
    return sentences_syllables(text, [tokens], dictionary)[0]


def sentences_syllables(
    text: str, sentences: Sequence[Sequence[Token]], dictionary: Dictionary | None = None
) -> list[list[tuple[str, ...] | None]]:
    """:func:`token_syllables` for many sentences at once (the model reads them in one batch)."""
    dictionary = dictionary or get_dictionary()
    model = get_model()
    if model is None:
        return [_pypinyin_syllables(text, tokens, dictionary) for tokens in sentences]
    results: list[list[tuple[str, ...] | None]] = []
    pending = []  # (sentence, token index, context offset of the token, its plan) for the model to settle
    contexts: list[str] = []
    positions: list[list[int]] = []
    for tokens in sentences:
        out: list[tuple[str, ...] | None] = [None] * len(tokens)
        results.append(out)
        start = tokens[0].start if tokens else 0
        context = text[start : tokens[-1].end] if tokens else ""  # the whole sentence, as g2pM was trained
        asked: list[int] = []
        for k, token in enumerate(tokens):
            if token.kind != "han":
                continue
            word = text[token.start : token.end]  # the simplified form of traditional input
            plan = _word_plan(word, token.name, dictionary)
            syllables, priors, open_at, by_phrase, capital = plan
            at = token.start - start
            if by_phrase:
                phrase = _phrase_reading(context, at)
                if phrase:
                    syllables, open_at = (phrase[:1].upper() + phrase[1:] if capital else phrase,), ()
            out[k] = syllables
            if open_at:
                asked.extend(at + j for j in open_at)
                pending.append((len(contexts), k, at, plan))
        contexts.append(context)
        positions.append(asked)
    if pending:
        found = model.probabilities(contexts, positions)
        by_position = [dict(zip(p, f)) for p, f in zip(positions, found)]
        for n, k, at, (syllables, priors, open_at, _, capital) in pending:
            heard = by_position[n]
            decided = list(syllables)
            for j in open_at:
                candidates = heard.get(at + j)
                if candidates:
                    decided[j] = _decide(candidates, priors[j])
            if capital:
                decided = _capitalise_name(decided) if capital == "name" else _capitalise(decided)
            results[n][k] = tuple(decided)
    return results


@lru_cache(maxsize=65536)
def _word_plan(word: str, name: bool, dictionary: Dictionary) -> tuple:
    """What a token's reading starts from, whatever its sentence: (syllables, priors,
    the indices the model is asked about, whether pypinyin's phrases around it decide it,
    its capitals: "name", True for a character known only as a name, or False)."""
    model = get_model()
    polyphones = model.readings if model is not None else {}
    syllables = [_char_reading(ch, dictionary) for ch in word]
    priors: list[str | None] = [None] * len(word)
    settled = [ch not in polyphones for ch in word]  # readings the model is not asked about
    if name:
        priors[0] = _surname_reading(word[0], dictionary)
        if priors[0]:
            syllables[0] = priors[0]
            # the segmenter's names are tagged names (nr): the model, which rarely saw a
            # surname read apart from the word (解缙 jiě 1 - 1e-19), does not overrule them;
            # on CPP dev 97.7 % against 97.7 % + 0.07 when two-character names are left to it
            settled[0] = True
    elif len(word) > 1:
        reading = _dictionary_reading(word, dictionary)
        certain = reading is not None and _certain_word(word, reading, dictionary)
        reading = reading or _phrase_word_reading(word)
        if reading:
            syllables = list(reading)
            priors = list(reading)
            if certain:
                # a neutral tone the character cannot have on its own (衣服 fu5: 服 is fu2
                # or fu4) is left to the model, among that syllable's tones: CPP's citation
                # tones; a neutral reading of its own (儿子 zi5, 了 le5) is kept
                settled = [
                    ch not in polyphones or not _foreign_neutral(syllable, polyphones[ch])
                    for ch, syllable in zip(word, reading)
                ]
    open_at = tuple(j for j in range(len(word)) if not settled[j])
    capital = "name" if name else (len(word) == 1 and _only_a_name(word, dictionary))
    if capital == "name":
        syllables = _capitalise_name(syllables)
    elif capital:
        syllables = _capitalise(syllables)
    by_phrase = len(word) == 1 and not name and bool(open_at)
    return tuple(s or "" for s in syllables), tuple(priors), open_at, by_phrase, capital


@lru_cache(maxsize=65536)
def _certain_word(word: str, reading: tuple[str, ...], dictionary: Dictionary) -> bool:
    """An ordinary word's one CC-CEDICT reading is taken as it is, without asking the model.

    Only proper names (capitalised readings that are not HSK words: 勃艮第, 帖木儿,
    德累斯顿) are left to the model's judgement: that is where CC-CEDICT's readings are
    least reliable.  Trusting ordinary words outright keeps 了解 liǎojiě, 相片 xiàngpiàn,
    都城 dūchéng in short sentences the model (trained on long encyclopaedia sentences)
    reads wrong with confidence, for 0.1 point on CPP dev against letting it overrule every word.
    """
    if not any(s[:1].isupper() for s in reading):
        return True
    return any(e.hsk2 or e.hsk3 for e in dictionary.entries(word))


@lru_cache(maxsize=16384)
def _phrase_word_reading(word: str) -> tuple[str, ...] | None:
    """pypinyin's reading of a whole phrase (a prior for words CC-CEDICT reads several ways)."""
    readings = _PHRASES.get(word)
    if not readings or len(readings) != len(word):
        return None
    syllables = tuple(_numbered(r[0]) or "" for r in readings)
    return syllables if all(syllables) else None


def _phrase_reading(context: str, at: int) -> str | None:
    """The reading of ``context[at]`` in the pypinyin phrases (2–4 characters) that cover it,
    when they agree: the segmenter cut 还 | 钱, pypinyin knows 还钱 huánqián.

    Word-level evidence the model does not overrule (it reads 肩挑 tiǎo with 99.9 %
    confidence); on CPP dev this costs 0.04 points against leaving it to the model.
    """
    found = set()
    for length in (2, 3, 4):
        for a in range(max(0, at - length + 1), min(at, len(context) - length) + 1):
            readings = _PHRASES.get(context[a : a + length])
            if readings and len(readings) == length:
                found.add(readings[at - a][0])
    if len(found) != 1:
        return None
    return _numbered(found.pop())


def _foreign_neutral(syllable: str, readings: list[str]) -> bool:
    """A neutral-tone syllable that is not among the character's own ``readings``."""
    return syllable.endswith("5") and syllable.lower().replace("ü", "u:") not in readings


def _decide(candidates: dict[str, float], prior: str | None) -> str:
    """The model's reading, unless the prior is within e^PRIOR_WEIGHT of it (case kept from the prior).

    A prior that is not among the candidates still says which syllable it is:
    the model then only chooses its tone (知识 shi5 → shi2, not zhi4).
    """
    heard = prior.lower().replace("ü", "u:") if prior else None
    if heard and heard not in candidates:
        same = {c: p for c, p in candidates.items() if c[:-1] == heard[:-1]}
        candidates = same or candidates
    best = max(candidates, key=candidates.__getitem__)
    if heard is None:
        return best.replace("u:", "ü")
    if (
        heard != best
        and heard in candidates
        and (math.log(max(candidates[heard], _FLOOR)) + PRIOR_WEIGHT >= math.log(max(candidates[best], _FLOOR)))
    ):
        best = heard
    if best == heard or prior is None:
        return prior or best
    best = best.replace("u:", "ü")
    return best[:1].upper() + best[1:] if prior[:1].isupper() else best


def _pypinyin_syllables(text: str, tokens: Sequence[Token], dictionary: Dictionary) -> list[tuple[str, ...] | None]:
    """Readings without the model: pypinyin's phrase context, dictionary words and names."""
    result: list[tuple[str, ...] | None] = [None] * len(tokens)
    han = [i for i, t in enumerate(tokens) if t.kind == "han"]
    if not han:
        return result
    start = tokens[han[0]].start
    syllables = _span_syllables(text[start : tokens[han[-1]].end], dictionary)
    for k in han:
        token = tokens[k]
        mine = syllables[token.start - start : token.end - start]
        # looked up in ``text`` (the simplified form of traditional input), not token.text
        word = text[token.start : token.end]
        if token.name:
            mine = _name_reading(word, mine, dictionary)
        elif len(word) > 1:
            mine = list(_dictionary_reading(word, dictionary) or mine)
        elif _only_a_name(word, dictionary):
            mine = _capitalise(mine)
        result[k] = tuple(s or "" for s in mine)
    return result


def pinyin_for_tokens(
    text: str, tokens: Sequence[Token], style: str = "marks", dictionary: Dictionary | None = None
) -> list[str | None]:
    """Pinyin per token in ``style`` (see :func:`format_syllables`); None for non-Han tokens."""
    return [format_syllables(s, style) for s in token_syllables(text, tokens, dictionary)]
