"""Which earlier items a later item carries forward (pure: items in, matches out; no Django).

Method `clauses`: each item is cut into clauses (`clauses.split_clauses`); a later clause is compared with the
earlier clauses that share a rare content word with it (an inverted index of the earlier clauses' rare words,
built per call: the words of a corpus's common theme alone make no link, and their long lists cost most), and
with the earlier items' headings that share any word with it (`ClauseIndex`);
a clause pair scores by the IDF-weighted overlap of its words (Dice), blended with rapidfuzz's character-level
Indel similarity, which catches rewordings jieba cuts differently (易地扶贫搬迁 / 易地搬迁). A later clause restates
one earlier passage, seldom two: it keeps its best earlier item, and another only when nearly as good. An item
pair scores by its best clause pair, a second aligned pair adding a little (an item that carries two clauses of
another is likelier its lineage than one that shares one phrase), scaled down as the two whole items are less
alike (a phrase shared by items about the same subject is likelier carried forward than one shared by items
about different things: 公共服务 in an item on schools and in one on tourism). Likewise an earlier item keeps
its best later item of a document, and another only when nearly as good. A part's heading
(八、全面加强党的集中统一领导) is never matched, and an item is not linked to an earlier item enclosing another
it is linked to: the sub-item says where the measure came from. An item pair's score is also scaled down when the
later item does not name the earlier item's subject, the words of its heading (（十一）分层分类实施社会救助): a
later item carrying a measure says what it is about, one sharing a phrase with it by chance (提高服务质量 in an item
on tourism) does not. Likewise when the later item's headings (its own and its parts') do not name the earlier
document's subject, the words a quarter of its items hold (脱贫, 帮扶, 乡村): a broad plan's item on culture
shares 服务质量 with the opinion in passing, its part on rural areas carries it. The genre's standing phrases
(坚持稳中求进工作总基调) are no words of a clause
(`clauses.BOILERPLATE`), and an item that narrates (一、重大意义; 取得重大成就) is matched on neither side.
The genre's concepts that documents of other years and levels name in other words (`clauses.CONCEPTS`: support
around the end of the transition period, 摘帽不摘帮扶 / 对…有返贫风险的继续实施帮扶; the monitoring's channels,
农户主动申请 / 农户自主申报) are words of the clauses naming them: two clauses naming one are compared and count as
alike. A local document (a county's plan, a township's monitoring scheme) restates the central item it implements
clause by clause, one of its items a clause: all its items carrying an earlier item are kept (up to
`local_links_per_earlier`), not only the best; and an item names the earlier item's subject in its own words
or in the headings above it (1.农户自主申报 under 二、监测方式和程序). An item pair's relation is its best clause
pair's, unless another aligned pair ends or loosens the earlier measure (`related_pair`).
rapidfuzz's partial alignment trims the evidence to the part of the longer clause that matches the shorter one.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from tracker.lineage.clauses import CLAUSE_END, CONCEPT_WORDS, ITEM_LABEL, Clause, content_words, split_clauses

# Sums over a set of words are math.fsum: exactly rounded whatever the order, and a set of strings is iterated in
# another order in another process (str hashes are salted), so that `ingest --workers` scores ties the same.
from tracker.lineage.relations import ENDING_RELATIONS, relation_of

# The heading of a section that tells what was achieved or how things stand, not what is to be done.
NARRATIVE_HEADING = re.compile(r"(重大|重要)意义|取得[^，,。；;]*(重大|历史性|决定性|显著)(成就|进展)|环境面临")
METHOD = "clauses"
VERSION = "5"  # 3: standing phrases, slogans, narrating items, the earlier subject named (module docstring);
# 4: earlier headings compared in common words too (ClauseIndex), the Party's exhortations standing phrases, the
# earlier document's subject named in the later item's headings (Settings.subject_weight); 5: the genre's concepts
# (clauses.CONCEPTS), a local document's items all kept per earlier item, the earlier heading named in the
# later item's headings too, an ending relation shown by any aligned clause pair (related_pair)


@dataclass(frozen=True)
class Item:
    """A measure as the matcher sees it. `document` groups items never linked to each other (one document,
    whatever number of witnesses); `own` are the ranges of `text` that are the item's own, not its
    sub-items' (None: all of it); `local` says its document is a province's, city's or ministry's; `parent`
    is the enclosing item's key (None for a top-level item)."""

    key: Hashable
    document: Hashable
    text: str
    own: tuple[tuple[int, int], ...] | None = None
    local: bool = False
    parent: Hashable | None = None  # the key of the item it is a sub-item of (a part heading's item for （三）)


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
    """The matcher's knobs (`tests/lineage/evaluate.py --curve`: the threshold's precision and recall on the
    development sets)."""

    threshold: float = 0.35  # an item pair scoring below this is not suggested
    word_weight: float = 0.7  # share of the IDF word overlap in a clause score; the rest is character overlap
    second_clause_bonus: float = 0.2  # weight of the second-best aligned clause pair
    max_links_per_item: int = 8  # a later item carries a few earlier ones (one a clause), not dozens
    max_links_per_earlier: int = 3  # per later document: an earlier item many of its items "match" is matched
    # for its common words, and only its best few are kept
    min_shared_idf: float = 2.0  # a clause pair must share at least this much IDF weight to be compared
    full_evidence_idf: float = 6.0  # shared IDF weight below this scales the score down: one rare word
    # in common is weaker evidence than two, however short the clauses
    runner_up_share: float = 0.9  # a later clause carries its best-scoring earlier item, and another only when
    # their clause pair scores at least this share of the best (a clause restates one earlier passage, seldom two)
    context_weight: float = 0.35  # how far unlike items (IDF-weighted cosine of their words) scale an item
    # pair's score down: a clause shared by items about the same subject is likelier carried forward
    full_context: float = 0.2  # a whole-item cosine from this on counts fully (linked items share a clause among
    # much else: their cosine is about 0.1)
    anchor_share: float = 0.1  # a clause pair must share a word found in at most this share of the items: the
    # words of a corpus's common theme (巩固拓展脱贫攻坚成果 across an opinion's parts) alone do not make a link
    heading_weight: float = 0.3  # how far an item pair's score is scaled down when the later item does not name
    # the earlier item's subject (the words of its heading, （十一）分层分类实施社会救助): a later item carrying a
    # measure names what it is about; one sharing a phrase with it by chance (提高服务质量 on tourism) does not
    full_heading_idf: float = 4.0  # the IDF weight of the earlier heading's words in the later item from which the
    # subject counts as named (two uncommon words, or one rare one)
    earlier_runner_up_share: float = 0.9  # an earlier item is carried by its best-scoring item of a later
    # document, and by another only when that scores at least this share of the best
    local_earlier_runner_up_share: float = 0.0  # the same for a local document's items: a county's plan or
    # monitoring scheme restates the central item it implements clause by clause, one item a clause
    local_links_per_earlier: int = 10  # and this many of them at most (`max_links_per_earlier`)
    subject_weight: float = 0.3  # how far an item pair's score is scaled down when the later item's headings (its
    # own and its parts') do not name the earlier document's subject: a broad plan's item on culture or on
    # macro policy shares 服务质量 or 国土空间规划 with the opinion in passing, its part on rural areas carries it
    full_subject_idf: float = 4.0  # the IDF weight of subject words in those headings from which the subject
    # counts as named (as `full_heading_idf`: two uncommon words, or one rare one)
    subject_share: float = 0.25  # a word in at least this share of an earlier document's items is of its subject
    # (脱贫, 帮扶, 乡村, 振兴 in the 2020 opinion)
    subject_min_items: int = 5  # an earlier document with fewer items at hand shows no subject, a later one no
    # parts off it: not scaled
    concept_idf: float = 6.0  # the weight of a concept of the genre (`clauses.CONCEPTS`) two clauses
    # name, whatever the corpus counts (the database's word counts hold no concept): full evidence on its own


