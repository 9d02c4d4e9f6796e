"""A document's measures made to agree with one witness (an article of a source file): new measures inserted
level by level, existing ones updated where no person owns the field (`tracker.edits`), the better reading of
several witnesses chosen (`tracker.collation`) with the others kept as variants, and items no witness carries
any more withdrawn."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from django.utils import timezone

from tracker import edits, models
from tracker.collation import Witness, collate
from tracker.ingest.bulk import insert_rows
from tracker.ingest.extractions import EXTRACTIONS, Found, RecordedState
from tracker.ingest.registry import BodyResolver
from tracker.ingest.reports import MeasureCounts
from tracker.parsing.extract import DocumentContext, document_context, extract, extraction_text
from tracker.parsing.records import Article, Measure
from tracker.parsing.spans import own_spans
from tracker.parsing.topics import topics_of
from tracker.search import search_tokens
from tracker.status import propose_status
from tracker.validation import InvalidRecords, Problem, extraction_problems

# A measure's fields as a witness gives them (MeasureWriter.parsed_fields), and the columns of a new measure.
PARSED_MEASURE_FIELDS = ("number_text", "level", "heading", "text", "source_id", "span_start", "span_end", "flags",
                         "needs_review")
NEW_MEASURE_COLUMNS = ("document_id", "parent_id", "path", "order", "status", "search_tokens", *PARSED_MEASURE_FIELDS)


class WitnessText(NamedTuple):
    """A witness of a document: its file's text, and each measure's whole span and own span in it."""

    text: str
    whole: dict[str, Sequence[int]]
    own: dict[str, tuple[int, int]]


def withdraw_unwitnessed(document_id: int) -> int:
    """Withdraw the document's measures that no appearance carries; bring back those carried again."""
    carried = set()
    for spans in models.Appearance.objects.filter(document_id=document_id).values_list("spans", flat=True):
        carried.update(spans)
    measures = models.Measure.objects.filter(document_id=document_id)
    withdrawn = dict(measures.values_list("path", "withdrawn_at"))
    returning = [path for path in carried if withdrawn.get(path)]
    leaving = [path for path, when in withdrawn.items() if path not in carried and when is None]
    if returning:
        measures.filter(path__in=returning).update(withdrawn_at=None)
    if leaving:
        measures.filter(path__in=leaving).update(withdrawn_at=timezone.now())
    return len(leaving)


