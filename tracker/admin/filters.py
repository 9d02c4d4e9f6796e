"""List filters of the measure list that Django's field filters cannot express, or cannot at a million measures
(a sidebar that lists every document or every body in use)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect
from django.db import connection
from django.db.models import Exists, Max, Min, OuterRef, Q

from tracker.i18n import bilingual as _b
from tracker.models import Measure, Target

YES_NO = (("yes", _b("Yes", "是")), ("no", _b("No", "否")))


class YesNoFilter(admin.SimpleListFilter):
    """A filter that splits the list by one condition."""

    def condition(self) -> Q:
        raise NotImplementedError

    def lookups(self, request, model_admin):
        return YES_NO

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(self.condition())
        if self.value() == "no":
            return queryset.exclude(self.condition())
        return queryset


class OverdueFilter(YesNoFilter):
    title = _b("overdue", "逾期")
    parameter_name = "overdue"

    def condition(self) -> Q:
        return Q(overdue=True)  # annotated by MeasureAdmin.get_queryset (tracker.measure_filters)


class HasTargetFilter(YesNoFilter):
    title = _b("has a target", "含量化目标")
    parameter_name = "has_target"

    def condition(self) -> Q:
        return Q(Exists(Target.objects.filter(measure=OuterRef("pk"))))


class DisagreementFilter(YesNoFilter):
    title = _b("parser disagrees", "解析分歧")
    parameter_name = "disagreement"

    def condition(self) -> Q:
        return ~Q(disagreements={})


def titled(filter_class: type[admin.FieldListFilter], title) -> type[admin.FieldListFilter]:
    """A relation's filter under a bilingual title (the model fields carry no label of their own)."""

    class Titled(filter_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.title = title

    return Titled


class AutocompleteFilter(admin.SimpleListFilter):
    """A relation's filter as a search box (the admin's own autocomplete widget, answered by the related
    model's admin search) instead of a link for each of thousands of documents or bodies. Same parameter as
    Django's related filter (`document__id__exact`), so links to the filtered list keep working. A measure's
    responsibilities are matched by EXISTS, so the list is never joined to them and de-duplicated."""

    template = "tracker/admin/autocomplete_filter.html"
    field_path = ""  # from Measure to the foreign key that names the related row: "document", "responsibilities__body"

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        choice = forms.ModelChoiceField(self.field().remote_field.model._default_manager.all(), required=False,
                                        widget=AutocompleteSelect(self.field(), model_admin.admin_site))
        self.rendered_widget = choice.widget.render(self.parameter_name, self.value(),
                                                    attrs={"id": f"lu-filter-{self.parameter_name}"})

    @classmethod
    def field(cls):
        *hops, last = cls.field_path.split("__")
        model = Measure
        for hop in hops:
            model = model._meta.get_field(hop).related_model
        return model._meta.get_field(last)

    @staticmethod
    def media(admin_site) -> forms.Media:
        """What the page needs for these filters: the widget's scripts and ours (MeasureAdmin.media)."""
        widget = AutocompleteSelect(Measure._meta.get_field("document"), admin_site)
        return widget.media + forms.Media(js=["tracker/autocomplete_filter.js"])

    def lookups(self, request, model_admin):
        return ()

    def has_output(self):
        return True

    def choices(self, changelist):
        yield {"selected": self.value() is None, "display": _b("All", "全部"),
               "query_string": changelist.get_query_string(remove=[self.parameter_name])}

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        if not self.value().isdigit():
            raise IncorrectLookupParameters(self.value())
        field = self.field()
        if field.model is Measure:
            return queryset.filter(**{field.attname: self.value()})
        related = field.model.objects.filter(measure=OuterRef("pk"), **{field.attname: self.value()})
        return queryset.filter(Exists(related))


def autocomplete_filter(field_path: str, title) -> type[AutocompleteFilter]:
    target = f"{field_path}__id__exact"
    return type(f"AutocompleteFilter_{field_path}", (AutocompleteFilter,),
                {"field_path": field_path, "parameter_name": target, "title": title})


class LevelFilter(admin.SimpleListFilter):
    """Depth in the document, 1 to the deepest (from the level index, not a scan of every measure)."""

    title = _b("level", "层级")
    parameter_name = "level"

    def lookups(self, request, model_admin):
        deepest = Measure.objects.aggregate(deepest=Max("level"))["deepest"] or 0
        return [(str(level), str(level)) for level in range(1, deepest + 1)]

    def queryset(self, request, queryset):
        return queryset.filter(level=self.value()) if self.value() else queryset


DocumentFilter = autocomplete_filter("document", _b("document", "文件"))
BodyFilter = autocomplete_filter("responsibilities__body", _b("responsible body", "责任主体"))
# Every topic (a few dozen), not only those in use: finding those means reading every measure's tags.
TopicFilter = titled(admin.RelatedFieldListFilter, _b("topic", "主题"))


# Each top-level path, in the order of its first appearance, from the partial index measure_top_level_parts by
# a skip scan (the next path after each, then its first position): a few look-ups per part, where grouping the
# top-level items of a million measures read 66,692 index entries (37 ms; this, 0.4 ms).
EVERY_PART = """
WITH RECURSIVE part(path) AS (
    SELECT MIN(path) FROM tracker_measure WHERE level = 1
    UNION ALL
    SELECT (SELECT MIN(path) FROM tracker_measure WHERE level = 1 AND path > part.path) FROM part
    WHERE part.path IS NOT NULL
)
SELECT path FROM part WHERE path IS NOT NULL
ORDER BY (SELECT MIN("order") FROM tracker_measure WHERE level = 1 AND path = part.path), path
"""


class PartFilter(admin.SimpleListFilter):
    """The top-level item (一、 二、 …) a measure belongs to, in document order."""

    title = _b("part", "部分")
    parameter_name = "part"

    def lookups(self, request, model_admin):
        if document := request.GET.get("document__id__exact"):
            tops = Measure.objects.filter(level=1, document_id=document)
            parts = tops.values("path").annotate(first=Min("order")).order_by("first")
            return [(part["path"], part["path"]) for part in parts]
        with connection.cursor() as cursor:
            cursor.execute(EVERY_PART)
            return [(path, path) for (path,) in cursor.fetchall()]

    def queryset(self, request, queryset):
        part = self.value()
        if part:
            return queryset.filter(Q(path=part) | Q(path__startswith=f"{part}/"))
        return queryset
