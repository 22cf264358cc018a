"""The Anki exporter without Anki: pinyin, escaping, fields, GUIDs, files."""

from __future__ import annotations

import html
import re
import sqlite3
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import ExportError
from reader.export import anki
from reader.export.anki import PassageNote, SentenceNote, WordNote


@pytest.mark.parametrize(
    ("numbered", "marked"),
    [
        ("yin2 hang2", "yínháng"),
        ("Hang2 zhou1", "Hángzhōu"),
        ("Qian2 tang2 Jiang1", "Qiántáng Jiāng"),
        ("Xi1 an1", "Xī'ān"),
        ("nu:3 er2", "nǚ'ér"),
        ("lv4", "lǜ"),
        ("zhuang4", "zhuàng"),
        ("gou3", "gǒu"),
        ("liu2", "liú"),
        ("hui4", "huì"),
        ("de5", "de"),
        ("hua1 r5", "huār"),
        ("m2", "ḿ"),
        ("A A zhi4", "A A zhì"),
        ("", ""),
    ],
)
def test_pinyin_marks(numbered, marked):
    assert anki.pinyin_marks(numbered) == marked


@pytest.mark.parametrize(
    ("numbered", "expected"),
    [
        ("yin2 hang2", '<span class="tone2">yín</span><span class="tone2">háng</span>'),
        ("ma1 ma5", '<span class="tone1">mā</span><span class="tone5">ma</span>'),
        ("Xi1 an1", "<span class=\"tone1\">Xī</span>'<span class=\"tone1\">ān</span>"),
        ("<b> hao3", '&lt;b&gt; <span class="tone3">hǎo</span>'),
    ],
)
def test_pinyin_html_colours_each_syllable(numbered, expected):
    assert anki.pinyin_html(numbered) == expected


@pytest.mark.parametrize(
    ("numbered", "expected"),
    [
        ("yin2 hang2", "ㄧㄣˊ ㄏㄤˊ"),
        ("you3", "ㄧㄡˇ"),
        ("wei4 wen2", "ㄨㄟˋ ㄨㄣˊ"),
        ("zhi1 chi2 shi3 ri4 zi5", "ㄓ ㄔˊ ㄕˇ ㄖˋ ˙ㄗ"),
        ("ju3 qu4 xu1", "ㄐㄩˇ ㄑㄩˋ ㄒㄩ"),
        ("lu:4 nu:e4", "ㄌㄩˋ ㄋㄩㄝˋ"),
        ("xue2 yuan2 yun4", "ㄒㄩㄝˊ ㄩㄢˊ ㄩㄣˋ"),
        ("de5", "˙ㄉㄜ"),
        ("hua1 r5", "ㄏㄨㄚ ㄦ"),
        ("er4 e4 ang2 ou1", "ㄦˋ ㄜˋ ㄤˊ ㄡ"),
        ("xiong2 jiong3 yong3", "ㄒㄩㄥˊ ㄐㄩㄥˇ ㄩㄥˇ"),
        ("xx5 ,", "xx5 ,"),
    ],
)
def test_zhuyin(numbered, expected):
    assert anki.zhuyin(numbered) == expected


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("ni3 hao3", "。"), '<span class="tone3">nǐ</span><span class="tone3">hǎo</span>.'),
        (
            ("ta1", "，", "GDP", "zeng1 zhang3", "5%", "！"),
            '<span class="tone1">tā</span>, GDP <span class="tone1">zēng</span><span class="tone3">zhǎng</span> 5%!',
        ),
        (("<i>", "", " "), "&lt;i&gt;"),
        ((), ""),
    ],
)
def test_sentence_pinyin_html(words, expected):
    assert anki.sentence_pinyin_html(words) == expected


def test_text_html_escapes_markup_and_drops_field_separators():
    assert anki.text_html('<script>alert("x")</script> & \'q\'') == (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;q&#x27;"
    )
    assert anki.text_html("一\r\n二\n三\x1f\t四") == "一<br>二<br>三&#9;四"


@pytest.mark.parametrize(
    ("source", "must_not_contain"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<div onclick="x()">hi</div>', "<div"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("[x](javascript:alert(1))", "javascript"),
        ("[x]( JaVaScRiPt:alert(1))", "JaVaScRiPt:"),
        ("[x](java\tscript:alert(1))", "script:"),
        ("[x](&#106;avascript:alert(1))", "href"),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
        ("![a](javascript:alert(1))", "javascript"),
        ("<javascript:alert(1)>", "href"),
    ],
)
def test_markdown_never_lets_html_or_scripts_through(source, must_not_contain):
    rendered = anki.markdown_html(source)
    assert must_not_contain not in rendered
    assert "\n" not in rendered and "\t" not in rendered


