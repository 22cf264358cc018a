"""The sense the English uses comes first: linked English words, else the partner sentence."""

from reader.align.senses import match_sense, order_senses
from reader.text.dictionary import get_dictionary


def test_the_linked_english_word_picks_the_sense():
    entries = get_dictionary().entries("支部")
    english = "a temporary Party branch of the quarantined"
    match = match_sense(entries, english, [(english.index("branch"), english.index("branch") + 6)])
    assert match is not None and match.english == "branch" and match.linked
    assert "branch" in match.text


def test_a_later_sense_moves_first_and_its_entry_too():
    entries = get_dictionary().entries("打")  # dǎ: to beat, to strike ... ; dá: dozen
    english = "He bought a dozen eggs."
    match = match_sense(entries, english)
    assert match is not None and match.english == "dozen" and not match.linked
    ordered = order_senses(entries, match)
    assert ordered[0].senses[0] == match.text
    assert sorted(s for e in ordered for s in e.senses) == sorted(s for e in entries for s in e.senses)


def test_no_english_evidence_keeps_the_dictionary_order():
    entries = get_dictionary().entries("支部")
    assert match_sense(entries, "") is None
    assert match_sense(entries, "The weather was fine.") is None
    assert order_senses(entries, None) == entries
