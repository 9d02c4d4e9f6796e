"""The one module that writes parsed data (DESIGN.md): raw files -> parser -> validation -> database.

- One transaction per source file, under one ingest lock, so a bad file leaves the database as it was and
  two ingests at once cannot both create the same rows (PostgreSQL: an advisory lock; SQLite: its
  IMMEDIATE transactions, see settings).
- Upserts on natural keys: a source file by sha256 (a file of the same name with new bytes is a revision
  of it, updated in place), a document by its normalised title and written date (falling back to shared
  measure headings, for a page whose title is lost), a measure by (document, path).
- Witnesses: each appearance of a document records the spans of its measures; the measure's text is the
  better reading by `tracker.collation`, the others are kept as variants.
- Fields a person owns (`Measure.edited_fields`) are never overwritten; where the parser now reads them
  differently, the parser's reading goes to `Measure.disagreements` for review.
- A measure that no witness carries any more is withdrawn (kept, with its history), not deleted.
- Every run is an ImportRun row with inserted / updated / unchanged / failed counts and the errors.

Parsed inserts are bulk writes and leave no simple-history rows; the audit trail records people's edits.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr
from django.utils import timezone

from tracker import models
from tracker.bulk import insert_rows
from tracker.collation import Witness, collate, comparable
from tracker.parsing import parse
from tracker.parsing.extract import DocumentContext, Extraction, document_context, extract, extraction_text
from tracker.parsing.extract.lexicon import load_lexicon
from tracker.parsing.reading import UnreadableSource
from tracker.parsing.records import Article, BodyMention, Measure, Source, to_jsonable
from tracker.parsing.spans import own_spans
from tracker.parsing.topics import TOPICS, topics_of
from tracker.search import search_tokens
from tracker.status import LATEST_FIRST, person_has_rated, propose_status
from tracker.units import normalise
from tracker.validation import validate

log = logging.getLogger(__name__)

# What a measure's extracted records come from: the parser's record, or a re-extraction (see
# MeasureWriter.document_context); both carry bodies, time_frames, quantities, status and status_rule.
Found = Measure | Extraction

# pg_advisory_xact_lock key shared by every ingest ("Luoshi" in ASCII).
INGEST_LOCK_KEY = 0x4C756F736869
# Fields of a measure a person can take over; the parser then leaves them alone.
PERSON_OWNED = ("heading", "text", "bodies", "time_frames", "targets", "status", "topics")
# A measure's fields as a witness gives them (MeasureWriter.parsed_fields), and the columns of a new measure.
PARSED_MEASURE_FIELDS = ("number_text", "level", "heading", "text", "source_id", "span_start", "span_end", "flags",
                         "needs_review")
NEW_MEASURE_COLUMNS = ("document_id", "parent_id", "path", "order", "status", "search_tokens", *PARSED_MEASURE_FIELDS)
MAX_PROBLEMS_REPORTED = 20
# Two articles whose titles share this many leading characters, of one kind, are one document when this
# share of their texts reads the same (difflib ratio, punctuation width aside).
TITLE_PREFIX_FOR_TEXT_MATCH = 6
SAME_TEXT = 0.7
MAX_TEXT_CANDIDATES = 20
TITLE_NOISE = re.compile(r"[\s《》〈〉“”\"'‘’（）()·•、，,。：:！!？?—\-]")


class WitnessText(NamedTuple):
    """A witness of a document: its file's text, and each measure's whole span and own span in it."""

    text: str
    whole: dict[str, Sequence[int]]
    own: dict[str, tuple[int, int]]


class InvalidRecords(Exception):
    """The parser's records failed validation; nothing of the file was written."""


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

    def add(self, counts: MeasureCounts) -> None:
        self.inserted += counts.inserted
        self.updated += counts.updated
        self.unchanged += counts.unchanged
        self.withdrawn += counts.withdrawn


@dataclass
class MeasureCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0


# ---------------------------------------------------------------------------------------------- entry points


