"""The one package that writes parsed data (DESIGN.md): raw files -> parser -> validation -> database.

- One transaction per source file, under one ingest lock, so a bad file leaves the database as it was and
  two ingests at once cannot both create the same rows (PostgreSQL: an advisory lock; SQLite: its
  IMMEDIATE transactions, see settings).
- Upserts on natural keys: a source file by sha256 (a file of the same name with new bytes is a revision
  of it, updated in place), a document by its normalised title and written date (falling back to shared
  measure headings, for a page whose title is lost), a measure by (document, path).
- Witnesses: each appearance of a document records the spans of its measures; the measure's text is the
  better reading by `tracker.collation`, the others are kept as variants.
- Fields a person owns (`tracker.edits`) are never overwritten; where the parser now reads them
  differently, the parser's reading goes to `Measure.disagreements` for review.
- A measure that no witness carries any more is withdrawn (kept, with its history), not deleted.
- An upload in the admin is queued (an ImportRun `queued`, its bytes kept on it) and ingested by a worker's task
  (tracker/tasks.py), which takes the run over: `running`, then its outcome.
- Every run is an ImportRun row with inserted / updated / unchanged / failed counts and the errors; a run whose
  process was killed is marked failed, with the reason, when the next run starts (run_owner.py).

Parsed inserts are bulk writes and leave no simple-history rows; the audit trail records people's edits.

The rooms:
    run.py          a run over files: reading, parsing, validating, one transaction per file, linking, the report
    parallel.py     the same run shared by worker processes (`ingest --workers N`), written in file order
    registry.py     the body registry and the topics the parser knows; names as parsed -> bodies
    documents.py    a file's row, which document each of its articles is, and its appearances (witnesses)
    measures.py     a document's measures made to agree with one witness (collation, ownership, withdrawal)
    extractions.py  bodies, time frames and targets as rows, and what the database already holds of them
    bulk.py         COPY on PostgreSQL for the new rows
    run_owner.py    which runs are alive: a lock held by each run's process, runs nobody holds marked failed
"""

from tracker.ingest.run import (
    ingest_file,
    ingest_files,
    ingest_paths,
    ingest_queued_upload,
    ingest_upload,
    queue_upload,
)

__all__ = ["ingest_file", "ingest_files", "ingest_paths", "ingest_queued_upload", "ingest_upload", "queue_upload"]
