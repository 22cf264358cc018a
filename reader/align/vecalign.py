"""The Vecalign/Bertalign bead format (``[0]:[0,1]``, ``[5]:[]``) and its scores.

Used by ``duizhao align --presplit`` and by ``benchmarks/bench_align.py``.
Scores follow the published definitions: strict/lax precision and recall as in
Vecalign's ``score.py`` (recall ignores 1-0 and 0-1 beads), plus the strict-only
variant of aligner-eval (exact beads over predicted and over gold, nulls kept).
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.errors import InputError

__all__ = ["Alignment", "format_beads", "parse_beads", "Scores", "score_alignments"]

Alignment = list[tuple[tuple[int, ...], tuple[int, ...]]]


def format_beads(beads: Iterable[tuple[Sequence[int], Sequence[int]]]) -> str:
    """One bead a line: ``[src ids]:[tgt ids]``."""
    return "".join(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]\n" for s, t in beads)


def parse_beads(text: str) -> Alignment:
    """Read beads back (spaces inside the brackets are allowed)."""
    out: Alignment = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        left, sep, right = line.partition(":")
        try:
            if not sep:
                raise ValueError
            src = ast.literal_eval(left.strip())
            tgt = ast.literal_eval(right.strip())
            if not isinstance(src, list) or not isinstance(tgt, list) or not all(isinstance(x, int) for x in src + tgt):
                raise ValueError
        except (ValueError, SyntaxError):
            raise InputError(f"line {n}: not a bead like [0]:[0,1]: {line[:60]!r}") from None
        out.append((tuple(src), tuple(tgt)))
    return out


def _precision_counts(gold: Alignment, test: Alignment) -> tuple[int, int, int, int]:
    """(tp strict, fp strict, tp lax, fp lax) of ``test`` against ``gold`` (Vecalign)."""
    gold_set = {(s, t) for s, t in gold if s or t}
    test_set = {(s, t) for s, t in test if s or t}
    src_to_tgt: dict[int, set[int]] = defaultdict(set)
    for s, t in gold_set:
        for i in s:
            src_to_tgt[i].update(t)
    tps = fps = tpl = fpl = 0
    for s, t in test_set:
        if (s, t) in gold_set:
            tps += 1
            tpl += 1
            continue
        fps += 1
        targets: set[int] = set()
        for i in s:
            targets |= src_to_tgt[i]
        if targets & set(t):
            tpl += 1
        else:
            fpl += 1
    return tps, fps, tpl, fpl


@dataclass(frozen=True)
class Scores:
    """Strict and lax P/R/F1 (Vecalign) and the aligner-eval strict variant."""

    strict_p: float
    strict_r: float
    strict_f1: float
    lax_p: float
    lax_r: float
    lax_f1: float
    ae_p: float
    ae_r: float
    ae_f1: float


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _div(a: float, b: float) -> float:
    return a / b if b else 0.0


def score_alignments(golds: Sequence[Alignment], tests: Sequence[Alignment]) -> Scores:
    """Scores summed over documents (counts are pooled before dividing)."""
    pc = [0, 0, 0, 0]
    rc = [0, 0, 0, 0]
    exact = n_test = n_gold = 0
    for gold, test in zip(golds, tests, strict=True):
        gold = [(tuple(s), tuple(t)) for s, t in gold]
        test = [(tuple(s), tuple(t)) for s, t in test]
        for k, v in enumerate(_precision_counts(gold, test)):
            pc[k] += v
        gold_nn = [b for b in gold if b[0] and b[1]]
        test_nn = [b for b in test if b[0] and b[1]]
        for k, v in enumerate(_precision_counts(test_nn, gold_nn)):
            rc[k] += v
        gold_set = set(gold)
        exact += sum(1 for b in test if b in gold_set)
        n_test += len(test)
        n_gold += len(gold)
    sp, sr = _div(pc[0], pc[0] + pc[1]), _div(rc[0], rc[0] + rc[1])
    lp, lr = _div(pc[2], pc[2] + pc[3]), _div(rc[2], rc[2] + rc[3])
    ap, ar = _div(exact, n_test), _div(exact, n_gold)
    return Scores(sp, sr, _f1(sp, sr), lp, lr, _f1(lp, lr), ap, ar, _f1(ap, ar))
