"""`manage.py ingest --workers N`: worker processes share the files and leave the database as one worker does."""

import shutil

import pytest
from django.core.management import call_command
from django.db import connection, models

from tests.bench.bench_ingest import synthetic_document
from tests.conftest import REPO, SEEDS
from tracker import models as tracker_models

LINEAGE_DOCS = REPO / "tests" / "fixtures" / "lineage-dev" / "docs"
# Every table the ingest writes, and the linker's suggestions.
WRITTEN = (tracker_models.Body, tracker_models.Topic, tracker_models.SourceFile, tracker_models.Document,
           tracker_models.Document.issuers.through, tracker_models.Appearance, tracker_models.Measure,
           tracker_models.Measure.topics.through, tracker_models.Responsibility, tracker_models.TimeFrame,
           tracker_models.Target, tracker_models.StatusUpdate, tracker_models.Variant, tracker_models.MeasureLink)


@pytest.fixture
def corpus(tmp_path):
    """The seeds (two files carry one document: witnesses and variants), the lineage documents (links) and
    synthetic opinions, in one folder."""
    for path in [*SEEDS.iterdir(), *LINEAGE_DOCS.iterdir()]:
        shutil.copy(path, tmp_path / path.name)
    for number in range(8):
        (tmp_path / f"{number:03}_synthetic.txt").write_text(synthetic_document(number, 12), encoding="utf-8")
    return tmp_path


def snapshot() -> dict[str, list[tuple]]:
    """Every row the ingest wrote, ids and foreign keys as ranks (the n-th document, the n-th measure) and
    without timestamps: what two runs into empty databases must share."""
    ranks = {model: {pk: rank for rank, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True))}
             for model in WRITTEN}
    tables = {}
    for model in WRITTEN:
        fields = [f for f in model._meta.concrete_fields
                  if not f.primary_key and not isinstance(f, models.DateTimeField)]
        rows = []
        for row in model.objects.values_list(*(f.attname for f in fields)):
            rows.append(tuple(ranks[f.related_model].get(value) if f.is_relation and f.related_model in ranks
                              else bytes(value) if isinstance(value, memoryview) else value
                              for f, value in zip(fields, row, strict=True)))
        tables[model._meta.db_table] = sorted(rows, key=repr)
    return tables


@pytest.mark.django_db(transaction=True)
def test_two_workers_leave_the_database_as_one_worker_does(corpus, capsys):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (SQLite ingests with one worker)")
    call_command("ingest", str(corpus), "--json")
    one = snapshot()
    assert tracker_models.Variant.objects.exists() and tracker_models.MeasureLink.objects.exists()
    assert tracker_models.Appearance.objects.count() > tracker_models.Document.objects.count()  # a second witness
    call_command("flush", "--noinput")
    capsys.readouterr()
    call_command("ingest", str(corpus), "--workers", "2", "--json")
    report = capsys.readouterr().out
    assert '"workers": 2' in report
    two = snapshot()
    assert {table: len(rows) for table, rows in two.items()} == {table: len(rows) for table, rows in one.items()}
    assert two == one


def test_sqlite_ingests_with_one_worker_and_says_so(db, capsys):
    if connection.vendor == "postgresql":
        pytest.skip("SQLite's fallback")
    call_command("ingest", str(SEEDS / "001_a4e3b11e0f827774.txt"), "--workers", "2")
    assert "takes one writer at a time: ingesting with 1 worker" in capsys.readouterr().err
    assert tracker_models.ImportRun.objects.get().report["workers"] == 1
