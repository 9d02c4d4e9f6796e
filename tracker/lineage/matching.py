"""Which earlier items a later item carries forward (pure: items in, matches out; no Django).

Method `clauses`: each item is cut into clauses (`clauses.split_clauses`); a later clause is compared with the
earlier clauses that share a rare content word with it (an inverted index of the earlier clauses' rare words,
built per call: the words of a corpus's common theme alone make no link, and their long lists cost most);
a clause pair scores by the IDF-weighted overlap of its words (Dice), blended with rapidfuzz's character-level
Indel similarity, which catches rewordings jieba cuts differently (易地扶贫搬迁 / 易地搬迁). An item pair scores
by its best clause pair, and a second aligned pair adds a little (an item that carries two clauses of another
is likelier its lineage than one that shares one phrase). rapidfuzz's partial alignment trims the evidence to
the part of the longer clause that matches the shorter one.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from tracker.lineage.clauses import Clause, split_clauses
from tracker.lineage.relations import relation_of

METHOD = "clauses"
VERSION = "1"


@dataclass(frozen=True)
class Item:
    """A measure as the matcher sees it. `document` groups items never linked to each other (one document,
    whatever number of witnesses); `own` are the ranges of `text` that are the item's own, not its
    sub-items' (None: all of it); `local` says its document is a province's, city's or ministry's."""

    key: Hashable
    document: Hashable
    text: str
    own: tuple[tuple[int, int], ...] | None = None
    local: bool = False


@dataclass(frozen=True)
class Match:
    later: Hashable
    earlier: Hashable
    score: float
    relation: str
    later_span: tuple[int, int]
    earlier_span: tuple[int, int]


@dataclass(frozen=True)
class Settings:
    """The matcher's knobs (tests/lineage/evaluate.py calibrates them on the development set)."""

    threshold: float = 0.5  # an item pair scoring below this is not suggested
    word_weight: float = 0.7  # share of the IDF word overlap in a clause score; the rest is character overlap
    second_clause_bonus: float = 0.2  # weight of the second-best aligned clause pair
    max_links_per_item: int = 4  # a later item carries a few earlier ones, not dozens
    max_links_per_earlier: int = 3  # per later document: an earlier item many of its items "match" is matched
    # for its common words, and only its best few are kept
    min_shared_idf: float = 2.0  # a clause pair must share at least this much IDF weight to be compared
    full_evidence_idf: float = 6.0  # shared IDF weight below this scales the score down: one rare word
    # in common is weaker evidence than two, however short the clauses
    anchor_share: float = 0.1  # a clause pair must share a word found in at most this share of the items: the
    # words of a corpus's common theme (巩固拓展脱贫攻坚成果 across an opinion's parts) alone do not make a link


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class ClausePair:
    score: float
    later: Clause
    earlier: Clause


def match_items(later_items: Iterable[Item], earlier_items: Iterable[Item], idf: Mapping[str, float],
                settings: Settings = DEFAULT_SETTINGS) -> list[Match]:
    """The matches of each later item with earlier items of other documents, best first per later item."""
    anchor_idf = math.log(1 + 1 / settings.anchor_share)  # the IDF (clauses.inverse_document_frequency) of
    # a word in that share of the items
    earlier_clauses = [(item, clause) for item in earlier_items for clause in split_clauses(item.text, item.own)]
    earlier_weights = [words_weight(clause, idf) for _, clause in earlier_clauses]
    index = defaultdict(list)  # anchor word -> earlier clauses holding it: only pairs sharing one are compared
    for position, (_, clause) in enumerate(earlier_clauses):
        for word in clause.words:
            if idf.get(word, 0.0) >= anchor_idf:
                index[word].append(position)
    matches = []
    for later in later_items:
        pairs_by_item = defaultdict(list)
        for clause in split_clauses(later.text, later.own):
            positions = set().union(*(index.get(word, ()) for word in clause.words))
            weight = words_weight(clause, idf)
            for position in positions:
                earlier, earlier_clause = earlier_clauses[position]
                shared = sum(idf.get(word, 0.0) for word in clause.words & earlier_clause.words)
                if shared < settings.min_shared_idf or earlier.document == later.document:
                    continue
                score = clause_score(clause, earlier_clause, shared, weight + earlier_weights[position], settings)
                pairs_by_item[earlier].append(ClausePair(score, clause, earlier_clause))
        matches += best_matches(later, pairs_by_item, settings)
    return best_per_earlier(matches, settings.max_links_per_earlier)


def best_per_earlier(matches: list[Match], limit: int) -> list[Match]:
    """The `limit` best matches of each earlier item, the matches' order kept."""
    ranked = defaultdict(list)
    for match in matches:
        ranked[match.earlier].append(match)
    kept = {id(match) for group in ranked.values()
            for match in sorted(group, key=lambda m: m.score, reverse=True)[:limit]}
    return [match for match in matches if id(match) in kept]


def words_weight(clause: Clause, idf: Mapping[str, float]) -> float:
    return sum(idf.get(word, 0.0) for word in clause.words)


def clause_score(later: Clause, earlier: Clause, shared: float, both_weights: float, settings: Settings) -> float:
    words = 2 * shared / both_weights
    characters = Indel.normalized_similarity(later.text, earlier.text)
    blended = settings.word_weight * words + (1 - settings.word_weight) * characters
    return blended * min(1.0, shared / settings.full_evidence_idf)


def best_matches(later: Item, pairs_by_item: Mapping[Item, list[ClausePair]], settings: Settings) -> list[Match]:
    scored = []
    for earlier, pairs in pairs_by_item.items():
        pairs.sort(key=lambda pair: pair.score, reverse=True)
        best = pairs[0]
        second = next((pair.score for pair in pairs[1:]
                       if pair.later is not best.later and pair.earlier is not best.earlier), 0.0)
        score = min(1.0, best.score + settings.second_clause_bonus * second)
        if score >= settings.threshold:
            scored.append((score, earlier, best))
    scored.sort(key=lambda entry: entry[0], reverse=True)
    return [
        Match(later.key, earlier.key, round(score, 4),
              relation_of(best.later.text, best.earlier.sentence, later.local), *evidence_spans(best))
        for score, earlier, best in scored[:settings.max_links_per_item]
    ]


def evidence_spans(pair: ClausePair) -> tuple[tuple[int, int], tuple[int, int]]:
    """The two passages: the shorter clause whole, and the part of the longer one rapidfuzz aligns with it."""
    later, earlier = pair.later, pair.earlier
    if len(later.text) <= len(earlier.text):
        alignment = fuzz.partial_ratio_alignment(later.text, earlier.text)
        return (later.start, later.end), (earlier.start + alignment.dest_start, earlier.start + alignment.dest_end)
    alignment = fuzz.partial_ratio_alignment(earlier.text, later.text)
    return (later.start + alignment.dest_start, later.start + alignment.dest_end), (earlier.start, earlier.end)
