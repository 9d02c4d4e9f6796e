"""What the million-measure work changed underneath must not change an answer: each status entry's `ended_on`
(kept by tracker.status), "status as of a date" from the stored status or the entry current that day, and
keyset pages of /api/measures/ after the first pages."""

import datetime
import itertools

import pytest

from tests import factories
from tracker import measure_filters
from tracker.measure_filters import select_measures
from tracker.models import Measure, StatusUpdate
from tracker.status import LATEST_FIRST, record_status
from tracker.vocabulary import STATUS

DAY = datetime.date(2022, 3, 1)


def on(days: int) -> datetime.date:
    return DAY + datetime.timedelta(days=days)


def status_by_history(measure: Measure, as_of: datetime.date) -> str:
    """The definition (tracker.measure_filters): the latest entry on or before the day, else not_yet_rated."""
    entries = measure.status_updates.filter(effective_date__lte=as_of).order_by(*LATEST_FIRST)
    return entries[0].status if entries else "not_yet_rated"


@pytest.fixture
def histories(db):
    """Measures with histories recorded out of date order, two entries on one day, and none at all."""
    document = factories.document()
    measures = [factories.measure(document, path=f"一/（{n}）") for n in range(4)]
    first, second, third, _unrated = measures
    record_status(first, "planned", effective_date=on(0), source="manual")
    record_status(first, "stalled", effective_date=on(20), source="manual")
    record_status(first, "in_progress", effective_date=on(10), source="manual")  # recorded late, dated between
    record_status(second, "planned", effective_date=on(5), source="manual")
    record_status(second, "achieved", effective_date=on(5), source="manual")  # same day: the later one counts
    record_status(third, "ongoing", effective_date=on(15), source="manual")
    return measures


def test_each_entry_ends_where_the_next_begins(histories):
    first = histories[0]
    entries = first.status_updates.order_by("effective_date")
    assert [(e.status, e.ended_on) for e in entries] == [("planned", on(10)), ("in_progress", on(20)),
                                                         ("stalled", None)]
    first.refresh_from_db()
    assert first.status == "stalled"


@pytest.mark.parametrize("future_entry", [False, True])
def test_status_as_of_any_day_is_the_latest_entry_then(histories, future_entry):
    if future_entry:  # an entry dated after every day asked: the answers come from the history, not the stored status
        record_status(histories[2], "expired", effective_date=on(400), source="manual")
    statuses = [value for value, _, _ in STATUS]
    for days in (-1, 0, 4, 5, 9, 10, 14, 15, 19, 20, 30):
        as_of = on(days)
        expected = {m.pk: status_by_history(m, as_of) for m in histories}
        annotated = select_measures({"as_of": as_of.isoformat()}).measures
        assert dict(annotated.values_list("pk", "status_on")) == expected
        for status in statuses:
            chosen = select_measures({"as_of": as_of.isoformat(), "status": [status]}).measures
            assert sorted(chosen.values_list("pk", flat=True)) == sorted(
                pk for pk, value in expected.items() if value == status), (as_of, status)


def test_keyset_pages_continue_in_document_order(db, api):
    documents = [factories.document(title=title, date_written=date) for title, date in
                 [("乙", datetime.date(2021, 1, 1)), ("甲", datetime.date(2021, 1, 1)), ("丙", None),
                  ("丁", datetime.date(2019, 5, 1))]]
    for document, n in itertools.product(documents, range(3)):
        factories.measure(document, path=f"一/（{n}）")
    expected = [m["id"] for m in api.get("/api/measures/", {"page_size": 12}).json()["results"]]
    seen, page = [], api.get("/api/measures/", {"page_size": 2}).json()
    for _ in range(12):
        seen += [m["id"] for m in page["results"]]
        if not page["next"]:
            break
        page = api.get(page["next"]).json()
    assert seen == expected and len(seen) == 12
    assert "after=" in api.get("/api/measures/", {"page_size": 1, "page": 9}).json()["next"]
    after_third = api.get("/api/measures/", {"page_size": 4, "after": expected[2]}).json()
    assert [m["id"] for m in after_third["results"]] == expected[3:7] and after_third["count"] is None
    assert api.get("/api/measures/", {"after": 0}).status_code == 404


def test_status_entries_recorded_in_one_call_are_closed_too(histories):
    record_status(histories[1], "stalled", effective_date=on(1), source="manual")
    entries = StatusUpdate.objects.filter(measure=histories[1]).order_by("effective_date", "created_at")
    assert [e.ended_on for e in entries] == [on(5), on(5), None]


@pytest.fixture
def past_statuses(db):
    """Measures of documents written before, on and after a day (and undated), stalled from various days, so that
    the measures stalled on that day are in some of the documents only."""
    documents = [factories.document(title=title, date_written=date) for title, date in
                 [("乙", on(-30)), ("甲", on(-30)), ("丙", None), ("丁", on(-400)), ("戊", on(200))]]
    for number, (document, n) in enumerate(itertools.product(documents, range(8))):
        measure = factories.measure(document, path=f"一/（{n}）", order=10 - n)  # positions out of id order
        record_status(measure, "stalled" if number % 3 else "planned", effective_date=on(number % 7 - 3),
                      source="manual")
    record_status(measure, "achieved", effective_date=on(300), source="manual")  # the stored status is not the answer
    return documents


def all_pages(api, params) -> list[int]:
    seen, page = [], api.get("/api/measures/", params).json()
    while True:
        seen += [m["id"] for m in page["results"]]
        if not page["next"]:
            return seen
        page = api.get(page["next"]).json()


@pytest.mark.parametrize("status", ["stalled", "planned"])
def test_a_past_days_few_statuses_are_sorted_into_the_same_pages(past_statuses, api, monkeypatch, status):
    params = {"status": status, "as_of": on(1).isoformat(), "page_size": 1}
    monkeypatch.setattr(measure_filters, "FEW_ENOUGH_TO_SORT", 0)  # never few: read in order along the indexes
    in_order = all_pages(api, params)
    second_page = api.get("/api/measures/", {**params, "page": 2}).json()
    monkeypatch.setattr(measure_filters, "FEW_ENOUGH_TO_SORT", 1_000)
    filterset = measure_filters.MeasureFilterSet({"status": status, "as_of": on(1).isoformat()})
    assert filterset.is_valid() and filterset.qs is not None and filterset.few_to_sort()
    assert all_pages(api, params) == in_order and len(in_order) >= 10  # keyset pages from page 10 on
    assert api.get("/api/measures/", {**params, "page": 2}).json() == second_page
    expected = {pk for pk in Measure.objects.values_list("pk", flat=True)
                if status_by_history(Measure.objects.get(pk=pk), on(1)) == status}
    assert set(in_order) == expected


def test_the_stored_status_and_not_yet_rated_are_never_sorted(past_statuses):
    def few_to_sort(params):
        filterset = measure_filters.MeasureFilterSet(params)
        assert filterset.is_valid() and filterset.qs is not None
        return filterset.few_to_sort()

    assert few_to_sort({"status": "stalled", "as_of": on(1).isoformat()})
    assert not few_to_sort({"status": "achieved", "as_of": on(400).isoformat()})  # no later entry: the stored status
    assert not few_to_sort({"status": ["stalled", "not_yet_rated"], "as_of": on(1).isoformat()})
