"""Review of lineage links in the admin (tracker.admin.links, tracker.reviews): the queue, decisions one at a
time and many at once, links added by hand, the lineage on both measures' pages, and who may do what."""

import datetime

from django.test import Client
from django.urls import reverse

from tests import factories
from tests.reviews.conftest import suggested_link
from tracker import reviews
from tracker.admin.links import shared_runs
from tracker.lineage import store
from tracker.models import MeasureLink, StatusProposal, TimeFrame

QUEUE = reverse("admin:tracker_measurelink_changelist")
ADD = reverse("admin:tracker_measurelink_add")


def action(client, name, links):
    return client.post(QUEUE, {"action": name, "_selected_action": [link.pk for link in links]})


def test_shared_runs_mark_the_words_both_passages_have():
    pieces = shared_runs("对农户开展定期检查", "开展定期检查、动态管理")
    assert pieces == [("对农户", False), ("开展定期检查", True)]


def test_the_queue_lists_suggestions_first_best_score_first_with_passages_marked(editor_client, lineage):
    earlier, later = lineage["earlier"], lineage["later"]
    other = factories.measure(later.document, "二/（六）", text="对有返贫致贫风险的农户开展定期检查。")
    better = suggested_link(other, earlier, score="0.9500")
    lineage["link"].review = "accepted"
    lineage["link"].save()
    weaker = suggested_link(later, factories.measure(earlier.document, "三/（三）", text="开展定期检查、动态管理。"),
                            score="0.4000")
    page = editor_client.get(QUEUE)
    assert [link.pk for link in page.context["cl"].result_list] == [better.pk, weaker.pk, lineage["link"].pk]
    assert "<mark>开展定期检查、动态管理。</mark>" in page.content.decode()


def test_the_queue_filters_by_document_relation_and_score(editor_client, lineage):
    elsewhere = suggested_link(factories.measure(text="开展定期检查。"), factories.measure(text="开展定期检查。"),
                               score="0.3500", relation="elaborates")
    listed = lambda query: [link.pk for link in editor_client.get(QUEUE + query).context["cl"].result_list]  # noqa: E731
    assert listed(f"?document={lineage['later'].document_id}") == [lineage["link"].pk]
    assert listed(f"?document={lineage['earlier'].document_id}") == [lineage["link"].pk]  # either side
    assert listed("?relation__exact=elaborates") == [elsewhere.pk]
    assert listed("?score_at_least=0.5") == [lineage["link"].pk]


def test_the_queue_shows_apart_the_suggestions_of_undated_documents(editor_client, lineage):
    undated = suggested_link(factories.measure(text="开展定期检查。"), lineage["earlier"])
    MeasureLink.objects.filter(pk=undated.pk).update(method=f"{store.METHOD_NAME}{store.UNDATED_FLAG}")
    listed = lambda query: [link.pk for link in editor_client.get(QUEUE + query).context["cl"].result_list]  # noqa: E731
    assert listed("?undated=yes") == [undated.pk]
    assert undated.pk not in listed("?undated=no") and lineage["link"].pk in listed("?undated=no")


def test_the_queue_finds_its_document_by_a_search_box_not_a_list_of_every_linked_document(editor_client, lineage):
    page = editor_client.get(QUEUE).content.decode()
    assert 'id="lu-filter-document"' in page and "autocomplete_filter.js" in page
    assert f"?document={lineage['later'].document_id}" not in page


def test_an_editor_accepts_rejects_and_changes_a_relation_each_in_the_audit_trail(editor_client, editor, lineage):
    link = lineage["link"]
    second = suggested_link(factories.measure(lineage["later"].document, "二/（七）", text="开展定期检查。"),
                            lineage["earlier"])
    third = suggested_link(factories.measure(lineage["later"].document, "二/（八）", text="开展定期检查。"),
                           lineage["earlier"])
    action(editor_client, "accept", [link])
    action(editor_client, "reject", [second])
    action(editor_client, "accept_as_strengthens", [third])
    decided = {row.pk: (row.review, row.relation, row.reviewed_by) for row in MeasureLink.objects.all()}
    assert decided == {link.pk: ("accepted", "restates", editor), second.pk: ("rejected", "restates", editor),
                       third.pk: ("accepted", "strengthens", editor)}
    trail = link.history.order_by("history_id")
    assert [(row.review, row.history_user) for row in trail] == [("suggested", None), ("accepted", editor)]


def test_a_decision_on_the_link_s_page_goes_through_the_review(editor_client, editor, lineage):
    link = lineage["link"]
    url = reverse("admin:tracker_measurelink_change", args=[link.pk])
    assert editor_client.post(url, {"relation": "elaborates", "review": "accepted"}).status_code == 302
    link.refresh_from_db()
    assert (link.relation, link.review, link.reviewed_by) == ("elaborates", "accepted", editor)


def test_an_editor_adds_a_link_by_hand_from_the_measure_s_page(editor_client, editor, lineage):
    earlier, later = lineage["earlier"], factories.measure(lineage["later"].document, "三/（一）", text="稳定帮扶政策。")
    measure_page = editor_client.get(reverse("admin:tracker_measure_change", args=[later.pk])).content.decode()
    assert f"{ADD}?from_measure={later.pk}" in measure_page
    assert editor_client.get(f"{ADD}?from_measure={later.pk}").context["adminform"].form.initial["from_measure"]
    response = editor_client.post(ADD, {"from_measure": later.pk, "to_measure": earlier.pk, "relation": "restates"})
    assert response.status_code == 302
    link = MeasureLink.objects.get(from_measure=later)
    assert (link.provenance, link.review, link.created_by, link.to_span_end) == ("manual", "accepted", editor,
                                                                                 len(earlier.text))
    assert StatusProposal.objects.get(link=link).status == "in_progress"


