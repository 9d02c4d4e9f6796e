"""`manage.py export_measures [--output FILE] [filters]`: the streaming CSV export, for scripts.

The filters are the API's (tracker.measure_filters); repeat one for several values: --status planned --status stalled.
"""

import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.datastructures import MultiValueDict

from tracker.export import export_site_url, measure_csv_chunks
from tracker.measure_filters import select_measures

REPEATABLE = ("document", "status", "body", "topic")
SINGLE = ("level", "overdue", "as_of", "q")


class Command(BaseCommand):
    help = "Write measures as CSV (UTF-8 with BOM, the admin export's columns), filtered like /api/measures/."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="file to write (default: standard output)")
        for name in REPEATABLE:
            parser.add_argument(f"--{name}", action="append", default=[], help="repeatable")
        for name in SINGLE:
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name)

    def handle(self, *args, output=None, **options):
        params = MultiValueDict({name: options[name] for name in REPEATABLE if options[name]})
        params.update({name: options[name] for name in SINGLE if options[name] is not None})
        try:
            selection = select_measures(params)
        except ValidationError as error:
            raise CommandError(f"bad filter: {error.message_dict}") from error
        if output:
            with open(output, "w", encoding="utf-8", newline="") as file:
                file.writelines(measure_csv_chunks(selection.measures, site_url=export_site_url()))
        else:
            sys.stdout.writelines(measure_csv_chunks(selection.measures, site_url=export_site_url()))
