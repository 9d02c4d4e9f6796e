"""Evaluate the linker on the development set: recall, precision and relation accuracy against one reader's links.

    .venv/bin/python tests/lineage/evaluate.py          # the shipped settings, per document and pooled per set
    .venv/bin/python tests/lineage/evaluate.py --curve  # pooled precision/recall per set at each threshold
    .venv/bin/python tests/lineage/evaluate.py --explain  # each missed and extra pair: its score, its passages

The documents are parsed directly (no database): the 2020 opinion from seed 001 (its complete witness; seed
000 is a second witness of the same document and would never be linked to it anyway) and the later documents
of each set: tests/fixtures/lineage-dev/ (the reader's), lineage-dev2/ to lineage-dev5/ (excerpts of more
documents, hand linked with the same conventions; the README in each; dev4, held out until clauses/4, is
clauses/5's development set; dev5 is a held-out check). By the sets' conventions, text in an unnumbered paragraph
after a numbered item belongs to that item: the parser gives such a paragraph to the enclosing part, so a found
link whose later passage lies there is counted for the item the paragraph follows.
"""

from __future__ import annotations

import argparse
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
SETS = {"dev": FIXTURES, "dev2": REPO / "tests" / "fixtures" / "lineage-dev2",
        "dev3": REPO / "tests" / "fixtures" / "lineage-dev3",
        "dev4": REPO / "tests" / "fixtures" / "lineage-dev4",
        "dev5": REPO / "tests" / "fixtures" / "lineage-dev5"}  # dev2-dev5: the README in each; dev5 held out
SEEDS = REPO / "seeds"
OPINION = SEEDS / "001_a4e3b11e0f827774.txt"
CURVE_THRESHOLDS = [round(0.3 + 0.05 * step, 2) for step in range(11)]


def document_items(path: Path, name: str, local: bool = False) -> tuple[list[Item], dict[str, list]]:
    """The items of the file's articles (the dev files have one each), and each path's sub-item records."""
    measures = [m for article in parse(path.read_bytes(), str(path)).articles for m in article.measures]
    children = {m.path: [c for c in measures if c.path.rsplit("/", 1)[0] == m.path and c.path != m.path]
                for m in measures}
    paths = {m.path for m in measures}
    items = [Item(key=(name, m.path), document=name, text=m.text,
                  own=own_ranges(m.text, [c.text for c in children[m.path]]), parent=parent_key(name, m.path, paths),
                  local=local)
             for m in measures]
    return items, children


def parent_key(name: str, path: str, paths: set[str]) -> tuple[str, str] | None:
    parent = path.rsplit("/", 1)[0] if "/" in path else None
    return (name, parent) if parent in paths else None


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
    """The hand links of every set (each with its set's name), the opinion's items, the later documents' items
    and sub-item records by file name, and the words' IDF."""
    gold, later = [], {}
    for set_name, folder in SETS.items():
        fixture = json.loads((folder / "links.json").read_text("utf-8"))
        gold += [{**link, "set": set_name} for link in fixture["links"]]
        local = {name for name, about in fixture.get("documents", {}).items() if about.get("local")}
        for path in sorted((folder / "docs").glob("*.txt")):
            later[path.name] = document_items(path, path.name, local=path.name in local)
    opinion, _ = document_items(OPINION, "opinion")
    # The words' IDF is over every item at hand, the other seeds' too, as it is over the database when linking.
    background = [item for path in sorted(SEEDS.glob("*.txt")) if path != OPINION
                  for item in document_items(path, path.name)[0]]
    everything = opinion + background + [item for items, _ in later.values() for item in items]
    idf = corpus_idf(split_clauses(item.text, item.own) for item in everything)
    return gold, opinion, later, idf


def parsed_path(path: str, paths: set[str]) -> str:
    """A hand link's item as the parser gives it: the nearest enclosing item the parser found (an excerpt that
    opens in the middle of a list is cut into fewer items than the document numbers)."""
    while path not in paths and "/" in path:
        path = path.rsplit("/", 1)[0]
    return path


def found_pairs(doc: str, settings: Settings, data) -> dict[tuple[str, str], Match]:
    """The linker's pairs (later item by the set's convention, opinion item), each with its best match."""
    _, opinion, later, idf = data
    items, children = later[doc]
    texts = {item.key: item.text for item in items}
    found = {}
    for match in sorted(match_items(items, opinion, idf, settings), key=lambda m: m.score, reverse=True):
        path = scope_path(match, texts[match.later], children[match.later[1]])
        found.setdefault((path, match.earlier[1]), match)
    return found


