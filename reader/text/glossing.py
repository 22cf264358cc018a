"""Tokens with their pinyin and glosses as plain dicts (the ``gloss`` command's JSON)."""

from __future__ import annotations

from reader.text.analysis import AnalyzedText
from reader.text.dictionary import Entry
from reader.text.pinyin import format_syllables


def entry_dict(entry: Entry) -> dict:
    """One dictionary entry as JSON-ready data."""
    return {
        "simplified": entry.simplified,
        "traditional": entry.traditional,
        "pinyin": entry.pinyin,
        "pinyin_numbers": entry.pinyin_numbers,
        "senses": list(entry.senses),
        "classifiers": list(entry.classifiers),
        "variants": list(entry.variants),
        "hsk": {"2.0": entry.hsk2, "3.0": entry.hsk3},
    }


def gloss_tokens(analysed: AnalyzedText, include_spaces: bool = False) -> list[dict]:
    """Every token of ``analysed`` with offsets, pinyin in context and dictionary entries."""
    out = []
    for index, token in enumerate(analysed.tokens):
        if token.kind == "space" and not include_spaces:
            continue
        syllables = analysed.token_syllables(index) if token.kind == "han" else None
        out.append(
            {
                "text": token.text,
                "start": token.start,
                "end": token.end,
                "kind": token.kind,
                "pinyin": format_syllables(syllables, "marks"),
                "pinyin_numbers": format_syllables(syllables, "numbers"),
                "glosses": [entry_dict(e) for e in analysed.glosses(token)] if token.kind == "han" else [],
            }
        )
    return out
