"""The API's views: read-only viewsets of documents, measures, bodies and status history, and the streaming
CSV export of measures."""

import django_filters
from django.db.models import Count, Prefetch, Q
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, renderers, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination

from tracker import models
from tracker.api import serializers as api_serializers
from tracker.export import measure_csv_chunks
from tracker.i18n import bilingual as _b
from tracker.measure_filters import IdFilter, MeasureFilterSet


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    page_size_query_description = (f"Results per page: 50 unless given, at most {max_page_size} (more gives "
                                   f"{max_page_size}, less than 1 the default).")

    def get_schema_operation_parameters(self, view):
        """Pages start at 1: a client that keeps to the schema never gets the 404 of page 0."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


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
        site_url = request.build_absolute_uri("/").rstrip("/")
        filename = f"luoshi-measures-{timezone.localdate():%Y%m%d}.csv"
        return StreamingHttpResponse(
            measure_csv_chunks(measures, site_url=site_url),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
