"""Anki note types for the Anki export: fields, card templates and CSS.

The three note types keep fixed model ids so that every export lands in the
same note types in the user's collection.  ``TEMPLATES_MOD`` is the note
types' modification time: Anki's importer replaces a note type's templates
only when the incoming one is newer, so it is bumped when the templates
change (and a user's own edits to the templates survive re-exports).
"""

from __future__ import annotations

import genanki

WORD_MODEL_ID = 1607392319
SENTENCE_MODEL_ID = 1607392320
PASSAGE_MODEL_ID = 1607392321

#: Epoch seconds of the last template change (2026-11-22); bump on every edit below.
TEMPLATES_MOD = 1795305600

WORD_FIELDS = (
    "Simplified",
    "Traditional",
    "Pinyin",
    "Zhuyin",
    "Meaning",
    "HSK",
    "Sentence",
    "SentenceEnglish",
    "Source",
    "Notes",
)
SENTENCE_FIELDS = ("Text", "English", "Pinyin", "Source")
PASSAGE_FIELDS = ("Quote", "Note", "Translation", "Source")

# CJK fonts come after the Latin ones so pinyin and English get a Latin face;
# the list covers Linux, macOS, Windows, Android and iOS.
CSS = """\
.card {
  font-family: "Noto Sans", "Segoe UI", "Helvetica Neue", Arial,
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC",
    "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif;
  font-size: 20px;
  line-height: 1.55;
  text-align: center;
  color: #1d1d1f;
  background-color: #ffffff;
  overflow-wrap: anywhere;
}
.nightMode.card, .night_mode .card, .card.night_mode { color: #e8e8e8; background-color: #1e1e1e; }
.dz { max-width: 36em; margin: 0 auto; padding: 0 0.6em; }
.dz-passage, .dz-passage .dz-note { text-align: left; }
.hanzi { font-size: 3.2em; line-height: 1.25; margin: 0.2em 0; }
.trad { font-size: 1.4em; color: #666666; }
.pinyin { font-size: 1.5em; }
.zhuyin { font-size: 1.1em; color: #666666; }
.meaning { margin: 0.6em auto; }
.meaning ol { display: inline-block; text-align: left; margin: 0; padding-left: 1.4em; }
.zh { font-size: 1.5em; line-height: 1.7; }
.en, .sentence-en { color: #444444; font-size: 0.95em; }
.sentence { font-size: 1.2em; margin-top: 0.8em; }
.sentence b, .cloze { color: #0a58ca; font-weight: bold; }
.quote { font-size: 1.3em; line-height: 1.7; border-left: 4px solid #f5c518; padding-left: 0.6em; }
.dz-note { margin-top: 0.8em; }
.dz-note blockquote { border-left: 3px solid #bbbbbb; margin-left: 0; padding-left: 0.6em; color: #555555; }
.dz-note pre, .dz-note code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.85em; }
.meta, .source { margin-top: 1em; font-size: 0.7em; color: #888888; }
.source a { color: inherit; }
.tone1 { color: #e30000; }
.tone2 { color: #02b31c; }
.tone3 { color: #1510f0; }
.tone4 { color: #8900bf; }
.tone5 { color: #777777; }
.nightMode .trad, .night_mode .trad, .nightMode .zhuyin, .night_mode .zhuyin { color: #aaaaaa; }
.nightMode .en, .night_mode .en, .nightMode .sentence-en, .night_mode .sentence-en { color: #c8c8c8; }
.nightMode .sentence b, .night_mode .sentence b, .nightMode .cloze, .night_mode .cloze { color: #6ea8fe; }
.nightMode .dz-note blockquote, .night_mode .dz-note blockquote { color: #bbbbbb; }
.nightMode .tone1, .night_mode .tone1 { color: #ff6b6b; }
.nightMode .tone2, .night_mode .tone2 { color: #5fd97a; }
.nightMode .tone3, .night_mode .tone3 { color: #7aa2ff; }
.nightMode .tone4, .night_mode .tone4 { color: #d58cff; }
.nightMode .tone5, .night_mode .tone5 { color: #a0a0a0; }
@media (max-width: 480px) {
  .card { font-size: 18px; }
  .hanzi { font-size: 2.6em; }
  .zh { font-size: 1.3em; }
}
"""

