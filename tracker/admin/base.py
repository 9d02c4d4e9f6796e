"""Building blocks the admin's pages share: the stylesheet, labels for fields that carry none, compact inline
inputs, links to a measure, and the base classes of read-only records."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import display_for_value
from django.db.models import CharField, DecimalField, TextField
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from tracker import models
from tracker.i18n import bilingual as _b

LISTED_MEASURES = 50  # measures listed on a body's or a status form's page (the rest: the filtered measure list)
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


