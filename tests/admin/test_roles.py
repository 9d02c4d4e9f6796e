"""Roles: editors edit, record statuses, fix bodies and import; analysts view and export only."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.admin.test_status_updates import status_form
from tracker.models import ImportRun

RECORD = reverse("admin:tracker_measure_record_status")
LIST = reverse("admin:tracker_measure_changelist")


def test_groups_come_from_the_data_migration(db):
    editors = set(Group.objects.get(name="editors").permissions.values_list("codename", flat=True))
    analysts = set(Group.objects.get(name="analysts").permissions.values_list("codename", flat=True))
    assert {"view_measure", "view_body", "view_importrun"} <= analysts
    assert not any(codename.startswith(("add_", "change_", "delete_")) for codename in analysts)
    assert {"change_measure", "add_statusupdate", "change_body", "add_sourcefile"} <= editors
    assert "delete_measure" not in editors and "change_statusupdate" not in editors


def test_analyst_views_and_exports(analyst_client, tree):
    assert analyst_client.get(LIST).status_code == 200
    page = analyst_client.get(reverse("admin:tracker_measure_change", args=[tree.red_line.pk]))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    export = analyst_client.post(reverse("admin:tracker_measure_export"), {"format": "0"})
    assert export.status_code == 200 and export["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize(
    "url", ["admin:tracker_measure_import", "admin:tracker_importrun_upload", "admin:tracker_measure_record_status"]
)
def test_analyst_cannot_import_upload_or_record_statuses(analyst_client, tree, url):
    assert analyst_client.get(reverse(url)).status_code == 403


def test_analyst_changes_nothing(analyst_client, tree):
    assert analyst_client.post(RECORD, status_form([tree.red_line])).status_code == 403
    change = reverse("admin:tracker_measure_change", args=[tree.red_line.pk])
    assert analyst_client.post(change, {"heading": "改"}).status_code == 403
    body = reverse("admin:tracker_body_change", args=[tree.agriculture.pk])
    assert analyst_client.post(body, {"name": "改"}).status_code == 403
    assert analyst_client.get(LIST).context["action_form"] is None  # no actions at all
    tree.red_line.refresh_from_db()
    assert tree.red_line.heading != "改" and tree.red_line.status_updates.count() == 1


def test_editor_imports_and_records_but_deletes_no_measure(editor_client, tree):
    assert editor_client.get(reverse("admin:tracker_measure_import")).status_code == 200
    assert editor_client.get(reverse("admin:tracker_importrun_upload")).status_code == 200
    actions = dict(editor_client.get(LIST).context["action_form"].fields["action"].choices)
    assert "record_status_change" in actions and "delete_selected" not in actions
    assert editor_client.get(reverse("admin:tracker_measure_delete", args=[tree.red_line.pk])).status_code == 403


def test_superuser_has_no_bulk_delete_of_measures_either(admin_client, tree):
    actions = dict(admin_client.get(LIST).context["action_form"].fields["action"].choices)
    assert "delete_selected" not in actions


def test_import_runs_are_read_only(admin_client, db):
    run = ImportRun.objects.create(trigger="command", outcome="failed", errors=[{"file": "x.txt", "error": "空文件"}])
    page = admin_client.get(reverse("admin:tracker_importrun_change", args=[run.pk]))
    assert page.status_code == 200 and "空文件" in page.content.decode()
    assert not page.context["has_change_permission"] and not page.context["has_delete_permission"]
    assert admin_client.get(reverse("admin:tracker_importrun_add")).status_code == 403
