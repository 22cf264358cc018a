"""``duizhao gloss TEXT_OR_FILE [--json]``: tokens with pinyin and CC-CEDICT glosses."""

from __future__ import annotations

import sys

from reader.cli import args as checks
from reader.cli.output import dump_json
from reader.errors import InputError


def register(subparsers, add_common) -> None:
    p = subparsers.add_parser("gloss", help="segment Chinese text and print pinyin and glosses per word")
    p.add_argument("source", metavar="TEXT_OR_FILE", type=checks.text_or_file,
                   help=f"Chinese text, or a .txt/.html/.mhtml file (up to {checks.GLOSS_MAX_CHARS:,} characters)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--zhuyin", action="store_true", help="show zhuyin instead of pinyin (text output)")
    add_common(p)
    p.set_defaults(handler=run)


def read_source(source: tuple[str, str]) -> str:
    """The Chinese text to gloss: a file's article text, or the text argument itself (see checks.text_or_file)."""
    kind, value = source
    if kind == "text":
        return value
    from reader.ingest import load_article

    text = "\n".join(load_article(value, english=None).zh)
    if not text.strip():
        raise InputError(f"{value}: no Chinese text found")
    return checks.chinese_text(text, f"the Chinese text of {value}")


def run(args) -> int:
    text = read_source(args.source)  # a bad file is refused before the text core loads
    from reader.text.analysis import analyze
    from reader.text.glossing import gloss_tokens

    analysed = analyze(text)
    tokens = gloss_tokens(analysed)
    if args.json:
        dump_json({"text": text, "tokens": tokens}, sys.stdout, indent=1)
        return 0
    for tok in tokens:
        if tok["kind"] != "han":
            continue
        reading = tok["pinyin"]
        if args.zhuyin:
            from reader.text.pinyin_format import numbers_to_zhuyin

            reading = numbers_to_zhuyin(tok["pinyin_numbers"] or "")
        gloss = "; ".join(tok["glosses"][0]["senses"][:3]) if tok["glosses"] else ""
        print(f"{tok['text']}\t{reading}\t{gloss}")
    return 0
