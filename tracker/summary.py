"""The dashboards' summary: measure counts kept beside the measures, so that a chart of the whole table reads a
few thousand rows instead of aggregating a million measures through their joins on every request.

Per document (tracker.models), a tally and its total over all documents:
- `DocumentTally` (measures per status × having a responsible body × earliest end of a time frame, with how many
  of them have a time frame, need review, and their variants) → `StatusTotal`;
- `BodyTally` (measures per body × role × status × earliest end of a time frame) → `BodyTotal` (without the end);
- `TopicTally` (measures per body × topic × status: the heatmap) → `TopicTotal`;
- `TimeFrameTally` (measures per time frame as written × status: the timeline, recurrences aside) →
  `TimeFrameTotal`;
- `TargetTally` (quantities per normalised value and unit × status) → `TargetTotal`;
and `DocumentsWithStatus` (how many documents have measures in a status); `CarriedTally` (how many links carry a
document's items forward), which the writers of links keep by `refresh_carried`. The
per-document rows are recomputed from the live tables, document by document, by `refresh_documents`, which the
writers call inside their own transactions: the ingest after each source file's documents, tracker.status
after a status change, the admin and the spreadsheet import after a person's edit, the merge of bodies. The
totals follow by the difference between a document's old and new rows, under one lock (a transaction-level
advisory lock on PostgreSQL; SQLite's writers take turns anyway), so two writers never deadlock on their rows.
`rebuild` (`manage.py rebuild_dashboard_summary`) recomputes everything.

What it answers (`answers`): the measures not withdrawn, filtered by nothing but documents and statuses, as of
a day on which each measure's stored status is its status (no entry anywhere dated later); the overview, the
status counts and the most recent documents also of one body's measures (its tallies in any role). Any other
filter (several bodies, a body on the other charts, a topic, a text search, a level, withdrawn items) or a date
in the past goes to the live queries of tracker.analytics, which mean the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

import pandas as pd
from django.db import connection, transaction
from django.db.models import Case, Count, Exists, F, Model, OuterRef, Q, QuerySet, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from tracker.choices import LinkReview, TimeFrameKind
from tracker.measure_filters import Selection
from tracker.models import (
    ANY_ROLE,
    NO_END,
    NO_START,
    WRITE_BATCH_SIZE,
    Body,
    BodyTally,
    BodyTotal,
    CarriedTally,
    Document,
    DocumentsWithStatus,
    DocumentTally,
    Measure,
    MeasureLink,
    Responsibility,
    StatusTotal,
    Target,
    TargetTally,
    TargetTotal,
    TimeFrame,
    TimeFrameTally,
    TimeFrameTotal,
    Topic,
    TopicTally,
    TopicTotal,
    Variant,
)
from tracker.vocabulary import OPEN_STATUSES, STATUS

ANSWERED_FILTERS = {"document", "status", "as_of"}
SUMMARY_LOCK = 0x1C05  # pg_advisory_xact_lock key of the summary's writers
ANY_STATUS = ""  # DocumentsWithStatus: in any status
STATUS_ORDER = [value for value, _english, _chinese in STATUS]


@dataclass(frozen=True)
class Summed:
    """A per-document tally and its total over all documents: the total's key is the tally's without the
    document; `count` the column both sum."""

    tally: type[Model]
    total: type[Model]
    keys: tuple[str, ...]
    count: str = "measures"


SUMMED = (
    Summed(DocumentTally, StatusTotal, ("status", "has_body", "earliest_end")),
    Summed(BodyTally, BodyTotal, ("body", "role", "status")),
    Summed(TopicTally, TopicTotal, ("body", "topic", "status")),
    Summed(TimeFrameTally, TimeFrameTotal, ("expression", "kind", "start", "end", "status")),
    Summed(TargetTally, TargetTotal, ("normalised_unit", "normalised_value", "status"), "targets"),
)
TALLIES = tuple(summed.tally for summed in SUMMED)
TABLES = (*TALLIES, *(summed.total for summed in SUMMED), DocumentsWithStatus, CarriedTally)


# -- writing ---------------------------------------------------------------------------------------------------

# The documents to refresh once the current `refreshed_once` block ends (None: outside one, refresh at once).
_pending_documents: ContextVar[set[int] | None] = ContextVar("pending_documents", default=None)


@contextmanager
def refreshed_once():
    """Within this block, `refresh_documents` only notes its documents; they are refreshed together as the block
    ends: a writer that calls several writers of the same measures (the spreadsheet import: bodies, then
    statuses) recomputes each document once."""
    token = _pending_documents.set(set())
    try:
        yield
        pending = _pending_documents.get()
    finally:
        _pending_documents.reset(token)
    refresh_documents(pending)


@transaction.atomic(savepoint=False)  # inside the writer's transaction, no savepoint of its own
def refresh_documents(document_ids: Iterable[int]) -> None:
    """Recompute these documents' rows from the live tables, and the totals by the difference."""
    pending = _pending_documents.get()
    if pending is not None:
        pending.update(document_ids)
        return
    ids = sorted(set(document_ids))
    if not ids:
        return
    take_summary_lock()
    for start in range(0, len(ids), WRITE_BATCH_SIZE):
        batch = ids[start:start + WRITE_BATCH_SIZE]
        add_to_totals(batch, sign=-1)
        for tally in TALLIES:
            tally.objects.filter(document_id__in=batch).delete()
        insert_tallies(Measure.objects.filter(document_id__in=batch))
        add_to_totals(batch, sign=1)
    drop_empty_totals()


