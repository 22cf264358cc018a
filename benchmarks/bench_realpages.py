"""Article reading on real saved pages: checks passed, ours beside plain trafilatura.

Scores every ``NN-name.html`` in ``../shared/bench/realpages`` against its
``NN-name.expect.json`` exactly as that folder's README says: the title exact
after NFKC with all whitespace removed; the date by its first 10 characters;
each ``must_have`` present in the joined Chinese or English paragraphs; each
``must_not_have`` absent from both; a crash (any exception) fails every check
of that page.  Ours is ``load_article``; plain trafilatura is
``trafilatura.bare_extraction`` of the page's bytes with its metadata, in the
same run.  Extraction time per page is the median CPU time of ``--repeat`` runs.

``--against REV`` also scores (and times) the ingest code of another commit,
exported with ``git archive`` into a temporary folder and run in a child
process of the same interpreter, before and after ours (each page keeps the
faster of the two): today's reader beside the work in progress.

Skips cleanly (exit 0) when the folder is missing.

    python benchmarks/bench_realpages.py [--repeat 3] [--against REV] [--pages DIR] [-v]
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "bench" / "realpages"


def squash(text: str | None) -> str:
    """NFKC with all whitespace removed (how titles and strings are compared)."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def score(expect: dict, title: str | None, date: str | None, zh, en) -> list[tuple[str, bool]]:
    """(check, passed) for one page's extraction, as the README defines them."""
    zh_text, en_text = "\n".join(zh), "\n".join(en)
    checks = [("title", squash(title) == squash(expect["title"])),
              ("date", (date or "")[:10] == (expect["date"] or "")[:10])]
    checks += [(f"has {s[:18]}", s in zh_text or s in en_text) for s in expect["must_have"]]
    checks += [(f"not {s[:18]}", s not in zh_text and s not in en_text) for s in expect["must_not_have"]]
    return checks


def n_checks(expect: dict) -> int:
    return 2 + len(expect["must_have"]) + len(expect["must_not_have"])


