"""Linking on PostgreSQL: a new 100-item document against N existing measures, and the dev set from scratch.

    .venv/bin/python tests/bench/bench_link.py [--measures 100000] [--items 100] [--database NAME --keep]

Creates a scratch database (`luoshi_link_bench`, or --database) on the local PostgreSQL: ingests the seeds and
the lineage development documents (timing the ingest, which links each document, and then `link_measures` over
everything from scratch), loads N synthetic measures by COPY (documents of 100 items dated 2010-2019, each item
three sentences drawn at random from the real measures, search words computed as the ingest does, the word
counts recounted after), and times linking one new document of --items such items (dated 2026) against them:
seconds and queries; then the same document as if it had come in before all of them (which later documents the
ingest relinks, and what that costs). The database is dropped at the end; with --keep it is kept, and a later run with the same
N reuses it (skipping the dev-set timings and the load) and deletes its new document when done. Django runs as
in production (DEBUG off).
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
NEW_DOCUMENT = 10**6  # the new document's number (synthetic ones are numbered from 0)


def configure_django(database: str) -> None:
    os.environ["DATABASE_URL"] = f"{SERVER}/{database}"
    os.environ.update(DEBUG="false", SECRET_KEY="benchmark-only", ALLOWED_HOSTS="localhost")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()


def server_connection():
    import psycopg

    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def database_exists(database: str) -> bool:
    with server_connection() as server:
        return server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is not None


def recreate_database(database: str) -> None:
    with server_connection() as server:
        server.execute(f"DROP DATABASE IF EXISTS {database}")
        server.execute(f"CREATE DATABASE {database} TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8'"
                       " LC_COLLATE 'C.UTF-8'")


def drop_database(database: str) -> None:
    from django.db import connections

    connections.close_all()
    with server_connection() as server:
        server.execute(f"DROP DATABASE IF EXISTS {database}")


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


def synthetic_item(sentences: list[str], rng: random.Random) -> tuple[str, str]:
    """(heading, text): three real sentences, the first the heading."""
    text = "".join(rng.sample(sentences, 3))
    return text.split("。", 1)[0], text


def corpus_marker(n: int) -> str:
    """The synthetic source files' name prefix: which corpus the database holds."""
    return f"link-bench-{n}/"


def synthetic_document(number: int, date: datetime.date, items: int, sentences: list[str], rng: random.Random):
    """A new document through the ORM, its words counted as a writer counts them."""
    from tracker import models
    from tracker.lineage import word_counts
    from tracker.search import search_tokens

    document = models.Document.objects.create(identity=f"bench|{number}", title=f"关于第{number}批工作的意见",
                                              kind="policy_document", date_written=date)
    source = models.SourceFile.objects.create(sha256=f"{number:064d}", name=f"bench-{number}.txt", content=b"",
                                              encoding="utf-8", size=0, text="")
    rows = []
    for item in range(items):
        heading, text = synthetic_item(sentences, rng)
        rows.append(models.Measure(document=document, path=f"{item + 1}", number_text=f"{item + 1}.", level=1,
                                   order=item, heading=heading, text=text, search_tokens=search_tokens(heading, text),
                                   source=source, span_start=0, span_end=len(text)))
    with word_counts.following(document.measures.all()):
        models.Measure.objects.bulk_create(rows, batch_size=2000)
    return document


