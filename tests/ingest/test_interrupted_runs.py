"""A killed ingest leaves its import run `running`: the next run marks it failed with the reason (issue 15)."""

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest
from django.db import connection

from tests.conftest import REPO
from tracker import models
from tracker.ingest import ingest_upload
from tracker.ingest.run_owner import RUN_LOCK_CLASS

PAGE = "国务院关于做好春季农业生产工作的意见\n（2021年3月1日）\n一、加强组织领导。\n".encode()


def dead_pid() -> int:
    """The id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_run_whose_process_is_gone_is_failed_with_the_reason_by_the_next_run(db):
    orphan = models.ImportRun.objects.create(trigger="upload", report={"pid": dead_pid()})
    report = ingest_upload("page.txt", PAGE)
    orphan.refresh_from_db()
    assert orphan.outcome == "failed" and orphan.finished_at is not None
    assert orphan.errors[0]["error"].startswith("interrupted") and str(report["run"]) in orphan.errors[0]["error"]
    assert models.ImportRun.objects.get(pk=report["run"]).outcome == "succeeded"


def test_a_run_still_held_by_its_process_is_left_running(db):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the run's lock tells, see the test below")
    alive = models.ImportRun.objects.create(trigger="command", report={"pid": os.getpid()})
    ingest_upload("page.txt", PAGE)
    alive.refresh_from_db()
    assert alive.outcome == "running"


def wait_for_lock_release(connection, run_id: int, seconds: float = 30) -> None:
    """A killed client's server process ends when it is next scheduled and reads the closed socket (on a busy
    machine, a moment after the client is gone): only then is its advisory lock released."""
    deadline = time.monotonic() + seconds
    query = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s"
    while connection.execute(query, [RUN_LOCK_CLASS, run_id]).fetchone()[0] and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_killed_ingest_process_is_noticed_but_a_live_one_is_not(on_postgres):
    """A live run holds its advisory lock on a connection of its own; a killed one's lock went with it."""
    settings = on_postgres.settings_dict
    url = f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    alive, killed = (models.ImportRun.objects.create(trigger="command") for _ in range(2))
    holder = psycopg.connect(url, autocommit=True)
    holder.execute("SELECT pg_advisory_lock(%s, %s)", [RUN_LOCK_CLASS, alive.pk])
    script = (f"import psycopg, time; c = psycopg.connect({url!r}, autocommit=True); "
              f"c.execute('SELECT pg_advisory_lock({RUN_LOCK_CLASS}, {killed.pk})'); print('held', flush=True); "
              "time.sleep(600)")
    process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "held"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        wait_for_lock_release(holder, killed.pk)
        ingest_upload("page.txt", PAGE)
    finally:
        holder.close()
    alive.refresh_from_db()
    killed.refresh_from_db()
    assert (alive.outcome, killed.outcome) == ("running", "failed")
