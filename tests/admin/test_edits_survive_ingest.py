"""Every way a person can change a measure makes the change theirs: a re-ingest of the same file keeps it, and a
re-ingest of a changed file keeps it too, with the parser's differing reading beside it as a disagreement.

Each case edits through the page a person uses (the measure's page, the spreadsheet import, the status form),
then ingests the unchanged file twice (the second time writes nothing), then a revised file whose words now
read differently exactly where the person edited.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.admin.pages import change_url, confirm, csv_bytes, csv_rows, export, form_data, preview
from tracker import models
from tracker.ingest import ingest_paths

DOCUMENT = """国务院关于做好春季农业生产工作的意见
（2021年3月1日）
一、加强组织领导。各地要建立健全工作机制。（国家发展改革委、财政部按职责分工负责）
二、保持政策稳定。继续实施耕地地力保护补贴政策，到2025年完成高标准农田建设任务。
三、完善监测机制。坚决守住18亿亩耕地红线。
"""
# The same document revised where each case edits: item 一's heading and bodies, 二's text and deadline,
# 三's quantity and topics.
REVISED = (DOCUMENT.replace("加强组织领导", "强化组织领导").replace("国家发展改革委、财政部按职责分工负责", "农业农村部负责")
           .replace("到2025年", "到2027年").replace("继续实施", "继续稳定实施").replace("18亿亩耕地红线", "19亿亩耕地红线并加强学校食堂监管"))


def ingest(tmp_path, text: str) -> dict:
    path = tmp_path / "spring.txt"
    path.write_text(text, encoding="utf-8")
    return ingest_paths([path])


def item(path: str) -> models.Measure:
    return models.Measure.objects.get(path=path)


def post_measure_page(client, measure, **changes):
    data = form_data(client, measure)
    data.update(changes)
    response = client.post(change_url(measure), data)
    assert response.status_code == 302, [f.formset.errors for f in response.context["inline_admin_formsets"]]


def row_index(data: dict, prefix: str, pk: int) -> int:
    """The index of an inline's row in the posted form."""
    return next(int(key.split("-")[-2]) for key, value in data.items()
                if key.startswith(f"{prefix}-") and key.endswith("-id") and value == pk)


# ------------------------------------------------------------------------------------------- the edits


def edit_heading(client):
    post_measure_page(client, item("一"), heading="加强党对春耕的领导")


def heading_kept():
    assert item("一").heading == "加强党对春耕的领导"


def edit_text(client):
    post_measure_page(client, item("二"), text="二、保持政策稳定。继续实施耕地地力保护补贴政策（校对：原文无误）。")


def text_kept():
    assert item("二").text.endswith("（校对：原文无误）。")
    assert "校对" in item("二").search_tokens.split()  # the search words follow the person's text


def edit_topics(client):
    education = models.Topic.objects.get(name="教育")
    post_measure_page(client, item("三"), topics=[education.pk])


def topics_kept():
    assert list(item("三").topics.values_list("name", flat=True)) == ["教育"]


def edit_bodies(client):
    measure = item("一")
    data = form_data(client, measure)
    finance = measure.responsibilities.get(body__name="财政部")
    data[f"responsibilities-{row_index(data, 'responsibilities', finance.pk)}-DELETE"] = "on"
    response = client.post(change_url(measure), data)
    assert response.status_code == 302


def bodies_kept():
    assert set(item("一").responsibilities.values_list("body__name", flat=True)) == {"国家发展和改革委员会", "各地"}


def edit_time_frame(client):
    """The probe of the issue: a deadline's end moved by an editor."""
    measure = item("二")
    data = form_data(client, measure)
    frame = measure.time_frames.get()
    data[f"time_frames-{row_index(data, 'time_frames', frame.pk)}-end"] = "2030-06-30"
    response = client.post(change_url(measure), data)
    assert response.status_code == 302


def time_frame_kept():
    frame = item("二").time_frames.get()
    assert (frame.end, frame.provenance) == (datetime.date(2030, 6, 30), "manual")


def edit_target(client):
    measure = item("三")
    data = form_data(client, measure)
    target = measure.targets.get()
    data[f"targets-{row_index(data, 'targets', target.pk)}-value"] = "1850000000"
    response = client.post(change_url(measure), data)
    assert response.status_code == 302


def target_kept():
    target = item("三").targets.get()
    assert (target.value, target.normalised_unit, target.provenance) == (1850000000, "公顷", "manual")
    assert round(target.normalised_value) == round(Decimal(1850000000) / 15)  # worked out again from the value


