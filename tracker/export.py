"""The measure export's columns and cell escaping, shared by the admin's import-export resource, the
streaming CSV export (`/export/measures.csv`, `manage.py export_measures`) and the API's CSV output.

Column names are a public interface: scripts and spreadsheets depend on them. Add columns at the end.
"""

import codecs
import contextlib
import csv
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection, transaction
from django.db.models import QuerySet
from django.urls import reverse

from tracker.choices import Status

MEASURE_EXPORT_COLUMNS: tuple[str, ...] = (
    "id",  # the measure's database id (informational; imports match on document + path)
    "document",  # the document's title
    "document_date",  # its written date, ISO: with the title it identifies the document
    "path",  # canonical path in the document, e.g. 七/（十九）
    "heading",  # the heading sentence; empty for running provisions (a law's articles, most 一是 items)
    "status",  # a value of tracker.vocabulary.STATUS
    "status_date",  # effective date of the current status, ISO
    "lead_body",  # canonical name of the lead body (first, when several)
    "other_bodies",  # other responsible bodies, "；"-separated, each "name:role"
    "time_frame_start",  # earliest start of the measure's time frames, ISO
    "time_frame_end",  # latest end, ISO
    "targets",  # "；"-separated expressions
    "topics",  # "；"-separated names
    "url",  # link to the measure in the admin (absolute when SITE_URL is set or the export is downloaded)
    "text",  # the measure's whole text
    "status_label",  # the status's label, in the language of the export
    "time_frame_kinds",  # "；"-separated, one per time frame: its kind, a period after ":" (recurrence:P5Y)
)
LIST_SEPARATOR = "；"

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """Make a text cell inert in spreadsheets by prefixing a quote; numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_site_url(request=None) -> str:
    """Where the export's links point: SITE_URL when it is set, else the address the request came to, else
    nowhere (the links stay relative)."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    return request.build_absolute_uri("/").rstrip("/") if request else ""


def measure_export_rows(measures: QuerySet, *, site_url: str = "") -> Iterator[tuple]:
    """The export rows of `measures`, as tuples in MEASURE_EXPORT_COLUMNS order, in one streamed query.

    Rows are read through a server-side cursor, so memory stays flat however many there are. Cells are raw
    (dates as ISO text, missing values as ""): writers escape them with `escape_cell`.
    """
    sql, params = measure_export_query(measures, site_url=site_url)
    with _streaming_transaction(), _server_side_cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            for cells in rows:
                yield tuple(_plain(cell) for cell in cells)


def _streaming_transaction():
    """On PostgreSQL, a transaction: a server-side cursor lives in one (outside one it would have to be
    declared WITH HOLD, and PostgreSQL then computes the whole result before the first row goes out).
    On SQLite, none: our IMMEDIATE transactions would lock out writers for the whole download."""
    return transaction.atomic() if connection.vendor == "postgresql" else contextlib.nullcontext()


@contextlib.contextmanager
def _server_side_cursor():
    """A cursor that fetches rows as they are read (psycopg's named cursor; SQLite's cursors always do)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    connection.ensure_connection()
    with connection.connection.cursor(name="measure_export") as cursor:
        cursor.itersize = 2000
        yield cursor


# The export's one query. Each related table is aggregated once per measure in a grouped join restricted to
# the chosen measures (instead of seven correlated subqueries per row): on a large export PostgreSQL hashes
# or merges each table once; on a small one it reads the chosen measures' rows by index.
# {aggregate} is the backend's ordered string aggregate; %s are parameters.
EXPORT_SQL = """
WITH chosen (chosen_id) AS ({chosen})
SELECT m.id, d.title, d.date_written, m.path, m.heading, m.status, statuses.status_date,
       bodies.lead_body, bodies.other_bodies, frames.first_start, frames.last_end, targets.expressions,
       topics.names, %s || CAST(m.id AS TEXT) || '/change/', m.text, {status_label}, frames.kinds
FROM tracker_measure m
JOIN tracker_document d ON d.id = m.document_id
LEFT JOIN (SELECT measure_id, MAX(effective_date) AS status_date FROM tracker_statusupdate
           WHERE measure_id IN (SELECT chosen_id FROM chosen) GROUP BY measure_id) statuses
     ON statuses.measure_id = m.id
LEFT JOIN (SELECT measure_id, MAX(CASE WHEN lead_rank = 1 THEN name END) AS lead_body,
                  {other_bodies} AS other_bodies
           FROM (SELECT r.id, r.measure_id, r.role, b.name,
                        CASE WHEN r.role = 'lead'
                             THEN ROW_NUMBER() OVER (PARTITION BY r.measure_id, r.role = 'lead' ORDER BY r.id) END
                        AS lead_rank
                 FROM tracker_responsibility r JOIN tracker_body b ON b.id = r.body_id
                 WHERE r.measure_id IN (SELECT chosen_id FROM chosen)) ranked
           GROUP BY measure_id) bodies ON bodies.measure_id = m.id
