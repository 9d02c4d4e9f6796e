"""The measure export's columns and cell escaping, shared by the admin's import-export resource, the
streaming CSV export (`/export/measures.csv`, `manage.py export_measures`) and the API's CSV output.

Column names are a public interface: scripts and spreadsheets depend on them. Add columns at the end.
"""

import contextlib
import csv
from collections.abc import Iterable, Iterator

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection, transaction
from django.db.models import Aggregate, F, Max, Min, OuterRef, QuerySet, Subquery, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.urls import reverse

from tracker.choices import BodyRole
from tracker.models import Measure, Responsibility, StatusUpdate, Target, TimeFrame
from tracker.status import LATEST_FIRST

MEASURE_EXPORT_COLUMNS: tuple[str, ...] = (
    "id",  # the measure's database id (informational; imports match on document + path)
    "document",  # the document's title
    "document_date",  # its written date, ISO: with the title it identifies the document
    "path",  # canonical path in the document, e.g. 七/（十九）
    "heading",
    "status",  # a value of tracker.vocabulary.STATUS
    "status_date",  # effective date of the current status, ISO
    "lead_body",  # canonical name of the lead body (first, when several)
    "other_bodies",  # other responsible bodies, "；"-separated, each "name:role"
    "time_frame_start",  # earliest start of the measure's time frames, ISO
    "time_frame_end",  # latest end, ISO
    "targets",  # "；"-separated expressions
    "topics",  # "；"-separated names
    "url",  # link to the measure in the admin
)
LIST_SEPARATOR = "；"

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """Make a text cell inert in spreadsheets by prefixing a quote; numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class GroupConcat(Aggregate):
    """SQLite's GROUP_CONCAT. Before SQLite 3.44 it takes no ORDER BY: rows come in the order the correlated
    subquery reads them, i.e. along the measure_id index, by id."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def __init__(self, expression, delimiter: str, **extra):
        super().__init__(expression, Value(delimiter), **extra)


def joined_per_measure(related: QuerySet, expression) -> Subquery:
    """One cell listing many related rows of each measure (its targets, topics...), in id order."""
    if connection.vendor == "postgresql":
        aggregate = StringAgg(expression, delimiter=LIST_SEPARATOR, order_by="pk")
    else:
        aggregate = GroupConcat(expression, LIST_SEPARATOR)
    per_measure = related.filter(measure=OuterRef("pk")).order_by().values("measure")
    return Subquery(per_measure.annotate(joined=aggregate).values("joined"))


def first_per_measure(related: QuerySet, field: str, *ordering: str) -> Subquery:
    return Subquery(related.filter(measure=OuterRef("pk")).order_by(*ordering).values(field)[:1])


def measure_export_rows(measures: QuerySet, *, site_url: str = "") -> Iterator[tuple]:
    """The export rows of `measures`, as tuples in MEASURE_EXPORT_COLUMNS order, in one streamed query.

    Related rows come from correlated subqueries, never from per-row queries, and rows are read with
    `iterator()`, so memory stays flat however many there are. Cells are raw (dates as ISO text, missing
    values as ""): writers escape them with `escape_cell`. `site_url` (e.g. https://luoshi.example.org)
    makes the `url` column absolute.
    """
    measure_url = site_url + reverse("admin:tracker_measure_changelist") + "{}/change/"
    with _streaming_transaction():
        for cells in measure_export_values(measures).iterator(chunk_size=2000):
            yield (*(_plain(cell) for cell in cells), measure_url.format(cells[0]))


def _streaming_transaction():
    """On PostgreSQL, a transaction: outside one Django declares its server-side cursor WITH HOLD, and
    PostgreSQL then computes the whole result before the first row goes out (and ~40% slower overall).
    On SQLite, none: our IMMEDIATE transactions would lock out writers for the whole download."""
    return transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext()


def measure_export_values(measures: QuerySet) -> QuerySet:
    """The one query behind the export: every column but `url`, in MEASURE_EXPORT_COLUMNS order."""
    leads = Responsibility.objects.filter(role=BodyRole.LEAD)
    first_lead = leads.filter(measure=OuterRef(OuterRef("pk"))).order_by("pk").values("pk")[:1]
    min_start = TimeFrame.objects.filter(measure=OuterRef("pk")).order_by().values("measure").annotate(v=Min("start"))
    max_end = TimeFrame.objects.filter(measure=OuterRef("pk")).order_by().values("measure").annotate(v=Max("end"))
    return measures.annotate(
        export_status_date=first_per_measure(StatusUpdate.objects.all(), "effective_date", *LATEST_FIRST),
        export_lead_body=first_per_measure(leads, "body__name", "pk"),
        export_other_bodies=joined_per_measure(
            Responsibility.objects.exclude(pk=Coalesce(Subquery(first_lead), 0)),  # no lead: NULL would exclude all
            Concat("body__name", Value(":"), "role"),
        ),
        export_start=Subquery(min_start.values("v")),
        export_end=Subquery(max_end.values("v")),
        export_targets=joined_per_measure(Target.objects.all(), F("expression")),
        export_topics=joined_per_measure(Measure.topics.through.objects.all(), F("topic__name")),
    ).values_list(
        "pk", "document__title", "document__date_written", "path", "heading", "status", "export_status_date",
        "export_lead_body", "export_other_bodies", "export_start", "export_end", "export_targets", "export_topics",
    )


def _plain(cell):
    if cell is None:
        return ""
    return cell.isoformat() if hasattr(cell, "isoformat") else cell


class _LineBuffer:
    """csv.writer writes into a file; this one hands each formatted line back instead."""

    def write(self, line: str) -> str:
        return line


def csv_text_chunks(header: Iterable[str], rows: Iterable[tuple], rows_per_chunk: int = 1000) -> Iterator[str]:
    """A CSV for people as text chunks: a UTF-8 BOM (so Excel reads Chinese), one header row, every cell
    escaped against formulas. Chunks of many rows keep the per-write overhead of a streamed response low."""
    writer = csv.writer(_LineBuffer())
    chunk = ["\ufeff" + writer.writerow(header)]
    for row in rows:
        chunk.append(writer.writerow([escape_cell(cell) for cell in row]))
        if len(chunk) >= rows_per_chunk:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def measure_csv_chunks(measures: QuerySet, *, site_url: str = "") -> Iterator[str]:
    """The measure export as CSV text chunks (for `/export/measures.csv` and `manage.py export_measures`)."""
    return csv_text_chunks(MEASURE_EXPORT_COLUMNS, measure_export_rows(measures, site_url=site_url))
