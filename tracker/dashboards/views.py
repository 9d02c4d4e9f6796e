"""Views of the dashboards (charts in tracker/dashboards/charts.py): the pages, each chart's CSV, and plotly.js.

A login and a role (tracker.access) required unless settings.DASHBOARDS_PUBLIC. The filters are the API's
(tracker.measure_filters) and apply to every chart of a page and to its CSV.
"""

import functools
import json
from pathlib import Path

import pandas as pd
import plotly
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponseBadRequest, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import json_script
from django.utils.http import urlencode
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from plotly.io.json import to_json_plotly

from tracker.access import can_read
from tracker.dashboards.charts import CHARTS_BY_SLUG, DASHBOARDS, DASHBOARDS_BY_SLUG, Chart
from tracker.export import csv_text_chunks
from tracker.measure_filters import MeasureFilterSet, select_measures
from tracker.models import Body, Document

FILTERS = ("document", "status", "body", "topic")
# Filters with thousands of choices: a search box answered by `choices` (the admin's search of that model), the
# page carrying only what is selected. The others (statuses, a few dozen topics) list every choice.
SEARCHED_FILTERS = {"document": Document, "body": Body}
CHOICES_PER_PAGE = 20
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def dashboard_access(view):
    """Ask for a login and a role (tracker.access) unless the dashboards are public (read per request, so tests
    can flip the setting)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.DASHBOARDS_PUBLIC:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can_read(request.user):
                raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_safe
@dashboard_access
def page(request, slug="overview"):
    dashboard = DASHBOARDS_BY_SLUG.get(slug) or _not_found()
    if dashboard.default_params and not request.GET and (defaults := dashboard.default_params()):
        return redirect(f"{request.path}?{urlencode(defaults)}")
    filterset = MeasureFilterSet(request.GET)
    context = {"dashboards": DASHBOARDS, "dashboard": dashboard, "filters": _filter_bar(filterset, request.GET),
               "query": request.GET.urlencode(), "plotly_version": plotly.__version__}
    if not filterset.is_valid():
        return render(request, "tracker/dashboards/page.html", {**context, "errors": filterset.errors}, status=400)
    selection = filterset.selection()
    context["as_of"] = selection.as_of
    context["charts"] = [_rendered(chart, selection, request.GET) for chart in dashboard.charts]
    return render(request, "tracker/dashboards/page.html", context)


@require_safe
@dashboard_access
def chart_csv(request, slug):
    chart = CHARTS_BY_SLUG.get(slug) or _not_found()
    try:
        selection = select_measures(request.GET)
    except ValidationError as error:
        return HttpResponseBadRequest(json.dumps(error.message_dict, ensure_ascii=False),
                                      content_type="application/json")
    frame = _cells(chart.data(selection, request.GET))
    return StreamingHttpResponse(
        csv_text_chunks(frame.columns, frame.itertuples(index=False, name=None)),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="luoshi-{slug}-{selection.as_of:%Y%m%d}.csv"'},
    )


@require_safe
@dashboard_access
def choices(request, name):
    """The choices of a searched filter matching `term`, a page at a time, as select2 reads them."""
    model = SEARCHED_FILTERS.get(name) or _not_found()
    model_admin = admin.site.get_model_admin(model)
    found, _duplicates = model_admin.get_search_results(request, model.objects.all(), request.GET.get("term", ""))
    page = Paginator(found.only("pk", *model_admin.search_fields), CHOICES_PER_PAGE).get_page(request.GET.get("page"))
    return JsonResponse({"results": [{"id": row.pk, "text": str(row)} for row in page],
                         "pagination": {"more": page.has_next()}})


@require_safe
@cache_control(public=True, max_age=365 * 24 * 3600, immutable=True)  # the URL carries plotly's version
def plotly_js(request, version):
    """plotly.js from the installed plotly package: no CDN, nothing copied into the repository."""
    if version != plotly.__version__:
        raise Http404("another plotly version")
    return FileResponse(PLOTLY_JS.open("rb"), content_type="text/javascript; charset=utf-8")


def _not_found():
    raise Http404("no such dashboard or chart")


def _rendered(chart: Chart, selection, params) -> dict:
    frame = chart.data(selection, params)
    rendered = {"chart": chart, "empty": frame.empty, "note": frame.attrs.get("note", "")}
    if chart.figure is None:
        table = _cells(frame)
        rendered.update(columns=list(table.columns), rows=list(table.itertuples(index=False, name=None)),
                        first=table.iloc[0].to_dict() if len(table) else {})
    elif not frame.empty:
        figure = json.loads(to_json_plotly(chart.figure(frame, selection)))  # numpy's and pandas' values as JSON
        rendered["figure"] = json_script(figure, f"figure-{chart.slug}")
    return rendered


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame as people read it: dates as ISO days, 1800000000 rather than 1800000000.0, missing values
    as empty cells."""
    frame = frame.copy()
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
        elif pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].map(_plain_number, na_action="ignore")
    return frame.astype(object).where(frame.notna(), "")


def _plain_number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _filter_bar(filterset: MeasureFilterSet, params) -> list[dict]:
    """The choices of each filter, with what the request selected: every choice from the filter set itself, or,
    for a searched filter, only the selected ones (the search box finds the others)."""
    fields = filterset.form.fields
    bar = []
    for name in FILTERS:
        selected = params.getlist(name)
        if name in SEARCHED_FILTERS:
            ids = [value for value in selected if value.isdigit()]
            rows = SEARCHED_FILTERS[name].objects.filter(pk__in=ids) if ids else ()
            options = [(str(row.pk), str(row)) for row in rows]
        else:
            options = [(str(value), label) for value, label in fields[name].choices]
        bar.append({"name": name, "label": fields[name].label, "selected": selected, "choices": options,
                    "search_url": reverse("dashboards:choices", args=[name]) if name in SEARCHED_FILTERS else ""})
    return bar
