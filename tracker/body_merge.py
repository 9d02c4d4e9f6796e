"""Merging duplicate bodies of the registry into one (an admin action)."""

from django.db import transaction

from tracker import summary
from tracker.models import Body, Responsibility


@transaction.atomic
def merge_bodies(keep: Body, duplicates) -> None:
    """Move everything that points at the duplicates to `keep`, record their names as its aliases, delete them.

    The aliases make the next ingest resolve the duplicates' names to `keep`.
    """
    duplicates = [body for body in duplicates if body.pk != keep.pk]
    duplicate_ids = {body.pk for body in duplicates}
    held = Responsibility.objects.filter(body__in=duplicate_ids)
    documents = set(held.values_list("measure__document_id", flat=True))  # their dashboards' counts change
    for duplicate in duplicates:
        move_responsibilities(duplicate, keep)
        keep.issued_documents.add(*duplicate.issued_documents.all())
        duplicate.children.exclude(pk=keep.pk).update(parent=keep)
        duplicate.predecessors.exclude(pk=keep.pk).update(successor=keep)
        keep.aliases = list(dict.fromkeys([*keep.aliases, duplicate.name, *duplicate.aliases]))
    if keep.successor_id in duplicate_ids:
        keep.successor = None
    if keep.parent_id in duplicate_ids:
        keep.parent = None
    keep.save()
    for duplicate in duplicates:
        duplicate.delete()  # its rows of the dashboards' summary with it
    summary.refresh_documents(documents)


def move_responsibilities(duplicate: Body, keep: Body) -> None:
    """One by one, so each move is in the audit trail; an assignment `keep` already has is dropped."""
    held = set(keep.responsibilities.values_list("measure_id", "role"))
    for responsibility in duplicate.responsibilities.all():
        if (responsibility.measure_id, responsibility.role) in held:
            responsibility.delete()
        else:
            responsibility.body = keep
            responsibility.save()
            held.add((responsibility.measure_id, responsibility.role))
