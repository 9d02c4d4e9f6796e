"""The measure list and the measure's page: where editors correct a measure and record its status.

Every change a person makes here goes through `tracker.edits`, so a re-ingest keeps it. Parsed provenance is
read-only; statuses change only through recorded, dated entries (`tracker.status`); measures come from the
ingest alone and are never bulk-deleted.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import OuterRef, Subquery, TextField
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm
from import_export.results import RowResult
from simple_history.admin import SimpleHistoryAdmin

from tracker import edits, models, summary
from tracker.admin.base import (
    COMPACT_INPUTS,
    LISTED_MEASURES,
    WITHOUT_RAW_BYTES,
    LabelledFields,
    LuoshiStyle,
    ReadOnlyInline,
    labelled,
    short_heading,
    source_span,
)
from tracker.admin.filters import (
    AutocompleteFilter,
    BodyFilter,
    DisagreementFilter,
    DocumentFilter,
    HasTargetFilter,
    LevelFilter,
    OverdueFilter,
    PartFilter,
    TopicFilter,
)
from tracker.admin.forms import MeasureChangeForm, StatusChangeForm
from tracker.admin.links import lineage_context
from tracker.bulk_update import in_batches
from tracker.export import export_site_url
from tracker.i18n import bilingual as _b
from tracker.import_limits import LimitedCSV, LimitedXLSX, RefusedFile
from tracker.lookups import any_of
from tracker.measure_filters import with_status_as_of
from tracker.pagination import EstimatedCountPaginator
from tracker.resources import MeasureResource, say
from tracker.search import measure_search_filter
from tracker.status import LATEST_FIRST, record_status_for_many
from tracker.templatetags.luoshi_admin import status_badge

# The names of the fields a person can own, as the disagreement table heads them.
FIELD_NAMES = {"heading": _b("heading", "标题句"), "text": _b("text", "全文"), "bodies": _b("bodies", "责任主体"),
               "time_frames": _b("time frames", "时限"), "targets": _b("targets", "目标与数量"),
               "topics": _b("topics", "主题"), "status": _b("status", "状态")}
EXCERPT_CONTEXT = 300  # characters of source text shown around a measure's span
# The measure's own fields on its form, and the field each inline's rows are: changing any makes it the editor's.
EDITED_ON_THE_FORM = ("heading", "text", "topics")
OWNED_BY_INLINE = {models.Responsibility: "bodies", models.TimeFrame: "time_frames", models.Target: "targets"}


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
    fields = ["expression", "kind", "start", "end", "period", "due", "anchor", "needs_review", labelled("provenance")]
    readonly_fields = fields[-3:]
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



# A measure's name in the admin's log: str(measure), in SQL (PostgreSQL and SQLite alike).
MEASURE_LABEL = "SUBSTR(path || ' ' || CASE WHEN heading <> '' THEN heading ELSE SUBSTR(text, 1, 30) END, 1, 200)"


def log_changes(ids: list[int], *, user, message: str) -> None:
    """A "changed" entry of the admin's log for each of these measures, one INSERT … SELECT a batch."""
    content_type = ContentType.objects.get_for_model(models.Measure).pk
    action_time = LogEntry._meta.get_field("action_time").get_db_prep_save(timezone.now(), connection)
    with connection.cursor() as cursor:
        for batch in in_batches(ids):
            measures, params = any_of("id", batch)
            cursor.execute(
                "INSERT INTO django_admin_log (action_time, user_id, content_type_id, object_id, object_repr, "
                f"action_flag, change_message) SELECT %s, %s, %s, CAST(id AS TEXT), {MEASURE_LABEL}, %s, %s "
                f"FROM tracker_measure WHERE {measures}",
                [action_time, user.pk, content_type, CHANGE, message, *params],
            )


