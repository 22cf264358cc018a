"""Ingest speed: opening saved pages and text files.

For each seed page, prints our full ``load_article`` (read, decode, parse,
trafilatura, metadata, language split) beside plain ``trafilatura.extract`` of
the same already-decoded HTML string, measured in the same run, as a ratio.
Also times a ~20 MB page (our linear fallback path) against lxml merely parsing
it.  Median of several runs each.  Then text files, on the window's first-open
path: CPU time of ``load_article`` on the seed .txt and on a generated ~1 MB
Chinese .txt, and the import time of ``reader.ingest`` in a fresh interpreter.

    python benchmarks/bench_ingest.py [--repeat 15] [--big-mb 20]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402
from bench_ui import make_megabyte_article  # noqa: E402
from lxml import html as lxml_html  # noqa: E402

from reader.ingest import load_article  # noqa: E402
from reader.ingest.decode import decode_bytes  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
PAGES = [FIXTURES / "seed" / "qiantang-zh.html", FIXTURES / "seed" / "qiantang-en.html",
         FIXTURES / "seed" / "qiantang-bilingual.html", FIXTURES / "ingest" / "portal-gbk.html"]


def median_ms(function, repeat: int, clock=time.perf_counter) -> float:
    times = []
    for _ in range(repeat):
        start = clock()
        function()
        times.append((clock() - start) * 1000)
    return statistics.median(times)


def import_ms(runs: int = 7) -> float:
    """``import reader.ingest`` in a fresh interpreter (``-X importtime``, cumulative), median of ``runs``."""
    times = []
    for _ in range(runs):
        report = subprocess.run([sys.executable, "-X", "importtime", "-c", "import reader.ingest"], cwd=ROOT,
                                capture_output=True, text=True, check=True).stderr
        line = next(line for line in reversed(report.splitlines()) if line.rstrip().endswith("| reader.ingest"))
        times.append(int(line.split("|")[1]) / 1000)
    return statistics.median(times)


def text_files(folder: Path, repeat: int) -> None:
    print(f"{'text file':32} {'CPU ms':>9}")
    seed = Path(folder) / "seed-zh.txt"  # alone: no English sibling
    shutil.copy(FIXTURES / "seed" / "qiantang-zh.txt", seed)
    for path in (seed, make_megabyte_article(Path(folder))):
        load_article(path)
        ms = median_ms(lambda: load_article(path), repeat, clock=time.process_time)
        print(f"{f'{path.name} ({path.stat().st_size / 1e6:.2f} MB)':32} {ms:9.1f}")
    print(f"{'import reader.ingest':32} {import_ms():9.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--big-mb", type=float, default=20.0)
    args = parser.parse_args()

    print(f"{'page':32} {'ours ms':>9} {'trafilatura ms':>15} {'ratio':>7}")
    with tempfile.TemporaryDirectory() as folder:
        for page in PAGES:
            # Copied alone so no English sibling is read along with it.
            alone = Path(folder) / page.name
            alone.write_bytes(page.read_bytes())
            text = decode_bytes(page.read_bytes()).text
            load_article(alone)  # warm-up (imports, regex compilation)
            ours = median_ms(lambda: load_article(alone), args.repeat)
            ref = median_ms(lambda: trafilatura.extract(text), args.repeat)
            print(f"{page.name:32} {ours:9.1f} {ref:15.1f} {ours / ref:7.2f}")

        big = Path(folder) / "big.html"
        with open(big, "w", encoding="utf-8") as handle:
            handle.write("<html><head><title>大页面</title></head><body><article>")
            n = written = 0
            while written < args.big_mb * 1_000_000:
                line = f"<p>第{n}段：这是一个用于测试的大型页面段落，包含足够多的中文内容来模拟真实新闻。</p>\n"
                handle.write(line)
                written += len(line.encode("utf-8"))
                n += 1
            handle.write("</article></body></html>")
        data = big.read_bytes()
        ours = median_ms(lambda: load_article(big), 1)
        ref = median_ms(lambda: lxml_html.document_fromstring(data), 1)
        print(f"{f'{written / 1e6:.0f} MB page, {n} paragraphs':32} {ours:9.0f} {'lxml parse ' + format(ref, '.0f'):>15} {ours / ref:7.1f}")
        text_files(Path(folder), args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
