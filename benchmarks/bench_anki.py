"""Anki export speed and size: 10,000 words + 10,000 passages.

Prints our export (pinyin colouring, zhuyin, Markdown notes, escaping,
compressed package) beside plain genanki writing the same notes with
pre-escaped fields and no processing, measured in the same run, as a ratio.

    python benchmarks/bench_anki.py [--words N] [--passages N]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import tempfile
import time
from pathlib import Path

import genanki
from pypinyin import Style, lazy_pinyin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reader.export import (
    anki,  # noqa: E402
    anki_templates,  # noqa: E402
)

SEED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "seed"


def make_notes(n_words: int, n_passages: int):
    """Synthetic but realistic notes built from the seed article."""
    zh = SEED.joinpath("qiantang-zh.txt").read_text(encoding="utf-8")
    en = SEED.joinpath("qiantang-en.txt").read_text(encoding="utf-8")
    sentences = [s for s in re.split(r"(?<=[。！？])", zh.replace("\n", "")) if len(s) > 8]
    english = [s.strip() for s in re.split(r"(?<=[.!?])\s*", en) if len(s.strip()) > 8]
    words, passages = [], []
    for i in range(n_words):
        sentence = sentences[i % len(sentences)]
        han = [j for j, ch in enumerate(sentence) if "\u4e00" <= ch <= "\u9fff"]
        at = han[(i // len(sentences)) % max(1, len(han) - 1)]
        word = sentence[at : at + 2]
        numbered = " ".join(lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True))
        words.append(
            anki.WordNote(
                uid=f"word-{i}", simplified=word, traditional=word, pinyin_numbers=numbered,
                senses=(f"sense {i}", "another sense; CL:个[ge4]"), hsk=anki.hsk_label(3, 4),
                sentence=sentence, word_start=at, sentence_en=english[i % len(english)],
                source_title="钱塘观潮", source_url="https://www.hangzhou.gov.cn/art/1.html",
                tags=("hangzhou.gov.cn",), modified=1_750_000_000 + i,
            )
        )
    for i in range(n_passages):
        passages.append(
            anki.PassageNote(
                uid=f"annotation-{i}", quote=sentences[i % len(sentences)],
                note=f"Note {i}: the **image** of the _white line_ <b>x</b>\n\n- one\n- [a](https://example.com/{i})",
                translation=english[i % len(english)], source_title="钱塘观潮",
                source_url="https://www.hangzhou.gov.cn/art/1.html", tags=("imagery", "to review"),
                deck=anki.deck_name(f"Article {i % 50}"), modified=1_750_000_000 + i,
            )
        )
    return words, passages


def plain_genanki(words, passages, path: Path) -> None:
    """Reference: genanki as documented, escaped text fields, no pinyin/Markdown work."""
    word_model, passage_model = anki_templates.word_model(), anki_templates.passage_model()
    decks: dict[str, genanki.Deck] = {}

    def deck(name):
        if name not in decks:
            decks[name] = genanki.Deck(anki.deck_id(name), name)
        return decks[name]

    for w in words:
        fields = [html.escape(w.simplified), html.escape(w.traditional), html.escape(w.pinyin_numbers), "",
                  html.escape("; ".join(w.senses)), html.escape(w.hsk), html.escape(w.sentence),
                  html.escape(w.sentence_en), html.escape(w.source_title), ""]
        deck(w.deck).add_note(genanki.Note(model=word_model, fields=fields, guid=w.uid, tags=["hangzhou.gov.cn"]))
    for p in passages:
        fields = [html.escape(p.quote), html.escape(p.note), html.escape(p.translation), html.escape(p.source_title)]
        deck(p.deck).add_note(genanki.Note(model=passage_model, fields=fields, guid=p.uid, tags=["imagery"]))
    genanki.Package(list(decks.values())).write_to_file(str(path))


def timed(fn, *args) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--passages", type=int, default=10_000)
    args = parser.parse_args(argv)
    words, passages = make_notes(args.words, args.passages)
    notes = [*words, *passages]
    with tempfile.TemporaryDirectory() as tmp:
        ours_apkg, ours_tsv, reference = Path(tmp, "ours.apkg"), Path(tmp, "ours.tsv"), Path(tmp, "plain.apkg")
        t_ref = timed(plain_genanki, words, passages, reference)
        t_apkg = timed(anki.write_apkg, notes, ours_apkg)
        t_tsv = timed(anki.write_tsv, notes, ours_tsv)
        sizes = {p: p.stat().st_size for p in (ours_apkg, ours_tsv, reference)}
    n = len(notes)
    print(f"Anki export of {len(words)} words + {len(passages)} passages ({n} notes)")
    print(f"  plain genanki (reference): {t_ref:6.2f} s  {sizes[reference] / 1e6:6.1f} MB")
    print(f"  duizhao .apkg:             {t_apkg:6.2f} s  {sizes[ours_apkg] / 1e6:6.1f} MB"
          f"  time ratio {t_apkg / t_ref:.2f}x, size ratio {sizes[ours_apkg] / sizes[reference]:.2f}x")
    print(f"  duizhao .tsv:              {t_tsv:6.2f} s  {sizes[ours_tsv] / 1e6:6.1f} MB")
    print(f"  per note: {t_apkg / n * 1e3:.3f} ms (.apkg), reference {t_ref / n * 1e3:.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
