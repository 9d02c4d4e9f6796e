"""The dashboards' addresses under /dashboards/: the pages, each chart's CSV, and plotly.js."""

from django.urls import path

from tracker.dashboards.views import chart_csv, page, plotly_js

app_name = "dashboards"

urlpatterns = [
    path("", page, name="overview"),
    path("plotly-<str:version>.min.js", plotly_js, name="plotly-js"),
    path("csv/<slug:slug>.csv", chart_csv, name="csv"),
    path("<slug:slug>/", page, name="page"),
]
