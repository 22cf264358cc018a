"""How the English pane lays out its text: display-only breaks and spaces.

Machine translations often arrive as one paragraph with the spaces after
full stops lost ("branch.They").  The stored text is never changed (offsets
of highlights stay valid); instead the pane shows *insertions*:

- a paragraph break before an English sentence whose aligned pair starts a
  new Chinese paragraph, when the English has fewer paragraphs than the
  Chinese (so the two sides read paragraph by paragraph);
- a space between two adjacent sentences that have no whitespace between them;
- in the row-aligned layout (:mod:`reader.ui.rows`), a break before the
  first English sentence of every pair, so each pair starts a line.

Pure functions: no Qt, tested on their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def paragraph_count(text: str) -> int:
    """Non-empty lines of a text (paragraphs are joined by "\\n")."""
    return sum(1 for line in text.split("\n") if line.strip())


def english_insertions(
    en_text: str,
    en_spans: Sequence[tuple[int, int]],
    pairs: Iterable,
    zh_paragraph_starts: Iterable[int],
    zh_paragraphs: int,
    breaks_before: Iterable[int] = (),
) -> tuple[tuple[int, str], ...]:
    """Display-only ``(offset, string)`` insertions for the English pane.

    ``pairs`` are :class:`reader.library.Pair` (``.zh``, ``.en`` sentence
    indices); ``zh_paragraph_starts`` are the indices of the Chinese
    sentences that begin a paragraph; ``breaks_before``: English sentences
    that must start a line (the rows of the row-aligned layout).
    """
    if not en_spans:
        return ()
    breaks: set[int] = set()
    for index in breaks_before:
        if 0 < index < len(en_spans):
            at = en_spans[index][0]
            if at > 0 and "\n" not in en_text[en_spans[index - 1][1]:at]:
                breaks.add(at)
    if paragraph_count(en_text) < zh_paragraphs:
        starts = set(zh_paragraph_starts)
        for pair in pairs:
            if pair.zh and pair.en and pair.zh[0] in starts and 0 < pair.en[0] < len(en_spans):
                at = en_spans[pair.en[0]][0]
                if at > 0 and "\n" not in en_text[en_spans[pair.en[0] - 1][1]:at]:
                    breaks.add(at)
    out: list[tuple[int, str]] = []
    for index in range(1, len(en_spans)):
        at = en_spans[index][0]
        if at in breaks:
            out.append((at, "\n"))
            continue
        previous_end = en_spans[index - 1][1]
        gap = en_text[previous_end:at]
        if at > 0 and not any(c.isspace() for c in gap) and not en_text[at - 1].isspace() \
                and not en_text[at].isspace():
            out.append((at, " "))
    return tuple(out)


def view_insertions(view, breaks_before: Iterable[int] = ()) -> tuple[tuple[int, str], ...]:
    """The English pane's insertions for an :class:`reader.library.ArticleView` (see :func:`english_insertions`)."""
    if not view.en_text:
        return ()
    paragraphs = getattr(view.zh, "paragraphs", ())
    starts = [p.sentences[0].index for p in paragraphs if p.sentences]
    return english_insertions(view.en_text, list(view.en_sentences), view.pairs, starts, len(paragraphs),
                              breaks_before)
