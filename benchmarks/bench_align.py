"""Sentence-alignment quality and speed on the gold sets in ``../shared/bench/align/``.

For MAC-Test, MAC-Dev and the three non-literary sets, prints strict and lax
precision/recall/F1 (Vecalign/Bertalign definition) and the aligner-eval
strict variant that the published MAC-Test rows use, beside a plain
Gale–Church length-only DP implemented here and run on the same data, and the
published MAC-Test strict F1 of other aligners.  Also prints time per 1,000
sentences of our aligner against the Gale–Church DP measured in the same run.

The data is internal evaluation material (third-party texts, see its README):
this script reads it in place and never copies it.  Without it, it says so
and exits 0.  Parameters were tuned on MAC-Dev only.

    python benchmarks/bench_align.py [--data DIR] [--sets mac-test,nonlit-pol] [--jobs 2]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.align import align  # noqa: E402
from reader.align.aligner import prepare  # noqa: E402
from reader.align.vecalign import parse_beads, score_alignments  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "align"
SETS = ("mac-test", "mac-dev", "nonlit-pol", "nonlit-mag", "nonlit-aca")
# Source side is English in these (the alignments follow the translation direction).
ENGLISH_SOURCE = {"nonlit-mag", "nonlit-aca"}
PUBLISHED_MAC_TEST_F1 = (
    ("Gale-Church", 0.455),
    ("Hunalign", 0.607),
    ("Bleualign", 0.676),
    ("Bleurtalign", 0.792),
    ("Vecalign (LaBSE)", 0.873),
    ("Bertalign (LaBSE)", 0.909),
)


# -- the same-run reference: Gale & Church (1993), character lengths only ---------

_GC_PRIORS = {(1, 1): 0.89, (1, 0): 0.0099, (0, 1): 0.0099, (2, 1): 0.089, (1, 2): 0.089, (2, 2): 0.011}


def _norm_sf(z: float) -> float:
    return 0.5 * math.erfc(z / math.sqrt(2.0))


def gale_church(src: list[str], tgt: list[str], variance: float = 6.8) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Classic full-matrix Gale–Church DP on character counts (ratio c per document).

    With s² = 6.8 and the classic priors this reproduces the sanity baseline in
    the data's README (MAC-Dev strict F1 ≈ 0.45).
    """
    ls = [len(s) for s in src]
    lt = [len(t) for t in tgt]
    c = (sum(lt) or 1) / (sum(ls) or 1)
    n, m = len(ls), len(lt)
    cs = [0]
    for x in ls:
        cs.append(cs[-1] + x)
    ct = [0]
    for x in lt:
        ct.append(ct[-1] + x)
    cost = {}
    inf = float("inf")
    d = [[inf] * (m + 1) for _ in range(n + 1)]
    back = [[None] * (m + 1) for _ in range(n + 1)]
    d[0][0] = 0.0
    for i in range(n + 1):
        row = d[i]
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            best, arg = inf, None
            for (a, b), prior in _GC_PRIORS.items():
                if i < a or j < b:
                    continue
                prev = d[i - a][j - b]
                if prev == inf:
                    continue
                l1 = cs[i] - cs[i - a]
                l2 = ct[j] - ct[j - b]
                key = (l1, l2, a, b)
                cst = cost.get(key)
                if cst is None:
                    # Variance in target characters, mean of both sides (handles 1-0 / 0-1).
                    mean = (c * l1 + l2) / 2.0
                    z = (c * l1 - l2) / math.sqrt(mean * variance) if l1 or l2 else 0.0
                    pd = max(2.0 * _norm_sf(abs(z)), 1e-300)
                    cst = -math.log(prior) - math.log(pd)
                    cost[key] = cst
                if prev + cst < best:
                    best, arg = prev + cst, (a, b)
            row[j] = best
            back[i][j] = arg
    out = []
    i, j = n, m
    while i or j:
        a, b = back[i][j]
        out.append((tuple(range(i - a, i)), tuple(range(j - b, j))))
        i, j = i - a, j - b
    return out[::-1]


# -- running -------------------------------------------------------------------


def load_set(folder: Path):
    docs = []
    for src_path in sorted((folder / "src").iterdir()):
        name = src_path.name
        src = src_path.read_text(encoding="utf-8").splitlines()
        tgt = (folder / "tgt" / name).read_text(encoding="utf-8").splitlines()
        gold = parse_beads((folder / "gold" / f"{name}.align").read_text(encoding="utf-8"))
        docs.append((name, src, tgt, gold))
    return docs


