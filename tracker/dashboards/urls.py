"""The dashboards' addresses under /dashboards/: the pages, each chart's CSV, the searched filters' choices and
plotly.js."""

from django.urls import path

from tracker.dashboards.views import chart_csv, choices, page, plotly_js

app_name = "dashboards"

urlpatterns = [
    path("", page, name="overview"),
    path("plotly-<str:version>.min.js", plotly_js, name="plotly-js"),
    path("csv/<slug:slug>.csv", chart_csv, name="csv"),
    path("choices/<slug:name>.json", choices, name="choices"),
    path("<slug:slug>/", page, name="page"),
]
