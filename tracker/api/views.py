"""The API's views: read-only viewsets of documents, measures, bodies and status history, and the streaming
CSV export of measures."""

import django_filters
from django.db.models import Count, Prefetch, Q
from django.http import StreamingHttpResponse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, renderers, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from tracker import models
from tracker.api import serializers as api_serializers
from tracker.export import export_site_url, measure_csv_chunks
from tracker.i18n import bilingual as _b
from tracker.measure_filters import IdFilter, MeasureFilterSet
from tracker.pagination import EstimatedCountPaginator, SortedSelection, nulls_as_in_postgresql


class Pagination(PageNumberPagination):
    """Page numbers; `count` is exact up to 1,000 rows and PostgreSQL's estimate beyond (tracker.pagination)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = EstimatedCountPaginator
    page_size_query_description = (f"Results per page: 50 unless given, at most {max_page_size} (more gives "
                                   f"{max_page_size}, less than 1 the default).")

    def get_schema_operation_parameters(self, view):
        """Pages start at 1: a client that keeps to the schema never gets the 404 of page 0."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


class MeasurePagination(Pagination):
    """Page numbers for the first pages; deeper, keyset pagination: `?after=<the last measure's id>` gives the
    measures that follow it in document order (newest document first, then position), read along the indexes
    however deep, where `?page=1000` makes PostgreSQL read and drop 50,000 rows. From page KEYSET_FROM_PAGE on,
    `next` is such a link (`count` is then null and `previous` too); `?page=` keeps working at any depth."""

    keyset_from_page = 10
    ordering = ("-document__date_written", "document__title", "document_id", "order", "pk")

    def paginate_queryset(self, queryset, request, view=None):
        self.request, self.after = request, request.query_params.get("after")
        if self.after is None:
            self.rows = super().paginate_queryset(self.in_order(queryset, view), request, view)
            return self.rows
        try:
            last = queryset.model.objects.select_related("document").get(pk=int(self.after))
        except (ValueError, queryset.model.DoesNotExist) as error:
            raise NotFound(_b("No measure with this id to continue after.", "没有该编号的措施。")) from error
        size = self.get_page_size(request)
        rows = list(self.in_order(queryset.filter(following_in_document_order(last)), view)[:size + 1])
        self.rows, self.has_more = rows[:size], len(rows) > size
        return self.rows

    def in_order(self, queryset, view):
        """The measures in document order: along the indexes, or sorted when the filters found few that the
        indexes' order would reach late (MeasureFilterSet.few_to_sort)."""
        filterset = getattr(view, "filterset", None)
        if filterset is not None and filterset.few_to_sort():
            return SortedSelection(queryset, self.ordering)
        return queryset.order_by(*nulls_as_in_postgresql(self.ordering))

    def get_schema_operation_parameters(self, view):
        return [*super().get_schema_operation_parameters(view), {
            "name": "after", "required": False, "in": "query", "schema": {"type": "integer"},
            "description": "continue after this measure (keyset pagination; `next` links use it from page 10 on)",
        }]

    def get_paginated_response(self, data):
        if self.after is None and not (self.page.has_next() and self.page.number + 1 >= self.keyset_from_page):
            return super().get_paginated_response(data)
        has_more = self.page.has_next() if self.after is None else self.has_more
        next_link = replace_query_param(self.request.build_absolute_uri(), "after", self.rows[-1].pk)
        return Response({"count": None if self.after else self.page.paginator.count,
                         "next": remove_query_param(next_link, self.page_query_param) if has_more else None,
                         "previous": None if self.after else self.get_previous_link(), "results": data})


def following_in_document_order(last: models.Measure) -> Q:
    """The measures after `last` in (-document date, document title, document id, order, id): in a document not
    before its document (undated documents come first: pagination's nulls_as_in_postgresql), and in its
    document, later there. The first condition is on the documents' own columns, so PostgreSQL checks it on each
    document before it reads the document's measures (said as "later in its document, or in a later document",
    it read every measure of each document before: 0.5 s half-way down a million)."""
    document = last.document
    same_date = (Q(document__date_written__isnull=True) if document.date_written is None
                 else Q(document__date_written=document.date_written))
    later_date = (Q(document__date_written__isnull=False) if document.date_written is None
                  else Q(document__date_written__lt=document.date_written))
    title_not_before = (same_date & Q(document__title__gte=document.title)) | later_date
    not_a_namesake_before = Q(document__title__gt=document.title) | later_date | Q(document_id__gte=document.pk)
    later_in_its_document = Q(order__gt=last.order) | Q(order=last.order, pk__gt=last.pk)
    return title_not_before & not_a_namesake_before & (~Q(document_id=document.pk) | later_in_its_document)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = Pagination
    lookup_value_regex = "[0-9]+"  # ids; any other address is the JSON 404 of `not_found`


@extend_schema(exclude=True)
@api_view(["GET", "HEAD"])
def not_found(request):
    raise NotFound()


