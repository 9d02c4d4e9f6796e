"""Which import runs are still alive: a run whose process was killed must not stay `running` for ever.

A run's process holds a lock named after the run for as long as it runs. On PostgreSQL that is a session-level
advisory lock, which the server releases when the connection ends, however the process ended; on SQLite (one
machine) the run's process id, kept in its report. Each run starts by marking the runs nobody holds failed.
"""

from __future__ import annotations

import contextlib
import os

from django.db import connection, transaction
from django.utils import timezone

from tracker import models
from tracker.choices import ImportOutcome

# Two-key advisory locks (this class, a run's id), apart from the ingest's one-key lock ("Luos" in ASCII).
RUN_LOCK_CLASS = 0x4C756F73
INTERRUPTED = "interrupted: the process running this import ended before it finished (noticed by import run {})"


class NotQueued(Exception):
    """A worker was asked to run an import run that is not waiting (unknown, or already taken)."""


@contextlib.contextmanager
def owned_run(queued: int | None = None, **fields):
    """A new ImportRun, or the queued run of that id now running, held by this process while the block runs;
    failed with the reason if the block raises."""
    with transaction.atomic():  # nobody sees the run running before its lock is held
        run = claim(queued) if queued is not None else models.ImportRun.objects.create(report={"pid": os.getpid()},
                                                                                        **fields)
        advisory_lock("pg_advisory_lock", run.pk)
    try:
        yield run
    except BaseException as error:
        mark_failed([run.pk], f"interrupted: {type(error).__name__}: {error}")
        raise
    finally:
        advisory_lock("pg_advisory_unlock", run.pk)


def claim(run_id: int) -> models.ImportRun:
    """The queued run, marked running by this process; the row lock keeps a second worker from taking it too."""
    run = models.ImportRun.objects.select_for_update().filter(pk=run_id, outcome=ImportOutcome.QUEUED).first()
    if run is None:
        raise NotQueued(f"import run {run_id} is not queued")
    run.outcome, run.started_at, run.report = ImportOutcome.RUNNING, timezone.now(), {"pid": os.getpid()}
    run.save(update_fields=["outcome", "started_at", "report"])
    return run


def fail_interrupted_runs(noticed_by: int) -> list[int]:
    """Mark failed, with the reason, the runs still `running` that no live process holds; their ids."""
    running = models.ImportRun.objects.filter(outcome=ImportOutcome.RUNNING).exclude(pk=noticed_by)
    orphans = [run.pk for run in running.only("pk", "report") if not is_held(run)]
    mark_failed(orphans, INTERRUPTED.format(noticed_by))
    return orphans


def is_held(run: models.ImportRun) -> bool:
    if connection.vendor == "postgresql":
        if not advisory_lock("pg_try_advisory_lock", run.pk):
            return True
        advisory_lock("pg_advisory_unlock", run.pk)
        return False
    return process_alive(run.report.get("pid"))


def process_alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def advisory_lock(function: str, run_id: int) -> bool:
    """Call one of PostgreSQL's two-key advisory lock functions; elsewhere a no-op (True)."""
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", [RUN_LOCK_CLASS, run_id])
        return cursor.fetchone()[0] is not False


def mark_failed(run_ids: list[int], reason: str) -> None:
    models.ImportRun.objects.filter(pk__in=run_ids, outcome=ImportOutcome.RUNNING).update(
        outcome=ImportOutcome.FAILED, finished_at=timezone.now(), errors=[{"file": "—", "error": reason}], upload=None
    )
