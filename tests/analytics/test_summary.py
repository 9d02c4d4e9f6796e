"""The dashboards' summary (tracker.summary) equals the live aggregation after every kind of write: ingest,
re-ingest of a revised file, status changes one at a time and in bulk, a person's edit, a merge of bodies, a
deleted document, and the rebuild command; and the dashboards read from it when it holds the answer."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count

from tests import factories
from tests.analytics.world import build_world
from tests.conftest import SEEDS
from tracker import analytics, models, summary
from tracker.body_merge import merge_bodies
from tracker.ingest import ingest_paths
from tracker.lineage.store import link_documents
from tracker.measure_filters import select_measures
from tracker.resources import MeasureResource
from tracker.reviews import add_link, decide
from tracker.status import record_status, record_status_for_many

SMALL_OPINION = """国务院关于做好春季农业生产工作的意见
（2021年3月1日）
一、加强组织领导。各地要建立健全工作机制。（国家发展改革委、财政部按职责分工负责）
二、保持政策稳定。继续实施耕地地力保护补贴政策，到2025年完成高标准农田建设任务。
三、完善监测机制。坚决守住18亿亩耕地红线。（农业农村部负责）
"""
TODAY = datetime.date(2026, 12, 3)


def summary_rows() -> dict:
    """Every row of the summary, without ids: what the writers left."""
    def rows(model, *key):
        return sorted(model.objects.values_list(*key, "measures"), key=str)

    return {
        "tallies": rows(models.DocumentTally, "document_id", "status", "has_body", "earliest_end", "with_time_frame",
                        "needs_review", "variants"),
        "bodies": rows(models.BodyTally, "document_id", "body_id", "role", "status", "earliest_end"),
        "body totals": rows(models.BodyTotal, "body_id", "role", "status"),
        "status totals": rows(models.StatusTotal, "status", "has_body", "earliest_end"),
        "topics": rows(models.TopicTally, "document_id", "body_id", "topic_id", "status"),
        "topic totals": rows(models.TopicTotal, "body_id", "topic_id", "status"),
        "time frames": rows(models.TimeFrameTally, "document_id", "expression", "kind", "start", "end", "status"),
        "time frame totals": rows(models.TimeFrameTotal, "expression", "kind", "start", "end", "status"),
        "targets": sorted(models.TargetTally.objects.values_list(
            "document_id", "normalised_unit", "normalised_value", "status", "targets"), key=str),
        "target totals": sorted(models.TargetTotal.objects.values_list(
            "normalised_unit", "normalised_value", "status", "targets"), key=str),
        "documents": sorted(models.DocumentsWithStatus.objects.values_list("status", "documents")),
        "carried": sorted(models.CarriedTally.objects.values_list("document_id", "links")),
    }


def dashboard_answers(params: dict) -> dict:
    selection = select_measures(params)
    return {
        "overview": analytics.overview(selection).to_dict("records"),
        "status": analytics.measure_counts(selection, by=["status"]).to_dict("records"),
        "bodies": analytics.top_bodies(selection, n=1000).to_dict("records"),
        "recent": analytics.recent_documents(selection, n=3),
        "timeline": analytics.time_frame_spans(selection).to_dict("records"),
        "targets": analytics.target_values(selection).to_dict("records"),
        "heatmap": analytics.body_topic_matrix(selection).to_dict("index"),
        "quality": analytics.data_quality(selection).to_dict("records"),
    }


def live_and_summarised(params: dict, monkeypatch) -> tuple[dict, dict]:
    """What the dashboards' functions answer from the summary, and from the live tables."""
    # (one body: only the overview, the status counts and the recent documents answer from the summary)
    assert summary.answers(select_measures(params), of_one_body=True), "the summary should hold this answer"
    summarised = dashboard_answers(params)
    with monkeypatch.context() as patch:
        patch.setattr(summary, "answers", lambda selection, **kwargs: False)
        return summarised, dashboard_answers(params)


