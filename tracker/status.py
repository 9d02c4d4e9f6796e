"""Status history: every change is a dated StatusUpdate; a measure's current status follows from it.

The parser's proposal is a measure's first entry; people add entries (admin actions, spreadsheet import).
Nothing is overwritten: the current status is the latest entry by effective date, then by creation.
Each entry also records the day it stopped being current (`ended_on`: the next entry's effective date; empty
for the latest), so "the status as of a day" is one indexed range query (tracker.measure_filters). Both the
measure's stored status and `ended_on` are brought in line here, in the same transaction and under the same row
locks as the new entries, and so are the dashboards' counts (tracker.summary; the ingest refreshes them for the
parser's proposals). (The parser's proposal is a measure's only entry while no person has rated it, so it is
always the latest: revising it in place leaves `ended_on` empty, as it was.)
"""

import datetime

from django.db import connection, transaction
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone

from tracker import summary
from tracker.bulk_update import in_batches, update_with_history
from tracker.lookups import any_of
from tracker.models import WRITE_BATCH_SIZE, Measure, StatusUpdate

LATEST_FIRST = ("-effective_date", "-created_at", "-pk")


def record_status(measure: Measure, status: str, **entry) -> StatusUpdate:
    """Add a status entry to one measure (see record_status_for_many); the object is brought up to date."""
    update = record_status_for_many([measure], status, **entry)[0]
    measure.refresh_from_db(fields=["status", "updated_at"])
    return update


def record_status_for_many(measures, status: str, *, effective_date: datetime.date, **entry) -> list[StatusUpdate]:
    """Add the same status entry to many measures (see record_statuses)."""
    return record_statuses([(measure.pk, status, effective_date) for measure in measures], **entry)


@transaction.atomic
def record_statuses(
    changes,
    *,
    source: str,
    author=None,
    note: str = "",
    evidence_url: str = "",
    evidence_document=None,
    evidence_link=None,
) -> list[StatusUpdate]:
    """Add a status entry to each of many measures, each (measure id, status, effective date) of `changes` its
    own, in a number of queries that grows with batches of WRITE_BATCH_SIZE measures (not with measures), and
    bring each measure's current status in line with its whole history (with an audit-trail row). The measures'
    rows are locked first, so that two recordings at once take turns and the second reads the first's entry:
    the stored status always agrees with the history."""
    changes = list(changes)
    ids = sorted({measure_id for measure_id, _status, _date in changes})
    for batch in in_batches(ids):
        lock_measures(batch)
    updates = StatusUpdate.objects.bulk_create(
        (
            StatusUpdate(
                measure_id=measure_id,
                status=status,
                effective_date=effective_date,
                source=source,
                author=author,
                note=note,
                evidence_url=evidence_url,
                evidence_document=evidence_document,
                evidence_link=evidence_link,
            )
            for measure_id, status, effective_date in changes
        ),
        batch_size=WRITE_BATCH_SIZE,
    )
    changed = []
    for batch in in_batches(ids):
        close_earlier_entries(batch)
        changed += measures_behind_their_history(batch)
    now = timezone.now()
    update_with_history(Measure, ["status", "updated_at"], [(pk, latest, now) for pk, latest, _document in changed],
                        user=author)
    summary.refresh_documents({document for _pk, _latest, document in changed})
    return updates


def lock_measures(ids: list[int]) -> None:
    """Row locks until the transaction ends (PostgreSQL; SQLite's IMMEDIATE transactions already take turns),
    taken in id order so that two recordings on overlapping measures cannot deadlock."""
    list(Measure.objects.select_for_update().filter(pk__any_of=ids).order_by("pk").values_list("pk", flat=True))


# Each entry of these measures ends where the next begins, in the order of LATEST_FIRST reversed (one statement,
# PostgreSQL and SQLite alike; the same as migration 0023's backfill).
CLOSE_ENTRIES = """
UPDATE tracker_statusupdate SET ended_on = following.next_date
FROM (SELECT id, LEAD(effective_date) OVER (PARTITION BY measure_id ORDER BY effective_date, created_at, id)
      AS next_date FROM tracker_statusupdate WHERE {measures}) AS following
WHERE tracker_statusupdate.id = following.id AND tracker_statusupdate.ended_on IS DISTINCT FROM following.next_date
"""


def close_earlier_entries(ids) -> None:
    """Set `ended_on` of these measures' entries: the next entry's effective date, empty for the latest."""
    with connection.cursor() as cursor:
        measures, params = any_of("measure_id", ids)
        cursor.execute(CLOSE_ENTRIES.format(measures=measures), params)


def measures_behind_their_history(ids) -> list[tuple[int, str, int]]:
    """(id, latest entry's status, document id) of the measures whose stored status is not their latest entry's."""
    latest = StatusUpdate.objects.filter(measure=OuterRef("pk")).order_by(*LATEST_FIRST).values("status")[:1]
    current = Measure.objects.filter(pk__any_of=ids).annotate(latest=Subquery(latest)).exclude(status=F("latest"))
    return list(current.order_by().values_list("pk", "latest", "document_id"))


def person_has_rated(history: list[StatusUpdate]) -> bool:
    """Whether anyone but the parser has recorded a status, in a measure's entries."""
    return any(entry.source != "parser" for entry in history)


def propose_status(measure: Measure, status: str, *, history: list[StatusUpdate], effective_date: datetime.date,
                   note: str) -> bool:
    """The parser's proposal, while it is the only voice in the history (the measure's entries, latest first):
    kept as one entry, revised in place when the parser reads the measure differently (or learns the
    document's date). Once a person has recorded a status, the parser proposes nothing; True when anything
    was written."""
    if person_has_rated(history):
        return False
    proposal = history[0] if history else StatusUpdate(measure=measure, source="parser")
    if proposal.pk and (proposal.status, proposal.effective_date, proposal.note) == (status, effective_date, note):
        return False
    proposal.status, proposal.effective_date, proposal.note = status, effective_date, note
    proposal.save()
    if measure.status != status:
        measure.status = status
        measure.save(update_fields=["status", "updated_at"])
    return True
