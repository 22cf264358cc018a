"""The README's keyboard-shortcut table, generated from the window's own tables.

    python packaging/readme_shortcuts.py            print the table
    python packaging/readme_shortcuts.py --write    replace it in README.md

The table sits between ``<!-- shortcuts:begin -->`` and
``<!-- shortcuts:end -->``; ``tests/packaging/test_readme.py`` fails when it
no longer matches ``reader.ui.actions.SHORTCUTS`` and ``PANE_KEYS``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN, END = "<!-- shortcuts:begin -->", "<!-- shortcuts:end -->"


def table() -> str:
    """Markdown rows for every menu shortcut, then the keys handled by the Chinese pane."""
    sys.path.insert(0, str(ROOT))
    from reader.ui.actions import PANE_KEYS, SHORTCUTS

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    # The window gives single keys to the reading panes only (not while typing a note).
    rows = ["| Keys | Command | Where |", "| --- | --- | --- |"]
    rows += [f"| {cell(keys)} | {cell(label)} | {'reading panes' if len(keys) == 1 else 'anywhere'} |"
             for _name, label, keys in SHORTCUTS]
    rows += [f"| {cell(keys)} | {cell(label)} | Chinese pane |" for keys, label in PANE_KEYS]
    return "\n".join(rows)


def readme_table(text: str) -> str | None:
    """The table currently between the markers, or None without markers."""
    match = re.search(re.escape(BEGIN) + r"\n(.*?)\n" + re.escape(END), text, re.S)
    return match.group(1) if match else None


def main(argv: list[str]) -> int:
    generated = table()
    if "--write" not in argv:
        print(generated)
        return 0
    text = README.read_text(encoding="utf-8")
    if readme_table(text) is None:
        print(f"readme_shortcuts: no {BEGIN} … {END} markers in README.md", file=sys.stderr)
        return 1
    text = re.sub(re.escape(BEGIN) + r"\n.*?\n" + re.escape(END), lambda _m: f"{BEGIN}\n{generated}\n{END}", text,
                  flags=re.S)
    README.write_text(text, encoding="utf-8")
    print("readme_shortcuts: README.md updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
