"""``duizhao annotations list|export`` and ``duizhao words list``: the notes and vocabulary, without the GUI."""

from __future__ import annotations

from dataclasses import asdict

from reader.cli import args as checks
from reader.cli.output import dumps

FORMATS = ("md", "csv", "json")


def register(subparsers, add_common) -> None:
    notes = subparsers.add_parser("annotations", help="list or export highlights and notes")
    add_common(notes)
    notes_sub = notes.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = notes_sub.add_parser("list", help="list annotations")
    add_common(listing)
    listing.add_argument("--json", action="store_true", help="one JSON object per line")
    listing.add_argument("--article", type=checks.article_id, metavar="ID", help="only this article")
    listing.add_argument("--deleted", action="store_true", help="include deleted annotations")
    listing.set_defaults(handler=_list_annotations)
    export = notes_sub.add_parser("export", help="write annotations to a file")
    add_common(export)
    export.add_argument("--format", choices=FORMATS, default="md", help="md (per article), csv or W3C json")
    export.add_argument("-o", "--output", required=True, metavar="PATH", type=checks.output_path,
                        help="file (or an existing folder for md: one file per article)")
    export.add_argument("--article", type=checks.article_id, metavar="ID", help="only this article")
    export.set_defaults(handler=_export_annotations)

    words = subparsers.add_parser("words", help="list the saved vocabulary")
    add_common(words)
    words_sub = words.add_subparsers(dest="action", metavar="ACTION", required=True)
    wl = words_sub.add_parser("list", help="list saved words")
    add_common(wl)
    wl.add_argument("--json", action="store_true", help="one JSON object per line")
    wl.add_argument("--status", choices=("new", "learning", "known"))
    wl.add_argument("--article", type=checks.article_id, metavar="ID")
    wl.set_defaults(handler=_list_words)
    from reader.cli.learner import register_words  # words known / status / seed

    register_words(words_sub, add_common)


def _list_annotations(args) -> int:
    with checks.open_library(args) as library:
        article = checks.existing_article(library, args.article)
        titles = {i.id: i.title for i in library.articles()}
        for ann in library.annotations(article, include_deleted=args.deleted):
            if args.json:
                record = asdict(ann)
                record["article_title"] = titles.get(ann.article_id)
                print(dumps(record))
            else:
                flag = {"orphan": " [needs review]", "fuzzy": " [moved]"}.get(ann.status, "")
                deleted = " [deleted]" if ann.deleted else ""
                note = f"  — {' '.join(ann.note.split())}" if ann.note else ""
                tags = f"  {' '.join('#' + t for t in ann.tags)}" if ann.tags else ""
                print(f"{ann.uuid[:8]}  {ann.article_id}:{ann.side}:{ann.start}-{ann.end}  "
                      f"{' '.join(ann.quote.split())}{note}{tags}{flag}{deleted}")
    return 0


def _export_annotations(args) -> int:
    output = checks.writable_output(args.output, checks.database_of(args), folder_ok=args.format == "md")
    with checks.open_library(args) as library:
        article = checks.existing_article(library, args.article)
        path = library.export_annotations(args.format, output, article_id=article)
    print(path)
    return 0


def _list_words(args) -> int:
    with checks.open_library(args) as library:
        article = checks.existing_article(library, args.article)
        for word in library.words(article_id=article, status=args.status):
            if args.json:
                print(dumps(asdict(word)))
            else:
                senses = "; ".join(word.senses)
                print(f"{word.id}\t{word.simplified}\t{word.pinyin}\t{word.status}\t{senses}")
    return 0
