"""Time-expression and quantity recall (and precision) on the hand-labelled set of tests/parsing/heldout_extraction.py.

python tests/bench/score_extraction.py
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.parsing.heldout_extraction import HELD_OUT, HELD_OUT_BLIND, HELD_OUT_BLIND_REAL  # noqa: E402
from tracker.parsing.extract import document_context, extract  # noqa: E402
from tracker.parsing.extract.text import fold  # noqa: E402


def matches(label: str, found: str) -> bool:
    label = fold(label)
    return label in found or found in label


def score(field: str, column: int, sentences=(*HELD_OUT, *HELD_OUT_BLIND)) -> tuple[int, int, int, list[str]]:
    """(labels found, labels, expressions found, labels missed) for `time_frames` or `quantities`."""
    hits = labels = found_count = 0
    missed = []
    for _source, day, sentence, *expected in sentences:
        found = [item.expression for item in getattr(extract(sentence, document_context(sentence, day, None)), field)]
        found_count += len(found)
        for label in expected[column]:
            labels += 1
            if any(matches(label, expression) for expression in found):
                hits += 1
            else:
                missed.append(label)
    return hits, labels, found_count, missed


def main() -> None:
    for part, sentences in (
        ("labelled after", HELD_OUT),
        ("blind", HELD_OUT_BLIND),
        ("all", (*HELD_OUT, *HELD_OUT_BLIND)),
        ("blind, real", HELD_OUT_BLIND_REAL),
    ):
        for name, field, column in (("time expressions", "time_frames", 0), ("quantities", "quantities", 1)):
            hits, labels, found, missed = score(field, column, sentences)
            print(f"{part:14} {name:17} recall {hits}/{labels} = {hits / labels:.2f}   found {found}   missed {missed}")


if __name__ == "__main__":
    main()
