"""Pairs from beads and the user's edits (reader.align.pairs), on a small made-up text."""

from reader.align.english import en_sentence_spans
from reader.align.pairs import Alignment, Pair, alignment_key, apply_edits, edit_key, split_point
from reader.store.records import Annotation
from reader.text.sentences import zh_sentence_spans

ZH = "第一句。第二句。\n第三句。"
EN = "One. Two.\nThree."
ZS, ES = zh_sentence_spans(ZH), en_sentence_spans(EN)
BEADS = [[[0], [0], 1.0, 0.9], [[1], [1], 1.0, 0.8], [[2], [2], 1.0, 0.7]]


def test_spans_cut_both_texts_by_sentence():
    assert [ZH[a:b] for a, b in ZS] == ["第一句。", "第二句。", "第三句。"]
    assert [EN[a:b] for a, b in ES] == ["One.", "Two.", "Three."]


def test_a_merge_applies_only_while_its_sentences_read_the_same():
    key = edit_key(ZH, ZS, EN, ES, (0, 1), (0, 1))
    pairs = apply_edits(BEADS, [("merge", 0, 0, key)], ZH, ZS, EN, ES)
    assert [(p.zh, p.en, p.edited) for p in pairs] == [((0, 1), (0, 1), True), ((2,), (2,), False)]
    stale = apply_edits(BEADS, [("merge", 0, 0, "another text's key")], ZH, ZS, EN, ES)
    assert [(p.zh, p.en) for p in stale] == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_a_split_cuts_a_merged_pair_where_asked():
    merged = [[[0, 1], [0, 1], 1.0, 0.5], [[2], [2], 1.0, 0.7]]
    pair = Pair(0, (0, 1), (0, 1), 1.0, 0.5, False)
    assert split_point(pair, [ZS[0][0], ZS[1][0]], [ES[0][0], ES[1][0]], ZS[1][0], None) == (1, -1)
    assert split_point(pair, [0, 4], [0, 5], None, None) == (1, 1)  # no offset: each side at its middle
    assert split_point(Pair(0, (0,), (), 0.0, 0.0, False), [0], [], 0, None) is None  # a part would be empty
    key = edit_key(ZH, ZS, EN, ES, (0, 1), (0, 1))
    pairs = apply_edits(merged, [("split", 1, 1, key)], ZH, ZS, EN, ES)
    assert [(p.index, p.zh, p.en) for p in pairs] == [(0, (0,), (0,)), (1, (1,), (1,)), (2, (2,), (2,))]


def test_the_partner_of_an_annotation_is_its_pairs_other_side():
    alignment = Alignment(ZH, ZS, EN, ES, apply_edits(BEADS, [], ZH, ZS, EN, ES))
    ann = Annotation("u", 1, "zh", 4, 7, "第二句", None, None, (), "exact", 1.0, "", "", False, None)
    assert alignment.partner(ann) == "Two."


def test_the_alignment_key_changes_with_the_sentences():
    assert alignment_key(ZS, ES) == alignment_key(list(ZS), list(ES))
    assert alignment_key(ZS, ES) != alignment_key(ZS, ES[:2])
