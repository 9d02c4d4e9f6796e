from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from tracker import api, views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/", include("tracker.api")),
    path("export/measures.csv", api.MeasureExportView.as_view(), name="export-measures"),
    path("dashboards/", include("tracker.dashboard_views")),
]
