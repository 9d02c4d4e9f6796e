"""Benchmark of the spreadsheet import of measures (the admin's preview, then its confirm), on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench_export .venv/bin/python -m tests.bench.bench_import [ROWS ...] [--admin]

Uses the database of bench_export.py (filled by it if needed with 200,000 synthetic measures). For each size
(default 1,000, 10,000 and 100,000 rows) it exports that many measures with `MeasureResource`, changes the
file as an editor would (every second row a new status, every tenth a new heading, every tenth other bodies),
and times `import_data` as the admin runs it: the preview (dry run, rolled back) and the confirmed import (its
writes rolled back afterwards, so every run starts from the same data); with `--admin`, the largest file also
through the admin's preview and confirm pages. Reports rows/s, queries and the process's
peak resident memory so far (ru_maxrss: the sizes run smallest first, so a line's figure is its own step's peak or an
earlier one's).
Not collected by pytest.
"""

import os
import resource
import sys
import time

import django
import tablib

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tests.bench.bench_export import create_database_if_missing, fill  # noqa: E402
from tracker import models  # noqa: E402
from tracker.resources import MeasureResource  # noqa: E402

THROUGH_THE_ADMIN = "--admin" in sys.argv  # also post the largest file to the admin's pages, as a browser would
SIZES = [int(size) for size in sys.argv[1:] if size != "--admin"] or [1_000, 10_000, 100_000]


def edited_file(rows: int):
    """An export of `rows` measures, changed as an editor would change it."""
    last = models.Measure.objects.order_by("pk").values_list("pk", flat=True)[rows - 1]
    dataset = MeasureResource().export(models.Measure.objects.filter(pk__lte=last))
    columns = {name: dataset.headers.index(name) for name in ("status", "status_date", "heading", "lead_body")}
    edited = []
    for number, row in enumerate(dataset):
        row = list(row)
        if number % 2 == 0:
            row[columns["status"]], row[columns["status_date"]] = "achieved", "2026-06-30"
        if number % 10 == 1:
            row[columns["heading"]] = f"修改后的标题{number}"
        if number % 10 == 3:
            row[columns["lead_body"]] = "国家发展和改革委员会"
        edited.append(row)
    return tablib.Dataset(*edited, headers=dataset.headers)


def timed_import(dataset, user, *, dry_run: bool) -> tuple[float, int, object]:
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        started = time.perf_counter()
        result = MeasureResource().import_data(
            dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True, user=user,
            file_name="bench.csv",
        )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)  # the next run starts from the same data
    return elapsed, len(queries), result


def admin_pages(dataset) -> None:
    """The preview and confirm pages for the file as CSV: the upload, its parsing and the page included."""
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.admin.pages import confirm, preview

    setup_test_environment()  # the test client's pages keep their context
    data = dataset.export("csv").encode("utf-8-sig")
    with transaction.atomic():
        client = Client()
        client.force_login(User.objects.create_superuser("bench-admin"))
        started = time.perf_counter()
        shown = preview(client, data, name="bench.csv")
        previewed = time.perf_counter()
        assert confirm(client, shown).status_code == 302
        print(f"admin pages, {len(dataset):,} rows ({len(data) / 1e6:.0f} MB CSV): preview {previewed - started:.1f}s "
              f"({len(shown.content) / 1e6:.1f} MB page), confirm {time.perf_counter() - previewed:.1f}s", flush=True)
        transaction.set_rollback(True)


def peak_megabytes() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL=postgres://… (the benchmark database of bench_export.py)")
    create_database_if_missing()
    fill(max(200_000, *SIZES))
    user = User.objects.get_or_create(username="bench-editor", defaults={"is_staff": True})[0]
    for rows in SIZES:
        dataset = edited_file(rows)
        for dry_run in (True, False):
            elapsed, queries, result = timed_import(dataset, user, dry_run=dry_run)
            assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows[:3]
            step = "preview" if dry_run else "confirm"
            print(f"{step} of {rows:,} rows ({result.totals['update']:,} changing): {rows / elapsed:,.0f} rows/s "
                  f"({elapsed:.1f}s, {queries:,} queries, peak {peak_megabytes():,.0f} MB)", flush=True)
    if THROUGH_THE_ADMIN:
        admin_pages(dataset)


if __name__ == "__main__":
    main()
