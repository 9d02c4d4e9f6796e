"""Analytics: read-only SQLAlchemy Core queries over Luoshi's tables, returning pandas DataFrames.

The same functions feed the dashboards and analysts' notebooks (README, "Analytics in a notebook"). Each
takes a `Selection` (`tracker.measure_filters.select_measures`: filtered measures, as of a date); without
one, all measures as of today.

How a query runs. SQLAlchemy compiles the statement for the database's dialect and it runs on Django's own
connection, through Django's cursor. So analytics sees the rows of the current transaction (tests run the
real queries), shares Django's connection settings and query log (query budgets count it), and needs no
second pool or URL. Nothing here writes, begins or ends a transaction.

The measure filters are defined once, in the ORM (`tracker.measure_filters`): each statement embeds the
selection's SQL, as Django compiles it, as the subquery `scope`, with one row per selected measure and its
as-of status. Everything else — joins, groupings, counts — is SQLAlchemy.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import pandas as pd
import sqlalchemy as sa
from django.db import connection
from django.db.models import Exists, Model, OuterRef, Value
from django.db.models.functions import Concat, StrIndex, Substr
from sqlalchemy.dialects import postgresql, sqlite

from tracker import models, summary
from tracker.choices import BodyRole, LinkReview
from tracker.measure_filters import Selection, select_measures
from tracker.periods import add_period, parse_period
from tracker.vocabulary import STATUS

STATUS_ORDER = [value for value, _english, _chinese in STATUS]
SCOPE_COLUMNS = {
    "id": sa.Integer, "document_id": sa.Integer, "order": sa.Integer, "path": sa.String, "part": sa.String,
    "level": sa.Integer,
    "heading": sa.String, "needs_review": sa.Boolean, "status_on": sa.String, "is_open": sa.Boolean,
    "overdue": sa.Boolean,
}


def table(model: type[Model]) -> sa.TableClause:
    """A lightweight SQLAlchemy table of a Django model: Django's migrations own the schema, not SQLAlchemy."""
    return sa.table(model._meta.db_table, *(sa.column(field.column) for field in model._meta.concrete_fields))


documents = table(models.Document)
measures_table = table(models.Measure)
bodies = table(models.Body)
responsibilities = table(models.Responsibility)
time_frames_table = table(models.TimeFrame)
targets_table = table(models.Target)
status_updates = table(models.StatusUpdate)
topics = table(models.Topic)
measure_topics = table(models.Measure.topics.through)
variants = table(models.Variant)
links = table(models.MeasureLink)


# -- running statements on Django's connection -------------------------------------------------------------

@functools.cache
def _dialect(vendor: str) -> sa.Dialect:
    # Django's cursors take %s placeholders on every backend (its SQLite wrapper translates them).
    if vendor == "postgresql":
        return postgresql.psycopg.dialect(paramstyle="format")
    return sqlite.pysqlite.dialect(paramstyle="format")


def read(statement: sa.Executable, dates: Iterable[str] = ()) -> pd.DataFrame:
    """Run a statement on Django's connection; `dates` name columns to parse (SQLite returns them as text)."""
    compiled = statement.compile(dialect=_dialect(connection.vendor), compile_kwargs={"render_postcompile": True})
    with connection.cursor() as cursor:
        cursor.execute(compiled.string, [compiled.params[name] for name in compiled.positiontup or ()])
        frame = pd.DataFrame(cursor.fetchall(), columns=[column[0] for column in cursor.description])
    for column in dates:
        frame[column] = pd.to_datetime(frame[column])
    return frame


_DJANGO_PLACEHOLDER = re.compile(r"%[s%]")


