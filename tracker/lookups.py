"""`IN` a long list of values as one array parameter on PostgreSQL (`= ANY(%s)`): for an IN list of 10,000
placeholders, Django (a parameter each) and psycopg (which parses the statement for them) spend more than the
query takes to run — seconds of a 100,000-row spreadsheet import (issue 15). SQLite gets the IN list.

`field__any_of=values` in a queryset (registered in TrackerConfig.ready), `any_of(column, values)` in raw SQL.
"""

from django.db import connection
from django.db.models import Lookup
from django.db.models.lookups import In


class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False  # the values go as they are, ids and strings

    def as_sql(self, compiler, connection):
        return In(self.lhs, self.rhs).as_sql(compiler, connection)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*params, list(self.rhs)]


def any_of(column: str, values) -> tuple[str, list]:
    """SQL saying that `column` is one of `values`, and its parameters."""
    values = list(values)
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [values]
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values
