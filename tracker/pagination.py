"""Pages of long lists without counting every row: an exact count up to EXACT_UP_TO rows, PostgreSQL's estimate
beyond (the admin's measure list, the API's page numbers).

At a million measures `SELECT count(*)` reads the whole table or the whole filtered set (seconds for a search
or a body's measures); a count that stops at EXACT_UP_TO + 1 rows costs a few milliseconds, and past that the
exact number matters less than the page coming back. The estimate is the table's row count from the last
ANALYZE (pg_class.reltuples) when nothing is filtered, else the planner's estimate of the filtered query, never
less than EXACT_UP_TO + 1. For a filtered list it is asked first: an estimate of TRUSTED_ESTIMATE rows or more
is the count, without the capped count (which for an indexed search still reads all the index's matches).
SQLite, or a list that is not a queryset, is counted exactly.

SortedSelection pages a small selection that the list's order would find only late (see there).
"""

import json
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import F, OrderBy, QuerySet

EXACT_UP_TO = 1_000  # 20 pages of 50


# An estimate this large is the count: the exact count would be past EXACT_UP_TO unless the estimate is ten times
# too large. (The capped count of a search for 低保 builds the whole bitmap of its 132,853 measures: 40–60 ms.)
TRUSTED_ESTIMATE = 10 * EXACT_UP_TO


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if connection.vendor != "postgresql" or not isinstance(rows, QuerySet):
            return super().count
        if rows.query.where and self.estimate >= TRUSTED_ESTIMATE:  # (a whole table's capped count is cheap)
            return self.estimate
        counted = rows.order_by().values("pk")[:EXACT_UP_TO + 1].count()
        return counted if counted <= EXACT_UP_TO else max(EXACT_UP_TO + 1, self.estimate)

    @cached_property
    def estimate(self) -> int:
        return estimated_count(self.object_list)


def estimated_count(rows: QuerySet) -> int:
    if not rows.query.where:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [rows.model._meta.db_table])
            (estimate,) = cursor.fetchone()
        return int(estimate)
    plan = json.loads(rows.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


class SortedSelection:
    """The rows of a small queryset in an order, read by sorting all of them: for a selection of a few thousand
    rows that a walk along the indexes in that order would reach only after most of the table. (The measures
    in a status on a past day: every document written since comes first in document order, and none has an
    entry by then. Walking the measures newest document first, PostgreSQL read 512,989 of them before the
    first of 9,803; sorted, the 9,803 take tens of ms from the entries' and `measure_sort_keys` indexes.)

    The selection's sort keys are a MATERIALIZED common table expression, which the planner runs on its own
    (it cannot turn it back into that walk); one query sorts it and returns every id (the count, and any page),
    then a page's rows are read by id, with the queryset's annotations and prefetches. A sequence for Django's
    Paginator. `ordering` names fields as order_by() does and ends with "pk", so that the order is total.
    """

    def __init__(self, queryset: QuerySet, ordering: tuple[str, ...]):
        if ordering[-1] != "pk":
            raise ValueError(f"the order must end with the primary key: {ordering}")
        self.queryset, self.ordering = queryset, ordering

    @cached_property
    def ids(self) -> list[int]:
        keys = {f"key{n}": F(name.removeprefix("-")) for n, name in enumerate(self.ordering)}
        sql, params = self.queryset.order_by().values(**keys).query.sql_with_params()
        order = ", ".join(f"key{n} {'DESC NULLS FIRST' if name.startswith('-') else 'ASC NULLS LAST'}"
                          for n, name in enumerate(self.ordering))
        with connection.cursor() as cursor:
            cursor.execute(f"WITH selection AS MATERIALIZED ({sql}) "
                           f"SELECT key{len(keys) - 1} FROM selection ORDER BY {order}", params)
            return [pk for (pk,) in cursor.fetchall()]

    def count(self) -> int:
        return len(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, page: slice) -> list:
        ids = self.ids[page]
        return list(self.queryset.filter(pk__in=ids).order_by(*nulls_as_in_postgresql(self.ordering))) if ids else []


def nulls_as_in_postgresql(ordering: tuple[str, ...]) -> list[OrderBy]:
    """order_by() of these fields with empty values where PostgreSQL puts them by default (first when
    descending, last when ascending) on any database: SQLite puts them the other way, and a keyset page that
    continues after a row must know where its order puts them."""
    return [F(name[1:]).desc(nulls_first=True) if name.startswith("-") else F(name).asc(nulls_last=True)
            for name in ordering]
