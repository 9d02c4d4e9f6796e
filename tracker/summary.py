"""The dashboards' summary: measure counts kept beside the measures, so that a chart of the whole table reads a
few thousand rows instead of aggregating a million measures through their joins on every request.

Per document (tracker.models), `DocumentTally` (measures per status, having a responsible body, earliest end of
a time frame) and `BodyTally` (measures per body, role and status); over all documents, their totals
`StatusTotal`, `BodyTotal` and `DocumentsWithStatus` (how many documents have measures in a status). The
per-document rows are recomputed from the live tables, document by document, by `refresh_documents`, which the
writers call inside their own transactions: the ingest after each source file's documents, tracker.status
after a status change, the admin and the spreadsheet import after a person's edit, the merge of bodies. The
totals follow by the difference between a document's old and new rows, under one lock (a transaction-level
advisory lock on PostgreSQL; SQLite's writers take turns anyway), so two writers never deadlock on their rows.
`rebuild` (`manage.py rebuild_dashboard_summary`) recomputes everything.

What it answers (`answers`): the measures not withdrawn, filtered by nothing but documents and statuses, as of
a day on which each measure's stored status is its status (no entry anywhere dated later). Any other filter
(a body, a topic, a text search, a level, withdrawn items) or a date in the past goes to the live queries of
tracker.analytics, which mean the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

import pandas as pd
from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from tracker.measure_filters import Selection
from tracker.models import (
    NO_END,
    WRITE_BATCH_SIZE,
    BodyTally,
    BodyTotal,
    Document,
    DocumentsWithStatus,
    DocumentTally,
    Measure,
    Responsibility,
    StatusTotal,
    TimeFrame,
)
from tracker.vocabulary import OPEN_STATUSES, STATUS

ANSWERED_FILTERS = {"document", "status", "as_of"}
SUMMARY_LOCK = 0x1C05  # pg_advisory_xact_lock key of the summary's writers
ANY_ROLE = ""  # BodyTally/BodyTotal: in any role
ANY_STATUS = ""  # DocumentsWithStatus: in any status
STATUS_ORDER = [value for value, _english, _chinese in STATUS]


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
        DocumentTally.objects.filter(document_id__in=batch).delete()
        BodyTally.objects.filter(document_id__in=batch).delete()
        insert_tallies(Measure.objects.filter(document_id__in=batch))
        add_to_totals(batch, sign=1)
    drop_empty_totals()


@transaction.atomic(savepoint=False)
def forget_document(document: Document) -> None:
    """Take a document about to be deleted out of the totals (its tallies go with it, by cascade)."""
    take_summary_lock()
    add_to_totals([document.pk], sign=-1)
    drop_empty_totals()


@transaction.atomic(savepoint=False)
def rebuild() -> dict:
    """Recompute the whole summary from the live tables; the number of rows of each table."""
    take_summary_lock()
    tables = (DocumentTally, BodyTally, StatusTotal, DocumentsWithStatus, BodyTotal)
    if connection.vendor == "postgresql":  # a DELETE of millions of rows takes minutes
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # TRUNCATE refuses while deferred checks are pending
            cursor.execute(f"TRUNCATE {', '.join(connection.ops.quote_name(t._meta.db_table) for t in tables)}")
    else:
        for model in tables:
            model.objects.all().delete()
    insert_tallies(Measure.objects.all())
    add_to_totals(None, sign=1)
    return {model.__name__: model.objects.count() for model in tables}


def take_summary_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SUMMARY_LOCK])


def insert_tallies(measures: QuerySet) -> None:
    """Insert the tallies of these measures' documents, computed by the database (INSERT … SELECT)."""
    measures = measures.filter(withdrawn_at__isnull=True)
    earliest_end = TimeFrame.objects.filter(measure=OuterRef("pk"), end__isnull=False).order_by("end").values("end")
    per_document = measures.annotate(
        has_body=Exists(Responsibility.objects.filter(measure=OuterRef("pk"))),
        earliest_end=Coalesce(Subquery(earliest_end[:1]), Value(NO_END)),
    ).values("document_id", "status", "has_body", "earliest_end").annotate(measures=Count("pk"))
    insert(DocumentTally, ["document", "status", "has_body", "earliest_end", "measures"], per_document)

    held = Responsibility.objects.filter(measure__in=measures.values("pk"))
    body_fields = ["document", "body", "role", "status", "measures"]
    by_role = held.values("measure__document_id", "body_id", "role", "measure__status").annotate(measures=Count("pk"))
    insert(BodyTally, body_fields, by_role)
    any_role = held.annotate(any_role=Value(ANY_ROLE)).values(
        "measure__document_id", "body_id", "any_role", "measure__status",
    ).annotate(measures=Count("measure_id", distinct=True))
    insert(BodyTally, body_fields, any_role)