@transaction.atomic(savepoint=False)
def forget_document(document: Document) -> None:
    """Take a document about to be deleted out of the totals (its tallies go with it, by cascade)."""
    take_summary_lock()
    add_to_totals([document.pk], sign=-1)
    drop_empty_totals()
    # the links from its items go with it: the documents they carried forward are carried by fewer
    leaving = carrying(MeasureLink.objects.filter(from_measure__document=document))
    for earlier, links in leaving.values_list("to_measure__document_id", "n"):
        CarriedTally.objects.filter(document_id=earlier).update(links=F("links") - links)
    CarriedTally.objects.filter(links=0).delete()


@transaction.atomic(savepoint=False)
def refresh_carried(document_ids: Iterable[int]) -> None:
    """Recount the links that carry these documents' items forward (after links to them were written or
    decided)."""
    ids = sorted(set(document_ids))
    if not ids:
        return
    take_summary_lock()
    CarriedTally.objects.filter(document_id__in=ids).delete()
    insert(CarriedTally, ["document", "links"], carrying(MeasureLink.objects.filter(to_measure__document_id__in=ids)))


def carrying(links: QuerySet) -> QuerySet:
    """Per earlier document, how many of these links carry its items forward (a rejected link does not)."""
    return links.exclude(review=LinkReview.REJECTED).values("to_measure__document_id").annotate(n=Count("pk"))


@transaction.atomic(savepoint=False)
def rebuild() -> dict:
    """Recompute the whole summary from the live tables; the number of rows of each table."""
    take_summary_lock()
    if connection.vendor == "postgresql":  # a DELETE of millions of rows takes minutes
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses while deferred checks are pending
            cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(t._meta.db_table) for t in TABLES)}")
    else:
        for model in TABLES:
            model.objects.all().delete()
    insert_tallies(Measure.objects.all())
    add_to_totals(None, sign=1)
    insert(CarriedTally, ["document", "links"], carrying(MeasureLink.objects.all()))
    if connection.vendor == "postgresql":  # millions of new rows: the planner needs their statistics now
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(connection.ops.quote_name(t._meta.db_table) for t in TABLES)}")
    return {model.__name__: model.objects.count() for model in TABLES}


def take_summary_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SUMMARY_LOCK])


