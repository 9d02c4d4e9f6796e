"""Every link as one record of a stable shape, for other tools (`manage.py export_links`):

    {"from": {"document", "date", "files", "path", "heading", "measure_id"}, "to": {…the same…},
     "relation", "score", "provenance", "review", "evidence": {"from", "to"}}

`document` is the title, `date` the written (else published) date, `files` the source file names of the
document's witnesses. The CSV flattens it: from_document … to_measure_id, relation … evidence_to, lists joined
with "; ".
"""

from __future__ import annotations

from collections.abc import Iterator

from tracker.models import Appearance, MeasureLink

END_FIELDS = ("document", "date", "files", "path", "heading", "measure_id")
LINK_FIELDS = ("relation", "score", "provenance", "review")
CSV_HEADER = (*(f"from_{name}" for name in END_FIELDS), *(f"to_{name}" for name in END_FIELDS), *LINK_FIELDS,
              "evidence_from", "evidence_to")


def link_records() -> Iterator[dict]:
    links = MeasureLink.objects.select_related("from_measure__document", "to_measure__document").order_by("pk")
    files = witness_files()
    for link in links.iterator(chunk_size=2000):
        later, earlier = link.passages()
        yield {
            "from": end_record(link.from_measure, files), "to": end_record(link.to_measure, files),
            "relation": link.relation, "score": float(link.score), "provenance": link.provenance,
            "review": link.review, "evidence": {"from": later, "to": earlier},
        }


def witness_files() -> dict[int, list[str]]:
    files: dict[int, list[str]] = {}
    for document_id, name in Appearance.objects.order_by("source__name").values_list("document_id", "source__name"):
        files.setdefault(document_id, []).append(name)
    return files


def end_record(measure, files: dict[int, list[str]]) -> dict:
    document = measure.document
    return {"document": document.title, "date": document.date.isoformat() if document.date else None,
            "files": files.get(document.pk, []), "path": measure.path, "heading": measure.heading,
            "measure_id": measure.pk}


def csv_row(record: dict) -> tuple:
    ends = [record[side][name] for side in ("from", "to") for name in END_FIELDS]
    ends = ["; ".join(value) if isinstance(value, list) else value for value in ends]
    return (*ends, *(record[name] for name in LINK_FIELDS), record["evidence"]["from"], record["evidence"]["to"])