class DocumentViewSet(ReadOnlyViewSet):
    # Meta.ordering does not apply to aggregated querysets: order explicitly, pagination needs it
    queryset = (
        models.Document.objects.annotate(measure_count=Count("measures"))
        .prefetch_related("issuers")
        .order_by("-date_written", "title", "pk")
    )
    serializer_class = api_serializers.DocumentSerializer
    filterset_fields = ["kind"]


class FilterSetOnTheView(DjangoFilterBackend):
    """The filter backend, keeping the filter set on the view for its pagination (MeasurePagination.in_order)."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset


class MeasureViewSet(ReadOnlyViewSet):
    """Measures with their bodies, time frames, targets and topics; status and overdue as of `as_of`."""

    queryset = models.Measure.objects.select_related("document").prefetch_related(
        Prefetch("responsibilities", queryset=models.Responsibility.objects.select_related("body").order_by("pk")),
        "time_frames",
        "targets",
        "topics",
    )
    serializer_class = api_serializers.MeasureSerializer
    filterset_class = MeasureFilterSet
    filter_backends = [FilterSetOnTheView]
    pagination_class = MeasurePagination

    def get_serializer_class(self):
        return api_serializers.MeasureDetailSerializer if self.action == "retrieve" else self.serializer_class

    def get_queryset(self):
        if self.action != "retrieve":
            return super().get_queryset()
        return super().get_queryset().prefetch_related(
            Prefetch("links_out", queryset=LINKS), Prefetch("links_in", queryset=LINKS))


LINKS = models.MeasureLink.objects.select_related(
    "from_measure__document", "to_measure__document", "reviewed_by").order_by("-score", "pk")


@extend_schema_field({"type": "number", "minimum": 0, "maximum": 1})
class ScoreFloorFilter(django_filters.NumberFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=0, max_value=1, **kwargs)


class MeasureLinkFilterSet(django_filters.FilterSet):
    document = IdFilter(method="either_side", label=_b("document (either side)", "文件（任一端）"))
    measure = IdFilter(method="either_side", label=_b("measure (either side)", "措施（任一端）"))
    score_min = ScoreFloorFilter(field_name="score", lookup_expr="gte", label=_b("score at least", "得分不低于"))

    class Meta:
        model = models.MeasureLink
        fields = ["relation", "review", "provenance"]

    def either_side(self, queryset, name, value):
        field = "measure" if name == "measure" else "measure__document"
        return queryset.filter(Q(**{f"from_{field}": value}) | Q(**{f"to_{field}": value}))


class MeasureLinkViewSet(ReadOnlyViewSet):
    """Lineage links, from the later measure to the earlier one it carries forward, best score first."""

    queryset = LINKS
    serializer_class = api_serializers.MeasureLinkSerializer
    filterset_class = MeasureLinkFilterSet


class BodyViewSet(ReadOnlyViewSet):
    queryset = models.Body.objects.annotate(
        measure_count=Count("responsibilities__measure", distinct=True)
    ).order_by("name", "pk")
    serializer_class = api_serializers.BodySerializer
    filterset_fields = ["level", "kind", "needs_review"]


class StatusHistoryFilterSet(django_filters.FilterSet):
    measure = IdFilter(field_name="measure_id", label=_b("measure", "措施"))

    class Meta:
        model = models.StatusUpdate
        fields = {"status": ["exact"], "source": ["exact"], "effective_date": ["gte", "lte"]}


class StatusHistoryViewSet(ReadOnlyViewSet):
    """Every status change of every measure, oldest first per measure; nothing is ever overwritten."""

    queryset = models.StatusUpdate.objects.select_related("author")
    serializer_class = api_serializers.StatusUpdateSerializer
    filterset_class = StatusHistoryFilterSet


class CsvRenderer(renderers.BaseRenderer):
    """Lets a client ask for text/csv. The export streams its own body; errors (bad filters) stay JSON."""

    media_type = "text/csv"
    format = "csv"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return renderers.JSONRenderer().render(data)


class MeasureExportView(generics.GenericAPIView):
    """Every measure matching the filters, as CSV (UTF-8 with BOM, the admin export's columns), streamed."""

    queryset = models.Measure.objects.all()
    filterset_class = MeasureFilterSet
    renderer_classes = [renderers.JSONRenderer, CsvRenderer]
    pagination_class = None

    def handle_exception(self, exc):
        # errors (a bad filter) are JSON whatever format was asked for: only the export itself is CSV
        self.request.accepted_renderer, self.request.accepted_media_type = renderers.JSONRenderer(), "application/json"
        return super().handle_exception(exc)

    @extend_schema(
        filters=True, responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="the CSV file")}
    )
    def get(self, request):
        measures = self.filter_queryset(self.get_queryset())
        filename = f"luoshi-measures-{timezone.localdate():%Y%m%d}.csv"
        return StreamingHttpResponse(
            measure_csv_chunks(measures, site_url=export_site_url(request)),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
