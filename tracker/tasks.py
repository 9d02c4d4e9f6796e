"""Background work, on Django's Tasks API (the django-tasks backport until Django 6): what must not run inside a
web request. A worker (`make worker`, i.e. `manage.py db_worker`) runs them from the database queue; with the
immediate backend (tests, and the embedded default where nobody starts a worker) they run at once, in the
process that enqueues them (settings.TASKS_BACKEND says which).

Each task takes and returns JSON: ids in, the report or the counts out (kept with the task's result).
"""

from dataclasses import asdict

from django_tasks import task

from tracker import ingest, watches
from tracker.lineage.store import link_documents
from tracker.models import ImportRun


@task()
def ingest_upload(run_id: int) -> dict:
    """Ingest a queued upload: its import run goes queued -> running -> its outcome, with the report."""
    return ingest.ingest_queued_upload(run_id)


@task()
def link_measures(document_ids: list[int] | None = None) -> dict:
    """`manage.py link_measures`: (re)compute the suggestions of these documents (every one when None)."""
    return asdict(link_documents(document_ids))


@task()
def send_digests() -> dict:
    """`manage.py send_digests`."""
    return watches.send_digests()


def enqueue_upload(name: str, data: bytes, *, user=None) -> ImportRun:
    """Queue an uploaded file's ingest; its import run (already finished with the immediate backend)."""
    run = ingest.queue_upload(name, data, user=user)
    ingest_upload.enqueue(run.pk)
    run.refresh_from_db()
    return run
