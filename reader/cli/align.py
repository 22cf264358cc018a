"""``duizhao align``: pair Chinese sentences with their English translation.

``duizhao align ZH_FILE EN_FILE [--json]`` reads two articles (.txt/.html/.mhtml)
and prints the aligned pairs (``score`` is the pair's confidence, 0..1, below
0.5 worth checking; an omitted or added sentence has ``""`` on its empty
side); ``duizhao align --presplit SRC TGT`` reads one
sentence per line and prints beads in the Vecalign format (``[0]:[0,1]``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.errors import InputError

_MAX_LINES = 200_000


def register(subparsers, add_common) -> None:
    p = subparsers.add_parser("align", help="align Chinese sentences with their English translation")
    p.add_argument("zh", metavar="ZH_FILE", help="Chinese article (.txt/.html/.mhtml), or SRC with --presplit")
    p.add_argument("en", metavar="EN_FILE", help="English article, or TGT with --presplit")
    p.add_argument("--json", action="store_true", help='print {"pairs": [{"zh", "en", "score"}]}; score is the confidence, 0..1 (< 0.5: check)')
    p.add_argument(
        "--presplit",
        action="store_true",
        help="both files hold one sentence per line; print beads as [src ids]:[tgt ids]",
    )
    p.add_argument(
        "--src-lang",
        choices=("auto", "zh", "en"),
        default="auto",
        help="with --presplit: language of SRC (default: detect by the share of Han characters)",
    )
    add_common(p)
    p.set_defaults(handler=run)


def _han_share(lines: list[str]) -> float:
    text = "".join(lines)
    letters = sum(1 for c in text if c.isalpha())
    han = sum(1 for c in text if "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff")
    return han / letters if letters else 0.0


def _read_lines(path: str) -> list[str]:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{path}: no such file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (--presplit wants one sentence per line, UTF-8)") from None
    lines = text.splitlines()
    if len(lines) > _MAX_LINES:
        raise InputError(f"{path}: more than {_MAX_LINES} lines")
    return lines


def run_presplit(args) -> int:
    from reader.align import align
    from reader.align.vecalign import format_beads

    src = _read_lines(args.zh)
    tgt = _read_lines(args.en)
    lang = args.src_lang
    if lang == "auto":
        lang = "en" if _han_share(src) < _han_share(tgt) else "zh"
    if lang == "en":
        beads = align(tgt, src)
        out = [(b.en, b.zh) for b in beads]
    else:
        beads = align(src, tgt)
        out = [(b.zh, b.en) for b in beads]
    sys.stdout.write(format_beads(out))
    return 0


def run(args) -> int:
    if args.presplit:
        return run_presplit(args)
    from reader.align import align_texts
    from reader.ingest import load_article

    for path in (args.zh, args.en):
        if not Path(path).exists():
            raise InputError(f"{path}: no such file")
    article = load_article(args.zh, english=args.en)
    zh = "\n".join(article.zh)
    en = "\n".join(article.en)
    if not zh.strip():
        raise InputError(f"{args.zh}: no Chinese text found")
    if not en.strip():
        raise InputError(f"{args.en}: no English text found")
    pairs = align_texts(zh, en)
    rows = [
        {"zh": zh[p.zh[0] : p.zh[1]], "en": en[p.en[0] : p.en[1]], "score": round(p.confidence, 4)}
        for p in pairs
    ]
    if args.json:
        json.dump({"pairs": rows}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for k, row in enumerate(rows, 1):
            mark = "" if row["score"] >= 0.5 else "  [check]"
            sys.stdout.write(f"{k:3d} {row['score']:.2f}{mark}\n    {row['zh']}\n    {row['en']}\n")
    return 0
