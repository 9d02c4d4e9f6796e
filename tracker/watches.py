"""Watches and their digests: a person watches a measure, a document or a body, and a digest tells them what
happened to it since the last one — a status someone recorded, a time frame that became overdue, a recurring
obligation that fell due, a link to or from a measure of another document (found by the linker or added by a
person; not once it is rejected).

`send_digests()` (the `send_digests` command, for cron or a task worker) sends one e-mail per person with
something to report, through Django's e-mail (the console backend unless EMAIL_BACKEND says otherwise), and
moves each of their watches' `reported_until` to the moment it looked: the next digest starts there, so an
event is reported once. An event several of a person's watches cover (a status change of a measure of a
watched document, by a watched body) is listed once. Each digest carries links to stop a watch, or all.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Model, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tracker.choices import LinkReview, Status, StatusSource, TimeFrameKind, WatchEvent
from tracker.i18n import bilingual as _b
from tracker.models import Body, Document, Measure, MeasureLink, StatusUpdate, TimeFrame, Watch
from tracker.periods import add_period, parse_period
from tracker.vocabulary import OPEN_STATUSES

# What can be watched: the Watch field that points at it.
WATCHABLE: dict[type[Model], str] = {Measure: "measure", Document: "document", Body: "body"}
UNSUBSCRIBE_SALT = "luoshi.watches.unsubscribe"


def watch(user, target: Model) -> Watch:
    found, _created = Watch.objects.get_or_create(user=user, **{WATCHABLE[type(target)]: target})
    return found


def unwatch(user, target: Model) -> bool:
    deleted, _ = Watch.objects.filter(user=user, **{WATCHABLE[type(target)]: target}).delete()
    return bool(deleted)


def is_watching(user, target: Model) -> bool:
    return Watch.objects.filter(user=user, **{WATCHABLE[type(target)]: target}).exists()


@dataclass(frozen=True)
class Event:
    kind: str  # vocabulary.WATCH_EVENT
    key: tuple  # what makes two reports of it the same event
    when: datetime.date
    measure: Measure
    what: str


def watched_measures(watch: Watch) -> QuerySet[Measure]:
    if watch.measure_id:
        return Measure.objects.filter(pk=watch.measure_id)
    if watch.document_id:
        return Measure.objects.filter(document_id=watch.document_id)
    return Measure.objects.filter(responsibilities__body_id=watch.body_id).distinct()


def events_of(watch: Watch, until: datetime.datetime) -> list[Event]:
    """What happened to the watched measures after the last digest, up to `until`."""
    since = watch.reported_until or watch.created_at
    measures = watched_measures(watch).filter(withdrawn_at__isnull=True)
    return [*status_changes(measures, since, until), *became_overdue(measures, since, until),
            *fell_due(measures, since, until), *new_links(measures, since, until)]


def status_changes(measures: QuerySet[Measure], since, until) -> Iterable[Event]:
    entries = (StatusUpdate.objects.filter(measure__in=measures, created_at__gt=since, created_at__lte=until)
               .exclude(source=StatusSource.PARSER).select_related("measure__document", "author")
               .order_by("effective_date", "pk"))
    for entry in entries:
        author = f"{entry.author} · " if entry.author else ""
        what = f"{entry.get_status_display()} ({entry.effective_date}) {author}{entry.note}".strip()
        yield Event(WatchEvent.STATUS_CHANGE, ("status", entry.pk), entry.effective_date, entry.measure, what)


def became_overdue(measures: QuerySet[Measure], since, until) -> Iterable[Event]:
    """Time frames that ended in the days since the last digest while their measure is still open: a time frame
    is overdue from the day after its end."""
    first, last = timezone.localdate(since), timezone.localdate(until)
    frames = (TimeFrame.objects.filter(measure__in=measures, end__gte=first, end__lt=last,
                                       measure__status__in=OPEN_STATUSES)
              .select_related("measure__document").order_by("end", "pk"))
    for frame in frames:
        what = f"{frame.expression} → {frame.end} · {frame.measure.get_status_display()}"
        yield Event(WatchEvent.BECAME_OVERDUE, ("overdue", frame.pk), frame.end, frame.measure, what)


def fell_due(measures: QuerySet[Measure], since, until) -> Iterable[Event]:
    """Recurring obligations (每年, 每5年 …) whose due date came since the last digest, each date once, while the
    measure is still to be done or a standing policy (its recurrences are the work)."""
    first, last = timezone.localdate(since), timezone.localdate(until)
    frames = (TimeFrame.objects.filter(measure__in=measures, kind=TimeFrameKind.RECURRENCE, due__lte=last,
                                       measure__status__in=OPEN_STATUSES | {Status.ONGOING})
              .select_related("measure__document").order_by("due", "pk"))
    for frame in frames:
        for day in due_dates(frame, after=first, until=last):
            what = f"{frame.expression} → {day} · {frame.measure.get_status_display()}"
            yield Event(WatchEvent.FELL_DUE, ("due", frame.pk, day), day, frame.measure, what)


def due_dates(frame: TimeFrame, after: datetime.date, until: datetime.date) -> Iterable[datetime.date]:
    """The recurrence's due dates in (after, until]: its first due date stepped by its period (yearly if unknown)."""
    count, unit = parse_period(frame.period) or (1, "Y")
    day, steps = frame.due, 0
    while day <= until:
        if day > after:
            yield day
        steps += 1
        day = add_period(frame.due, steps * count, unit)  # from the first date, so 31 Jan stays the month's end