def test_a_link_inside_one_document_is_refused(editor_client, lineage):
    same = factories.measure(lineage["earlier"].document, "三/（四）")
    response = editor_client.post(ADD, {"from_measure": same.pk, "to_measure": lineage["earlier"].pk,
                                        "relation": "restates"})
    assert response.status_code == 200 and "同一文件" in response.content.decode()
    assert not MeasureLink.objects.filter(from_measure=same).exists()


def test_both_measures_pages_show_the_link_on_their_timeline(editor_client, lineage):
    earlier, later = lineage["earlier"], lineage["later"]
    earlier_page = editor_client.get(reverse("admin:tracker_measure_change", args=[earlier.pk]))
    later_page = editor_client.get(reverse("admin:tracker_measure_change", args=[later.pk]))
    [carried_by] = earlier_page.context["lineage"]
    [carries] = later_page.context["lineage"]
    assert (carried_by["other"], carried_by["date"], carried_by["earlier"]) == (later, datetime.date(2025, 1, 1),
                                                                                False)
    assert (carries["other"], carries["date"], carries["earlier"]) == (earlier, datetime.date(2020, 12, 16), True)
    assert "二/（五）" in earlier_page.content.decode() and "<mark>" in earlier_page.content.decode()


def test_analysts_read_the_queue_but_cannot_decide_or_add(analyst_client, lineage):
    link = lineage["link"]
    assert analyst_client.get(QUEUE).status_code == 200
    action(analyst_client, "accept", [link])
    url = reverse("admin:tracker_measurelink_change", args=[link.pk])
    assert analyst_client.post(url, {"relation": "relaxes", "review": "accepted"}).status_code == 403
    assert analyst_client.get(ADD).status_code == 403
    link.refresh_from_db()
    assert (link.review, link.relation) == ("suggested", "restates")
    page = analyst_client.get(reverse("admin:tracker_measure_change", args=[lineage["earlier"].pk]))
    assert ADD not in page.content.decode()


def test_an_accepted_link_proposes_a_status_a_person_confirms(editor_client, editor, lineage):
    earlier = lineage["earlier"]
    action(editor_client, "accept", [lineage["link"]])
    proposal = StatusProposal.objects.get(measure=earlier)
    assert (proposal.status, proposal.effective_date, proposal.state) == ("in_progress", datetime.date(2025, 1, 1),
                                                                          "open")
    earlier.refresh_from_db()
    assert earlier.status == "not_yet_rated"  # nothing changes until a person confirms
    page = editor_client.get(reverse("admin:tracker_measure_change", args=[earlier.pk]))
    assert page.context["proposals"][0]["choices"][0][0] == "in_progress"
    decide = reverse("admin:tracker_statusproposal_decide", args=[proposal.pk])
    editor_client.post(decide, {"status": "ongoing", "confirm": ""})
    earlier.refresh_from_db()
    proposal.refresh_from_db()
    entry = proposal.status_update
    assert (earlier.status, proposal.state, proposal.decided_by) == ("ongoing", "confirmed", editor)
    assert (entry.author, entry.source, entry.evidence_link, entry.effective_date) == (
        editor, "manual", lineage["link"], datetime.date(2025, 1, 1))


def test_a_restatement_after_the_time_frame_ended_proposes_a_standing_policy(editor_client, lineage):
    TimeFrame.objects.create(measure=lineage["earlier"], expression="到2022年", kind="deadline",
                             end=datetime.date(2022, 12, 31), provenance="explicit")
    action(editor_client, "accept", [lineage["link"]])
    assert StatusProposal.objects.get().status == "ongoing"


def test_rejecting_an_accepted_link_withdraws_its_open_proposal_but_keeps_a_confirmed_one(editor_client, lineage):
    link = lineage["link"]
    action(editor_client, "accept", [link])
    action(editor_client, "reject", [link])
    assert not StatusProposal.objects.exists()
    action(editor_client, "accept", [link])
    proposal = StatusProposal.objects.get()
    editor_client.post(reverse("admin:tracker_statusproposal_decide", args=[proposal.pk]), {"confirm": ""})
    action(editor_client, "reject", [link])
    assert StatusProposal.objects.get().state == "confirmed"


def test_an_unfit_status_or_an_analyst_cannot_confirm(editor, analyst_client, lineage):
    reviews.decide([lineage["link"]], "accepted", editor)
    proposal = StatusProposal.objects.get()
    decide = reverse("admin:tracker_statusproposal_decide", args=[proposal.pk])
    assert analyst_client.post(decide, {"confirm": ""}).status_code == 403
    editor_client = Client()
    editor_client.force_login(editor)
    editor_client.post(decide, {"status": "achieved", "confirm": ""})
    proposal.refresh_from_db()
    assert proposal.state == "open" and not lineage["earlier"].status_updates.filter(source="manual").exists()


def test_the_proposal_queue_confirms_and_dismisses_many(editor_client, lineage):
    other = suggested_link(factories.measure(lineage["later"].document, "二/（九）", text="开展定期检查。"),
                           factories.measure(lineage["earlier"].document, "三/（五）", text="开展定期检查。"))
    action(editor_client, "accept", [lineage["link"], other])
    first, second = StatusProposal.objects.order_by("pk")
    queue = reverse("admin:tracker_statusproposal_changelist")
    editor_client.post(queue, {"action": "confirm", "_selected_action": [first.pk]})
    editor_client.post(queue, {"action": "dismiss", "_selected_action": [second.pk]})
    assert list(StatusProposal.objects.order_by("pk").values_list("state", flat=True)) == ["confirmed", "dismissed"]
