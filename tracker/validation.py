"""Validation of parsed records before anything is written: a list of problems, each naming its record.

Pure Python. The ingest writes a source file only when this list is empty, so nothing half-valid lands.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker import vocabulary
from tracker.parsing.extract import Extraction
from tracker.parsing.records import Article, Measure, Source

STATUSES = vocabulary.values(vocabulary.STATUS)
ARTICLE_KINDS = vocabulary.values(vocabulary.ARTICLE_KIND)
ROLES = vocabulary.values(vocabulary.BODY_ROLE)
PROVENANCES = vocabulary.values(vocabulary.PROVENANCE)
TIME_FRAME_KINDS = vocabulary.values(vocabulary.TIME_FRAME_KIND)
COMPARATORS = vocabulary.values(vocabulary.COMPARATOR)


MAX_PROBLEMS_REPORTED = 20


class InvalidRecords(Exception):
    """Records failed validation; nothing of their file is written."""

    def __init__(self, problems: list[Problem]):
        shown = "; ".join(map(str, problems[:MAX_PROBLEMS_REPORTED]))
        super().__init__(f"{len(problems)} invalid records: {shown}")
        self.problems = problems


@dataclass(frozen=True)
class Problem:
    where: str  # e.g. "article 2 (关于…的意见), measure 三/（一）"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def validate(source: Source) -> list[Problem]:
    problems: list[Problem] = []
    for number, article in enumerate(source.articles, 1):
        where = f"article {number} ({article.title[:30]})"
        problems += [Problem(where, message) for message in article_problems(article, len(source.text))]
        seen: set[str] = set()
        for measure in article.measures:
            messages = measure_problems(measure, len(source.text), seen)
            problems += [Problem(f"{where}, measure {measure.path}", message) for message in messages]
            seen.add(measure.path)
    return problems


def span_problems(span: tuple[int, int], text_length: int) -> list[str]:
    start, end = span
    return [] if 0 <= start <= end <= text_length else [f"span {list(span)} is outside the text (0..{text_length})"]


def article_problems(article: Article, text_length: int) -> list[str]:
    problems = span_problems(article.span, text_length)
    if not article.title.strip():
        problems.append("no title")
    if article.kind not in ARTICLE_KINDS:
        problems.append(f"unknown article kind {article.kind!r}")
    return problems


def measure_problems(measure: Measure, text_length: int, earlier_paths: set[str]) -> list[str]:
    problems = span_problems(measure.span, text_length)
    if measure.path in earlier_paths:
        problems.append("path appears twice in the article")
    parent = measure.path.rpartition("/")[0]
    if parent and parent not in earlier_paths:
        problems.append(f"parent {parent!r} does not come before it")
    if measure.level != measure.path.count("/") + 1:
        problems.append(f"level {measure.level} does not match the path's depth")
    if not measure.text.strip():
        problems.append("empty text")
    return problems + extraction_problems(measure)


def extraction_problems(found: Measure | Extraction) -> list[str]:
    """What is wrong with the bodies, time frames, quantities and status read from an item's words: checked
    for the parser's records and for the ingest's re-extraction of a document with several witnesses alike."""
    problems = []
    if found.status not in STATUSES:
        problems.append(f"unknown status {found.status!r}")
    for body in found.bodies:
        if body.role not in ROLES or body.provenance not in PROVENANCES:
            problems.append(f"body {body.name!r}: unknown role {body.role!r} or provenance {body.provenance!r}")
    for frame in found.time_frames:
        if frame.kind not in TIME_FRAME_KINDS:
            problems.append(f"time frame {frame.expression!r}: unknown kind {frame.kind!r}")
        if frame.start and frame.end and frame.end < frame.start:
            problems.append(f"time frame {frame.expression!r} ends before it starts")
    for quantity in found.quantities:
        if quantity.comparator is not None and quantity.comparator not in COMPARATORS:
            problems.append(f"quantity {quantity.expression!r}: unknown comparator {quantity.comparator!r}")
        if not quantity.value.is_finite():
            problems.append(f"quantity {quantity.expression!r}: value is not a finite number")
    return problems
