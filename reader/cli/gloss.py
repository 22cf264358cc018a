"""``duizhao gloss TEXT_OR_FILE [--json]``: tokens with pinyin and CC-CEDICT glosses."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from reader.errors import InputError


def register(subparsers, add_common) -> None:
    p = subparsers.add_parser("gloss", help="segment Chinese text and print pinyin and glosses per word")
    p.add_argument("source", metavar="TEXT_OR_FILE", help="Chinese text, or a .txt/.html/.mhtml file")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--zhuyin", action="store_true", help="show zhuyin instead of pinyin (text output)")
    add_common(p)
    p.set_defaults(handler=run)


def _looks_like_path(source: str) -> bool:
    return (
        "/" in source
        or "\\" in source
        or Path(source).suffix.lower() in {".txt", ".html", ".htm", ".xhtml", ".mhtml", ".mht"}
    )


def read_source(source: str) -> str:
    """The Chinese text of a file argument (its article text), or the argument itself."""
    path = Path(source)
    if path.exists() or _looks_like_path(source):
        if not path.exists():
            raise InputError(f"{source}: no such file")
        from reader.ingest import load_article

        article = load_article(path, english=None)
        text = "\n".join(article.zh)
        if not text.strip():
            raise InputError(f"{source}: no Chinese text found")
        return text
    return source


def run(args) -> int:
    from reader.text.analysis import analyze
    from reader.text.glossing import gloss_tokens

    text = read_source(args.source)
    analysed = analyze(text)
    tokens = gloss_tokens(analysed)
    if args.json:
        json.dump({"text": text, "tokens": tokens}, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
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