def ingest_paths(paths: Iterable[str | Path], *, trigger: str = "command", user=None) -> dict:
    """Ingest files and folders (their files, sorted by name); the report described in DESIGN.md."""
    files = []
    for path in map(Path, paths):
        members = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        files += [(str(member), member.read_bytes) for member in members]
    return ingest_files(files, trigger=trigger, user=user)


def ingest_upload(name: str, data: bytes, *, user=None) -> dict:
    """Ingest one uploaded file (the admin's upload form)."""
    return ingest_files([(name, lambda: data)], trigger="upload", user=user)


def ingest_files(files: list[tuple[str, Callable[[], bytes]]], *, trigger: str, user=None) -> dict:
    run = models.ImportRun.objects.create(trigger=trigger, user=user, paths=[name for name, _ in files])
    sync_body_registry()
    sync_topics()
    reports = [ingest_file(name, read) for name, read in files]
    return finish_run(run, reports)


def ingest_file(name: str, read: Callable[[], bytes]) -> FileReport:
    report = FileReport(path=name)
    try:
        data = read()
        report.sha256 = hashlib.sha256(data).hexdigest()
        source = parse(data, file=name)
        report.encoding = source.encoding
        problems = validate(source)
        if problems:
            shown = "; ".join(map(str, problems[:MAX_PROBLEMS_REPORTED]))
            raise InvalidRecords(f"{len(problems)} invalid records: {shown}")
        with transaction.atomic():
            take_ingest_lock()
            SourceWriter(name, data, source, report).write()
    except (OSError, UnreadableSource, InvalidRecords) as error:
        fail(report, str(error))
    except Exception as error:  # a file that breaks mid-way must not stop the others; its transaction rolled back
        log.exception("ingest of %s failed", name)
        fail(report, f"{type(error).__name__}: {error}")
    return report


def fail(report: FileReport, message: str) -> None:
    report.outcome = "failed"
    report.error = message
    report.inserted = report.updated = report.unchanged = report.withdrawn = 0
    report.documents = []


def take_ingest_lock() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [INGEST_LOCK_KEY])


def finish_run(run: models.ImportRun, reports: list[FileReport]) -> dict:
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
        "files": [vars(r) for r in reports],
        "counts": {"inserted": run.inserted, "updated": run.updated, "unchanged": run.unchanged,
                   "failed": run.failed, "withdrawn": sum(r.withdrawn for r in reports)},
        "totals": database_totals(),
    }
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


# ------------------------------------------------------------------------------------------- body registry


def sync_body_registry() -> int:
    """Add the lexicon's bodies that the registry lacks; bodies already there are people's to edit."""
    entries = load_lexicon().entries
    known = set(models.Body.objects.values_list("name", flat=True))
    missing = [entry for entry in entries if entry.canonical not in known]
    if not missing:
        return 0
    with transaction.atomic():
        models.Body.objects.bulk_create(
            [
                models.Body(name=e.canonical, english_name=e.english, aliases=list(e.aliases), level=e.level,
                            kind=e.kind)
                for e in missing
            ],
            ignore_conflicts=True,  # a concurrent ingest may have added them a moment ago
        )
        ids = dict(models.Body.objects.values_list("name", "pk"))
        links = []
        for entry in missing:
            successor = entry.succeeded_by[-1] if entry.succeeded_by else None
            links.append(models.Body(pk=ids[entry.canonical], parent_id=ids.get(entry.parent),
                                     successor_id=ids.get(successor.canonical) if successor else None,
                                     succeeded_on=successor.date if successor else None))
        models.Body.objects.bulk_update(links, ["parent", "successor", "succeeded_on"])
    return len(missing)


def sync_topics() -> None:
    """Add the parser's topics that the registry lacks (people may add their own beside them)."""
    known = set(models.Topic.objects.values_list("name", flat=True))
    missing = [models.Topic(name=topic.name, english_name=topic.english) for topic in TOPICS if topic.name not in known]
    if missing:
        models.Topic.objects.bulk_create(missing, ignore_conflicts=True)  # another ingest may add them too