def expected_pairs(doc: str, data) -> dict[tuple[str, str], str]:
    gold, _, later, _ = data
    paths = {item.key[1] for item in later[doc][0]}
    return {(parsed_path(link["path"], paths), link["central_path"]): link["relation"]
            for link in gold if link["doc"] == doc}


def score(doc: str, settings: Settings, data) -> dict:
    return tally(doc, found_pairs(doc, settings, data), expected_pairs(doc, data))


def tally(label: str, found: dict, expected: dict) -> dict:
    hits = [pair for pair in found if pair in expected]
    right = sum(found[pair].relation == expected[pair] for pair in hits)
    return {"document": label, "gold": len(expected), "found": len(found), "correct": len(hits),
            "recall": ratio(len(hits), len(expected)), "precision": ratio(len(hits), len(found)),
            "relation_accuracy": ratio(right, len(hits)),
            "missed": sorted(set(expected) - set(found)), "extra": sorted(set(found) - set(expected))}


def pooled(set_name: str, settings: Settings, data) -> dict:
    """One set's documents together (pairs keyed by document too)."""
    found, expected = {}, {}
    for doc in set_documents(set_name, data):
        found.update({(doc, *pair): match for pair, match in found_pairs(doc, settings, data).items()})
        expected.update({(doc, *pair): relation for pair, relation in expected_pairs(doc, data).items()})
    return tally(f"{set_name} pooled", found, expected)


def set_documents(set_name: str, data) -> list[str]:
    return sorted({link["doc"] for link in data[0] if link["set"] == set_name})


def ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def curve(data, thresholds=CURVE_THRESHOLDS) -> list[dict]:
    """Pooled recall and precision of each set at each threshold, the other settings as shipped."""
    rows = []
    for threshold in thresholds:
        settings = replace(DEFAULT_SETTINGS, threshold=threshold)
        for set_name in SETS:
            result = pooled(set_name, settings, data)
            rows.append({"threshold": threshold, "set": set_name, "recall": result["recall"],
                         "precision": result["precision"], "found": result["found"],
                         "relation_accuracy": result["relation_accuracy"]})
    return rows


def explain(data, settings: Settings = DEFAULT_SETTINGS) -> list[dict]:
    """Each missed and extra pair of every set with what the matcher made of it: its score with no threshold and
    no pruning (None: never compared, no clause pair shares an anchor word or an earlier heading's word), and
    the two passages of its best clause pair."""
    loose = replace(settings, threshold=0.0, max_links_per_item=10**6, runner_up_share=0.0,
                    earlier_runner_up_share=0.0, max_links_per_earlier=10**6)
    _, opinion, later, _ = data
    earlier_texts = {item.key[1]: item.text for item in opinion}
    rows = []
    for set_name in SETS:
        for doc in set_documents(set_name, data):
            result = score(doc, settings, data)
            unpruned = found_pairs(doc, loose, data)
            texts = {item.key[1]: item.text for item in later[doc][0]}
            for kind in ("missed", "extra"):
                for pair in result[kind]:
                    match = unpruned.get(pair)
                    rows.append({"set": set_name, "document": doc, "kind": kind, "pair": pair,
                                 "unpruned_score": match and match.score,
                                 "later": match and texts[match.later[1]][slice(*match.later_span)],
                                 "earlier": match and earlier_texts[pair[1]][slice(*match.earlier_span)]})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--curve", action="store_true", help="pooled precision/recall per set at each threshold")
    parser.add_argument("--verbose", action="store_true", help="list missed and extra pairs")
    parser.add_argument("--explain", action="store_true", help="each missed and extra pair's score and passages")
    args = parser.parse_args()
    data = load()
    if args.explain:
        for row in explain(data):
            print(json.dumps(row, ensure_ascii=False))
        return
    if args.curve:
        for row in curve(data):
            print(json.dumps(row, ensure_ascii=False))
        return
    results = [score(doc, DEFAULT_SETTINGS, data) for set_name in SETS for doc in set_documents(set_name, data)]
    results += [pooled(set_name, DEFAULT_SETTINGS, data) for set_name in SETS]
    for result in results:
        if not args.verbose:
            result.pop("missed"), result.pop("extra")
        print(json.dumps(result, ensure_ascii=False))
    print(json.dumps({"with": vars(DEFAULT_SETTINGS)}))


if __name__ == "__main__":
    main()
