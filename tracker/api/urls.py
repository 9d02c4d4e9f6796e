"""The API's addresses under /api/: the endpoints, the OpenAPI schema and its interactive page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import routers

from tracker.api.views import (
    BodyViewSet,
    DocumentViewSet,
    MeasureLinkViewSet,
    MeasureViewSet,
    StatusHistoryViewSet,
    not_found,
)

app_name = "api"

router = routers.DefaultRouter()
router.register("documents", DocumentViewSet)
router.register("measures", MeasureViewSet)
router.register("bodies", BodyViewSet)
router.register("status-history", StatusHistoryViewSet)
router.register("measure-links", MeasureLinkViewSet)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
    re_path(r"^.*$", not_found),  # any other address under /api/: a JSON 404, as the schema says
]