class BodyResolver:
    """Names as parsed -> registry bodies, through canonical names and aliases; unknown names are added
    to the registry flagged for review, never dropped."""

    def __init__(self):
        self.ids: dict[str, int] = {}
        names = {}
        for pk, name, aliases in models.Body.objects.order_by().values_list("pk", "name", "aliases"):
            names[name] = pk
            for alias in aliases or ():
                self.ids.setdefault(alias, pk)
        self.ids.update(names)  # a canonical name wins over another body's alias

    def resolve(self, mention: BodyMention) -> int:
        for name in (mention.canonical, mention.name):
            if name and name in self.ids:
                return self.ids[name]
        body, _ = models.Body.objects.get_or_create(
            name=mention.name, defaults={"needs_review": True, "level": mention.level or "unknown"}
        )
        self.ids[mention.name] = body.pk
        return body.pk


# ------------------------------------------------------------------------------------------- source files


def title_key(title: str) -> str:
    return TITLE_NOISE.sub("", title)[:150]


class SourceWriter:
    """Writes one parsed source file, inside the caller's transaction."""

    def __init__(self, name: str, data: bytes, source: Source, report: FileReport):
        self.name, self.data, self.source, self.report = name, data, source, report
        self.bodies = BodyResolver()
        self.topic_ids = dict(models.Topic.objects.values_list("name", "pk"))

    def write(self) -> None:
        row, created = self.upsert_source_file()
        before = set() if created else set(row.appearances.values_list("document_id", flat=True))
        seen: set[int] = set()
        for article in self.source.articles:
            document, new_document = self.resolve_document(article)
            seen.add(document.pk)
            self.report.documents.append(document.title)
            self.upsert_appearance(document, row, article, first=new_document or created)
            writer = MeasureWriter(document, article, row, self.bodies, self.topic_ids, new_document=new_document)
            self.report.add(writer.write())
        for document_id in before - seen:  # a revised file no longer carries these documents
            row.appearances.filter(document_id=document_id).delete()
            self.report.add(MeasureCounts(withdrawn=withdraw_unwitnessed(document_id)))
        changed = created or self.report.inserted or self.report.updated or self.report.withdrawn
        self.report.outcome = "inserted" if created else "updated" if changed else "unchanged"

    def upsert_source_file(self) -> tuple[models.SourceFile, bool]:
        sha = self.report.sha256
        known = list(models.SourceFile.objects.filter(Q(sha256=sha) | Q(name=self.name)).order_by("pk"))
        same = [row for row in known if row.sha256 == sha]
        if same:
            return same[0], False
        fields = {"sha256": sha, "content": self.data, "encoding": self.source.encoding, "size": len(self.data),
                  "text": self.source.text}
        if known:  # a new version of a file we know: update in place, its measures follow
            revised = known[0]
            for key, value in fields.items():
                setattr(revised, key, value)
            revised.save()
            return revised, False
        return models.SourceFile.objects.create(name=self.name, **fields), True

    def resolve_document(self, article: Article) -> tuple[models.Document, bool]:
        """The article's document, and whether it was created just now."""
        key = title_key(article.title)
        for candidate in models.Document.objects.filter(identity__startswith=f"{key}|"):
            if compatible_dates(candidate.date_written, article.date_written):
                return self.refresh_document(candidate, article), False
        same = self.document_sharing_headings(article) or self.document_sharing_text(article, key)
        if same:
            return self.refresh_document(same, article), False
        document = models.Document.objects.create(identity=identity(key, article.date_written), title=article.title,
                                                  **document_fields(article))
        document.issuers.add(*self.issuer_ids(article))
        return document, True

    def document_sharing_headings(self, article: Article) -> models.Document | None:
        """A witness whose title is printed shorter (a jump head, a headline) is the document whose title
        holds its own and most of whose headings it shares. Headings alone are not enough: two provinces'
        plans may share every heading of the central one and still be different documents."""
        headings = [m.heading for m in article.measures if m.heading][:8]
        if len(headings) < 3:
            return None
        candidates = (
            models.Measure.objects.annotate(heading_key=Substr("heading", 1, models.HEADING_KEY_LENGTH))
            .filter(heading_key__in=[h[: models.HEADING_KEY_LENGTH] for h in headings])
            .values("document", "document__title", "document__kind")
            # Whole headings are compared in the count, not the WHERE: there PostgreSQL would rather take the
            # trigram index for the equality, thirty times slower than the prefix index.
            .annotate(shared=Count("pk", filter=Q(heading__in=headings))).order_by("-shared")[:5]
        )
        key = title_key(article.title)
        for candidate in candidates:
            resembles = titles_resemble(key, title_key(candidate["document__title"]))
            same_kind = candidate["document__kind"] == article.kind
            if resembles and same_kind and candidate["shared"] * 2 > len(headings):
                return models.Document.objects.get(pk=candidate["document"])
        return None

    def document_sharing_text(self, article: Article, key: str) -> models.Document | None:
        """A news item printed under another headline (外交部发言人表示 / 中美高层战略对话及时有益) is the
        document whose title starts the same way, of the same kind, whose text reads mostly the same. Only
        for articles without numbered items: documents with items are matched by their headings, and two
        editions of a plan (第1批, 第2批) may read mostly the same and still be two documents."""
        if article.measures:
            return None
        text = comparable(self.source.text[slice(*article.span)])
        candidates = models.Document.objects.filter(
            identity__startswith=key[:TITLE_PREFIX_FOR_TEXT_MATCH], kind=article.kind
        ).prefetch_related(Prefetch("appearances", models.Appearance.objects.select_related("source")
                                    .defer("source__content")))[:MAX_TEXT_CANDIDATES]
        for candidate in candidates:
            if not compatible_dates(candidate.date_written, article.date_written):
                continue
            for appearance in candidate.appearances.all():
                witness = comparable(appearance.source.text[appearance.span_start:appearance.span_end])
                matcher = difflib.SequenceMatcher(None, text, witness, autojunk=False)
                if matcher.real_quick_ratio() >= SAME_TEXT and matcher.quick_ratio() >= SAME_TEXT \
                        and matcher.ratio() >= SAME_TEXT:
                    return candidate
        return None

    def refresh_document(self, document: models.Document, article: Article) -> models.Document:
        """Fill what this witness knows and the document lacks (a date, a number); never overwrite."""
        changed = False
        for name, value in document_fields(article).items():
            if value and not getattr(document, name):
                setattr(document, name, value)
                changed = True
        if changed:
            document.identity = identity(title_key(document.title), document.date_written)
            document.save()
        if not document.issuers.exists():
            document.issuers.set(self.issuer_ids(article))
        return document

    def issuer_ids(self, article: Article) -> list[int]:
        mentions = [BodyMention(name, "addressee", "explicit", article.title) for name in article.issuers]
        return [self.bodies.resolve(m) for m in mentions]

    def upsert_appearance(self, document: models.Document, row: models.SourceFile, article: Article,
                          first: bool) -> None:
        """`first`: the document or the file is new, so the file cannot yet be a witness of the document."""
        spans = {m.path: list(m.span) for m in article.measures}  # MeasureWriter reads witnesses through these
        appearance = None if first else models.Appearance.objects.filter(document=document, source=row).first()
        fields = {"span_start": article.span[0], "span_end": article.span[1], "title_as_printed": article.title,
                  "spans": spans}
        if appearance is None:
            models.Appearance.objects.create(document=document, source=row, **fields)
        elif any(getattr(appearance, k) != v for k, v in fields.items()):
            models.Appearance.objects.filter(pk=appearance.pk).update(**fields)


