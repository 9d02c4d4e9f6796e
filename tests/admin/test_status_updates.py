"""Status changes as first-class actions: on one measure or many, recorded as history with the user."""

import datetime

from django.urls import reverse

from tests.admin.data import more_measures
from tracker import models
from tracker.status import record_status_for_many

RECORD = reverse("admin:tracker_measure_record_status")
LIST = reverse("admin:tracker_measure_changelist")


def status_form(measures, **fields) -> dict:
    data = {"measures": [m.pk for m in measures], "status": "achieved", "effective_date": "2024-06-30",
            "note": "年度评估报告", "evidence_url": "https://example.org/eval", "apply": "1"}
    return {**data, **fields}


def test_action_on_many_shows_the_form_then_records_one_entry_each(editor_client, editor, tree):
    chosen = [tree.red_line, tree.formula]
    page = editor_client.post(LIST, {"action": "record_status_change", "_selected_action": [m.pk for m in chosen]})
    assert page.status_code == 200
    assert "坚决守住18亿亩耕地红线" in page.content.decode() and RECORD in page.content.decode()

    response = editor_client.post(RECORD, status_form(chosen))
    assert response.status_code == 302
    for measure in chosen:
        measure.refresh_from_db()
        assert measure.status == "achieved"
        entry = measure.status_updates.latest("created_at")
        assert (entry.author, entry.source, entry.note, entry.evidence_url, entry.effective_date) == (
            editor, "manual", "年度评估报告", "https://example.org/eval", datetime.date(2024, 6, 30))
        assert measure.status_updates.count() == 2  # the parser's entry is kept
        assert measure.history.latest().history_user == editor
    tree.minimum_living.refresh_from_db()
    assert tree.minimum_living.status == "ongoing"


def test_one_measure_from_its_page_returns_to_it(editor_client, tree):
    change_page = editor_client.get(reverse("admin:tracker_measure_change", args=[tree.red_line.pk]))
    assert f"{RECORD}?measures={tree.red_line.pk}" in change_page.content.decode()
    assert editor_client.get(RECORD, {"measures": tree.red_line.pk}).status_code == 200
    response = editor_client.post(RECORD, status_form([tree.red_line], status="stalled"))
    assert response["Location"] == reverse("admin:tracker_measure_change", args=[tree.red_line.pk])
    tree.red_line.refresh_from_db()
    assert tree.red_line.status == "stalled"


def test_an_earlier_dated_entry_joins_the_history_without_changing_the_current_status(editor_client, tree):
    editor_client.post(RECORD, status_form([tree.red_line], status="planned", effective_date="2020-01-01"))
    tree.red_line.refresh_from_db()
    assert tree.red_line.status == "in_progress"
    assert list(tree.red_line.status_updates.values_list("status", flat=True)) == ["planned", "in_progress"]


def test_invalid_form_records_nothing(editor_client, tree):
    response = editor_client.post(RECORD, status_form([tree.red_line], status="done-ish", evidence_url="nope"))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"status", "evidence_url"}
    assert tree.red_line.status_updates.count() == 1


def test_bulk_recording_takes_a_fixed_number_of_queries(tree, django_assert_max_num_queries):
    more_measures(tree, 3)
    # 9: one statement more than before the corpus of a million (tests/bench), closing the earlier entries;
    # 42: then the dashboards' counts of the measures' documents (tracker.summary: 26 statements a batch of 500
    # documents (six tallies replaced, seven totals moved by the difference), 6 removals of empty totals, and its
    # lock on PostgreSQL); the same for 500 measures as for one
    with django_assert_max_num_queries(42) as few:
        record_status_for_many(list(models.Measure.objects.all()), "achieved",
                               effective_date=datetime.date(2024, 1, 1), source="manual")
    more_measures(tree, 30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        record_status_for_many(list(models.Measure.objects.all()), "stalled",
                               effective_date=datetime.date(2024, 2, 1), source="manual")
    assert set(models.Measure.objects.values_list("status", flat=True)) == {"stalled"}
