"""Updating many rows at once: one `UPDATE … FROM (VALUES …)` per batch of WRITE_BATCH_SIZE rows, with an
audit-trail entry for each row.

Django's bulk_update writes one CASE expression a field with one branch a row: building those expressions costs
Python more than PostgreSQL takes to run the statement (16 s of a 10,000-row spreadsheet import), and PostgreSQL's
JIT compiles a statement of thousands of branches for minutes. A VALUES list is plain parameters.
"""

from django.db import connection
from django.db.models import Model

from tracker.models import WRITE_BATCH_SIZE


def update_with_history(objs: list[Model], model: type[Model], field_names: list[str], *, user) -> None:
    """Write `field_names` of `objs` (instances of `model`, changed in memory) and their audit-trail entries
    ("~", by `user`), in a number of statements that grows with batches, not with rows."""
    fields = [model._meta.get_field(name) for name in field_names]
    pk = model._meta.pk
    table = connection.ops.quote_name(model._meta.db_table)
    assignments = ", ".join(
        f"{connection.ops.quote_name(field.column)} = changed.column{number}" for number, field in enumerate(fields, 2)
    )
    row = "(" + ", ".join(_placeholder(field) for field in [pk, *fields]) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), WRITE_BATCH_SIZE):
            batch = objs[start:start + WRITE_BATCH_SIZE]
            params = [
                field.get_db_prep_save(getattr(obj, field.attname), connection) for obj in batch
                for field in [pk, *fields]
            ]
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row] * len(batch))}) AS changed "
                f"WHERE {table}.{connection.ops.quote_name(pk.column)} = changed.column1",
                params,
            )
    model.history.bulk_history_create(objs, batch_size=WRITE_BATCH_SIZE, update=True, default_user=user)


def _placeholder(field) -> str:
    """PostgreSQL reads a VALUES list's parameters as text: each is cast to its column's type. (SQLite needs no
    cast, and its CAST would give a date numeric affinity.)"""
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.db_type(connection)})"
    return "%s"
