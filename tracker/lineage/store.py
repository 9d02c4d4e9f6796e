"""The linker's database side: which documents are earlier, the candidate measures from the database's index,
and the suggestions written so that people's decisions stand.

Candidates. On PostgreSQL the later document's words are looked up in the full-text GIN index over
`Measure.search_tokens` (migration 0003): the same jieba words the matcher uses, so the index answers "which
measures share this word" without a scan, where pg_trgm would answer for character trigrams the matcher does not
weigh. A word's rarity (the IDF, and which words are worth looking up) is its count in `WordFrequency`, which the
writers keep (tracker.lineage.word_counts): one indexed look-up a word. One query then asks, for each later item,
the earlier measures that share most of its rarest words, and the matcher compares each later item with its own
candidates, and with every item of the few earlier documents most of the later items found candidates in
(SOURCE_DOCUMENTS: the documents it carries forward). On SQLite (the small embedded default, no such index), and
below INDEX_FROM_MEASURES measures, every earlier measure is a candidate of every later item.

Dates. A document is later than another by its written date, else its published date, else 1 January of a year
its title names. A document with none of these (a page saved without its date line, an excerpt) is linked as the
later side against every dated document and every document it cites by title (根据《中共中央、国务院关于…的意见》,
in its witnesses' text or its measures'), and its links are flagged for review: their method ends in
UNDATED_FLAG, which the review queue can filter on. It is never the earlier side of a dated document's links
(nothing says it came first). Every run reports the undated documents for someone to date them.

Writes (one transaction per document): a link a person accepted, rejected or made is never changed and its pair
never re-suggested; a suggestion still found is updated when its relation, score, evidence or method changed;
a suggestion no longer found is deleted; a new pair is added as `suggested`. A second run writes nothing.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, prefetch_related_objects

from tracker import summary
from tracker.lineage import word_counts
from tracker.lineage.clauses import inverse_document_frequency, may_be_joined_slogan, own_ranges, split_clauses
from tracker.lineage.matching import DEFAULT_SETTINGS, METHOD, VERSION, Item, Match, match_items
from tracker.models import WRITE_BATCH_SIZE, Document, Measure, MeasureLink
from tracker.search import SEARCH_CONFIG
from tracker.vocabulary import DECIDED_REVIEWS

METHOD_NAME = f"{METHOD}/{VERSION}"
UNDATED_FLAG = " undated"
TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
CITED_TITLE = re.compile(r"《([^《》]{4,200})》")
TITLE_NOISE = re.compile(r"[\W_]+")  # spaces and punctuation: 中共中央、国务院 and 中共中央 国务院 are one issuer
LOCAL_LEVELS = frozenset({"provincial", "prefecture", "county", "township", "village"})
SECTOR_KINDS = frozenset({"ministry", "agency"})
CENTRAL_LEADERSHIP_KINDS = frozenset({"party", "state_council"})
# PostgreSQL: a word in more measures than this is never looked up for candidates (its posting list would be
# most of the cost, for a word that tells little); each later item looks up its KEY_WORDS_PER_ITEM rarest words,
# fewer when they are held by more than POSTINGS_PER_ITEM measures together (each posting is a row the index
# scan visits: they bound the time, whatever the size of the corpus), and takes the CANDIDATES_PER_ITEM
# measures sharing most of them.
RARE_WORD_CAP = 2000
KEY_WORDS_PER_ITEM = 8
POSTINGS_PER_ITEM = 2000
CANDIDATES_PER_ITEM = 50
# The other way (later_documents_to_relink: which later measures may now have an earlier item as a candidate): a
# later item looks up its own rarest words, which need not be the earlier item's rarest, so more of them.
REVERSE_KEY_WORDS = 3 * KEY_WORDS_PER_ITEM
REVERSE_POSTINGS = 3 * POSTINGS_PER_ITEM
# The documents the most later items found candidates in are the ones the later document carries forward: every
# item of the SOURCE_DOCUMENTS first is a candidate of every later item, as every earlier item is where there is
# no index, so that a later passage naming an earlier heading in the genre's common words (稳岗就业 / 稳定就业,
# which no rare-word look-up brings) is compared, and an earlier document's subject is read from all its items.
SOURCE_DOCUMENTS = 3
INFERRED_FIELDS = ("relation", "score", "method", "from_span_start", "from_span_end", "to_span_start", "to_span_end")
INDEX_FROM_MEASURES = 20_000  # PostgreSQL: from this many measures on, candidates come from the index
WORDS_INDEX = "tracker_measure_words_fts"  # migration 0003: the GIN index of INDEXED_WORDS
INDEX_WORD = re.compile(r"^\w+$")  # words safe to put in a tsquery as they are
# The indexed expression, exactly as migration 0003 created it from tracker.search.search_vector().
INDEXED_WORDS = f"to_tsvector('{SEARCH_CONFIG}', COALESCE(search_tokens, ''))"


@dataclass(frozen=True)
class Candidates:
    """What the matcher compares a later document with: the IDF of its words, the earlier items, and for each
    later item's key the keys of its own candidates (None: every earlier item for every later item)."""

    idf: dict[str, float]
    earlier: list[Item]
    of_item: dict | None = None
    shared: frozenset = frozenset()  # with of_item: the keys of the earlier items every later item is compared with


