"""Benchmark of the streaming measure export on PostgreSQL, beside COPY of the same rows in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench_export .venv/bin/python tests/bench/bench_export.py [N]

Creates the database if needed (migrated), fills it with N synthetic measures (default 200,000; each with a
lead and a participant body, a time frame, a target, a topic and a status entry), then times
1. `measure_csv_chunks` (what /export/measures.csv and `export_measures` stream), written to /dev/null;
2. `COPY (the export's own query, tracker.export.measure_export_query) TO STDOUT` through psycopg.
and reports rows/s and the process's peak resident memory after each, for a quarter and for all rows (memory
is flat when the second peak is no higher than the first). Not collected by pytest.
"""

import os
import resource
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tracker import models  # noqa: E402
from tracker.export import measure_csv_chunks, measure_export_query  # noqa: E402

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
BATCH = 20_000


def fill(n: int) -> None:
    if models.Measure.objects.count() >= n:
        return
    models.Measure.objects.all().delete()
    source = models.SourceFile.objects.create(sha256="b" * 64, name="bench.txt", content=b"", encoding="utf-8",
                                              size=0, text="")
    document = models.Document.objects.create(identity="bench", title="基准测试文件", kind="policy_document")
    lead, other = (models.Body.objects.get_or_create(name=name)[0] for name in ("财政部", "国家发展和改革委员会"))
    topic = models.Topic.objects.get_or_create(name="就业")[0]
    for start in range(0, n, BATCH):
        measures = models.Measure.objects.bulk_create(
            models.Measure(document=document, path=f"{i}", number_text=f"{i}", level=1, order=i,
                           heading=f"=措施{i}", text="保持主要帮扶政策总体稳定。" * 3, source=source,
                           span_start=0, span_end=1)
            for i in range(start, min(start + BATCH, n))
        )
        models.Responsibility.objects.bulk_create(
            [models.Responsibility(measure=m, body=lead, role="lead", provenance="explicit") for m in measures]
            + [models.Responsibility(measure=m, body=other, role="participant", provenance="explicit") for m in measures]
        )
        models.TimeFrame.objects.bulk_create(models.TimeFrame(measure=m, expression="过渡期内", kind="period",
                                                              start="2021-01-01", end="2025-12-31") for m in measures)
        models.Target.objects.bulk_create(models.Target(measure=m, expression="18亿亩", value=18, unit="亿亩",
                                                        normalised_value=1.8e9, normalised_unit="亩") for m in measures)
        models.StatusUpdate.objects.bulk_create(models.StatusUpdate(measure=m, status="ongoing",
                                                                    effective_date="2021-01-01", source="parser")
                                                for m in measures)
        models.Measure.topics.through.objects.bulk_create(
            models.Measure.topics.through(measure=m, topic=topic) for m in measures)
    connection.cursor().execute("ANALYZE")


def stream_export(measures) -> tuple[float, int, int]:
    started = time.perf_counter()
    with open(os.devnull, "w", encoding="utf-8") as sink:
        size = 0
        for chunk in measure_csv_chunks(measures):
            size += len(chunk)
            sink.write(chunk)
    elapsed = time.perf_counter() - started
    return elapsed, size, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def copy_export() -> tuple[float, int]:
    # the export's own query, as Django compiles it, run by COPY instead of a cursor
    sql, params = measure_export_query(models.Measure.objects.all())
    started, size = time.perf_counter(), 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, HEADER)",
                                                           params) as copy:
        for block in copy:
            size += len(block)
    return time.perf_counter() - started, size


def create_database_if_missing() -> None:
    import psycopg

    settings = connection.settings_dict
    server = f"host={settings['HOST']} port={settings['PORT']} user={settings['USER']} dbname=postgres"
    with psycopg.connect(server, autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]).fetchone():
            admin.execute(f'CREATE DATABASE "{settings["NAME"]}"')


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL=postgres://… (this benchmark compares with PostgreSQL's COPY)")
    create_database_if_missing()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill(N)
    print(f"data: {N} measures ready in {time.perf_counter() - started:.1f}s")
    stream_export(models.Measure.objects.filter(pk__lte=models.Measure.objects.order_by("pk")[999].pk))  # warm-up: imports, URL resolver, compiled queries
    # a quarter, then all of the rows: a flat export has the same peak memory for both
    for rows in (N // 4, N):
        last = models.Measure.objects.order_by("pk").values_list("pk", flat=True)[rows - 1]
        elapsed, size, peak = stream_export(models.Measure.objects.filter(pk__lte=last))
        print(f"stream export of {rows} rows: {rows / elapsed:,.0f} rows/s ({elapsed:.1f}s, {size / 1e6:.0f} MB text), "
              f"process peak RSS so far {peak / 1e6:.0f} MB")
    elapsed, size = copy_export()
    print(f"COPY (same query) TO STDOUT: {N / elapsed:,.0f} rows/s ({elapsed:.1f}s, {size / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
