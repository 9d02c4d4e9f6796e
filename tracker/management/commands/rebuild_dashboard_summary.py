"""`manage.py rebuild_dashboard_summary`: recompute the dashboards' summary from the live tables (tracker.summary)."""

import time

from django.core.management.base import BaseCommand

from tracker import summary


class Command(BaseCommand):
    help = "Recompute the dashboards' summary tables from the measures (the writers keep it right otherwise)."

    def handle(self, *args, **options):
        started = time.monotonic()
        rows = summary.rebuild()
        listed = ", ".join(f"{table} {count:,}" for table, count in rows.items())
        self.stdout.write(f"rebuilt in {time.monotonic() - started:.1f} s: {listed} rows")
