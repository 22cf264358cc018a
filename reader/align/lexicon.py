"""Dictionary evidence: which English words could translate a Chinese token.

CC-CEDICT senses are reduced to sets of English *stems* (lower case, light
suffix stripping, a few irregular forms, derivational families), and English
text is reduced the same way, so "quarantined people" meets 隔离 "to separate;
to isolate; quarantine" and 人员 "staff; crew; personnel", and "social" meets
社会 "society".  Determiners (every, any, many ...) carry no evidence, like
"all" and "each".  Proper names are matched by pinyin (曲玉国 ↔ Qu Yuguo,
钱塘 ↔ Qiantang), also when the segmenter cut the name into single characters
(郑 柏 舟 ↔ Zheng Baizhou) and when the English adds a possessive (Baizhou's).

The dictionary and segmenter come from :mod:`reader.text`; both are injectable
(:class:`Lexicon` takes them) so tests and benchmarks can swap them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

__all__ = ["Lexicon", "ZhUnit", "EnWord", "en_stem", "en_words", "name_spelling", "sense_stems", "get_lexicon"]

EN_STOPWORDS = frozenset(
    """a an the and or but if then so as of at by for from in into on onto to with without
    about above after again against all am are be been being before below between both
    can could did do does doing down during each few further had has have having he her
    here hers herself him himself his how i is it its itself just me more most my myself
    no nor not now off once only other our ours ourselves out over own same she should
    some such than that their theirs them themselves there these they this those through
    too under until up very was we were what when where which while who whom why will
    would you your yours yourself yourselves also s t don shall may might must let
    every any many much another either neither several
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

# Nationality adjectives meet their country (中国 "China" ↔ "Chinese people").
_DEMONYMS = {
    "chinese": "china", "japanese": "japan", "korean": "korea", "american": "america", "british": "britain",
    "english": "england", "french": "france", "german": "germany", "russian": "russia", "indian": "india",
    "african": "africa", "european": "europe", "asian": "asia", "vietnamese": "vietnam", "italian": "italy",
    "spanish": "spain", "canadian": "canada", "australian": "australia", "mexican": "mexico",
    "egyptian": "egypt", "mongolian": "mongolia", "tibetan": "tibet", "taiwanese": "taiwan",
}
# Words that look inflected or derived but are not (news ≠ new, business ≠ busy).
_KEEP = frozenset({"news", "series", "species", "business"})

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*|\d+(?:[.,]\d+)*")


def _derive(w: str) -> str:
    """One derivational step towards the root of ``w`` (``w`` itself when none applies).

    The rules leave a root of about four letters or more, so short words stay whole.
    """
    n = len(w)
    if n > 7 and w.endswith("ization"):
        return w[:-5]  # organization → organiz(e)
    if n > 6 and w.endswith("ation"):
        # isolation → isol (as isolate), exploration → explor(e), creation → creat(e)
        return w[:-5] if n > 8 else w[:-3]
    if n > 6 and w.endswith("tion"):
        return w[:-3]
    if n > 7 and w.endswith("ment"):
        return w[:-4]
    if n > 6 and w.endswith("ness"):
        return w[:-4]
    if n > 6 and w.endswith(("ful", "ous")):
        return w[:-3]
    if n > 6 and w.endswith("ity"):
        return w[:-3]
    if w.endswith(("at", "ate")) and n - (2 if w[-1] == "t" else 3) >= 4 and not w.endswith(("eat", "oat", "eate")):
        return w[: -2 if w[-1] == "t" else -3]  # isolate, isolated → isol
    for suffix, repl in _FAMILY:
        if w.endswith(suffix) and n - len(suffix) >= 4:
            return w[: n - len(suffix)] + repl
    if n > 6 and w.endswith(("ism", "ist")) and not w.endswith("sist"):
        return w[:-3]  # socialism, socialist → social
    if n > 5 and w.endswith("al") and (n > 6 or w[-3] == "i") and not w.endswith("eral"):
        return w[:-2]  # national → nation, cultural → cultur(e), social → soci(ety)
    if n > 3 and w.endswith("i"):
        return w[:-1] + "y"  # happi(ly), beauti(ful) → happy, beauty
    if n > 5 and w.endswith("lty"):
        return w[:-1]  # difficulty, loyalty → difficult, loyal
    if n > 5 and w.endswith("y") and w[-2] in "rmgh":
        return w[:-1]  # history, economy, strategy → histor(ic), econom(ic), strateg(ic)
    return w