DEFAULT_SETTINGS = Settings()


@dataclass(frozen=True)
class ClausePair:
    score: float
    later: Clause
    earlier: Clause


def match_items(later_items: Iterable[Item], earlier_items: Iterable[Item], idf: Mapping[str, float],
                settings: Settings = DEFAULT_SETTINGS,
                candidates: Mapping[Hashable, Collection[Hashable]] | None = None,
                shared: Collection[Hashable] = ()) -> list[Match]:
    """The matches of each later item with earlier items of other documents, best first per later item.
    `candidates`: the keys of the earlier items each later item is compared with (None: all of them);
    `shared`: with `candidates`, the keys of earlier items every later item is compared with as well (the
    items of the documents the later document draws on most: `store.SOURCE_DOCUMENTS`)."""
    idf = {**idf, **dict.fromkeys(CONCEPT_WORDS, settings.concept_idf)}  # a dict: read in the innermost loops
    earlier_items = list(earlier_items)
    parents = {item.key: item.parent for item in earlier_items}
    earlier_clauses = [(item, clause) for item in earlier_items for clause in linkable_clauses(item)]
    earlier_weights = [words_weight(clause, idf) for _, clause in earlier_clauses]
    heading_ends = {item.key: len(heading_of(item.text)) for item in earlier_items}
    in_heading = [clause.start < heading_ends[item.key] for item, clause in earlier_clauses]
    positions_of = defaultdict(list)  # earlier item key -> the positions of its clauses
    for position, (item, _) in enumerate(earlier_clauses):
        positions_of[item.key].append(position)
    everyone = range(len(earlier_clauses)) if candidates is None else [p for key in shared for p in positions_of[key]]
    shared_index = clause_index(earlier_clauses, in_heading, everyone, idf, settings)
    shared_keys = frozenset(shared)
    later_items = list(later_items)
    later_by_key = {item.key: item for item in later_items}
    # A later document of a few items (a press report's 一是…三是) has no parts off the earlier subject to tell
    # apart: not scaled, as an earlier document of a few items shows no subject.
    few = len(later_items) < settings.subject_min_items
    subjects = {} if few else document_subjects(earlier_items, settings)
    vectors = {}  # item key -> its IDF-weighted words, for the whole-item similarity
    matches = []
    for later in later_items:
        indexes = [shared_index] if candidates is None else [shared_index, clause_index(
            earlier_clauses, in_heading, [p for key in candidates.get(later.key, ()) if key not in shared_keys
                                          for p in positions_of[key]], idf, settings)]
        pairs_by_item = defaultdict(list)
        for clause in () if narrates(later) else split_clauses(later.text, later.own):
            best_by_item: dict[Item, ClausePair] = {}
            positions = set().union(*(index.compared_with(clause) for index in indexes))
            weight = words_weight(clause, idf)
            for position in positions:
                earlier, earlier_clause = earlier_clauses[position]
                shared = clause.words & earlier_clause.words
                shared_weight = math.fsum(idf.get(word, 0.0) for word in shared)
                if shared_weight < settings.min_shared_idf or earlier.document == later.document:
                    continue
                score = clause_score(clause, earlier_clause, shared_weight, weight + earlier_weights[position],
                                     settings, names_one_concept=not shared.isdisjoint(CONCEPT_WORDS))
                if earlier not in best_by_item or score > best_by_item[earlier].score:
                    best_by_item[earlier] = ClausePair(score, clause, earlier_clause)
            for earlier, pair in near_best(best_by_item, settings.runner_up_share):
                pairs_by_item[earlier].append(pair)
        context = {earlier: item_similarity(later, earlier, idf, vectors) for earlier in pairs_by_item}
        headings = heading_path_words(later, later_by_key)
        later_words = own_words(later) | headings  # an outline's sub-item (1.农户自主申报) says what it is about
        # in the headings above it (二、监测方式和程序)
        named = {earlier: Naming(heading_named(later_words, earlier, idf),
                                 subject_named(headings, subjects.get(earlier.document), idf))
                 for earlier in pairs_by_item}
        matches += without_enclosing_items(best_matches(later, pairs_by_item, context, named, settings), parents)
    if later_items and all(item.local for item in later_items):
        return best_per_earlier(matches, settings.local_links_per_earlier, settings.local_earlier_runner_up_share)
    return best_per_earlier(matches, settings.max_links_per_earlier, settings.earlier_runner_up_share)


