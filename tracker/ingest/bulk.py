"""Inserting many new rows at once, for the ingest: PostgreSQL's COPY there, Django's bulk_create elsewhere.

Why not bulk_create everywhere: for the ingest's hundreds of rows per file, building a model instance per row
and compiling a many-valued INSERT costs more than the database's own work; COPY takes plain tuples, and it
cut the ingest's time by a fifth in `tests/bench/bench_ingest.py` (10.7 s → 8.4 s for 5,500 measures).

Rows are tuples in the order of `columns` (attribute names: `measure_id`, not `measure`). A model field left
out gets its default, as bulk_create would give it (`auto_now` and `auto_now_add` fields: now). Like
bulk_create, this sends no signals and writes no history rows.
"""

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, models
from django.utils import timezone


def insert_rows(model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence],
                *, returning_ids: bool = False) -> list[int]:
    """Insert the rows; with `returning_ids`, the new primary keys in the order of the rows."""
    rows = list(rows)
    if not rows:
        return []
    if connection.vendor != "postgresql":
        instances = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model.objects.bulk_create(instances)
        return [instance.pk for instance in instances] if returning_ids else []
    return copy_rows(model, columns, rows, returning_ids)


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: list[Sequence],
              returning_ids: bool) -> list[int]:
    table = CopyTable.of(model, tuple(columns))
    defaults = [default_db_value(field) for field in table.defaulted]
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning_ids:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [model._meta.db_table, model._meta.pk.column, len(rows)])
            ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.copy(table.statement(returning_ids)) as copy:
            for number, row in enumerate(rows):
                values = [*row, *defaults]
                for i, field in table.json_fields:
                    values[i] = field.get_db_prep_save(values[i], connection)
                copy.write_row([ids[number], *values] if returning_ids else values)
    return ids


@dataclass(frozen=True)
class CopyTable:
    """A model's table as COPY fills it: the given columns, then every other field with its default."""

    model: type[models.Model]
    given: tuple[models.Field, ...]
    defaulted: tuple[models.Field, ...]
    # Other values go as they are; psycopg would send a list as an array, Django's adapter makes it jsonb.
    json_fields: tuple[tuple[int, models.Field], ...]

    @staticmethod
    @functools.cache  # the ingest copies into the same few tables with the same columns, file after file
    def of(model: type[models.Model], columns: tuple[str, ...]) -> "CopyTable":
        given = tuple(model._meta.get_field(column) for column in columns)
        defaulted = tuple(f for f in model._meta.concrete_fields if f not in given and not f.primary_key)
        json_fields = tuple((i, f) for i, f in enumerate(given) if isinstance(f, models.JSONField))
        return CopyTable(model, given, defaulted, json_fields)

    def statement(self, with_ids: bool) -> str:
        quote = connection.ops.quote_name
        fields = [self.model._meta.pk, *self.given, *self.defaulted] if with_ids else [*self.given, *self.defaulted]
        return f"COPY {quote(self.model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) FROM STDIN"


def default_db_value(field: models.Field):
    """What bulk_create would store for a field left out."""
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return timezone.now()
    return field.get_db_prep_save(field.get_default(), connection)
