"""Documents, the source files they came from, and their witnesses and variant readings: what the parser read,
shown and never edited here (a re-ingest would overwrite the edit)."""

from django.contrib import admin
from django.db.models import Count

from tracker import models
from tracker.admin.base import WITHOUT_RAW_BYTES, LuoshiStyle, ReadOnlyInline, labelled, source_span
from tracker.i18n import bilingual as _b


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


@admin.register(models.Appearance, models.Variant)
class WitnessAdmin(admin.ModelAdmin):
    """Appearances and variants are the collation's record: read-only, best seen on the document's page."""

    def get_list_select_related(self, request):
        return ["document"] if self.model is models.Appearance else ["measure"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
