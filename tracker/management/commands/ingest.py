"""`manage.py ingest PATH... [--json] [--workers N]`: a thin wrapper over tracker.ingest."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tracker.ingest import ingest_paths
from tracker.ingest.run import usable_workers


class Command(BaseCommand):
    help = "Parse policy documents (files or folders) and bring the database in line with them."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders of documents")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print the whole report as JSON")
        parser.add_argument("--workers", type=int, default=1,
                            help="worker processes sharing the files (PostgreSQL; the same result as one)")

    def handle(self, *args, paths, as_json: bool = False, workers: int = 1, **options):
        if usable_workers(workers) < workers:
            self.stderr.write(f"{connection.vendor} takes one writer at a time: ingesting with 1 worker")
        report = ingest_paths(paths, trigger="command", workers=workers)
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2, default=str))
        else:
            self.print_summary(report)
        if report["counts"]["failed"]:
            raise CommandError(f"{report['counts']['failed']} file(s) failed; see the report above")

    def print_summary(self, report: dict) -> None:
        for file in report["files"]:
            line = f"{file['outcome']:>9}  {file['path']}"
            if file["error"]:
                self.stderr.write(f"{line}: {file['error']}")
            else:
                self.stdout.write(f"{line}: +{file['inserted']} ~{file['updated']} ={file['unchanged']}"
                                  f" -{file['withdrawn']} measures")
        totals = report["totals"]
        self.stdout.write(
            f"now {totals['documents']} documents, {totals['measures']} measures, "
            f"{totals['appearances']} appearances, {totals['variants']} variants (import run {report['run']})"
        )

