"""Pinyin benchmark: polyphone accuracy on CPP dev, and whole-article pinyin speed.

Prints:
  * accuracy on the CPP dev split (``../shared/bench/cpp``, the g2pM paper's
    benchmark; skipped when it is not there) of Duizhao's reading of the
    annotated character, read the way ``duizhao gloss FILE --json`` reads it
    (the sentences as one text, one a line), beside plain pypinyin (per
    sentence, phrase context) and, when installed, g2pM's own ``G2pM()``;
    ``--halves`` adds the odd / even halves (a check that nothing was tuned to
    one of them);
  * characters per second for the whole article path (segment, sentences,
    pinyin for every sentence) on the bench_text article, against jieba +
    pypinyin per token, in CPU time (target >= 3x; and no slower than before).

Run: ``python benchmarks/bench_pinyin.py [--mb 0.5] [--limit N]``.  Needs jieba
(the ``bench`` extra) for the speed reference.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CPP = ROOT.parent / "shared" / "bench" / "cpp"
MARK = "\u2581"


def load_cpp(limit: int | None = None) -> list[tuple[str, int, str]]:
    """(sentence without the marks, index of the annotated character, label) for CPP dev."""
    sentences = (CPP / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (CPP / "dev.lb").read_text(encoding="utf-8").split()
    out = []
    for line, label in zip(sentences[:limit], labels):
        a = line.index(MARK)
        b = line.index(MARK, a + 1)
        out.append((line[:a] + line[a + 1 : b] + line[b + 1 :], a, label))
    return out


def normalise(syllable: str | None) -> str:
    """CPP's spelling: lower case, ü as u: (``nu:3``)."""
    return (syllable or "").lower().replace("ü", "u:").replace("v", "u:")


def duizhao_readings(items) -> list[str]:
    """The reading of each annotated character, as the gloss command computes it."""
    from reader.text.analysis import analyze

    text = "\n".join(s for s, _, _ in items)
    analysed = analyze(text)
    out, offset = [], 0
    for sentence, k, _ in items:
        pos = offset + k
        offset += len(sentence) + 1
        index = analysed.token_index_at(pos)
        syllables = analysed.token_syllables(index) if index is not None else None
        token = analysed.tokens[index] if index is not None else None
        out.append(syllables[pos - token.start] if syllables else "")
    return out


def pypinyin_readings(items) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    def read(sentence: str) -> list[str]:
        return lazy_pinyin(sentence, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda x: list(x))

    return [read(s)[k] for s, k, _ in items]


def g2pm_readings(items) -> list[str] | None:
    try:
        from g2pM import G2pM
    except ImportError:
        return None
    g2p = G2pM()
    return [g2p(s, char_split=True)[k] for s, k, _ in items]


def accuracy(readings, items) -> float:
    return sum(normalise(r) == normalise(label) for r, (_, _, label) in zip(readings, items)) / len(items)


def accuracy_report(limit: int | None, halves: bool) -> None:
    if not (CPP / "dev.sent").is_file():
        print(f"bench_pinyin: {CPP} not found; CPP accuracy skipped")
        return
    items = load_cpp(limit)
    print(f"CPP dev: {len(items):,} sentences, one annotated polyphone each")
    t = time.perf_counter()
    ours = duizhao_readings(items)
    seconds = time.perf_counter() - t
    print(f"  duizhao          {accuracy(ours, items) * 100:6.2f} %   ({seconds:.1f} s, target >= 97.5 %)")
    if halves:
        for name, part in (("even", slice(0, None, 2)), ("odd", slice(1, None, 2))):
            print(f"    {name} half       {accuracy(ours[part], items[part]) * 100:6.2f} %")
    print(f"  plain pypinyin   {accuracy(pypinyin_readings(items), items) * 100:6.2f} %")
    t = time.perf_counter()
    theirs = g2pm_readings(items)
    if theirs is None:
        print("  g2pM             not installed")
    else:
        print(f"  g2pM (G2pM())    {accuracy(theirs, items) * 100:6.2f} %   ({time.perf_counter() - t:.1f} s)")


def speed_report(megabytes: float) -> None:
    try:
        import jieba  # noqa: F401
    except ImportError:
        print("bench_pinyin: jieba is not installed (pip install -e '.[bench]'); speed skipped")
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_text import _clock, make_text, reference

    from reader.text.analysis import analyze
    from reader.text.segment import segment

    text = make_text(megabytes)
    segment("预热")  # dictionary and rjieba start-up: not part of either figure
    analyze("银行行长。").sentences[0].pinyin()  # and the model's load
    t = _clock()
    analysed = analyze(text)
    for sentence in analysed.sentences:
        sentence.pinyin()
    ours = _clock() - t
    ref = reference(text)
    chars = len(text)
    print(f"whole article ({chars:,} characters): segment + sentences + every sentence's pinyin")
    print(f"  ours                       {chars / ours / 1e6:.3f} M chars/s")
    print(f"  jieba + pypinyin per token {chars / ref / 1e6:.3f} M chars/s")
    print(f"  ratio {ref / ours:.2f}x  (target >= 3; before the polyphone model: 1.3x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=0.5, help="size of the generated article for the speed test")
    parser.add_argument("--limit", type=int, default=None, help="only the first N CPP sentences")
    parser.add_argument("--halves", action="store_true", help="also the accuracy on the odd and even halves")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    args = parser.parse_args()
    accuracy_report(args.limit, args.halves)
    if not args.no_speed:
        speed_report(args.mb)
    return 0


if __name__ == "__main__":
    sys.exit(main())
