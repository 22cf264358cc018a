"""Dictionary evidence: which English words could translate a Chinese token.

CC-CEDICT senses are reduced to sets of English *stems* (lower case, light
suffix stripping, a few irregular forms), and English text is reduced the same
way, so "quarantined people" meets 隔离 "to separate; to isolate; quarantine"
and 人员 "staff; crew; personnel".  Proper names are matched by pinyin
(曲玉国 ↔ Qu Yuguo, 钱塘 ↔ Qiantang).

The dictionary and segmenter come from :mod:`reader.text`; both are injectable
(:class:`Lexicon` takes them) so tests and benchmarks can swap them.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Sequence

__all__ = ["Lexicon", "ZhUnit", "EnWord", "en_stem", "en_words", "sense_stems", "get_lexicon"]

EN_STOPWORDS = frozenset(
    """a an the and or but if then so as of at by for from in into on onto to with without
    about above after again against all am are be been being before below between both
    can could did do does doing down during each few further had has have having he her
    here hers herself him himself his how i is it its itself just me more most my myself
    no nor not now off once only other our ours ourselves out over own same she should
    some such than that their theirs them themselves there these they this those through
    too under until up very was we were what when where which while who whom why will
    would you your yours yourself yourselves also s t don shall may might must let
    one ones o oh yes ll ve re d m""".split()
)

# Chinese function words that carry no lexical evidence (or too much noise).
ZH_STOPWORDS = frozenset(
    """的 了 是 在 和 与 及 也 都 就 又 还 而 被 把 将 对 从 向 给 让 使 于 以 之 其 这 那 这个 那个
    这样 那样 这些 那些 个 些 着 过 吗 呢 吧 啊 呀 嘛 么 得 地 很 太 更 最 不 没 没有 有 我 你 他
    她 它 我们 你们 他们 她们 它们 自己 咱们 人家 上 下 里 中 为 因为 所以 但 但是 可是 却 如果
    就是 并 并且 或 或者 等 等等 一 一个 一些 所 者 说 道 来 去 要 会 能 可以 已经 已 正 在于
    吧 罢 罢了 然后 这里 那里 怎么 什么 这么 那么 一样""".split()
)

_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "went": "go", "gone": "go", "goes": "go", "came": "come",
    "saw": "see", "seen": "see", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "got": "get", "gotten": "get", "made": "make", "knew": "know", "known": "know", "thought": "think",
    "felt": "feel", "left": "leave", "found": "find", "ran": "run", "sat": "sit", "stood": "stand",
    "heard": "hear", "held": "hold", "brought": "bring", "bought": "buy", "began": "begin", "begun": "begin",
    "kept": "keep", "met": "meet", "paid": "pay", "lost": "lose", "fell": "fall", "fallen": "fall",
    "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak", "ate": "eat", "eaten": "eat",
    "drank": "drink", "drunk": "drink", "slept": "sleep", "men": "man", "women": "woman", "children": "child",
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "people": "people", "better": "good", "best": "good",
    "worse": "bad", "worst": "bad", "lay": "lie", "lain": "lie", "led": "lead", "sent": "send",
    "spent": "spend", "built": "build", "taught": "teach", "caught": "catch", "fought": "fight",
    "sought": "seek", "understood": "understand", "became": "become", "broke": "break", "broken": "break",
    "chose": "choose", "chosen": "choose", "drove": "drive", "driven": "drive", "flew": "fly", "flown": "fly",
    "forgot": "forget", "forgotten": "forget", "froze": "freeze", "grew": "grow", "grown": "grow",
    "hid": "hide", "hidden": "hide", "hung": "hang", "hurt": "hurt", "laid": "lay", "lit": "light",
    "meant": "mean", "rode": "ride", "rose": "rise", "risen": "rise", "sang": "sing", "sung": "sing",
    "sank": "sink", "shook": "shake", "shot": "shoot", "shut": "shut", "slid": "slide", "sold": "sell",
    "stole": "steal", "stolen": "steal", "struck": "strike", "swam": "swim", "swore": "swear", "threw": "throw",
    "thrown": "throw", "woke": "wake", "wore": "wear", "worn": "wear", "won": "win", "wound": "wind",
    "dying": "die", "died": "die", "lying": "lie", "lied": "lie", "ties": "tie", "tied": "tie", "wives": "wife",
    "lives": "life", "knives": "knife", "leaves": "leaf", "halves": "half", "thieves": "thief",
    "dug": "dig", "fed": "feed", "fled": "flee", "bit": "bite", "bitten": "bite", "blew": "blow",
    "drew": "draw", "drawn": "draw", "dreamt": "dream", "felled": "fell", "swept": "sweep", "wept": "weep",
    "bent": "bend", "lent": "lend", "burnt": "burn", "leapt": "leap", "knelt": "kneel", "spat": "spit",
}

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*")


@lru_cache(maxsize=200_000)
def en_stem(word: str) -> str:
    """A crude stem that maps inflected forms together: plurals, -ed, -ing, -ly, case."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    n = len(w)
    if n > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif n > 4 and w.endswith("ied"):
        w = w[:-3] + "y"
    elif n > 3 and w.endswith("sses"):
        w = w[:-2]
    elif n > 4 and w.endswith("es") and w[-3] in "sxz" or n > 4 and w.endswith(("ches", "shes")):
        w = w[:-2]
    elif n > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    elif n > 5 and w.endswith("ing"):
        w = w[:-3]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    elif n > 4 and w.endswith("ed"):
        w = w[:-2]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    elif n > 5 and w.endswith("ly"):
        w = w[:-2]
    # Derivations that CC-CEDICT glosses by the verb: isolation/isolate, management/manage.
    if len(w) > 7 and w.endswith("ization"):
        w = w[:-5]
    elif len(w) > 6 and w.endswith("ation"):
        w = w[:-3]
    elif len(w) > 6 and w.endswith("tion"):
        w = w[:-3]
    elif len(w) > 7 and w.endswith("ment"):
        w = w[:-4]
    elif len(w) > 6 and w.endswith("ness"):
        w = w[:-4]
    elif len(w) > 6 and w.endswith(("ful", "ous")):
        w = w[:-3]
    elif len(w) > 6 and w.endswith("ity"):
        w = w[:-3]
    elif len(w) > 5 and w.endswith(("er", "or")) and not w.endswith(("eer", "oor")):
        w = w[:-2]
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # move/moved/moving all become "mov"
    return w


