"""A basic admin for every model; the admin issue makes the measure pages good."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tracker import models

admin.site.site_header = "Luoshi 落实"
admin.site.site_title = "Luoshi 落实"


@admin.register(models.Measure)
class MeasureAdmin(SimpleHistoryAdmin):
    list_display = ["path", "heading", "document", "status", "needs_review"]
    list_filter = ["status", "needs_review", "level", "document"]
    list_select_related = ["document"]
    search_fields = ["heading", "text"]
    raw_id_fields = ["parent", "source", "document"]


@admin.register(models.Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "english_name", "level", "kind", "needs_review"]
    list_filter = ["level", "kind", "needs_review"]
    search_fields = ["name", "english_name"]


@admin.register(models.Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date_written", "date_published"]
    list_filter = ["kind"]
    search_fields = ["title"]


@admin.register(models.SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ["name", "encoding", "size", "ingested_at"]
    exclude = ["content"]


@admin.register(models.ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["started_at", "outcome", "inserted", "updated", "unchanged", "failed"]


for model in (
    models.Appearance,
    models.Topic,
    models.Responsibility,
    models.TimeFrame,
    models.Target,
    models.StatusUpdate,
    models.Variant,
    models.MeasureLink,
):
    admin.site.register(model)
