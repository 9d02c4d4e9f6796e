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

How it is answered at a million measures: when no entry anywhere is dated after `as_of` (today, usually), each
measure's status as of that day is its stored, indexed `status` (tracker.status keeps it the latest entry's);
otherwise it is the entry current on that day, found by the range `effective_date <= as_of < ended_on` (an
index; `ended_on` is kept by tracker.status), and a status filter is a semi-join on those entries rather than a
search of each measure's history.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from drf_spectacular.utils import extend_schema_field

from tracker.choices import Status
from tracker.i18n import bilingual as _b
from tracker.models import Body, Document, Measure, Responsibility, StatusUpdate, TimeFrame, Topic
from tracker.search import measure_search_filter
from tracker.vocabulary import OPEN_STATUSES

# A page of at most this many measures is read by sorting them all (StatusAsOf.few_in): ~10,000 take tens of ms;
# past ~30,000 the sort costs about as much as the walk it replaces (150,000: 1.9 s at load 6, as the walk).
FEW_ENOUGH_TO_SORT = 30_000


class StatusAsOf:
    """Each measure's status as of a date, as SQL: the stored status when it is that, else the history's."""

    def __init__(self, as_of: datetime.date):
        self.as_of = as_of
        self.later_entries = StatusUpdate.objects.filter(effective_date__gt=as_of)

    @cached_property
    def stored_is_current(self) -> bool:
        return not self.later_entries.exists()  # one look-up in the effective-date index

    def entries(self) -> QuerySet:
        """The status entries current on the day."""
        return StatusUpdate.objects.filter(Q(ended_on__gt=self.as_of) | Q(ended_on__isnull=True),
                                           effective_date__lte=self.as_of).order_by()  # at most one a measure

    def status(self) -> F | Coalesce:
        """The status on the day: the stored column when it is that (decided by the one look-up, in Python, so
        that the planner sees the indexed column and estimates `overdue` and status filters from its statistics:
        behind a CASE it guessed, and counted the overdue by sorting every ended time frame, 0.5 s at 1M), else
        the entry current on the day."""
        if self.stored_is_current:
            return F("status")
        current = self.entries().filter(measure=OuterRef("pk")).values("status")[:1]
        return Coalesce(Subquery(current), Value(Status.NOT_YET_RATED))

    def few_in(self, statuses) -> bool:
        """Whether the measures in these statuses on the day are at most FEW_ENOUGH_TO_SORT, by a capped count
        of their entries (index-only, on status_update_current): then a page of them is read by sorting them
        (tracker.pagination.SortedSelection) rather than along the documents newest first, which on a past day
        passes every measure of the documents written since (none has an entry by then). Never for the stored
        status, nor with not_yet_rated: those measures are many and come first."""
        if self.stored_is_current or Status.NOT_YET_RATED in statuses:
            return False
        entries = self.entries().filter(status__in=statuses).values("pk")[:FEW_ENOUGH_TO_SORT + 1]
        return entries.count() <= FEW_ENOUGH_TO_SORT

    def condition(self, statuses) -> Q:
        """Measures whose status on the day is one of these: an index on the stored status, or a semi-join on
        the entries current that day (one query first, to know which)."""
        if self.stored_is_current:
            return Q(status__in=statuses)
        condition = Q(pk__in=self.entries().filter(status__in=statuses).values("measure_id"))
        if Status.NOT_YET_RATED in statuses:  # no entry yet on that day
            rated = StatusUpdate.objects.filter(measure=OuterRef("pk"), effective_date__lte=self.as_of)
            condition |= ~Exists(rated)
        return condition


def with_status_as_of(measures: QuerySet, as_of: datetime.date | StatusAsOf) -> QuerySet:
    """Annotate `status_on`, `is_open` and `overdue` as of a date (see the module docstring)."""
    status_as_of = as_of if isinstance(as_of, StatusAsOf) else StatusAsOf(as_of)
    ended = TimeFrame.objects.filter(measure=OuterRef("pk"), end__lt=status_as_of.as_of)
    return measures.annotate(status_on=status_as_of.status()).annotate(
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
        choices=Status.choices, method="filter_status", label=_b("status", "状态")
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
        self.status_as_of = StatusAsOf(self.as_of_date)
        return super().filter_queryset(with_status_as_of(queryset, self.status_as_of))

    def few_to_sort(self) -> bool:
        """Whether the selection is few measures that a list in document order reaches late (StatusAsOf.few_in;
        call after the filtering). Asked by the API's pages only: one query, which the others need not make."""
        statuses = self.form.cleaned_data.get("status")
        return bool(statuses) and self.status_as_of.few_in(statuses)

    def selection(self) -> Selection:
        """The filtered measures and their date (call after is_valid())."""
        given = {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "", [])}
        return Selection(self.qs, self.as_of_date, given, self.status_as_of)

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

    def filter_status(self, queryset, name, statuses):
        return queryset.filter(self.status_as_of.condition(statuses)) if statuses else queryset

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
    # the filters given, by name, as cleaned (what tracker.summary can answer); not part of the hash: `measures` is
    filters: Mapping = field(default_factory=dict, compare=False)
    status_as_of: StatusAsOf | None = field(default=None, compare=False)  # its look-up made once a request

    def stored_status_is_current(self) -> bool:
        """Whether each measure's stored status is its status as of the date (StatusAsOf.stored_is_current)."""
        return (self.status_as_of or StatusAsOf(self.as_of)).stored_is_current


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
