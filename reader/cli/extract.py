"""``duizhao extract FILE [ENGLISH_FILE] [--json]``: show what would be read from a page or text file."""

from __future__ import annotations

import argparse
import sys

from reader.cli import args as checks
from reader.cli.output import dump_json


def register(subparsers, add_common) -> None:
    """Add the ``extract`` sub-command."""
    p = subparsers.add_parser(
        "extract",
        help="extract the article (title, date, Chinese and English paragraphs) from a saved page or text file",
        description="Extract the article from a saved web page (.html, .mhtml) or a text file. "
        "Nothing on the page is run or fetched. Without ENGLISH_FILE an English sibling file "
        "(same name plus -en, _en, .en or english) is used if present.",
    )
    p.add_argument("file", metavar="FILE", type=checks.input_file, help="the Chinese (or bilingual) page or text file")
    p.add_argument("english", metavar="ENGLISH_FILE", nargs="?", type=checks.input_file,
                   help="the English version (page or text file)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a readable summary")
    add_common(p)
    p.set_defaults(handler=run)


def to_json(article) -> dict:
    """The JSON document printed by ``--json``."""
    return {
        "title": article.title,
        "date": article.date,
        "author": article.author,
        "site": article.site,
        "source_url": article.source_url,
        "encoding": article.encoding,
        "zh": list(article.zh),
        "en": list(article.en),
        "pairs": [list(p) for p in article.pairs],
        "en_title": article.en_title,
        "en_path": article.en_path,
        "normalizer_version": article.normalizer_version,
    }


def _summary(article) -> str:
    def short(text: str, width: int = 60) -> str:
        return text if len(text) <= width else text[: width - 1] + "…"

    lines = [
        f"title:      {article.title}",
        f"date:       {article.date or '-'}",
        f"author:     {article.author or '-'}",
        f"site:       {article.site or '-'}",
        f"source:     {article.source_url or '-'}",
        f"encoding:   {article.encoding}",
        f"chinese:    {len(article.zh)} paragraphs, {sum(map(len, article.zh))} characters",
        f"english:    {len(article.en)} paragraphs" + (f" from {article.en_path}" if article.en_path else ""),
    ]
    if article.en_title:
        lines.append(f"en title:   {article.en_title}")
    if article.pairs:
        lines.append(f"paired:     {len(article.pairs)} paragraph pairs (bilingual page)")
    for label, paragraphs in (("zh", article.zh), ("en", article.en)):
        for i, paragraph in enumerate(paragraphs, 1):
            lines.append(f"  {label} {i:>3}  {short(paragraph)}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Handler: print the extracted article; InputError reaches the CLI's one-line error."""
    from reader.ingest import load_article

    article = load_article(args.file, english=args.english)
    if args.json:
        dump_json(to_json(article), sys.stdout, indent=2)
    else:
        print(_summary(article))
    return 0