def scope(selection: Selection) -> sa.Subquery:
    """The selection's measures as a SQLAlchemy subquery, from the SQL Django compiles for them."""
    part = Substr("path", 1, StrIndex(Concat("path", Value("/")), Value("/")) - 1)
    rows = selection.measures.order_by().annotate(part=part).values(*SCOPE_COLUMNS)
    sql, params = rows.query.sql_with_params()
    names = iter(range(len(params)))
    # parenthesised, so that a PostgreSQL cast right after a placeholder (%s::regconfig) stays a cast
    text = _DJANGO_PLACEHOLDER.sub(lambda m: "%" if m.group() == "%%" else f"(:scope_{next(names)})", sql)
    binds = [sa.bindparam(f"scope_{i}", value) for i, value in enumerate(params)]
    columns = [sa.column(name, type_) for name, type_ in SCOPE_COLUMNS.items()]
    return sa.text(text).bindparams(*binds).columns(*columns).subquery("scope")


def _selection(selection: Selection | None) -> Selection:
    return selection if selection is not None else select_measures()


def _count_where(condition) -> sa.ColumnElement:
    return sa.func.sum(sa.case((condition, 1), else_=0))


def _shares(frame: pd.DataFrame, counts: Sequence[str], total: str = "measures") -> pd.DataFrame:
    """Add share_<count> columns (0..1, rounded to 3 places; 0 when there is nothing to divide)."""
    for column in counts:
        frame[f"share_{column}"] = (frame[column] / frame[total].where(frame[total] > 0)).fillna(0).round(3)
    return frame


# -- the analytics --------------------------------------------------------------------------------------------

def overview(selection: Selection | None = None) -> pd.DataFrame:
    """One row: documents, measures, with a responsible body, rated (status other than not_yet_rated),
    overdue, and the shares of the measures these are."""
    selection = _selection(selection)
    if summary.answers(selection, of_one_body=True):
        frame = summary.overview_counts(selection)
    else:
        s = scope(selection)
        has_body = sa.exists().where(responsibilities.c.measure_id == s.c.id)
        statement = sa.select(
            sa.func.count(sa.distinct(s.c.document_id)).label("documents"),
            sa.func.count(s.c.id).label("measures"),
            _count_where(has_body).label("with_body"),
            _count_where(s.c.status_on != "not_yet_rated").label("rated"),
            _count_where(s.c.overdue).label("overdue"),
        ).select_from(s)
        frame = read(statement)
    frame = frame.fillna(0).astype(int)
    frame.insert(0, "as_of", pd.Timestamp(selection.as_of))
    return _shares(frame, ["with_body", "rated", "overdue"])


def measures(selection: Selection | None = None) -> pd.DataFrame:
    """One row per measure: document, path, part, level, heading, status as of the date, overdue, its lead body
    (the first, when several) and the span of its time frames."""
    s = scope(_selection(selection))
    lead_body = (
        sa.select(bodies.c.name)
        .join(responsibilities, responsibilities.c.body_id == bodies.c.id)
        .where(responsibilities.c.measure_id == s.c.id, responsibilities.c.role == BodyRole.LEAD)
        .order_by(responsibilities.c.id).limit(1).scalar_subquery()
    )
    spans = (
        sa.select(
            time_frames_table.c.measure_id,
            sa.func.min(time_frames_table.c.start).label("start"),
            sa.func.max(time_frames_table.c.end).label("end"),
        ).group_by(time_frames_table.c.measure_id).subquery("spans")
    )
    statement = (
        sa.select(
            s.c.id, s.c.document_id, documents.c.title.label("document"), s.c.path, s.c.part, s.c.level,
            s.c.heading, s.c.status_on.label("status"), s.c.overdue, lead_body.label("lead_body"),
            spans.c.start.label("time_frame_start"), spans.c.end.label("time_frame_end"),
        )
        .select_from(
            s.join(documents, documents.c.id == s.c.document_id).outerjoin(spans, spans.c.measure_id == s.c.id)
        )
        .order_by(documents.c.title, s.c.order)
    )
    frame = read(statement, dates=["time_frame_start", "time_frame_end"])
    frame["overdue"] = frame["overdue"].astype(bool)
    return frame