_WORD_FRONT = """\
<div class="dz dz-word">
<div class="hanzi">{{Simplified}}</div>
</div>"""

_WORD_BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="dz dz-word">
{{#Traditional}}<div class="trad">{{Traditional}}</div>{{/Traditional}}
<div class="pinyin">{{Pinyin}}</div>
{{#Zhuyin}}<div class="zhuyin">{{Zhuyin}}</div>{{/Zhuyin}}
<div class="meaning">{{Meaning}}</div>
{{#Sentence}}<div class="sentence">{{Sentence}}</div>{{/Sentence}}
{{#SentenceEnglish}}<div class="sentence-en">{{SentenceEnglish}}</div>{{/SentenceEnglish}}
{{#Notes}}<div class="dz-note">{{Notes}}</div>{{/Notes}}
{{#HSK}}<div class="meta">{{HSK}}</div>{{/HSK}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}
</div>"""

# The English sentence is on the front: it is the hint that makes the cloze fair.
_SENTENCE_FRONT = """\
<div class="dz dz-sentence">
<div class="zh">{{cloze:Text}}</div>
{{#English}}<div class="en">{{English}}</div>{{/English}}
</div>"""

_SENTENCE_BACK = """\
<div class="dz dz-sentence">
<div class="zh">{{cloze:Text}}</div>
{{#Pinyin}}<div class="pinyin-line">{{Pinyin}}</div>{{/Pinyin}}
{{#English}}<div class="en">{{English}}</div>{{/English}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}
</div>"""

_PASSAGE_FRONT = """\
<div class="dz dz-passage">
<div class="quote">{{Quote}}</div>
</div>"""

_PASSAGE_BACK = """\
{{FrontSide}}
<hr id="answer">
<div class="dz dz-passage">
{{#Translation}}<div class="en">{{Translation}}</div>{{/Translation}}
{{#Note}}<div class="dz-note">{{Note}}</div>{{/Note}}
{{#Source}}<div class="source">{{Source}}</div>{{/Source}}
</div>"""


class _Model(genanki.Model):
    """A genanki model whose note type carries ``TEMPLATES_MOD``, not the export time."""

    def to_json(self, timestamp, deck_id):  # noqa: D102 - genanki hook
        data = super().to_json(timestamp, deck_id)
        data["mod"] = TEMPLATES_MOD
        return data


def _fields(names: tuple[str, ...]) -> list[dict]:
    return [{"name": name, "font": "Arial", "size": 20} for name in names]


def word_model() -> genanki.Model:
    """The ``Duizhao Word`` note type (one recognition card)."""
    return _Model(
        WORD_MODEL_ID,
        "Duizhao Word",
        fields=_fields(WORD_FIELDS),
        templates=[{"name": "Recognition", "qfmt": _WORD_FRONT, "afmt": _WORD_BACK}],
        css=CSS,
    )


def sentence_model() -> genanki.Model:
    """The ``Duizhao Sentence`` cloze note type."""
    return _Model(
        SENTENCE_MODEL_ID,
        "Duizhao Sentence",
        fields=_fields(SENTENCE_FIELDS),
        templates=[{"name": "Cloze", "qfmt": _SENTENCE_FRONT, "afmt": _SENTENCE_BACK}],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )


def passage_model() -> genanki.Model:
    """The ``Duizhao Passage`` note type (quote on the front)."""
    return _Model(
        PASSAGE_MODEL_ID,
        "Duizhao Passage",
        fields=_fields(PASSAGE_FIELDS),
        templates=[{"name": "Passage", "qfmt": _PASSAGE_FRONT, "afmt": _PASSAGE_BACK}],
        css=CSS,
    )