def insert_tallies(measures: QuerySet) -> None:
    """Insert the tallies of these measures' documents, computed by the database (INSERT … SELECT)."""
    measures = measures.filter(withdrawn_at__isnull=True)
    variants = Variant.objects.filter(measure=OuterRef("pk")).order_by().values("measure").annotate(
        n=Count("pk")).values("n")
    per_document = measures.annotate(
        has_body=Exists(Responsibility.objects.filter(measure=OuterRef("pk"))),
        earliest_end=earliest_end_of("pk"),
        has_time_frame=Exists(TimeFrame.objects.filter(measure=OuterRef("pk"))),
        variant_count=Coalesce(Subquery(variants), 0),
    ).values("document_id", "status", "has_body", "earliest_end").annotate(
        measures=Count("pk"), with_time_frame_count=Count("pk", filter=Q(has_time_frame=True)),
        needs_review_count=Count("pk", filter=Q(needs_review=True)), variants_count=Sum("variant_count"),
    )
    insert(DocumentTally, ["document", "status", "has_body", "earliest_end", "measures", "with_time_frame",
                           "needs_review", "variants"], per_document)

    selected = measures.values("pk")
    held = Responsibility.objects.filter(measure__in=selected)
    body_fields = ["document", "body", "role", "status", "earliest_end", "measures"]
    dated = held.annotate(earliest_end=earliest_end_of("measure_id"))
    by_role = dated.values("measure__document_id", "body_id", "role", "measure__status", "earliest_end").annotate(
        measures=Count("pk"))
    insert(BodyTally, body_fields, by_role)
    any_role = dated.annotate(any_role=Value(ANY_ROLE)).values(
        "measure__document_id", "body_id", "any_role", "measure__status", "earliest_end",
    ).annotate(measures=Count("measure_id", distinct=True))
    insert(BodyTally, body_fields, any_role)

    by_topic = held.filter(measure__topics__isnull=False).values(
        "measure__document_id", "body_id", "measure__topics", "measure__status",
    ).annotate(measures=Count("measure_id", distinct=True))
    insert(TopicTally, ["document", "body", "topic", "status", "measures"], by_topic)

    frames = TimeFrame.objects.filter(measure__in=selected).exclude(kind=TimeFrameKind.RECURRENCE).annotate(
        start_or_none=Coalesce("start", Value(NO_START)), end_or_none=Coalesce("end", Value(NO_END)),
    ).values("measure__document_id", "expression", "kind", "start_or_none", "end_or_none", "measure__status")
    insert(TimeFrameTally, ["document", "expression", "kind", "start", "end", "status", "measures"],
           frames.annotate(measures=Count("measure_id", distinct=True)))

    quantities = Target.objects.filter(measure__in=selected).values(
        "measure__document_id", "normalised_unit", "normalised_value", "measure__status").annotate(targets=Count("pk"))
    insert(TargetTally, ["document", "normalised_unit", "normalised_value", "status", "targets"], quantities)


def earliest_end_of(measure: str) -> Coalesce:
    """The earliest end of a time frame of the measure (the outer query's field `measure`), else NO_END."""
    ends = TimeFrame.objects.filter(measure=OuterRef(measure), end__isnull=False).order_by("end").values("end")
    return Coalesce(Subquery(ends[:1]), Value(NO_END))


def add_to_totals(document_ids: list[int] | None, sign: int) -> None:
    """Add (sign 1) or subtract (sign -1) these documents' tallies (None: all) to the totals, each total by one
    upsert in key order. (The filter on pk is there because SQLite reads `INSERT … SELECT … ON CONFLICT` right
    only when the SELECT has a WHERE clause.)"""
    def of(model) -> QuerySet:
        rows = model.objects.filter(pk__isnull=False)
        return rows if document_ids is None else rows.filter(document_id__in=document_ids)

    for summed in SUMMED:
        upsert(summed.total, summed.keys, summed.count,
               of(summed.tally).values(*summed.keys).annotate(n=Sum(summed.count) * sign))
    documents = of(DocumentTally)
    upsert(DocumentsWithStatus, ["status"], "documents",
           documents.values("status").annotate(n=Count("document_id", distinct=True) * sign))
    upsert(DocumentsWithStatus, ["status"], "documents", documents.annotate(any_status=Value(ANY_STATUS)).values(
        "any_status").annotate(n=Count("document_id", distinct=True) * sign))


def upsert(total, keys: Iterable[str], count: str, rows: QuerySet) -> None:
    """Add the rows' counts (their last column) to the total's `count` for the same keys."""
    quote = connection.ops.quote_name  # (`end` is a reserved word)
    table, counted = quote(total._meta.db_table), quote(count)
    columns = ", ".join(quote(total._meta.get_field(key).column) for key in keys)
    insert(total, [*keys, count], rows.order_by(*rows.query.values_select),
           f"ON CONFLICT ({columns}) DO UPDATE SET {counted} = {table}.{counted} + excluded.{counted}")