class _Dimensions:
    """What `measure_counts` can group by: each name gives columns, the joins they need, and a sort key."""

    def __init__(self, s: sa.Subquery):
        self.scope = s
        self.part_measure = measures_table.alias("part_measure")

    def columns(self, name: str) -> list[sa.ColumnElement]:
        s = self.scope
        return {
            "status": [s.c.status_on.label("status")],
            "level": [s.c.level],
            "document": [s.c.document_id, documents.c.title.label("document")],
            "part": [s.c.part, self.part_measure.c.heading.label("part_heading")],
            "body": [bodies.c.id.label("body_id"), bodies.c.name.label("body")],
            "role": [responsibilities.c.role],
            "topic": [topics.c.id.label("topic_id"), topics.c.name.label("topic")],
        }[name]

    def sort_key(self, name: str) -> sa.ColumnElement:
        s = self.scope
        return {
            "status": sa.case({value: i for i, value in enumerate(STATUS_ORDER)}, value=s.c.status_on),
            "level": s.c.level,
            "document": documents.c.title,
            "part": sa.func.min(self.part_measure.c.order),
            "body": bodies.c.name,
            "role": responsibilities.c.role,
            "topic": topics.c.name,
        }[name]

    def joined(self, names: set[str]) -> sa.FromClause:
        s, source = self.scope, self.scope
        if "document" in names:
            source = source.join(documents, documents.c.id == s.c.document_id)
        if "part" in names:
            part = self.part_measure
            source = source.outerjoin(part, (part.c.document_id == s.c.document_id) & (part.c.path == s.c.part))
        if names & {"body", "role"}:
            source = source.outerjoin(responsibilities, responsibilities.c.measure_id == s.c.id)
            source = source.outerjoin(bodies, bodies.c.id == responsibilities.c.body_id)
        if "topic" in names:
            source = source.outerjoin(measure_topics, measure_topics.c.measure_id == s.c.id)
            source = source.outerjoin(topics, topics.c.id == measure_topics.c.topic_id)
        return source


DIMENSIONS = ("status", "level", "document", "part", "body", "role", "topic")


def measure_counts(selection: Selection | None = None, by: Sequence[str] = ("status",)) -> pd.DataFrame:
    """Measures (and how many of them are overdue) per combination of the `by` dimensions, among:
    status (as of the date), level, document, part (the top-level item of the path, with its heading),
    body, role, topic. A measure without a body or topic counts under an empty (NaN) one.
    By status alone, from the dashboards' summary when it holds the answer (tracker.summary)."""
    unknown = set(by) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown dimensions {sorted(unknown)}; choose from {DIMENSIONS}")
    selection = _selection(selection)
    if list(by) == ["status"] and summary.answers(selection, of_one_body=True):
        return summary.status_counts(selection)
    s = scope(selection)
    dimensions = _Dimensions(s)
    columns = [column for name in by for column in dimensions.columns(name)]
    statement = (
        sa.select(
            *columns,
            sa.func.count(sa.distinct(s.c.id)).label("measures"),
            sa.func.count(sa.distinct(sa.case((s.c.overdue, s.c.id)))).label("overdue"),
        )
        .select_from(dimensions.joined(set(by)))
        .group_by(*columns)
        .order_by(*(sa.nulls_last(dimensions.sort_key(name)) for name in by))
    )
    return read(statement)


def recent_documents(selection: Selection | None = None, n: int = 20) -> tuple[list[int], int]:
    """The ids of the n most recent documents (in the documents' order: newest first) with selected measures, and
    how many documents have any; from the dashboards' summary when it holds the answer."""
    selection = _selection(selection)
    if summary.answers(selection, of_one_body=True):
        return summary.recent_documents(selection, n)
    having = models.Document.objects.filter(Exists(selection.measures.filter(document=OuterRef("pk"))))
    return list(having.values_list("pk", flat=True)[:n]), having.count()


