"""Responsibilities, time frames and targets across measures: lists to look through, each row linked to its
measure's page, which is the one place to change them.

Why read-only here: a row changed on its own (a time frame's end, say) would have to make the whole field the
editor's and keep the parser's reading beside it; the measure's page does exactly that (`tracker.edits`) and
shows the other rows, the source text and the disagreement with them. One place to edit, one set of rules.
"""

from django.contrib import admin

from tracker import models
from tracker.admin.base import RecordAdmin, measure_link
from tracker.i18n import bilingual as _b


class ExtractionAdmin(RecordAdmin):
    """Shown, never added, changed or deleted here; the measure column links to where they are edited."""

    list_select_related = ["measure"]

    @admin.display(description=_b("measure (edit there)", "措施（在措施页修改）"))
    def measure_page(self, row):
        return measure_link(row.measure)


@admin.register(models.Responsibility)
class ResponsibilityAdmin(ExtractionAdmin):
    list_display = ["measure_page", "body", "role", "provenance", "evidence"]
    list_filter = ["role", "provenance"]
    list_select_related = ["measure", "body"]


@admin.register(models.TimeFrame)
class TimeFrameAdmin(ExtractionAdmin):
    list_display = ["measure_page", "expression", "kind", "start", "end", "period", "due", "anchor", "needs_review",
                    "provenance"]
    list_filter = ["kind", "needs_review", "provenance"]


@admin.register(models.Target)
class TargetAdmin(ExtractionAdmin):
    list_display = ["measure_page", "expression", "comparator", "value", "unit", "normalised_value",
                    "normalised_unit", "provenance"]
    list_filter = ["comparator", "provenance"]