def drop_empty_totals() -> None:
    for total, count in (*((summed.total, summed.count) for summed in SUMMED), (DocumentsWithStatus, "documents")):
        total.objects.filter(**{count: 0}).delete()


def insert(model, fields: list[str], rows: QuerySet, suffix: str = "") -> None:
    """INSERT INTO model's table (fields) the rows the queryset selects, in that order."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {sql} {suffix}", params)


# -- reading ---------------------------------------------------------------------------------------------------

def answers(selection: Selection, *, of_one_body: bool = False) -> bool:
    """Whether the summary holds the answer for this selection (see the module docstring). `of_one_body`: the
    caller's answer is in the body tallies too (the overview, the status counts, the most recent documents), so
    a selection of one body is answered as well (of several, a measure two of them share would count twice)."""
    answered = ANSWERED_FILTERS | ({"body"} if of_one_body and len(selection.filters.get("body", ())) == 1 else set())
    if not set(selection.filters) <= answered:
        return False
    return selection.stored_status_is_current()


def _filtered(rows: QuerySet, selection: Selection) -> QuerySet:
    if documents := selection.filters.get("document"):
        rows = rows.filter(document_id__in=documents)
    if statuses := selection.filters.get("status"):
        rows = rows.filter(status__in=statuses)
    return rows


def _selected(tally: type[Model], total: type[Model], selection: Selection) -> QuerySet:
    """The rows that answer the selection: the chosen documents' tallies, or the totals over all documents."""
    return _filtered(tally.objects.all() if "document" in selection.filters else total.objects.all(), selection)


def _per_document(selection: Selection) -> QuerySet:
    """Measures by document, status, having a body and earliest end: of one body's measures (its tallies in any
    role: every one of them has a body), or of all measures."""
    if bodies := selection.filters.get("body"):
        rows = BodyTally.objects.filter(body_id=bodies[0], role=ANY_ROLE).alias(has_body=Value(True))
    else:
        rows = DocumentTally.objects.all()
    return _filtered(rows, selection)


def _counts(selection: Selection) -> QuerySet:
    """Measures by status, having a body and earliest end: per document (`_per_document`) when the selection
    names documents or a body, else the totals of all."""
    if selection.filters.keys() & {"document", "body"}:
        return _per_document(selection)
    return _filtered(StatusTotal.objects.all(), selection)


def _overdue(selection: Selection) -> Q:
    return Q(status__in=OPEN_STATUSES, earliest_end__lt=selection.as_of)


def overview_counts(selection: Selection) -> pd.DataFrame:
    """One row: documents, measures, with_body, rated, overdue (as tracker.analytics.overview counts them)."""
    def measures_where(condition: Q):
        return Sum("measures", filter=condition, default=0)

    counts = _counts(selection).aggregate(
        all_measures=Sum("measures", default=0), with_body=measures_where(Q(has_body=True)),
        rated=measures_where(~Q(status="not_yet_rated")), overdue=measures_where(_overdue(selection)),
    )
    return pd.DataFrame([{"documents": document_count(selection), **counts}]).rename(
        columns={"all_measures": "measures"})


def document_count(selection: Selection) -> int:
    """How many documents have selected measures: one row of DocumentsWithStatus for one status or none."""
    statuses = selection.filters.get("status") or [ANY_STATUS]
    if selection.filters.keys() & {"document", "body"} or len(statuses) > 1:
        return _per_document(selection).values("document_id").distinct().count()
    return DocumentsWithStatus.objects.filter(status=statuses[0]).values_list("documents", flat=True).first() or 0


def status_counts(selection: Selection) -> pd.DataFrame:
    """Measures and overdue measures per status, in the vocabulary's order."""
    rows = _counts(selection).values("status").annotate(
        total=Sum("measures"), overdue=Sum("measures", filter=_overdue(selection), default=0),
    ).order_by().values_list("status", "total", "overdue")
    frame = pd.DataFrame(list(rows), columns=["status", "measures", "overdue"])
    return frame.sort_values("status", key=lambda s: s.map(STATUS_ORDER.index)).reset_index(drop=True)


def recent_documents(selection: Selection, n: int) -> tuple[list[int], int]:
    """The ids of the n most recent documents (in the documents' order) with selected measures, and how many
    documents have any."""
    having = Exists(_per_document(selection).filter(document=OuterRef("pk")))
    recent = Document.objects.filter(having).values_list("pk", flat=True)[:n]
    return list(recent), document_count(selection)


