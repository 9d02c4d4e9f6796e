"""Documents (witnesses, variants, outline), the body registry and its merge action, and document upload."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import SEEDS
from tracker import models


def test_document_page_shows_witnesses_variants_side_by_side_and_the_outline(admin_client, tree):
    page = admin_client.get(reverse("admin:tracker_document_change", args=[tree.document.pk])).content.decode()
    assert "seed-001.txt" in page and "seed-000.txt" in page  # the two appearances
    variants = page[page.index('id="lu-variants"'):page.index('id="lu-outline"')]
    assert variants.index("低保") < variants.index("低 保") < variants.index("spacing artefact")
    outline = page[page.index('id="lu-outline"'):]
    positions = [outline.index(reverse("admin:tracker_measure_change", args=[m.pk])) for m in (
        tree.part_one, tree.red_line, tree.minimum_living, tree.part_two, tree.formula)]
    assert positions == sorted(positions)  # in document order
    assert 'class="lu-level-2"' in outline


def test_documents_are_read_only(admin_client, tree):
    response = admin_client.get(reverse("admin:tracker_document_change", args=[tree.document.pk]))
    assert not response.context["has_change_permission"]


def test_body_page_lists_aliases_and_measures_it_is_responsible_for(admin_client, tree):
    page = admin_client.get(reverse("admin:tracker_body_change", args=[tree.agriculture.pk])).content.decode()
    assert "农业部" in page  # aliases, one per line
    assert reverse("admin:tracker_measure_change", args=[tree.red_line.pk]) in page


def test_body_aliases_are_edited_one_per_line_and_audited(editor_client, editor, tree):
    url = reverse("admin:tracker_body_change", args=[tree.finance.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {field.html_name: field.value() for field in form if field.value() is not None}
    data["aliases"] = "财政\n 财政部门 \n\n财政"
    assert editor_client.post(url, data).status_code == 302
    tree.finance.refresh_from_db()
    assert tree.finance.aliases == ["财政", "财政部门"]
    assert tree.finance.history.latest().history_user == editor


def test_merging_bodies_moves_assignments_and_keeps_names_as_aliases(editor_client, tree):
    duplicate = models.Body.objects.create(name="农业农村部办公厅", aliases=["农办"])
    successor_of_duplicate = models.Body.objects.create(name="某前身机构", successor=duplicate)
    models.Responsibility.objects.create(measure=tree.red_line, body=duplicate, role="lead", provenance="explicit")
    models.Responsibility.objects.create(measure=tree.formula, body=duplicate, role="participant",
                                         provenance="explicit")
    changelist = reverse("admin:tracker_body_changelist")
    chosen = {"action": "merge", "_selected_action": [tree.agriculture.pk, duplicate.pk]}

    form_page = editor_client.post(changelist, chosen)
    assert form_page.status_code == 200 and "农业农村部办公厅" in form_page.content.decode()
    assert editor_client.post(changelist, {**chosen, "apply": "1", "keep": tree.agriculture.pk}).status_code == 302

    assert not models.Body.objects.filter(pk=duplicate.pk).exists()
    tree.agriculture.refresh_from_db()
    assert tree.agriculture.aliases == ["农业部", "农业农村部办公厅", "农办"]
    assert list(tree.red_line.responsibilities.values_list("body", "role")) == [(tree.agriculture.pk, "lead")]
    assert list(tree.formula.responsibilities.values_list("body", flat=True)) == [tree.agriculture.pk]
    successor_of_duplicate.refresh_from_db()
    assert successor_of_duplicate.successor == tree.agriculture


def test_merging_needs_two_bodies(editor_client, tree):
    changelist = reverse("admin:tracker_body_changelist")
    response = editor_client.post(changelist, {"action": "merge", "_selected_action": [tree.finance.pk]},
                                  follow=True)
    assert "请至少选择两个主体" in response.content.decode()
    assert models.Body.objects.filter(pk=tree.finance.pk).exists()


def test_upload_ingests_the_file_like_the_command(editor_client, editor):
    seed = sorted(SEEDS.glob("*"))[0]
    with seed.open("rb") as file:
        response = editor_client.post(reverse("admin:tracker_importrun_upload"), {"file": file}, follow=True)
    run = models.ImportRun.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:tracker_importrun_change", args=[run.pk])
    assert (run.trigger, run.user, run.outcome) == ("upload", editor, "succeeded")
    assert models.Measure.objects.exists()


def test_upload_of_an_unreadable_file_reports_why(editor_client):
    binary = SimpleUploadedFile("scan.txt", bytes(range(256)) * 4)
    response = editor_client.post(reverse("admin:tracker_importrun_upload"), {"file": binary}, follow=True)
    run = models.ImportRun.objects.get()
    assert run.outcome == "failed" and run.errors
    assert "scan.txt" in response.content.decode()
    assert not models.Measure.objects.exists()


def test_the_upload_message_counts_withdrawn_measures(editor_client):
    page = "国务院关于做好春季农业生产工作的意见\n（2021年3月1日）\n一、加强组织领导。\n二、保持政策稳定。\n"
    upload = reverse("admin:tracker_importrun_upload")
    editor_client.post(upload, {"file": SimpleUploadedFile("opinion.txt", page.encode())})
    shorter = SimpleUploadedFile("opinion.txt", page.replace("二、保持政策稳定。\n", "").encode())
    response = editor_client.post(upload, {"file": shorter}, follow=True)
    assert "撤回 1 条措施" in response.content.decode()
    run = models.ImportRun.objects.latest("started_at")
    changelist = editor_client.get(reverse("admin:tracker_importrun_changelist")).content.decode()
    assert run.report["counts"]["withdrawn"] == 1 and 'class="field-withdrawn">1<' in changelist