@admin.register(models.Measure)
class MeasureAdmin(LuoshiStyle, LabelledFields, ImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [MeasureResource]
    formats = [LimitedCSV, LimitedXLSX]
    from_encoding = to_encoding = "utf-8-sig"  # a BOM, so Excel reads the Chinese; reading strips it
    export_form_class = ExportForm  # the columns are a stable interface: no picking
    change_form_template = "admin/tracker/measure/change_form.html"
    import_template_name = "admin/tracker/measure/import.html"  # the preview's totals beside its first rows
    form = MeasureChangeForm
    formfield_overrides = {TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 80})}}

    list_display = ["path", "heading_or_text", "document_title", "status_label", "lead_body", "time_frame_end",
                    "flag_badges"]
    list_display_links = ["path", "heading_or_text"]
    list_filter = [
        DocumentFilter, PartFilter, LevelFilter, "status", BodyFilter, ("topics", TopicFilter),
        OverdueFilter, HasTargetFilter, "needs_review", DisagreementFilter,
    ]
    list_select_related = ["document"]
    list_per_page = 50
    # At a million measures, no count of the whole table and no exact count of a large filtered set.
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    search_fields = ["heading"]  # shows the search box; get_search_results does the (indexed) search
    search_help_text = _b(
        "Words in heading or text; several words must all match.", "在标题句和全文中检索；多个词须同时出现。"
    )
    actions = ["record_status_change"]
    autocomplete_fields = ["topics"]
    fieldsets = [
        (None, {"fields": ["document_link", "path", "heading", "text", "status_with_action", "needs_review", "topics",
                           "disagreement_table", "opened_version"]}),
        (_b("Source text", "原文"), {"fields": ["source_excerpt"]}),
        (_b("As parsed", "解析信息"), {"classes": ["collapse"], "fields": [
            "number_text", "level", "order", source_span, "flags", "edited_fields", "withdrawn_at",
            "created_at", "updated_at",
        ]}),
    ]
    readonly_fields = [
        "document_link", "path", "status_with_action", "disagreement_table", "source_excerpt", "number_text",
        "level", "order", source_span, "flags", "edited_fields", "withdrawn_at", "created_at",
        "updated_at",
    ]
    inlines = [ResponsibilityInline, NewResponsibilityInline, TimeFrameInline, TargetInline, StatusHistoryInline,
               VariantInline]

    @property
    def media(self):
        return super().media + AutocompleteFilter.media(self.admin_site)

    def lookup_allowed(self, lookup, value, request):
        # the body filter's parameter spans a relation, which Django allows only for its own field filters
        return lookup == BodyFilter.parameter_name or super().lookup_allowed(lookup, value, request)

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
        return {"site_url": export_site_url(request)}  # the export's links are absolute

    def get_import_data_kwargs(self, **kwargs):
        # The confirmed import re-reads the file: if a row fails now, nothing of it stays.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}

    def write_to_tmp_storage(self, import_file, input_format):
        """The framework's own, but for its `data += chunk` over the upload's chunks: copying the whole so far at
        each 64 KB chunk took 6 s of the preview of a 20 MB file."""
        tmp_storage = self.get_tmp_storage_class()(
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        tmp_storage.save(b"".join(import_file.chunks()))
        return tmp_storage

    def generate_log_entries(self, result, request):
        """The admin's log of a confirmed import, an entry per changed measure as the framework writes it, but
        copied from the measures by the database (`log_changes`): 70,000 LogEntry instances took seconds."""
        if not self.get_skip_admin_log():
            log_changes([row.object_id for row in result.rows], user=request.user,
                        message=f"{RowResult.IMPORT_TYPE_UPDATE} through import_export")

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, RefusedFile):
            form.add_error("import_file", str(error))
        elif isinstance(error, UnicodeDecodeError):
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
        rows = ((FIELD_NAMES.get(name, name), reading_lines(reading))
                for name, reading in sorted(measure.disagreements.items()))
        return format_html('<table class="lu-disagreements">{}</table>',
                           format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows))

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
        extra_context = {**(extra_context or {}), **tree_context(measure), **lineage_context(measure)}
        return super().change_view(request, object_id, form_url, extra_context)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":  # the whole item: room to read it
            kwargs["widget"] = forms.Textarea(attrs={"rows": 8, "cols": 100})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        """Saved in save_related instead, once the inlines tell which fields the editor now owns (one save,
        so one audit-trail entry)."""

    def save_related(self, request, form, formsets, change):
        changed = [name for name in EDITED_ON_THE_FORM if name in form.changed_data]
        changed += [OWNED_BY_INLINE[f.model] for f in formsets if f.model in OWNED_BY_INLINE and f.has_changed()]
        edits.save_edit(form.instance, changed)
        super().save_related(request, form, formsets, change)
        summary.refresh_documents([form.instance.document_id])  # bodies and time frames count on the dashboards

    def save_formset(self, request, form, formset, change):
        """What a person enters is theirs (tracker.edits.enter_row)."""
        instances = formset.save(commit=False)
        for deleted in formset.deleted_objects:
            deleted.delete()
        for instance in instances:
            edits.enter_row(instance, request.user)
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


def reading_lines(reading) -> str:
    """The parser's reading of a field, one record a line: `到2025年 · deadline · — · 2025-12-31`."""
    if not isinstance(reading, list):
        return str(reading)
    if not reading:
        return "—"
    lines = (" · ".join("—" if value is None else str(value) for value in record.values())
             if isinstance(record, dict) else str(record) for record in reading)
    return format_html_join("", "<div>{}</div>", ((line,) for line in lines))


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