def time_frames(selection: Selection | None = None) -> pd.DataFrame:
    """The calendar: one row per time frame of the selected measures, with the measure's status as of the
    date, whether the frame has ended by then, and whether it is overdue (ended while the status is open).
    Recurrences have no span on the calendar: see `recurring_obligations`."""
    selection = _selection(selection)
    s = scope(selection)
    tf = time_frames_table
    ended = tf.c.end < selection.as_of
    statement = (
        sa.select(
            tf.c.measure_id, documents.c.title.label("document"), s.c.path, s.c.heading, tf.c.expression, tf.c.kind,
            tf.c.start, tf.c.end, tf.c.anchor, s.c.status_on.label("status"), s.c.is_open.label("open"),
            sa.case((ended, True), else_=False).label("ended"),
            sa.case((ended & s.c.is_open, True), else_=False).label("overdue"),
        )
        .select_from(s.join(tf, tf.c.measure_id == s.c.id).join(documents, documents.c.id == s.c.document_id))
        .where(tf.c.kind != "recurrence")
        .order_by(tf.c.end, tf.c.start, documents.c.title, s.c.order, tf.c.id)
    )
    frame = read(statement, dates=["start", "end"])
    for flag in ("open", "ended", "overdue"):
        frame[flag] = frame[flag].astype(bool)
    return frame


def time_frame_spans(selection: Selection | None = None) -> pd.DataFrame:
    """The calendar grouped by time frame as written (expression, kind, start, end): how many measures carry
    it, how many of them are still open, and how many are overdue as of the date (recurrences aside); from the
    dashboards' summary when it holds the answer."""
    selection = _selection(selection)
    if summary.answers(selection):
        return summary.time_frame_spans(selection)
    s = scope(selection)
    tf = time_frames_table
    group = [tf.c.expression, tf.c.kind, tf.c.start, tf.c.end]
    statement = (
        sa.select(
            *group,
            sa.func.count(sa.distinct(s.c.id)).label("measures"),
            sa.func.count(sa.distinct(sa.case((s.c.is_open, s.c.id)))).label("open"),
            sa.func.count(sa.distinct(sa.case(((tf.c.end < selection.as_of) & s.c.is_open, s.c.id)))).label("overdue"),
        )
        .select_from(s.join(tf, tf.c.measure_id == s.c.id))
        .where(tf.c.kind != "recurrence")
        .group_by(*group)
        .order_by(sa.nulls_last(sa.func.coalesce(tf.c.start, tf.c.end)), sa.nulls_last(tf.c.end), tf.c.expression,
                  tf.c.kind)
    )
    return read(statement, dates=["start", "end"])


def recurring_obligations(selection: Selection | None = None) -> pd.DataFrame:
    """Each recurring obligation (每年, 每5年 …) of the selected measures: its period, its next due date as of the
    date (where the text gives a first one), the last status entry up to the date, and whether it is overdue: the
    measure still open with no status entry in the current cycle (the period up to its next due date, or up to
    the date when no due date is known)."""
    selection = _selection(selection)
    s = scope(selection)
    tf = time_frames_table
    last_entry = (
        sa.select(sa.func.max(status_updates.c.effective_date))
        .where(status_updates.c.measure_id == s.c.id, status_updates.c.effective_date <= selection.as_of)
        .scalar_subquery()
    )
    statement = (
        sa.select(
            tf.c.measure_id, documents.c.title.label("document"), s.c.path, s.c.heading, tf.c.expression,
            tf.c.period, tf.c.due, s.c.status_on.label("status"), s.c.is_open.label("open"),
            last_entry.label("last_entry"),
        )
        .select_from(s.join(tf, tf.c.measure_id == s.c.id).join(documents, documents.c.id == s.c.document_id))
        .where(tf.c.kind == "recurrence")
        .order_by(documents.c.title, s.c.order, tf.c.id)
    )
    frame = read(statement, dates=["due", "last_entry"])
    cycles = [
        _cycle(row.period, None if pd.isna(row.due) else row.due.date(), selection.as_of)
        for row in frame.itertuples()
    ]
    frame["next_due"] = pd.to_datetime([next_due for _start, next_due in cycles])
    cycle_start = pd.to_datetime([start for start, _next_due in cycles])
    frame["open"] = frame["open"].astype(bool)
    frame["overdue"] = frame["open"] & ~(frame["last_entry"] >= cycle_start).fillna(False).astype(bool)
    return frame


