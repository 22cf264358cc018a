"""Bytes → text with the right encoding, reporting which one was used.

Order: byte-order mark, then the declared charset (a page's ``<meta>``, an XML
declaration or a MIME part's ``charset``), then detection.  Declared
GB2312/GBK are decoded as GB18030 (its superset: sites declare gb2312 and use
GBK-only characters) and Big5 as Big5-HKSCS for the same reason.  Decoding
never raises: the last resort replaces undecodable bytes.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

#: Declared names → the codec we actually decode with (a superset).
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030",
    "euc-cn": "gb18030", "gb_2312-80": "gb18030", "csgb2312": "gb18030", "hz-gb-2312": "gb18030",
    "chinese": "gb18030", "ms936": "gb18030", "windows-936": "gb18030", "gb18030": "gb18030",
    "big5": "big5hkscs", "big5-hkscs": "big5hkscs", "cp950": "big5hkscs", "x-x-big5": "big5hkscs",
    "csbig5": "big5hkscs", "big5hkscs": "big5hkscs", "ms950": "big5hkscs",
    # WHATWG: pages labelled Latin-1/ASCII are decoded as windows-1252.
    "iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
    "ascii": "cp1252", "iso8859-1": "cp1252",
}

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: same first two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Pages only (a text file is not searched for them): compiled on first use, by re's cache.
_META_CHARSET = rb"""(?i)<meta[^>]{0,512}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{2,40})"""
_XML_DECL = rb"""(?i)^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9_.:\-]{2,40})["']"""
_SINGLE_BYTE = {"cp1252", "iso8859-15", "cp1250", "cp1251", "iso8859-2", "koi8-r", "mac-roman"}

# The commonest Chinese characters (simplified; traditional forms are added
# lazily).  Used only to choose between GB and Big5 readings of the same bytes.
_COMMON_HAN = (
    "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而"
    "能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高"
    "意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政"
    "海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活"
    "难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它"
    "许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权"
    "往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄"
    "德收脸钱党倒未持取设始版双府县湾港岛警察医疗疫情济发展总统选举议员政策台北香港澳门两岸经济记者报导表示指出今天"
    "闻报社际育健康卫环境交诵施改革放群企项服务乡农村旅游举办会介绍负责况已据约亿超级网络视频发布消费价格增长降低"
    "市场投资银行股票疫苗病毒患者医院学校学生老师孩子家庭父母朋友工作生活城市公园道路天气温度雨雪风春夏秋冬早晚"
)
_common_cache: frozenset[str] | None = None


@dataclass(frozen=True)
class Decoded:
    """Decoded text and the codec name that produced it (``codecs`` canonical name)."""

    text: str
    encoding: str


def canonical_encoding(name: str | bytes | None) -> str | None:
    """The codec to decode a declared charset with, or None if unknown."""
    if not name:
        return None
    if isinstance(name, bytes):
        name = name.decode("ascii", "ignore")
    key = name.strip().strip("\"'").lower()
    if key in _SUPERSETS:
        return _SUPERSETS[key]
    try:
        codec = codecs.lookup(key).name
    except (LookupError, ValueError):
        return None
    if codec in ("utf-16", "utf-32"):  # declared without byte order: a BOM would have said
        return None
    return _SUPERSETS.get(codec, codec)


def declared_charset(data: bytes) -> str | None:
    """Charset declared in the first 8 KiB of an HTML/XML document, if any."""
    head = data[:8192]
    match = re.search(_XML_DECL, head) or re.search(_META_CHARSET, head)
    return match.group(1).decode("ascii", "ignore") if match else None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def _common_han() -> frozenset[str]:
    global _common_cache
    if _common_cache is None:
        chars = set(_COMMON_HAN)
        try:
            from reader.text.script import to_traditional

            chars.update(to_traditional(_COMMON_HAN))
        except Exception:  # the text core may be unavailable; the simplified set still discriminates
            from opencc import OpenCC

            chars.update(OpenCC("s2t").convert(_COMMON_HAN))
        _common_cache = frozenset(chars)
    return _common_cache


def plausibility(text: str) -> float:
    """Share of characters that look like real text: ASCII, CJK punctuation, common Han, kana, typographic quotes.

    Hangul is left out on purpose: legacy Korean code pages decode almost any
    GB/Big5 byte pair into syllables, and Korean is not what we read.
    """
    if not text:
        return 0.0
    common = _common_han()
    good = 0
    sample = text[:200_000]
    previous = " "
    for ch in sample:
        o = ord(ch)
        if (o < 0x80 or ch in common or 0x3000 <= o <= 0x30FF or 0xFF01 <= o <= 0xFF5E
                or 0x2010 <= o <= 0x2027):  # typographic quotes and dashes (Windows-saved English)
            good += 1
        elif 0xC0 <= o <= 0x24F and previous.isascii() and previous.isalpha():
            good += 1  # an accented letter inside a word (café), not a run of mojibake
        elif ch == "\ufffd":
            good -= 1
        previous = ch
    return good / len(sample)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _nearly(data: bytes, codec: str) -> str | None:
    """Decode with replacement if only a handful of bytes are bad (e.g. a truncated last character)."""
    try:
        text = data.decode(codec, "replace")
    except LookupError:
        return None
    bad = text.count("\ufffd")
    return text if bad <= max(2, len(text) // 2000) else None


def _truncated_utf8(data: bytes) -> str | None:
    """UTF-8 whose only fault is a character cut off at the very end (a truncated download)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.start > 0:
            head = _strict(data[: exc.start], "utf-8")
            return None if head is None else head + "\ufffd"
    return None


def _detect(data: bytes) -> list[str]:
    """Candidate codecs from charset-normalizer, best first."""
    try:
        from charset_normalizer import from_bytes

        results = from_bytes(data[:400_000], steps=8, chunk_size=2048, threshold=0.3)
        names = []
        for match in results:
            codec = canonical_encoding(match.encoding)
            if codec and codec not in names:
                names.append(codec)
        return names
    except Exception:  # detection is advisory; never let it break opening a file
        return []


def decode_bytes(data: bytes, declared: str | None = None, sniff_markup: bool = True) -> Decoded:
    """Decode ``data``; ``declared`` is a charset from outside (e.g. a MIME header).

    ``sniff_markup`` also looks for a charset declared inside the bytes (HTML/XML).
    """
    bom = _bom(data)
    if bom:
        bom_codec, skip = bom
        return Decoded(data[skip:].decode(bom_codec, "replace"), bom_codec)
    names = [declared] if declared else []
    sniffed = declared_charset(data) if sniff_markup else None
    if sniffed:
        names.append(sniffed)
    for name in names:
        codec = canonical_encoding(name)
        if not codec:
            continue
        if codec in _SINGLE_BYTE or codec == "ascii":
            # Pages labelled Latin-1 are very often really UTF-8: a single-byte
            # label cannot fail, so it proves nothing.
            text = _strict(data, "utf-8")
            if text is not None:
                return Decoded(text, "utf-8")
            break  # detection below decides between the label and others
        text = _strict(data, codec) or _nearly(data, codec)
        if text is not None:
            return Decoded(text, codec)
    text = _strict(data, "utf-8") or _truncated_utf8(data)
    if text is not None:
        return Decoded(text, "utf-8")
    # Not UTF-8: let the decoded result's plausibility pick between the
    # detector's guesses and the two big Chinese legacy encodings.
    # A declared label comes first so that it wins ties (plausibility cannot
    # tell Latin-1 from Latin-2 on a few accented letters; the page can).
    candidates = [c for c in (canonical_encoding(n) for n in names) if c]
    candidates += [c for c in _detect(data) if c not in candidates]
    for codec in ("gb18030", "big5hkscs", "cp1252"):
        if codec not in candidates:
            candidates.append(codec)
    best: tuple[float, bool, int, str, str] | None = None
    for rank, codec in enumerate(candidates):
        text = _strict(data, codec) or _nearly(data, codec)
        if text is None:
            continue
        # Ties (a few accented letters read equally well as Latin-1 or
        # Latin-2) go to windows-1252, the commonest single-byte encoding.
        key = (plausibility(text), codec == "cp1252", -rank, codec, text)
        if best is None or key[:3] > best[:3]:
            best = key
    if best is not None:
        return Decoded(best[4], best[3])
    return Decoded(data.decode("gb18030", "replace"), "gb18030")