def median_ms(function, repeat: int) -> float:
    """Median CPU time of ``function`` in ms (CPU, not wall time: other processes on the machine count less)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def run_ours(page: Path, expect: dict, repeat: int) -> dict:
    """Checks and time of ``reader.ingest.load_article`` (whichever ``reader`` is first on sys.path)."""
    from reader.ingest import load_article

    try:
        article = load_article(page)
    except Exception as exc:  # noqa: BLE001 - a crash fails the page, it must not stop the run
        return {"checks": [(name, False) for name, _ in score(expect, "", "", (), ())], "ms": None,
                "error": f"{exc.__class__.__name__}: {exc}"[:200]}
    ms = median_ms(lambda: load_article(page), repeat)
    return {"checks": score(expect, article.title, article.date, article.zh, article.en), "ms": ms, "error": None,
            "meta": {"author": article.author, "site": article.site, "zh": len(article.zh), "en": len(article.en)}}


def run_trafilatura(page: Path, expect: dict, repeat: int) -> dict:
    import trafilatura

    data = page.read_bytes()

    def extract():
        return trafilatura.bare_extraction(data, with_metadata=True, include_comments=False)

    try:
        doc = extract()
    except Exception as exc:  # noqa: BLE001
        return {"checks": [(name, False) for name, _ in score(expect, "", "", (), ())], "ms": None,
                "error": f"{exc.__class__.__name__}: {exc}"[:200]}
    ms = median_ms(extract, repeat)
    if doc is None:
        return {"checks": score(expect, "", "", (), ()), "ms": ms, "error": None}
    text = (doc.text or "").splitlines()
    return {"checks": score(expect, doc.title, doc.date, text, ()), "ms": ms, "error": None}


def load_set(folder: Path) -> list[tuple[Path, dict]]:
    pages = []
    for expect_path in sorted(folder.glob("*.expect.json")):
        page = expect_path.with_name(expect_path.name.replace(".expect.json", ".html"))
        if page.is_file():
            pages.append((page, json.loads(expect_path.read_text(encoding="utf-8"))))
    return pages


def worker(folder: Path, repeat: int) -> int:
    """Child mode for ``--against``: print our results as JSON."""
    results = {page.name: run_ours(page, expect, repeat) for page, expect in load_set(folder)}
    print(json.dumps(results))
    return 0


def run_against(rev: str, folder: Path, repeat: int) -> dict | None:
    """Results of the ``reader`` package at commit ``rev``, run in a child process."""
    try:
        archive = subprocess.run(["git", "archive", "--format=tar", rev, "reader"], cwd=ROOT, capture_output=True,
                                 check=True).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"cannot export {rev}: {exc}", file=sys.stderr)
        return None
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        code = (f"import sys; sys.path.insert(0, {tmp!r}); sys.path.insert(1, {str(ROOT / 'benchmarks')!r}); "
                f"import bench_realpages as b; sys.exit(b.worker(__import__('pathlib').Path({str(folder)!r}), {repeat}))")
        done = subprocess.run([sys.executable, "-c", code], cwd=tmp, capture_output=True, text=True)
    if done.returncode != 0:
        print(f"the {rev} run failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    return json.loads(done.stdout)


def passed(result: dict) -> int:
    return sum(1 for _, ok in result["checks"] if ok)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=Path, default=PAGES)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", metavar="REV", help="also score the reader of this git commit")
    parser.add_argument("-v", "--verbose", action="store_true", help="list the failed checks of each page")
    args = parser.parse_args()
    if not args.pages.is_dir():
        print(f"skipped: {args.pages} not found")
        return 0
    pages = load_set(args.pages)
    if not pages:
        print(f"skipped: no pages with expectations in {args.pages}")
        return 0
    sys.path.insert(0, str(ROOT))
    base = run_against(args.against, args.pages, args.repeat) if args.against else None
    results = {page.name: (run_ours(page, expect, args.repeat), run_trafilatura(page, expect, args.repeat))
               for page, expect in pages}
    if base:
        # The other commit runs again after ours; each page keeps its faster run, so
        # that a busy moment on the machine does not count against either side.
        again = run_against(args.against, args.pages, args.repeat) or {}
        for name, old in base.items():
            later = again.get(name)
            if later and later.get("ms") and (not old.get("ms") or later["ms"] < old["ms"]):
                old["ms"] = later["ms"]

    head = f"{'page':34} {'checks':>6} {'ours':>5} {'traf':>5}"
    head += f" {args.against[:10]:>10}" if base else ""
    head += f" {'ours ms':>8} {'traf ms':>8}" + (f" {'base ms':>8}" if base else "")
    print(head)
    totals = {"n": 0, "ours": 0, "traf": 0, "base": 0, "full_ours": 0, "full_traf": 0, "full_base": 0, "crash": 0}
    worse, slow = [], []
    for page, expect in pages:
        n = n_checks(expect)
        ours, traf = results[page.name]
        line = f"{page.stem[:34]:34} {n:6} {passed(ours):5} {passed(traf):5}"
        old = base.get(page.name) if base else None
        if base:
            line += f" {passed(old) if old else '-':>10}"
        line += f" {ours['ms'] or float('nan'):8.1f} {traf['ms'] or float('nan'):8.1f}"
        if base:
            line += f" {(old or {}).get('ms') or float('nan'):8.1f}"
        print(line)
        if ours["error"]:
            print(f"    crash: {ours['error']}")
        if args.verbose:
            for name, ok in ours["checks"]:
                if not ok:
                    print(f"    failed: {name}")
        totals["n"] += n
        totals["ours"] += passed(ours)
        totals["traf"] += passed(traf)
        totals["full_ours"] += passed(ours) == n
        totals["full_traf"] += passed(traf) == n
        totals["crash"] += ours["error"] is not None
        if old:
            totals["base"] += passed(old)
            totals["full_base"] += passed(old) == n
            if passed(ours) < passed(old):
                worse.append(page.stem)
            if ours["ms"] and old.get("ms") and ours["ms"] > 2 * old["ms"]:
                slow.append(page.stem)
    print(f"{'total checks':34} {totals['n']:6} {totals['ours']:5} {totals['traf']:5}"
          + (f" {totals['base']:>10}" if base else ""))
    print(f"{'pages fully right':34} {len(pages):6} {totals['full_ours']:5} {totals['full_traf']:5}"
          + (f" {totals['full_base']:>10}" if base else ""))
    print(f"crashes (ours): {totals['crash']}")
    if base:
        print(f"pages worse than {args.against}: {', '.join(worse) or 'none'}")
        print(f"pages over 2x the time of {args.against}: {', '.join(slow) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