def _cycle(period: str, due, as_of) -> tuple:
    """(start of the current cycle, next due date or None) of a recurrence with an ISO period (P5Y; else yearly)."""
    count, unit = parse_period(period) or (1, "Y")
    if due is None:
        return add_period(as_of, -count, unit), None
    while due < as_of:
        due = add_period(due, count, unit)
    return add_period(due, -count, unit), due


def body_topic_matrix(selection: Selection | None = None) -> pd.DataFrame:
    """Measures per responsible body (rows) and topic (columns); measures without either are left out. From the
    dashboards' summary when it holds the answer."""
    selection = _selection(selection)
    if summary.answers(selection):
        counts = summary.body_topic_counts(selection)
    else:
        counts = measure_counts(selection, by=["body", "topic"]).dropna(subset=["body", "topic"])
    matrix = counts.pivot_table(index="body", columns="topic", values="measures", aggfunc="sum", fill_value=0)
    return matrix.rename_axis(index="body", columns="topic").astype(int)


def targets(selection: Selection | None = None) -> pd.DataFrame:
    """Every quantity or target of the selected measures, with its value normalised (e.g. 18亿亩 → 1.8e9 亩)."""
    s = scope(_selection(selection))
    t = targets_table
    statement = (
        sa.select(
            t.c.measure_id, documents.c.title.label("document"), s.c.path, s.c.heading, t.c.indicator,
            t.c.expression, t.c.comparator, t.c.value, t.c.unit, t.c.normalised_value, t.c.normalised_unit,
            s.c.status_on.label("status"),
        )
        .select_from(s.join(t, t.c.measure_id == s.c.id).join(documents, documents.c.id == s.c.document_id))
        .order_by(documents.c.title, s.c.order, t.c.id)
    )
    frame = read(statement)
    for column in ("value", "normalised_value"):
        frame[column] = pd.to_numeric(frame[column])
    return frame


def target_values(selection: Selection | None = None) -> pd.DataFrame:
    """How many quantities or targets of the selected measures have each normalised unit and value (the targets
    chart: one dot each); from the dashboards' summary when it holds the answer."""
    selection = _selection(selection)
    if summary.answers(selection):
        frame = summary.target_values(selection)
    else:
        s, t = scope(selection), targets_table
        statement = (
            sa.select(t.c.normalised_unit, t.c.normalised_value, sa.func.count().label("targets"))
            .select_from(s.join(t, t.c.measure_id == s.c.id))
            .group_by(t.c.normalised_unit, t.c.normalised_value)
            .order_by(t.c.normalised_unit, t.c.normalised_value)
        )
        frame = read(statement)
    frame["normalised_value"] = pd.to_numeric(frame["normalised_value"])
    return frame


def data_quality(selection: Selection | None = None) -> pd.DataFrame:
    """Per document: measures, how many have a responsible body, a status other than not_yet_rated, a time
    frame; how many need review; how many variant readings its witnesses left; and the shares. From the
    dashboards' summary when it holds the answer."""
    selection = _selection(selection)
    if summary.answers(selection):
        frame = summary.quality_counts(selection)
    else:
        frame = read(_data_quality_statement(selection))
    counts = ["with_body", "rated", "with_time_frame", "needs_review", "variants"]
    frame[["measures", *counts]] = frame[["measures", *counts]].astype(int)
    return _shares(frame, ["with_body", "rated", "with_time_frame"])


