"""Lineage in the admin: the review queue of links (editors decide, analysts read), a link added by hand, and
the status proposals accepted links make. Every decision goes through `tracker.reviews`."""

from difflib import SequenceMatcher

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from tracker import models, reviews
from tracker.admin.base import LuoshiStyle, measure_link, short_heading
from tracker.admin.filters import AutocompleteFilter, YesNoFilter
from tracker.choices import LinkRelation, Status
from tracker.i18n import bilingual as _b
from tracker.lineage.store import UNDATED_FLAG
from tracker.resources import say

SHARED_RUN = 2  # characters in a row two passages share before they are highlighted as matching words
SCORE_FLOORS = ("0.9", "0.7", "0.5", "0.3")


def shared_runs(text: str, other: str) -> list[tuple[str, bool]]:
    """`text` cut into pieces, each marked True where `other` has the same characters (SHARED_RUN or more)."""
    matcher = SequenceMatcher(None, text, other, autojunk=False)
    pieces, position = [], 0
    for block in matcher.get_matching_blocks():
        if block.size < SHARED_RUN:
            continue
        pieces += [(text[position:block.a], False), (text[block.a:block.a + block.size], True)]
        position = block.a + block.size
    pieces.append((text[position:], False))
    return [(piece, shared) for piece, shared in pieces if piece]


def highlighted(text: str, other: str) -> str:
    return format_html_join("", "{}", ((format_html("<mark>{}</mark>", piece) if shared else piece,)
                                       for piece, shared in shared_runs(text, other)))


def side_by_side(link: models.MeasureLink) -> str:
    """The two passages next to each other, the words they share marked."""
    later, earlier = link.passages()
    return format_html(
        '<div class="lu-pair"><div><div class="lu-pair-head">{} {}</div>{}</div>'
        '<div><div class="lu-pair-head">{} {}</div>{}</div></div>',
        link.from_measure.document.title, link.from_measure.path, highlighted(later, earlier),
        link.to_measure.document.title, link.to_measure.path, highlighted(earlier, later),
    )


class ScoreFloorFilter(admin.SimpleListFilter):
    title = _b("score at least", "得分不低于")
    parameter_name = "score_at_least"

    def lookups(self, request, model_admin):
        return [(floor, floor) for floor in SCORE_FLOORS]

    def queryset(self, request, queryset):
        return queryset.filter(score__gte=self.value()) if self.value() in SCORE_FLOORS else queryset


class LinkedDocumentFilter(AutocompleteFilter):
    """Links with a measure of the document on either side, the document found by a search box (a million
    measures have thousands of linked documents to list)."""

    title = _b("document", "文件")
    parameter_name = "document"  # the carry-forward dashboard's cells link here with it
    field_path = "document"

    def queryset(self, request, queryset):
        if not (self.value() or "").isdigit():
            return queryset
        measures = models.Measure.objects.filter(document=self.value()).values("pk")
        # A union of each side's links, not one OR: with the OR the planner read the queue's order index and
        # filtered it, tens of thousands of rows for a document with a few links (0.1 s; the union 8 ms).
        from_side = models.MeasureLink.objects.filter(from_measure__in=measures).values("pk")
        to_side = models.MeasureLink.objects.filter(to_measure__in=measures).values("pk")
        return queryset.filter(pk__in=from_side.union(to_side, all=True))


class UndatedFilter(YesNoFilter):
    """Suggestions from a document with no date, linked against every dated one (tracker.lineage.store): to be
    checked, and the document dated."""

    title = _b("from an undated document", "来自未注明日期的文件")
    parameter_name = "undated"

    def condition(self) -> Q:
        return Q(method__endswith=UNDATED_FLAG)


class ManualLinkForm(forms.ModelForm):
    class Meta:
        model = models.MeasureLink
        fields = ["from_measure", "to_measure", "relation"]

    def clean(self):
        cleaned = super().clean()
        later, earlier = cleaned.get("from_measure"), cleaned.get("to_measure")
        if later and earlier:
            reviews.check_new_link(later, earlier)
        return cleaned


def relation_action(relation: str, label):
    """An action that accepts the chosen links with this relation."""

    def accept_as(modeladmin, request, queryset):
        changed = reviews.decide(queryset, "accepted", request.user, relation=relation)
        modeladmin.message_user(request, say("{} links accepted.", "已确认 {} 条关联。", changed))

    accept_as.__name__ = f"accept_as_{relation}"
    return admin.action(description=_b(f"Accept as: {label.split(' / ')[0]}", f"确认为：{label}"),
                        permissions=["change"])(accept_as)


