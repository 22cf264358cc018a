"""Encoding: BOM, declared charset (as its superset), detection, never an exception."""

import codecs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest.decode import canonical_encoding, declared_charset, decode_bytes

ZH = "江畔社区建起共享书房，老街坊有了读书新去处。陈喆说：“我们希望大家下楼就能读到好书。”"
TW = "高雄港邊閒置多年的舊倉庫，經過一年整修後，正式轉型為結合展覽與市集的藝文空間。"


@pytest.mark.parametrize(
    "declared,codec",
    [("gb2312", "gb18030"), ("GBK", "gb18030"), ("x-gbk", "gb18030"), ("GB18030", "gb18030"), ("big5", "big5hkscs"),
     ("Big5-HKSCS", "big5hkscs"), ("utf8", "utf-8"), ("UTF-8", "utf-8"), ("iso-8859-1", "cp1252"),
     ("shift_jis", "shift_jis"), ("no-such-charset", None), ("", None), ("utf-16", None)],
)
def test_canonical_encoding(declared, codec):
    assert canonical_encoding(declared) == codec


@pytest.mark.parametrize(
    "head,charset",
    [(b'<meta charset="gb2312">', "gb2312"), (b"<meta http-equiv='Content-Type' content='text/html; charset=big5'>", "big5"),
     (b'<?xml version="1.0" encoding="GBK"?><html>', "GBK"), (b"<html><body>no declaration</body></html>", None)],
)
def test_declared_charset(head, charset):
    assert declared_charset(head) == charset


@pytest.mark.parametrize(
    "bom,codec",
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_bom_wins_over_declaration(bom, codec):
    data = bom + ('<meta charset="gbk"><p>' + ZH + "</p>").encode(codec)
    decoded = decode_bytes(data)
    assert decoded.encoding == codec and ZH in decoded.text and not decoded.text.startswith("\ufeff")


def test_declared_gb2312_with_gbk_only_characters():
    data = ('<meta charset="gb2312"><p>' + ZH + "</p>").encode("gbk")
    decoded = decode_bytes(data)
    assert decoded.encoding == "gb18030" and ZH in decoded.text


def test_declared_big5():
    decoded = decode_bytes(('<meta charset="big5"><p>' + TW + "</p>").encode("big5"))
    assert decoded.encoding == "big5hkscs" and TW in decoded.text


@pytest.mark.parametrize(
    "text,codec,expected",
    [(ZH, "gbk", "gb18030"), (ZH, "gb18030", "gb18030"), (ZH, "utf-8", "utf-8"), (TW, "big5", "big5hkscs"),
     (TW, "utf-8", "utf-8"), (TW, "gbk", "gb18030")],  # GBK also has traditional characters
)
def test_undeclared_chinese_is_detected(text, codec, expected):
    decoded = decode_bytes((text * 3).encode(codec), sniff_markup=False)
    assert decoded.text == text * 3
    assert decoded.encoding == expected


def test_lying_declaration_falls_back_to_detection():
    # Declared UTF-8, really GBK: strict UTF-8 fails all over, so the bytes decide.
    decoded = decode_bytes(('<meta charset="utf-8"><p>' + ZH * 2 + "</p>").encode("gbk"))
    assert decoded.encoding == "gb18030" and ZH in decoded.text


def test_latin1_label_on_utf8_bytes():
    decoded = decode_bytes('<meta charset="iso-8859-1"><p>café 中文</p>'.encode())
    assert decoded.encoding == "utf-8" and "café 中文" in decoded.text


def test_real_latin1_page():
    decoded = decode_bytes('<meta charset="iso-8859-1"><p>Le café est très bon, déjà servi à côté.</p>'.encode("cp1252"))
    assert "café est très bon" in decoded.text


def test_truncated_utf8_keeps_the_text():
    data = ("<p>" + ZH + "</p>").encode("utf-8")[:-6]  # cut inside the last characters
    decoded = decode_bytes(data, sniff_markup=False)
    assert decoded.encoding == "utf-8" and decoded.text.startswith("<p>" + ZH[:-2])


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=600), st.sampled_from([None, "gb2312", "utf-8", "big5", "bogus", "utf-16"]))
def test_decoding_never_raises(data, declared):
    decoded = decode_bytes(data, declared=declared)
    assert isinstance(decoded.text, str) and decoded.encoding
    codecs.lookup(decoded.encoding)


@pytest.mark.parametrize(
    "text,codec,expected",
    [
        ("The mayor’s plan was called “bold” by critics — and it’s already late.", "cp1252", "cp1252"),
        ("Le café est très bon à côté de l'hôtel.", "latin-1", "cp1252"),
        ("新闻", "gbk", "gb18030"),  # four bytes: still Chinese, not Korean johab
        ("新聞", "big5", "big5hkscs"),
        ("“我们是共产党员，隔离了也是共产党员。”他说。", "gbk", "gb18030"),
    ],
)
def test_short_and_western_texts(text, codec, expected):
    decoded = decode_bytes(text.encode(codec), sniff_markup=False)
    assert (decoded.text, decoded.encoding) == (text, expected)