def edit_by_import(client):
    rows = csv_rows(export(client))
    row = next(r for r in rows if r["path"] == "二")
    row.update(heading="稳定补贴政策", lead_body="农业农村部", other_bodies="", status="achieved",
               status_date="2024-06-30")
    response = confirm(client, preview(client, csv_bytes(rows)))
    assert response.status_code == 302


def import_kept():
    measure = item("二")
    assert (measure.heading, measure.status) == ("稳定补贴政策", "achieved")
    assert list(measure.responsibilities.values_list("body__name", "role", "provenance")) == [
        ("农业农村部", "lead", "manual")]


def edit_status(client):
    measure = item("三")
    response = client.post(reverse("admin:tracker_measure_record_status"), {
        "measures": [measure.pk], "status": "achieved", "effective_date": "2024-06-30", "note": "验收报告"})
    assert response.status_code == 302


def status_kept():
    measure = item("三")
    assert measure.status == "achieved"
    assert measure.status_updates.filter(source="manual", note="验收报告").exists()


@dataclass(frozen=True)
class Edit:
    make: Callable
    kept: Callable
    path: str  # the measure edited
    field: str  # its field the revised file reads differently


EDITS = {
    "heading on the measure page": Edit(edit_heading, heading_kept, "一", "heading"),
    "text on the measure page": Edit(edit_text, text_kept, "二", "text"),
    "topics on the measure page": Edit(edit_topics, topics_kept, "三", "topics"),
    "a body removed on the measure page": Edit(edit_bodies, bodies_kept, "一", "bodies"),
    "a time frame's end on the measure page": Edit(edit_time_frame, time_frame_kept, "二", "time_frames"),
    "a target's value on the measure page": Edit(edit_target, target_kept, "三", "targets"),
    "heading, bodies and status by spreadsheet import": Edit(edit_by_import, import_kept, "二", "bodies"),
    "a status change": Edit(edit_status, status_kept, "三", "status"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edit_survives_reingesting_the_same_and_a_changed_file(editor_client, tmp_path, edit):
    ingest(tmp_path, DOCUMENT)
    edit.make(editor_client)
    edit.kept()

    ingest(tmp_path, DOCUMENT)
    edit.kept()
    again = ingest(tmp_path, DOCUMENT)
    assert again["counts"]["updated"] == 0 and again["counts"]["inserted"] == 0  # nothing left to write

    report = ingest(tmp_path, REVISED)
    assert report["files"][0]["outcome"] == "updated"
    edit.kept()
    assert edit.field in item(edit.path).disagreements  # the parser's new reading, beside the person's


def test_the_parsers_reading_of_an_edited_time_frame_is_kept_beside_it(editor_client, tmp_path):
    ingest(tmp_path, DOCUMENT)
    edit_time_frame(editor_client)
    ingest(tmp_path, REVISED)
    reading = item("二").disagreements["time_frames"]
    assert reading == [{"expression": "到2027年", "kind": "deadline", "start": None, "end": "2027-12-31"}]


def test_a_person_who_restores_the_parsers_reading_leaves_no_disagreement(editor_client, tmp_path):
    ingest(tmp_path, DOCUMENT)
    edit_heading(editor_client)
    ingest(tmp_path, DOCUMENT)
    assert "heading" in item("一").disagreements
    post_measure_page(editor_client, item("一"), heading="加强组织领导")
    ingest(tmp_path, DOCUMENT)
    measure = item("一")
    assert measure.heading == "加强组织领导" and "heading" in measure.edited_fields
    assert "heading" not in measure.disagreements


@pytest.mark.parametrize("model", [models.Responsibility, models.TimeFrame, models.Target])
def test_the_side_pages_list_rows_linked_to_their_measure_and_change_nothing(editor_client, tmp_path, model):
    ingest(tmp_path, DOCUMENT)
    row = model.objects.order_by("pk").first()
    before = model.objects.filter(pk=row.pk).values().get()
    opts = model._meta
    listing = editor_client.get(reverse(f"admin:tracker_{opts.model_name}_changelist")).content.decode()
    assert change_url(row.measure) in listing
    page = editor_client.get(reverse(f"admin:tracker_{opts.model_name}_change", args=[row.pk]))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # a view, not a form
    posted = editor_client.post(reverse(f"admin:tracker_{opts.model_name}_change", args=[row.pk]),
                                {"end": "2030-06-30", "value": "1", "role": "lead"})
    assert posted.status_code == 403
    assert editor_client.get(reverse(f"admin:tracker_{opts.model_name}_add")).status_code == 403
    assert editor_client.post(reverse(f"admin:tracker_{opts.model_name}_delete", args=[row.pk]),
                              {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=row.pk).values().get() == before