def titles_resemble(a: str, b: str) -> bool:
    """One title holds the other (a shortened headline, a jump head). Near-equal is not enough:
    第1批 and 第2批 differ by one character and are different documents."""
    return a in b or b in a


def compatible_dates(known: datetime.date | None, new: datetime.date | None) -> bool:
    return known is None or new is None or known == new


def identity(key: str, date_written: datetime.date | None) -> str:
    return f"{key}|{date_written.isoformat() if date_written else '?'}"


def document_fields(article: Article) -> dict:
    return {
        "kind": article.kind,
        "doc_type": article.doc_type or "",
        "document_number": article.document_number or "",
        "date_written": article.date_written,
        "date_published": article.date_published,
    }


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


# ----------------------------------------------------------------------------------------------- measures


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
        models.Measure.objects.bulk_update(stale, ["order"])

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

    def extraction(self, witness: WitnessText, path: str, record: Measure | None):
        """Bodies, time frames, quantities and status of a measure in its chosen witness (see document_context);
        with a single witness, the parser's own record already holds them."""
        if not self.context:
            return record
        return extract(extraction_text(witness.text, witness.whole[path], witness.own[path]), self.context)

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
            changed_extraction = self.apply_extraction(measure, found, recorded.extracted, disagreements)
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
            if name in PERSON_OWNED and name in measure.edited_fields:
                note_disagreement(disagreements, name, getattr(measure, name), value)
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
        if "status" in measure.edited_fields or person_has_rated(history):
            note_disagreement(disagreements, "status", measure.status, found.status)
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
        if "topics" in measure.edited_fields:
            note_disagreement(disagreements, "topics", sorted(have), sorted(wanted))
            return False
        if have == wanted:
            return False
        measure.topics.set(wanted)
        return True

    # -- bodies, time frames, targets

    def apply_extraction(self, measure: models.Measure, found: Found, recorded: dict[str, dict[int, set[tuple]]],
                         disagreements: dict) -> bool:
        changed = False
        for name, writer in EXTRACTIONS.items():
            wanted = writer.rows(self, found)
            have = recorded[name][measure.pk]
            if name in measure.edited_fields:
                note_disagreement(disagreements, name, sorted(have), sorted(wanted))
            elif have != wanted:
                writer.parsed(measure).delete()
                writer.insert((measure.pk, row) for row in wanted)
                changed = True
        return changed

    def write_extractions(self, created: list[tuple[int, Found]]) -> None:
        """The bodies, time frames and targets of new measures (by id)."""
        for writer in EXTRACTIONS.values():
            writer.insert((pk, row) for pk, found in created for row in writer.rows(self, found))