@dataclass(frozen=True)
class ClauseIndex:
    """Which earlier clauses a later clause is compared with: those sharing an anchor word with it (a word found
    in at most `Settings.anchor_share` of the items: the words of a corpus's common theme, 巩固拓展脱贫攻坚成果
    across an opinion's parts, alone do not make a link), and the earlier items' headings sharing any word with
    it: a heading names its measure, and a later passage naming it in the genre's common words (促进脱贫人口稳岗
    就业 / （七）促进脱贫人口稳定就业) carries it as surely as one sharing a rare word."""

    anchors: Mapping[str, list[int]]  # anchor word -> the positions of the earlier clauses holding it
    headings: Mapping[str, list[int]]  # any other word -> the positions of the earlier heading clauses holding it

    def compared_with(self, clause: Clause) -> set[int]:
        return {position for index in (self.anchors, self.headings) for word in clause.words
                for position in index.get(word, ())}


def clause_index(earlier_clauses: list[tuple[Item, Clause]], in_heading: list[bool], positions: Iterable[int],
                 idf: Mapping[str, float], settings: Settings) -> ClauseIndex:
    """The index of the earlier clauses at `positions` (`in_heading`: whether each clause is in its item's
    heading)."""
    anchor_idf = math.log(1 + 1 / settings.anchor_share)  # the IDF (clauses.inverse_document_frequency) of
    # a word in that share of the items
    anchors, headings = defaultdict(list), defaultdict(list)
    for position in positions:
        for word in earlier_clauses[position][1].words:
            if idf.get(word, 0.0) >= anchor_idf:
                anchors[word].append(position)
            elif in_heading[position]:
                headings[word].append(position)
    return ClauseIndex(anchors, headings)


