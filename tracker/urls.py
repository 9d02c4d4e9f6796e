from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from tracker import views
from tracker.api.views import MeasureExportView

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("healthz", views.healthz, name="healthz"),
    path("watches/unsubscribe/<str:token>/", views.unsubscribe, name="watch-unsubscribe"),
    path("admin/", admin.site.urls),
    path("api/", include("tracker.api.urls")),
    path("export/measures.csv", MeasureExportView.as_view(), name="export-measures"),
    path("dashboards/", include("tracker.dashboards.urls")),
]