@dataclass(frozen=True, slots=True)
class EnWord:
    """One English word of a sentence: where it is, its stem, whether it is a content word."""

    start: int
    end: int
    stem: str
    content: bool
    capital: bool


def en_words(text: str) -> list[EnWord]:
    """Words of an English text with stems; stopwords are kept but marked ``content=False``."""
    out = []
    for m in _WORD.finditer(text):
        w = m.group(0)
        low = w.lower().replace("’", "'")
        base = low.split("'")[0]
        content = base not in EN_STOPWORDS and not w[0].isdigit() and len(base) > 1
        out.append(EnWord(m.start(), m.end(), en_stem(w), content, w[0].isupper()))
    return out


_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|\S+\|\S+|\S*[\u3400-\u9fff]\S*")
_SKIP_SENSE = re.compile(r"^(?:(?:old |archaic |japanese |erhua )?variant of|see |surname |abbr\. for|also written|used in|CL:|classifier for|Taiwan pr\.|pr\. )", re.I)
_SENSE_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")


@lru_cache(maxsize=100_000)
def sense_stems(sense: str) -> frozenset[str]:
    """Content stems of one CC-CEDICT sense ("to isolate (sb)" → {"isolat"})."""
    if _SKIP_SENSE.match(sense):
        return frozenset()
    s = _PAREN.sub(" ", sense)
    out = set()
    for w in _SENSE_WORD.findall(s):
        for part in w.split("-"):
            low = part.lower()
            if low and low not in EN_STOPWORDS and len(low) > 1 and low not in ("sth", "sb", "etc", "lit", "fig", "esp", "usu"):
                out.add(en_stem(part))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class ZhUnit:
    """A Chinese token with its evidence: English stems it may translate to, pinyin keys."""

    start: int
    end: int
    stems: frozenset[str]
    pinyin: frozenset[str]