def _data_quality_statement(selection: Selection) -> sa.Select:
    s = scope(selection)
    variant_counts = (
        sa.select(variants.c.measure_id, sa.func.count().label("n")).group_by(variants.c.measure_id).subquery("v")
    )
    return (
        sa.select(
            s.c.document_id, documents.c.title.label("document"),
            sa.func.count(s.c.id).label("measures"),
            _count_where(sa.exists().where(responsibilities.c.measure_id == s.c.id)).label("with_body"),
            _count_where(s.c.status_on != "not_yet_rated").label("rated"),
            _count_where(sa.exists().where(time_frames_table.c.measure_id == s.c.id)).label("with_time_frame"),
            _count_where(s.c.needs_review).label("needs_review"),
            sa.func.coalesce(sa.func.sum(variant_counts.c.n), 0).label("variants"),
        )
        .select_from(
            s.join(documents, documents.c.id == s.c.document_id)
            .outerjoin(variant_counts, variant_counts.c.measure_id == s.c.id)
        )
        .group_by(s.c.document_id, documents.c.title)
        .order_by(documents.c.title, s.c.document_id)
    )


def top_bodies(selection: Selection | None = None, n: int = 20) -> pd.DataFrame:
    """The n bodies responsible for the most measures: body_id, body, one column per role, and measures (the
    distinct measures in any role), most first; from the dashboards' summary when it holds the answer."""
    selection = _selection(selection)
    counts = summary.body_counts(selection) if summary.answers(selection) else _body_counts(selection)
    by_role, totals = counts[counts["role"] != summary.ANY_ROLE], counts[counts["role"] == summary.ANY_ROLE]
    table = by_role.pivot_table(index="body_id", columns="role", values="measures", aggfunc="sum", fill_value=0)
    table = totals.set_index("body_id")[["body", "measures"]].join(table.rename_axis(columns=None))
    ranked = table.reset_index().sort_values(["measures", "body"], ascending=[False, True]).head(n)
    ranked["body_id"] = ranked["body_id"].astype(int)
    return ranked.reset_index(drop=True)


def _body_counts(selection: Selection) -> pd.DataFrame:
    """As summary.body_counts, live: measures per body and role, and per body in any role (role ANY_ROLE), in
    one statement whose two groupings read the selection's responsibilities once (a CTE): the selection's
    query, the costly part (a body's measures in a status: 56 ms at 1M), runs once instead of twice."""
    s = scope(selection)
    held = (sa.select(responsibilities.c.measure_id, responsibilities.c.body_id, responsibilities.c.role)
            .select_from(s.join(responsibilities, responsibilities.c.measure_id == s.c.id)).cte("held"))
    measures = sa.func.count(sa.distinct(held.c.measure_id)).label("measures")
    by_role = sa.select(held.c.body_id, held.c.role, measures).group_by(held.c.body_id, held.c.role)
    any_role = sa.select(held.c.body_id, sa.literal(summary.ANY_ROLE).label("role"), measures).group_by(held.c.body_id)
    counts = sa.union_all(by_role, any_role).subquery("counts")
    return read(sa.select(counts.c.body_id, bodies.c.name.label("body"), counts.c.role, counts.c.measures)
                .select_from(counts.join(bodies, bodies.c.id == counts.c.body_id)))


# -- carry-forward: what later documents did with a document's items ---------------------------------------

# The relation a cell shows when several later items carry one item: the one that says most about what became
# of it (an end or a loosening before a harder obligation, that before a repetition).
CARRY_FORWARD_PRECEDENCE = ("supersedes", "relaxes", "strengthens", "localises", "elaborates", "restates")
NOT_CARRIED = "none"


def most_carried_document() -> int | None:
    """The document whose items later documents carry most (links not rejected); None when nothing is linked.
    From the dashboards' summary (tracker.summary.CarriedTally)."""
    return summary.most_carried_document()