def test_markdown_keeps_formatting_and_safe_links():
    rendered = anki.markdown_html("**重要** see [the page](https://example.com/a?b=1&c=2)\n\n- one\n- two")
    assert "<strong>重要</strong>" in rendered
    assert '<a href="https://example.com/a?b=1&amp;c=2">the page</a>' in rendered
    assert "<li>one</li>" in rendered and "<li>two</li>" in rendered
    assert anki.markdown_html("   ") == ""


@pytest.mark.parametrize(
    ("plain", "expected"),
    [
        ("这是一个比喻。", "<p>这是一个比喻。</p>"),
        ("第一行\n第二行", "<p>第一行<br />第二行</p>"),
        ('He said "tide" (50%).', "<p>He said &quot;tide&quot; (50%).</p>"),
    ],
)
def test_plain_notes_render_as_one_paragraph(plain, expected):
    assert anki.markdown_html(plain) == expected


@pytest.mark.parametrize(
    ("title", "url", "expected"),
    [
        ("钱塘江", "https://hz.gov.cn/a?x=1&y=2", '<a href="https://hz.gov.cn/a?x=1&amp;y=2">钱塘江</a>'),
        ("", "https://hz.gov.cn/", '<a href="https://hz.gov.cn/">https://hz.gov.cn/</a>'),
        ("钱塘江", "", "钱塘江"),
        ("T", "javascript:alert(1)", "T · javascript:alert(1)"),
        ("<b>", "/home/me/a.txt", "&lt;b&gt; · /home/me/a.txt"),
        ("", "", ""),
    ],
)
def test_source_html(title, url, expected):
    assert anki.source_html(title, url) == expected


def test_tags_have_no_spaces_and_no_duplicates():
    note = WordNote(uid="1", simplified="水", tags=("hz.gov.cn", "my tag", "  my   tag ", "", "潮 水"))
    line = anki.tsv_text([note]).splitlines()[-1]
    assert line.split("\t")[2] == "hz.gov.cn my_tag 潮_水"
    assert anki.anki_tag("a\tb\nc") == "a_b_c"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (None, "Duizhao"),
        ("钱塘江大潮", "Duizhao::钱塘江大潮"),
        ("A::B", "Duizhao::A:B"),
        ("  many\n  spaces ", "Duizhao::many spaces"),
        ("   ", "Duizhao::Untitled"),
    ],
)
def test_deck_name(title, expected):
    assert anki.deck_name(title) == expected


def test_guid_comes_from_kind_and_uid_not_from_text():
    first = WordNote(uid="u-1", simplified="银行", sentence_en="one")
    edited = WordNote(uid="u-1", simplified="银行家", sentence_en="two")
    other = WordNote(uid="u-2", simplified="银行")

    def guid(note):
        return anki.tsv_text([note]).splitlines()[-1].split("\t")[3]

    assert guid(first) == guid(edited) == anki.note_guid("word", "u-1")
    assert guid(other) != guid(first)
    assert anki.note_guid("sentence", "u-1") != anki.note_guid("word", "u-1")
    assert guid(WordNote(uid="u-1", simplified="x", guid="given")) == "given"


def test_word_fields_mark_the_word_in_its_sentence():
    note = WordNote(
        uid="1",
        simplified="银行",
        traditional="銀行",
        pinyin_numbers="yin2 hang2",
        senses=("bank", "CL:家[jia1]"),
        hsk=anki.hsk_label(1, 2),
        sentence="银行旁边还有一家银行。",
        word_start=8,
        sentence_en="There is another bank next to the bank.",
    )
    fields = dict(zip(anki.templates.WORD_FIELDS, anki.word_fields(note)))
    assert fields["Simplified"] == "银行"
    assert fields["Traditional"] == "銀行"
    assert fields["Zhuyin"] == "ㄧㄣˊ ㄏㄤˊ"
    assert fields["Meaning"] == "<ol><li>bank</li><li>CL:家[jia1]</li></ol>"
    assert fields["HSK"] == "HSK 3.0 level 2 · HSK 2.0 level 1"
    assert fields["Sentence"] == "银行旁边还有一家<b>银行</b>。"
    # A stale offset falls back to the first occurrence.
    stale = anki.word_fields(WordNote(uid="1", simplified="银行", sentence="去银行。", word_start=7))
    assert stale[6] == "去<b>银行</b>。"


def test_hsk_label():
    assert anki.hsk_label(None, None) == ""
    assert anki.hsk_label(None, 8) == "HSK 3.0 level 7–9"


def test_sentence_cloze_cannot_be_forged_by_the_text():
    note = SentenceNote(uid="1", sentence="他去银行{{c2::取}}钱。", cloze_start=2, cloze_end=4)
    text = anki.sentence_fields(note)[0]
    assert text.startswith("他去{{c1::银行}}")
    assert text.count("{{") == 1 and "c2::" in text  # the literal braces became entities
    with pytest.raises(ExportError):
        anki.sentence_fields(SentenceNote(uid="1", sentence="空", cloze_start=1, cloze_end=1))


