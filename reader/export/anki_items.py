"""From the library's words and annotations to Anki note values.

:func:`export_items` is what ``Library.export_anki`` calls (through
:mod:`reader.export.store_io`): it takes plain records (never peewee rows),
builds :mod:`reader.export.anki` notes, writes the file and returns the items
written so the caller can record ``exported_at`` for them.  Reading pinyin and HSK levels uses the text core.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reader.errors import ExportError
from reader.export import anki
from reader.export.anki import ExportResult, PassageNote, SentenceNote, WordNote


@dataclass(frozen=True)
class ExportedItems:
    """An export's result and the items it wrote (to mark as exported)."""

    result: ExportResult
    words: tuple = ()  # reader.store.records.Word whose word note was written
    annotations: tuple = ()  # reader.store.records.Annotation
    sentence_words: tuple = ()  # Words whose sentence (cloze) note was written


def epoch(stamp) -> float:
    """Epoch seconds of an ISO 8601 string, a datetime or a number (0.0 for None/garbage)."""
    if stamp is None or stamp == "":
        return 0.0
    if isinstance(stamp, (int, float)):
        return float(stamp)
    if isinstance(stamp, str):
        try:
            stamp = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
        except ValueError:
            return 0.0
    if isinstance(stamp, datetime):
        if stamp.tzinfo is None:  # the store writes UTC
            stamp = stamp.replace(tzinfo=UTC)
        return stamp.timestamp()
    return 0.0


def _exported(item, kind: str):
    """When ``item``'s note of ``kind`` was last exported (a word has a word and a sentence note)."""
    return getattr(item, "sentence_exported_at" if kind == "sentence" else "exported_at", None)


def needs_export(item, kind: str = "word") -> bool:
    """True if ``item``'s note of ``kind`` (Word: "word"/"sentence"; Annotation) was never exported or changed since."""
    exported = _exported(item, kind)
    return not exported or epoch(item.updated_at) > epoch(exported)


def modified_time(item, kind: str = "word") -> float:
    """The note's modification time: the item's last edit, and always after its last export.

    Anki keeps whole seconds and updates a note only when the incoming one is
    newer, so an edit made in the same second as the previous export still
    has to move the time forward.
    """
    updated, exported = epoch(item.updated_at), epoch(_exported(item, kind))
    if exported and updated > exported:
        return max(updated, float(int(exported) + 1))
    return updated


def word_reading(word, dictionary) -> tuple[str, int | None, int | None]:
    """(numbered pinyin, HSK 2.0, HSK 3.0) of a saved word, matching its stored reading."""
    entries = dictionary.entries(word.simplified) if dictionary is not None else []
    stored = (word.pinyin or "").strip()
    chosen = None
    for entry in entries:
        if stored and stored in (entry.pinyin, entry.pinyin_numbers):
            chosen = entry
            break
    if chosen is None and entries:
        chosen = entries[0]
    hsk2, hsk3 = dictionary.hsk_levels(word.simplified) if dictionary is not None else (None, None)
    if chosen is not None:
        return chosen.pinyin_numbers, hsk2, hsk3
    if stored and all(part[-1:] in "12345" for part in stored.split()):
        return stored, hsk2, hsk3
    return _pypinyin_numbers(word.simplified), hsk2, hsk3


def _pypinyin_numbers(text: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors="ignore"))


def sentence_pinyin(sentence: str) -> tuple[str, ...]:
    """Per-token pinyin of a sentence for :class:`SentenceNote` (numbered for Chinese words).

    Uses the text core's segmenter and dictionary, as the reader does.
    """
    from reader.text.pinyin import token_syllables
    from reader.text.script import to_simplified
    from reader.text.segment import segment

    # Read the simplified form (the dictionary's and segmenter's), keep the original's punctuation.
    base = to_simplified(sentence)
    if len(base) != len(sentence):
        base = sentence
    tokens = segment(base)
    syllables = token_syllables(base, tokens)
    return tuple(
        " ".join(s) if s else sentence[token.start : token.end]
        for token, s in zip(tokens, syllables)
        if token.kind != "space"
    )


def find_word(sentence: str, *forms: str) -> tuple[int, int] | None:
    """The first span of any of ``forms`` (simplified, traditional) in ``sentence``."""
    for form in forms:
        if form:
            at = sentence.find(form)
            if at >= 0:
                return at, at + len(form)
    return None


def _source(info) -> tuple[str, str, tuple[str, ...]]:
    if info is None:
        return "", "", ()
    return info.title or "", info.source_url or "", ((info.site,) if info.site else ())


def _deck(info, deck_per_article: bool) -> str:
    if not deck_per_article or info is None:
        return anki.DEFAULT_DECK
    return anki.deck_name(info.title or f"Article {info.id}")


