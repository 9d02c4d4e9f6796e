"""Bodies, time frames and targets as the ingest writes and compares them, and what the database already holds
of a document's measures (read in a fixed number of queries, whatever the number of measures)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker import models
from tracker.choices import Provenance
from tracker.ingest.bulk import insert_rows
from tracker.parsing.extract import Extraction
from tracker.parsing.records import Measure
from tracker.status import LATEST_FIRST
from tracker.units import normalise

if TYPE_CHECKING:
    from tracker.ingest.measures import MeasureWriter

# What a measure's extracted records come from: the parser's record, or a re-extraction (see
# MeasureWriter.document_context); both carry bodies, time_frames, quantities, status and status_rule.
Found = Measure | Extraction


@dataclass(frozen=True)
class ExtractionTable:
    """How one kind of extracted record is written and compared: as hashable tuples of its fields.

    `reading` names the fields that say what the record means (not where it came from): a person's rows are
    compared with the parser's on these. `shown_as` gives the parser's reading as a person reads it (a body's
    name, not its id), for the disagreement beside a person's rows."""

    model: type
    fields: tuple[str, ...]
    reading: tuple[str, ...]
    shown_as: dict[str, str]  # field of the reading -> field shown instead
    rows: Callable  # (MeasureWriter, Found) -> set of tuples in `fields` order

    def reading_of(self, row: tuple) -> tuple:
        return tuple(row[self.fields.index(name)] for name in self.reading)

    def shown(self, row: tuple) -> dict:
        shown = {}
        for name in self.reading:
            value_from = self.shown_as.get(name, name)
            shown[name.removesuffix("_id")] = row[self.fields.index(value_from)]
        return shown

    def parsed(self, measure):
        return self.model.objects.filter(measure=measure).exclude(provenance=Provenance.MANUAL)

    def current(self, document) -> tuple[dict[int, set[tuple]], dict[int, set[tuple]]]:
        """For each of the document's measures (by id): its parsed rows, and the readings of all its rows, a
        person's included."""
        columns = self.fields if "provenance" in self.fields else (*self.fields, "provenance")
        provenance_at = columns.index("provenance")
        parsed: dict[int, set[tuple]] = defaultdict(set)
        readings: dict[int, set[tuple]] = defaultdict(set)
        for measure_id, *values in self.model.objects.filter(measure__document=document).values_list(
                "measure_id", *columns):
            row = tuple(values[:len(self.fields)])
            readings[measure_id].add(self.reading_of(row))
            if values[provenance_at] != Provenance.MANUAL:
                parsed[measure_id].add(row)
        return parsed, readings

    def insert(self, rows: Iterable[tuple[int, tuple]]) -> None:
        """(measure id, row in `fields` order) pairs."""
        insert_rows(self.model, ("measure_id", *self.fields), ((pk, *row) for pk, row in rows))


def responsibility_rows(writer: MeasureWriter, found: Found) -> set[tuple]:
    rows = {}
    for mention in found.bodies:
        key = (writer.bodies.resolve(mention), mention.role)
        rows.setdefault(key, (*key, mention.provenance, mention.evidence, mention.rule or "", mention.name))
    return set(rows.values())


def time_frame_rows(writer: MeasureWriter, found: Found) -> set[tuple]:
    return {(f.expression, f.kind, f.start, f.end, f.anchor or "", f.period or "", f.due, f.needs_review)
            for f in found.time_frames}


def target_rows(writer: MeasureWriter, found: Found) -> set[tuple]:
    rows = set()
    for q in found.quantities:
        normalised_value, normalised_unit = normalise(q.value, q.unit)
        rows.add((q.expression, q.indicator or "", q.comparator or "", q.value, q.upper, q.unit, normalised_value,
                  normalised_unit))
    return rows


EXTRACTIONS = {
    "bodies": ExtractionTable(
        models.Responsibility, ("body_id", "role", "provenance", "evidence", "rule", "name_as_written"),
        reading=("body_id", "role"), shown_as={"body_id": "name_as_written"}, rows=responsibility_rows,
    ),
    "time_frames": ExtractionTable(
        models.TimeFrame, ("expression", "kind", "start", "end", "anchor", "period", "due", "needs_review"),
        reading=("expression", "kind", "start", "end"), shown_as={}, rows=time_frame_rows,
    ),
    "targets": ExtractionTable(
        models.Target,
        ("expression", "indicator", "comparator", "value", "upper_value", "unit", "normalised_value",
         "normalised_unit"),
        reading=("expression", "comparator", "value", "upper_value", "unit"), shown_as={}, rows=target_rows,
    ),
}


@dataclass(frozen=True)
class RecordedState:
    """What the database holds about a document's measures besides their own fields, read in a fixed number
    of queries: a re-ingest compares each measure against it instead of asking the database per measure."""

    extracted: dict[str, dict[int, set[tuple]]]  # EXTRACTIONS name -> measure id -> parsed rows
    readings: dict[str, dict[int, set[tuple]]]  # EXTRACTIONS name -> measure id -> readings of all its rows
    topics: dict[int, set[int]]
    variants: dict[int, set[tuple]]  # (other source, position, chosen reading, other reading, reason)
    status_history: dict[int, list[models.StatusUpdate]]  # latest first

    @classmethod
    def of(cls, document: models.Document) -> RecordedState:
        of_document = {"measure__document": document}
        topics = rows_by_measure(models.Measure.topics.through.objects.filter(**of_document)
                                 .values_list("measure_id", "topic_id"))
        history: dict[int, list[models.StatusUpdate]] = defaultdict(list)
        for entry in models.StatusUpdate.objects.filter(**of_document).order_by(*LATEST_FIRST):
            history[entry.measure_id].append(entry)
        current = {name: table.current(document) for name, table in EXTRACTIONS.items()}
        return cls(
            extracted={name: parsed for name, (parsed, _readings) in current.items()},
            readings={name: readings for name, (_parsed, readings) in current.items()},
            topics=defaultdict(set, {pk: {topic for (topic,) in rows} for pk, rows in topics.items()}),
            variants=rows_by_measure(models.Variant.objects.filter(**of_document).values_list(
                "measure_id", "other_source", "position", "chosen_reading", "other_reading", "reason")),
            status_history=history,
        )


def rows_by_measure(rows: Iterable[tuple]) -> dict[int, set[tuple]]:
    """(measure id, *values) rows grouped by measure; a measure without rows has the empty set."""
    grouped: dict[int, set[tuple]] = defaultdict(set)
    for measure_id, *values in rows:
        grouped[measure_id].add(tuple(values))
    return grouped
