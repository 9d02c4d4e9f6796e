"""Ingest throughput on PostgreSQL beside COPY of the same rows into the same tables, in one run, for 1, 2 and 4
workers (`manage.py ingest --workers N`).

    .venv/bin/python tests/bench/bench_ingest.py [--documents 200] [--items 50] [--rounds 3] [--workers 1,2,4]

It writes a synthetic corpus of State Council-style opinions (parts, numbered items, responsible-body
parentheticals, deadlines, targets). Each round, for each number of workers, creates a scratch database
($BENCH_DB, `luoshi_bench_ingest` by default) on the local PostgreSQL, ingests the corpus with `tracker.ingest`
(lineage linking included, as the ingest does it), then copies every row the ingest wrote out with COPY TO and
back in with COPY FROM into the emptied tables, and prints both rates in measures per second; the database is
dropped at the end. Django runs as in production (DEBUG off).
"""

import argparse
import cProfile
import io
import os
import pstats
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
BENCH_DB = os.environ.get("BENCH_DB", "luoshi_bench_ingest")  # not luoshi_bench: that one keeps the 1M corpus (tests/bench/generate.py)
SERVER = "postgres://postgres@127.0.0.1:5432"
# Every table the ingest writes parsed data into, parents first.
TABLES = ("tracker_body", "tracker_sourcefile", "tracker_document", "tracker_document_issuers", "tracker_appearance",
          "tracker_measure", "tracker_measure_topics", "tracker_responsibility", "tracker_timeframe", "tracker_target",
          "tracker_statusupdate", "tracker_variant")
NUMERALS = "一二三四五六七八九十"
BODIES = ("国家发展改革委", "财政部", "农业农村部", "教育部", "民政部", "人力资源社会保障部", "自然资源部", "国家卫生健康委")


def chinese(n: int) -> str:
    """1..99 as Chinese numerals (十一, 二十三)."""
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else NUMERALS[tens - 1]) + "十" if tens else "") + (NUMERALS[ones - 1] if ones else "")


def synthetic_document(number: int, items: int) -> str:
    lines = [f"国务院关于推进第{number}批重点工作的意见", f"（2021年{number % 12 + 1}月{number % 27 + 1}日）",
             "为深入贯彻落实党中央决策部署，现提出如下意见。"]
    per_part = max(1, items // 5)
    for item in range(items):
        if item % per_part == 0:
            lines.append(f"{chinese(item // per_part + 1)}、加强第{item // per_part + 1}方面工作")
        lead, other = BODIES[item % len(BODIES)], BODIES[(item + 3) % len(BODIES)]
        lines.append(
            f"（{chinese(item % per_part + 1)}）健全第{number}号文件第{item}项工作机制。到{2022 + item % 4}年，完成{item + 3}万亩"
            f"高标准农田建设任务，覆盖{item * 7 + 11}个县。继续实施第{number}号支持政策，各地要结合实际抓好落实。"
            f"（{lead}、{other}按职责分工负责）"
        )
    return "\n".join(lines) + "\n"


def configure_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
    # As in production: with DEBUG on, Django would also keep a log of every query.
    os.environ.update(DEBUG="false", SECRET_KEY="benchmark-only", ALLOWED_HOSTS="localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()


def drop_database(then_create: bool = False) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        if then_create:
            conn.execute(f"CREATE DATABASE {BENCH_DB}")


def fresh_database() -> None:
    from django.core.management import call_command

    drop_database(then_create=True)
    call_command("migrate", verbosity=0)


def copy_round_trip() -> tuple[float, int]:
    """COPY every ingested row out, empty the tables, and time COPY FROM of the same rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        dumps = {}
        for table in TABLES:
            buffer = io.BytesIO()
            with cursor.copy(f"COPY {table} TO STDOUT") as copy:
                for chunk in copy:
                    buffer.write(chunk)
            dumps[table] = buffer.getvalue()
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} CASCADE")
        started = time.perf_counter()
        for table in TABLES:
            with cursor.copy(f"COPY {table} FROM STDIN") as copy:
                copy.write(dumps[table])
        elapsed = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM tracker_measure")
        return elapsed, cursor.fetchone()[0]


class LinkTimer:
    """Time spent linking, after the files are in (the run's last step, in the parent process)."""

    def __init__(self):
        from tracker.ingest import parallel, run

        self.seconds = 0.0
        original = run.link_changed_documents

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started

        run.link_changed_documents = parallel.link_changed_documents = timed


def cpu_seconds() -> float:
    """CPU time of this process and of its ended children (the workers), user and system."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_round(folder: Path, workers: int, profile: bool, timer: LinkTimer) -> tuple[int, float, float, float]:
    """One ingest into a fresh database and COPY of its rows: (measures, ingest s, linking s, COPY s)."""
    from tracker.ingest import ingest_paths

    fresh_database()
    profiler = cProfile.Profile() if profile else None
    timer.seconds = 0.0
    cpu_before = cpu_seconds()
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    report = ingest_paths([folder], trigger="benchmark", workers=workers)
    if profiler:
        profiler.disable()
    ingest_seconds = time.perf_counter() - started
    timer.cpu = cpu_seconds() - cpu_before
    measures = report["counts"]["inserted"]
    assert report["counts"]["failed"] == 0, report["files"][:3]
    assert report["workers"] == workers
    copy_seconds, copied = copy_round_trip()
    assert copied == measures
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return measures, ingest_seconds, timer.seconds, copy_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="each in a fresh database; the median is reported")
    parser.add_argument("--workers", default="1,2,4", help="numbers of workers, each measured in every round")
    parser.add_argument("--profile", action="store_true", help="print where the ingest spends its time (1 worker)")
    args = parser.parse_args()
    worker_counts = [int(n) for n in args.workers.split(",")]
    configure_django()
    timer = LinkTimer()
    ratios: dict[int, list[float]] = {n: [] for n in worker_counts}
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.documents):
            Path(folder, f"doc{number:05}.txt").write_text(synthetic_document(number, args.items), encoding="utf-8")
        print(f"{args.documents} documents of {args.items} items; each round and number of workers: ingest into a "
              "fresh database, then COPY of the same rows into the same (emptied) tables")
        print(f"load average before: {' '.join(f'{load:.2f}' for load in os.getloadavg())}")
        for round_number in range(1, args.rounds + 1):
            for workers in worker_counts:
                measures, ingest_seconds, link_seconds, copy_seconds = measure_round(
                    Path(folder), workers, args.profile and workers == 1, timer)
                ratios[workers].append(copy_seconds / ingest_seconds)
                print(f"round {round_number}, {workers} worker(s): {measures} measures | ingest {ingest_seconds:6.2f} s"
                      f" = {measures / ingest_seconds:5.0f}/s (linking {link_seconds:.2f} s; without it "
                      f"{measures / (ingest_seconds - link_seconds):5.0f}/s) | COPY {copy_seconds:5.2f} s = "
                      f"{measures / copy_seconds:5.0f}/s | ingest / COPY {copy_seconds / ingest_seconds:.3f} "
                      f"(without linking {copy_seconds / (ingest_seconds - link_seconds):.2f}) | Python CPU {timer.cpu:.1f} s | load "
                      f"{os.getloadavg()[0]:.2f}", flush=True)
    for workers, values in ratios.items():
        print(f"{workers} worker(s): ingest / COPY rate, median of {len(values)} rounds: {statistics.median(values):.3f}")
    drop_database()


if __name__ == "__main__":
    main()
