"""Text-core benchmark: our pipeline against jieba + pypinyin per token (Lute v3's way).

Prints, for a generated ≥ 1 MB Chinese text:
  * chars/s to open and display (segmentation, sentences, pinyin of the first
    screen; the rest of the pinyin is computed per sentence on first use), ours
    and the reference's, and the ratio (target ≥ 3);
  * chars/s with pinyin for every sentence, for honesty;
  * hover lookup p50/p99 over 100k random positions (target p99 ≤ 1 ms);
  * dictionary load time cold (index rebuilt) and warm (from the cache), in
    fresh processes (target warm ≤ 300 ms);
  * peak RSS.

Run: ``python benchmarks/bench_text.py [--mb 1.0]``.  Needs jieba (the
``bench`` extra).  Uses only files in this repository.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "resources" / "sample" / "qiantang-zh.txt"
FIRST_SCREEN = 3000  # characters visible in the first window of text, generously


def _clock() -> float:
    # CPU time of this process: both pipelines are single-threaded, and CPU time
    # keeps the ratio honest on a machine where other work competes for the cores.
    return time.process_time()


def make_text(megabytes: float, seed: int = 7) -> str:
    """A long Chinese text: the seed article's sentences shuffled, with words varied from the HSK list."""
    from reader.text.dictionary import _load_hsk
    from reader.text.sentences import split_sentences

    rng = random.Random(seed)
    body = SEED.read_text(encoding="utf-8")
    sentences = [body[a:b] for a, b in split_sentences(body.replace("\n", ""))]
    sentences = [s for s in sentences if sum("\u4e00" <= c <= "\u9fff" for c in s) > 8]
    _, hsk3 = _load_hsk()
    vocabulary = [w for w in hsk3 if 2 <= len(w) <= 4]
    target = int(megabytes * 1024 * 1024)  # bytes of UTF-8
    out, size = [], 0
    while size < target:
        paragraph = []
        for _ in range(rng.randint(2, 6)):
            s = rng.choice(sentences)
            # swap a few two-character stretches for HSK words so the text is not one page repeated
            for _ in range(3):
                at = rng.randrange(max(1, len(s) - 2))
                if "\u4e00" <= s[at] <= "\u9fff" and "\u4e00" <= s[at + 1 : at + 2] <= "\u9fff":
                    w = rng.choice(vocabulary)
                    s = s[:at] + w + s[at + 2 :]
            paragraph.append(s)
        text = "".join(paragraph)
        out.append(text)
        size += len(text.encode("utf-8")) + 1
    return "\n".join(out)


def ours_open(text: str):
    from reader.text.analysis import analyze

    t = _clock()
    analysed = analyze(text)
    for s in analysed.sentences:  # what the first screen shows, with pinyin above it
        if s.start > FIRST_SCREEN:
            break
        s.pinyin()
    return _clock() - t, analysed


def ours_all_pinyin(analysed) -> float:
    t = _clock()
    for s in analysed.sentences:
        s.pinyin()
    return _clock() - t


def reference(text: str) -> float:
    import jieba
    from pypinyin import Style, lazy_pinyin

    jieba.setLogLevel(60)
    jieba.initialize()
    t = _clock()
    for word in jieba.lcut(text):
        lazy_pinyin(word, style=Style.TONE)
    return _clock() - t


def hover_latency(analysed, samples: int = 100_000) -> tuple[float, float]:
    """Per hover: the token under the mouse, every headword there, its pinyin in context."""
    rng = random.Random(3)
    n = len(analysed.text)
    times = []
    for _ in range(samples):
        pos = rng.randrange(n)
        t = time.perf_counter()
        index = analysed.token_index_at(pos)
        if index is not None and analysed.tokens[index].kind == "han":
            token = analysed.tokens[index]
            analysed.lookup(token.start)
            analysed.token_syllables(index)
        times.append(time.perf_counter() - t)
    times.sort()
    return times[len(times) // 2] * 1000, times[int(len(times) * 0.99)] * 1000


def dictionary_load_times() -> tuple[float, float]:
    code = (
        "import time,sys; from pathlib import Path; t=time.perf_counter();"
        "from reader.text.dictionary import Dictionary; Dictionary.load(cache_dir=Path(sys.argv[1]));"
        "print(time.perf_counter()-t)"
    )
    with tempfile.TemporaryDirectory() as cache:
        cold = float(subprocess.check_output([sys.executable, "-c", code, cache]))
        warm = statistics.median(float(subprocess.check_output([sys.executable, "-c", code, cache])) for _ in range(5))
    return cold, warm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="size of the generated text in MB (UTF-8)")
    args = parser.parse_args()
    try:
        import jieba  # noqa: F401
    except ImportError:
        print("bench_text: jieba is not installed (pip install -e '.[bench]'); skipped")
        return 0

    text = make_text(args.mb)
    size_mb = len(text.encode("utf-8")) / 1e6
    from reader.text.segment import segment

    t = _clock()
    segment("预热")  # dictionary + rjieba start-up, reported separately
    startup = _clock() - t

    open_s, analysed = ours_open(text)
    pinyin_s = ours_all_pinyin(analysed)
    ref_s = reference(text)
    p50, p99 = hover_latency(analysed)  # wall-clock: this is what the user waits for
    cold, warm = dictionary_load_times()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    chars = len(text)
    ours_rate, ref_rate = chars / open_s, chars / ref_s
    full_rate = chars / (open_s + pinyin_s)
    print(f"text: {chars:,} characters ({size_mb:.2f} MB UTF-8), {len(analysed.tokens):,} tokens")
    print(f"open+display (segment, sentences, first-screen pinyin): ours {ours_rate / 1e6:.2f} M chars/s")
    print(f"reference jieba + pypinyin per token:                   ref  {ref_rate / 1e6:.2f} M chars/s")
    print(f"ratio ours/reference: {ours_rate / ref_rate:.1f}x  (target >= 3)")
    print(f"with pinyin for every sentence: ours {full_rate / 1e6:.2f} M chars/s, ratio {full_rate / ref_rate:.2f}x")
    print(f"hover lookup over 100k random positions: p50 {p50:.3f} ms, p99 {p99:.3f} ms  (target p99 <= 1 ms)")
    print(f"dictionary load: cold {cold * 1000:.0f} ms, warm {warm * 1000:.0f} ms  (target warm <= 300 ms)")
    print(f"segmenter start-up (dictionary + rjieba with CC-CEDICT words): {startup * 1000:.0f} ms")
    print(f"peak RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
