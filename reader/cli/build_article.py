"""The window's analysis process: ``duizhao __build-article DB ARTICLE_ID`` (see :mod:`reader.store.analysis_child`).

Builds one article as the window's Library would (analysis, alignment, the
search key; all stored), reporting ``PROGRESS fraction message`` lines; the
paragraph pairs of a bilingual page come as JSON on standard input.  Not a
command for people: it is not listed in ``--help``.
"""

from __future__ import annotations

import json
import sys

from reader.store.analysis_child import COMMAND


def main(argv: list[str]) -> int:
    """Build the article ``DB ARTICLE_ID``; 0 when it is stored, 2 (one line on stderr) otherwise."""
    from reader.errors import DuizhaoError
    from reader.library import Library

    try:
        db_path, article_id = argv[0], int(argv[1])
        pairs = [tuple(p) for p in json.loads(sys.stdin.read() or "{}").get("pairs", [])]
    except (IndexError, ValueError, AttributeError, TypeError):
        print(f"duizhao: error: usage: {COMMAND} DB ARTICLE_ID (pairs as JSON on stdin)", file=sys.stderr)
        return 2

    def report(fraction: float, message: str) -> None:
        print(f"PROGRESS {fraction:.3f} {' '.join(message.split())}", flush=True)

    try:
        with Library(db_path, quick_check=True) as library:  # the window finishes the index's check itself
            library._build_view(article_id, report, paragraph_pairs=pairs)  # as the parent would have
            library._store.fill_article_pinyin(article_id)  # its search key (reader.articles.store_texts)
    except DuizhaoError as exc:
        print(f"duizhao: error: {exc}", file=sys.stderr)
        return 2
    return 0
