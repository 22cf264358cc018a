"""``duizhao gloss TEXT_OR_FILE [--json]``: tokens with pinyin and CC-CEDICT glosses."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from reader.cli import args as checks
from reader.cli.output import dumps
from reader.errors import InputError

#: A long text is analysed and printed in pieces of about this many characters, cut at line
#: ends (pinyin and segmentation never look past a line), with progress on stderr.
CHUNK_CHARS = 50_000


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
    from reader.ingest import load_article, read_plain_text

    # a text file is glossed whole, line for line (offsets into its own text); a page's article is found first
    text = read_plain_text(value)
    if text is None:
        text = "\n".join(load_article(value, english=None).zh)
    if not text.strip():
        raise InputError(f"{value}: no Chinese text found")
    return checks.chinese_text(text, f"the Chinese text of {value}")


def chunks(text: str, size: int = CHUNK_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` covering ``text``: pieces of at most ``size`` characters, cut after a line
    break where there is one, else after a sentence end, else at ``size``."""
    start = 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut < start:
                cut = max(text.rfind(mark, start, end) for mark in "。！？!?；;")
            if cut >= start:
                end = cut + 1
        yield start, text[start:end]
        start = end


def glossed(text: str, progress) -> Iterator[dict]:
    """Every token of ``text`` (offsets into the whole text), analysed piece by piece."""
    from reader.text.analysis import analyze
    from reader.text.glossing import gloss_tokens

    for offset, piece in chunks(text):
        for tok in gloss_tokens(analyze(piece)):
            if offset:
                tok["start"] += offset
                tok["end"] += offset
            yield tok
        progress(offset + len(piece))


def run(args) -> int:
    text = read_source(args.source)  # a bad file is refused before the text core loads
    progress = _progress(len(text))
    out = sys.stdout
    if args.json:
        # streamed: the document is {"text": ..., "tokens": [...]} as before, written token by token
        out.write('{\n "text": ' + dumps(text, out) + ',\n "tokens": [')
        for index, tok in enumerate(glossed(text, progress)):
            out.write(("," if index else "") + "\n  " + dumps(tok, out, indent=1).replace("\n", "\n  "))
        out.write("\n ]\n}\n")
        return 0
    for tok in glossed(text, progress):
        if tok["kind"] != "han":
            continue
        reading = tok["pinyin"]
        if args.zhuyin:
            from reader.text.pinyin_format import numbers_to_zhuyin

            reading = numbers_to_zhuyin(tok["pinyin_numbers"] or "")
        gloss = "; ".join(tok["glosses"][0]["senses"][:3]) if tok["glosses"] else ""
        out.write(f"{tok['text']}\t{reading}\t{gloss}\n")
    return 0


def _progress(total: int):
    """A callback printing how far a long text has got on stderr (nothing for one piece)."""
    if total <= CHUNK_CHARS:
        return lambda done: None
    tty = sys.stderr.isatty()

    def report(done: int) -> None:
        line = f"duizhao: glossed {done:,} of {total:,} characters ({100 * done // total} %)"
        sys.stderr.write(("\r" + line + ("\n" if done >= total else "")) if tty else line + "\n")
        sys.stderr.flush()

    return report
