"""What an ingest tells about each file and each document's measures."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class MeasureCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0


@dataclass
class FileReport:
    path: str
    sha256: str | None = None
    encoding: str | None = None
    outcome: str = "unchanged"  # inserted | updated | unchanged | failed
    documents: list[str] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    error: str | None = None
    changed_documents: list[int] = field(default_factory=list)  # ids of documents new or changed by this file
    links: dict | None = None  # what linking the changed documents did (tracker.lineage), after the transaction
    link_error: str | None = None  # linking failed: the file's data stands, its links wait for link_measures
    relinking: list[int] = field(default_factory=list)  # later documents whose relinking the run queued, on its
    # first changed file's report (their counts are in `links` once done: at once with the immediate backend)

    def add(self, counts: MeasureCounts) -> None:
        self.inserted += counts.inserted
        self.updated += counts.updated
        self.unchanged += counts.unchanged
        self.withdrawn += counts.withdrawn

    def fail(self, message: str) -> None:
        """The file's transaction rolled back: it counts for nothing but its error."""
        self.outcome = "failed"
        self.error = message
        self.inserted = self.updated = self.unchanged = self.withdrawn = 0
        self.documents = []
        self.changed_documents = []