class MeasureWriter:
    """Makes a document's measures agree with one witness (an article of a source file)."""

    def __init__(self, document, article: Article, row: models.SourceFile, bodies: BodyResolver,
                 topic_ids: dict[str, int], *, new_document: bool):
        self.document, self.article, self.row, self.bodies = document, article, row, bodies
        self.topic_ids = topic_ids
        self.new_document = new_document  # created for this article: no measures or other witnesses yet
        self.counts = MeasureCounts()
        self.spans = {m.path: list(m.span) for m in article.measures}
        self.own = own_spans(self.spans)
        self.here = WitnessText(row.text, self.spans, self.own)
        self.status_date = document.date_published or document.date_written or timezone.localdate()
        self.context = None  # set in write() when the document has other witnesses

    def write(self) -> MeasureCounts:
        existing = {} if self.new_document else {m.path: m for m in self.document.measures.all()}
        others = {} if self.new_document else self.other_witnesses()
        if others:
            self.context = self.document_context()
        recorded = RecordedState.of(self.document) if existing else None
        new, changed = [], []
        for position, record in enumerate(self.article.measures):
            measure = existing.get(record.path)
            if measure is None:
                new.append((position, record))
            elif self.update(measure, record, others, recorded):
                changed.append(measure)
            else:
                self.counts.unchanged += 1
        self.insert(new, existing)
        self.counts.updated = len(changed)
        if existing or others:  # else the measures are all new, from one witness: in order, none to withdraw
            self.reorder(others)
            self.counts.withdrawn = withdraw_unwitnessed(self.document.pk)
        return self.counts

    def reorder(self, others: dict[int, WitnessText]) -> None:
        """Document order follows the witness that carries the most items; an item only another witness
        carries comes right after the item before it there (a page with parts 三–八 arriving first must not
        leave 一 and 二 at the end)."""
        witnesses = sorted([self.spans, *(other.whole for other in others.values())], key=len, reverse=True)
        rank: dict[str, tuple[int, int]] = {}  # (position of the spine item it follows, arrival)
        for number, spans in enumerate(witnesses):
            anchor = -1
            for path in sorted(spans, key=lambda p: spans[p][0]):
                if path in rank:
                    anchor = rank[path][0]
                else:
                    rank[path] = (len(rank), 0) if number == 0 else (anchor, len(rank))
        order = {path: position for position, path in enumerate(sorted(rank, key=rank.__getitem__))}
        stale = [models.Measure(pk=pk, order=order[path])
                 for pk, path, current in self.document.measures.values_list("pk", "path", "order")
                 if path in order and order[path] != current]
        models.Measure.objects.bulk_update(stale, ["order"], batch_size=models.WRITE_BATCH_SIZE)

    def other_witnesses(self) -> dict[int, WitnessText]:
        """source id -> its text and the measures' spans in it, for the document's other appearances."""
        return {a.source_id: WitnessText(a.source.text, a.spans, own_spans(a.spans)) for a in self.other_appearances()}

    def other_appearances(self):
        """The document's appearances in other files, with their files' text (not their raw bytes)."""
        return self.document.appearances.exclude(source=self.row).select_related("source").defer("source__content")

    def document_context(self) -> DocumentContext:
        """What extraction resolves against (dates, periods such as 过渡期) is the document's, not one
        witness's: a newspaper page carrying parts 三–八 lacks the part that defines the period. So with
        several witnesses, extraction runs on the fullest article text with the document's dates."""
        texts = [self.row.text[slice(*self.article.span)]]
        for appearance in self.other_appearances():
            texts.append(appearance.source.text[appearance.span_start:appearance.span_end])
        fullest = max(texts, key=len)
        return document_context(fullest, self.document.date_written, self.document.date_published)

    def extraction(self, witness: WitnessText, path: str, record: Measure | None) -> Found:
        """Bodies, time frames, quantities and status of a measure in its chosen witness (see document_context);
        with a single witness, the parser's own record already holds them. A re-extraction is validated as the
        parser's records are: an invalid one fails the file, whose transaction then leaves nothing written."""
        if not self.context:
            return record
        found = extract(extraction_text(witness.text, witness.whole[path], witness.own[path]), self.context)
        problems = extraction_problems(found)
        if problems:
            raise InvalidRecords([Problem(f"{self.document.title[:30]}, measure {path}", p) for p in problems])
        return found

    # -- inserting

    def insert(self, new: list[tuple[int, Measure]], existing: dict[str, models.Measure]) -> None:
        """Insert new measures level by level, so each level's parents already have ids."""
        ids = {path: m.pk for path, m in existing.items()}
        order_base = max((m.order for m in existing.values()), default=-1) + 1 if existing else 0
        found = {record.path: self.extraction(self.here, record.path, record) for _, record in new}
        words = self.search_words()
        for level in sorted({record.level for _, record in new}):
            batch = [(position, record) for position, record in new if record.level == level]
            rows = [self.new_row(position + order_base, record, ids, found[record.path].status, words[record.path])
                    for position, record in batch]
            created_ids = insert_rows(models.Measure, NEW_MEASURE_COLUMNS, rows, returning_ids=True)
            ids.update(zip((record.path for _, record in batch), created_ids, strict=True))
        created = [(ids[record.path], record, found[record.path]) for _, record in new]
        self.write_extractions([(pk, extracted) for pk, _, extracted in created])
        insert_rows(models.Measure.topics.through, ("measure_id", "topic_id"),
                    ((pk, topic_id) for pk, record, _ in created
                     for topic_id in self.topic_ids_of(record.heading or "", self.own_text(record.path))))
        insert_rows(models.StatusUpdate, ("measure_id", "status", "effective_date", "source", "note"),
                    ((pk, extracted.status, self.status_date, "parser", extracted.status_rule or "")
                     for pk, _, extracted in created))
        self.counts.inserted = len(created)

    def new_row(self, order: int, record: Measure, ids: dict[str, int], status: str, words: str) -> tuple:
        """A row in NEW_MEASURE_COLUMNS order."""
        return (self.document.pk, ids.get(record.path.rpartition("/")[0]), record.path, order, status, words,
                *self.parsed_fields(record).values())

    def own_text(self, path: str) -> str:
        """An item's own words in this witness, without its sub-items: what extraction reads."""
        return self.row.text[slice(*self.own[path])]

    def search_words(self) -> dict[str, str]:
        """Each measure's search words. An item's text holds its sub-items', so its words are its own
        words plus theirs: each passage is segmented once (jieba is most of an ingest's time otherwise)."""
        words: dict[str, dict[str, None]] = {}
        for record in reversed(self.article.measures):  # children before their parents
            own = search_tokens(record.heading or "", self.own_text(record.path)).split()
            words.setdefault(record.path, {}).update(dict.fromkeys(own))
            parent = record.path.rpartition("/")[0]
            if parent:
                words.setdefault(parent, {}).update(words[record.path])
        return {path: " ".join(found) for path, found in words.items()}

    def parsed_fields(self, record: Measure) -> dict:
        """The measure's fields this witness gives, in PARSED_MEASURE_FIELDS order."""
        values = (record.number_text, record.level, record.heading or "", record.text, self.row.pk, record.span[0],
                  record.span[1], list(record.flags), bool(record.flags))
        return dict(zip(PARSED_MEASURE_FIELDS, values, strict=True))

    # -- updating

    def update(self, measure: models.Measure, record: Measure, others: dict[int, WitnessText],
               recorded: RecordedState) -> bool:
        """Bring one existing measure in line with this witness; True when anything was written."""
        witnesses, keys = self.witnesses_of(measure, record, others)
        collation = collate(witnesses)
        chosen_source = keys[collation.chosen]
        disagreements = dict(measure.disagreements)
        changed_fields: set[str] = set()
        chosen_here = chosen_source == self.row.pk
        if chosen_here:
            changed_fields |= self.apply_reading(measure, record, disagreements)
        chosen = self.here if chosen_here else others[chosen_source]
        found = self.extraction(chosen, measure.path, record if chosen_here else None)
        changed_extraction = changed_status = False
        if found is not None:
            changed_extraction = self.apply_extraction(measure, found, recorded, disagreements)
            changed_status = self.apply_status(measure, found, recorded.status_history[measure.pk], disagreements)
        changed_variants = self.replace_variants(measure, collation, keys, recorded.variants[measure.pk])
        changed_topics = self.apply_topics(measure, witnesses[collation.chosen].text, recorded.topics[measure.pk],
                                           disagreements)
        if disagreements != measure.disagreements:
            measure.disagreements = disagreements
            changed_fields.add("disagreements")
        if changed_fields:
            measure.save(update_fields=[*changed_fields, "updated_at"])
        return bool(changed_fields or changed_extraction or changed_variants or changed_status or changed_topics)

    def witnesses_of(self, measure, record: Measure, others) -> tuple[list[Witness], list[int]]:
        """The readings of this measure, the recorded one first (it wins ties, so re-ingests are stable).

        A reading is the item's own words, up to its first sub-item: each sub-item is collated on its own,
        so a difference is listed once, at the item that holds it, not again at every ancestor.
        """
        readings = {}
        for source_id, witness in {**others, self.row.pk: self.here}.items():
            if measure.path in witness.own:
                readings[source_id] = witness.text[slice(*witness.own[measure.path])]
        keys = sorted(readings, key=lambda source_id: source_id != measure.source_id)
        return [Witness(str(k), readings[k]) for k in keys], keys

    def apply_reading(self, measure: models.Measure, record: Measure, disagreements: dict) -> set[str]:
        changed = set()
        for name, value in self.parsed_fields(record).items():
            if edits.owns(measure, name):
                edits.note_disagreement(disagreements, name, getattr(measure, name), value)
            elif getattr(measure, name) != value:
                setattr(measure, name, value)
                changed.add(name)
        if changed & {"heading", "text"}:
            measure.search_tokens = search_tokens(measure.heading, measure.text)
            changed.add("search_tokens")
        return changed

    def apply_status(self, measure: models.Measure, found: Found, history: list[models.StatusUpdate],
                     disagreements: dict) -> bool:
        """The parser's proposal stands while no person has spoken about the status; after that, a
        different reading of the parser is only shown beside the person's."""
        if edits.owns(measure, "status", history):
            edits.note_disagreement(disagreements, "status", measure.status, found.status)
            return False
        return propose_status(measure, found.status, history=history, effective_date=self.status_date,
                              note=found.status_rule or "")

    def replace_variants(self, measure: models.Measure, collation, keys: list[int], have: set[tuple]) -> bool:
        wanted = {(int(v.other_witness), v.position, v.chosen, v.other, v.reason) for v in collation.variants}
        chosen_source = keys[collation.chosen]
        if wanted == have:
            return False
        measure.variants.all().delete()
        models.Variant.objects.bulk_create(
            models.Variant(measure=measure, chosen_source_id=chosen_source, other_source_id=source, position=pos,
                           chosen_reading=chosen, other_reading=other, reason=reason)
            for source, pos, chosen, other, reason in wanted
        )
        return True

    # -- topics

    def topic_ids_of(self, heading: str, own_text: str) -> set[int]:
        return {self.topic_ids[name] for name in topics_of(heading, own_text) if name in self.topic_ids}

    def apply_topics(self, measure: models.Measure, own_text: str, have: set[int], disagreements: dict) -> bool:
        wanted = self.topic_ids_of(measure.heading, own_text)
        if edits.owns(measure, "topics"):
            names = {pk: name for name, pk in self.topic_ids.items()}
            edits.note_disagreement(disagreements, "topics", have, wanted, shown=sorted(names[pk] for pk in wanted))
            return False
        if have == wanted:
            return False
        measure.topics.set(wanted)
        return True

    # -- bodies, time frames, targets

    def apply_extraction(self, measure: models.Measure, found: Found, recorded: RecordedState,
                         disagreements: dict) -> bool:
        """A person's bodies, time frames or targets stay as they are, with the parser's differing reading
        beside them; the others are replaced by the parser's rows where these changed."""
        changed = False
        for name, table in EXTRACTIONS.items():
            wanted = table.rows(self, found)
            if edits.owns(measure, name):
                parsed_reading = {table.reading_of(row) for row in wanted}
                edits.note_disagreement(disagreements, name, recorded.readings[name][measure.pk], parsed_reading,
                                        shown=sorted(map(table.shown, wanted), key=str))
            elif recorded.extracted[name][measure.pk] != wanted:
                table.parsed(measure).delete()
                table.insert((measure.pk, row) for row in wanted)
                changed = True
        return changed

    def write_extractions(self, created: list[tuple[int, Found]]) -> None:
        """The bodies, time frames and targets of new measures (by id)."""
        for writer in EXTRACTIONS.values():
            writer.insert((pk, row) for pk, found in created for row in writer.rows(self, found))