def load_synthetic_measures(n: int, sentences: list[str], rng: random.Random) -> None:
    """n measures in documents of ITEMS_PER_DOCUMENT by COPY, with tests/bench/generate.py's loader (indexes
    dropped and rebuilt, foreign-key triggers off), then VACUUM ANALYZE and the word counts recounted."""
    from django.db import connection, transaction
    from django.db.models import Max
    from django.utils import timezone

    from tests.bench import generate
    from tracker import models
    from tracker.lineage import word_counts
    from tracker.search import search_tokens

    now = timezone.now()
    first_id = {model: (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
                for model in (models.Document, models.SourceFile, models.Measure)}
    tables = generate.Tables()
    with transaction.atomic(), connection.cursor() as cursor:
        indexes = generate.drop_secondary_indexes(cursor)
        cursor.execute("SET LOCAL session_replication_role = replica")  # consistent by construction
        measure_id = first_id[models.Measure]
        for number in range(n // ITEMS_PER_DOCUMENT):
            document_id, source_id = first_id[models.Document] + number, first_id[models.SourceFile] + number
            date = datetime.date(2010 + number % 10, 1 + number % 12, 1)
            tables.add(models.Document, (document_id, f"bench|{number}", f"关于第{number}批工作的意见",
                                         "policy_document", "", "", date, None, now, now))
            tables.add(models.SourceFile, (source_id, f"{number:064d}", f"{corpus_marker(n)}{number}.txt", b"",
                                           "utf-8", 0, "", now))
            for item in range(ITEMS_PER_DOCUMENT):
                heading, text = synthetic_item(sentences, rng)
                tables.add(models.Measure, (
                    measure_id, document_id, None, f"{item + 1}", f"{item + 1}.", 1, item, heading, text,
                    search_tokens(heading, text), source_id, 0, len(text), "not_yet_rated", False, [], [], {},
                    None, now, now))
                measure_id += 1
            if (number + 1) % generate.BATCH_DOCUMENTS == 0:
                generate.flush(cursor, tables)
        generate.flush(cursor, tables)
        cursor.execute("SET LOCAL session_replication_role = origin")
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for definition in indexes:
            cursor.execute(definition)
        generate.reset_sequences(cursor)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    word_counts.rebuild()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=100_000, help="existing synthetic measures (N)")
    parser.add_argument("--items", type=int, default=100, help="items of the new document")
    parser.add_argument("--profile", action="store_true", help="profile a second linking of the new document")
    parser.add_argument("--database", default=BENCH_DB, help="the scratch database's name")
    parser.add_argument("--keep", action="store_true", help="keep the database (and reuse it for the same N)")
    args = parser.parse_args()
    reuse = args.keep and database_exists(args.database)
    if not reuse:
        recreate_database(args.database)
    configure_django(args.database)
    try:
        run(args, reuse)
    finally:
        if not args.keep:
            drop_database(args.database)


def run(args, reuse: bool) -> None:
    from django.core.management import call_command

    from tracker.ingest import ingest_paths
    from tracker.lineage import store
    from tracker.models import MeasureLink, SourceFile

    call_command("migrate", verbosity=0)
    reuse = reuse and SourceFile.objects.filter(name__startswith=corpus_marker(args.measures)).exists()
    if reuse:
        print(f"reusing {args.database}: its {args.measures} synthetic measures")
    else:
        if SourceFile.objects.exists():
            sys.exit(f"{args.database} holds another corpus: drop it or name another --database")
        timed("dev set from scratch: ingest of seeds/ and the two dev documents (linking included)",
              lambda: ingest_paths([REPO / "seeds", DEV_DOCS]))
        MeasureLink.objects.all().delete()
        counts = timed("dev set: link_measures over every document from scratch", store.link_documents)
        print(f"  {counts.created} suggestions")
    rng = random.Random(12)
    sentences = real_sentences()
    print(f"{len(sentences)} real sentences")
    if not reuse:
        timed(f"load {args.measures} synthetic measures by COPY",
              lambda: load_synthetic_measures(args.measures, sentences, rng))
    remove_new_document()  # left by an interrupted run
    new = synthetic_document(NEW_DOCUMENT, datetime.date(2026, 1, 1), args.items, sentences, random.Random(26))
    try:
        link_new_document(args, new)
    finally:
        if args.keep:  # the database as it was loaded, for the next run
            remove_new_document()


def remove_new_document() -> None:
    from tracker.models import Document, SourceFile

    Document.objects.filter(identity=f"bench|{NEW_DOCUMENT}").delete()
    SourceFile.objects.filter(name=f"bench-{NEW_DOCUMENT}.txt").delete()


def link_new_document(args, new) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.lineage import store
    from tracker.models import MeasureLink

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
    relink_after_a_late_earlier_document(new)
    if args.profile:
        MeasureLink.objects.filter(from_measure__document=new).delete()
        cProfile.runctx("store.link_documents([new.pk])", globals(), {"store": store, "new": new}, "/tmp/link.prof")
        pstats.Stats("/tmp/link.prof").sort_stats("cumulative").print_stats(15)


def relink_after_a_late_earlier_document(new, sample: int = 3) -> None:
    """The same document as if it had come in late, dated before every other (the centre's opinion loaded after
    the documents carrying it): how long finding the later documents it makes the ingest relink takes, how many,
    and the time to relink a sample of them (their links deleted again after)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.lineage import store
    from tracker.models import Document, MeasureLink

    Document.objects.filter(pk=new.pk).update(date_written=datetime.date(2009, 1, 1))
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        later = store.later_documents_to_relink([new.pk])
        elapsed = time.perf_counter() - started
    print(f"the same document dated before all: {len(later)} of {Document.objects.count()} later documents to"
          f" relink, found in {elapsed:.2f} s, {len(queries)} queries")
    started = time.perf_counter()
    store.link_documents(later[:sample])
    each = (time.perf_counter() - started) / max(len(later[:sample]), 1)
    MeasureLink.objects.filter(from_measure__document__in=later[:sample]).delete()
    print(f"  relinking one of them: {each:.2f} s (all of them, one worker: ~{each * len(later) / 60:.0f} min)")


if __name__ == "__main__":
    main()
