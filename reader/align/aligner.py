"""Monotone sentence alignment by dynamic programming over beads.

A *bead* pairs a run of Chinese sentences with a run of English ones: 1-1,
1-2, 2-1, 2-2, 1-3, 3-1, 1-4, 1-5, 2-3, 1-0 and 0-1 (literary and political
translation often cut one Chinese sentence into four or five English ones).
Each candidate bead gets one score, the sum of:

* a prior for its shape (tuned on MAC-Dev; mirrored when the Chinese side
  has clearly more sentences, i.e. an English original);
* a length term: Gale–Church's Gaussian on English vs Chinese characters, the
  ratio estimated per document;
* lexical evidence: Chinese tokens whose CC-CEDICT senses (or pinyin, for
  names) meet the English words, and English words explained by the Chinese.
  Each hit is weighted by how unlikely it is by chance — in the document and
  near the expected place, so a passage's topic words repeated sentence after
  sentence count little — and the hits expected by chance for a bead of that
  size are subtracted: a wrong bead scores about zero and a bigger bead must
  earn its extra sentences.  In many-to-many beads, hits beyond the best split
  into smaller beads count at a discount, and a many-to-many bead whose
  dictionary hits and numbers add nothing to those of its best split into two
  smaller beads is not a candidate: only its lengths would speak for it;
* numbers (3万 = 30,000) matched or unmatched, question and quotation marks,
  notes (译注, "Translator's note", a sentence in brackets) that want to stay
  unpaired, and matching paragraph ends when both sides have paragraphs;
* when the first pass finds that the dictionary explains much of each pair
  (close news translation), unexplained words count against a bead, so a
  dropped sentence stands alone instead of joining a neighbour's bead;
* optionally (``order_weight``, off by default: MAC-Dev did not prefer it),
  hits that land out of order inside a many-sentence bead.

The DP runs in a band around a guide line: sentence pairs sharing a word found
once on each side (names, numbers, rare words) pin it, and between them it
follows the cumulative text length.  If the best path runs along the band's
edge, the band is re-centred on it and the DP run again.  A beam drops points
far below the best of their row.  Cost grows linearly with the document.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate

from reader.align.lexicon import Lexicon, en_words, get_lexicon, name_spelling
from reader.align.numbers import en_numbers, zh_numbers

__all__ = ["Bead", "AlignParams", "align", "Features", "prepare"]


@dataclass(frozen=True)
class Bead:
    """One aligned group: Chinese sentence indices, English sentence indices (either may be empty).

    ``score`` is the bead's DP score (higher is better, about 0 for a bead
    without evidence); ``confidence`` is in 0..1, below 0.5 means "check me".
    """

    zh: tuple[int, ...]
    en: tuple[int, ...]
    score: float
    confidence: float


_MEMO_LIMIT = 500_000


@dataclass(frozen=True)
class AlignParams:
    """Weights of the bead score and search settings (defaults tuned on MAC-Dev).

    ``priors`` maps bead shapes (zh count, en count) to log-scale bonuses;
    the ``*_weight`` fields scale the evidence described in the module doc;
    ``true_hit_rate`` is the assumed share of words of a right pair that the
    dictionary explains (hits rarer than that by chance earn weight);
    ``band``/``beam``/``recentre_rounds`` bound the search.  ``max_gap`` > 1
    adds beads of up to that many unpaired sentences costing ``gap_extend``
    per extra sentence (for a lost page; off by default as it costs about a
    third more time), ``order_weight`` > 0 the order term (see the module doc).
    """

    priors: tuple[tuple[tuple[int, int], float], ...] = (
        ((1, 1), 0.0),
        ((1, 2), -2.0),
        ((2, 1), -3.5),
        ((1, 3), -4.0),
        ((3, 1), -6.0),
        ((2, 2), -5.0),
        ((1, 4), -5.0),
        ((1, 5), -8.0),
        ((2, 3), -10.0),
        ((1, 0), -4.5),
        ((0, 1), -3.5),
    )
    length_weight: float = 1.2
    length_variance: float = 8.5
    zh_weight: float = 1.0
    en_weight: float = 0.7
    chance_weight: float = 1.3
    true_hit_rate: float = 0.25
    max_hit: float = 2.5
    number_match: float = 1.5
    number_miss: float = 0.5
    punct_weight: float = 1.0
    band: int = 10
    min_band: int = 8
    recentre_rounds: int = 3
    local_window: int = 5
    cross_discount: float = 0.5
    beam: float = 25.0
    miss_weight: float = 2.0
    order_weight: float = 0.0
    miss_reference: float = 0.5
    paragraph_weight: float = 1.0
    prior_sentences: float = 20.0
    prior_rate: float = 0.02
    note_bonus: float = 5.0
    null_length_weight: float = 2.0
    max_gap: int = 1
    gap_extend: float = -1.0
    mirror_priors: bool = True
    mirror_threshold: float = 1.05


DEFAULT_PARAMS = AlignParams()

_QUESTION_ZH = re.compile(r"[？?]")
_QUOTE_ZH = re.compile(r"[“”「」『』\"]")
_QUOTE_EN = re.compile(r"[“”\"]")
_NOTE_EN = re.compile(r"^\W*(?:(?:translator|editor|tr)[’'`s]*\.?\s+note|note\s*(?:from|by)\s+the\s+(?:translator|editor)|N\.\s*B\.|\[?T/N\b)", re.I)
_BRACKETED = re.compile(r"^\s*[(\[（【][^()\[\]（）【】]*[)\]）】]\W*$")
_NOTE_ZH = re.compile(r"^\W*(?:译注|译者注|编者按|编者注|编注|注[:：])")


@dataclass
class Features:
    """Per-sentence evidence, computed once per document side."""

    lengths: list[int]
    # Chinese: per sentence, per unit: the set of stems/pinyin keys it may match.
    unit_keys: list[list[frozenset[str]]] = field(default_factory=list)
    # Chinese: per sentence, per unit: its place in the sentence (0..1).
    unit_pos: list[list[float]] = field(default_factory=list)
    # English: per sentence, content keys → bitmask of word positions.
    key_pos: list[dict[str, int]] = field(default_factory=list)
    key_sets: list[frozenset[str]] = field(default_factory=list)
    numbers: list[tuple[str, ...]] = field(default_factory=list)
    question: list[bool] = field(default_factory=list)
    quote: list[bool] = field(default_factory=list)
    # Whether each sentence is a translator's/editor's note.
    note: list[bool] = field(default_factory=list)
    bracket: list[bool] = field(default_factory=list)
    # Whether each sentence ends a paragraph (empty: unknown, no evidence).
    para_end: list[bool] = field(default_factory=list)


def _length(s: str) -> int:
    """Characters without spaces (Chinese has none; English ones carry no length evidence)."""
    return len("".join(s.split()))


def prepare_zh(sentences: list[str], lexicon: Lexicon) -> Features:
    """Chinese sentence features: length, unit keys, numbers, punctuation."""
    f = Features(lengths=[_length(s) for s in sentences])
    for s in sentences:
        keys = []
        where = []
        n = max(len(s), 1)
        for u in lexicon.units(s):
            k = set(u.stems)
            k.update("py:" + p for p in u.pinyin)
            keys.append(frozenset(k))
            where.append((u.start + u.end) / 2.0 / n)
        f.unit_keys.append(keys)
        f.unit_pos.append(where)
        f.numbers.append(zh_numbers(s))
        f.question.append(bool(_QUESTION_ZH.search(s)))
        f.note.append(bool(_NOTE_ZH.match(s)))
        f.bracket.append("（" in s or "(" in s)
        f.quote.append(bool(_QUOTE_ZH.search(s)))
    return f


def prepare_en(sentences: list[str]) -> Features:
    """English sentence features: length, content stems with positions, names, numbers."""
    f = Features(lengths=[_length(s) for s in sentences])
    for s in sentences:
        pos: dict[str, int] = {}
        words = en_words(s)
        bit = 0
        prev_cap = None
        for w in words:
            if w.content:
                pos[w.stem] = pos.get(w.stem, 0) | (1 << bit)
                keys = []
                low = name_spelling(s[w.start : w.end])
                if w.capital or len(low) >= 5:
                    keys.append("py:" + low)
                    if prev_cap is not None and w.capital:
                        keys.append("py:" + prev_cap + low)  # Qu Yuguo → quyuguo
                for k in keys:
                    pos[k] = pos.get(k, 0) | (1 << bit)
                prev_cap = low if w.capital else None
                bit += 1
            else:
                prev_cap = None
        f.key_pos.append(pos)
        f.key_sets.append(frozenset(pos))
        f.unit_pos.append([(bit_k + 0.5) / max(bit, 1) for bit_k in range(bit)])
        f.numbers.append(en_numbers(s))
        f.question.append("?" in s)
        # A whole sentence in brackets is usually the translator's aside.
        f.note.append(bool(_NOTE_EN.match(s) or _BRACKETED.match(s)))
        f.quote.append(bool(_QUOTE_EN.search(s)))
    return f


def prepare(zh_sentences: list[str], en_sentences: list[str], lexicon: Lexicon | None = None) -> tuple[Features, Features]:
    """Features of both sides (for callers that align the same text several times)."""
    lexicon = lexicon or get_lexicon()
    return prepare_zh(zh_sentences, lexicon), prepare_en(en_sentences)


def _flag_counts(flags: list[bool], n: int) -> list[int]:
    """Prefix counts of a per-sentence flag (all False when the list does not fit)."""
    return list(accumulate(flags if len(flags) == n else [False] * n, initial=0))


def _frequencies(sets) -> dict[str, int]:
    """In how many of the given key sets each key occurs."""
    df: dict[str, int] = {}
    for ks in sets:
        for k in ks:
            df[k] = df.get(k, 0) + 1
    return df


def _misplaced(mask: int, weights, positions, lo: float, hi: float, other_lo: float, other_hi: float) -> float:
    """Weighted distance of the hits ``mask`` (at relative ``positions`` of [lo, hi]) from [other_lo, other_hi]."""
    total = 0.0
    while mask:
        low = mask & -mask
        k = low.bit_length() - 1
        x = lo + (hi - lo) * positions[k]
        total += weights[k] * (other_lo - x if x < other_lo else (x - other_hi if x > other_hi else 0.0))
        mask ^= low
    return total


def _cached_popweight(cache: dict[int, float], mask: int, weights) -> float:
    got = cache.get(mask)
    if got is None:
        got = cache[mask] = _popweight(mask, weights)
    return got


def _popweight(mask: int, weights: list[float]) -> float:
    total = 0.0
    while mask:
        low = mask & -mask
        total += weights[low.bit_length() - 1]
        mask ^= low
    return total


class _Scorer:
    """Bead scores for one document, with per-pair hit masks computed lazily."""

    def __init__(self, zf: Features, ef: Features, p: AlignParams):
        self.zf, self.ef, self.p = zf, ef, p
        nz, ne = len(zf.lengths), len(ef.lengths)
        self.nz, self.ne = nz, ne
        self.zlen = zf.lengths
        self.elen = ef.lengths
        # Each Chinese sentence's keys in one set, and document frequencies.
        self.z_union: list[set[str]] = []
        for units in zf.unit_keys:
            seen: set[str] = set()
            for u in units:
                seen |= u
            self.z_union.append(seen)
        # Per Chinese sentence: each key → the units (bit mask) that carry it.
        self.zkey_units: list[dict[str, int]] = []
        for units in zf.unit_keys:
            where: dict[str, int] = {}
            for bit, u in enumerate(units):
                for k in u:
                    where[k] = where.get(k, 0) | (1 << bit)
            self.zkey_units.append(where)
        self.zkey_sets = [frozenset(where) for where in self.zkey_units]
        self._raw: dict[tuple[int, int], tuple[int, int]] = {}
        self.df_e = _frequencies(ef.key_sets)
        self.df_z = _frequencies(self.z_union)
        z_centre, e_centre = self._expected_places()
        self.zw, self.zchance = self._zh_weights(z_centre)
        self.ew, self.echance = self._en_weights(e_centre)
        self.ztotal = [sum(ws) for ws in self.zw]
        self.etotal = [sum(ws) for ws in self.ew]
        tz, te = sum(self.zlen), sum(self.elen)
        self.ratio = te / tz if tz and te else 1.0
        self.avg_z = tz / max(nz, 1) or 1.0
        self.avg_e = te / max(ne, 1) or 1.0
        self._pair: dict[tuple[int, int], tuple[int, int, float, float]] = {}
        self._lex: dict[tuple[int, int, int, int], float] = {}
        self._zpw: list[dict[int, float]] = [{} for _ in range(nz)]
        self._epw: list[dict[int, float]] = [{} for _ in range(ne)]
        priors = dict(p.priors)
        if p.mirror_priors and nz > ne * p.mirror_threshold and nz - ne >= 5:
            # The priors describe a translation whose English splits Chinese
            # sentences.  When the Chinese side has clearly more sentences
            # (an English original translated into Chinese), mirror them.
            priors = {(b, a): v for (a, b), v in priors.items()}
        # Runs of dropped sentences (a lost page, a cut passage) as single
        # beads whose cost grows slowly with length, like an affine gap.
        for run in range(2, p.max_gap + 1):
            priors[(run, 0)] = priors[(1, 0)] + p.gap_extend * (run - 1)
            priors[(0, run)] = priors[(0, 1)] + p.gap_extend * (run - 1)
        self._priors = priors
        self.use_paragraphs = (
            len(zf.para_end) == nz and len(ef.para_end) == ne and sum(zf.para_end) > 1 and sum(ef.para_end) > 1
        )
        self.types = tuple(self._priors)
        self._memo: dict[tuple[int, int, int, int], tuple[float, float]] = {}
        self.miss = 0.0
        self._gaps: dict[str, list[list[tuple[int, float]]]] = {}
        self.zcum = list(accumulate(self.zlen, initial=0))
        self.ecum = list(accumulate(self.elen, initial=0))
        self.zch_cum = list(accumulate(self.zchance, initial=0.0))
        self.ech_cum = list(accumulate(self.echance, initial=0.0))
        self.ztot_cum = list(accumulate(self.ztotal, initial=0.0))
        self.etot_cum = list(accumulate(self.etotal, initial=0.0))
        self.znum_cum = list(accumulate((len(n) for n in zf.numbers), initial=0))
        # Features built by hand may lack the optional flags: treat them as absent.
        self.znote_cum = _flag_counts(zf.note, nz)
        self.enote_cum = _flag_counts(ef.note, ne)
        self.zbr_cum = _flag_counts(zf.bracket, nz)
        self.zq_cum = _flag_counts(zf.question, nz)
        self.eq_cum = _flag_counts(ef.question, ne)
        self.zquo_cum = _flag_counts(zf.quote, nz)
        self.equo_cum = _flag_counts(ef.quote, ne)
        self.var_c = p.length_variance * self.ratio
        self.enum_cum = list(accumulate((len(n) for n in ef.numbers), initial=0))

    def _expected_places(self) -> tuple[list[float], list[float]]:
        """Where each sentence's counterpart should be: an index of the other side."""
        nz, ne = self.nz, self.ne
        if self.p.local_window <= 0 or not nz or not ne:
            return [], []
        window = max(40, (nz + ne) // 10)
        guide = _guided_centres(self, _anchor_points(self, 0, nz, 0, ne, window), 0, nz, 0, ne)
        z_centre = [(guide[i] + guide[i + 1]) / 2.0 for i in range(nz)]
        e_centre = [0.0] * ne
        i = 0
        for j in range(ne):
            while i < nz - 1 and z_centre[i + 1] <= j + 0.5:
                i += 1
            e_centre[j] = float(i)
        return z_centre, e_centre

    def _hit_weight(self, f: float) -> float:
        """Weight of a hit whose chance rate is ``f`` (a log-likelihood ratio, clipped)."""
        ph = self.p.true_hit_rate
        return min(self.p.max_hit, max(0.0, math.log(ph / max(f, 1e-3)))) if f < ph else 0.0

    # Words that recur in neighbouring sentences (the topic of the passage) are
    # weak evidence for any one pairing, so a word's chance rate is the larger
    # of its document rate and how often it meets the other side near its
    # expected place, besides its partner.  Pseudo-counts keep short texts
    # from calling every word common.

    def _zh_weights(self, centres: list[float]) -> tuple[list[list[float]], list[float]]:
        """Per Chinese unit, the weight of a hit; per sentence, its expected chance score."""
        p, ne = self.p, self.ne
        W, a0, f0 = p.local_window, p.prior_sentences, p.prior_rate
        weights: list[list[float]] = []
        chance: list[float] = []
        df_e = self.df_e
        unit_df: dict[frozenset[str], int] = {}
        raw = self.raw_masks
        for i, units in enumerate(self.zf.unit_keys):
            near_hits = None
            if centres:
                c = int(round(centres[i]))
                lo, hi = max(0, c - W), min(ne, c + W + 1)
            if centres and lo < hi:
                # How many English sentences near the expected place each unit meets.
                near_hits = [0] * len(units)
                for j in range(lo, hi):
                    m = raw(i, j)[0]
                    while m:
                        low = m & -m
                        near_hits[low.bit_length() - 1] += 1
                        m ^= low
            ws = []
            ch = 0.0
            for bit, u in enumerate(units):
                if not u:
                    ws.append(0.0)
                    continue
                d = unit_df.get(u)
                if d is None:
                    d = unit_df[u] = sum(df_e.get(k, 0) for k in u)
                f = min(1.0, (d + a0 * f0) / (ne + a0))
                if near_hits is not None:
                    f = max(f, (near_hits[bit] - 1) / (2 * W))
                w = self._hit_weight(f)
                ws.append(w)
                ch += w * f
            weights.append(ws)
            chance.append(ch)
        return weights, chance

    def _en_weights(self, centres: list[float]) -> tuple[list[list[float]], list[float]]:
        """Per English content word, the weight of a hit; per sentence, its expected chance score."""
        p, nz = self.p, self.nz
        W, a0, f0 = p.local_window, p.prior_sentences, p.prior_rate
        weights: list[list[float]] = []
        chance: list[float] = []
        for j, pos in enumerate(self.ef.key_pos):
            nbits = max((m.bit_length() for m in pos.values()), default=0)
            near = []
            if centres:
                c = int(round(centres[j]))
                near = self.z_union[max(0, c - W) : min(nz, c + W + 1)]
            # A word may carry several keys (stem, name spelling): keep its least chance-like one.
            rate = [1.0] * nbits
            for k, m in pos.items():
                f = (self.df_z.get(k, 0) + a0 * f0) / (nz + a0)
                if near:
                    hits = sum(1 for zs in near if k in zs)
                    f = max(f, (hits - 1) / (2 * W))
                while m:
                    low = m & -m
                    b = low.bit_length() - 1
                    if f < rate[b]:
                        rate[b] = f
                    m ^= low
            ws = [self._hit_weight(f) for f in rate]
            weights.append(ws)
            chance.append(sum(w * f for w, f in zip(ws, rate)))
        return weights, chance

    def gaps_ending(self, chinese: bool) -> list[list[tuple[int, float]]]:
        """For each boundary, the scores of runs of 1..k unpaired sentences ending there."""
        key = "z" if chinese else "e"
        got = self._gaps.get(key)
        if got is None:
            n = self.nz if chinese else self.ne
            sizes = sorted(a if chinese else b for a, b in self.types if (b == 0 if chinese else a == 0))
            got = [
                [(k, self.bead(end - k, k, 0, 0) if chinese else self.bead(0, 0, end - k, k)) for k in sizes if k <= end]
                for end in range(n + 1)
            ]
            self._gaps[key] = got
        return got

    def pair_masks(self, i: int, j: int) -> tuple[int, int, float, float]:
        """Hits between zh sentence i and en sentence j: (zh unit mask, en word mask, zh weight, en weight)."""
        key = (i, j)
        got = self._pair.get(key)
        if got is not None:
            return got
        zm, em = self.raw_masks(i, j)
        got = (zm, em, self.zh_weight_of(i, zm) if zm else 0.0, self.en_weight_of(j, em) if em else 0.0)
        self._pair[key] = got
        return got

    def zh_weight_of(self, i: int, mask: int) -> float:
        """Summed hit weights of the units ``mask`` of zh sentence i (cached)."""
        return _cached_popweight(self._zpw[i], mask, self.zw[i])

    def en_weight_of(self, j: int, mask: int) -> float:
        """Summed hit weights of the words ``mask`` of en sentence j (cached)."""
        return _cached_popweight(self._epw[j], mask, self.ew[j])

    def raw_masks(self, i: int, j: int) -> tuple[int, int]:
        """(zh units, en words) of zh sentence i and en sentence j that share a key."""
        key = (i, j)
        got = self._raw.get(key)
        if got is not None:
            return got
        pos = self.ef.key_pos[j]
        zk = self.zkey_units[i]
        zm = em = 0
        for k in self.ef.key_sets[j] & self.zkey_sets[i]:  # intersected in C: usually a few keys
            zm |= zk[k]
            em |= pos[k]
        got = self._raw[key] = (zm, em)
        return got

    def length_cost(self, lz: int, le: int) -> float:
        """Gale–Church: squared deviation of the English length from the expected one."""
        if lz == 0 and le == 0:
            return 0.0
        c = self.ratio
        mean_len = (lz + le / c) / 2.0
        delta = (le - c * lz) / math.sqrt(self.p.length_variance * c * max(mean_len, 1.0))
        return 0.5 * delta * delta

    def bead(self, i0: int, a: int, j0: int, b: int, floor: float = -math.inf) -> float:
        """Score of the bead zh[i0:i0+a] ↔ en[j0:j0+b].

        When the score cannot reach ``floor`` an upper bound (≤ floor) may be
        returned instead; the DP uses this to skip the costly lexical part.
        """
        key = (i0, a, j0, b)
        got = self._memo.get(key)
        if got is not None:
            return got[0] - self.miss * got[1]
        if len(self._memo) > _MEMO_LIMIT:
            # Bound memory on huge inputs; only speed is lost.
            self._memo.clear()
            self._pair.clear()
            self._lex.clear()
            self._raw.clear()
        if a > 1 and b > 1 and self._splits_cleanly(i0, a, j0, b) and not self._numbers_cross(i0, a, j0, b):
            # Shortcut of the many-to-many rule below: no pair across some split shares a word.
            self._memo[key] = (-math.inf, 0.0)
            return -math.inf
        p = self.p
        zf, ef = self.zf, self.ef
        score = self._priors[(a, b)]
        lz = self.zcum[i0 + a] - self.zcum[i0]
        le = self.ecum[j0 + b] - self.ecum[j0]
        z_note = self.znote_cum[i0 + a] - self.znote_cum[i0]
        e_note = self.enote_cum[j0 + b] - self.enote_cum[j0]
        if a == 0 or b == 0:
            if z_note or e_note:
                # A sentence that announces itself as a note (译注, "Translator's
                # note", a sentence in brackets) has no counterpart by design.
                score += p.note_bonus
            else:
                # Long sentences are rarely dropped; measured in average sentences.
                size = lz / self.avg_z if a else le / self.avg_e
                score -= p.null_length_weight * size / max(a, b)
            self._memo[key] = (score, 0.0)
            return score
        # Gale–Church length term (inlined: this is the hot path).
        c = self.ratio
        mean = (lz + le / c) / 2.0
        delta = (le - c * lz) / math.sqrt(self.var_c * (mean if mean > 1.0 else 1.0))
        score -= p.length_weight * 0.5 * delta * delta
        lex_max = p.zh_weight * (self.ztot_cum[i0 + a] - self.ztot_cum[i0]) + p.en_weight * (
            self.etot_cum[j0 + b] - self.etot_cum[j0]
        )
        zcount = self.znum_cum[i0 + a] - self.znum_cum[i0]
        ecount = self.enum_cum[j0 + b] - self.enum_cum[j0]
        quick = score + lex_max + p.paragraph_weight + p.number_match * (zcount if zcount < ecount else ecount)
        if quick <= floor:
            return quick  # cannot win: skip the rest
        if z_note or (e_note and not (self.zbr_cum[i0 + a] - self.zbr_cum[i0])):
            score -= p.note_bonus
        if zcount or ecount:
            score += self.number_score(i0, a, j0, b)
        # Question marks and quotation marks should travel together.
        zq = self.zq_cum[i0 + a] > self.zq_cum[i0]
        eq = self.eq_cum[j0 + b] > self.eq_cum[j0]
        zquote = self.zquo_cum[i0 + a] > self.zquo_cum[i0]
        equote = self.equo_cum[j0 + b] > self.equo_cum[j0]
        score -= p.punct_weight * ((zq != eq) + 0.5 * (zquote != equote))
        if self.use_paragraphs:
            # Soft evidence: paragraphs of a translation tend to end together.
            ze = zf.para_end[i0 + a - 1]
            ee = ef.para_end[j0 + b - 1]
            if ze and ee:
                score += p.paragraph_weight
            elif ze != ee:
                score -= 0.5 * p.paragraph_weight
        # Hits expected by chance for a bead this size.
        chance = p.zh_weight * (self.zch_cum[i0 + a] - self.zch_cum[i0]) * (le / self.avg_e) + p.en_weight * (
            self.ech_cum[j0 + b] - self.ech_cum[j0]
        ) * (lz / self.avg_z)
        score -= p.chance_weight * chance
        upper = score + lex_max
        if upper <= floor:
            return upper
        lex = self.lexical(i0, a, j0, b)
        # Words of a pair that the dictionary usually explains but that find
        # nothing here speak against it, when ``miss`` is set (see ``align``).
        gap = max(0.0, lex_max - lex)
        if a > 1 and b > 1:
            # Many-to-many beads: hits beyond the best split into smaller beads
            # are often the passage's topic words repeated across sentences, so
            # they count at a discount; a real 2-2 still wins on crossing content.
            split = max(
                self.lexical(i0, 1, j0, k) + self.lexical(i0 + 1, a - 1, j0 + k, b - k) for k in range(1, b)
            )
            if a > 2:
                split = max(split, max(
                    self.lexical(i0, k, j0, 1) + self.lexical(i0 + k, a - k, j0 + 1, b - 1) for k in range(1, a)
                ))
            if lex <= split + 1e-9 and not self._numbers_cross(i0, a, j0, b):
                # No crossing content at all (dictionary or numbers): the bead
                # says nothing its split into smaller beads does not, and would
                # only win by smoothing the lengths.  It is not a candidate.
                self._memo[key] = (-math.inf, 0.0)
                return -math.inf
            if lex > split and p.cross_discount < 1.0:
                lex = split + p.cross_discount * (lex - split)
        score += lex
        if p.order_weight and a + b > 2:
            score -= p.order_weight * self.disorder(i0, a, j0, b, lz, le)
        self._memo[key] = (score, gap)
        return score - self.miss * gap

    def number_score(self, i0: int, a: int, j0: int, b: int) -> float:
        """Numbers of the bead found on both sides, less those found on one side only."""
        zf, ef, p = self.zf, self.ef, self.p
        zn = [n for i in range(i0, i0 + a) for n in zf.numbers[i]]
        rest = [n for j in range(j0, j0 + b) for n in ef.numbers[j]]
        if not zn and not rest:
            return 0.0
        matched = 0
        for n in zn:
            if n in rest:
                rest.remove(n)
                matched += 1
        return p.number_match * matched - p.number_miss * (len(zn) - matched + len(rest))

    def _splits_cleanly(self, i0: int, a: int, j0: int, b: int) -> bool:
        """Whether some split into two beads leaves no shared key between its two sides."""
        raw = self.raw_masks
        for k in range(1, b):
            # zh i0 | i0+1..; en j0..j0+k-1 | j0+k..
            if not any(raw(i0, j) != (0, 0) for j in range(j0 + k, j0 + b)) and not any(
                raw(i, j) != (0, 0) for i in range(i0 + 1, i0 + a) for j in range(j0, j0 + k)
            ):
                return True
        if a > 2:
            for k in range(1, a):
                # zh i0..i0+k-1 | i0+k..; en j0 | j0+1..
                if not any(raw(i, j) != (0, 0) for i in range(i0, i0 + k) for j in range(j0 + 1, j0 + b)) and not any(
                    raw(i, j0) != (0, 0) for i in range(i0 + k, i0 + a)
                ):
                    return True
        return False

    def _numbers_cross(self, i0: int, a: int, j0: int, b: int) -> bool:
        """Whether the bead's numbers score better than under every split into two beads."""
        if self.znum_cum[i0 + a] == self.znum_cum[i0] or self.enum_cum[j0 + b] == self.enum_cum[j0]:
            return False
        whole = self.number_score(i0, a, j0, b)
        ns = self.number_score
        best = max(ns(i0, 1, j0, k) + ns(i0 + 1, a - 1, j0 + k, b - k) for k in range(1, b))
        if a > 2:
            best = max(best, max(ns(i0, k, j0, 1) + ns(i0 + k, a - k, j0 + 1, b - 1) for k in range(1, a)))
        return whole > best

    def disorder(self, i0: int, a: int, j0: int, b: int, lz: int, le: int) -> float:
        """Weighted hits that land far from where they should inside a bead.

        Translation mostly keeps the order of sentences: in a 1-2 bead the
        first English sentence renders the start of the Chinese one.  A hit
        between a word at relative place x of one side and a sentence covering
        [lo, hi] of the other costs its distance to that interval.
        """
        zf, ef = self.zf, self.ef
        total = 0.0
        zoff = 0
        for i in range(i0, i0 + a):
            zlo, zhi = zoff / lz if lz else 0.0, (zoff + self.zlen[i]) / lz if lz else 1.0
            zoff += self.zlen[i]
            eoff = 0
            zw, zpos = self.zw[i], zf.unit_pos[i]
            for j in range(j0, j0 + b):
                elo, ehi = eoff / le if le else 0.0, (eoff + self.elen[j]) / le if le else 1.0
                eoff += self.elen[j]
                zm, em, _, _ = self.pair_masks(i, j)
                if b > 1:
                    total += _misplaced(zm, zw, zpos, zlo, zhi, elo, ehi)
                if a > 1:
                    total += _misplaced(em, self.ew[j], ef.unit_pos[j], elo, ehi, zlo, zhi)
        return total

    def lexical(self, i0: int, a: int, j0: int, b: int) -> float:
        """Weighted dictionary/name hits of a bead; a word counts once however many sentences it hits."""
        p = self.p
        pm = self.pair_masks
        if a == 1 and b == 1:
            _, _, zh_hit, en_hit = pm(i0, j0)
            return p.zh_weight * zh_hit + p.en_weight * en_hit
        key = (i0, a, j0, b)
        got = self._lex.get(key)
        if got is not None:
            return got
        # The same sums in the same order as always (results must not move),
        # with each pair's masks fetched once.
        zw, ew = p.zh_weight, p.en_weight
        lex = 0.0
        if a == 1:
            pairs = [pm(i0, j) for j in range(j0, j0 + b)]
            m = 0
            for masks in pairs:
                m |= masks[0]
            if m:
                lex += zw * self.zh_weight_of(i0, m)
            for masks in pairs:
                lex += ew * masks[3]
        elif b == 1:
            pairs = [pm(i, j0) for i in range(i0, i0 + a)]
            for masks in pairs:
                lex += zw * masks[2]
            m = 0
            for masks in pairs:
                m |= masks[1]
            if m:
                lex += ew * self.en_weight_of(j0, m)
        else:
            grid = [[pm(i, j) for j in range(j0, j0 + b)] for i in range(i0, i0 + a)]
            for k, row in enumerate(grid):
                m = 0
                for masks in row:
                    m |= masks[0]
                if m:
                    lex += zw * self.zh_weight_of(i0 + k, m)
            for k in range(b):
                m = 0
                for row in grid:
                    m |= row[k][1]
                if m:
                    lex += ew * self.en_weight_of(j0 + k, m)
        self._lex[key] = lex
        return lex


def _band_centres(zlen: list[int], elen: list[int]) -> list[float]:
    """For each zh boundary i (0..nz), the en boundary at the same share of the text."""
    tz, te = sum(zlen) or 1, sum(elen) or 1
    cz = [x / tz for x in accumulate(zlen, initial=0)]
    ce = [x / te for x in accumulate(elen, initial=0)]
    out = []
    for f in cz:
        k = bisect_left(ce, f)
        if k == 0:
            out.append(0.0)
        elif k >= len(ce):
            out.append(float(len(ce) - 1))
        else:
            lo, hi = ce[k - 1], ce[k]
            out.append(k - 1 + ((f - lo) / (hi - lo) if hi > lo else 0.0))
    return out


def _lis(points: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Longest chain of points strictly increasing in both coordinates."""
    points = sorted(points, key=lambda t: (t[0], -t[1]))
    tails: list[int] = []  # j of the smallest tail of a chain of each length
    tail_idx: list[int] = []
    prev = [-1] * len(points)
    for k, (_, j) in enumerate(points):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_idx.append(k)
        else:
            tails[pos] = j
            tail_idx[pos] = k
        prev[k] = tail_idx[pos - 1] if pos else -1
    out = []
    k = tail_idx[-1] if tail_idx else -1
    while k >= 0:
        out.append(points[k])
        k = prev[k]
    return out[::-1]


def _anchor_points(scorer: _Scorer, i_from: int, i_to: int, j_from: int, j_to: int, window: int) -> list[tuple[int, int]]:
    """Sentence pairs sharing a word found once on each side (names, numbers, rare words).

    They guide the band: a long document (several articles joined, a dropped
    page) can drift far from the length diagonal, and these pairs pull the
    band back onto the translation.
    """
    df_e, df_z = scorer.df_e, scorer.df_z
    where_e: dict[str, int] = {}
    for j in range(j_from, j_to):
        for k in scorer.ef.key_sets[j]:
            if df_e.get(k) == 1 and df_z.get(k) == 1:
                where_e[k] = j
    # Numbers of two digits or more found once on each side (years, counts).
    zn = _frequencies(set(n) for n in scorer.zf.numbers)
    en = _frequencies(set(n) for n in scorer.ef.numbers)
    for j in range(j_from, j_to):
        for n in scorer.ef.numbers[j]:
            if len(n) > 1 and en.get(n) == 1 and zn.get(n) == 1:
                where_e["#" + n] = j
    if not where_e:
        return []
    centres = _band_centres(scorer.zlen[i_from:i_to], scorer.elen[j_from:j_to])
    found = set()
    for i in range(i_from, i_to):
        c = centres[i - i_from] + j_from
        keys = [k for u in scorer.zf.unit_keys[i] for k in u]
        keys.extend("#" + n for n in scorer.zf.numbers[i])
        for key in keys:
            at = where_e.get(key)
            if at is not None and abs(at - c) <= window:
                found.add((i, at))
    chain = _lis(list(found))
    # Drop anchors that stray from the line through their neighbours: a rare
    # word shared by chance (the same name in two places) would bend the band.
    for _ in range(3):
        if len(chain) < 3:
            break
        pts = [(i_from - 1, j_from - 1)] + chain + [(i_to, j_to)]
        kept = []
        for mid in range(1, len(pts) - 1):
            (ia, ja), (i, j), (ib, jb) = pts[mid - 1], pts[mid], pts[mid + 1]
            expect = ja + (jb - ja) * (i - ia) / (ib - ia)
            if abs(j - expect) <= 3 + 0.15 * (ib - ia):
                kept.append((i, j))
        if len(kept) == len(chain):
            break
        chain = kept
    return chain


def _guided_centres(scorer: _Scorer, anchors: list[tuple[int, int]], i_from: int, i_to: int, j_from: int, j_to: int) -> list[float]:
    """Band centre for each zh boundary i_from..i_to: length diagonal between anchor pairs."""
    guide = [(i_from, j_from)]
    for i, j in anchors:
        if i >= guide[-1][0] and j >= guide[-1][1] and (i + 1, j + 1) <= (i_to, j_to):
            guide.append((i, j))
            guide.append((i + 1, j + 1))
    if guide[-1] != (i_to, j_to):
        guide.append((i_to, j_to))
    out: list[float] = []
    for (ia, ja), (ib, jb) in zip(guide, guide[1:]):
        if ib == ia:
            continue
        if jb == ja:
            part = [float(ja)] * (ib - ia + 1)
        else:
            part = [ja + c for c in _band_centres(scorer.zlen[ia:ib], scorer.elen[ja:jb])]
        if out:
            part = part[1:]
        out.extend(part)
    while len(out) < i_to - i_from + 1:
        out.append(float(j_to))
    return out


def _dp(scorer: _Scorer, lo: list[int], hi: list[int], i_from: int, i_to: int, j_from: int, j_to: int) -> list[tuple[int, int, int, int, float, float]]:
    """Best bead path from (i_from, j_from) to (i_to, j_to) inside the band lo[i] ≤ j ≤ hi[i].

    Beads come as (zh start, zh count, en start, en count, score, 0.0); the
    last field is filled in later with the bead's margin.
    """
    neg = -math.inf
    best: dict[tuple[int, int], float] = {(i_from, j_from): 0.0}
    back: dict[tuple[int, int], tuple[int, int, float]] = {}
    content = [(a, b) for a, b in scorer.types if a and b]
    z_gaps = scorer.gaps_ending(True)
    e_gaps = scorer.gaps_ending(False)
    bead = scorer.bead
    memo = scorer._memo
    miss = scorer.miss
    get = best.get
    beam = scorer.p.beam
    row_best = [neg] * (i_to + 1)
    row_best[i_from] = 0.0
    for i in range(i_from, i_to + 1):
        jl = max(j_from, lo[i])
        jh = min(j_to, hi[i])
        row_top = 0.0 if i == i_from else neg  # the start point counts for its row
        zg = [(k, sc) for k, sc in z_gaps[i] if i - k >= i_from]
        for j in range(jl, jh + 1):
            if i == i_from and j == j_from:
                continue
            top = neg
            arg = None
            for a, b in content:
                pi, pj = i - a, j - b
                if pi < i_from or pj < j_from:
                    continue
                prev = get((pi, pj))
                if prev is None:
                    continue
                got = memo.get((pi, a, pj, b))
                sc = got[0] - miss * got[1] if got is not None else bead(pi, a, pj, b, top - prev)
                if prev + sc > top:
                    top, arg = prev + sc, (a, b, sc)
            # Sentences left unpaired, alone or in runs (cheap: no lexical part).
            # (Skipped when even the best point of the row it would come from
            # could not beat what is already here.)
            for k, sc in zg:
                if row_best[i - k] + sc <= top:
                    continue
                prev = get((i - k, j))
                if prev is not None and prev + sc > top:
                    top, arg = prev + sc, (k, 0, sc)
            for k, sc in e_gaps[j]:
                if j - k < j_from:
                    break
                if row_top + sc <= top:
                    continue
                prev = get((i, j - k))
                if prev is not None and prev + sc > top:
                    top, arg = prev + sc, (0, k, sc)
            if arg is not None:
                best[(i, j)] = top
                back[(i, j)] = arg
                if top > row_top:
                    row_top = top
        row_best[i] = row_top
        # Beam: points of this row far below its best cannot lead anywhere useful.
        if beam > 0 and row_top > neg:
            cut = row_top - beam
            for j in range(jl, jh + 1):
                v = get((i, j))
                if v is not None and v < cut and (i, j) != (i_to, j_to):
                    del best[(i, j)]
    if (i_to, j_to) not in best:
        return []
    path = []
    i, j = i_to, j_to
    while (i, j) != (i_from, j_from):
        a, b, sc = back[(i, j)]
        path.append((i - a, a, j - b, b, sc, 0.0))
        i, j = i - a, j - b
    path.reverse()
    return path


def _fallback(i_from: int, i_to: int, j_from: int, j_to: int) -> list[tuple[int, int, int, int, float, float]]:
    """A path when even the full matrix holds none (cannot happen): leave everything unpaired."""
    return [(i, 1, j_from, 0, 0.0, 0.0) for i in range(i_from, i_to)] + [(i_to, 0, j, 1, 0.0, 0.0) for j in range(j_from, j_to)]


def _band_around(path_points: list[tuple[int, int]], width: int, n_all: int, i_from: int, j_from: int, j_to: int):
    lo = [10**9] * n_all
    hi = [-1] * n_all
    for (ia, ja), (ib, jb) in zip(path_points, path_points[1:]):
        for i in range(ia, ib + 1):
            lo[i] = min(lo[i], max(j_from, ja - width))
            hi[i] = max(hi[i], min(j_to, jb + width))
    return lo, hi


def _margins(scorer: _Scorer, path, i_from: int, i_to: int, j_from: int, j_to: int, width: int = 1) -> list[float]:
    """For each bead of ``path``: best total score minus the best score of a path without it.

    Forward and backward best scores are computed in a narrow band around the
    path; a competitor either avoids the bead's start or end point, or enters
    its end point by another bead.
    """
    if not path:
        return []
    n_all = len(scorer.zlen) + 1
    pts = [(i_from, j_from)] + [(i0 + a, j0 + b) for i0, a, j0, b, _, _ in path]
    lo, hi = _band_around(pts, width, n_all, i_from, j_from, j_to)
    types = scorer.types
    bead = scorer.bead
    memo = scorer._memo  # read directly: the same values bead() returns, without the call
    miss = scorer.miss
    neg = -math.inf
    fwd: dict[tuple[int, int], float] = {(i_from, j_from): 0.0}
    fget = fwd.get
    for i in range(i_from, i_to + 1):
        for j in range(max(j_from, lo[i]), min(j_to, hi[i]) + 1):
            if i == i_from and j == j_from:
                continue
            top = neg
            for a, b in types:
                pi, pj = i - a, j - b
                prev = fget((pi, pj))
                if prev is not None and pi >= i_from and pj >= j_from:
                    got = memo.get((pi, a, pj, b))
                    v = prev + (got[0] - miss * got[1] if got is not None else bead(pi, a, pj, b, top - prev))
                    if v > top:
                        top = v
            if top > neg:
                fwd[(i, j)] = top
    bwd: dict[tuple[int, int], float] = {(i_to, j_to): 0.0}
    bget = bwd.get
    for i in range(i_to, i_from - 1, -1):
        for j in range(min(j_to, hi[i]), max(j_from, lo[i]) - 1, -1):
            if i == i_to and j == j_to:
                continue
            top = neg
            for a, b in types:
                if i + a > i_to or j + b > j_to:
                    continue
                nxt = bget((i + a, j + b))
                if nxt is not None:
                    got = memo.get((i, a, j, b))
                    v = nxt + (got[0] - miss * got[1] if got is not None else bead(i, a, j, b, top - nxt))
                    if v > top:
                        top = v
            if top > neg:
                bwd[(i, j)] = top
    total = fwd.get((i_to, j_to), 0.0)

    def best_avoiding(i: int, j: int) -> float:
        out = -math.inf
        for jj in range(max(j_from, lo[i]), min(j_to, hi[i]) + 1):
            if jj != j and (i, jj) in fwd and (i, jj) in bwd:
                out = max(out, fwd[(i, jj)] + bwd[(i, jj)])
        return out

    margins = []
    for i0, a, j0, b, _, _ in path:
        ie, je = i0 + a, j0 + b
        comp = max(best_avoiding(ie, je), best_avoiding(i0, j0))
        for a2, b2 in types:
            if (a2, b2) == (a, b):
                continue
            prev = fwd.get((ie - a2, je - b2))
            if prev is not None and ie - a2 >= i_from and je - b2 >= j_from:
                rest = prev + bwd.get((ie, je), 0.0)
                comp = max(comp, rest + bead(ie - a2, a2, je - b2, b2, comp - rest))
        margins.append(max(0.0, total - comp) if comp > -math.inf else 20.0)
    return margins


def _segment_path(scorer: _Scorer, p: AlignParams, i_from: int, i_to: int, j_from: int, j_to: int):
    """Align zh[i_from:i_to] with en[j_from:j_to]: a banded pass, widened where the path hit the band's edge."""
    nz, ne = i_to - i_from, j_to - j_from
    if nz == 0 or ne == 0:
        return [(i, 1, j_from, 0, scorer.bead(i, 1, j_from, 0), 0.0) for i in range(i_from, i_to)] + [
            (i_to, 0, j, 1, scorer.bead(i_to, 0, j, 1), 0.0) for j in range(j_from, j_to)
        ]
    window = max(40, (nz + ne) // 10)
    anchors = _anchor_points(scorer, i_from, i_to, j_from, j_to, window)
    centres = _guided_centres(scorer, anchors, i_from, i_to, j_from, j_to)
    width = max(p.min_band, p.band, min(40, abs(nz - ne) // 8) if not anchors else 0)
    n_all = len(scorer.zlen) + 1
    lo = [0] * n_all
    hi = [-1] * n_all
    for k, c in enumerate(centres):
        lo[i_from + k] = max(j_from, int(c) - width)
        hi[i_from + k] = min(j_to, int(math.ceil(c)) + width)
    # Where the guide jumps (a passage left untranslated) keep the band connected.
    for i in range(i_to - 1, i_from - 1, -1):
        hi[i] = max(hi[i], min(j_to, lo[i + 1] + 1))
    for i in range(i_from + 1, i_to + 1):
        lo[i] = min(lo[i], max(j_from, hi[i - 1] - 1))
    path = _dp(scorer, lo, hi, i_from, i_to, j_from, j_to)
    if not path:
        lo = [j_from] * n_all
        hi = [j_to] * n_all
        return _dp(scorer, lo, hi, i_from, i_to, j_from, j_to) or _fallback(i_from, i_to, j_from, j_to)
    # The band may have cut the true path off where the path runs along its
    # edge: search again in a band centred on the path found (a few rounds).
    for _ in range(p.recentre_rounds):
        pts = [(i_from, j_from)] + [(i0 + a, j0 + b) for i0, a, j0, b, _, _ in path]
        touching = any(
            (j - lo[i] < 2 and lo[i] > j_from) or (hi[i] - j < 2 and hi[i] < j_to) for i, j in pts
        )
        if not touching:
            break
        lo, hi = _band_around(pts, width, n_all, i_from, j_from, j_to)
        path2 = _dp(scorer, lo, hi, i_from, i_to, j_from, j_to)
        if not path2:
            break
        path = path2
    return path


def _confidence(score: float, margin: float, a: int, b: int) -> float:
    """0..1 from the bead's evidence and its margin; below 0.5 means "check me".

    Both must be good: ``score`` is about 0 for a bead without evidence, and
    ``margin`` is how much worse the best path without this bead is (a small
    margin: another cut was nearly as good).  On MAC-Dev, beads under 0.5
    hold 60 % of the wrong ones (3 in 10 flagged beads are wrong, against
    1 in 8 overall).  Null beads are always weak: the reader should look at
    what was left unpaired.
    """
    if a == 0 or b == 0:
        return 0.2
    t = min(0.6 * (score - 0.5), margin - 1.0)
    return 1.0 / (1.0 + math.exp(-t))


def align(
    zh_sentences: list[str],
    en_sentences: list[str],
    *,
    anchors: list[tuple[int, int]] | None = None,
    params: AlignParams | None = None,
    lexicon: Lexicon | None = None,
    features: tuple[Features, Features] | None = None,
) -> list[Bead]:
    """Align Chinese sentences with English ones; beads cover every sentence once, in order.

    ``anchors`` are ``(zh_index, en_index)`` pairs known to start a bead (for
    example where paragraphs of a bilingual page begin).  They are *hard*: the
    text is cut there and each piece aligned on its own.  Anchors that are out
    of range or break monotonicity are ignored.
    """
    p = params or DEFAULT_PARAMS
    nz, ne = len(zh_sentences), len(en_sentences)
    zf, ef = features or prepare(zh_sentences, en_sentences, lexicon)
    if len(zf.lengths) != nz or len(ef.lengths) != ne:
        raise ValueError("features do not match the sentences")
    scorer = _Scorer(zf, ef, p)
    cuts = [(0, 0)]
    for zi, ej in sorted({(int(x), int(y)) for x, y in anchors or ()}):
        if 0 <= zi <= nz and 0 <= ej <= ne and zi >= cuts[-1][0] and ej >= cuts[-1][1] and (zi, ej) != cuts[-1]:
            cuts.append((zi, ej))
    if cuts[-1] != (nz, ne):
        cuts.append((nz, ne))
    segments = list(zip(cuts, cuts[1:]))
    paths = [_segment_path(scorer, p, ia, ib, ja, jb) for (ia, ja), (ib, jb) in segments]
    # How much of a right pair's vocabulary the dictionary finds varies a lot:
    # a quarter in free literary translation, two thirds in close news
    # translation.  Measured on the confident 1-1 beads of the first pass, a
    # high rate makes unexplained words count against a bead, which lets a
    # dropped sentence stand alone instead of riding along in a bigger bead.
    hit = total = 0.0
    for path in paths:
        for i0, a, j0, b, _, _ in path:
            if a == 1 and b == 1:
                _, _, zh_hit, en_hit = scorer.pair_masks(i0, j0)
                hit += p.zh_weight * zh_hit + p.en_weight * en_hit
                total += p.zh_weight * scorer.ztotal[i0] + p.en_weight * scorer.etotal[j0]
    rate = hit / total if total else 0.0
    if p.miss_weight and rate > p.miss_reference:
        scorer.miss = p.miss_weight * (rate - p.miss_reference)
        n_all = nz + 1
        for k, ((ia, ja), (ib, jb)) in enumerate(segments):
            if ia == ib or ja == jb:
                continue
            pts = [(ia, ja)] + [(i0 + a, j0 + b) for i0, a, j0, b, _, _ in paths[k]]
            lo, hi = _band_around(pts, 4, n_all, ia, ja, jb)  # local repairs only
            again = _dp(scorer, lo, hi, ia, ib, ja, jb)
            if again:
                paths[k] = again
    # Margins for the confidence: how much worse is the best path that does
    # not contain this bead (searched near the chosen path).
    for k, ((ia, ja), (ib, jb)) in enumerate(segments):
        margins = _margins(scorer, paths[k], ia, ib, ja, jb)
        paths[k] = [(i0, a, j0, b, sc, m) for (i0, a, j0, b, sc, _), m in zip(paths[k], margins)]
    path = [bead for seg in paths for bead in seg]
    if scorer.miss:
        # Report scores on the first pass's scale, which the confidence expects.
        scorer.miss = 0.0
        path = [(i0, a, j0, b, scorer.bead(i0, a, j0, b), m) for i0, a, j0, b, _, m in path]
    return [
        Bead(tuple(range(i0, i0 + a)), tuple(range(j0, j0 + b)), s, _confidence(s, margin, a, b))
        for i0, a, j0, b, s, margin in path
    ]
