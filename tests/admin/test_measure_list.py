"""The measure list: columns and flags, filters, index-backed Chinese search, ordering, a fixed query count."""

import pytest
from django.urls import reverse

from tests.admin.data import more_measures
from tracker import models

LIST = reverse("admin:tracker_measure_changelist")


def listed(client, **params) -> list[str]:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return [measure.path for measure in response.context["cl"].result_list]


def test_rows_show_document_path_heading_status_lead_body_end_and_flags(admin_client, tree):
    page = admin_client.get(LIST).content.decode()
    row = page[page.index("一/（一）"):]
    row = row[:row.index("</tr>")]
    for shown in ("坚决守住18亿亩耕地红线", "关于实现巩固拓展脱贫攻坚", "推进中", "农业农村部", "2023", "逾期"):
        assert shown in row
    assert "lu-flag-review" in page and "lu-flag-disagreement" in page


def test_ordered_by_document_then_position(admin_client, tree):
    assert listed(admin_client) == ["一", "一/（一）", "一/（二）", "二", "二/（一）"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"part": "一"}, ["一", "一/（一）", "一/（二）"]),
        ({"level": "1"}, ["一", "二"]),
        ({"status": "ongoing"}, ["一/（二）"]),
        ({"overdue": "yes"}, ["一/（一）"]),
        ({"has_target": "yes"}, ["一/（一）"]),
        ({"needs_review__exact": "1"}, ["二/（一）"]),
        ({"disagreement": "yes"}, ["一/（二）"]),
    ],
)
def test_filters(admin_client, tree, params, expected):
    assert listed(admin_client, **params) == expected


def test_filters_by_document_body_and_topic(admin_client, tree):
    topic, other_topic = models.Topic.objects.create(name="耕地保护"), models.Topic.objects.create(name="社会保障")
    tree.red_line.topics.add(topic)
    tree.minimum_living.topics.add(other_topic)
    other_document = models.Document.objects.create(identity="other", title="另一份文件", kind="news")
    assert listed(admin_client, document__id__exact=other_document.pk) == []
    assert len(listed(admin_client, document__id__exact=tree.document.pk)) == 5
    assert listed(admin_client, responsibilities__body__id__exact=tree.agriculture.pk) == ["一/（一）"]
    assert listed(admin_client, topics__id__exact=topic.pk) == ["一/（一）"]


def test_part_filter_offers_top_level_items_in_document_order(admin_client, tree):
    response = admin_client.get(LIST)
    part_filter = next(spec for spec in response.context["cl"].filter_specs if spec.parameter_name == "part")
    assert [value for value, _label in part_filter.lookup_choices] == ["一", "二"]


@pytest.mark.parametrize(
    ("term", "expected"),
    [("耕地红线", ["一/（一）"]), ("低保", ["一/（二）"]), ("守住 耕地", ["一/（一）"]), ("不存在的词", [])],
)
def test_search_finds_long_and_two_character_words(admin_client, tree, term, expected):
    assert listed(admin_client, q=term) == expected


def test_list_query_count_does_not_grow_with_the_data(admin_client, tree, django_assert_max_num_queries):
    more_measures(tree, 3)
    with django_assert_max_num_queries(12) as few:
        listed(admin_client)
    more_measures(tree, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(listed(admin_client)) == 48


def test_no_bulk_delete_and_no_adding_measures(admin_client, tree):
    response = admin_client.get(LIST)
    assert "delete_selected" not in response.context["action_form"].fields["action"].choices.__repr__()
    assert admin_client.get(reverse("admin:tracker_measure_add")).status_code == 403


def test_document_and_body_filters_are_search_boxes_not_lists(admin_client, tree):
    others = [models.Document.objects.create(identity=f"other-{n}", title=f"另一份文件{n}", kind="news")
              for n in range(3)]
    page = admin_client.get(LIST, {"document__id__exact": tree.document.pk}).content.decode()
    for name in ("document__id__exact", "responsibilities__body__id__exact"):
        box = page[page.index(f'<select name="{name}"'):]
        box = box[:box.index(">")]
        assert "admin-autocomplete" in box and "data-ajax--url" in box
    assert "tracker/autocomplete_filter.js" in page
    assert not any(other.title in page for other in others)  # not listed, only found by searching
    assert f'<option value="{tree.document.pk}" selected>' in page  # the chosen one is shown
