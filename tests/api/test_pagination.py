"""The count of a long list (tracker.pagination): exact up to EXACT_UP_TO, and a large estimate taken as it is."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tracker import pagination
from tracker.models import Measure


def counted(measures) -> int:
    return pagination.EstimatedCountPaginator(measures, 50).count


def test_a_filtered_list_is_counted_unless_the_planner_expects_many(db, on_postgres, monkeypatch):
    document = factories.document()
    for n in range(5):
        factories.measure(document, path=f"一/（{n}）")
    filtered = Measure.objects.filter(withdrawn_at__isnull=True)
    assert counted(filtered) == 5
    monkeypatch.setattr(pagination, "TRUSTED_ESTIMATE", 1)  # any estimate is trusted: the planner's, not 5
    with CaptureQueriesContext(connection) as queries:
        assert counted(filtered) == pagination.estimated_count(filtered)
    assert not [query for query in queries.captured_queries if "COUNT(" in query["sql"]]
    assert counted(Measure.objects.all()) == 5  # unfiltered: the capped count of the table comes first
