"""`manage.py link_measures [--document ID ...] [--json] [--enqueue]`: (re)compute lineage suggestions
(tracker.lineage), here or, with --enqueue, in a task worker."""

import json
from dataclasses import asdict

from django.core.management.base import BaseCommand

from tracker import tasks
from tracker.lineage.store import link_documents


class Command(BaseCommand):
    help = "Link measures to the earlier measures of other documents they carry forward (suggestions to review)."

    def add_arguments(self, parser):
        parser.add_argument("--document", type=int, action="append", dest="documents",
                            help="a document's id (repeatable; default: every document)")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the counts as JSON")
        parser.add_argument("--enqueue", action="store_true", help="leave it to a task worker (make worker)")

    def handle(self, *args, documents=None, as_json: bool = False, enqueue: bool = False, **options):
        if enqueue:
            result = tasks.link_measures.enqueue(documents)
            self.stdout.write(f"task {result.id}: {result.status}")
            return
        counts = link_documents(documents)
        if as_json:
            self.stdout.write(json.dumps(asdict(counts), ensure_ascii=False))
        else:
            self.stdout.write(
                f"{counts.documents} documents: +{counts.created} ~{counts.updated} -{counts.deleted} suggestions,"
                f" {counts.unchanged} unchanged, {counts.kept_decided} decided or manual kept"
                + (f"; undated, links flagged for review (date them): {counts.undated_documents}"
                   if counts.undated_documents else "")
            )
