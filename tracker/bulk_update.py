"""Updating many rows at once: one `UPDATE … FROM (VALUES …)` per batch of WRITE_BATCH_SIZE rows, with an
audit-trail entry for each row copied by the database.

Django's bulk_update writes one CASE expression a field with one branch a row: building those expressions costs
Python more than PostgreSQL takes to run the statement (16 s of a 10,000-row spreadsheet import), and PostgreSQL's
JIT compiles a statement of thousands of branches for minutes. A VALUES list is plain parameters. The audit trail
(django-simple-history's historical rows) is an `INSERT … SELECT` of the rows as they now are: its own
bulk_history_create builds a historical instance from a full model instance a row, which was most of the Python
time of confirming a 100,000-row import.
"""

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from tracker.lookups import any_of
from tracker.models import WRITE_BATCH_SIZE


def update_with_history(model: type[Model], field_names: list[str], rows: list[tuple], *, user) -> None:
    """Write `field_names` of `model`'s rows, each of `rows` its primary key then the fields' values (as the
    model's fields hold them), and their audit-trail entries ("~", by `user`), in a number of statements that
    grows with batches, not with rows."""
    fields = [model._meta.get_field(name) for name in field_names]
    pk = model._meta.pk
    table = quote(model._meta.db_table)
    assignments = ", ".join(f"{quote(field.column)} = changed.column{number}" for number, field in enumerate(fields, 2))
    placeholders = "(" + ", ".join(_placeholder(field) for field in [pk, *fields]) + ")"
    with connection.cursor() as cursor:
        for batch in in_batches(rows):
            params = [field.get_db_prep_save(value, connection) for row in batch
                      for field, value in zip([pk, *fields], row, strict=True)]
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([placeholders] * len(batch))}) AS changed "
                f"WHERE {table}.{quote(pk.column)} = changed.column1",
                params,
            )
    record_history(model, [row[0] for row in rows], user=user)


def record_history(model: type[Model], ids: list, *, user, history_type: str = "~") -> None:
    """The audit-trail entries (a change "~", a row added "+" or about to be deleted "-"; by `user`, now) of
    these rows as they are in the database, as simple_history's bulk_history_create writes them, one
    `INSERT … SELECT` per batch."""
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    tracked = ", ".join(quote(field.column) for field in history.tracked_fields)
    entry = [
        history._meta.get_field("history_date").get_db_prep_save(timezone.now(), connection),
        history_type,
        getattr(user, "pk", None),
        "",
    ]
    with connection.cursor() as cursor:
        for batch in in_batches(ids):
            rows, params = any_of(quote(model._meta.pk.column), batch)
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({tracked}, history_date, history_type, "
                f"history_user_id, history_change_reason) SELECT {tracked}, %s, %s, %s, %s "
                f"FROM {quote(model._meta.db_table)} WHERE {rows}",
                [*entry, *params],
            )


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


def in_batches(items: list, size: int = WRITE_BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _placeholder(field) -> str:
    """PostgreSQL reads a VALUES list's parameters as text: each is cast to its column's type. (SQLite needs no
    cast, and its CAST would give a date numeric affinity.)"""
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.db_type(connection)})"
    return "%s"
