"""EXPLAIN ANALYZE of the queries behind the dashboards' pages, on PostgreSQL (the benchmark corpus):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench_dash .venv/bin/python -m tests.bench.explain_dashboards
    … -m tests.bench.explain_dashboards --page bodies --params "body=12&status=in_progress"

Without --params, each page unfiltered and filtered to one document. Each page's data is computed once (as the dashboards compute it, tracker.dashboards.charts), its queries captured,
then each SELECT explained with ANALYZE (run again) and its plan printed with the time the database took.
"""

from __future__ import annotations

import argparse
import os
from urllib.parse import parse_qs

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from tracker.dashboards.charts import DASHBOARDS_BY_SLUG  # noqa: E402
from tracker.measure_filters import select_measures  # noqa: E402
from tracker.models import Document  # noqa: E402

PAGES = ("overview", "status", "bodies", "timeline", "targets", "heatmap", "quality", "carry-forward")


def explain(sql: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--page", action="append", choices=PAGES, help="only these pages (repeat for several)")
    parser.add_argument("--params", action="append", help="a query string of the filters (repeat for several)")
    args = parser.parse_args()
    if args.params:
        choices = [parse_qs(query) for query in args.params]
    else:
        choices = [{}, {"document": [str(Document.objects.order_by("pk").values_list("pk", flat=True).first())]}]
    for params in choices:
        for slug in args.page or PAGES:
            selection = select_measures(params)
            with CaptureQueriesContext(connection) as captured:
                for chart in DASHBOARDS_BY_SLUG[slug].charts:
                    chart.data(selection, params)
            print(f"\n===== dashboard {slug} {params or '(no filter)'}: {len(captured)} queries")
            for query in captured:
                sql = query["sql"]  # with its parameters bound (Django's client-side binding)
                if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                    print(f"\n--- {sql[:300]}{'…' if len(sql) > 300 else ''}")
                    print(explain(sql))


if __name__ == "__main__":
    main()
