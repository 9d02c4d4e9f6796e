"""The admin: where editors correct and track measures and analysts look and export.

Roles (groups made by migration 0003_admin_roles): `editors` edit measures, record statuses, fix bodies and
import; `analysts` view and export. Parsed provenance is read-only, statuses change only through recorded,
dated entries (tracker.status), measures are never bulk-deleted, and every edit is in the audit trail.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import display_for_value
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, DecimalField, OuterRef, Subquery, TextField
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from tracker import ingest, models
from tracker.admin_filters import (
    BodyFilter,
    DisagreementFilter,
    DocumentFilter,
    HasTargetFilter,
    OverdueFilter,
    PartFilter,
    TopicFilter,
)
from tracker.admin_forms import BodyForm, BodyMergeForm, DocumentUploadForm, StatusChangeForm
from tracker.body_merge import merge_bodies
from tracker.choices import Provenance
from tracker.i18n import bilingual as _b
from tracker.measure_filters import with_status_as_of
from tracker.resources import MeasureResource, say
from tracker.search import measure_search_filter, search_tokens
from tracker.status import LATEST_FIRST, record_status_for_many
from tracker.templatetags.luoshi_admin import status_badge
from tracker.units import normalise

admin.site.site_header = "Luoshi 落实"
admin.site.site_title = "Luoshi 落实"
admin.site.index_title = _b("Policy measures", "政策措施落实跟踪")

EXCERPT_CONTEXT = 300  # characters of source text shown around a measure's span
LISTED_MEASURES = 50  # measures listed on a body's page (the rest through the filtered measure list)
# Which inline's changes make which field the editor's own (Measure.edited_fields: a re-ingest keeps it).
OWNED_BY_INLINE = {models.Responsibility: "bodies", models.TimeFrame: "time_frames", models.Target: "targets"}
OWNED_FORM_FIELDS = ("heading", "topics")
WITHOUT_RAW_BYTES = ("content", "text")  # SourceFile columns too big to load for a name


class LuoshiStyle:
    """Status badges, flags, the source excerpt, outlines (tracker/static/tracker/admin.css)."""

    class Media:
        css = {"all": ["tracker/admin.css"]}


# Labels for model fields that carry none of their own (the column headers would read "BODY", "AUTHOR").
FIELD_LABELS = {
    "body": _b("body", "责任主体"),
    "created_by": _b("entered by", "录入人"),
    "author": _b("recorded by", "记录人"),
    "evidence_document": _b("evidence document", "依据文件"),
    "created_at": _b("recorded at", "记录时间"),
    "provenance": _b("provenance", "来源"),
    "other_source": _b("other witness", "异文来源"),
    "topics": _b("topics", "主题"),
    "updated_at": _b("updated at", "更新时间"),
    "source": _b("source file", "来源文件"),
    "title_as_printed": _b("title as printed", "原刊标题"),
    "parent": _b("parent body", "上级主体"),
    "successor": _b("successor", "承继主体"),
}
COMPACT_INPUTS = {  # inline rows must fit the page
    TextField: {"widget": forms.TextInput(attrs={"size": 24})},
    CharField: {"widget": forms.TextInput(attrs={"size": 8})},
    DecimalField: {"widget": forms.NumberInput(attrs={"style": "width: 9em"})},
}


def labelled(field: str):
    """A read-only column for a model field without a label of its own."""

    @admin.display(description=FIELD_LABELS[field])
    def show(obj):
        choice_label = getattr(obj, f"get_{field}_display", None)
        return choice_label() if choice_label else display_for_value(getattr(obj, field), "—")

    show.__name__ = field
    return show


class LabelledFields:
    """Editable fields get their label from FIELD_LABELS too."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in FIELD_LABELS:
            kwargs["label"] = FIELD_LABELS[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def measure_link(measure: models.Measure, label: str | None = None) -> str:
    url = reverse("admin:tracker_measure_change", args=[measure.pk])
    return format_html('<a href="{}">{}</a>', url, label or measure)


@admin.display(description=_b("span in the source", "在来源中的位置"))
def source_span(record) -> str:
    return f"{record.span_start}–{record.span_end}"


def short_heading(measure: models.Measure) -> str:
    return measure.heading or Truncator(measure.text).chars(40)


# ------------------------------------------------------------------------------------------------ measures


class ResponsibilityInline(admin.TabularInline):
    """Assignments as recorded; the body of one is fixed (its evidence is about that body): delete, add anew."""

    model = models.Responsibility
    fields = [labelled("body"), "role", "provenance", "evidence", "rule", labelled("created_by")]
    readonly_fields = fields[:1] + fields[2:]
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("body", "created_by").order_by("pk")


class NewResponsibilityInline(LabelledFields, admin.TabularInline):
    model = models.Responsibility
    fields = ["body", "role", "evidence"]
    formfield_overrides = COMPACT_INPUTS
    autocomplete_fields = ["body"]
    extra = 0
    verbose_name_plural = _b("add responsible bodies", "添加责任主体")

    def get_queryset(self, request):
        return super().get_queryset(request).none()


class TimeFrameInline(admin.TabularInline):
    model = models.TimeFrame
    fields = ["expression", "kind", "start", "end", "anchor", labelled("provenance")]
    readonly_fields = fields[-2:]
    formfield_overrides = COMPACT_INPUTS
    extra = 0


class TargetInline(admin.TabularInline):
    model = models.Target
    fields = ["expression", "indicator", "comparator", "value", "upper_value", "unit", "normalised",
              labelled("provenance")]
    readonly_fields = fields[-2:]
    formfield_overrides = {**COMPACT_INPUTS, TextField: {"widget": forms.TextInput(attrs={"size": 14})}}  # 8 columns
    extra = 0

    @admin.display(description=_b("normalised", "标准化数值"))
    def normalised(self, target: models.Target) -> str:
        """Worked out from value and unit on saving (`18亿亩` -> 1800000000 亩), shown without trailing zeros."""
        if target.normalised_value is None:
            return "—"
        return f"{target.normalised_value.normalize():f} {target.normalised_unit}"


class RecordAdmin(admin.ModelAdmin):
    """A record of what happened (import runs, status entries): viewed, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """A record of what happened (history, witnesses, variants): shown, never edited here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class StatusHistoryInline(ReadOnlyInline):
    """The status history, newest first; entries are added through "record a status change", never edited."""

    model = models.StatusUpdate
    fields = ["effective_date", "status", "source", labelled("author"), "note", "evidence_url",
              labelled("evidence_document"), labelled("created_at")]
    readonly_fields = fields
    verbose_name_plural = _b("status history", "状态历史")

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("author", "evidence_document")
        return queryset.order_by(*LATEST_FIRST)


class VariantInline(ReadOnlyInline):
    """Where another witness reads differently, and why the chosen reading won."""

    model = models.Variant
    fields = ["position", "chosen_reading", "other_reading", labelled("other_source"), "reason"]
    readonly_fields = fields

    def get_queryset(self, request):
        deferred = [f"other_source__{column}" for column in WITHOUT_RAW_BYTES]
        return super().get_queryset(request).select_related("other_source").defer(*deferred)


@admin.register(models.Measure)
class MeasureAdmin(LuoshiStyle, LabelledFields, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [MeasureResource]
    formats = [CSV, XLSX]
    from_encoding = to_encoding = "utf-8-sig"  # a BOM, so Excel reads the Chinese; reading strips it
    export_form_class = ExportForm  # the columns are a stable interface: no picking
    change_form_template = "admin/tracker/measure/change_form.html"
    formfield_overrides = {TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}

    list_display = ["path", "heading_or_text", "document_title", "status_label", "lead_body", "time_frame_end",
                    "flag_badges"]
    list_display_links = ["path", "heading_or_text"]
    list_filter = [
        ("document", DocumentFilter), PartFilter, "level", "status",
        ("responsibilities__body", BodyFilter), ("topics", TopicFilter),
        OverdueFilter, HasTargetFilter, "needs_review", DisagreementFilter,
    ]
    list_select_related = ["document"]
    list_per_page = 50
    search_fields = ["heading"]  # shows the search box; get_search_results does the (indexed) search
    search_help_text = _b(
        "Words in heading or text; several words must all match.", "在标题句和全文中检索；多个词须同时出现。"
    )
    actions = ["record_status_change"]
    autocomplete_fields = ["topics"]
    fieldsets = [
        (None, {"fields": ["document_link", "path", "heading", "status_with_action", "needs_review", "topics",
                           "disagreement_table"]}),
        (_b("Source text", "原文"), {"fields": ["source_excerpt"]}),
        (_b("As parsed", "解析信息"), {"classes": ["collapse"], "fields": [
            "number_text", "level", "order", source_span, "confidence", "flags", "edited_fields", "withdrawn_at",
            "created_at", "updated_at",
        ]}),
    ]
    readonly_fields = [
        "document_link", "path", "status_with_action", "disagreement_table", "source_excerpt", "number_text",
        "level", "order", source_span, "confidence", "flags", "edited_fields", "withdrawn_at", "created_at",
        "updated_at",
    ]
    inlines = [ResponsibilityInline, NewResponsibilityInline, TimeFrameInline, TargetInline, StatusHistoryInline,
               VariantInline]

    def get_queryset(self, request):
        lead = models.Responsibility.objects.filter(measure=OuterRef("pk"), role="lead").order_by("pk")
        end = models.TimeFrame.objects.filter(measure=OuterRef("pk"), end__isnull=False).order_by("-end")
        measures = super().get_queryset(request).annotate(
            lead_body_name=Subquery(lead.values("body__name")[:1]), time_frame_end=Subquery(end.values("end")[:1])
        )
        return with_status_as_of(measures, timezone.localdate())  # the `overdue` flag, as everywhere else

    def get_search_results(self, request, queryset, search_term):
        return queryset.filter(measure_search_filter(search_term)), False

    # -- permissions: measures come from ingest only, and are never bulk-deleted

    def has_add_permission(self, request):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_record_status_permission(self, request):
        return request.user.has_perm("tracker.add_statusupdate")

    def has_import_permission(self, request):
        return self.has_change_permission(request) and self.has_record_status_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"site_url": request.build_absolute_uri("/")}  # the export's links are absolute

    def get_import_data_kwargs(self, **kwargs):
        # The confirmed import re-reads the file: if a row fails now, nothing of it stays.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, UnicodeDecodeError):
            form.add_error("import_file", _b(
                "The file is not UTF-8 text: save it as “CSV UTF-8” (or import the XLSX file).",
                "文件不是 UTF-8 编码：请另存为“CSV UTF-8”格式（或导入 XLSX 文件）。",
            ))
        else:
            super().add_data_read_fail_error_to_form(form, error)

    # -- list columns

    @admin.display(description=_b("heading", "标题句"))
    def heading_or_text(self, measure):
        return short_heading(measure)

    @admin.display(description=_b("document", "文件"), ordering="document__date_written")
    def document_title(self, measure):
        return Truncator(measure.document.title).chars(24)

    @admin.display(description=_b("status", "状态"), ordering="status")
    def status_label(self, measure):
        return status_badge(measure)

    @admin.display(description=_b("lead body", "牵头单位"), ordering="lead_body_name")
    def lead_body(self, measure):
        return measure.lead_body_name or "—"

    @admin.display(description=_b("time frame ends", "时限"), ordering="time_frame_end")
    def time_frame_end(self, measure):
        return measure.time_frame_end or "—"

    @admin.display(description=_b("flags", "提示"))
    def flag_badges(self, measure):
        flags = [
            ("review", _b("needs review", "待审核"), measure.needs_review),
            ("overdue", _b("overdue", "逾期"), measure.overdue),
            ("disagreement", _b("parser disagrees", "解析分歧"), bool(measure.disagreements)),
            ("withdrawn", _b("withdrawn", "已撤回"), measure.withdrawn_at is not None),
        ]
        shown = [(kind, label) for kind, label, on in flags if on]
        return format_html_join(" ", '<span class="lu-flag lu-flag-{}">{}</span>', shown)

    # -- change page

    @admin.display(description=_b("document", "文件"))
    def document_link(self, measure):
        url = reverse("admin:tracker_document_change", args=[measure.document_id])
        return format_html('<a href="{}">{}</a>', url, measure.document.title)

    @admin.display(description=_b("current status", "当前状态"))
    def status_with_action(self, measure):
        badge = status_badge(measure)
        url = reverse("admin:tracker_measure_record_status") + f"?measures={measure.pk}"
        return format_html('{} <a class="button" href="{}">{}</a>', badge, url, _b("Record a change", "记录状态变更"))

    @admin.display(description=_b("parser now reads", "解析器的不同读法"))
    def disagreement_table(self, measure):
        if not measure.disagreements:
            return "—"
        readings = ((name, json.dumps(reading, ensure_ascii=False)) for name, reading in measure.disagreements.items())
        rows = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", sorted(readings))
        return format_html('<table class="lu-disagreements">{}</table>', rows)

    @admin.display(description=_b("source text", "原文"))
    def source_excerpt(self, measure):
        name, text = models.SourceFile.objects.filter(pk=measure.source_id).values_list("name", "text").get()
        start, end = measure.span_start, measure.span_end
        before = text[max(0, start - EXCERPT_CONTEXT):start]
        after = text[end:end + EXCERPT_CONTEXT]
        return format_html(
            '<div class="lu-source"><div class="lu-source-name">{}</div>…{}<mark>{}</mark>{}…</div>',
            name, before, text[start:end], after,
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        measure = get_object_or_404(models.Measure.objects.select_related("document").only("path", "document__title"),
                                    pk=object_id)
        extra_context = {**(extra_context or {}), **tree_context(measure)}
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """Saved in save_related instead, once the inlines tell which fields the editor now owns (one save,
        so one audit-trail entry)."""

    def save_related(self, request, form, formsets, change):
        measure = form.instance
        owned = [field for field in OWNED_FORM_FIELDS if field in form.changed_data]
        owned += [OWNED_BY_INLINE[f.model] for f in formsets if f.model in OWNED_BY_INLINE and f.has_changed()]
        measure.edited_fields = list(dict.fromkeys([*measure.edited_fields, *owned]))
        if "heading" in form.changed_data:
            measure.search_tokens = search_tokens(measure.heading, measure.text)
        measure.save()
        super().save_related(request, form, formsets, change)

    def save_formset(self, request, form, formset, change):
        """What a person enters is theirs: manual provenance, and who entered it."""
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for instance in instances:
            instance.provenance = Provenance.MANUAL
            if isinstance(instance, models.Responsibility) and instance._state.adding:
                instance.created_by = request.user
            if isinstance(instance, models.Target):
                instance.normalised_value, instance.normalised_unit = normalise(instance.value, instance.unit)
            instance.save()
        formset.save_m2m()

    # -- recording status changes (on one measure from its page, on many from the list)

    def get_urls(self):
        record_status = self.admin_site.admin_view(self.record_status_view)
        return [path("record-status/", record_status, name="tracker_measure_record_status"), *super().get_urls()]

    @admin.action(description=_b("Record a status change", "记录状态变更"), permissions=["record_status"])
    def record_status_change(self, request, queryset):
        return self.status_form_response(request, StatusChangeForm(initial={"measures": queryset}))

    def record_status_view(self, request):
        if not self.has_record_status_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            form = StatusChangeForm(initial={"measures": request.GET.getlist("measures")})
            return self.status_form_response(request, form)
        form = StatusChangeForm(request.POST)
        if not form.is_valid():
            return self.status_form_response(request, form)
        measures = form.cleaned_data["measures"]
        record_status_for_many(
            measures,
            form.cleaned_data["status"],
            effective_date=form.cleaned_data["effective_date"],
            source="manual",
            author=request.user,
            note=form.cleaned_data["note"],
            evidence_url=form.cleaned_data["evidence_url"],
        )
        self.message_user(request, say("Recorded for {} measures.", "已为 {} 条措施记录状态变更。", len(measures)))
        if len(measures) == 1:
            return HttpResponseRedirect(reverse("admin:tracker_measure_change", args=[measures[0].pk]))
        return HttpResponseRedirect(reverse("admin:tracker_measure_changelist"))

    def status_form_response(self, request, form):
        chosen = form.data.getlist("measures") if form.is_bound else form.initial["measures"]
        measures = models.Measure.objects.filter(pk__in=[getattr(m, "pk", m) for m in chosen])
        context = {
            **self.admin_site.each_context(request),
            "title": _b("Record a status change", "记录状态变更"),
            "opts": self.opts,
            "form": form,
            "measures": measures.select_related("document")[:LISTED_MEASURES],
            "measure_count": measures.count(),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "tracker/admin/record_status.html", context)


def tree_context(measure: models.Measure) -> dict:
    """The measure's place in its document: its ancestors (from its path) and its children."""
    labels = measure.path.split("/")
    prefixes = ["/".join(labels[:depth]) for depth in range(1, len(labels))]
    ancestors = models.Measure.objects.filter(document_id=measure.document_id, path__in=prefixes)
    children = models.Measure.objects.filter(parent_id=measure.pk).order_by("order")
    return {
        "ancestors": ancestors.order_by("level").only("path", "heading", "text"),
        "children": children.only("path", "heading", "text", "status"),
        "document": measure.document,
    }


# --------------------------------------------------------------------------------------------- documents


class AppearanceInline(ReadOnlyInline):
    model = models.Appearance
    fields = [labelled("source"), labelled("title_as_printed"), source_span]
    readonly_fields = fields
    verbose_name_plural = _b("appearances (witnesses)", "出处（文本见证）")

    def get_queryset(self, request):
        deferred = [f"source__{column}" for column in WITHOUT_RAW_BYTES]
        return super().get_queryset(request).select_related("source").defer(*deferred)



@admin.register(models.Document)
class DocumentAdmin(LuoshiStyle, admin.ModelAdmin):
    """Documents are what the parser read: shown, not edited (a re-ingest would overwrite the edit)."""

    list_display = ["title", "kind", "date_written", "date_published", "document_number", "measure_count",
                    "appearance_count"]
    list_filter = ["kind"]
    search_fields = ["title", "document_number"]
    fields = ["title", "kind", "doc_type", "document_number", "issuer_list", "date_written", "date_published",
              "identity", labelled("created_at"), labelled("updated_at")]
    readonly_fields = fields
    inlines = [AppearanceInline]
    change_form_template = "admin/tracker/document/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            measures_total=Count("measures", distinct=True), appearances_total=Count("appearances", distinct=True)
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_b("issuers", "发文机关"))
    def issuer_list(self, document):
        return "、".join(body.name for body in document.issuers.all()) or "—"

    @admin.display(description=_b("measures", "措施数"), ordering="measures_total")
    def measure_count(self, document):
        return document.measures_total

    @admin.display(description=_b("witnesses", "出处数"), ordering="appearances_total")
    def appearance_count(self, document):
        return document.appearances_total

    def change_view(self, request, object_id, form_url="", extra_context=None):
        measures = models.Measure.objects.filter(document_id=object_id).order_by("order")
        deferred = [f"{side}__{column}" for side in ("chosen_source", "other_source") for column in WITHOUT_RAW_BYTES]
        variants = (
            models.Variant.objects.filter(measure__document_id=object_id)
            .select_related("measure", "chosen_source", "other_source").defer(*deferred)
            .order_by("measure__order", "position")
        )
        outline = measures.only("path", "level", "heading", "text", "status", "withdrawn_at")
        extra_context = {**(extra_context or {}), "outline": outline, "variants": variants}
        return super().change_view(request, object_id, form_url, extra_context)


# ------------------------------------------------------------------------------------------------ bodies


@admin.register(models.Body)
class BodyAdmin(LuoshiStyle, LabelledFields, SimpleHistoryAdmin):
    form = BodyForm
    list_display = ["name", "english_name", "level", "kind", "alias_list", "successor", "measure_count",
                    "needs_review"]
    list_filter = ["level", "kind", "needs_review"]
    list_select_related = ["successor"]
    search_fields = ["name", "english_name"]
    autocomplete_fields = ["parent", "successor"]
    fields = [*BodyForm.Meta.fields, "predecessor_list", "measures_responsible_for"]
    readonly_fields = ["predecessor_list", "measures_responsible_for"]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(measures_total=Count("responsibilities__measure", distinct=True))

    @admin.display(description=_b("aliases", "别名"))
    def alias_list(self, body):
        return "、".join(body.aliases)

    @admin.display(description=_b("measures", "负责措施数"), ordering="measures_total")
    def measure_count(self, body):
        url = reverse("admin:tracker_measure_changelist") + f"?responsibilities__body__id__exact={body.pk}"
        return format_html('<a href="{}">{}</a>', url, body.measures_total)

    @admin.display(description=_b("predecessors", "前身"))
    def predecessor_list(self, body):
        return "、".join(body.predecessors.values_list("name", flat=True)) or "—"

    @admin.display(description=_b("responsible for", "负责的措施"))
    def measures_responsible_for(self, body):
        measures = (
            models.Measure.objects.filter(responsibilities__body=body).distinct()
            .select_related("document").order_by("document", "order")[:LISTED_MEASURES]
        )
        rows = ((m.document.title, measure_link(m, f"{m.path} {short_heading(m)}")) for m in measures)
        items = format_html_join("", "<div>{} · {}</div>", rows)
        everything = reverse("admin:tracker_measure_changelist") + f"?responsibilities__body__id__exact={body.pk}"
        return format_html('<div>{}<a href="{}">{}</a></div>', items, everything,
                           _b("all in the measure list", "在措施列表中查看全部"))

    def has_merge_permission(self, request):
        return request.user.has_perm("tracker.change_body") and request.user.has_perm("tracker.delete_body")

    @admin.action(description=_b("Merge duplicates", "合并重复主体"), permissions=["merge"])
    def merge(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, _b("Select two or more bodies.", "请至少选择两个主体。"), messages.ERROR)
            return None
        form = BodyMergeForm(queryset, request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.merge_form_response(request, form, queryset)
        keep = form.cleaned_data["keep"]
        merge_bodies(keep, queryset)
        self.message_user(request, say("Merged into {}.", "已合并到“{}”。", keep.name))
        return None

    def merge_form_response(self, request, form, queryset):
        context = {
            **self.admin_site.each_context(request),
            "title": _b("Merge duplicate bodies", "合并重复主体"),
            "opts": self.opts,
            "form": form,
            "bodies": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "tracker/admin/merge_bodies.html", context)


# ------------------------------------------------------------------------------------- imports and sources


@admin.register(models.ImportRun)
class ImportRunAdmin(RecordAdmin):
    """Runs are the ingest's record: read-only. Uploading a document file here starts one."""

    list_display = ["started_at", "trigger", "user", "outcome", "inserted", "updated", "unchanged", "failed"]
    list_filter = ["outcome", "trigger"]
    list_select_related = ["user"]
    readonly_fields = ["started_at", "finished_at", "trigger", "user", "outcome", "paths", "inserted", "updated",
                       "unchanged", "failed", "error_list", "report"]
    exclude = ["errors"]
    change_list_template = "admin/tracker/importrun/change_list.html"

    def has_upload_permission(self, request):
        return request.user.has_perm("tracker.add_sourcefile")

    @admin.display(description=_b("errors", "错误"))
    def error_list(self, run):
        return format_html_join("", "<p><b>{}</b>: {}</p>", ((e["file"], e["error"]) for e in run.errors)) or "—"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": self.has_upload_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="tracker_importrun_upload"), *super().get_urls()]

    def upload_view(self, request):
        """Ingest an uploaded document file with the same code as `manage.py ingest`."""
        if not self.has_upload_permission(request):
            raise PermissionDenied
        form = DocumentUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            report = ingest.ingest_upload(upload.name, upload.read(), user=request.user)
            self.report_upload(request, report)
            return HttpResponseRedirect(reverse("admin:tracker_importrun_change", args=[report["run"]]))
        context = {
            **self.admin_site.each_context(request),
            "title": _b("Upload a document file", "上传文件并导入"),
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "tracker/admin/upload.html", context)

    def report_upload(self, request, report: dict) -> None:
        for file in report["files"]:
            if file["outcome"] == "failed":
                self.message_user(request, say("{} failed: {}", "{} 导入失败：{}", file["path"], file["error"]),
                                  messages.ERROR)
            else:
                counts = (file["path"], file["inserted"], file["updated"], file["unchanged"])
                self.message_user(request, say("{}: {} new, {} updated, {} unchanged measures.",
                                               "{}：新增 {}、更新 {}、未变 {} 条措施。", *counts))


@admin.register(models.SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ["name", "encoding", "size", "ingested_at"]
    search_fields = ["name"]
    fields = ["name", "sha256", "encoding", "size", "ingested_at", "text"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("content")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.StatusUpdate)
class StatusUpdateAdmin(RecordAdmin):
    """All status entries, across measures; append-only (new ones come from "record a status change")."""

    list_display = ["measure", "status", "effective_date", "source", "author", "created_at"]
    list_filter = ["status", "source"]
    list_select_related = ["measure", "author"]
    date_hierarchy = "effective_date"


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "english_name"]
    search_fields = ["name", "english_name"]


@admin.register(models.Appearance, models.Variant)
class WitnessAdmin(admin.ModelAdmin):
    """Appearances and variants are the collation's record: read-only, best seen on the document's page."""

    def get_list_select_related(self, request):
        return ["document"] if self.model is models.Appearance else ["measure"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(models.Responsibility, models.TimeFrame, models.Target)
class ExtractionAdmin(admin.ModelAdmin):
    """Edited on the measure's page; listed here for a look across measures."""

    list_select_related = ["measure"]
    raw_id_fields = ["measure"]


@admin.register(models.MeasureLink)
class MeasureLinkAdmin(admin.ModelAdmin):
    list_display = ["from_measure", "kind", "to_measure", "score", "provenance"]
    list_select_related = ["from_measure", "to_measure"]
    raw_id_fields = ["from_measure", "to_measure"]
