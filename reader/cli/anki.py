"""``duizhao export-anki``: saved words, sentences and notes as an Anki deck.

    duizhao export-anki -o FILE.apkg [--tsv] [--article ID] [--words] [--sentences]
                        [--passages] [--changed-only] [--deck-per-article] [--audio]

Without kind flags every kind is exported.  Notes keep their identity, so
importing a newer export into Anki updates the notes instead of duplicating
them.  A ``.tsv``/``.txt`` output name implies ``--tsv``.
"""

from __future__ import annotations

import argparse
import sys

from reader.cli import args as checks
from reader.errors import StoreError

DESCRIPTION = (
    "Export saved words (Duizhao Word notes), their sentences (cloze notes) and highlighted "
    "passages with your notes (Duizhao Passage notes) for Anki. Re-exporting updates the "
    "notes already in Anki instead of duplicating them."
)


def register(subparsers, add_common) -> None:
    """Add the ``export-anki`` sub-command."""
    p = subparsers.add_parser(
        "export-anki",
        help="export words, sentences and notes as an Anki deck (.apkg) or text file",
        description=DESCRIPTION,
    )
    add_common(p)  # its --db has no default, so one given before the command survives
    p.add_argument("-o", "--output", required=True, metavar="FILE", type=checks.output_path,
                   help="the .apkg (or .tsv) file to write")
    p.add_argument("--tsv", action="store_true", help="write Anki's tab-separated text format instead of .apkg "
                   "(import one .apkg first: it brings the Duizhao note types)")
    p.add_argument("--article", type=checks.article_id, metavar="ID", help="only this article's words and notes")
    p.add_argument("--words", action="store_true", help="export saved words")
    p.add_argument("--sentences", action="store_true", help="export a cloze note per saved word's sentence")
    p.add_argument("--passages", action="store_true", help="export highlighted passages and notes")
    p.add_argument("--changed-only", action="store_true", help="only items new or changed since their last export")
    p.add_argument("--deck-per-article", action="store_true", help="one deck per article (Duizhao::<title>)")
    p.add_argument("--audio", action="store_true", help="word and sentence audio on the cards (.apkg only; "
                   "spoken offline by eSpeak NG's Mandarin voice)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export and print one summary line."""
    output = checks.writable_output(args.output, checks.database_of(args))
    tsv = args.tsv or output.suffix.lower() in (".tsv", ".txt")
    kinds = {"words": args.words, "sentences": args.sentences, "passages": args.passages}
    if not any(kinds.values()):  # no kind flags: every kind
        kinds = dict.fromkeys(kinds, True)
    with checks.open_library(args) as library:
        if library.read_only:  # the deck could be written, but not what it sent (the next --changed-only)
            raise StoreError(f"cannot export from {library.path}: the database can only be read here, so "
                             "Duizhao could not remember what it exported; nothing was written")
        result = library.export_anki(
            output,
            article_id=args.article,
            changed_only=args.changed_only,
            tsv=tsv,
            deck_per_article=args.deck_per_article,
            audio=args.audio,
            **kinds,
        )
    if not result.written:
        what = "new or changed " if args.changed_only else ""
        print(f"nothing {what}to export; {output} not written", file=sys.stderr)
        return 0
    print(
        f"wrote {result.total} notes ({result.words} words, {result.sentences} sentences, "
        f"{result.passages} passages{f', {result.media} audio files' if result.media else ''}) to {result.path}"
    )
    return 0
