"""Links between measures of different documents (lineage)."""

from django.contrib import admin

from tracker import models


@admin.register(models.MeasureLink)
class MeasureLinkAdmin(admin.ModelAdmin):
    list_display = ["from_measure", "relation", "to_measure", "score", "provenance", "review"]
    list_select_related = ["from_measure", "to_measure"]
    raw_id_fields = ["from_measure", "to_measure"]
