"""The API's views: read-only viewsets of documents, measures, bodies and status history, and the streaming
CSV export of measures."""

from django.db.models import Count, Prefetch
from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, renderers, viewsets
from rest_framework.pagination import PageNumberPagination

from tracker import models
from tracker.api import serializers as api_serializers
from tracker.export import measure_csv_chunks
from tracker.measure_filters import MeasureFilterSet


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = Pagination


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


class BodyViewSet(ReadOnlyViewSet):
    queryset = models.Body.objects.annotate(
        measure_count=Count("responsibilities__measure", distinct=True)
    ).order_by("name", "pk")
    serializer_class = api_serializers.BodySerializer
    filterset_fields = ["level", "kind", "needs_review"]


class StatusHistoryViewSet(ReadOnlyViewSet):
    """Every status change of every measure, oldest first per measure; nothing is ever overwritten."""

    queryset = models.StatusUpdate.objects.select_related("author")
    serializer_class = api_serializers.StatusUpdateSerializer
    filterset_fields = {
        "measure": ["exact"], "status": ["exact"], "source": ["exact"], "effective_date": ["gte", "lte"]
    }


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
