"""The read-only JSON API (Django REST framework) and the streaming CSV export of measures.

    views.py, serializers.py, urls.py (mounted at /api/; the export at /export/measures.csv by tracker/urls.py)

- `/api/` lists the endpoints: documents, measures, bodies, status-history; `/api/schema/` is the OpenAPI
  schema and `/api/docs/` its interactive page. Lists are paginated (`?page=`, `?page_size=` up to 500).
- Measures take the filters of `tracker.measure_filters` (document, status, body, topic, level, overdue,
  as_of, q); `/export/measures.csv` takes the same and streams every matching measure as CSV.
- Authentication: a session (log in at /admin/) or a token (`Authorization: Token <key>`; tokens are
  managed in the admin or with `manage.py drf_create_token USER`). Anonymous requests get 401/403.
"""
