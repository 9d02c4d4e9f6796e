"""Writes to many measures at once stay in batches: bulk_update's one CASE branch per row would otherwise make
one statement of thousands of branches, which PostgreSQL's JIT compiles for minutes (issue 15)."""

import datetime
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tracker import models
from tracker.ingest import ingest_paths
from tracker.status import record_status_for_many

MANY = 10_000


def many_measures(count: int) -> list[models.Measure]:
    document, source = factories.document(), factories.source_file()
    return models.Measure.objects.bulk_create(
        (models.Measure(document=document, source=source, path=f"{n}", number_text=f"{n}.", level=1, order=n,
                        text=f"第{n}项措施。", span_start=0, span_end=1) for n in range(MANY)),
        batch_size=models.WRITE_BATCH_SIZE,
    )


def branches_per_case(queries) -> list[int]:
    """The WHEN branches of each CASE expression of the queries (bulk_update writes one CASE a field)."""
    return [1 + case.count(" WHEN ") for query in queries for case in query["sql"].split("CASE WHEN")[1:]]


@pytest.fixture
def statement_timeout(on_postgres):
    """A statement that would run for minutes fails the test instead of hanging it."""
    with on_postgres.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = '60s'")


def test_a_status_for_ten_thousand_measures_is_written_in_batches(statement_timeout):
    measures = many_measures(MANY)
    with CaptureQueriesContext(connection) as captured:
        record_status_for_many(measures, "achieved", effective_date=datetime.date(2024, 6, 30), source="manual")
    batches = math.ceil(MANY / models.WRITE_BATCH_SIZE)
    # per batch: lock the measures, insert their entries, close the earlier entries (ended_on), read them against
    # their history, update, write history; then the dashboards' summary: 26 statements per batch of documents
    # (six tallies replaced, seven totals moved), its lock and 6 removals of empty totals
    # (tracker.summary.refresh_documents)
    documents = {measure.document_id for measure in measures}
    document_batches = math.ceil(len(documents) / models.WRITE_BATCH_SIZE)
    assert len(captured) <= 6 * batches + 5 + 26 * document_batches + 7
    assert branches_per_case(captured) == []  # the statuses are set from a VALUES list, not a CASE a field
    assert models.Measure.objects.filter(status="achieved").count() == MANY
    assert models.Measure.history.filter(status="achieved").count() == MANY


def test_a_look_up_of_thousands_of_values_is_one_array_parameter_on_postgresql(db):
    """tracker.lookups: an IN list of 10,000 placeholders cost Django and psycopg seconds of a large import."""
    ids = [measure.pk for measure in many_measures(MANY)]
    paths = [str(n) for n in range(0, MANY, 2)]
    with CaptureQueriesContext(connection) as captured:
        found = set(models.Measure.objects.filter(pk__any_of=ids, path__any_of=paths).values_list("path", flat=True))
        entries = models.StatusUpdate.objects.filter(measure_id__any_of=ids).count()
    assert found == set(paths) and entries == 0
    if connection.vendor == "postgresql":
        assert all(" IN (" not in query["sql"] and "= ANY(" in query["sql"] for query in captured)


def test_a_re_ordering_of_many_measures_is_written_in_batches(db, tmp_path):
    """A second witness that carries one more part moves every item of the first one place down."""
    title = "国务院关于做好春季农业生产工作的意见\n（2021年3月1日）\n"
    items = "二、保持政策稳定。\n" + "".join(f"{n}. 第{n}项措施要抓好落实。\n" for n in range(1, 601))
    (tmp_path / "a.txt").write_text(title + items)
    (tmp_path / "b.txt").write_text(title + "一、加强组织领导。各地要建立健全工作机制。\n" + items)
    ingest_paths([tmp_path / "a.txt"])
    with CaptureQueriesContext(connection) as captured:
        ingest_paths([tmp_path / "b.txt"])
    reorders = [q for q in captured if q["sql"].startswith('UPDATE "tracker_measure" SET "order"')]
    assert len(reorders) == 2
    assert max(branches_per_case(reorders)) <= models.WRITE_BATCH_SIZE
    paths = list(models.Measure.objects.order_by("order").values_list("path", flat=True))
    assert paths[:3] == ["一", "二", "二/1"] and paths[-1] == "二/600"


def test_the_app_asks_postgresql_for_no_jit_and_random_reads_costed_as_in_memory(on_postgres):
    with on_postgres.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
