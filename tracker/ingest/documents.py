"""A source file's row, the document each of its articles is, and the appearances (witnesses) that join them.

A document is found by its normalised title and written date; failing that, by the headings it shares with
a known document (a page whose title is lost or printed shorter), or, for an article without numbered
items, by text that reads mostly the same under a title that starts the same way.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections import Counter

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Substr

from tracker import models, summary
from tracker.collation import comparable
from tracker.ingest.measures import MeasureWriter, withdraw_unwitnessed
from tracker.ingest.registry import BodyResolver
from tracker.ingest.reports import FileReport, MeasureCounts
from tracker.lineage import word_counts
from tracker.parsing.records import Article, BodyMention, Source

# Two articles whose titles share this many leading characters, of one kind, are one document when this
# share of their texts reads the same (difflib ratio, punctuation width aside).
TITLE_PREFIX_FOR_TEXT_MATCH = 6
SAME_TEXT = 0.7
MAX_TEXT_CANDIDATES = 20
TITLE_NOISE = re.compile(r"[\s《》〈〉“”\"'‘’（）()·•、，,。：:！!？?—\-]")


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
        words = Counter()  # the file's change of the words' counts (tracker.lineage.word_counts)
        for article in self.source.articles:
            document, new_document = self.resolve_document(article)
            seen.add(document.pk)
            self.report.documents.append(document.title)
            self.upsert_appearance(document, row, article, first=new_document or created)
            writer = MeasureWriter(document, article, row, self.bodies, self.topic_ids, new_document=new_document)
            with word_counts.following(document.measures.all(), into=words):
                counts = writer.write()
            self.report.add(counts)
            if new_document or counts.inserted or counts.updated or counts.withdrawn:
                self.report.changed_documents.append(document.pk)
        for document_id in before - seen:  # a revised file no longer carries these documents
            row.appearances.filter(document_id=document_id).delete()
            with word_counts.following(models.Measure.objects.filter(document_id=document_id), into=words):
                self.report.add(MeasureCounts(withdrawn=withdraw_unwitnessed(document_id)))
        changed = created or self.report.inserted or self.report.updated or self.report.withdrawn
        word_counts.add(words)  # nothing to write (and no lock) when no word changed
        if changed:
            summary.refresh_documents(seen | before)
        self.report.outcome = "inserted" if created else "updated" if changed else "unchanged"

    def upsert_source_file(self) -> tuple[models.SourceFile, bool]:
        """The file's row: the one with these bytes; else a file of this name that witnesses one of the
        documents these bytes carry (a new version of it, updated in place: its measures follow); else a new
        row. A file of a known name that carries other documents is another file: were it taken for a new
        version, every measure of the documents it no longer carries would be withdrawn."""
        sha = self.report.sha256
        known = list(models.SourceFile.objects.filter(Q(sha256=sha) | Q(name=self.name)).order_by("pk"))
        same = [row for row in known if row.sha256 == sha]
        if same:
            return same[0], False
        fields = {"sha256": sha, "content": self.data, "encoding": self.source.encoding, "size": len(self.data),
                  "text": self.source.text}
        revised = self.earlier_version(known)
        if revised:
            for key, value in fields.items():
                setattr(revised, key, value)
            revised.save()
            return revised, False
        return models.SourceFile.objects.create(name=self.name, **fields), True

    def earlier_version(self, same_name: list[models.SourceFile]) -> models.SourceFile | None:
        """The file of this name (the latest) that witnesses a document these bytes carry."""
        if not same_name:
            return None
        carried = {document.pk for document in map(self.known_document, self.source.articles) if document}
        appearance = (models.Appearance.objects.filter(source__in=same_name, document_id__in=carried)
                      .order_by("-source_id").first())
        return next(row for row in same_name if row.pk == appearance.source_id) if appearance else None

    def resolve_document(self, article: Article) -> tuple[models.Document, bool]:
        """The article's document, and whether it was created just now."""
        known = self.known_document(article)
        if known:
            return self.refresh_document(known, article), False
        key = title_key(article.title)
        document = models.Document.objects.create(identity=identity(key, article.date_written), title=article.title,
                                                  **document_fields(article))
        document.issuers.add(*self.issuer_ids(article))
        return document, True

    def known_document(self, article: Article) -> models.Document | None:
        """The document the article is, if the database holds it already."""
        key = title_key(article.title)
        for candidate in models.Document.objects.filter(identity__startswith=f"{key}|"):
            if compatible_dates(candidate.date_written, article.date_written):
                return candidate
        return self.document_sharing_headings(article) or self.document_sharing_text(article, key)

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