def add_to_totals(document_ids: list[int] | None, sign: int) -> None:
    """Add (sign 1) or subtract (sign -1) these documents' tallies (None: all) to the totals, each total by one
    upsert in key order. (The filter on pk is there because SQLite reads `INSERT … SELECT … ON CONFLICT` right
    only when the SELECT has a WHERE clause.)"""
    def of(model) -> QuerySet:
        rows = model.objects.filter(pk__isnull=False)
        return rows if document_ids is None else rows.filter(document_id__in=document_ids)

    documents, bodies = of(DocumentTally), of(BodyTally)
    upsert(StatusTotal, ["status", "has_body", "earliest_end"],
           documents.values("status", "has_body", "earliest_end").annotate(n=Sum("measures") * sign))
    upsert(BodyTotal, ["body", "role", "status"],
           bodies.values("body_id", "role", "status").annotate(n=Sum("measures") * sign))
    upsert(DocumentsWithStatus, ["status"],
           documents.values("status").annotate(n=Count("document_id", distinct=True) * sign))
    upsert(DocumentsWithStatus, ["status"], documents.annotate(any_status=Value(ANY_STATUS)).values(
        "any_status").annotate(n=Count("document_id", distinct=True) * sign))


def upsert(total, keys: list[str], rows: QuerySet) -> None:
    """Add the rows' counts (their last column) to the total's count for the same keys."""
    table = connection.ops.quote_name(total._meta.db_table)
    count = "documents" if total is DocumentsWithStatus else "measures"
    columns = ", ".join(total._meta.get_field(key).column for key in keys)
    insert(total, [*keys, count], rows.order_by(*rows.query.values_select),
           f"ON CONFLICT ({columns}) DO UPDATE SET {count} = {table}.{count} + excluded.{count}")


def drop_empty_totals() -> None:
    for total, count in ((StatusTotal, "measures"), (BodyTotal, "measures"), (DocumentsWithStatus, "documents")):
        total.objects.filter(**{count: 0}).delete()


def insert(model, fields: list[str], rows: QuerySet, suffix: str = "") -> None:
    """INSERT INTO model's table (fields) the rows the queryset selects, in that order."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {quote(model._meta.db_table)} ({columns}) {sql} {suffix}", params)


# -- reading ---------------------------------------------------------------------------------------------------

def answers(selection: Selection) -> bool:
    """Whether the summary holds the answer for this selection (see the module docstring)."""
    if not set(selection.filters) <= ANSWERED_FILTERS:
        return False
    return selection.stored_status_is_current()


def _filtered(rows: QuerySet, selection: Selection) -> QuerySet:
    if documents := selection.filters.get("document"):
        rows = rows.filter(document_id__in=documents)
    if statuses := selection.filters.get("status"):
        rows = rows.filter(status__in=statuses)
    return rows


def _counts(selection: Selection) -> QuerySet:
    """Measures by status, body and earliest end: of the chosen documents, or the totals of all."""
    return _filtered(DocumentTally.objects.all() if "document" in selection.filters else StatusTotal.objects.all(),
                     selection)


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
    if "document" in selection.filters or len(statuses) > 1:
        return _filtered(DocumentTally.objects.all(), selection).values("document_id").distinct().count()
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
    having = Exists(_filtered(DocumentTally.objects.filter(document=OuterRef("pk")), selection))
    recent = Document.objects.filter(having).values_list("pk", flat=True)[:n]
    return list(recent), document_count(selection)


def body_counts(selection: Selection) -> pd.DataFrame:
    """Measures per body and role (`role` ANY_ROLE: in any role), with the body's name: from the totals
    unless the selection names documents."""
    rows = BodyTally.objects.all() if "document" in selection.filters else BodyTotal.objects.all()
    sums = _filtered(rows, selection).values("body_id", "body__name", "role").annotate(total=Sum("measures"))
    return pd.DataFrame(list(sums.order_by().values_list("body_id", "body__name", "role", "total")),
                        columns=["body_id", "body", "role", "measures"])
