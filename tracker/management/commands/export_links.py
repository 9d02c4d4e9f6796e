"""`manage.py export_links --format json|csv [--output FILE]`: every lineage link (tracker.lineage.export)."""

import json
import sys

from django.core.management.base import BaseCommand

from tracker.export import csv_text_chunks
from tracker.lineage.export import CSV_HEADER, csv_row, link_records


class Command(BaseCommand):
    help = "Write every measure link as JSON (a list) or CSV (UTF-8 with BOM, flattened columns)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("json", "csv"), required=True, dest="file_format")
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")

    def handle(self, *args, file_format: str, output=None, **options):
        records = link_records()
        if file_format == "json":
            chunks = [json.dumps(list(records), ensure_ascii=False, indent=1)]
        else:
            chunks = csv_text_chunks(CSV_HEADER, map(csv_row, records))
        if output:
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.writelines(chunks)
        else:
            sys.stdout.writelines(chunks)
