"""The linker's database side: which documents are earlier, the candidate measures from the database's index,
and the suggestions written so that people's decisions stand.

Candidates. On PostgreSQL the later document's words are looked up in the full-text GIN index over
`Measure.search_tokens` (migration 0003): the same jieba words the matcher uses, so the index answers "which
measures share this word" without a scan, where pg_trgm would answer for character trigrams the matcher does not
weigh. One query counts, for each word, how many measures hold it (capped: past the cap a word is common and
weighs little anyway), which gives the IDF; a second asks, for each later item, the earlier measures that share
its rarer words, best ranked first. On SQLite (the small embedded default, no such index) every earlier measure
is a candidate and the IDF is counted in memory.

Dates. A document is later than another by its written date, else its published date, else 1 January of a year
its title names. A document with none of these is not assumed later than anything: it is linked only to the
documents it cites by title (根据《中共中央、国务院关于…的意见》, in its witnesses' text or its measures'), which it
must postdate, and its links are flagged for review: their method ends in UNDATED_FLAG, which the review queue
can filter on. Every run reports the undated documents, linked or not, for someone to date them.

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

from tracker import summary
from tracker.lineage.clauses import inverse_document_frequency, own_ranges, split_clauses
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
# PostgreSQL: a word in more measures than this is counted no further and never looked up for candidates
# (its posting list would be most of the cost, for a word that tells little); each later item looks up its
# KEY_WORDS_PER_ITEM rarest words and takes the CANDIDATES_PER_ITEM measures sharing most of them.
RARE_WORD_CAP = 2000
KEY_WORDS_PER_ITEM = 8
CANDIDATES_PER_ITEM = 50
WORDS_INDEX = "tracker_measure_words_fts"  # migration 0003
INFERRED_FIELDS = ("relation", "score", "method", "from_span_start", "from_span_end", "to_span_start", "to_span_end")
INDEX_FROM_MEASURES = 20_000  # PostgreSQL: from this many measures on, candidates come from the index
INDEX_WORD = re.compile(r"^\w+$")  # words safe to put in a tsquery as they are
# The indexed expression, exactly as migration 0003 created it from tracker.search.search_vector().
INDEXED_WORDS = f"to_tsvector('{SEARCH_CONFIG}', COALESCE(search_tokens, ''))"


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
    documents = Document.objects.filter(measures__isnull=False).distinct().prefetch_related("issuers")
    dates = {document.pk: document_date(document) for document in documents}
    titles = {document.pk: title_key(document.title) for document in documents}
    wanted = None if document_ids is None else set(document_ids)
    chosen = [d for d in documents if wanted is None or d.pk in wanted]
    counts = LinkCounts()
    for document in chosen:
        earlier_ids = earlier_documents(document, dates, titles)
        counts.add(link_document(document, earlier_ids, undated=dates[document.pk] is None))
    return counts


def earlier_documents(document: Document, dates: dict, titles: dict[int, str]) -> list[int]:
    """The documents dated before it; for an undated one, those it cites (module docstring)."""
    date = dates[document.pk]
    if date is None:
        cited = cited_titles(document)
        return [other for other, title in titles.items() if other != document.pk and title in cited]
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
        idf, candidates = candidate_source()(later, earlier_ids)
        matches = match_items(later, candidates, idf, DEFAULT_SETTINGS)
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


def memory_candidates(later: list[Item], earlier_ids: list[int]) -> tuple[dict, list[Item]]:
    """Every earlier measure, and IDF counted over all current measures."""
    counts = Counter()
    total = 0
    for tokens in Measure.objects.filter(withdrawn_at__isnull=True).values_list("search_tokens", flat=True):
        counts.update(set(tokens.split()))
        total += 1
    words = frozenset().union(*item_words(later))
    idf = inverse_document_frequency(Counter({word: counts[word] for word in words}), max(total, 1))
    return idf, measure_items(Measure.objects.filter(document_id__in=earlier_ids))


def postgres_candidates(later: list[Item], earlier_ids: list[int]) -> tuple[dict, list[Item]]:
    """IDF of the later document's words, and for each later item the earlier measures sharing most of its
    rarest words, from the search-words GIN index (four queries, whatever the number of items)."""
    words_per_item = item_words(later)
    words = sorted(w for w in frozenset().union(*words_per_item) if INDEX_WORD.match(w))
    with connection.cursor() as cursor:
        # The index, never a scan: a scan recomputes every row's tsvector (the index is on an expression).
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SELECT count(*) FROM tracker_measure WHERE withdrawn_at IS NULL")
        total = max(cursor.fetchone()[0], 1)
        frequency = common_word_counts(cursor, total)
        cursor.execute(
            "SELECT word, (SELECT count(*) FROM (SELECT 1 FROM tracker_measure"
            f" WHERE {INDEXED_WORDS} @@ to_tsquery('{SEARCH_CONFIG}', word) LIMIT %s) capped)"
            " FROM unnest(%s::text[]) AS word",
            [RARE_WORD_CAP, [word for word in words if word not in frequency]],
        )
        frequency.update(cursor.fetchall())
        keys = [(number, word) for number, item in enumerate(words_per_item)
                for word in sorted((w for w in item if frequency.get(w, RARE_WORD_CAP) < RARE_WORD_CAP),
                                   key=frequency.get)[:KEY_WORDS_PER_ITEM]]
        cursor.execute(
            "SELECT DISTINCT id FROM (SELECT found.id, row_number() OVER (PARTITION BY key.item"
            " ORDER BY count(*) DESC, found.id) AS rank"
            " FROM unnest(%s::int[], %s::text[]) AS key(item, word) CROSS JOIN LATERAL ("
            f" SELECT id FROM tracker_measure WHERE {INDEXED_WORDS} @@ to_tsquery('{SEARCH_CONFIG}', key.word)"
            " AND document_id = ANY(%s) AND withdrawn_at IS NULL) found"
            " GROUP BY key.item, found.id) ranked WHERE rank <= %s",
            [[item for item, _ in keys], [word for _, word in keys], earlier_ids, CANDIDATES_PER_ITEM],
        )
        candidate_ids = [row[0] for row in cursor.fetchall()]
    idf = inverse_document_frequency(Counter({word: frequency.get(word, 0) for word in words}), total)
    return idf, measure_items(Measure.objects.filter(pk__in=candidate_ids))


def common_word_counts(cursor, total: int) -> dict[str, int]:
    """The most common words and their estimated counts, from the statistics ANALYZE keeps of the index's
    tsvector (its most common elements): counting them in the index would read most of the table."""
    cursor.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                   " WHERE tablename = %s", [WORDS_INDEX])
    row = cursor.fetchone()
    if not row or not row[0]:
        return {}
    return {word: round(share * total) for word, share in zip(row[0], row[1], strict=False)}


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