@dataclass
class LinkCounts:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    kept_decided: int = 0
    unchanged: int = 0
    documents: int = 0
    undated_documents: list[int] = field(default_factory=list)

    def add(self, other: LinkCounts) -> None:
        for name in ("created", "updated", "deleted", "kept_decided", "unchanged", "documents"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.undated_documents += other.undated_documents

    @property
    def written(self) -> int:
        return self.created + self.updated + self.deleted


def document_date(document: Document) -> datetime.date | None:
    if document.date:
        return document.date
    year = TITLE_YEAR.search(document.title)
    return datetime.date(int(year.group(1)), 1, 1) if year else None


def is_local(document: Document) -> bool:
    """A province's, city's or ministry's document (not one the central leadership issued, alone or jointly)."""
    issuers = list(document.issuers.all())
    if any(body.kind in CENTRAL_LEADERSHIP_KINDS and body.level == "central" for body in issuers):
        return False
    return any(body.level in LOCAL_LEVELS or body.kind in SECTOR_KINDS for body in issuers)


def link_documents(document_ids=None) -> LinkCounts:
    """(Re)compute the suggestions of the given documents (all with measures when None), each as the later
    side against the documents earlier than it."""
    with_measures = Exists(Measure.objects.filter(document=OuterRef("pk")))  # not a join: no DISTINCT to sort
    documents = list(Document.objects.filter(with_measures))
    dates = {document.pk: document_date(document) for document in documents}
    titles = {document.pk: title_key(document.title) for document in documents}
    wanted = None if document_ids is None else set(document_ids)
    chosen = [d for d in documents if wanted is None or d.pk in wanted]
    prefetch_related_objects(chosen, "issuers")  # of the chosen only: a new document's, not ten thousand
    counts = LinkCounts()
    for document in chosen:
        earlier_ids = earlier_documents(document, dates, titles)
        counts.add(link_document(document, earlier_ids, undated=dates[document.pk] is None))
    return counts


@transaction.atomic  # the candidate query's SET LOCALs hold only inside a transaction
def later_documents_to_relink(document_ids: list[int]) -> list[int]:
    """The documents later than these (dated after one of them, or undated) whose measures share these documents'
    items' words (their candidates, as if they were the earlier side; where there is no index, every later
    document, as every earlier measure is a candidate there): once these are new or changed, such a document's
    links may change too (the centre's opinion loaded after a province's 实施意见 that carries it, or a new
    version of it). An undated document of these is earlier than nothing dated, and has none."""
    changed = set(document_ids)
    first = min(filter(None, map(document_date, Document.objects.filter(pk__in=changed))), default=None)
    if first is None:
        return []
    with_measures = Document.objects.filter(Exists(Measure.objects.filter(document=OuterRef("pk"))))
    later = [document.pk for document in with_measures.exclude(pk__in=changed)
             if (date := document_date(document)) is None or date > first]
    items = measure_items(Measure.objects.filter(document_id__in=changed))
    if not (later and items):
        return []
    if candidate_source() is memory_candidates:  # every later measure would be a candidate
        return later
    found, _, _ = index_candidates(items, later, REVERSE_KEY_WORDS, REVERSE_POSTINGS)
    measures = Measure.objects.filter(pk__in={measure_id for _, measure_id in found})
    return sorted(set(measures.values_list("document_id", flat=True)))


def earlier_documents(document: Document, dates: dict, titles: dict[int, str]) -> list[int]:
    """The documents dated before it; for an undated one, every dated one and those it cites (module docstring)."""
    date = dates[document.pk]
    if date is None:
        cited = cited_titles(document)
        return [other for other, other_date in dates.items()
                if other != document.pk and (other_date is not None or titles[other] in cited)]
    return [other for other, other_date in dates.items() if other_date is not None and other_date < date]


def title_key(title: str) -> str:
    """A title as citations print it alike: from its 关于 on (issuers are named or left out), no punctuation."""
    about = title.find("关于")
    return TITLE_NOISE.sub("", title[about:] if about >= 0 else title)


def cited_titles(document: Document) -> set[str]:
    texts = [appearance.source.text[appearance.span_start:appearance.span_end]
             for appearance in document.appearances.select_related("source")]
    texts += document.measures.filter(withdrawn_at__isnull=True).values_list("text", flat=True)
    return {title_key(title) for text in texts for title in CITED_TITLE.findall(text)}


@transaction.atomic
def link_document(document: Document, earlier_ids: list[int], undated: bool) -> LinkCounts:
    later = measure_items(Measure.objects.filter(document=document), local=is_local(document))
    matches = []
    if later and earlier_ids:
        found = candidate_source()(later, earlier_ids)
        matches = match_items(later, found.earlier, found.idf, DEFAULT_SETTINGS, found.of_item, found.shared)
    method = METHOD_NAME + (UNDATED_FLAG if undated else "")
    counts = write_links(document, matches, method)
    counts.documents = 1
    counts.undated_documents = [document.pk] if undated else []
    return counts


def candidate_source():
    """The index where it pays: below INDEX_FROM_MEASURES measures one pass over them is cheaper than a
    thousand index look-ups."""
    if connection.vendor == "postgresql" and Measure.objects.count() >= INDEX_FROM_MEASURES:
        return postgres_candidates
    return memory_candidates


def measure_items(measures, local: bool = False) -> list[Item]:
    """Items of current (not withdrawn) measures, each with its own ranges (outside its sub-items' texts)."""
    rows = list(measures.filter(withdrawn_at__isnull=True).values_list("pk", "document_id", "text", "parent_id"))
    sub_texts: dict[int, list[str]] = {}
    children = Measure.objects.filter(parent_id__in=[row[0] for row in rows], withdrawn_at__isnull=True)
    for parent_id, text in children.order_by("order").values_list("parent_id", "text"):
        sub_texts.setdefault(parent_id, []).append(text)
    return [Item(pk, document_id, text, own_ranges(text, sub_texts.get(pk, [])), local, parent_id)
            for pk, document_id, text, parent_id in rows]


def item_words(items: list[Item]) -> list[frozenset[str]]:
    return [frozenset().union(*(c.words for c in split_clauses(item.text, item.own))) for item in items]


def word_frequencies(words: frozenset[str]) -> tuple[Counter, int, frozenset[str]]:
    """How many current measures hold each of these words (tracker.lineage.word_counts), how many there are, and
    which of the words are slogans the matcher joins, which the index never holds (counted in the text instead)."""
    counts = Counter(word_counts.frequencies([word_counts.MEASURES, *sorted(words)]))
    total = max(counts.pop(word_counts.MEASURES), 1)
    unindexed = unindexed_word_counts(word for word in words if not counts[word])
    counts.update(unindexed)
    return counts, total, frozenset(unindexed)


def unindexed_word_counts(words) -> dict[str, int]:
    """How many current measures hold each of the words the search-words index cannot hold, the slogans the
    matcher joins (三保障, `clauses.may_be_joined_slogan`), counted in their text (on PostgreSQL through the
    trigram index on it, capped like the index's counts): left at 0, such a word would weigh as the rarest of
    all. One query a slogan; a document has a few."""
    current = Measure.objects.filter(withdrawn_at__isnull=True)
    return {word: current.filter(text__contains=word)[:RARE_WORD_CAP].count()
            for word in sorted(words) if may_be_joined_slogan(word)}


def memory_candidates(later: list[Item], earlier_ids: list[int]) -> Candidates:
    """Every earlier measure, for every later item."""
    frequency, total, _ = word_frequencies(frozenset().union(*item_words(later)))
    idf = inverse_document_frequency(frequency, total)
    return Candidates(idf, measure_items(Measure.objects.filter(document_id__in=earlier_ids)))


def postgres_candidates(later: list[Item], earlier_ids: list[int]) -> Candidates:
    """For each later item the earlier measures sharing most of its rarest words, from the search-words GIN
    index (one query, whatever the number of items); a word's rarity is its count."""
    found, frequency, total = index_candidates(later, earlier_ids)
    of_item: dict = {}
    for number, measure_id in found:
        of_item.setdefault(later[number].key, set()).add(measure_id)
    earlier = measure_items(Measure.objects.filter(pk__in={measure_id for _, measure_id in found}))
    sources = source_documents(earlier, of_item)
    found_keys = {item.key for item in earlier}
    source_items = measure_items(Measure.objects.filter(document_id__in=sources))
    earlier += [item for item in source_items if item.key not in found_keys]
    return Candidates(inverse_document_frequency(frequency, total), earlier, of_item,
                      frozenset(item.key for item in source_items))


def index_candidates(later: list[Item], earlier_ids: list[int], words_per_key=KEY_WORDS_PER_ITEM,
                     postings=POSTINGS_PER_ITEM) -> tuple[list[tuple[int, int]], Counter, int]:
    """(item number, measure id) of each item's candidates among the earlier documents' measures, with the
    words' counts and the number of measures."""
    words_per_item = item_words(later)
    frequency, total, unindexed = word_frequencies(frozenset().union(*words_per_item))
    keys = [(number, word) for number, words in enumerate(words_per_item)
            for word in key_words(words - unindexed, frequency, words_per_key, postings)]
    with connection.cursor() as cursor:
        # The index, never a scan: a scan recomputes every row's tsvector (the index is on an expression).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL work_mem = '64MB'")  # the keys' rows are sorted in memory, not on disk
        # Measures written since the last VACUUM wait in the index's pending list, which every look-up reads
        # whole (up to gin_pending_list_limit, 4 MB): merged once here, the look-ups read only their words.
        cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [WORDS_INDEX])
        cursor.execute(CANDIDATES_SQL, candidates_parameters(keys, earlier_ids))
        return cursor.fetchall(), frequency, total