def _toneless(pinyin_numbers: str) -> list[str]:
    return [re.sub(r"[0-9]", "", s).lower().replace("u:", "v").replace("ü", "v") for s in pinyin_numbers.split()]


class Lexicon:
    """Turns Chinese text into :class:`ZhUnit` s, using an injectable dictionary and segmenter.

    ``entries(word)`` returns objects with ``.senses`` and ``.pinyin_numbers``;
    ``segment(text)`` returns tokens with ``.text``, ``.start``, ``.end``, ``.kind``.
    ``normalize`` maps text to the simplified script without changing its length.
    """

    def __init__(self, entries: Callable[[str], Sequence], segment: Callable[[str], Sequence], normalize: Callable[[str], str] | None = None):
        self._entries = entries
        self._segment = segment
        self._normalize = normalize
        self._word_cache: dict[str, tuple[frozenset[str], frozenset[str], bool]] = {}

    def word_evidence(self, word: str) -> tuple[frozenset[str], frozenset[str], bool]:
        """(stems, pinyin keys, known) for one token; unknown words fall back to their parts."""
        cached = self._word_cache.get(word)
        if cached is not None:
            return cached
        entries = self._entries(word)
        stems: set[str] = set()
        for e in entries:
            for sense in e.senses:
                stems |= sense_stems(sense)
        known = bool(entries)
        if not entries and len(word) > 1:
            # Not a headword (jieba's guess or a name): use its greedy dictionary parts.
            i = 0
            while i < len(word):
                for j in range(len(word), i, -1):
                    sub = self._entries(word[i:j])
                    if sub or j == i + 1:
                        for e in sub:
                            for sense in e.senses:
                                stems |= sense_stems(sense)
                        i = j
                        break
        result = (frozenset(stems), self._pinyin_keys(word), known)
        self._word_cache[word] = result
        return result

    def _readings(self, ch: str) -> list[str]:
        seen: list[str] = []
        for e in self._entries(ch):
            syl = _toneless(e.pinyin_numbers)
            if len(syl) == 1 and syl[0] not in seen:
                seen.append(syl[0])
        return seen[:3]

    def _pinyin_keys(self, word: str) -> frozenset[str]:
        """Toneless pinyin spellings of a word (and, for names, surname / given name)."""
        # Single characters would match English words by accident (区 "qu").
        if len(word) < 2 or len(word) > 4:
            return frozenset()
        per_char = [self._readings(ch) for ch in word]
        if not all(per_char):
            return frozenset()
        keys = set()
        for combo in itertools.islice(itertools.product(*per_char), 8):
            keys.add("".join(combo))
            if len(combo) in (3, 4):
                keys.add(combo[0])
                keys.add("".join(combo[1:]))
        return frozenset(keys)

    def units(self, text: str) -> list[ZhUnit]:
        """Content tokens of ``text`` with their evidence (offsets into ``text``)."""
        norm = self._normalize(text) if self._normalize else text
        out = []
        for tok in self._segment(norm):
            if tok.kind != "han" or tok.text in ZH_STOPWORDS:
                continue
            stems, pinyin, _known = self.word_evidence(tok.text)
            if stems or pinyin:
                out.append(ZhUnit(tok.start, tok.end, stems, pinyin))
        return out


_LEXICON: Lexicon | None = None


def get_lexicon() -> Lexicon:
    """The process-wide lexicon backed by :mod:`reader.text`."""
    global _LEXICON
    if _LEXICON is None:
        from reader.text.dictionary import get_dictionary
        from reader.text.segment import segment

        dictionary = get_dictionary()
        try:
            from reader.text.script import to_simplified
        except ImportError:  # pragma: no cover - the text core always ships it
            to_simplified = None

        def normalize(text: str) -> str:
            simple = to_simplified(text) if to_simplified else text
            # Offsets must survive: only accept a conversion that keeps the length.
            return simple if len(simple) == len(text) else text

        _LEXICON = Lexicon(dictionary.entries, segment, normalize)
    return _LEXICON
