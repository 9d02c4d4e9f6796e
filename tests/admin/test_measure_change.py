"""The measure page: the measure in context, inline editing that makes fields the editor's own, read-only
provenance, and a fixed number of queries."""

import datetime

import pytest
from django.urls import reverse

from tests.admin.data import more_measures
from tests.admin.pages import change_url, form_data
from tracker import models
from tracker.status import record_status


def test_shows_the_measure_in_its_document(admin_client, tree):
    page = admin_client.get(change_url(tree.red_line)).content.decode()
    breadcrumbs = page[page.index('class="breadcrumbs"'):]
    breadcrumbs = breadcrumbs[:breadcrumbs.index("</div>")]
    assert tree.document.title[:20] in breadcrumbs
    assert change_url(tree.part_one) in breadcrumbs and "守住底线" in breadcrumbs
    assert "<mark>（一）坚决守住18亿亩耕地红线。" in page  # the span, highlighted in the source text
    assert "一、守住底线" in page  # ... with the text around it
    for inline_value in ("农业农村部", "由农业农村部牵头", "到2023年底前", "18亿亩"):
        assert inline_value in page


def test_lists_children_variants_disagreements_and_status_history(admin_client, tree, admin_user):
    record_status(tree.minimum_living, "achieved", effective_date=datetime.date(2024, 6, 1), source="manual",
                  author=admin_user, note="验收报告", evidence_url="https://example.org/report")
    children = admin_client.get(change_url(tree.part_one)).content.decode()
    assert change_url(tree.red_line) in children and change_url(tree.minimum_living) in children

    page = admin_client.get(change_url(tree.minimum_living)).content.decode()
    assert "低 保" in page and "spacing artefact" in page  # the variant reading
    assert "完善农村低保" in page  # the parser's differing heading
    assert page.index("验收报告") < page.index("解析器初始建议")  # history, newest first
    assert "https://example.org/report" in page and "2024" in page


def test_change_page_query_count_does_not_grow_with_the_data(admin_client, tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(40) as few:
        admin_client.get(change_url(tree.part_two))
    more_measures(tree, 30)
    for measure in tree.part_two.children.all()[:5]:
        record_status(measure, "achieved", effective_date=datetime.date(2024, 1, 1), source="manual")
    models.Responsibility.objects.create(measure=tree.part_two, body=tree.agriculture, role="lead",
                                         provenance="explicit")
    models.Responsibility.objects.create(measure=tree.part_two, body=tree.finance, role="participant",
                                         provenance="explicit")
    with django_assert_max_num_queries(len(few.captured_queries)):
        admin_client.get(change_url(tree.part_two))


def test_editing_the_heading_makes_it_the_editors_and_is_in_the_audit_trail(editor_client, editor, tree):
    data = form_data(editor_client, tree.red_line)
    data.update(heading="守住18亿亩耕地红线", path="篡改", level=9)
    response = editor_client.post(change_url(tree.red_line), data)
    assert response.status_code == 302, [f.formset.errors for f in response.context["inline_admin_formsets"]]
    tree.red_line.refresh_from_db()
    assert tree.red_line.heading == "守住18亿亩耕地红线"
    assert (tree.red_line.path, tree.red_line.level) == ("一/（一）", 2)  # parsed provenance is read-only
    assert tree.red_line.edited_fields == ["heading"]
    assert "耕地" in tree.red_line.search_tokens.split()
    last = tree.red_line.history.latest()
    assert last.history_user == editor and last.heading == "守住18亿亩耕地红线"
    history_page = editor_client.get(reverse("admin:tracker_measure_history", args=[tree.red_line.pk]))
    assert "editor" in history_page.content.decode() and "守住18亿亩耕地红线" in history_page.content.decode()


def test_adding_a_body_is_manual_and_makes_bodies_the_editors(editor_client, editor, tree):
    data = form_data(editor_client, tree.red_line)
    data.update({
        "responsibilities-2-TOTAL_FORMS": 1, "responsibilities-2-0-body": tree.finance.pk,
        "responsibilities-2-0-role": "participant",
    })
    response = editor_client.post(change_url(tree.red_line), data)
    assert response.status_code == 302, [f.errors for f in response.context["inline_admin_formsets"]]
    added = tree.red_line.responsibilities.get(body=tree.finance)
    assert (added.role, added.provenance, added.created_by) == ("participant", "manual", editor)
    tree.red_line.refresh_from_db()
    assert tree.red_line.edited_fields == ["bodies"]
    assert added.history.latest().history_user == editor
    # the dashboards' counts of the document follow, in the same request (tracker.summary)
    assert models.BodyTally.objects.filter(document=tree.red_line.document, body=tree.finance, role="participant",
                                           status=tree.red_line.status, measures=1).exists()


@pytest.mark.parametrize("field", ["status", "span_start", "source", "document", "path", "search_tokens"])
def test_parsed_fields_and_status_are_not_editable_in_the_form(admin_client, tree, field):
    form = admin_client.get(change_url(tree.red_line)).context["adminform"].form
    assert field not in form.fields


def test_a_target_entered_by_an_editor_is_normalised_and_owned(editor_client, tree):
    data = form_data(editor_client, tree.formula)
    data.update({"targets-TOTAL_FORMS": 1, "targets-0-expression": "5万公顷", "targets-0-comparator": "ge",
                 "targets-0-value": "50000", "targets-0-unit": "公顷"})
    response = editor_client.post(change_url(tree.formula), data)
    assert response.status_code == 302, [f.formset.errors for f in response.context["inline_admin_formsets"]]
    target = tree.formula.targets.get()
    assert (target.normalised_value, target.normalised_unit, target.provenance) == (50000, "公顷", "manual")
    tree.formula.refresh_from_db()
    assert tree.formula.edited_fields == ["targets"]


def test_the_second_of_two_editors_is_told_the_measure_changed_since_it_was_opened(editor_client, tree):
    first, second = form_data(editor_client, tree.red_line), form_data(editor_client, tree.red_line)
    assert editor_client.post(change_url(tree.red_line), {**first, "heading": "第一位编辑的标题"}).status_code == 302
    refused = editor_client.post(change_url(tree.red_line), {**second, "heading": "第二位编辑的标题"})
    assert refused.status_code == 200
    assert "自您打开以来，此措施已被他人修改" in refused.content.decode()
    tree.red_line.refresh_from_db()
    assert tree.red_line.heading == "第一位编辑的标题"