def own_words(item: Item) -> frozenset[str]:
    return frozenset().union(*(clause.words for clause in split_clauses(item.text, item.own)))


def document_subjects(earlier_items: list[Item], settings: Settings) -> dict[Hashable, frozenset[str]]:
    """Each earlier document's subject: the words at least `subject_share` of its items at hand hold (none for a
    document with fewer than `subject_min_items` of them)."""
    items_of = defaultdict(list)
    for item in earlier_items:
        items_of[item.document].append(item)
    subjects = {}
    for document, items in items_of.items():
        if len(items) >= settings.subject_min_items:
            counts = Counter(word for item in items for word in own_words(item))
            subjects[document] = frozenset(word for word, count in counts.items()
                                           if count >= settings.subject_share * len(items))
    return subjects


def heading_path_words(item: Item, items_by_key: Mapping[Hashable, Item]) -> frozenset[str]:
    """The words of the item's heading and of the headings of the items enclosing it (八、加快农业农村现代化 for
    （25）提升农业综合生产能力): what the later document says the item is about."""
    words = set()
    while item is not None:
        words |= heading_words(item.text)
        item = items_by_key.get(item.parent)
    return frozenset(words)


def subject_named(headings: frozenset[str], subject: frozenset[str] | None, idf: Mapping[str, float]) -> float:
    """The IDF weight of the earlier document's subject words among the later item's heading words (infinite when
    the document shows no subject: nothing to scale by)."""
    if subject is None:
        return math.inf
    return math.fsum(idf.get(word, 0.0) for word in headings & subject)