def source_documents(earlier: list[Item], of_item: dict) -> list:
    """The SOURCE_DOCUMENTS documents holding candidates of the most later items (ties by the document's key)."""
    document_of = {item.key: item.document for item in earlier}
    later_items_of = Counter(document for keys in of_item.values() for document in {document_of[key] for key in keys})
    ranked = sorted(later_items_of.items(), key=lambda entry: (-entry[1], entry[0]))
    return [document for document, _ in ranked[:SOURCE_DOCUMENTS]]


# For each (item, word) key, the earlier measures holding the word; for each item, the CANDIDATES_PER_ITEM
# measures holding most of its words. Earlier: not of the documents that are not earlier (the document itself
# and those after it, for a new document a short list), which the planner checks on the rows the word's
# look-up found, where `document_id = ANY(earlier)` made it AND the look-up with a scan of the document index
# over nearly every row (a second a word, against a million measures).
CANDIDATES_SQL = (
    "SELECT item, id FROM (SELECT key.item, found.id, row_number() OVER (PARTITION BY key.item"
    " ORDER BY count(*) DESC, found.id) AS rank"
    " FROM unnest(%s::int[], %s::text[]) AS key(item, word) CROSS JOIN LATERAL ("
    f" SELECT id FROM tracker_measure WHERE {INDEXED_WORDS} @@ to_tsquery('{SEARCH_CONFIG}', key.word)"
    " AND document_id <> ALL(%s) AND withdrawn_at IS NULL) found"
    " GROUP BY key.item, found.id) ranked WHERE rank <= %s"
)


