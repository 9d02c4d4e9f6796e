"""Recall of time expressions and quantities on the hand-labelled held-out set stays at the goal (≥ 0.85)."""

import pytest

from tests.bench.score_extraction import score

GOAL = 0.85


@pytest.mark.parametrize(("field", "column"), [("time_frames", 0), ("quantities", 1)])
def test_recall_on_the_held_out_set(field, column):
    hits, labels, _found, missed = score(field, column)
    assert hits / labels >= GOAL, missed