@admin.register(models.MeasureLink)
class MeasureLinkAdmin(LuoshiStyle, admin.ModelAdmin):
    """The review queue: suggestions first, best score first."""

    list_display = ["evidence", "relation", "score", "review", "provenance"]
    list_filter = ["review", "relation", "provenance", ScoreFloorFilter, UndatedFilter, LinkedDocumentFilter]
    list_per_page = 25
    show_full_result_count = False  # a filtered page counts its own rows only, not the whole table again
    actions = ["accept", "reject", *(relation_action(value, label) for value, label in LinkRelation.choices)]
    autocomplete_fields = ["from_measure", "to_measure"]
    readonly_fields = ["evidence", "later_measure", "earlier_measure", "score", "provenance", "method", "created_by",
                       "reviewed_by", "reviewed_at", "created_at"]
    fields = ["evidence", "later_measure", "earlier_measure", "relation", "review", "score", "provenance", "method",
              "created_by", "reviewed_by", "reviewed_at", "created_at"]

    @property
    def media(self):
        return super().media + AutocompleteFilter.media(self.admin_site)

    def get_queryset(self, request):
        return (super().get_queryset(request).select_related("from_measure__document", "to_measure__document")
                .order_by(models.SUGGESTIONS_FIRST, "-score", "pk"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ManualLinkForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        return ManualLinkForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False  # a decision is kept: reject a link instead

    def save_model(self, request, obj, form, change):
        if change:
            reviews.decide([obj], form.cleaned_data["review"], request.user, relation=form.cleaned_data["relation"])
        else:
            form.instance = reviews.add_link(obj.from_measure, obj.to_measure, obj.relation, request.user)

    @admin.display(description=_b("evidence (later | earlier)", "依据（后续 | 在先）"))
    def evidence(self, link):
        return side_by_side(link)

    @admin.display(description=_b("later measure", "后续措施"))
    def later_measure(self, link):
        return measure_link(link.from_measure, f"{link.from_measure.path} {short_heading(link.from_measure)}")

    @admin.display(description=_b("earlier measure", "在先措施"))
    def earlier_measure(self, link):
        return measure_link(link.to_measure, f"{link.to_measure.path} {short_heading(link.to_measure)}")

    @admin.action(description=_b("Accept the chosen links", "确认所选关联"), permissions=["change"])
    def accept(self, request, queryset):
        changed = reviews.decide(queryset, "accepted", request.user)
        self.message_user(request, say("{} links accepted.", "已确认 {} 条关联。", changed))

    @admin.action(description=_b("Reject the chosen links", "驳回所选关联"), permissions=["change"])
    def reject(self, request, queryset):
        changed = reviews.decide(queryset, "rejected", request.user)
        self.message_user(request, say("{} links rejected.", "已驳回 {} 条关联。", changed))


@admin.register(models.StatusProposal)
class StatusProposalAdmin(LuoshiStyle, admin.ModelAdmin):
    """The queue of statuses accepted links propose; a person confirms (one status entry by them) or dismisses."""

    list_display = ["measure", "status", "effective_date", "carried_by", "state", "decided_by"]
    list_filter = ["state", "status"]
    list_select_related = ["measure", "link__from_measure__document", "decided_by"]
    actions = ["confirm", "dismiss"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("state", "-effective_date", "pk")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # decided by the actions and the form on the measure's page, never edited

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_permission(self, request):
        return request.user.has_perm("tracker.change_statusproposal")

    def get_urls(self):
        decide = self.admin_site.admin_view(self.decide_view)
        return [path("<int:pk>/decide/", decide, name="tracker_statusproposal_decide"), *super().get_urls()]

    @admin.display(description=_b("carried forward by", "后续文件"))
    def carried_by(self, proposal):
        later = proposal.link.from_measure
        return measure_link(later, f"{later.document.title} {later.path} ({proposal.link.get_relation_display()})")

    @admin.action(description=_b("Confirm the proposed statuses", "确认所建议的状态"), permissions=["decide"])
    def confirm(self, request, queryset):
        open_proposals = list(queryset.filter(state="open"))
        for proposal in open_proposals:
            reviews.confirm_proposal(proposal, request.user)
        self.message_user(request, say("{} statuses recorded.", "已记录 {} 条状态。", len(open_proposals)))

    @admin.action(description=_b("Dismiss the proposals", "驳回所选建议"), permissions=["decide"])
    def dismiss(self, request, queryset):
        open_proposals = list(queryset.filter(state="open"))
        for proposal in open_proposals:
            reviews.dismiss_proposal(proposal, request.user)
        self.message_user(request, say("{} proposals dismissed.", "已驳回 {} 条建议。", len(open_proposals)))

    @method_decorator(require_POST)
    def decide_view(self, request, pk):
        """The form on a measure's page: confirm with the chosen status, or dismiss."""
        if not self.has_decide_permission(request):
            raise PermissionDenied
        proposal = get_object_or_404(models.StatusProposal, pk=pk)
        try:
            if "dismiss" in request.POST:
                reviews.dismiss_proposal(proposal, request.user)
            else:
                reviews.confirm_proposal(proposal, request.user, request.POST.get("status"))
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(reverse("admin:tracker_measure_change", args=[proposal.measure_id]))


def lineage_context(measure: models.Measure) -> dict:
    """A measure's lineage on its page: the earlier measures it carries forward and the later ones that carry
    it, by document date, each with its evidence; and the status proposals awaiting a person."""
    links = (models.MeasureLink.objects.filter(Q(from_measure=measure) | Q(to_measure=measure))
             .select_related("from_measure__document", "to_measure__document"))
    timeline = sorted((lineage_entry(link, measure) for link in links), key=lineage_order)
    proposals = (models.StatusProposal.objects.filter(measure=measure, state="open")
                 .select_related("link__from_measure__document"))
    return {
        "lineage": timeline,
        "proposals": [{"proposal": proposal, "choices": [(status, Status(status).label)
                                                         for status in reviews.status_choices(proposal)]}
                      for proposal in proposals],
        "add_link_url": reverse("admin:tracker_measurelink_add") + f"?from_measure={measure.pk}",
    }


def lineage_entry(link: models.MeasureLink, measure: models.Measure) -> dict:
    earlier = link.from_measure_id == measure.pk  # the other measure is the earlier one
    other = link.to_measure if earlier else link.from_measure
    return {
        "link": link,
        "direction": _b("carries forward", "承接") if earlier else _b("carried forward by", "被承接于"),
        "earlier": earlier,
        "other": other,
        "date": other.document.date,
        "evidence": side_by_side(link),
    }


def lineage_order(entry: dict):
    return (entry["date"] is None, entry["date"] or "", entry["other"].document.title, entry["other"].order)
