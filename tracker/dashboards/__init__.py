"""The analysts' dashboards: charts over `tracker.analytics` (charts.py), their pages and CSVs (views.py,
urls.py, mounted at /dashboards/)."""