def assert_summary_is_live(monkeypatch) -> None:
    """The rows the writers kept are the rows a rebuild computes, and they answer as the live queries do."""
    kept = summary_rows()
    summary.rebuild()
    assert kept == summary_rows()
    assert analytics.most_carried_document() == most_carried_live()
    any_document = models.Document.objects.order_by("pk").values_list("pk", flat=True).first()
    for params in ({}, {"status": ["ongoing"]}, {"status": ["ongoing", "not_yet_rated"]}, {"document": [any_document]},
                   {"document": [any_document], "status": ["ongoing"]}, {"as_of": "2030-01-01"}):
        summarised, live = live_and_summarised(params, monkeypatch)
        assert summarised == live, params
    busiest = models.Body.objects.annotate(n=Count("responsibilities")).order_by("-n", "pk")
    for body in busiest.values_list("pk", flat=True)[:3]:  # (the seeds' ~100 bodies would take minutes)
        for params in ({"body": [body]}, {"body": [body], "status": ["planned"]},
                       {"body": [body], "status": ["planned", "stalled", "not_yet_rated"]},
                       {"body": [body], "document": [any_document], "status": ["ongoing"]},
                       {"body": [body], "status": ["stalled"], "as_of": "2030-01-01"}):
            summarised, live = live_and_summarised(params, monkeypatch)
            assert summarised == live, params


def most_carried_live() -> int | None:
    """The document whose items most links (not rejected) carry, counted from the links themselves."""
    counts = models.MeasureLink.objects.exclude(review="rejected").values("to_measure__document_id").annotate(
        n=Count("pk")).order_by("-n", "to_measure__document_id")
    return counts.values_list("to_measure__document_id", flat=True).first()


