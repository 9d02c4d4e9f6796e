"""Regression floor on the development sets (tests/lineage/evaluate.py). The floors sit just under what the shipped
settings reach today (No.1 2025: recall 0.833, precision 0.577, relation accuracy 0.867; the 15th plan proposal:
recall 0.5, precision 0.12, relation accuracy 0.667; the second set pooled: recall 1.0, precision 0.789, relation
accuracy 0.933, since the parser reads the second set's excerpts as the genre's documents they are, where it
found 0.733 / 0.917 before): a change that loses links fails here. They are not the goal (recall ≥ 0.80 at precision ≥ 0.60),
and not a result to aim at: the linker is judged on documents it has not seen."""

import pytest

from tests.lineage import evaluate
from tracker.lineage.matching import DEFAULT_SETTINGS

FLOORS = {
    "zhongyang-yihao-wenjian-2025.txt": {"recall": 0.8, "precision": 0.55, "relation_accuracy": 0.85},
    "shiwuwu-guihua-jianyi-2025.txt": {"recall": 0.45, "precision": 0.11, "relation_accuracy": 0.60},
}
POOLED_FLOORS = {"dev2": {"recall": 0.95, "precision": 0.75, "relation_accuracy": 0.9}}


@pytest.fixture(scope="module")
def data():
    return evaluate.load()


@pytest.mark.parametrize("document", sorted(FLOORS))
def test_the_development_set_stays_above_its_floor(document, data):
    result = evaluate.score(document, DEFAULT_SETTINGS, data)
    for measure, floor in FLOORS[document].items():
        assert result[measure] >= floor, (measure, result)


@pytest.mark.parametrize("set_name", sorted(POOLED_FLOORS))
def test_each_further_set_stays_above_its_floor(set_name, data):
    result = evaluate.pooled(set_name, DEFAULT_SETTINGS, data)
    for measure, floor in POOLED_FLOORS[set_name].items():
        assert result[measure] >= floor, (measure, result)
