"""The fast line functions of a text file's reading give what their plain definitions give.

Opening a 1 MB text file runs normalisation, Han counting and the boilerplate
test on every line, so those are written for speed: Han characters told by
their UTF-16 high byte, the boilerplate alternation split in three groups with
a pre-check, one search for the second sentence end instead of findall, one
scan for lines with nothing to remove.  Each ``reference_*`` below is the plain
definition it must agree with, character for character.
"""

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.ingest import heuristics, normalize
from reader.ingest.heuristics import BOILER, HAN_PATTERN, PROSE, SHORT, classify, han_bounds, han_count, is_boilerplate
from reader.ingest.language import split_mixed
from reader.ingest.normalize import normalize_text
from reader.ingest.plaintext import text_lines

HAN = re.compile(HAN_PATTERN)
BOILER_ANY = re.compile("|".join(heuristics.BOILER_PATTERNS), re.I)
SENTENCE_END = heuristics._SENTENCE_END
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\U00020000-\U0003ffff]")
BREAKS = "\r\n\u2028\u2029\x0c\x0b\x85"
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def reference_han_count(text: str) -> int:
    return len(HAN.findall(text))


def reference_normalize(text: str) -> str:
    def join(match):
        text, start, end = match.string, match.start(), match.end()
        before = text[start - 1] if start > 0 else ""
        after = text[end] if end < len(text) else ""
        return "" if before and after and CJK.match(before) and CJK.match(after) else " "

    text = unicodedata.normalize("NFC", text).translate(INVISIBLE)
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]", "", text)
    text = re.sub(f"[^\\S{BREAKS}]+", " ", text)
    text = re.sub(f" ?[{BREAKS}]+(?: ?[{BREAKS}]+)* ?", join, text)
    return re.sub(r"\s+", " ", text).strip()


def reference_is_boilerplate(line: str) -> bool:
    if BOILER_ANY.search(line[:400]):
        return True
    has_end = bool(SENTENCE_END.search(line))
    if heuristics._BULLET.match(line) and not has_end or line.count("|") + line.count("｜") >= 2:
        return True
    if not has_end and heuristics._BREADCRUMB.search(line) and reference_han_count(line) + 2 * len(
            heuristics._WORD.findall(line)) < 40:
        return True
    tokens = line.split()
    if len(tokens) >= 4 and not has_end and max(map(len, tokens)) <= 8:
        return reference_han_count(line) * 2 >= len(line.replace(" ", ""))
    return False


def reference_classify(line: str) -> str:
    if reference_is_boilerplate(line):
        return BOILER
    n = reference_han_count(line) + 2 * len(heuristics._WORD.findall(line))
    ends = len(SENTENCE_END.findall(line))
    if n >= 1 and ends >= 1 and (line.rstrip("”’」』\"')） ")[-1:] in "。！？!?.…;；:：" or ends >= 2):
        return PROSE
    return PROSE if n >= 60 and re.search(r"[，,、；;]", line) else SHORT


# Pieces that reach every branch: boilerplate words in all their cases (İ, ı and the Kelvin sign
# match letters case-insensitively), sentence ends, every kind of space and line break, characters
# removed, combining marks, and the edges of the Han blocks (U+4DBF|U+4DC0, planes 2–3, surrogates).
PIECES = [
    *heuristics.BOILER_PATTERNS, "版权所有", "许可证 ：", "ICP备", "İcp证", "ıCP备", "COPYRIGHT 2020", "copyright(c)", "©", "All Rights Reserved",
    "地址：", "E-mail:", "【相关阅读", "（责任编辑：", "【打印】", "字号：", "您现在的位置", "Leave a reply", "Your email address will not be published",
    "Posted in", "Tags:", "3 comments", "log in", "\u212aeep", "ſhare", "we use cookies", "首页 >", "HOME »", "所在位置: 首页>新闻",
    "。", "！", "？", "!", "?", "…", ".", ". ", ".A", "。”", "”", "」", "|", "｜", ">", "&gt;", "»", "→", "·", "•", "-", "*",
    " ", "  ", "\t", "\u3000", "\u00a0", *BREAKS, "\r\n", "\x1c", "\u200b", "\u00ad", "\ufeff", "\x00", "\x7f", "\x9f",
    "e\u0301", "\u0301", "a\u200b\u0301", "\u1100\u200b\u1161", "\u33ff", "\u3400", "\u4dbf", "\u4dc0", "\u4e00", "\u9fff", "\ua000",
    "\uf900", "\ufaff", "\ufb00", "\U00020000", "\U0003ffff", "\U00040000", "\U0001f600", "\ud840", "\udc00", "\u2e80", "\uff00", "\ufff0",
    "，", ",", "、", "；", "：", "中", "的", "钱塘区", "记者", "word", "Word's", "café", "2023年5月12日", "　　",
    "在钱塘区集中隔离点,有一群拥有“双重身份”的党员。", "They are active in the working group, and their voices are heard.",
]
line = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=20).map("".join)


