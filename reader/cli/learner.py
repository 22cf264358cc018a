"""``duizhao stats`` and ``duizhao words known|status|seed``: the learner model without the GUI."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from reader.cli import args as checks
from reader.cli.output import dumps
from reader.errors import InputError

STATUSES = ("new", "learning", "known", "ignored")
#: The most new words and study sentences the text output lists (--json gives all).
SHOWN = 15


def count(value: str) -> int:
    """A positive whole number (``--hsk``, ``--top``)."""
    text = value.strip()
    if not text.isascii() or not text.isdigit() or int(text) < 1 or len(text) > 9:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(text)


def register(subparsers, add_common) -> None:
    stats = subparsers.add_parser("stats", help="an article's share of known words, new words, difficulty")
    add_common(stats)
    stats.add_argument("--article", type=checks.article_id, metavar="ID", help="this article (default: the last opened)")
    stats.add_argument("--json", action="store_true", help="one JSON object: the figures, new words, study sentences")
    stats.set_defaults(handler=_stats)


def register_words(words_sub, add_common) -> None:
    """``words known``, ``words status`` and ``words seed`` (beside ``words list``)."""
    known = words_sub.add_parser("known", help="mark words known (without WORDs: list the known words)")
    add_common(known)
    known.add_argument("words", nargs="*", metavar="WORD")
    known.set_defaults(handler=_known)
    status = words_sub.add_parser("status", help="give words a status: new, learning, known, ignored")
    add_common(status)
    status.add_argument("status", choices=STATUSES)
    status.add_argument("words", nargs="+", metavar="WORD")
    status.set_defaults(handler=_status)
    seed = words_sub.add_parser("seed", help="mark known the words of an HSK level, the most frequent words, "
                                "a list or an Anki file (words that have a status keep it)")
    add_common(seed)
    source = seed.add_mutually_exclusive_group(required=True)
    source.add_argument("--hsk", type=count, metavar="N", help="HSK levels 1..N")
    source.add_argument("--top", type=count, metavar="N", help="the N most frequent words")
    source.add_argument("--file", type=checks.input_file, metavar="PATH", help="a word list: one a line, or CSV/TSV")
    source.add_argument("--anki", type=checks.input_file, metavar="PATH", help="an Anki .apkg, .colpkg or .anki2")
    seed.add_argument("--hsk-version", choices=("2.0", "3.0"), default="3.0", help="the HSK lists (default 3.0)")
    seed.add_argument("--field", metavar="NAME", help="the column (name or number) or Anki field holding the word")
    seed.set_defaults(handler=_seed)


def _words(values: list[str]) -> list[str]:
    from reader.text.script import to_simplified

    words = [to_simplified(checks.chinese_text(w.strip(), f"the word {w!r}")) for w in values]
    return list(dict.fromkeys(words))


def _report(changes) -> None:
    if not changes.changed:
        print("nothing changed")
        return
    by_status: dict[str, int] = {}
    for _before, after in changes.changed.values():
        by_status[after] = by_status.get(after, 0) + 1
    print(", ".join(f"{n:,} word{'s' if n != 1 else ''} now {s}" for s, n in sorted(by_status.items())))


def _known(args) -> int:
    words = _words(args.words)  # checked before the database is opened
    with checks.open_library(args) as library:
        if not words:
            for word in sorted(library.known_words()):
                print(word)
            return 0
        _report(library.set_word_statuses(dict.fromkeys(words, "known")))
    return 0


def _status(args) -> int:
    words = _words(args.words)
    with checks.open_library(args) as library:
        _report(library.set_word_statuses(dict.fromkeys(words, args.status)))
    return 0


def _seed(args) -> int:
    if args.field is not None and args.file is None and args.anki is None:
        raise InputError("--field goes with --file or --anki")
    if args.hsk is not None and args.hsk > (6 if args.hsk_version == "2.0" else 9):
        raise InputError(f"HSK {args.hsk_version} has levels 1 to {6 if args.hsk_version == '2.0' else 9}")
    if args.top is not None:
        from reader.text import frequency

        if args.top > frequency.list_size():
            raise InputError(f"the number of frequent words must be 1 to {frequency.list_size():,}, not {args.top}")
    source = {"hsk": args.hsk, "top": args.top, "file": args.file, "anki": args.anki}
    options = {k: v for k, v in source.items() if v is not None}
    if args.hsk is not None:
        options["hsk_version"] = args.hsk_version
    if args.field is not None:
        options["field"] = args.field
    with checks.open_library(args) as library:
        _report(library.seed_known(**options))
    return 0


def _stats(args) -> int:
    with checks.open_library(args) as library:
        article = checks.existing_article(library, args.article)
        if article is None:
            infos = library.articles()
            if not infos:
                raise InputError(f"no article in the database {library.path}")
            article = infos[0].id
        info = next(i for i in library.articles() if i.id == article)
        stats = library.article_stats(article)
        new = library.article_new_words(article)
        study = library.study_sentences(article)
    if args.json:
        print(dumps({"article": article, "title": info.title, **stats.as_dict(),
                     "new_word_list": [asdict(w) for w in new], "study_sentences": [asdict(s) for s in study]}))
        return 0
    ratio = "–" if stats.known_ratio is None else f"{stats.known_ratio:.1%}"
    print(f"{article}  {info.title or ''}")
    print(f"known {ratio} of {stats.running_words:,} running words ({stats.known:,} known, {stats.learning:,} "
          f"learning, {stats.new:,} new; {stats.ignored:,} names, numbers, Latin and ignored words not counted)")
    print(f"unknown words {stats.unknown_words:,} ({stats.new_words:,} new); this reader: {stats.label or '–'}")
    profile = "  ".join(f"{level}: {n:,}" for level, n in stats.hsk_profile.items() if n)
    print(f"HSK 3.0 profile (running words): {profile}")
    if stats.rank_95 is not None:
        hsk = "beyond HSK" if stats.hsk_95 == 8 else f"HSK {'7-9' if stats.hsk_95 == 7 else stats.hsk_95}"
        print(f"difficulty: 95 % of the words are among the {stats.rank_95:,} most frequent; {hsk} covers 95 %")
    if new:
        print("new words (most frequent first):")
        for w in new[:SHOWN]:
            rank = f"#{w.rank:,}" if w.rank else "rare"
            hsk = f"  HSK {w.hsk3}" if w.hsk3 else ""
            print(f"  {w.word}\t{rank}\t×{w.count}{hsk}")
        if len(new) > SHOWN:
            print(f"  … {len(new) - SHOWN:,} more (--json lists all)")
    if study:
        print(f"sentences with one unknown word: {len(study):,}")
        for s in study[:SHOWN]:
            print(f"  [{s.word}] {s.text}" + (f"\n      {s.english}" if s.english else ""))
    return 0
