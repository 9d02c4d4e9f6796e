"""Two ingests at the same time, of the same file and of different files, in two processes against PostgreSQL."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import REPO, SEEDS
from tracker import models

SEED = SEEDS / "001_a4e3b11e0f827774.txt"


def start_ingest(database_url: str, path=SEED) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen([sys.executable, "manage.py", "ingest", str(path), "--json"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run_at_once(*paths) -> list[dict]:
    """Each path ingested by a process of its own, all started together; their JSON reports."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two processes writing at once)")
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    processes = [start_ingest(url, path) for path in paths]
    results = [process.communicate(timeout=300) for process in processes]
    for process, (_out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    return [json.loads(out) for out, _ in results]


@pytest.mark.django_db(transaction=True)
def test_two_processes_ingesting_one_file_make_one_set_of_rows():
    outcomes = sorted(report["files"][0]["outcome"] for report in run_at_once(SEED, SEED))
    assert outcomes == ["inserted", "unchanged"]
    assert models.SourceFile.objects.count() == 1
    assert models.Appearance.objects.count() == models.Document.objects.count()
    paths = list(models.Measure.objects.values_list("document_id", "path"))
    assert len(paths) == len(set(paths)) > 0
    assert models.StatusUpdate.objects.count() == len(paths)


@pytest.mark.django_db(transaction=True)
def test_two_processes_ingesting_different_files_keep_both():
    other = SEEDS / "003_e46b5dd20027eeff.txt"
    reports = run_at_once(SEED, other)
    assert [report["files"][0]["outcome"] for report in reports] == ["inserted", "inserted"]
    assert set(models.SourceFile.objects.values_list("name", flat=True)) == {str(SEED), str(other)}
    written = sum(report["counts"]["inserted"] for report in reports)
    assert models.Measure.objects.count() == written > 0
    assert models.Appearance.objects.values("source").distinct().count() == 2