@settings(max_examples=600, deadline=None)
@given(line)
def test_line_functions_agree_with_their_definitions(text):
    assert han_count(text) == reference_han_count(text)
    starts = [m.start() for m in HAN.finditer(text)]
    assert han_bounds(text) == ((len(starts), starts[0], starts[-1]) if starts else (0, -1, -1))
    assert normalize_text(text) == reference_normalize(text)
    assert is_boilerplate(text) == reference_is_boilerplate(text)
    assert classify(text) == classify(text, heuristics.size(text)) == reference_classify(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(line.map(lambda text: text.replace("\r", "").replace("\n", "")), max_size=12))
def test_one_paragraph_a_line(lines):
    # Blocks of one line skip the wrapped/indented paragraph tests: each is just normalised.
    expected = [text for text in map(reference_normalize, lines) if text]
    assert text_lines("\n\n".join(lines)) == text_lines("\n \n".join(lines)) == expected


def test_han_count_of_every_character():
    # A 256-character row is told by its UTF-16 high byte alone (or falls back to the pattern): one
    # string per row checks every character.
    for row in range(0x1100):
        text = "".join(map(chr, range(row * 256, row * 256 + 256)))
        assert han_count(text) == reference_han_count(text), hex(row)
    assert han_count("\u4dbf\u4dc0\U00020000\U00040000中a\ud840") == 3
    assert han_bounds("ab\U0001f600中文cd") == (2, 3, 4)  # indices of characters, not UTF-16 units


def test_normalize_every_character():
    # Every character among others of its neighbourhood, and beside a line break and Han characters.
    for start in range(0, 0x110000, 61):
        text = "".join(map(chr, range(start, min(start + 61, 0x110000))))
        for sample in (text, "中\n" + text + "\n文", text[::-1] + " \n" + text[:5]):
            assert normalize_text(sample) == reference_normalize(sample), hex(start)


def test_spaces_breaks_and_controls_between_han_and_latin():
    # With no line feed beside them: the one scan that skips the line-break rules must see every break character.
    special = [chr(c) for c in range(0x110000) if chr(c).isspace() or unicodedata.category(chr(c)) in ("Cc", "Cf")]
    for c in special:
        for sample in (f"中{c}文", f"a{c}b", f"中 {c} 文", f"{c}中{c}{c}", f"中{c}\u200b{c}文"):
            assert normalize_text(sample) == reference_normalize(sample), hex(ord(c))


def test_cjk_of_every_character():
    every = "".join(map(chr, range(0x110000)))
    assert {c for c in every if normalize._cjk(c)} == set(CJK.findall(every))


def test_the_english_boilerplate_pre_check_covers_every_first_character():
    every = "".join(map(chr, range(0x110000)))
    first_letters = {"I", "c", "a", "y", "r", "p", "w"}
    assert first_letters == {re.sub(r"^\\b", "", p)[0] for p in heuristics._BOILER_CASED}
    for letter in first_letters:
        starts = set(re.findall(letter, every, re.I))  # what the pattern's first letter matches
        assert all(heuristics._BOILER_ENGLISH_FIRST.match(c) for c in starts), letter


def test_split_mixed_on_han_block_edges():
    # han_bounds falls back to the pattern beyond U+FFFF; indices stay those of characters.
    assert split_mixed("\U0001f600中文内容很好 This is the English part.") == (
        ("zh", "\U0001f600中文内容很好"), ("en", "This is the English part."))
    assert split_mixed("䷀䷁䷂䷃ Four hexagrams are not Han.") is None  # U+4DC0–U+4DFF
