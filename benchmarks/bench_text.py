"""Text-core benchmark: our pipeline against jieba + pypinyin per token (Lute v3's way).

Prints, for a generated ≥ 1 MB Chinese text:
  * chars/s to open and display (segmentation, sentences, pinyin of the first
    screen; the rest of the pinyin is computed per sentence on first use), ours
    and the reference's, and the ratio (target ≥ 3);
  * chars/s with pinyin for every sentence, for honesty;
  * hover lookup p50/p99 over 100k random positions (target p99 ≤ 1 ms);
  * dictionary load time cold (index rebuilt) and warm (from the cache), in
    fresh processes (target warm ≤ 300 ms);
  * RSS added by each component (pypinyin, rjieba, OpenCC, the polyphone model,
    the dictionary, the segmenter), each loaded in a fresh process beside the
    bare interpreter's RSS; the dictionary's on-disk index beside the in-memory
    index it replaced, with lookup p50/p99 of both over the same mix; a Library
    opening a new article analysed in its own process beside one that has a
    child process analyse it (the window's way);
  * the stored analysis (the analysis cache): bytes per MB of text, time to
    store and to read it back beside the time to analyse;
  * peak RSS.

Run: ``python benchmarks/bench_text.py [--mb 1.0]``.  Needs jieba (the
``bench`` extra).  Uses only files in this repository.
"""

from __future__ import annotations

import argparse
import os
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


def stored_analysis(text: str, analysed) -> dict:
    """The analysis cache's figures: stored size (and before zlib), pack and unpack CPU time."""
    import zlib

    from reader.text.packed import pack, unpack

    t = _clock()
    data = pack(analysed)
    packed_s = _clock() - t
    t = _clock()
    back = unpack(text, data, analysed.dictionary)
    unpack_s = _clock() - t
    assert back is not None and back.tokens == analysed.tokens
    return {"bytes": len(data), "raw": len(zlib.decompress(data)), "pack": packed_s, "unpack": unpack_s}


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


# Each component is loaded in a fresh interpreter (RSS before and after, psutil), so that
# one's memory is not hidden by another's: what each library costs the window.
_RSS_PRELUDE = """
import json, sys, time
import psutil
_proc = psutil.Process()
_before = _proc.memory_info().rss
"""
_RSS_REPORT = "\nprint(json.dumps({'before': _before, 'after': _proc.memory_info().rss, **globals().get('extra', {})}))"

# The hover mix: every position of the seed article (the popup's lookup_at), then
# strings of two to four of its characters, mostly not headwords (misses).
_LOOKUP_MIX = """
import random
def lookup_mix(lookup_at, entries):
    text = open(sys.argv[1], encoding='utf-8').read()
    rng = random.Random(11)
    times = []
    for _ in range(3):
        for pos in range(len(text)):
            t = time.perf_counter(); lookup_at(text, pos); times.append(time.perf_counter() - t)
            at = rng.randrange(len(text) - 4)
            word = ''.join(rng.sample(text[at:at + 12], rng.randint(2, 4)))
            t = time.perf_counter(); entries(word); times.append(time.perf_counter() - t)
    times.sort()
    return {'p50': times[len(times) // 2] * 1000, 'p99': times[int(len(times) * 0.99)] * 1000}
"""

# A Library opening a new article (the bundled sample pair, in a fresh database): analysed and aligned in
# this process, or by a child process as the window has it (reader.store.analysis_child).
_NEW_ARTICLE = """
import os, tempfile
from reader.library import Library
lib = Library(os.path.join(tempfile.mkdtemp(), 'db.sqlite3'))
lib.analyse_apart = {apart}
view = lib.open_article(sys.argv[1], english=sys.argv[1].replace('-zh.', '-en.'))
"""

COMPONENTS = {
    "pypinyin (phrase data)": "from pypinyin import lazy_pinyin; lazy_pinyin('重庆银行行长')",
    "rjieba (bare)": "import rjieba; rjieba.Jieba().cut('重庆银行行长', False)",
    "OpenCC (both directions)": "from reader.text.script import to_simplified, to_traditional; to_traditional('银行'); to_simplified('銀行')",
    "polyphone model (numpy + g2pM weights)": "from reader.text.polyphone_model import get_model; get_model()",
    "dictionary (on-disk index, after the lookups)": _LOOKUP_MIX
    + "from reader.text.dictionary import Dictionary; d = Dictionary.load()\n"
    "extra = lookup_mix(d.lookup_at, d.entries)",
    "old in-memory index (reference, after the lookups)": _LOOKUP_MIX
    + "import marshal; from benchmarks.bench_text import InMemoryIndex\n"
    "d = InMemoryIndex(marshal.loads(open(sys.argv[2], 'rb').read()))\n"
    "extra = lookup_mix(d.lookup_at, d.entries)",
    "segmenter (rjieba + CC-CEDICT words + dictionary)": "from reader.text.segment import segment; segment('预热')",
    "a new article (sample pair) analysed in this process": _NEW_ARTICLE.format(apart=False),
    "the same analysed apart (the window's way: analysis_child)": _NEW_ARTICLE.format(apart=True),
}