LEFT JOIN (SELECT measure_id, MIN(start) AS first_start, MAX("end") AS last_end, {kinds} AS kinds
           FROM tracker_timeframe WHERE measure_id IN (SELECT chosen_id FROM chosen) GROUP BY measure_id) frames
     ON frames.measure_id = m.id
LEFT JOIN (SELECT measure_id, {targets} AS expressions FROM tracker_target
           WHERE measure_id IN (SELECT chosen_id FROM chosen) GROUP BY measure_id) targets ON targets.measure_id = m.id
LEFT JOIN (SELECT tagged.measure_id, {topics} AS names
           FROM tracker_measure_topics tagged JOIN tracker_topic topic ON topic.id = tagged.topic_id
           WHERE tagged.measure_id IN (SELECT chosen_id FROM chosen) GROUP BY tagged.measure_id) topics
     ON topics.measure_id = m.id
WHERE m.id IN (SELECT chosen_id FROM chosen)
ORDER BY d.date_written DESC, d.title, m.document_id, m."order", m.id
"""


def measure_export_query(measures: QuerySet, *, site_url: str = "") -> tuple[str, list]:
    """The SQL and parameters of the export of `measures` (every column of MEASURE_EXPORT_COLUMNS, in order),
    in Measure's own ordering (by document, then position)."""
    try:
        chosen, chosen_params = measures.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a filter that matches nothing as it stands (`pk__in=[]`)
        chosen, chosen_params = "SELECT id FROM tracker_measure WHERE 1 = 0", []
    labels = list(Status.choices)
    status_label = "CASE m.status " + " ".join("WHEN %s THEN %s" for _ in labels) + " END"
    sql = EXPORT_SQL.format(
        chosen=chosen,
        status_label=status_label,
        other_bodies=_joined("CASE WHEN lead_rank = 1 THEN NULL ELSE name || ':' || role END", "ranked.id"),
        kinds=_joined("kind || CASE WHEN period = '' THEN '' ELSE ':' || period END", "id"),
        targets=_joined("expression", "id"),
        topics=_joined("topic.name", "tagged.id"),
    )
    url_prefix = site_url.rstrip("/") + reverse("admin:tracker_measure_changelist")
    label_params = [str(part) for choice in labels for part in choice]
    return sql, [*chosen_params, url_prefix, *label_params]


def _joined(expression: str, order: str) -> str:
    """An aggregate listing many values of a measure in one cell, in id order (SQLite before 3.44 takes no
    ORDER BY inside the aggregate: its values come in the order it reads them, along the measure_id index)."""
    if connection.vendor == "postgresql":
        return f"string_agg({expression}, '{LIST_SEPARATOR}' ORDER BY {order})"
    return f"group_concat({expression}, '{LIST_SEPARATOR}')"


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
    """The measure export as CSV text chunks (for `/export/measures.csv` and `manage.py export_measures`).

    On PostgreSQL the database writes the CSV itself (COPY of the export query, cells escaped in SQL as
    `escape_cell` does): turning a million rows into Python objects and back into text took longer than the
    query. Elsewhere the rows go through csv.writer."""
    if connection.vendor == "postgresql":
        return _copied_csv_chunks(measures, site_url=site_url)
    return csv_text_chunks(MEASURE_EXPORT_COLUMNS, measure_export_rows(measures, site_url=site_url))


# One cell of the COPY: text, a quote before a formula trigger, empty for NULL and "" alike.
ESCAPED_CELL_SQL = "CASE WHEN left({cell}, 1) = ANY(%s) THEN '''' || {cell} ELSE NULLIF({cell}, '') END"


def _copied_csv_chunks(measures: QuerySet, *, site_url: str, bytes_per_chunk: int = 1 << 16) -> Iterator[str]:
    sql, params = measure_export_query(measures, site_url=site_url)
    names = [f"c{number}" for number in range(len(MEASURE_EXPORT_COLUMNS))]
    cells = ", ".join(ESCAPED_CELL_SQL.format(cell=f"CAST({name} AS TEXT)") for name in names)
    triggers = [list(FORMULA_TRIGGERS)] * len(names)
    copy = f"COPY (SELECT {cells} FROM ({sql}) AS export ({', '.join(names)})) TO STDOUT WITH (FORMAT csv)"
    yield "\ufeff" + ",".join(MEASURE_EXPORT_COLUMNS) + "\n"
    decoder = codecs.getincrementaldecoder("utf-8")()
    with _streaming_transaction(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL datestyle = 'ISO'")  # dates as YYYY-MM-DD, as isoformat() writes them
        chunk, size = [], 0
        with cursor.cursor.copy(copy, [*triggers, *params]) as rows:
            for row in rows:
                chunk.append(decoder.decode(row))
                size += len(row)
                if size >= bytes_per_chunk:
                    yield "".join(chunk)
                    chunk, size = [], 0
        yield "".join(chunk)
