"""Paragraph normalisation."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest import NORMALIZER_VERSION, normalize_text
from reader.ingest.normalize import normalize_paragraphs


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("\u3000\u3000在钱塘区集中隔离点，有一群党员。", "在钱塘区集中隔离点，有一群党员。"),
        ("\xa0\xa0\xa0\xa0他们是本次疫情中\n被隔离的人员。", "他们是本次疫情中被隔离的人员。"),  # wrap inside Chinese
        ("The message was\nsent by Qu Yuguo.", "The message was sent by Qu Yuguo."),
        ("a \t b\r\n\r\n c", "a b c"),
        ("标题 副标题", "标题 副标题"),  # a deliberate space between Chinese phrases stays
        ("zero\u200bwidth\ufeff soft\u00adhyphen", "zerowidth softhyphen"),
        ("control\x00\x07chars", "controlchars"),
        ("Cafe\u0301", "Café"),  # NFC
        ("  ", ""),
    ],
)
def test_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_paragraphs_drop_empties():
    assert normalize_paragraphs(["  一 ", "\u3000", "", "two  words"]) == ("一", "two words")


def test_version_is_an_int():
    assert isinstance(NORMALIZER_VERSION, int) and NORMALIZER_VERSION >= 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_idempotent_nfc_and_folded(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert once == once.strip() and "  " not in once and "\n" not in once