def run_doc(args):
    """Align one document both ways; returns predictions and CPU seconds."""
    set_name, src, tgt, with_gc = args
    swap = set_name in ENGLISH_SOURCE
    zh, en = (tgt, src) if swap else (src, tgt)
    t0 = time.process_time()
    features = prepare(zh, en)
    t1 = time.process_time()
    beads = align(zh, en, features=features)
    t2 = time.process_time()
    ours = [((b.en, b.zh) if swap else (b.zh, b.en)) for b in beads]
    weak = [b.confidence < 0.5 for b in beads]
    gc = None
    t3 = t2
    if with_gc:
        gc = gale_church(src, tgt)
        t3 = time.process_time()
    return ours, gc, t1 - t0, t2 - t1, t3 - t2, len(zh), len(en), weak


def fmt(s) -> str:
    return (
        f"strict P/R/F1 {s.strict_p:.3f}/{s.strict_r:.3f}/{s.strict_f1:.3f}  "
        f"lax {s.lax_p:.3f}/{s.lax_r:.3f}/{s.lax_f1:.3f}  aligner-eval strict F1 {s.ae_f1:.3f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=Path(os.environ.get("DUIZHAO_ALIGN_BENCH", DEFAULT_DATA)))
    ap.add_argument("--sets", default=",".join(SETS))
    ap.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--no-gale-church", action="store_true", help="skip the reference DP (it is quadratic)")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"bench_align: no benchmark data at {args.data} — skipped.")
        return 0
    sets = [s for s in args.sets.split(",") if s]
    missing = [s for s in sets if not (args.data / s / "src").is_dir()]
    if missing:
        print(f"bench_align: missing set(s) {', '.join(missing)} under {args.data} — skipped.")
        return 0
    total = {"prep": 0.0, "ours": 0.0, "gc": 0.0, "zh": 0, "en": 0}
    nonlit_gold: list = []
    nonlit_ours: list = []
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for set_name in sets:
            docs = load_set(args.data / set_name)
            jobs = [(set_name, src, tgt, not args.no_gale_church) for _, src, tgt, _ in docs]
            results = list(pool.map(run_doc, jobs))
            golds = [gold for *_, gold in docs]
            ours = score_alignments(golds, [r[0] for r in results])
            print(f"{set_name:11s} ours          {fmt(ours)}")
            if not args.no_gale_church:
                gc = score_alignments(golds, [r[1] for r in results])
                print(f"{'':11s} Gale-Church   {fmt(gc)}")
            # Weak-pair flags (confidence < 0.5): how many wrong beads they catch.
            wrong = flagged = caught = 0
            for r, gold in zip(results, golds):
                gold_set = set(gold)
                for bead, weak in zip(r[0], r[7]):
                    bad = bead not in gold_set
                    wrong += bad
                    flagged += weak
                    caught += bad and weak
            print(f"{'':11s} weak-pair flags: {flagged} of {sum(len(r[0]) for r in results)} beads flagged, "
                  f"{caught} of {wrong} wrong beads among them")
            if set_name.startswith("nonlit"):
                nonlit_gold.extend(golds)
                nonlit_ours.extend(r[0] for r in results)
            for r in results:
                total["prep"] += r[2]
                total["ours"] += r[3]
                total["gc"] += r[4]
                total["zh"] += r[5]
                total["en"] += r[6]
            if set_name == "mac-test":
                print(f"{'':11s} published MAC-Test strict F1 (aligner-eval): "
                      + ", ".join(f"{n} {f:.3f}" for n, f in PUBLISHED_MAC_TEST_F1)
                      + f"; ours {ours.ae_f1:.3f}")
    if len({s for s in sets if s.startswith("nonlit")}) == 3:
        print(f"{'nonlit all':11s} ours          {fmt(score_alignments(nonlit_gold, nonlit_ours))}")
        print(f"{'':11s} published, three non-literary sets combined, F1: Gale-Church 0.852, Hunalign 0.900, "
              "Bleualign 0.911, Bleurtalign 0.966, Vecalign 0.979, Bertalign 0.987")
    n_pairs = total["zh"]
    n_all = total["zh"] + total["en"]
    print()
    print(f"sentences: {total['zh']} zh + {total['en']} en; CPU seconds per 1,000 Chinese sentences "
          f"(per 1,000 sentences of both sides):")
    print(f"  ours, align() on ready features {1000 * total['ours'] / n_pairs:.3f} s  ({1000 * total['ours'] / n_all:.3f} s)")
    print(f"  ours, features (segmentation, dictionary) {1000 * total['prep'] / n_pairs:.3f} s  "
          f"({1000 * total['prep'] / n_all:.3f} s)")
    if not args.no_gale_church:
        print(f"  Gale-Church full DP     {1000 * total['gc'] / n_pairs:.3f} s  ({1000 * total['gc'] / n_all:.3f} s)")
        if total["gc"]:
            print(f"  ratio ours (DP + features) / Gale-Church: {(total['ours'] + total['prep']) / total['gc']:.2f}")
    print(f"wall time {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
