"""List filters of the measure list that Django's field filters cannot express."""

from django.contrib import admin
from django.db.models import Exists, Min, OuterRef, Q

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


DocumentFilter = titled(admin.RelatedFieldListFilter, _b("document", "文件"))
BodyFilter = titled(admin.RelatedOnlyFieldListFilter, _b("responsible body", "责任主体"))
TopicFilter = titled(admin.RelatedOnlyFieldListFilter, _b("topic", "主题"))


class PartFilter(admin.SimpleListFilter):
    """The top-level item (一、 二、 …) a measure belongs to, in document order."""

    title = _b("part", "部分")
    parameter_name = "part"

    def lookups(self, request, model_admin):
        tops = Measure.objects.filter(level=1)
        if document := request.GET.get("document__id__exact"):
            tops = tops.filter(document_id=document)
        parts = tops.values("path").annotate(first=Min("order")).order_by("first")
        return [(part["path"], part["path"]) for part in parts]

    def queryset(self, request, queryset):
        part = self.value()
        if part:
            return queryset.filter(Q(path=part) | Q(path__startswith=f"{part}/"))
        return queryset
