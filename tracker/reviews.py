"""People's decisions on lineage links, and the status proposals accepted links make.

`tracker.lineage` suggests links; a person accepts or rejects them, changes a relation or adds a link by hand,
here and nowhere else, so every decision carries who and when (and an audit-trail row) and a recomputation can
tell a decided link from a suggestion. An accepted link proposes a status for the earlier measure; the proposal
changes nothing until a person confirms it, which records an ordinary status entry by that person
(`tracker.status`) with the link as its evidence.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tracker import summary
from tracker.i18n import bilingual as _b
from tracker.models import Measure, MeasureLink, StatusProposal, TimeFrame
from tracker.status import record_status
from tracker.vocabulary import LINK_STATUS_PROPOSALS


@transaction.atomic
def decide(links, review: str, user, relation: str | None = None) -> int:
    """Accept or reject links (optionally with another relation); the number of links changed."""
    now = timezone.now()
    changed, carried = 0, set()
    for link in MeasureLink.objects.select_for_update().filter(pk__in=[link.pk for link in links]):
        if (link.review, link.relation) == (review, relation or link.relation):
            continue
        link.review, link.relation = review, relation or link.relation
        link.reviewed_by, link.reviewed_at = user, now
        link._history_user = user
        link.save()
        sync_proposal(link)
        changed += 1
        carried.add(link.to_measure_id)
    summary.refresh_carried(Measure.objects.filter(pk__in=carried).values_list("document_id", flat=True).distinct())
    return changed


def check_new_link(later: Measure, earlier: Measure) -> None:
    """A link joins measures of two documents, once."""
    if later.document_id == earlier.document_id:
        raise ValidationError(_b("Both measures are in one document: lineage links two documents.",
                                 "两条措施属于同一文件：沿革关联须连接两个文件。"))
    if MeasureLink.objects.filter(from_measure=later, to_measure=earlier).exists():
        raise ValidationError(_b("These measures are linked already.", "这两条措施已有关联。"))


@transaction.atomic
def add_link(later: Measure, earlier: Measure, relation: str, user) -> MeasureLink:
    """A link a person adds by hand: accepted at once, its evidence the two measures' whole texts."""
    check_new_link(later, earlier)
    now = timezone.now()
    link = MeasureLink(
        from_measure=later, to_measure=earlier, relation=relation, score=1, provenance="manual", created_by=user,
        review="accepted", reviewed_by=user, reviewed_at=now,
        from_span_start=0, from_span_end=len(later.text), to_span_start=0, to_span_end=len(earlier.text),
    )
    link._history_user = user
    link.save()
    sync_proposal(link)
    summary.refresh_carried([earlier.document_id])
    return link


def sync_proposal(link: MeasureLink) -> None:
    """An accepted link has a status proposal for its earlier measure; a rejected one has none left open.
    A proposal a person has decided is theirs and stays as it is."""
    proposal = StatusProposal.objects.filter(link=link).first()
    if proposal and proposal.state != "open":
        return
    if link.review != "accepted":
        if proposal:
            proposal.delete()
        return
    date = link.from_measure.document.date
    status = proposed_status(link.relation, link.to_measure, date)
    if proposal is None:
        proposal = StatusProposal(link=link, measure_id=link.to_measure_id)
    proposal.status, proposal.effective_date = status, date
    proposal.save()


def proposed_status(relation: str, earlier: Measure, date: datetime.date | None) -> str:
    """restates/elaborates while the earlier measure's time frame runs: still in progress; after its last end:
    a standing policy (ongoing). Other relations: their first proposal (tracker.vocabulary)."""
    choices = LINK_STATUS_PROPOSALS[relation]
    if len(choices) == 1 or relation not in ("restates", "elaborates") or date is None:
        return choices[0]
    ends = TimeFrame.objects.filter(measure=earlier, end__isnull=False).values_list("end", flat=True)
    last_end = max(ends, default=None)
    return choices[1] if last_end is not None and date > last_end else choices[0]


def status_choices(proposal: StatusProposal) -> tuple[str, ...]:
    """The statuses a person may confirm the proposal with."""
    choices = LINK_STATUS_PROPOSALS[proposal.link.relation]
    return (proposal.status, *(choice for choice in choices if choice != proposal.status))


@transaction.atomic
def confirm_proposal(proposal: StatusProposal, user, status: str | None = None) -> None:
    """The person's status entry, dated at the later document's date (today when it has none)."""
    proposal = StatusProposal.objects.select_for_update().select_related("link__from_measure__document").get(
        pk=proposal.pk)
    if proposal.state != "open":
        return
    status = status or proposal.status
    if status not in status_choices(proposal):
        raise ValidationError(_b("Not a status this link can propose.", "该关联不能建议此状态。"))
    link = proposal.link
    later = link.from_measure
    note = f"{later.document.title} {later.path}: {link.get_relation_display()}"
    entry = record_status(
        proposal.measure, status, effective_date=proposal.effective_date or timezone.localdate(), source="manual",
        author=user, note=note, evidence_document=later.document, evidence_link=link,
    )
    proposal.state, proposal.status, proposal.status_update = "confirmed", status, entry
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    proposal.save()


@transaction.atomic
def dismiss_proposal(proposal: StatusProposal, user) -> None:
    StatusProposal.objects.filter(pk=proposal.pk, state="open").update(
        state="dismissed", decided_by=user, decided_at=timezone.now())
