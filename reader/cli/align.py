"""``duizhao align``: pair Chinese sentences with their English translation.

``duizhao align ZH_FILE EN_FILE [--json]`` reads two articles (.txt/.html/.mhtml)
and prints the aligned pairs (``score`` is the pair's confidence, 0..1, below
0.5 worth checking; an omitted or added sentence has ``""`` on its empty
side); ``duizhao align --presplit SRC TGT`` reads one
sentence per line and prints beads in the Vecalign format (``[0]:[0,1]``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from reader.cli import args as checks
from reader.cli.output import dump_json
from reader.errors import InputError

#: ``--presplit`` refuses files with more lines than this (the aligner takes about 2.5 ms a line: ~25 s).
_MAX_LINES = 10_000


def register(subparsers, add_common) -> None:
    p = subparsers.add_parser("align", help="align Chinese sentences with their English translation")
    p.add_argument("zh", metavar="ZH_FILE", type=checks.input_file,
                   help="Chinese article (.txt/.html/.mhtml), or SRC with --presplit")
    p.add_argument("en", metavar="EN_FILE", type=checks.input_file, help="English article, or TGT with --presplit")
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


def _check_size(zh: str, en: str, zh_name: str, en_name: str) -> None:
    """Refuse texts the aligner would take minutes over (:data:`~reader.cli.args.ALIGN_MAX_CHARS`)."""
    for text, name, limit in ((zh, zh_name, checks.ALIGN_MAX_CHARS), (en, en_name, 4 * checks.ALIGN_MAX_CHARS)):
        if len(text) > limit:
            raise InputError(f"{name} is too long to align ({len(text):,} characters; the limit is {limit:,})")


def _read_lines(path: str) -> list[str]:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text (--presplit wants one sentence per line, UTF-8)") from None
    if "\x00" in text:
        raise InputError(f"{path} looks like a binary file, not one sentence per line")
    if text.lstrip()[:14].lower().startswith(("<!doctype html", "<html", "<?xml")):
        raise InputError(f"{path} is a web page: --presplit wants one sentence per line (align it without --presplit)")
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise InputError(f"{path} has no sentences (every line is blank)")
    if len(lines) > _MAX_LINES:
        raise InputError(f"{path}: too many lines to align ({len(lines):,}; the limit is {_MAX_LINES:,})")
    return lines


def run_presplit(args) -> int:
    from reader.align import align
    from reader.align.vecalign import format_beads

    src = _read_lines(args.zh)
    tgt = _read_lines(args.en)
    lang = args.src_lang
    if lang == "auto":
        lang = "en" if _han_share(src) < _han_share(tgt) else "zh"
    zh_lines, en_lines = (tgt, src) if lang == "en" else (src, tgt)
    zh_name, en_name = (args.en, args.zh) if lang == "en" else (args.zh, args.en)
    _check_size("\n".join(zh_lines), "\n".join(en_lines), zh_name, en_name)
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

    article = load_article(args.zh, english=args.en)
    zh = "\n".join(article.zh)
    en = "\n".join(article.en)
    if not zh.strip():
        raise InputError(f"{args.zh}: no Chinese text found")
    if not en.strip():
        raise InputError(f"{args.en}: no English text found")
    _check_size(zh, en, args.zh, args.en)
    pairs = align_texts(zh, en)
    rows: list[dict[str, Any]] = [
        {"zh": zh[p.zh[0] : p.zh[1]], "en": en[p.en[0] : p.en[1]], "score": round(p.confidence, 4)}
        for p in pairs
    ]
    if args.json:
        dump_json({"pairs": rows}, sys.stdout, indent=1)
    else:
        for k, row in enumerate(rows, 1):
            mark = "" if row["score"] >= 0.5 else "  [check]"
            sys.stdout.write(f"{k:3d} {row['score']:.2f}{mark}\n    {row['zh']}\n    {row['en']}\n")
    return 0
