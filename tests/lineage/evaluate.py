"""Evaluate the linker on the development set: recall, precision and relation accuracy against one reader's links.

    .venv/bin/python tests/lineage/evaluate.py            # the shipped settings, per document
    .venv/bin/python tests/lineage/evaluate.py --calibrate # thresholds fitted on one document, scored on the other

The documents are parsed directly (no database): the 2020 opinion from seed 001 (its complete witness; seed
000 is a second witness of the same document and would never be linked to it anyway) and the two later
documents of tests/fixtures/lineage-dev/. By the set's conventions (its README), text in an unnumbered
paragraph after a numbered item belongs to that item: the parser gives such a paragraph to the enclosing part,
so a found link whose later passage lies there is counted for the item the paragraph follows.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tracker.lineage.clauses import corpus_idf, own_ranges, split_clauses  # noqa: E402
from tracker.lineage.matching import DEFAULT_SETTINGS, Item, Match, Settings, match_items  # noqa: E402
from tracker.parsing import parse  # noqa: E402

FIXTURES = REPO / "tests" / "fixtures" / "lineage-dev"
SEEDS = REPO / "seeds"
OPINION = SEEDS / "001_a4e3b11e0f827774.txt"
GRID = {
    "threshold": [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
    "second_clause_bonus": [0.0, 0.2],
    "max_links_per_item": [2, 4],
    "max_links_per_earlier": [2, 3, 5],
    "full_evidence_idf": [6.0, 10.0],
    "anchor_share": [0.03, 0.06, 0.1, 0.15],
}


def document_items(path: Path, name: str) -> tuple[list[Item], dict[str, list]]:
    """The items of the file's articles (the dev files have one each), and each path's sub-item records."""
    measures = [m for article in parse(path.read_bytes(), str(path)).articles for m in article.measures]
    children = {m.path: [c for c in measures if c.path.rsplit("/", 1)[0] == m.path and c.path != m.path]
                for m in measures}
    items = [Item(key=(name, m.path), document=name, text=m.text,
                  own=own_ranges(m.text, [c.text for c in children[m.path]])) for m in measures]
    return items, children


def scope_path(match: Match, item_text: str, children: list) -> str:
    """The item a later passage belongs to by the set's convention (see the module docstring)."""
    path = match.later[1]
    owner = path
    position = 0
    for child in children:
        found = item_text.find(child.text, position)
        if 0 <= found <= match.later_span[0]:
            owner, position = child.path, found + len(child.text)
    return owner if position and match.later_span[0] >= position else path


def load():
    gold = json.loads((FIXTURES / "links.json").read_text("utf-8"))["links"]
    opinion, _ = document_items(OPINION, "opinion")
    later = {path.name: document_items(path, path.name) for path in sorted((FIXTURES / "docs").glob("*.txt"))}
    # The words' IDF is over every item at hand, the other seeds' too, as it is over the database when linking.
    background = [item for path in sorted(SEEDS.glob("*.txt")) if path != OPINION
                  for item in document_items(path, path.name)[0]]
    everything = opinion + background + [item for items, _ in later.values() for item in items]
    idf = corpus_idf(split_clauses(item.text, item.own) for item in everything)
    return gold, opinion, later, idf


def score(doc: str, settings: Settings, data) -> dict:
    gold, opinion, later, idf = data
    items, children = later[doc]
    texts = {item.key: item.text for item in items}
    found = {}
    for match in match_items(items, opinion, idf, settings):
        path = scope_path(match, texts[match.later], children[match.later[1]])
        found.setdefault((path, match.earlier[1]), match)
    expected = {(link["path"], link["central_path"]): link["relation"] for link in gold if link["doc"] == doc}
    hits = [pair for pair in found if pair in expected]
    right = sum(found[pair].relation == expected[pair] for pair in hits)
    return {"document": doc, "gold": len(expected), "found": len(found), "correct": len(hits),
            "recall": ratio(len(hits), len(expected)), "precision": ratio(len(hits), len(found)),
            "relation_accuracy": ratio(right, len(hits)),
            "missed": sorted(set(expected) - set(found)), "extra": sorted(set(found) - set(expected))}


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def f1(result: dict) -> float:
    recall, precision = result["recall"], result["precision"]
    return 2 * recall * precision / (recall + precision) if recall + precision else 0.0


def calibrate(doc: str, data) -> Settings:
    """The grid's settings with the best F1 on `doc`."""
    best = None
    for values in itertools.product(*GRID.values()):
        settings = replace(DEFAULT_SETTINGS, **dict(zip(GRID, values, strict=True)))
        result = f1(score(doc, settings, data))
        if best is None or result > best[0]:
            best = (result, settings)
    return best[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calibrate", action="store_true", help="fit on one document, report on the other")
    parser.add_argument("--verbose", action="store_true", help="list missed and extra pairs")
    args = parser.parse_args()
    data = load()
    docs = sorted(data[2])
    runs = [(DEFAULT_SETTINGS, doc, "shipped settings") for doc in docs]
    if args.calibrate:
        for fit, held_out in itertools.permutations(docs):
            runs.append((calibrate(fit, data), held_out, f"calibrated on {fit}"))
    for settings, doc, label in runs:
        result = score(doc, settings, data)
        if not args.verbose:
            result.pop("missed"), result.pop("extra")
        print(json.dumps({"settings": label, **result, "with": vars(settings)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
