"""An ingest shared by worker processes (`manage.py ingest --workers N`), with the same result as one worker.

Each worker takes the next file, reads, parses and validates it (no database: this is what runs side by side),
then waits for the file's turn and writes it, in file order, each file in its own transaction under the ingest
lock as always. The order is what keeps the result that of one worker: which witness of a document came first
decides ties between readings, the document's title as first printed and the order of its items. Other ingests
(another command, an upload) still take turns with these through the ingest lock. When every file is in, the
workers link the documents the run changed, one document each at a time: a document's links depend only on the
measures then in the database, and each document writes only its own.

Workers are processes started afresh (spawn, see tracker.worker_processes), each with its own database
connection: a forked child would share the parent's, which holds the run's lock (run_owner).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from django.db import connection

from tracker import worker_processes
from tracker.ingest.reports import FileReport
from tracker.ingest.run import link_changed_documents, read_file, write_file


def ingest_in_turns(files: list[tuple[str, Callable[[], bytes]]], workers: int) -> list[FileReport]:
    """Every file's report, in file order, the documents they changed linked. `files`' readers must pickle
    (`Path.read_bytes` does)."""
    context = multiprocessing.get_context("spawn")
    condition, counter = context.Condition(), context.Value("q", 0)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=worker_processes.start,
                             initargs=(connection.settings_dict["NAME"], {"turn": condition, "next": counter})) as pool:
        # Files go to the workers in order, so the lowest file not yet written is always with a worker.
        reports = list(pool.map(ingest_in_turn, range(len(files)), files))
        link_changed_documents(reports, map_=pool.map)
    return reports


def ingest_in_turn(number: int, file: tuple[str, Callable[[], bytes]]) -> FileReport:
    """The file's report, once it is written in its turn (in a worker process)."""
    turn, next_to_write = worker_processes.shared["turn"], worker_processes.shared["next"]
    read = read_file(*file)
    with turn:
        turn.wait_for(lambda: next_to_write.value == number)
    try:
        return write_file(read)
    finally:
        with turn:
            next_to_write.value = number + 1
            turn.notify_all()

