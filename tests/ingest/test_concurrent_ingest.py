"""Two ingests of the same file at the same time, in two processes against PostgreSQL."""

import json
import os
import subprocess
import sys

import pytest
from django.db import connection

from tests.conftest import REPO, SEEDS
from tracker import models

SEED = SEEDS / "001_a4e3b11e0f827774.txt"


def start_ingest(database_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url}
    return subprocess.Popen([sys.executable, "manage.py", "ingest", str(SEED), "--json"], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.django_db(transaction=True)
def test_two_processes_ingesting_one_file_make_one_set_of_rows():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two processes writing at once)")
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    processes = [start_ingest(url) for _ in range(2)]
    results = [process.communicate(timeout=300) for process in processes]
    for process, (_out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
        assert "Traceback" not in err
    outcomes = sorted(json.loads(out)["files"][0]["outcome"] for out, _ in results)
    assert outcomes == ["inserted", "unchanged"]
    assert models.SourceFile.objects.count() == 1
    assert models.Appearance.objects.count() == models.Document.objects.count()
    paths = list(models.Measure.objects.values_list("document_id", "path"))
    assert len(paths) == len(set(paths)) > 0
    assert models.StatusUpdate.objects.count() == len(paths)