def new_links(measures: QuerySet[Measure], since, until) -> Iterable[Event]:
    """Links made since the last digest that carry a watched measure forward, or that it carries forward."""
    made = (MeasureLink.objects.filter(created_at__gt=since, created_at__lte=until)
            .exclude(review=LinkReview.REJECTED).select_related("from_measure__document", "to_measure__document")
            .order_by("created_at", "pk"))
    sides = (("from_measure", "to_measure", _b("carries forward", "承接")),
             ("to_measure", "from_measure", _b("carried forward by", "被承接于")))
    for watched_side, other_side, direction in sides:
        for link in made.filter(**{f"{watched_side}__in": measures}):
            other = getattr(link, other_side)
            what = (f"{direction} {other.document.title} {other.path} · {link.get_relation_display()} · "
                    f"{link.get_review_display()}")
            yield Event(WatchEvent.NEW_LINK, ("link", link.pk), timezone.localdate(link.created_at),
                        getattr(link, watched_side), what)


@dataclass(frozen=True)
class Digest:
    user: object
    events: list[Event]  # each once, by kind then date
    watches: list[Watch]


def digest_of(user, watches: list[Watch], until: datetime.datetime) -> Digest:
    unique: dict[tuple, Event] = {}
    for one in watches:
        for event in events_of(one, until):
            unique.setdefault(event.key, event)
    kinds = [value for value, _label in WatchEvent.choices]
    events = sorted(unique.values(), key=lambda e: (kinds.index(e.kind), e.when, e.measure.pk))
    return Digest(user, events, watches)


def unsubscribe_token(*, watch: Watch | None = None, user=None) -> str:
    """A link's token that stops one watch, or every watch of a user, without logging in."""
    return signing.dumps(["watch", watch.pk] if watch else ["user", user.pk], salt=UNSUBSCRIBE_SALT)


def unsubscribe(token: str) -> int:
    """Stop what the token names; the number of watches stopped. Raises signing.BadSignature."""
    kind, pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    watches = Watch.objects.filter(pk=pk) if kind == "watch" else Watch.objects.filter(user_id=pk)
    deleted, _ = watches.delete()
    return deleted


LOCAL_SITE_URL = "http://127.0.0.1:8000"  # where `make run` serves, when SITE_URL is not set


def absolute(path: str) -> str:
    return (settings.SITE_URL or LOCAL_SITE_URL).rstrip("/") + path


def render_digest(digest: Digest) -> str:
    groups = [(label, [e for e in digest.events if e.kind == value]) for value, label in WatchEvent.choices]
    return render_to_string("tracker/watches/digest.txt", {
        "user": digest.user,
        "groups": [(label, [(e, absolute(reverse("admin:tracker_measure_change", args=[e.measure.pk])))
                            for e in events]) for label, events in groups if events],
        "watches": [(w, absolute(reverse("watch-unsubscribe", args=[unsubscribe_token(watch=w)])))
                    for w in digest.watches],
        "unsubscribe_all": absolute(reverse("watch-unsubscribe", args=[unsubscribe_token(user=digest.user)])),
    })


def send_digests(now: datetime.datetime | None = None) -> dict:
    """One digest per person with watches and an e-mail address; what was sent."""
    now = now or timezone.now()
    by_user: dict[int, list[Watch]] = {}
    for one in Watch.objects.select_related("user", "measure", "document", "body").order_by("user_id", "pk"):
        by_user.setdefault(one.user_id, []).append(one)
    sent = events = 0
    for watches in by_user.values():
        user = watches[0].user
        if not user.email:
            continue  # nowhere to send; its watches keep their place until the person gives an address
        digest = digest_of(user, watches, now)
        with transaction.atomic():
            if digest.events:
                subject = str(_b("Luoshi: {} updates on what you watch", "落实：您关注的内容有 {} 条动态"))
                send_mail(subject.format(len(digest.events)), render_digest(digest), None, [user.email])
                sent, events = sent + 1, events + len(digest.events)
            Watch.objects.filter(pk__in=[w.pk for w in watches]).update(reported_until=now)
    return {"digests": sent, "events": events, "watchers": len(by_user)}