def carry_forward(selection: Selection | None = None, accepted_only: bool = False) -> pd.DataFrame:
    """For each selected measure (an item of the earlier document) and each later document that carries it:
    the relation (by CARRY_FORWARD_PRECEDENCE when several of its items do), how many links, how many of them
    a person accepted, and the link's id when there is one. An item no later document carries has one row with
    relation "none" and no later document. Rejected links never count; `accepted_only` leaves suggestions out.

    Later documents come in date order (written, else published; undated last). Meant for one document's
    items: select_measures({"document": [id]})."""
    links_of_items = read(_items_and_their_links(scope(_selection(selection)), accepted_only))
    frame = _cells_by_later_document(links_of_items)
    frame["later_date"] = pd.to_datetime(frame["later_date"])
    order = frame.sort_values(["later_date", "later_document_id"], na_position="last")["later_document_id"]
    rank = {document: i for i, document in enumerate(order.dropna().unique())}
    frame["later_rank"] = frame["later_document_id"].map(rank)
    frame = frame.sort_values(["document_id", "order", "later_rank"], na_position="last")
    return frame.drop(columns=["later_rank"]).reset_index(drop=True)


def _items_and_their_links(s: sa.Subquery, accepted_only: bool) -> sa.Select:
    """Each item with each link that carries it forward (none: one row of nulls), the later side not withdrawn."""
    later = measures_table.alias("later")
    reviews = [LinkReview.ACCEPTED.value] + ([] if accepted_only else [LinkReview.SUGGESTED.value])
    carrying = (
        links.join(later, (later.c.id == links.c.from_measure_id) & later.c.withdrawn_at.is_(None))
        .join(documents, documents.c.id == later.c.document_id)
    )
    return (
        sa.select(
            s.c.id.label("measure_id"), s.c.document_id, s.c.order, s.c.path, s.c.heading,
            links.c.id.label("link_id"), links.c.relation, links.c.review,
            later.c.document_id.label("later_document_id"), documents.c.title.label("later_document"),
            sa.func.coalesce(documents.c.date_written, documents.c.date_published).label("later_date"),
        )
        .select_from(s.outerjoin(carrying, (links.c.to_measure_id == s.c.id) & links.c.review.in_(reviews)))
        .order_by(s.c.document_id, s.c.order)
    )


def _cells_by_later_document(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per item and later document; the link's id only when one link makes the cell (several: the cell
    opens their list)."""
    precedence = {relation: i for i, relation in enumerate(CARRY_FORWARD_PRECEDENCE)}
    rows = rows.assign(rank=rows["relation"].map(precedence), is_accepted=rows["review"] == LinkReview.ACCEPTED.value,
                       later_key=rows["later_document_id"].fillna(-1))
    rows = rows.sort_values(["measure_id", "later_key", "rank", "link_id"])
    cells = rows.groupby(["measure_id", "later_key"], sort=False).agg(
        document_id=("document_id", "first"), order=("order", "first"), path=("path", "first"),
        heading=("heading", "first"), later_document_id=("later_document_id", "first"),
        later_document=("later_document", "first"), later_date=("later_date", "first"),
        relation=("relation", "first"), links=("link_id", "count"), accepted=("is_accepted", "sum"),
        link_id=("link_id", "first"),
    ).reset_index().drop(columns=["later_key"])
    cells["relation"] = cells["relation"].fillna(NOT_CARRIED)
    cells["accepted"] = cells["accepted"].astype(int)
    cells["link_id"] = cells["link_id"].where(cells["links"] == 1)
    return cells


def carry_forward_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """One row from a carry_forward frame: items, items carried by a later document, items none carries (a
    possible silent drop), and items strengthened, relaxed or superseded by at least one."""
    def per_item(is_so: pd.Series) -> pd.Series:  # whether any of an item's rows is so
        return is_so.groupby(frame["measure_id"]).any()

    carried = per_item(frame["relation"] != NOT_CARRIED)

    def items_with(relation: str) -> int:
        return int(per_item(frame["relation"] == relation).sum())

    return pd.DataFrame([{
        "items": len(carried), "carried": int(carried.sum()), "not_carried": int((~carried).sum()),
        "strengthened": items_with("strengthens"), "relaxed": items_with("relaxes"),
        "superseded": items_with("supersedes"),
    }])
