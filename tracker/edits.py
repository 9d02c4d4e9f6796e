"""People's edits of measures: the one module that makes a measure's field a person's own.

A person owns what they changed: the heading, the text, the topics (the measure's own form), the bodies, time
frames and targets (rows a person entered, changed or deleted), and the status (any entry in the status
history that is not the parser's, `tracker.status`). The ingest asks `owns` before it writes: it never
overwrites an owned field, and where the parser reads it differently it keeps the parser's reading beside the
person's as a disagreement (`note_disagreement`) for review.

Everything a person changes on a measure goes through here — the measure's admin page, the spreadsheet import,
any future write of the API — so the rules are the same everywhere: owned fields are marked, the search words
follow a changed heading or text, a row a person enters has `manual` provenance and its author, a target's
value is normalised.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from tracker.bulk_update import in_batches, record_history, update_with_history
from tracker.choices import Provenance
from tracker.lineage import word_counts
from tracker.lookups import any_of
from tracker.models import WRITE_BATCH_SIZE, Body, Measure, Responsibility, StatusUpdate, Target
from tracker.parsing.records import to_jsonable
from tracker.search import search_tokens
from tracker.status import person_has_rated
from tracker.units import normalise

# The fields of a measure a person can make their own by editing them (`Measure.edited_fields`); the status is
# owned through the status history instead.
OWNABLE = ("heading", "text", "bodies", "time_frames", "targets", "topics")
SEARCHED = frozenset({"heading", "text"})  # the search words are made from these


def owns(measure: Measure, name: str, status_history: Iterable[StatusUpdate] = ()) -> bool:
    """Whether a person owns this field of the measure (for `status`: its entries, latest first)."""
    if name == "status":
        return person_has_rated(list(status_history))
    return name in measure.edited_fields


def claim(measure: Measure, names: Iterable[str]) -> None:
    """Mark fields as the person's own (in memory; `save_edit` saves)."""
    names = list(names)
    unknown = set(names) - set(OWNABLE)
    if unknown:
        raise ValueError(f"not a field a person can own: {sorted(unknown)}")
    measure.edited_fields = list(dict.fromkeys([*measure.edited_fields, *names]))


def save_edit(measure: Measure, changed: Iterable[str]) -> None:
    """Save a person's change of the measure: the changed fields become theirs, the search words follow a
    changed heading or text. One save, so one audit-trail entry (its author: the request's user)."""
    _mark_edit(measure, list(changed))
    with word_counts.following(Measure.objects.filter(pk=measure.pk)):
        measure.save()


def _mark_edit(measure: Measure, changed: list[str]) -> None:
    claim(measure, changed)
    if SEARCHED.intersection(changed):
        measure.search_tokens = search_tokens(measure.heading, measure.text)


def save_edits(edited: dict[Measure, list[str]], *, user) -> None:
    """`save_edit` for many measures at once (the spreadsheet import): one UPDATE and one audit-trail INSERT per
    batch of WRITE_BATCH_SIZE measures, the audit trail's author `user`."""
    now = timezone.now()
    for measure, changed in edited.items():
        _mark_edit(measure, changed)
    with word_counts.following(Measure.objects.filter(pk__any_of=[measure.pk for measure in edited])):
        update_with_history(Measure, ["heading", "search_tokens", "edited_fields", "updated_at"], [
            (measure.pk, measure.heading, measure.search_tokens, measure.edited_fields, now) for measure in edited
        ], user=user)


def enter_row(row: Responsibility | Target | object, user) -> None:
    """A responsibility, time frame or target as a person entered or changed it: manual provenance, its
    author when new, a target's value normalised. The caller saves it."""
    row.provenance = Provenance.MANUAL
    if isinstance(row, Responsibility) and row._state.adding:
        row.created_by = user
    if isinstance(row, Target):
        row.normalised_value, row.normalised_unit = normalise(row.value, row.unit)


def replace_responsibilities(measure: Measure, assignments: set[tuple[Body, str]], *, user) -> None:
    """Set the measure's (body, role) assignments as a person gave them: those that stay keep their provenance,
    the others go, new ones are manual; the bodies become the person's. The caller saves the measure."""
    replace_responsibilities_of_many({measure: assignments}, user=user)


@transaction.atomic
def replace_responsibilities_of_many(wanted: dict[Measure, set[tuple[Body, str]]], *, user) -> None:
    """`replace_responsibilities` for many measures at once, in a number of queries that grows with batches, not
    with measures (the current rows read as values, the audit trail copied by the database: tracker.bulk_update).
    The caller saves the measures (`save_edits`)."""
    current: dict[int, dict[tuple[int, str], int]] = defaultdict(dict)  # measure -> (body, role) -> row
    for batch in in_batches([measure.pk for measure in wanted]):
        rows = Responsibility.objects.filter(measure_id__any_of=batch).values_list("pk", "measure", "body", "role")
        for pk, measure, body, role in rows:
            current[measure][(body, role)] = pk
    removed, added = [], []
    for measure, assignments in wanted.items():
        rows = current[measure.pk]
        kept = {(body.pk, role) for body, role in assignments}
        removed += [pk for assignment, pk in rows.items() if assignment not in kept]
        for body, role in assignments:
            if (body.pk, role) not in rows:
                row = Responsibility(measure=measure, body=body, role=role)
                enter_row(row, user)
                added.append(row)
        claim(measure, ["bodies"])
    delete_with_history(removed, user=user)
    created = Responsibility.objects.bulk_create(added, batch_size=WRITE_BATCH_SIZE)
    record_history(Responsibility, [row.pk for row in created], user=user, history_type="+")


def delete_with_history(ids: list[int], *, user) -> None:
    """Delete responsibilities with their audit-trail entries ("-", as a row's own delete() writes them), in
    batches: a queryset's delete() would write each entry with an INSERT of its own (simple_history's
    post_delete signal), so the rows go by one DELETE per batch instead."""
    record_history(Responsibility, ids, user=user, history_type="-")
    with connection.cursor() as cursor:
        for batch in in_batches(ids):
            rows, params = any_of("id", batch)
            cursor.execute(f"DELETE FROM tracker_responsibility WHERE {rows}", params)


def note_disagreement(disagreements: dict, name: str, current, parsed, *, shown=None) -> None:
    """Keep the parser's reading of a person's field beside it while the two differ, dropped once they agree.
    `shown` is the parser's reading as a person reads it, when the compared values are not (ids, tuples)."""
    if current == parsed:
        disagreements.pop(name, None)
    else:
        disagreements[name] = to_jsonable(parsed if shown is None else shown)
