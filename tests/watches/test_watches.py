"""Watches: the button on a measure's, document's and body's page, the digest (each event once, each only
once across digests), and stopping a watch from the digest's own link."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.reviews.conftest import whole_text_link
from tracker import models
from tracker.status import record_status
from tracker.watches import due_dates, send_digests, watch


def toggle_url(target) -> str:
    return reverse("admin:tracker_watch_toggle", args=[target._meta.model_name, target.pk])


def page_of(target) -> str:
    return reverse(f"admin:tracker_{target._meta.model_name}_change", args=[target.pk])


@pytest.mark.parametrize("target", ["red_line", "document", "agriculture"])
def test_the_button_on_a_page_watches_and_stops_watching(analyst_client, analyst, tree, target):
    thing = getattr(tree, target)
    assert "关注" in analyst_client.get(page_of(thing)).content.decode()
    assert analyst_client.post(toggle_url(thing)).status_code == 302
    assert models.Watch.objects.get(user=analyst).target == thing
    assert "取消关注" in analyst_client.get(page_of(thing)).content.decode()
    analyst_client.post(toggle_url(thing))
    assert not models.Watch.objects.exists()


def test_toggling_needs_a_post_and_the_right_to_see_the_thing(client, django_user_model, tree):
    stranger = django_user_model.objects.create_user("stranger", is_staff=True)
    client.force_login(stranger)
    assert client.post(toggle_url(tree.red_line)).status_code == 403
    assert client.get(toggle_url(tree.red_line)).status_code == 405
    assert not models.Watch.objects.exists()


def test_people_see_and_stop_only_their_own_watches(editor_client, editor, analyst, tree):
    mine = watch(editor, tree.red_line)
    theirs = watch(analyst, tree.red_line)
    listing = editor_client.get(reverse("admin:tracker_watch_changelist")).content.decode()
    assert page_of(tree.red_line) in listing and listing.count(page_of(tree.red_line)) == 1
    # another's watch is not among one's own: the admin answers as for a missing one
    editor_client.post(reverse("admin:tracker_watch_delete", args=[theirs.pk]), {"post": "yes"})
    assert models.Watch.objects.filter(pk=theirs.pk).exists()
    editor_client.post(reverse("admin:tracker_watch_delete", args=[mine.pk]), {"post": "yes"})
    assert not models.Watch.objects.filter(pk=mine.pk).exists()


def backdate(watch_row, days: int) -> None:
    models.Watch.objects.filter(pk=watch_row.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def test_a_digest_lists_each_event_once_and_the_next_digest_does_not_repeat_it(editor, tree):
    editor.email = "editor@example.org"
    editor.save()
    for target in (tree.red_line, tree.document, tree.agriculture):  # three watches covering the same measure
        backdate(watch(editor, target), days=3)
    record_status(tree.red_line, "stalled", effective_date=datetime.date(2024, 5, 1), source="manual",
                  author=editor, note="资金未到位")
    record_status(tree.red_line, "in_progress", effective_date=datetime.date(2024, 6, 1), source="parser")
    ending = models.TimeFrame.objects.create(measure=tree.red_line, expression="两天前", kind="deadline",
                                             end=timezone.localdate() - datetime.timedelta(days=2))

    assert send_digests() == {"digests": 1, "events": 2, "watchers": 1}
    [message] = mail.outbox
    assert message.to == ["editor@example.org"]
    body = message.body
    assert body.count("资金未到位") == 1  # the status change, once although three watches cover it
    assert body.count(f"两天前 → {ending.end}") == 1  # the time frame that became overdue
    assert "解析器" not in body and "in_progress" not in body  # the parser's proposals are no news
    assert f"/admin/tracker/measure/{tree.red_line.pk}/change/" in body

    assert send_digests()["digests"] == 0  # nothing new since
    assert len(mail.outbox) == 1


def test_a_digest_lists_each_new_link_once_from_either_side_and_never_a_rejected_one(editor, tree):
    editor.email = "editor@example.org"
    editor.save()
    later_document = factories.document("关于进一步深化农村改革扎实推进乡村全面振兴的意见")
    later = factories.measure(later_document, "二/（五）", text="守住耕地红线。")
    for target in (tree.red_line, tree.document, later_document):  # the link is seen from both of its ends
        backdate(watch(editor, target), days=3)
    carried = whole_text_link(later, tree.red_line, relation="strengthens")
    whole_text_link(later, tree.minimum_living, review="rejected")

    assert send_digests() == {"digests": 1, "events": 1, "watchers": 1}
    body = mail.outbox[0].body
    assert body.count("新增承接关联") == 1 and body.count("强化") == 1
    # listed once, from the first watch's side: the watched opinion item, carried forward by the later one
    assert f"/admin/tracker/measure/{carried.to_measure_id}/change/" in body
    assert f"被承接于 {later_document.title} 二/（五）" in body
    assert "低保" not in body.split("您关注的是")[0]  # the rejected link is no news


def test_a_recurring_obligation_is_reported_on_each_due_date_once(editor, tree):
    editor.email = "editor@example.org"
    editor.save()
    backdate(watch(editor, tree.red_line), days=3)
    two_days_ago = timezone.localdate() - datetime.timedelta(days=2)
    yearly = models.TimeFrame.objects.create(  # first due a year before: due again two days ago
        measure=tree.red_line, expression="每年开展一次检查", kind="recurrence", period="P1Y",
        due=two_days_ago.replace(year=two_days_ago.year - 1))
    models.TimeFrame.objects.create(measure=tree.red_line, expression="每5年修订", kind="recurrence", period="P5Y",
                                    due=timezone.localdate() + datetime.timedelta(days=30))  # not yet due

    assert send_digests()["events"] == 1
    body = mail.outbox[0].body
    assert "周期性要求到期" in body and f"每年开展一次检查 → {two_days_ago}" in body
    assert yearly.due.isoformat() not in body  # the first due date came before the watch
    assert send_digests()["digests"] == 0  # each due date once


def test_due_dates_step_from_the_first_one():
    monthly = models.TimeFrame(expression="每月底前", kind="recurrence", period="P1M", due=datetime.date(2024, 1, 31))
    assert list(due_dates(monthly, after=datetime.date(2024, 1, 31), until=datetime.date(2024, 4, 30))) == [
        datetime.date(2024, 2, 29), datetime.date(2024, 3, 31), datetime.date(2024, 4, 30)]
    unknown_period = models.TimeFrame(expression="定期", kind="recurrence", period="", due=datetime.date(2024, 6, 1))
    assert list(due_dates(unknown_period, after=datetime.date(2024, 6, 1), until=datetime.date(2026, 6, 1))) == [
        datetime.date(2025, 6, 1), datetime.date(2026, 6, 1)]  # yearly


def test_overdue_is_reported_only_while_the_measure_is_open(editor, tree):
    editor.email = "editor@example.org"
    editor.save()
    backdate(watch(editor, tree.minimum_living), days=5)  # ongoing: a standing policy is never overdue
    models.TimeFrame.objects.create(measure=tree.minimum_living, expression="昨天", kind="deadline",
                                    end=timezone.localdate() - datetime.timedelta(days=1))
    assert send_digests()["digests"] == 0


def test_someone_without_an_email_address_keeps_their_place(editor, tree):
    backdate(watch(editor, tree.red_line), days=3)
    record_status(tree.red_line, "achieved", effective_date=datetime.date(2024, 5, 1), source="manual")
    assert send_digests()["digests"] == 0
    assert models.Watch.objects.get().reported_until is None


def unsubscribe_links(body: str) -> list[str]:
    return re.findall(r"http://[^\s]+/watches/unsubscribe/[^\s]+/", body)


def test_the_digests_links_stop_one_watch_or_all(client, editor, tree):
    editor.email = "editor@example.org"
    editor.save()
    for target in (tree.red_line, tree.document):
        backdate(watch(editor, target), days=3)
    record_status(tree.red_line, "achieved", effective_date=datetime.date(2024, 5, 1), source="manual")
    send_digests()
    *one_each, everything = unsubscribe_links(mail.outbox[0].body)
    assert len(one_each) == 2

    path = one_each[0].split("127.0.0.1:8000", 1)[1]
    confirm_page = client.get(path)  # no login: the link is the key
    assert confirm_page.status_code == 200 and models.Watch.objects.count() == 2  # a GET stops nothing
    client.post(path)
    assert models.Watch.objects.count() == 1
    client.post(everything.split("127.0.0.1:8000", 1)[1])
    assert not models.Watch.objects.exists()
    assert client.get("/watches/unsubscribe/forged-token/").status_code == 400


def test_the_command_sends_the_digests(editor, tree, capsys):
    editor.email = "editor@example.org"
    editor.save()
    backdate(watch(editor, tree.red_line), days=3)
    record_status(tree.red_line, "achieved", effective_date=datetime.date(2024, 5, 1), source="manual")
    call_command("send_digests")
    assert "1 digests sent (1 events" in capsys.readouterr().out
    assert len(mail.outbox) == 1
