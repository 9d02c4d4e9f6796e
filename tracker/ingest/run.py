"""A run of the ingest over files: each file read, parsed, validated and written in a transaction of its own,
and the run recorded as an ImportRun with what happened to every file."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from tracker import models
from tracker.choices import ImportOutcome
from tracker.ingest.documents import SourceWriter
from tracker.ingest.registry import sync_body_registry, sync_topics
from tracker.ingest.reports import FileReport
from tracker.ingest.run_owner import fail_interrupted_runs, owned_run
from tracker.lineage.store import LinkCounts, later_documents_to_relink, link_documents
from tracker.parsing import parse
from tracker.parsing.reading import UnreadableSource
from tracker.parsing.records import Source
from tracker.validation import InvalidRecords, validate

log = logging.getLogger(__name__)

# pg_advisory_xact_lock key shared by every ingest ("Luoshi" in ASCII).
INGEST_LOCK_KEY = 0x4C756F736869
RELINK_BATCH = 20  # later documents a relinking task (queue_relinking)


def ingest_paths(paths: Iterable[str | Path], *, trigger: str = "command", user=None, workers: int = 1) -> dict:
    """Ingest files and folders (their files, sorted by name); the report described in DESIGN.md. With
    `workers` > 1 (PostgreSQL only, see usable_workers), worker processes share the files (tracker.ingest.parallel)."""
    files = []
    for path in map(Path, paths):
        members = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        files += [(str(member), member.read_bytes) for member in members]
    return ingest_files(files, trigger=trigger, user=user, workers=workers)


def ingest_upload(name: str, data: bytes, *, user=None) -> dict:
    """Ingest one uploaded file now, in this process."""
    return ingest_files([(name, lambda: data)], trigger="upload", user=user)


def queue_upload(name: str, data: bytes, *, user=None) -> models.ImportRun:
    """An import run of one uploaded file, queued with its bytes for a worker (tracker.tasks)."""
    return models.ImportRun.objects.create(trigger="upload", user=user, paths=[name], upload=data,
                                           outcome=ImportOutcome.QUEUED)


def ingest_queued_upload(run_id: int) -> dict:
    """Run a queued upload's import run (a worker's task); the report."""
    with owned_run(queued=run_id) as run:
        name, data = run.paths[0], bytes(run.upload)
        return ingest_into(run, [(name, lambda: data)])


def ingest_files(files: list[tuple[str, Callable[[], bytes]]], *, trigger: str, user=None, workers: int = 1) -> dict:
    with owned_run(trigger=trigger, user=user, paths=[name for name, _ in files]) as run:
        return ingest_into(run, files, workers)


def usable_workers(requested: int) -> int:
    """SQLite takes one writer at a time, and its in-memory test databases are not shared between processes: one
    worker there."""
    return max(1, requested) if connection.vendor == "postgresql" else 1


def ingest_into(run: models.ImportRun, files: list[tuple[str, Callable[[], bytes]]], workers: int = 1) -> dict:
    fail_interrupted_runs(noticed_by=run.pk)
    sync_body_registry()
    sync_topics()
    workers = min(usable_workers(workers), len(files))
    if workers > 1:
        from tracker.ingest.parallel import ingest_in_turns  # it builds on this module

        reports = ingest_in_turns(files, workers)
    else:
        reports = [ingest_file(name, read) for name, read in files]
        link_changed_documents(reports)
    return finish_run(run, reports, workers)


def ingest_file(name: str, read: Callable[[], bytes]) -> FileReport:
    """One file read, parsed, validated and written in its own transaction (linking is the run's, afterwards)."""
    return write_file(read_file(name, read))


@dataclass
class ReadFile:
    """A file read, parsed and validated, ready to be written; or its report says why it cannot be."""

    report: FileReport
    data: bytes = b""
    source: Source | None = None


def read_file(name: str, read: Callable[[], bytes]) -> ReadFile:
    """Everything about a file that needs no database: workers do this side by side."""
    report = FileReport(path=name)
    try:
        data = read()
        report.sha256 = hashlib.sha256(data).hexdigest()
        source = parse(data, file=name)
        report.encoding = source.encoding
        problems = validate(source)
        if problems:
            raise InvalidRecords(problems)
    except Exception as error:  # a file that breaks the parser must not stop the others
        fail(report, error, "reading")
        return ReadFile(report)
    return ReadFile(report, data, source)


def write_file(file: ReadFile) -> FileReport:
    """Write a read file in one transaction, under the ingest lock; its report."""
    report = file.report
    if file.source is None:
        return report
    try:
        with transaction.atomic():
            take_ingest_lock()
            SourceWriter(report.path, file.data, file.source, report).write()
    except Exception as error:  # a file that breaks mid-way must not stop the others; its transaction rolled back
        fail(report, error, "writing")
    return report


def fail(report: FileReport, error: Exception, doing: str) -> None:
    """The file's report says why it failed: the reason alone when it is the file's (unreadable, invalid);
    else the error's type too, and its traceback in the log."""
    if isinstance(error, (OSError, UnreadableSource, InvalidRecords)):
        report.fail(str(error))
    else:
        log.exception("%s %s failed", doing, report.path)
        report.fail(f"{type(error).__name__}: {error}")


def link_changed_documents(reports: list[FileReport], map_=map) -> None:
    """Link the documents the files brought or changed, each once, after all their transactions, then queue the
    relinking of the later documents whose links they may change (queue_relinking); a linking failure is logged
    and reported with the first file that changed the document and never takes data with it. After all of them,
    not file by file: each document is then linked against every document it is later than, whichever file came
    first, and linking documents apart (`map_`: in several workers) gives the same links."""
    first_report = {}
    for report in reports:
        for document_id in report.changed_documents:
            first_report.setdefault(document_id, report)
    link_into(first_report, map_)
    if first_report:
        run_report = next(iter(first_report.values()))
        later, error = reporting_failure("finding the later documents to relink", later_documents_to_relink,
                                         list(first_report))
        run_report.link_error = run_report.link_error or error
        queue_relinking(later or [], run_report)


def queue_relinking(document_ids: list[int], report: FileReport) -> None:
    """The later documents that share words with the run's (a document that came in after those carrying it,
    the centre's opinion after the province's 实施意见) are relinked as background tasks, RELINK_BATCH a task, so
    that several task workers share them: there may be thousands (docs/benchmarks.md, Lineage). With the
    immediate backend they run now, and their counts (or failure) go in the report, with the run's first file
    that changed a document."""
    from tracker import tasks  # the tasks build on the ingest

    report.relinking = document_ids
    for start in range(0, len(document_ids), RELINK_BATCH):
        result = tasks.link_measures.enqueue(document_ids[start:start + RELINK_BATCH])
        if result.status == TaskResultStatus.SUCCESSFUL:
            add_link_counts(report, result.return_value)
        elif result.status == TaskResultStatus.FAILED:
            report.link_error = report.link_error or result.errors[0].exception_class_path


def link_into(reports_of: dict[int, FileReport], map_) -> None:
    """Link each document, its counts added to (or its failure put in) the report it maps to."""
    for report, (links, error) in zip(reports_of.values(), map_(link_document, list(reports_of)), strict=True):
        if error:
            report.link_error = report.link_error or error
        else:
            add_link_counts(report, links)


def add_link_counts(report: FileReport, links: dict) -> None:
    total = LinkCounts(**report.links) if report.links else LinkCounts()
    total.add(LinkCounts(**links))
    report.links = asdict(total)


def link_document(document_id: int) -> tuple[dict | None, str | None]:
    """Link one document: its counts, or why it failed (the data is committed; `manage.py link_measures` can
    link it later)."""
    counts, error = reporting_failure(f"linking document {document_id}", link_documents, [document_id])
    return (asdict(counts) if counts else None), error


def reporting_failure(doing: str, call: Callable, *args):
    """The call's result and no error, or None and why it failed (logged with its traceback)."""
    try:
        return call(*args), None
    except Exception as error:
        log.exception("%s failed", doing)
        return None, f"{type(error).__name__}: {error}"


def take_ingest_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INGEST_LOCK_KEY])