def _sample_notes():
    return [
        WordNote(uid="w", simplified="潮水", pinyin_numbers="chao2 shui3", senses=("tide",), modified=1_700_000_000),
        SentenceNote(uid="w", sentence="潮水来了。", cloze_start=0, cloze_end=2, modified=1_700_000_100),
        PassageNote(
            uid="a", quote="钱塘江\t大潮\n来了", note="a\n\n```\nx\ty\n```", tags=("x y",), deck="Duizhao::T",
            modified=1_700_000_200,
        ),
    ]


def test_tsv_has_anki_headers_and_one_line_per_note():
    text = anki.tsv_text(_sample_notes())
    lines = text.splitlines()
    assert lines[:6] == [
        "#separator:tab",
        "#html:true",
        "#notetype column:1",
        "#deck column:2",
        "#tags column:3",
        "#guid column:4",
    ]
    rows = [line.split("\t") for line in lines[6:]]
    assert [row[0] for row in rows] == ["Duizhao Word", "Duizhao Sentence", "Duizhao Passage"]
    assert [len(row) for row in rows] == [4 + 10, 4 + 4, 4 + 4]
    assert rows[2][1] == "Duizhao::T" and rows[2][4] == "钱塘江&#9;大潮<br>来了"
    # Anki reads a cell starting with a quote as a quoted CSV field.
    assert not any(cell.startswith('"') for row in rows for cell in row)


def test_apkg_notes_carry_guid_and_the_items_modification_time(tmp_path):
    path = tmp_path / "out.apkg"
    result = anki.write_apkg(_sample_notes(), path, now=1_800_000_000)
    assert (result.words, result.sentences, result.passages, result.total) == (1, 1, 1, 3)
    with zipfile.ZipFile(path) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        db_file = tmp_path / "collection.anki2"
        db_file.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(db_file) as db:
        rows = db.execute("SELECT guid, mod, flds FROM notes ORDER BY mod").fetchall()
    assert [(guid, mod) for guid, mod, _ in rows] == [
        (anki.note_guid("word", "w"), 1_700_000_000),
        (anki.note_guid("sentence", "w"), 1_700_000_100),
        (anki.note_guid("passage", "a"), 1_700_000_200),
    ]
    assert rows[0][2].split("\x1f")[0] == "潮水"
    assert list(tmp_path.glob("*.part")) == []


def test_an_empty_export_is_still_a_valid_package(tmp_path):
    result = anki.write_apkg([], tmp_path / "empty.apkg")
    assert result.total == 0 and zipfile.is_zipfile(tmp_path / "empty.apkg")


@pytest.mark.parametrize("tsv", [False, True])
def test_unwritable_paths_raise_export_error_and_leave_nothing(tmp_path, tsv):
    with pytest.raises(ExportError, match="cannot write"):
        anki.write_notes(_sample_notes(), tmp_path / "missing" / "out.apkg", tsv=tsv)
    with pytest.raises(ExportError, match="folder"):
        anki.write_notes(_sample_notes(), tmp_path, tsv=tsv)
    assert list(tmp_path.iterdir()) == []


# -- properties ---------------------------------------------------------------

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
_MARKUPISH = st.text(alphabet=st.sampled_from(list("<>&\"'/=:;()[]*_`#-!{}\\ \n\tabsjvcriptonload银行\x1f")), max_size=60)


@settings(max_examples=100, deadline=None)
@given(_TEXT)
def test_text_html_round_trips_and_stays_one_cell(text):
    field = anki.text_html(text)
    assert "\t" not in field and "\n" not in field and "\x1f" not in field
    assert "<" not in field.replace("<br>", "")
    assert html.unescape(field.replace("<br>", "\n")) == anki.clean_text(text)


@settings(max_examples=100, deadline=None)
@given(_MARKUPISH)
def test_markdown_output_has_no_live_markup(text):
    rendered = anki.markdown_html(text)
    assert "\t" not in rendered and "\n" not in rendered and "\x1f" not in rendered
    tags = re.findall(r"<[^>]*>", rendered)
    assert all(re.fullmatch(r"</?(p|br|em|strong|code|pre|a|img|ul|ol|li|blockquote|h\d|hr)( [^>]*)?/?>", t) for t in tags)
    assert not any(re.search(r"\son\w*=", t) for t in tags)
    for href in re.findall(r'(?:href|src)="([^"]*)"', rendered):
        assert anki.safe_url(href)


@settings(max_examples=100, deadline=None)
@given(_MARKUPISH, st.integers(0, 60), st.integers(1, 10))
def test_a_sentence_note_has_exactly_one_cloze(text, start, length):
    text = text + "银行"
    start = min(start, len(text) - 1)
    end = min(len(text), start + length)
    field = anki.sentence_fields(anki.SentenceNote(uid="p", sentence=text, cloze_start=start, cloze_end=end))[0]
    assert field.count("{{c1::") == 1 and field.count("{{") == 1 and field.count("}}") == 1
