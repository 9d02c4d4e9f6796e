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

from collections.abc import Iterable

from django.db import transaction

from tracker.choices import Provenance
from tracker.models import Body, Measure, Responsibility, StatusUpdate, Target
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
    changed = list(changed)
    claim(measure, changed)
    if SEARCHED.intersection(changed):
        measure.search_tokens = search_tokens(measure.heading, measure.text)
    measure.save()


def enter_row(row: Responsibility | Target | object, user) -> None:
    """A responsibility, time frame or target as a person entered or changed it: manual provenance, its
    author when new, a target's value normalised. The caller saves it."""
    row.provenance = Provenance.MANUAL
    if isinstance(row, Responsibility) and row._state.adding:
        row.created_by = user
    if isinstance(row, Target):
        row.normalised_value, row.normalised_unit = normalise(row.value, row.unit)


@transaction.atomic
def replace_responsibilities(measure: Measure, assignments: set[tuple[Body, str]], *, user) -> None:
    """Set the measure's (body, role) assignments as a person gave them: those that stay keep their provenance,
    the others go, new ones are manual; the bodies become the person's. The caller saves the measure."""
    kept = set()
    for responsibility in measure.responsibilities.all():
        if (responsibility.body, responsibility.role) in assignments:
            kept.add((responsibility.body, responsibility.role))
        else:
            responsibility.delete()
    for body, role in assignments - kept:
        added = Responsibility(measure=measure, body=body, role=role)
        enter_row(added, user)
        added.save()
    claim(measure, ["bodies"])


def note_disagreement(disagreements: dict, name: str, current, parsed, *, shown=None) -> None:
    """Keep the parser's reading of a person's field beside it while the two differ, dropped once they agree.
    `shown` is the parser's reading as a person reads it, when the compared values are not (ids, tuples)."""
    if current == parsed:
        disagreements.pop(name, None)
    else:
        disagreements[name] = to_jsonable(parsed if shown is None else shown)