class InMemoryIndex:
    """The dictionary as it was held before the on-disk index: every line and headword a Python object.

    Only for the comparison in this benchmark; lookups as the old ``Dictionary`` did them.
    """

    def __init__(self, index: dict):
        from functools import lru_cache

        from reader.text.dictionary import _make_entry

        self._lines, self._by_word, self.max_len = index["lines"], index["by_word"], index["max_len"]
        hsk2, hsk3 = index["hsk2"], index["hsk3"]
        self._entry = lru_cache(maxsize=65536)(lambda i: _make_entry(self._lines[i], hsk2, hsk3))

    def entries(self, word: str) -> list:
        ix = self._by_word.get(word, ())
        found = [self._entry(ix)] if isinstance(ix, int) else [self._entry(i) for i in ix]
        found.sort(key=lambda e: (e.is_proper_name, e.is_variant_only))
        return found

    def lookup_at(self, text: str, pos: int) -> list:
        from reader.text.dictionary import Match

        if pos < 0 or pos >= len(text):
            return []
        return [
            Match(text[pos : pos + n], pos, pos + n, tuple(self.entries(text[pos : pos + n])))
            for n in range(min(self.max_len, len(text) - pos), 0, -1)
            if text[pos : pos + n] in self._by_word
        ]


def component_rss() -> list[tuple[str, float, float, dict]]:
    """(component, interpreter RSS before, MB added, lookup figures) for each component, each in a fresh process."""
    import json
    import marshal

    from reader.text.dictionary import build_index, cedict_source

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        old_index = Path(tmp) / "old-index.marshal"
        old_index.write_bytes(marshal.dumps(build_index(cedict_source())))
        # a cache folder of our own, filled first: warm starts, whatever else uses the user's cache
        env = {**os.environ, "DUIZHAO_CACHE": str(Path(tmp) / "cache")}
        subprocess.run(
            [sys.executable, "-c", COMPONENTS["segmenter (rjieba + CC-CEDICT words + dictionary)"]],
            env=env,
            cwd=ROOT,
            check=False,
        )
        for name, code in COMPONENTS.items():
            try:
                raw = subprocess.check_output(
                    [sys.executable, "-c", _RSS_PRELUDE + code + _RSS_REPORT, str(SEED), str(old_index)],
                    cwd=ROOT,
                    env=env,
                )
            except subprocess.CalledProcessError:
                print(f"bench_text: could not measure {name}")
                continue
            figures = json.loads(raw.decode().strip().splitlines()[-1])
            before, after = figures.pop("before"), figures.pop("after")
            out.append((name, before / 2**20, (after - before) / 2**20, figures))
    return out


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
    stored = stored_analysis(text, analysed)
    ref_s = reference(text)
    p50, p99 = hover_latency(analysed)  # wall-clock: this is what the user waits for
    cold, warm = dictionary_load_times()
    # before component_rss, which parses CC-CEDICT here for the old index's file
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        import psutil  # noqa: F401
    except ImportError:
        components = None
    else:
        components = component_rss()

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
    print(f"stored analysis (reader.text.packed): {stored['bytes']:,} bytes ({stored['bytes'] / size_mb / 1e3:.0f} kB "
          f"per MB of text; {stored['raw']:,} before zlib), packed in {stored['pack'] * 1000:.0f} ms, read back in "
          f"{stored['unpack'] * 1000:.0f} ms against {(open_s + pinyin_s) * 1000:.0f} ms to analyse with every pinyin")
    if components is None:
        print("RSS per component: psutil is not installed (pip install -e '.[bench]'); skipped")
    else:
        print(f"RSS per component, each in a fresh process (bare interpreter: {components[0][1]:.0f} MB):")
        for name, _, added, figures in components:
            lookups = f"   lookup p50 {figures['p50']:.4f} ms, p99 {figures['p99']:.4f} ms" if figures else ""
            print(f"  {name:<52} +{added:6.1f} MB{lookups}")
        print("  (dictionary target: lookup p99 <= 1 ms)")
    print(f"peak RSS: {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
