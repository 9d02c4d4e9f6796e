"""Background work (tracker/tasks.py): an upload's import run queued -> running -> its outcome with the report, on
the database backend and its worker as in production and on the immediate backend of tests and `make run`."""

import subprocess
import sys

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tests.conftest import REPO, SEEDS
from tracker import models, tasks
from tracker.ingest import ingest_paths, ingest_upload, run
from tracker.ingest.run_owner import claim

PAGE = "国务院关于做好春季农业生产工作的意见\n（2021年3月1日）\n一、加强组织领导。\n二、保持政策稳定。\n".encode()
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_backend(settings, monkeypatch):
    settings.TASKS = DATABASE_BACKEND
    # The worker closes connections between tasks, as it should; a test's connection holds the test's transaction.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_worker() -> None:
    """What `make worker` runs, until the queue is empty."""
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def test_a_queued_upload_waits_then_runs_then_has_its_report(db, database_backend, monkeypatch):
    queued = tasks.enqueue_upload("opinion.txt", PAGE)
    assert queued.outcome == "queued" and bytes(queued.upload) == PAGE
    assert not models.Measure.objects.exists()
    seen_while_running = []
    sync_topics = run.sync_topics
    monkeypatch.setattr(run, "sync_topics", lambda: (
        seen_while_running.append(models.ImportRun.objects.get(pk=queued.pk).outcome), sync_topics()))
    run_worker()
    queued.refresh_from_db()
    assert seen_while_running == ["running"]
    assert (queued.outcome, queued.inserted, queued.upload) == ("succeeded", 2, None)
    assert queued.report["files"][0]["path"] == "opinion.txt" and queued.report["counts"]["inserted"] == 2
    task = DBTaskResult.objects.get()
    assert task.status == "SUCCESSFUL" and task.return_value["run"] == queued.pk


def test_a_run_is_taken_by_one_worker_only(db):
    queued = run.queue_upload("opinion.txt", PAGE)
    tasks.ingest_upload.enqueue(queued.pk)
    again = tasks.ingest_upload.enqueue(queued.pk)  # a task run twice finds the run no longer queued
    assert again.status == "FAILED" and "NotQueued" in again.errors[0].exception_class_path
    assert models.ImportRun.objects.get(pk=queued.pk).outcome == "succeeded"
    assert models.Measure.objects.count() == 2


def test_a_file_that_cannot_be_read_fails_its_run_with_the_reason(db):
    failed = tasks.enqueue_upload("scan.txt", bytes(range(256)) * 4)
    assert failed.outcome == "failed" and failed.errors[0]["file"] == "scan.txt" and failed.upload is None
    assert failed.report["files"][0]["error"]


def test_a_task_that_breaks_fails_its_run_with_the_reason_and_the_task(db, database_backend, monkeypatch):
    def broken():
        raise RuntimeError("the registry is unreachable")

    queued = tasks.enqueue_upload("opinion.txt", PAGE)
    monkeypatch.setattr(run, "sync_body_registry", broken)
    run_worker()
    queued.refresh_from_db()
    assert queued.outcome == "failed" and queued.finished_at is not None
    assert queued.errors[0]["error"] == "interrupted: RuntimeError: the registry is unreachable"
    assert DBTaskResult.objects.get().status == "FAILED"


def test_a_killed_task_leaves_its_run_failed_with_the_reason_at_the_next_run(db):
    queued = run.queue_upload("opinion.txt", PAGE)
    claim(queued.pk)  # a worker took it, holds no lock now, and its process is gone:
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    models.ImportRun.objects.filter(pk=queued.pk).update(report={"pid": ended.pid})
    later = ingest_upload("other.txt", PAGE)
    queued.refresh_from_db()
    assert queued.outcome == "failed" and queued.errors[0]["error"].startswith("interrupted")
    assert str(later["run"]) in queued.errors[0]["error"]


def upload(client, name: str = "opinion.txt"):
    return client.post(reverse("admin:tracker_importrun_upload"), {"file": SimpleUploadedFile(name, PAGE)},
                       follow=True)


def test_the_upload_page_ingests_at_once_with_the_immediate_backend(editor_client, editor):
    response = upload(editor_client)
    done = models.ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:tracker_importrun_change", args=[done.pk])
    assert (done.trigger, done.user, done.outcome) == ("upload", editor, "succeeded")
    page = response.content.decode()
    assert "Opinion.txt：新增 2、更新 0、未变 0、撤回 0 条措施。" in page and 'http-equiv="refresh"' not in page


def test_the_upload_page_shows_a_queued_run_until_the_worker_has_run_it(editor_client, database_backend):
    page = upload(editor_client).content.decode()
    assert "Opinion.txt 已排队" in page and "排队中" in page and 'http-equiv="refresh"' in page
    run_worker()
    queued = models.ImportRun.objects.get()
    page = editor_client.get(reverse("admin:tracker_importrun_change", args=[queued.pk])).content.decode()
    assert "成功" in page and 'http-equiv="refresh"' not in page and '&quot;inserted&quot;: 2' in page


def test_relinking_and_digests_can_be_left_to_a_worker(db, database_backend, capsys):
    call_command("link_measures", "--enqueue")
    call_command("send_digests", "--enqueue")
    assert capsys.readouterr().out.count(": READY") == 2
    run_worker()
    results = {task.task_path.rpartition(".")[2]: task for task in DBTaskResult.objects.all()}
    assert {name: task.status for name, task in results.items()} == {"link_measures": "SUCCESSFUL",
                                                                     "send_digests": "SUCCESSFUL"}
    assert results["link_measures"].return_value["documents"] == 0
    assert results["send_digests"].return_value["digests"] == 0


def test_the_later_documents_an_ingest_relinks_wait_for_a_worker(db, database_backend):
    """The centre's opinion loaded after a document carrying it: the ingest links the opinion, and queues the
    relinking of the later document (run_worker then links it to the opinion)."""
    later_file = REPO / "tests" / "fixtures" / "lineage-dev" / "docs" / "zhongyang-yihao-wenjian-2025.txt"
    ingest_paths([later_file])
    (file,) = ingest_paths([SEEDS / "001_a4e3b11e0f827774.txt"])["files"]
    later = models.Document.objects.get(appearances__source__name=str(later_file))
    assert file["relinking"] == [later.pk] and file["link_error"] is None
    assert not models.MeasureLink.objects.filter(from_measure__document=later).exists()
    assert DBTaskResult.objects.get().status == "READY"
    run_worker()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    assert models.MeasureLink.objects.filter(from_measure__document=later).exists()
