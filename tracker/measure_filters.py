"""The measure filters, defined once: the JSON API, the CSV export (view and command), the dashboards and
`tracker.analytics` all select measures through `MeasureFilterSet`.

Parameters (repeat one for several values, `?status=planned&status=stalled`; values of one parameter are
alternatives, different parameters must all hold):
- `document`, `body`, `topic`: ids; `body` matches any responsibility of the measure, whatever its role;
- `status`: values of `vocabulary.STATUS`, judged as of `as_of`;
- `level`: depth in the document (1 = top-level item);
- `overdue`: `true` / `false`, judged as of `as_of`;
- `as_of`: an ISO date, today by default;
- `q`: text search over heading and text (`tracker.search`);
- `withdrawn`: `true` for the items a source no longer carries, `false` for the others; absent, withdrawn
  items are left out (they are history, not work to track).

As of a date, a measure's status is its latest StatusUpdate with `effective_date <= as_of` (in the order of
`tracker.status.LATEST_FIRST`); before its first entry nobody had rated it, so it counts as not_yet_rated.
It is overdue when one of its time frames ended before `as_of` while that status is open
(`vocabulary.OPEN_STATUSES`). Every filtered queryset carries these as annotations: `status_on`,
`is_open`, `overdue`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import extend_schema_field

from tracker.choices import Status
from tracker.i18n import bilingual as _b
from tracker.models import Body, Document, Measure, Responsibility, StatusUpdate, TimeFrame, Topic
from tracker.search import measure_search_filter
from tracker.status import LATEST_FIRST
from tracker.vocabulary import OPEN_STATUSES


def with_status_as_of(measures: QuerySet, as_of: datetime.date) -> QuerySet:
    """Annotate `status_on`, `is_open` and `overdue` as of a date (see the module docstring)."""
    latest = StatusUpdate.objects.filter(measure=OuterRef("pk"), effective_date__lte=as_of).order_by(*LATEST_FIRST)
    ended = TimeFrame.objects.filter(measure=OuterRef("pk"), end__lt=as_of)
    return measures.annotate(
        status_on=Coalesce(Subquery(latest.values("status")[:1]), Value(Status.NOT_YET_RATED))
    ).annotate(
        is_open=ExpressionWrapper(Q(status_on__in=OPEN_STATUSES), output_field=BooleanField()),
    ).annotate(
        overdue=ExpressionWrapper(Q(is_open=True) & Exists(ended), output_field=BooleanField()),
    )


# What a database id can be (a bigint); a number outside is not an id (and must not reach the database).
ID_BOUNDS = {"min_value": 1, "max_value": 2**63 - 1}
ID_SCHEMA = {"type": "integer", "minimum": ID_BOUNDS["min_value"], "maximum": ID_BOUNDS["max_value"]}  # OpenAPI


class IdsField(forms.ModelMultipleChoiceField):
    """Ids, whether a row has them or not: an id nothing has matches nothing, as any other value would; only
    what is not an id is an error. (Django's field would refuse an unknown id, and look every id up to say so.)
    The choices still list the rows, for the dashboards' filter bar."""

    def clean(self, value):
        id_field = forms.IntegerField(**ID_BOUNDS)
        return sorted({id_field.clean(one) for one in value or ()})


@extend_schema_field(ID_SCHEMA)
class IdsFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = IdsField


@extend_schema_field(ID_SCHEMA)
class IdFilter(django_filters.NumberFilter):
    """One id (whole, in the database's range), for the API's other filters."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **ID_BOUNDS, **kwargs)


class MeasureFilterSet(django_filters.FilterSet):
    document = IdsFilter(queryset=Document.objects.only("pk", "title"), label=_b("document", "文件"))
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, field_name="status_on", distinct=False, label=_b("status", "状态")
    )
    body = IdsFilter(queryset=Body.objects.only("pk", "name"), method="filter_body",
                     label=_b("responsible body", "责任主体"))
    topic = IdsFilter(queryset=Topic.objects.only("pk", "name"), method="filter_topic", label=_b("topic", "主题"))
    level = django_filters.NumberFilter(field_name="level", label=_b("level", "层级"))
    overdue = django_filters.BooleanFilter(field_name="overdue", label=_b("overdue", "逾期"))
    as_of = django_filters.DateFilter(method="keep_all", label=_b("as of", "截至日期"))
    q = django_filters.CharFilter(method="search", label=_b("text search", "全文检索"))
    withdrawn = django_filters.BooleanFilter(method="filter_withdrawn", label=_b("withdrawn", "已从来源删除"))

    class Meta:
        model = Measure
        fields = ["document", "status", "body", "topic", "level", "overdue", "as_of", "q", "withdrawn"]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(None if data is None else as_query_data(data), *args, **kwargs)

    @property
    def as_of_date(self) -> datetime.date:
        return self.form.cleaned_data.get("as_of") or timezone.localdate()

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # status and overdue filter on the as-of annotations, so they must exist before any filter runs
        if self.form.cleaned_data.get("withdrawn") is None:
            queryset = queryset.filter(withdrawn_at__isnull=True)
        return super().filter_queryset(with_status_as_of(queryset, self.as_of_date))

    def selection(self) -> Selection:
        """The filtered measures and their date (call after is_valid())."""
        return Selection(self.qs, self.as_of_date)

    @extend_schema_field(ID_SCHEMA)
    def filter_body(self, queryset, name, bodies):
        if not bodies:
            return queryset
        return queryset.filter(Exists(Responsibility.objects.filter(measure=OuterRef("pk"), body_id__in=bodies)))

    @extend_schema_field(ID_SCHEMA)
    def filter_topic(self, queryset, name, topics):
        if not topics:
            return queryset
        tagged = Measure.topics.through.objects.filter(measure=OuterRef("pk"), topic_id__in=topics)
        return queryset.filter(Exists(tagged))

    def filter_withdrawn(self, queryset, name, withdrawn):
        return queryset if withdrawn is None else queryset.filter(withdrawn_at__isnull=not withdrawn)

    def keep_all(self, queryset, name, value):
        return queryset  # as_of is applied by filter_queryset

    def search(self, queryset, name, query):
        return queryset.filter(measure_search_filter(query))


@dataclass(frozen=True)
class Selection:
    """Filtered measures, annotated as of a date: what a dashboard, an export or a notebook works on."""

    measures: QuerySet
    as_of: datetime.date


def select_measures(params: Mapping | None = None, measures: QuerySet | None = None) -> Selection:
    """Apply the filters to `measures` (all by default); raise ValidationError on a bad parameter.

    `params` is a QueryDict (request.GET) or a plain mapping, e.g. {"status": ["planned"], "as_of": "2023-06-30"}.
    """
    measures = Measure.objects.all() if measures is None else measures  # (a queryset's truth value runs it)
    filterset = MeasureFilterSet(params or {}, queryset=measures)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.selection()


def as_query_data(params: Mapping) -> MultiValueDict:
    """Parameters as the filter form reads them: every value a list of text, blanks dropped (a form's empty
    `<select>` sends `status=`, which means no filter, not an invalid status)."""
    if isinstance(params, MultiValueDict):
        pairs = params.lists()
    else:
        pairs = ((key, value if isinstance(value, list | tuple) else [value]) for key, value in params.items())
    kept = {key: [str(v) for v in values if v is not None and v != ""] for key, values in pairs}
    return MultiValueDict({key: values for key, values in kept.items() if values})