def linkable_clauses(item: Item) -> tuple[Clause, ...]:
    """An earlier item's clauses, but for the heading of an item with sub-items (八、全面加强党的集中统一领导):
    a heading names the subject its sub-items carry out, and a later passage matching it belongs to one of them;
    none of an item that narrates (`narrates`)."""
    if narrates(item):
        return ()
    clauses = split_clauses(item.text, item.own)
    if item.own is None or item.own == ((0, len(item.text)),):
        return clauses
    heading_end = len(heading_of(item.text))
    return tuple(clause for clause in clauses if clause.start >= heading_end)


def narrates(item: Item) -> bool:
    """Whether the item's heading says it tells what was achieved or how things stand (一、重大意义, （1）“十四五”
    时期我国发展取得重大成就, 发展环境面临深刻复杂变化): the genre opens with such a section, and it carries no
    measure, though it names the measures' subjects."""
    return bool(NARRATIVE_HEADING.search(heading_of(item.text)))


def heading_of(text: str) -> str:
    """An item's first sentence, which names its subject."""
    end = CLAUSE_END.search(text)
    return text[:end.start()] if end else text


def near_best(best_by_item: Mapping[Item, ClausePair], share: float) -> list[tuple[Item, ClausePair]]:
    """The earlier items whose clause pair with one later clause scores at least `share` of the best one's."""
    if not best_by_item:
        return []
    top = max(pair.score for pair in best_by_item.values())
    return [(earlier, pair) for earlier, pair in best_by_item.items() if pair.score >= share * top]


def without_enclosing_items(matches: list[Match], parents: Mapping[Hashable, Hashable]) -> list[Match]:
    """A later item's matches without the earlier items enclosing another of them: a part heading (五、健全…)
    sums up its sub-items, and the sub-item matched says where the later item's measure came from."""
    enclosing = set()
    for match in matches:
        parent = parents.get(match.earlier)
        while parent is not None and parent not in enclosing:
            enclosing.add(parent)
            parent = parents.get(parent)
    return [match for match in matches if match.earlier not in enclosing]


def best_per_earlier(matches: list[Match], limit: int, share: float) -> list[Match]:
    """Each earlier item's best match and those scoring at least `share` of it, `limit` at most, the matches'
    order kept."""
    ranked = defaultdict(list)
    for match in matches:
        ranked[match.earlier].append(match)
    kept = set()
    for group in ranked.values():
        group.sort(key=lambda m: m.score, reverse=True)
        kept.update(id(match) for match in group[:limit] if match.score >= share * group[0].score)
    return [match for match in matches if id(match) in kept]


def words_weight(clause: Clause, idf: Mapping[str, float]) -> float:
    return math.fsum(idf.get(word, 0.0) for word in clause.words)


def clause_score(later: Clause, earlier: Clause, shared: float, both_weights: float, settings: Settings,
                 names_one_concept: bool = False) -> float:
    """The clauses' IDF-weighted word overlap (Dice) blended with their characters' (Indel), scaled down while
    the shared words weigh less than `full_evidence_idf`. Two clauses naming one concept of the genre
    (`clauses.CONCEPTS`) say the same thing in the words of other years or levels (before and after the
    transition period), which their other words' overlap does not measure: their word overlap counts as whole."""
    words = 1.0 if names_one_concept else 2 * shared / both_weights
    characters = Indel.normalized_similarity(later.text, earlier.text)
    blended = settings.word_weight * words + (1 - settings.word_weight) * characters
    return blended * min(1.0, shared / settings.full_evidence_idf)


def item_similarity(later: Item, earlier: Item, idf: Mapping[str, float], vectors: dict) -> float:
    """The cosine of the two items' own words, each weighted by its IDF."""
    (a, a_squares), (b, b_squares) = (item_vector(item, idf, vectors) for item in (later, earlier))
    dot = math.fsum(weight * b[word] for word, weight in a.items() if word in b)
    norms = math.sqrt(a_squares * b_squares)
    return dot / norms if norms else 0.0


def item_vector(item: Item, idf: Mapping[str, float], vectors: dict) -> tuple[dict[str, float], float]:
    """The item's IDF-weighted words and the sum of their squares (computed once a run)."""
    if item.key not in vectors:
        vector = {word: idf.get(word, 0.0) for word in own_words(item)}
        vectors[item.key] = vector, math.fsum(w * w for w in vector.values())
    return vectors[item.key]


