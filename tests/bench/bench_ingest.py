"""Ingest throughput on PostgreSQL beside COPY of the same rows into the same tables, in one run.

    .venv/bin/python tests/bench/bench_ingest.py [--documents 200] [--items 50] [--rounds 3]

It writes a synthetic corpus of State Council-style opinions (parts, numbered items, responsible-body
parentheticals, deadlines, targets). Each round creates a scratch database `luoshi_bench_ingest` on the local
PostgreSQL, ingests the corpus with `tracker.ingest`, then copies every row the ingest wrote out with COPY TO
and back in with COPY FROM into the emptied tables, and prints both rates in measures per second; the
database is dropped at the end. Django runs as in production (DEBUG off).
"""

import argparse
import cProfile
import io
import os
import pstats
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


def time_parsing(folder: Path) -> float:
    """The parser's share: parse the same files again, alone."""
    from tracker.parsing import parse

    started = time.perf_counter()
    for path in sorted(folder.iterdir()):
        parse(path.read_bytes(), file=str(path))
    return time.perf_counter() - started


def measure_round(folder: Path, profile: bool) -> tuple[int, float, float, float]:
    """One ingest into a fresh database and COPY of its rows: (measures, ingest s, parse s, COPY s)."""
    from tracker.ingest import ingest_paths

    fresh_database()
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    report = ingest_paths([folder], trigger="benchmark")
    if profiler:
        profiler.disable()
    ingest_seconds = time.perf_counter() - started
    measures = report["counts"]["inserted"]
    assert report["counts"]["failed"] == 0, report["files"][:3]
    parse_seconds = time_parsing(folder)
    copy_seconds, copied = copy_round_trip()
    assert copied == measures
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
    return measures, ingest_seconds, parse_seconds, copy_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="each in a fresh database; the median is reported")
    parser.add_argument("--profile", action="store_true", help="print where the ingest spends its time")
    args = parser.parse_args()
    configure_django()
    ratios = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.documents):
            Path(folder, f"doc{number:05}.txt").write_text(synthetic_document(number, args.items), encoding="utf-8")
        print(f"{args.documents} documents of {args.items} items; each round: ingest into a fresh database, "
              "then COPY of the same rows into the same (emptied) tables")
        for round_number in range(1, args.rounds + 1):
            measures, ingest_seconds, parse_seconds, copy_seconds = measure_round(Path(folder), args.profile)
            write_seconds = ingest_seconds - parse_seconds
            ratios.append(copy_seconds / ingest_seconds)
            print(f"round {round_number}: {measures} measures | ingest {ingest_seconds:6.2f} s = "
                  f"{measures / ingest_seconds:5.0f}/s (parsing {parse_seconds:.2f} s, the rest "
                  f"{measures / write_seconds:5.0f}/s) | COPY {copy_seconds:5.2f} s = {measures / copy_seconds:5.0f}/s"
                  f" | ingest / COPY {copy_seconds / ingest_seconds:.2f} (without parsing "
                  f"{copy_seconds / write_seconds:.2f})")
    print(f"ingest / COPY rate, median of {len(ratios)} rounds: {statistics.median(ratios):.2f}")
    drop_database()


if __name__ == "__main__":
    main()
