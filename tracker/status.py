"""Status history: every change is a dated StatusUpdate; a measure's current status follows from it.

The parser's proposal is a measure's first entry; people add entries (admin actions, spreadsheet import).
Nothing is overwritten: the current status is the latest entry by effective date, then by creation.
"""

import datetime

from django.db import transaction

from tracker.models import Measure, StatusUpdate

LATEST_FIRST = ("-effective_date", "-created_at", "-pk")


def status_as_of(measure: Measure, as_of: datetime.date) -> str | None:
    """What the measure's status was on a given date (None before its first entry)."""
    entries = measure.status_updates.filter(effective_date__lte=as_of).order_by(*LATEST_FIRST)
    return entries.values_list("status", flat=True).first()


@transaction.atomic
def record_status(
    measure: Measure,
    status: str,
    *,
    effective_date: datetime.date,
    source: str,
    author=None,
    note: str = "",
    evidence_url: str = "",
    evidence_document=None,
) -> StatusUpdate:
    """Add a status entry and bring the measure's current status in line with the whole history."""
    update = StatusUpdate.objects.create(
        measure=measure,
        status=status,
        effective_date=effective_date,
        source=source,
        author=author,
        note=note,
        evidence_url=evidence_url,
        evidence_document=evidence_document,
    )
    current = measure.status_updates.order_by(*LATEST_FIRST).values_list("status", flat=True).first()
    if measure.status != current:
        measure.status = current
        measure.save(update_fields=["status", "updated_at"])
    return update