def build_notes(
    words: Sequence,
    annotations: Sequence,
    articles: Mapping[int, object],
    translate: Callable[[object], str],
    *,
    include_words: bool = True,
    include_sentences: bool = True,
    deck_per_article: bool = False,
    dictionary=None,
    sentence_words: Sequence | None = None,
) -> list:
    """Note values for ``words`` (word and/or sentence notes) and ``annotations`` (passages).

    ``translate(annotation)`` gives the aligned text of the other language.
    ``sentence_words``, when given, are the words whose sentence notes to build
    (``--changed-only`` tracks the two kinds of note separately).
    """
    notes: list = []
    sentence_set = None if sentence_words is None else {w.id for w in sentence_words}
    word_set = {w.id for w in words}
    for word in _unique(words, sentence_words or ()):
        info = articles.get(word.article_id)
        title, url, tags = _source(info)
        deck, uid = _deck(info, deck_per_article), word.uuid or f"word-{word.id}"
        span = find_word(word.sentence or "", word.simplified, word.traditional)
        if include_words and word.id in word_set:
            numbers, hsk2, hsk3 = word_reading(word, dictionary)
            notes.append(
                WordNote(
                    uid=uid, simplified=word.simplified, traditional=word.traditional, pinyin_numbers=numbers,
                    senses=tuple(word.senses), hsk=anki.hsk_label(hsk2, hsk3), sentence=word.sentence or "",
                    word_start=span[0] if span else None, sentence_en=word.sentence_en or "",
                    source_title=title, source_url=url, tags=tags, deck=deck, modified=modified_time(word),
                )
            )
        if include_sentences and span is not None and (sentence_set is None or word.id in sentence_set):
            notes.append(
                SentenceNote(
                    uid=uid, sentence=word.sentence, cloze_start=span[0], cloze_end=span[1],
                    english=word.sentence_en or "", pinyin=sentence_pinyin(word.sentence),
                    source_title=title, source_url=url, tags=tags, deck=deck,
                    modified=modified_time(word, "sentence"),
                )
            )
    for ann in annotations:
        info = articles.get(ann.article_id)
        title, url, site_tags = _source(info)
        translation = "" if ann.status == "orphan" else translate(ann).strip()
        notes.append(
            PassageNote(
                uid=ann.uuid, quote=ann.quote, note=ann.note or "", translation=translation,
                source_title=title, source_url=url, tags=(*ann.tags, *site_tags),
                deck=_deck(info, deck_per_article), modified=modified_time(ann), guid=ann.anki_guid or None,
            )
        )
    return notes


def _unique(*groups: Sequence) -> list:
    """The words of every group, each once, in first-seen order."""
    seen, out = set(), []
    for group in groups:
        for word in group:
            if word.id not in seen:
                seen.add(word.id)
                out.append(word)
    return out


def note_audio(notes: Sequence, folder: Path, voice) -> tuple[dict[str, Path], dict[str, dict[str, str]]]:
    """Speak each word note's word and each note's sentence into WAV files in ``folder``.

    Returns ``(media, sounds)`` for :func:`reader.export.anki.write_apkg`: media file
    name -> file, note uid -> ``{"word"|"sentence": media file name}``.  A text
    spoken twice (a word and its sentence note share the sentence) is one file.
    """
    from reader.speech import synthesize

    media: dict[str, Path] = {}
    sounds: dict[str, dict[str, str]] = {}
    for note in notes:
        texts = {}
        if isinstance(note, WordNote):
            texts = {"word": note.simplified, "sentence": note.sentence}
        elif isinstance(note, SentenceNote):
            texts = {"sentence": note.sentence}
        for key, text in texts.items():
            text = anki.clean_text(text).strip()
            if not text:
                continue
            name = anki.media_name(key, text, voice.key)
            if name not in media:
                media[name] = synthesize(text, folder / name, voice=voice)
            sounds.setdefault(note.uid, {})[key] = name
    return media, sounds


def export_items(
    path: str | Path,
    *,
    words: Sequence,
    annotations: Sequence,
    articles: Mapping[int, object],
    translate: Callable[[object], str],
    include_words: bool = True,
    include_sentences: bool = True,
    include_passages: bool = True,
    changed_only: bool = False,
    tsv: bool = False,
    deck_per_article: bool = False,
    dictionary=None,
    audio: bool = False,
    voice=None,
) -> ExportedItems:
    """Build and write the notes; nothing is written when there is nothing to export.

    ``audio``: word and sentence audio spoken by :mod:`reader.speech` (``voice``,
    default the system's Mandarin voice) goes into the package as media.
    """
    if audio and tsv:
        raise ExportError("audio needs an .apkg: a text file for Anki cannot carry media files")
    if audio and voice is None:
        from reader.speech import find_voice

        voice = find_voice()  # before any work: no Mandarin voice is one clear line
    sentence_words = [w for w in words if not changed_only or needs_export(w, "sentence")] if include_sentences else []
    words = [w for w in words if not changed_only or needs_export(w)] if include_words else []
    annotations = [
        a for a in annotations if not a.deleted and (not changed_only or needs_export(a))
    ] if include_passages else []
    if dictionary is None and (words or sentence_words):
        from reader.text.dictionary import get_dictionary

        dictionary = get_dictionary()
    notes = build_notes(
        words, annotations, articles, translate, include_words=include_words, include_sentences=include_sentences,
        deck_per_article=deck_per_article, dictionary=dictionary, sentence_words=sentence_words,
    )
    if not notes:
        return ExportedItems(ExportResult(Path(path), tsv=tsv, written=False))
    if audio:
        with tempfile.TemporaryDirectory(prefix="duizhao-audio-") as folder:
            media, sounds = note_audio(notes, Path(folder), voice)
            result = anki.write_notes(notes, path, tsv=tsv, media=media, sounds=sounds)
    else:
        result = anki.write_notes(notes, path, tsv=tsv)
    written_sentences = {n.uid for n in notes if isinstance(n, SentenceNote)}
    return ExportedItems(
        result, tuple(words), tuple(annotations),
        tuple(w for w in sentence_words if (w.uuid or f"word-{w.id}") in written_sentences),
    )