def body_counts(selection: Selection) -> pd.DataFrame:
    """Measures per body and role (`role` ANY_ROLE: in any role), with the body's name: from the totals
    unless the selection names documents."""
    rows = _selected(BodyTally, BodyTotal, selection)
    sums = rows.values("body_id", "body__name", "role").annotate(total=Sum("measures"))
    return pd.DataFrame(list(sums.order_by().values_list("body_id", "body__name", "role", "total")),
                        columns=["body_id", "body", "role", "measures"])


def body_topic_counts(selection: Selection) -> pd.DataFrame:
    """Measures per body (in any role) and topic, with their names: body, topic, measures."""
    rows = _selected(TopicTally, TopicTotal, selection)
    # summed by ids, then named: the totals are some 70,000 rows at a million measures, their names long text
    sums = list(rows.values("body_id", "topic_id").annotate(total=Sum("measures"))
                .order_by().values_list("body_id", "topic_id", "total"))
    bodies = dict(Body.objects.filter(pk__in={body for body, _, _ in sums}).values_list("pk", "name"))
    topics = dict(Topic.objects.filter(pk__in={topic for _, topic, _ in sums}).values_list("pk", "name"))
    return pd.DataFrame([(bodies[body], topics[topic], total) for body, topic, total in sums],
                        columns=["body", "topic", "measures"])


def time_frame_spans(selection: Selection) -> pd.DataFrame:
    """As tracker.analytics.time_frame_spans: per time frame as written, its measures, open and overdue ones."""
    rows = _selected(TimeFrameTally, TimeFrameTotal, selection)
    is_open = Q(status__in=OPEN_STATUSES)
    sums = rows.values("expression", "kind", "start", "end").annotate(
        total=Sum("measures"), open=Sum("measures", filter=is_open, default=0),
        overdue=Sum("measures", filter=is_open & Q(end__lt=selection.as_of), default=0),
        # the live order: the start (else the end), the end, missing dates last (NO_START/NO_END say "missing")
        first_day=Case(When(start=NO_START, then=F("end")), default=F("start")),
    ).order_by("first_day", "end", "expression", "kind")
    frame = pd.DataFrame(list(sums.values_list("expression", "kind", "start", "end", "total", "open", "overdue")),
                         columns=["expression", "kind", "start", "end", "measures", "open", "overdue"])
    frame["start"] = pd.to_datetime(frame["start"].where(frame["start"] != NO_START))
    frame["end"] = pd.to_datetime(frame["end"].where(frame["end"] != NO_END))
    return frame


def target_values(selection: Selection) -> pd.DataFrame:
    """As tracker.analytics.target_values: how many quantities have each normalised unit and value."""
    rows = _selected(TargetTally, TargetTotal, selection)
    sums = rows.values("normalised_unit", "normalised_value").annotate(total=Sum("targets"))
    return pd.DataFrame(list(sums.order_by("normalised_unit", "normalised_value").values_list(
        "normalised_unit", "normalised_value", "total")), columns=["normalised_unit", "normalised_value", "targets"])


def quality_counts(selection: Selection) -> pd.DataFrame:
    """Per document, what tracker.analytics.data_quality counts."""
    def measures_where(condition: Q):
        return Sum("measures", filter=condition, default=0)

    sums = _filtered(DocumentTally.objects.all(), selection).values("document_id", "document__title").annotate(
        total=Sum("measures"), with_body_count=measures_where(Q(has_body=True)),
        rated=measures_where(~Q(status="not_yet_rated")), with_time_frame_count=Sum("with_time_frame"),
        needs_review_count=Sum("needs_review"), variants_count=Sum("variants"),
    ).order_by("document__title", "document_id")
    columns = ["document_id", "document", "measures", "with_body", "rated", "with_time_frame", "needs_review",
               "variants"]
    return pd.DataFrame(list(sums.values_list(
        "document_id", "document__title", "total", "with_body_count", "rated", "with_time_frame_count",
        "needs_review_count", "variants_count")), columns=columns)


def most_carried_document() -> int | None:
    """The document whose items later documents carry most (links not rejected); None when nothing is linked."""
    return CarriedTally.objects.order_by("-links", "document_id").values_list("document_id", flat=True).first()
