"""An ingest while a spreadsheet import runs (issue 15, concurrency), on PostgreSQL: an editor's import of
status changes is in its transaction when another process re-ingests a new version of the same document.
Both land: the statuses the import recorded, and the new text and the withdrawn item of the ingest; every
measure's status agrees with its history."""

import os
import subprocess
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from tests.admin.pages import confirm, csv_bytes, csv_rows, export, preview
from tests.conftest import REPO
from tests.ingest.test_ingest import SMALL_OPINION, ingest_text
from tracker import models
from tracker.status import LATEST_FIRST

REVISED = SMALL_OPINION.replace("继续实施耕地地力保护补贴政策", "继续实施并完善耕地地力保护补贴政策").replace(
    "三、完善监测机制。坚决守住18亿亩耕地红线。\n", "")


def start_ingest(path) -> subprocess.Popen:
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    return subprocess.Popen([sys.executable, "manage.py", "ingest", str(path), "--json"], cwd=REPO,
                            env={**os.environ, "DATABASE_URL": url}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def wait_until_blocked_or_done(process: subprocess.Popen, seconds: float = 60) -> str:
    """'blocked' once the other process waits on a lock this transaction holds, 'done' if it never had to."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return "done"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the transaction sees its first reading
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> "
                           "pg_backend_pid() AND datname = current_database()")
            if cursor.fetchone()[0]:
                return "blocked"
        time.sleep(0.2)
    raise AssertionError("the ingest neither finished nor waited on a lock")


@pytest.mark.django_db(transaction=True)
def test_an_ingest_during_a_spreadsheet_import_loses_neither(tmp_path, client):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (two processes writing at once)")
    ingest_text(tmp_path, "opinion.txt", SMALL_OPINION)
    client.force_login(get_user_model().objects.create_superuser("editor"))
    rows = csv_rows(export(client))
    changed = {"一": "stalled", "二": "achieved"}
    for row in rows:
        if row["path"] in changed:
            row.update(status=changed[row["path"]], status_date="2026-01-15")

    with transaction.atomic():  # the import's writes stay uncommitted while the ingest runs
        done = confirm(client, preview(client, csv_bytes(rows)))
        assert done.status_code in (200, 302)
        (tmp_path / "opinion.txt").write_text(REVISED, encoding="utf-8")
        ingest = start_ingest(tmp_path / "opinion.txt")
        assert wait_until_blocked_or_done(ingest) == "blocked"  # the two overlap: it waits for this import
    _out, err = ingest.communicate(timeout=300)
    assert ingest.returncode == 0, err

    measures = {m.path: m for m in models.Measure.objects.filter(level=1)}
    assert {path: measures[path].status for path in changed} == changed
    assert "并完善" in measures["二"].text
    assert measures["三"].withdrawn_at is not None
    for measure in measures.values():
        latest = measure.status_updates.order_by(*LATEST_FIRST).first()
        assert latest is None or latest.status == measure.status
    imported = models.StatusUpdate.objects.filter(source="import").values_list("measure__path", "status")
    assert sorted(imported) == sorted(changed.items())
