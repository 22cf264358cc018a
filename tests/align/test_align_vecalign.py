"""The Vecalign bead format and the published scoring definitions."""

from __future__ import annotations

import pytest

from reader.align.vecalign import format_beads, parse_beads, score_alignments
from reader.errors import InputError


def test_round_trip_and_spacing():
    beads = [((0,), (0, 1)), ((1, 2), (2,)), ((3,), ()), ((), (3,))]
    text = format_beads(beads)
    assert text == "[0]:[0,1]\n[1,2]:[2]\n[3]:[]\n[]:[3]\n"
    assert parse_beads(text) == beads
    assert parse_beads("[4]:[4, 5]\n\n") == [((4,), (4, 5))]


@pytest.mark.parametrize("line", ["[0]", "0:0", "[a]:[1]", "[0]:[1", "['x']:[]"])
def test_bad_lines_are_input_errors(line):
    with pytest.raises(InputError):
        parse_beads(line)


def test_perfect_prediction_scores_one():
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), ())]
    s = score_alignments([gold], [gold])
    assert (s.strict_f1, s.lax_f1, s.ae_f1) == (1.0, 1.0, 1.0)


def test_strict_lax_and_aligner_eval_counts():
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2,), ())]
    test = [((0,), (0,)), ((1,), (1,)), ((), (2,)), ((2,), ())]
    s = score_alignments([gold], [test])
    # Precision over the 4 predicted beads: 2 exact; [1]:[1] overlaps gold (lax hit), []:[2] does not.
    assert s.strict_p == pytest.approx(2 / 4)
    assert s.lax_p == pytest.approx(3 / 4)
    # Recall ignores null beads: gold {[0]:[0], [1]:[1,2]} vs test {[0]:[0], [1]:[1]}.
    assert s.strict_r == pytest.approx(1 / 2)
    assert s.lax_r == pytest.approx(2 / 2)
    # aligner-eval: exact / predicted and exact / gold, null beads kept.
    assert s.ae_p == pytest.approx(2 / 4)
    assert s.ae_r == pytest.approx(2 / 3)