def finish_run(run: models.ImportRun, reports: list[FileReport], workers: int = 1) -> dict:
    failed = [r for r in reports if r.outcome == "failed"]
    run.outcome = "failed" if failed and len(failed) == len(reports) else "partial" if failed else "succeeded"
    run.finished_at = timezone.now()
    run.inserted = sum(r.inserted for r in reports)
    run.updated = sum(r.updated for r in reports)
    run.unchanged = sum(r.unchanged for r in reports)
    run.failed = len(failed)
    run.errors = [{"file": r.path, "error": r.error} for r in failed]
    run.report = {
        "run": run.pk,
        "outcome": run.outcome,
        "workers": workers,
        "files": [vars(r) for r in reports],
        "counts": {"inserted": run.inserted, "updated": run.updated, "unchanged": run.unchanged,
                   "failed": run.failed, "withdrawn": sum(r.withdrawn for r in reports)},
        "totals": database_totals(),
    }
    run.upload = None  # the source file keeps the bytes now (or the report says why it could not)
    run.save()
    return run.report


def database_totals() -> dict:
    return {
        "documents": models.Document.objects.count(),
        "measures": models.Measure.objects.filter(withdrawn_at__isnull=True).count(),
        "withdrawn_measures": models.Measure.objects.filter(withdrawn_at__isnull=False).count(),
        "appearances": models.Appearance.objects.count(),
        "variants": models.Variant.objects.count(),
        "bodies": models.Body.objects.count(),
    }