@dataclass(frozen=True)
class Naming:
    """How far a later item names what an earlier item is about: the IDF weight of the earlier item's heading words
    among the later item's words, and of the earlier document's subject words among the later item's headings."""

    heading: float
    subject: float


def best_matches(later: Item, pairs_by_item: Mapping[Item, list[ClausePair]], context: Mapping[Item, float],
                 named: Mapping[Item, Naming], settings: Settings) -> list[Match]:
    """The later item's matches above the threshold, best first: each earlier item's best clause pair, a second
    adding a little, scaled down as the items are unlike, as the later item does not name the earlier item's
    subject and as its headings do not name the earlier document's."""
    scored = []
    for earlier, pairs in pairs_by_item.items():
        pairs.sort(key=lambda pair: pair.score, reverse=True)
        best = pairs[0]
        second = next((pair.score for pair in pairs[1:]
                       if pair.later is not best.later and pair.earlier is not best.earlier), 0.0)
        score = min(1.0, best.score + settings.second_clause_bonus * second)
        context_score = min(1.0, context[earlier] / settings.full_context)
        score *= 1 - settings.context_weight * (1 - context_score)  # scaled down, never made up: a weak clause
        # pair is no link however alike the items
        score *= 1 - settings.heading_weight * (1 - min(1.0, named[earlier].heading / settings.full_heading_idf))
        score *= 1 - settings.subject_weight * (1 - min(1.0, named[earlier].subject / settings.full_subject_idf))
        if score >= settings.threshold:
            scored.append((score, earlier, pairs))
    scored.sort(key=lambda entry: entry[0], reverse=True)
    matches = []
    for score, earlier, pairs in scored[:settings.max_links_per_item]:
        relation, evidence = related_pair(pairs, later.local)
        matches.append(Match(later.key, earlier.key, round(score, 4), relation, *evidence_spans(evidence)))
    return matches


def related_pair(pairs: list[ClausePair], later_is_local: bool) -> tuple[str, ClausePair]:
    """The relation of an item pair and the clause pair that shows it: its best clause pair's, unless another of
    its aligned pairs ends or loosens the earlier measure (县级可根据帮扶任务合理安排资金 beside 保持财政投入…总体
    稳定): a measure ended or loosened in one clause is so whatever else the item restates. Pairs best first."""
    relations = [relation_of(pair.later.text, pair.earlier.sentence, later_is_local, pair.later.sentence)
                 for pair in pairs]
    for ending in ENDING_RELATIONS:
        if ending in relations:
            return ending, pairs[relations.index(ending)]
    return relations[0], pairs[0]


def heading_named(later_words: frozenset[str], earlier: Item, idf: Mapping[str, float]) -> float:
    """The IDF weight of the earlier item's heading words (its first sentence: （十一）分层分类实施社会救助) among
    the later item's words (its own and its headings')."""
    return math.fsum(idf.get(word, 0.0) for word in heading_words(earlier.text) & later_words)


@lru_cache(maxsize=8192)
def heading_words(text: str) -> frozenset[str]:
    return content_words(ITEM_LABEL.sub("", heading_of(text)))


def evidence_spans(pair: ClausePair) -> tuple[tuple[int, int], tuple[int, int]]:
    """The two passages: the shorter clause whole, and the part of the longer one rapidfuzz aligns with it."""
    later, earlier = pair.later, pair.earlier
    if len(later.text) <= len(earlier.text):
        alignment = fuzz.partial_ratio_alignment(later.text, earlier.text)
        return (later.start, later.end), (earlier.start + alignment.dest_start, earlier.start + alignment.dest_end)
    alignment = fuzz.partial_ratio_alignment(earlier.text, later.text)
    return (later.start + alignment.dest_start, later.start + alignment.dest_end), (earlier.start, earlier.end)