@dataclass(frozen=True)
class RecordedState:
    """What the database holds about a document's measures besides their own fields, read in a fixed number
    of queries: a re-ingest compares each measure against it instead of asking the database per measure."""

    extracted: dict[str, dict[int, set[tuple]]]  # EXTRACTIONS name -> measure id -> parsed rows
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
        return cls(
            extracted={name: table.current(document) for name, table in EXTRACTIONS.items()},
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


def note_disagreement(disagreements: dict, name: str, current, parsed) -> None:
    if current == parsed:
        disagreements.pop(name, None)
    else:
        disagreements[name] = to_jsonable(parsed)


@dataclass(frozen=True)
class ExtractionTable:
    """How one kind of extracted record is compared and written: as hashable tuples of its fields."""

    model: type
    fields: tuple[str, ...]
    rows: Callable  # (MeasureWriter, Found) -> set of tuples in `fields` order

    def parsed(self, measure):
        return self.model.objects.filter(measure=measure).exclude(provenance="manual")

    def current(self, document) -> dict[int, set[tuple]]:
        """The parsed rows of each of the document's measures (measure id -> rows)."""
        return rows_by_measure(self.model.objects.filter(measure__document=document).exclude(provenance="manual")
                               .values_list("measure_id", *self.fields))

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
    return {(f.expression, f.kind, f.start, f.end, f.anchor or "") for f in found.time_frames}


def target_rows(writer: MeasureWriter, found: Found) -> set[tuple]:
    rows = set()
    for q in found.quantities:
        normalised_value, normalised_unit = normalise(q.value, q.unit)
        rows.add((q.expression, q.indicator or "", q.comparator or "", q.value, q.upper, q.unit, normalised_value,
                  normalised_unit))
    return rows


EXTRACTIONS = {
    "bodies": ExtractionTable(models.Responsibility,
                              ("body_id", "role", "provenance", "evidence", "rule", "name_as_written"),
                              responsibility_rows),
    "time_frames": ExtractionTable(models.TimeFrame, ("expression", "kind", "start", "end", "anchor"),
                                   time_frame_rows),
    "targets": ExtractionTable(models.Target,
                               ("expression", "indicator", "comparator", "value", "upper_value", "unit",
                                "normalised_value", "normalised_unit"),
                               target_rows),
}