def candidates_parameters(keys: list[tuple[int, str]], earlier_ids: list[int]) -> list:
    not_earlier = list(Document.objects.exclude(pk__in=earlier_ids).values_list("pk", flat=True))
    return [[item for item, _ in keys], [word for _, word in keys], not_earlier, CANDIDATES_PER_ITEM]


def key_words(words: frozenset[str], frequency: Counter, count=KEY_WORDS_PER_ITEM, postings_cap=POSTINGS_PER_ITEM,
              ) -> list[str]:
    """The words an item looks up: its rarest (ties by the word, so the same item always looks up the same
    words), held by fewer than RARE_WORD_CAP measures (and by one at least: a clause's word jieba did not cut
    in the search words is in no measure's), KEY_WORDS_PER_ITEM at most, while their measures add up to
    POSTINGS_PER_ITEM (the rarest always)."""
    rare = sorted((word for word in words if 0 < frequency[word] < RARE_WORD_CAP and INDEX_WORD.match(word)),
                  key=lambda word: (frequency[word], word))
    chosen, postings = [], 0
    for word in rare[:count]:
        postings += frequency[word]
        if chosen and postings > postings_cap:
            break
        chosen.append(word)
    return chosen


def write_links(document: Document, matches: list[Match], method: str) -> LinkCounts:
    """Bulk writes, as the ingest's: suggestions are the linker's output, not people's edits, so they leave no
    audit-trail rows (people's decisions on them do, through tracker.reviews)."""
    counts = LinkCounts()
    found = {(match.later, match.earlier): match for match in matches}
    stale, changed, stale_earlier = [], [], []
    for link in MeasureLink.objects.filter(from_measure__document=document).select_for_update():
        match = found.pop((link.from_measure_id, link.to_measure_id), None)
        if link.provenance == "manual" or link.review in DECIDED_REVIEWS:
            counts.kept_decided += 1
        elif match is None:
            stale.append(link.pk)
            stale_earlier.append(link.to_measure_id)
        elif apply_match(link, match, method):
            changed.append(link)
        else:
            counts.unchanged += 1
    MeasureLink.objects.filter(pk__in=stale).delete()
    MeasureLink.objects.bulk_update(changed, INFERRED_FIELDS, batch_size=WRITE_BATCH_SIZE)
    created = []
    for match in found.values():
        link = MeasureLink(from_measure_id=match.later, to_measure_id=match.earlier, provenance="inferred",
                           review="suggested")
        apply_match(link, match, method)
        created.append(link)
    MeasureLink.objects.bulk_create(created, batch_size=WRITE_BATCH_SIZE)
    carried = [*stale_earlier, *(link.to_measure_id for link in created)]
    summary.refresh_carried(Measure.objects.filter(pk__in=carried).values_list("document_id", flat=True).distinct())
    counts.created, counts.updated, counts.deleted = len(created), len(changed), len(stale)
    return counts


def apply_match(link: MeasureLink, match: Match, method: str) -> bool:
    """Set the link's inferred fields from the match; whether anything changed."""
    values = dict(zip(INFERRED_FIELDS, (match.relation, round_score(match.score), method, *match.later_span,
                                        *match.earlier_span), strict=True))
    changed = any(getattr(link, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(link, name, value)
    return changed


def round_score(score: float) -> Decimal:
    return Decimal(str(round(score, 4)))