@pytest.fixture
def today(monkeypatch):
    """Fix today's date: the summary answers only as of a day with no status entry after it."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def test_ingest_and_re_ingest_of_a_revised_file_keep_it(db, today, tmp_path, monkeypatch):
    ingest_paths([SEEDS])
    assert models.DocumentTally.objects.exists() and models.BodyTotal.objects.exists()
    assert models.TopicTotal.objects.exists() and models.TimeFrameTotal.objects.exists()
    assert models.TargetTotal.objects.exists()
    assert_summary_is_live(monkeypatch)

    opinion = tmp_path / "opinion.txt"
    opinion.write_text(SMALL_OPINION)
    ingest_paths([opinion])
    assert_summary_is_live(monkeypatch)
    opinion.write_text(SMALL_OPINION.replace("三、完善监测机制。坚决守住18亿亩耕地红线。（农业农村部负责）\n", ""))
    report = ingest_paths([opinion])
    assert report["counts"]["withdrawn"] == 1
    assert_summary_is_live(monkeypatch)


def test_status_changes_one_and_many_edits_merges_and_deletion_keep_it(db, today, monkeypatch):
    world = build_world()  # factories: rows written without the summary's writers
    summary.rebuild()
    editor = get_user_model().objects.create_user("editor")
    record_status(world.measures["a4"], "in_progress", effective_date=datetime.date(2026, 1, 5), source="manual",
                  author=editor)
    assert_summary_is_live(monkeypatch)

    record_status_for_many(models.Measure.objects.all(), "stalled", effective_date=datetime.date(2026, 2, 1),
                           source="manual", author=editor)
    assert models.DocumentTally.objects.filter(status="stalled").count() > 1
    assert_summary_is_live(monkeypatch)

    merge_bodies(world.bodies["mof"], [world.bodies["ndrc"]])
    assert_summary_is_live(monkeypatch)

    world.opinion.delete()
    assert not models.DocumentTally.objects.filter(document_id=world.opinion.pk).exists()
    assert_summary_is_live(monkeypatch)


def test_writes_in_a_refreshed_once_block_refresh_each_document_once_at_its_end(db, today, monkeypatch):
    """The spreadsheet import writes bodies, then statuses, of the same measures: one recomputation a document."""
    world = build_world()
    summary.rebuild()
    editor = get_user_model().objects.create_user("editor")
    recomputed = []
    real_insert = summary.insert_tallies
    monkeypatch.setattr(summary, "insert_tallies", lambda measures: recomputed.append(1) or real_insert(measures))
    with summary.refreshed_once():
        for status in ("in_progress", "stalled"):
            record_status(world.measures["a4"], status, effective_date=datetime.date(2026, 1, 5), source="manual",
                          author=editor)
        assert recomputed == []  # noted, not yet refreshed
    assert recomputed == [1]
    assert_summary_is_live(monkeypatch)


def test_a_spreadsheet_import_of_bodies_statuses_and_headings_keeps_it(db, today, monkeypatch):
    """The import writes bodies, headings and statuses in one `refreshed_once` block (tracker.resources)."""
    world = build_world()
    summary.rebuild()
    editor = get_user_model().objects.create_user("editor")
    dataset = MeasureResource().export(queryset=models.Measure.objects.all())
    changes = {  # the opinion's a2 and a3: another lead, a new status and heading; the rules' b1: bodies only
        "三/（一）": {"lead_body": "农业农村部", "other_bodies": "", "status": "stalled", "status_date": "2026-01-05"},
        "三/（二）": {"heading": "健全防止返贫监测机制（修订）", "status": "stalled", "status_date": "2026-01-05"},
        "一": {"lead_body": "财政部", "other_bodies": "所在省份:participant"},
    }
    for number, row in enumerate(dataset.dict):
        if row["path"] in changes:
            dataset[number] = [changes[row["path"]].get(column, value) for column, value in row.items()]
    result = MeasureResource().import_data(dataset, dry_run=False, user=editor)
    assert not result.has_errors() and not result.has_validation_errors()
    assert sorted(world.measures["b1"].responsibilities.values_list("body__name", "role")) == [
        ("所在省份", "participant"), ("财政部", "lead")]
    assert not models.BodyTally.objects.filter(document=world.rules, body=world.bodies["moa"]).exists()
    assert_summary_is_live(monkeypatch)


def test_links_decided_added_relinked_and_deleted_keep_the_carried_counts(db, today, monkeypatch):
    world = build_world()
    editor = get_user_model().objects.create_user("editor")
    assert analytics.most_carried_document() == world.opinion.pk  # b1 strengthens a3
    decide(models.MeasureLink.objects.all(), "rejected", editor)
    assert analytics.most_carried_document() is None
    assert_summary_is_live(monkeypatch)
    add_link(world.measures["b1"], world.measures["a2"], "restates", editor)
    assert analytics.most_carried_document() == world.opinion.pk
    assert_summary_is_live(monkeypatch)
    decide(models.MeasureLink.objects.filter(review="rejected"), "accepted", editor)
    link_documents([world.rules.pk])  # the linker rewrites its suggestions; decided links stay
    assert_summary_is_live(monkeypatch)
    world.rules.delete()  # the later document: the links from its items go
    assert analytics.most_carried_document() is None
    assert_summary_is_live(monkeypatch)


def test_the_rebuild_command_repairs_it(db, today, monkeypatch, capsys):
    build_world()
    models.BodyTotal.objects.all().delete()
    models.DocumentTally.objects.update(measures=99)
    models.TimeFrameTotal.objects.update(measures=99)
    models.CarriedTally.objects.all().delete()
    call_command("rebuild_dashboard_summary")
    assert "rebuilt in" in capsys.readouterr().out
    assert_summary_is_live(monkeypatch)
    assert models.BodyTally.objects.filter(role=summary.ANY_ROLE).exists()


def test_the_summary_answers_only_what_it_holds(db, today):
    world = build_world()
    assert summary.answers(select_measures({}))
    assert summary.answers(select_measures({"document": [world.opinion.pk], "status": ["ongoing"]}))
    for params in ({"body": [world.bodies["mof"].pk]}, {"topic": [1]}, {"q": "耕地"}, {"level": 1},
                   {"withdrawn": "true"}, {"overdue": "true"},
                   {"as_of": "2022-06-30"}):  # entries after that day: the history answers, not the stored status
        assert not summary.answers(select_measures(params)), params
    # the body tallies answer for one body (two would count a measure both are responsible for twice)
    one_body = {"body": [world.bodies["mof"].pk], "status": ["in_progress"]}
    assert summary.answers(select_measures(one_body), of_one_body=True)
    for params in ({"body": [world.bodies["mof"].pk, world.bodies["ndrc"].pk]}, {**one_body, "topic": [1]},
                   {**one_body, "as_of": "2022-06-30"}):
        assert not summary.answers(select_measures(params), of_one_body=True), params


def test_the_status_dashboard_shows_the_top_documents_with_a_note(db, today, client):
    client.force_login(factories.member_of("analysts", "analyst"))
    ingest_paths([SEEDS])
    documents = models.DocumentTally.objects.values("document_id").distinct().count()
    response = client.get("/dashboards/status/", {"top": 2})
    note = response.context["charts"][0]["note"]
    assert f"共 {documents:,} 个文件，这里是最新的 2 个" in note and note in response.content.decode()
    csv_text = b"".join(client.get("/dashboards/csv/status-by-part.csv", {"top": 2}).streaming_content).decode()
    assert len({row["document_id"] for row in csv.DictReader(io.StringIO(csv_text[1:]))}) == 2
    one = models.Document.objects.first()
    assert client.get("/dashboards/status/", {"document": one.pk}).context["charts"][0]["note"] == ""
