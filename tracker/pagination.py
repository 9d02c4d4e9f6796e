"""Pages of long lists without counting every row: an exact count up to EXACT_UP_TO rows, PostgreSQL's estimate
beyond (the admin's measure list, the API's page numbers).

At a million measures `SELECT count(*)` reads the whole table or the whole filtered set (seconds for a search
or a body's measures); a count that stops at EXACT_UP_TO + 1 rows costs a few milliseconds, and past that the
exact number matters less than the page coming back. The estimate is the table's row count from the last
ANALYZE (pg_class.reltuples) when nothing is filtered, else the planner's estimate of the filtered query, never
less than EXACT_UP_TO + 1. SQLite, or a list that is not a queryset, is counted exactly.
"""

import json
from functools import cached_property

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import QuerySet

EXACT_UP_TO = 1_000  # 20 pages of 50


class EstimatedCountPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if connection.vendor != "postgresql" or not isinstance(rows, QuerySet):
            return super().count
        counted = rows.order_by().values("pk")[:EXACT_UP_TO + 1].count()
        return counted if counted <= EXACT_UP_TO else max(EXACT_UP_TO + 1, estimated_count(rows))


def estimated_count(rows: QuerySet) -> int:
    if not rows.query.where:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [rows.model._meta.db_table])
            (estimate,) = cursor.fetchone()
        return int(estimate)
    plan = json.loads(rows.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
