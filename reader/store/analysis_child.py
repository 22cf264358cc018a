"""A new text's analysis in a child process: the window's process never loads the segmenter or the reading engine.

The window's :class:`reader.library.Library` sets ``analyse_apart``: an
article whose stored analysis does not hold (:func:`reader.store.analysis_cache.is_current`)
is then built by a child process of the same program (:func:`build`).  The
child opens the same database, builds the article's view as usual (its
analysis and alignment are stored: :mod:`reader.store.analysis_cache`, the
beads) and exits; the caller reads both back from the store.  rjieba, pypinyin,
g2pM and numpy (~180 MB resident) are loaded in the child only, and freed with it.

The child is the ``duizhao`` command line with a hidden first argument
(:data:`COMMAND`, run by :mod:`reader.cli.build_article`): ``python -m reader``
from the sources, the program itself in a bundle (PyInstaller: ``sys.frozen``).  Progress comes back on its standard
output, a line each (``PROGRESS fraction message``); a failure ends it with a
non-zero code and one line on standard error, and the caller then analyses in
its own process (nothing is lost, only the memory is not saved).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.store import Store

#: The hidden first argument of the ``duizhao`` command line that runs :func:`main`.
COMMAND = "__build-article"
#: Generous: a 2 MB article takes ~20 s on a loaded machine.
TIMEOUT_S = 600

Progress = Callable[[float, str], None]


def command(db_path: str, article_id: int) -> list[str]:
    """The child's command line: the program itself when frozen, else this interpreter on the ``reader`` package."""
    if getattr(sys, "frozen", False):
        return [sys.executable, COMMAND, str(db_path), str(article_id)]
    return [sys.executable, "-m", "reader", COMMAND, str(db_path), str(article_id)]


def built_apart(store: Store, article_id: int, zh_text: str, normalizer_version: str, paragraph_pairs: Sequence = (),
                progress: Progress | None = None) -> bool:
    """Build the article in a child process when its stored analysis does not hold; True when a child did.

    False when nothing needs building, the database is in memory or cannot be
    written (a child could not store its work), or the child failed: the caller
    then builds what is missing itself.
    """
    from reader.store.analysis_cache import is_current

    if is_current(store, article_id, zh_text, normalizer_version):
        return False
    if not (store.read_only or store.path == ":memory:") and build(store.path, article_id, paragraph_pairs, progress):
        return True
    store.fill_article_pinyin(article_id)  # stored without it (reader.articles.store_texts): the child's work
    return False


def build(db_path: str, article_id: int, paragraph_pairs: Sequence = (), progress: Progress | None = None) -> bool:
    """Build (analyse, align, store) an article in a child process; True when it did.

    False when the child could not run or failed (its last line is then in
    :data:`last_error`): the caller builds it itself.
    """
    global last_error
    import subprocess  # here: ~20 ms to import, and only a new text needs it

    env = dict(os.environ)
    if not getattr(sys, "frozen", False):  # ``-m reader`` from any folder: the package's parent on the path
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    try:
        child = subprocess.Popen(command(db_path, article_id), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="replace", env=env,
                                 creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))  # no console on Windows
    except OSError as exc:
        last_error = f"cannot start the analysis process: {exc}"
        return False
    try:
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        child.stdin.write(json.dumps({"pairs": [list(p) for p in paragraph_pairs]}))
        child.stdin.close()
        for line in child.stdout:
            kind, _, rest = line.rstrip("\n").partition(" ")
            fraction, _, message = rest.partition(" ")
            if kind == "PROGRESS" and progress is not None:
                try:
                    progress(float(fraction), message)
                except ValueError:
                    pass
        code = child.wait(TIMEOUT_S)
        errors = child.stderr.read().strip().splitlines()
    except (OSError, subprocess.TimeoutExpired) as exc:
        child.kill()
        child.wait()
        last_error = f"the analysis process failed: {exc}"
        return False
    if code != 0:
        last_error = errors[-1] if errors else f"the analysis process ended with code {code}"
        return False
    last_error = ""
    return True


#: The last failure of :func:`build` ("" after a success).
last_error = ""
