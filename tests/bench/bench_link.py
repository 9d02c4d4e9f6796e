"""Linking on PostgreSQL: a new 100-item document against N existing measures, and the dev set from scratch.

    .venv/bin/python tests/bench/bench_link.py [--measures 100000] [--items 100]

Creates a scratch database `luoshi_link_bench` on the local PostgreSQL: ingests the seeds and the lineage
development documents (timing the ingest, which links each document, and then `link_measures` over everything
from scratch), fills N synthetic measures (documents of 100 items dated 2010-2019, each item three sentences
drawn at random from the real measures, search words computed as the ingest does, written by bulk_create), and
times linking one new document of --items such items (dated 2026) against them: seconds and queries. The
database is dropped at the end. Django runs as in production (DEBUG off).
"""

import argparse
import cProfile
import datetime
import os
import pstats
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
BENCH_DB = "luoshi_link_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
DEV_DOCS = REPO / "tests" / "fixtures" / "lineage-dev" / "docs"
ITEMS_PER_DOCUMENT = 100


def configure_django() -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{BENCH_DB}"
    os.environ.update(DEBUG="false", SECRET_KEY="benchmark-only", ALLOWED_HOSTS="localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        server.execute(f"CREATE DATABASE {BENCH_DB} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8'"
                       " LC_COLLATE 'C.UTF-8'")


def drop_database() -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")


def timed(label: str, action):
    started = time.perf_counter()
    result = action()
    print(f"{label}: {time.perf_counter() - started:.2f} s")
    return result


def real_sentences() -> list[str]:
    from tracker.models import Measure

    sentences = set()
    for text in Measure.objects.values_list("text", flat=True):
        sentences.update(s.strip() + "。" for s in re.split(r"[。；]", text) if len(s.strip()) >= 8)
    return sorted(sentences)


def synthetic_document(number: int, date: datetime.date, items: int, sentences: list[str], rng: random.Random):
    from tracker import models
    from tracker.search import search_tokens

    document = models.Document.objects.create(identity=f"bench|{number}", title=f"关于第{number}批工作的意见",
                                              kind="policy_document", date_written=date)
    source = models.SourceFile.objects.create(sha256=f"{number:064d}", name=f"bench-{number}.txt", content=b"",
                                              encoding="utf-8", size=0, text="")
    rows = []
    for item in range(items):
        text = "".join(rng.sample(sentences, 3))
        heading = text.split("。", 1)[0]
        rows.append(models.Measure(document=document, path=f"{item + 1}", number_text=f"{item + 1}.", level=1,
                                   order=item, heading=heading, text=text, search_tokens=search_tokens(heading, text),
                                   source=source, span_start=0, span_end=len(text)))
    models.Measure.objects.bulk_create(rows, batch_size=2000)
    return document


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=100_000, help="existing synthetic measures (N)")
    parser.add_argument("--items", type=int, default=100, help="items of the new document")
    parser.add_argument("--profile", action="store_true", help="profile a second linking of the new document")
    args = parser.parse_args()
    configure_django()
    recreate_database()
    try:
        run(args)
    finally:
        drop_database()


def run(args) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.ingest import ingest_paths
    from tracker.lineage import store
    from tracker.models import MeasureLink

    call_command("migrate", verbosity=0)
    timed("dev set from scratch: ingest of seeds/ and the two dev documents (linking included)",
          lambda: ingest_paths([REPO / "seeds", DEV_DOCS]))
    MeasureLink.objects.all().delete()
    counts = timed("dev set: link_measures over every document from scratch", store.link_documents)
    print(f"  {counts.created} suggestions")
    rng = random.Random(12)
    sentences = real_sentences()
    print(f"{len(sentences)} real sentences")

    def fill():
        for number in range(args.measures // ITEMS_PER_DOCUMENT):
            synthetic_document(number, datetime.date(2010 + number % 10, 1 + number % 12, 1), ITEMS_PER_DOCUMENT,
                               sentences, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE tracker_measure")

    timed(f"fill {args.measures} synthetic measures", fill)
    new = synthetic_document(10**6, datetime.date(2026, 1, 1), args.items, sentences, rng)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        counts = store.link_documents([new.pk])
        elapsed = time.perf_counter() - started
    print(f"link a new {args.items}-item document against {args.measures} measures"
          f" ({store.candidate_source().__name__}): {elapsed:.2f} s, {len(queries)} queries,"
          f" {counts.created} suggestions")
    slowest = sorted(queries.captured_queries, key=lambda query: float(query["time"]), reverse=True)[:3]
    for query in slowest:
        print(f"  {float(query['time']):.2f} s  {query['sql'][:100]}")
    if args.profile:
        MeasureLink.objects.filter(from_measure__document=new).delete()
        cProfile.runctx("store.link_documents([new.pk])", globals(), {"store": store, "new": new}, "/tmp/link.prof")
        pstats.Stats("/tmp/link.prof").sort_stats("cumulative").print_stats(15)


if __name__ == "__main__":
    main()