# Suffix → replacement (the root before it keeps at least four letters).
_FAMILY = (
    ("tional", "t"),  # traditional → tradit(ion)
    ("etical", ""),  # theoretical → theor(y)
    ("ical", ""),  # historical → histor(y)
    ("ial", ""),  # industrial → industr(y), official → offic(e)
    ("ic", ""),  # economic → econom(y), democratic → democrat
    ("acy", ""),  # democracy, bureaucracy → democr(at), bureaucr(at)
    ("ety", ""),  # society, variety → soci(al), vari(ous)
    ("ance", "ant"),  # importance → important
    ("ence", "ent"),  # independence → independent
    ("ibil", ""),  # responsibil(ity) → respons(ible)
    ("able", ""),  # sustainable → sustain
    ("ible", ""),
    ("ative", ""),  # consultative → consult, innovative → innov(ate)
    ("tive", "t"),  # creative → creat(e), effective → effect
    ("sive", "s"),  # expensive → expens(e)
    ("atory", ""),  # observatory → observ(ation)
)


@lru_cache(maxsize=200_000)
def en_stem(word: str) -> str:
    """A crude stem that maps inflected and derived forms together.

    Plurals, -ed, -ing, -ly and case; then derivational suffixes down to a root
    shared by the word's family (social, society, socialist → "socy"), and
    nationality adjectives to their country (Chinese → "china").
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.strip("'")
    if w in _KEEP:
        return w
    if w in _DEMONYMS:
        return en_stem(_DEMONYMS[w])  # "Chinese" → china, as the sense "China"
    if w in _IRREGULAR:
        # The base form as it is ("made" → make, not the stem "mak" of "to make"):
        # stemming it too lowered MAC-Dev, light verbs then matching everywhere.
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
    if w in _DEMONYMS:
        return en_stem(_DEMONYMS[w])  # Americans → america
    # Derivations: CC-CEDICT often glosses by another member of the word's
    # family (isolation/isolate, social/society, historical/history), so
    # derivational suffixes are stripped, repeatedly, down to a shared root.
    if len(w) > 5 and w.endswith(("er", "or")) and not w.endswith(("eer", "oor")):
        w = w[:-2]  # teacher → teach, creator → creat(e)
        if len(w) > 2 and w[-1] == w[-2] and w[-1] not in "lsz":
            w = w[:-1]
    for _ in range(4):
        nxt = _derive(w)
        if nxt == w:
            break
        w = nxt
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]  # move/moved/moving all become "mov"
    return w


def name_spelling(word: str) -> str:
    """An English word as a pinyin key: lower case, no possessive, hyphen or apostrophe.

    "Qiyao's" → qiyao, "Zhan'ao" → zhanao, "Xi-feng" → xifeng.
    """
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    return w.replace("-", "").replace("'", "")


class EnWord(NamedTuple):
    """One English word of a sentence: where it is, its stem, whether it is a content word.

    (A NamedTuple: as immutable as a frozen dataclass and much cheaper to build.)
    """

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


class ZhUnit(NamedTuple):
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
        self._surname_cache: dict[str, tuple[str, ...]] = {}
        self._name_cache: dict[str, frozenset[str]] = {}

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

    def _surname_readings(self, ch: str) -> tuple[str, ...]:
        """Readings of ``ch`` as a surname (CC-CEDICT "surname X" senses; 单 → shan), or ()."""
        got = self._surname_cache.get(ch)
        if got is None:
            found: list[str] = []
            for e in self._entries(ch):
                if any(sense.startswith("surname ") for sense in e.senses):
                    syl = _toneless(e.pinyin_numbers)
                    if len(syl) == 1 and syl[0] not in found:
                        found.append(syl[0])
            got = self._surname_cache[ch] = tuple(found)
        return got

    def _name_keys(self, surname: str, given: str) -> frozenset[str]:
        """Pinyin keys of a name written surname + given name (王 + 琦瑶 → wangqiyao, wang, qiyao)."""
        key = surname + given
        got = self._name_cache.get(key)
        if got is None:
            keys: set[str] = set()
            per_char = [self._readings(ch) for ch in given]
            if all(per_char):
                for combo in itertools.islice(itertools.product(*per_char), 8):
                    first = "".join(combo)
                    for sur in self._surname_readings(surname):
                        keys.add(sur + first)
                        if len(given) == 2:
                            # Surname or given name alone only for three-character
                            # names: a lone syllable is too easily met by chance.
                            keys.add(sur)
                            keys.add(first)
            got = self._name_cache[key] = frozenset(keys)
        return got

    def _split_names(self, tokens: Sequence) -> list[ZhUnit]:
        """Personal names that the segmenter left in pieces: a one-character surname
        followed by one or two characters of given name (王 琦 瑶, 刘 老老), or a
        two-character name it found followed by one more character (单扁 郎)."""
        out = []
        n = len(tokens)
        skip_to = 0
        for k, tok in enumerate(tokens):
            if k < skip_to or tok.kind != "han" or k + 1 >= n or tokens[k + 1].kind != "han":
                continue
            nxt = tokens[k + 1]
            text = tok.text
            givens = []
            if len(text) == 1:
                if text in ZH_STOPWORDS or getattr(tok, "name", False) or not self._surname_readings(text):
                    continue
                if len(nxt.text) == 2:
                    givens.append((nxt.text, k + 1))  # 刘 老老
                elif len(nxt.text) == 1 and nxt.text not in ZH_STOPWORDS:
                    givens.append((nxt.text, k + 1))
                    third = tokens[k + 2] if k + 2 < n else None
                    if third is not None and third.kind == "han" and len(third.text) == 1 and third.text not in ZH_STOPWORDS:
                        givens.append((nxt.text + third.text, k + 2))
            elif len(text) == 2 and getattr(tok, "name", False) and len(nxt.text) == 1 and nxt.text not in ZH_STOPWORDS:
                if not self._surname_readings(text[0]):
                    continue
                givens.append((text[1] + nxt.text, k + 1))
            keys: set[str] = set()
            last = k
            for given, given_last in givens:
                got = self._name_keys(text[0], given)
                if got:
                    keys |= got
                    last = max(last, given_last)
            if keys:
                out.append(ZhUnit(tok.start, tokens[last].end, frozenset(), frozenset(keys)))
                skip_to = last + 1  # a name does not start inside another
        return out

    def units(self, text: str, tokens: Sequence | None = None) -> list[ZhUnit]:
        """Content tokens of ``text`` with their evidence (offsets into ``text``).

        Besides one unit per content token, a name the segmenter cut into
        single characters gets a unit of its own carrying its pinyin.
        ``tokens``: the text's tokens (simplified, offsets into ``text``) when they
        are known already (an analysed article: no segmenter is loaded for a hover).
        """
        out = []
        if tokens is None:
            norm = self._normalize(text) if self._normalize else text
            tokens = self._segment(norm)
        for tok in tokens:
            if tok.kind != "han" or tok.text in ZH_STOPWORDS:
                continue
            stems, pinyin, _known = self.word_evidence(tok.text)
            if stems or pinyin:
                out.append(ZhUnit(tok.start, tok.end, stems, pinyin))
        names = self._split_names(tokens)
        if names:
            out.extend(names)
            out.sort(key=lambda u: (u.start, u.end))
        return out


_LEXICON: Lexicon | None = None


def get_lexicon() -> Lexicon:
    """The process-wide lexicon backed by :mod:`reader.text`."""
    global _LEXICON
    if _LEXICON is None:
        from reader.text.dictionary import get_dictionary
        from reader.text.segment import segment

        dictionary = get_dictionary()
        from reader.text.script import to_simplified

        def normalize(text: str) -> str:
            simple = to_simplified(text)
            # Offsets must survive: only accept a conversion that keeps the length.
            return simple if len(simple) == len(text) else text

        _LEXICON = Lexicon(dictionary.entries, segment, normalize)
    return _LEXICON
