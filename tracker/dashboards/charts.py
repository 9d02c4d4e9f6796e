"""The analysts' dashboards: which charts each page shows, where their data comes from, how they are drawn.

A chart is an analytics DataFrame (tracker.analytics) and, unless it is a table, a plotly figure drawn from
it. The same DataFrame is the chart's CSV, so what a reader downloads is exactly what the chart shows.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

import pandas as pd
from django.urls import reverse
from django.utils.http import urlencode

from tracker import analytics
from tracker.choices import BodyRole, Status
from tracker.dashboards import carry_forward
from tracker.dashboards.style import figure, shorten
from tracker.i18n import bilingual as _b
from tracker.measure_filters import Selection

STATUS_COLOURS = {
    "not_yet_rated": "#c7c7c7", "planned": "#9ecae1", "in_progress": "#3182bd", "ongoing": "#31a354",
    "achieved": "#006d2c", "partially_achieved": "#a1d99b", "stalled": "#e6550d", "discontinued": "#636363",
    "superseded": "#969696", "expired": "#843c39",
}
DEFAULT_TOP_BODIES = 20
DEFAULT_TOP_DOCUMENTS = 20  # documents on the status chart when none is chosen: thousands of rows draw nothing legible


@dataclass(frozen=True)
class Chart:
    slug: str
    title: str
    data: Callable[[Selection, dict], pd.DataFrame]
    figure: Callable[[pd.DataFrame, Selection], dict] | None = None  # plotly's JSON (style.figure); None: a table
    empty_hint: str = ""  # said when the filters leave no data, if there is more to say than that


@dataclass(frozen=True)
class Dashboard:
    slug: str
    title: str
    charts: tuple[Chart, ...]
    default_params: Callable[[], dict] | None = None  # what a bare address of the page opens on
    top_n: bool = False  # whether the page has a "top N" field (of bodies, or of the most recent documents)


def status_label(value: str) -> str:
    return str(Status(value).label)


# -- figures (plotly's JSON as plain dicts: tracker.dashboards.style) ----------------------------------------------

def status_donut(frame: pd.DataFrame, selection: Selection) -> dict:
    return figure([{
        "type": "pie", "labels": [status_label(s) for s in frame["status"]], "values": frame["measures"].tolist(),
        "hole": 0.5, "sort": False, "marker": {"colors": [STATUS_COLOURS[s] for s in frame["status"]]},
        "textinfo": "label+value",
    }], 360, showlegend=False)


def status_by_part(frame: pd.DataFrame, selection: Selection) -> dict:
    parts = frame.assign(label=frame["part"] + " " + frame["part_heading"].fillna("").map(shorten))
    traces = [{
        "type": "bar", "orientation": "h", "name": status_label(status), "marker": {"color": STATUS_COLOURS[status]},
        "y": [rows["document"].map(shorten).tolist(), rows["label"].tolist()], "x": rows["measures"].tolist(),
        "customdata": rows[["document", "part_heading"]].fillna("").to_numpy().tolist(),
        "hovertemplate": "%{customdata[0]}<br>%{customdata[1]}<br>%{x}<extra>" + status_label(status) + "</extra>",
    } for status, rows in parts.groupby("status", sort=False)]
    height = 120 + 28 * parts[["document_id", "part"]].drop_duplicates().shape[0]
    return figure(traces, height, barmode="stack", yaxis={"autorange": "reversed"})


def top_bodies_bars(frame: pd.DataFrame, selection: Selection) -> dict:
    axis_title = str(_b("measures (click a bar for the list)", "措施数（点击条形查看清单）"))
    traces = [{
        "type": "bar", "orientation": "h", "name": str(BodyRole(role).label), "y": frame["body"].tolist(),
        "x": frame[role].tolist(), "customdata": frame["admin_url"].tolist(),
        "hovertemplate": "%{y}: %{x}<extra>" + str(BodyRole(role).label) + "</extra>",
    } for role in BodyRole.values if role in frame.columns]
    return figure(traces, 120 + 26 * len(frame), barmode="stack", yaxis={"autorange": "reversed"},
                  xaxis={"title": {"text": axis_title}})


TIMELINE_STATES = (
    ("overdue", _b("overdue", "逾期"), "#d62728"),
    ("open", _b("open", "未完成"), "#1f77b4"),
    ("closed", _b("closed or standing", "已完成或持续实施"), "#8c8c8c"),
)


def timeline(frame: pd.DataFrame, selection: Selection) -> dict:
    """Bars from start to end for periods (the 2021–2025 transition period is one), diamonds for deadlines,
    coloured by what is overdue as of the date, with that date as a vertical line."""
    frame = frame[frame["end"].notna()]  # a frame without a resolved end (今年 without a year) cannot be drawn
    spans = frame.assign(
        state=["overdue" if overdue else "open" if is_open else "closed"
               for overdue, is_open in zip(frame["overdue"], frame["open"], strict=True)],
        label=[_span_label(row) for row in frame.itertuples()],
    )
    traces = []
    for state, name, colour in TIMELINE_STATES:
        rows = spans[spans["state"] == state]
        periods, deadlines = rows[rows["start"].notna()], rows[rows["start"].isna()]
        hover = "%{y}<br>%{customdata}<extra>" + str(name) + "</extra>"
        starts, ends = periods["start"].dt.strftime("%Y-%m-%d"), periods["end"].dt.strftime("%Y-%m-%d")
        traces.append({
            "type": "bar", "orientation": "h", "name": str(name), "marker": {"color": colour}, "legendgroup": state,
            "y": periods["label"].tolist(), "base": starts.tolist(),
            "x": (((periods["end"] + timedelta(days=1)) - periods["start"]).dt.total_seconds() * 1000).tolist(),
            "text": [str(_b("{} measures", "{}项")).format(n) for n in periods["measures"]],
            "customdata": (starts + " – " + ends).tolist(), "hovertemplate": hover,
        })
        deadline_days = deadlines["end"].dt.strftime("%Y-%m-%d").tolist()
        traces.append({
            "type": "scatter", "mode": "markers", "name": str(name), "legendgroup": state,
            "showlegend": periods.empty, "marker": {"symbol": "diamond", "size": 13, "color": colour},
            "y": deadlines["label"].tolist(), "x": deadline_days, "customdata": deadline_days,
            "hovertemplate": hover,
        })
    as_of = selection.as_of.isoformat()
    # open on the recent past and the future; historical dates a speech mentions are a zoom-out away
    window = [f"{selection.as_of.year - 6}-01-01", f"{max(spans['end'].max().year, selection.as_of.year) + 1}-12-31"]
    rows_in_date_order = {"autorange": "reversed", "categoryorder": "array", "categoryarray": spans["label"].tolist()}
    return figure(
        traces, 140 + 26 * len(spans), xaxis={"type": "date", "range": window}, yaxis=rows_in_date_order, bargap=0.35,
        shapes=[{"type": "line", "x0": as_of, "x1": as_of, "yref": "paper", "y0": 0, "y1": 1,
                 "line": {"dash": "dash", "width": 2}}],
        annotations=[{"x": as_of, "yref": "paper", "y": 1, "yanchor": "bottom", "showarrow": False,
                      "text": str(_b("as of {}", "截至 {}")).format(as_of)}],
    )


def _span_label(row) -> str:
    if pd.isna(row.start) or row.start == row.end:
        when = f"{row.end:%Y-%m-%d}"
    else:
        when = f"{row.start:%Y}" if row.start.year == row.end.year else f"{row.start:%Y}–{row.end:%Y}"
    return f"{row.expression}（{when}）"


def targets_chart(frame: pd.DataFrame, selection: Selection) -> dict:
    """One row per normalised unit, one dot per value on a log scale (comparable values side by side), its size
    growing with how many quantities have it."""
    units = frame["normalised_unit"].replace("", str(_b("(no unit)", "（无单位）")))
    hover = str(_b("%{x} %{y}: %{customdata} quantities", "%{x} %{y}：%{customdata} 处"))
    return figure([{
        "type": "scatter", "mode": "markers", "x": frame["normalised_value"].tolist(), "y": units.tolist(),
        "customdata": frame["targets"].tolist(), "hovertemplate": hover + "<extra></extra>",
        "marker": {"size": [min(11 + 4 * math.log10(n), 40) for n in frame["targets"]], "opacity": 0.6},
    }], 120 + 26 * units.nunique(), xaxis={"type": "log", "title": {"text": str(_b("normalised value", "标准化数值"))}},
        yaxis={"type": "category"})


def heatmap(frame: pd.DataFrame, selection: Selection) -> dict:
    matrix = frame.set_index("body")
    return figure([{
        "type": "heatmap", "z": matrix.to_numpy().tolist(), "x": list(matrix.columns), "y": list(matrix.index),
        "colorscale": "Blues", "texttemplate": "%{z}", "hovertemplate": "%{y} × %{x}: %{z}<extra></extra>",
    }], 160 + 30 * len(matrix), yaxis={"autorange": "reversed"})


def quality_bars(frame: pd.DataFrame, selection: Selection) -> dict:
    shares = (
        ("share_with_body", _b("with a responsible body", "有责任主体")),
        ("share_rated", _b("rated", "已评估状态")),
        ("share_with_time_frame", _b("with a time frame", "有时限")),
    )
    documents = frame["document"].map(shorten).tolist()
    return figure([{
        "type": "bar", "x": documents, "y": frame[column].tolist(), "name": str(name),
        "hovertemplate": "%{x}: %{y:.0%}<extra>" + str(name) + "</extra>",
    } for column, name in shares], 380, barmode="group", yaxis={"tickformat": ".0%", "range": [0, 1]})


# -- data --------------------------------------------------------------------------------------------------------

def top_bodies_data(selection: Selection, params: dict) -> pd.DataFrame:
    frame = analytics.top_bodies(selection, n=_top(params, DEFAULT_TOP_BODIES))
    measures_list = reverse("admin:tracker_measure_changelist")
    frame["admin_url"] = [f"{measures_list}?{urlencode({'responsibilities__body__id__exact': i})}"
                          for i in frame["body_id"]]
    return frame


def of_recent_documents(compute: Callable[[Selection], pd.DataFrame]) -> Callable[[Selection, dict], pd.DataFrame]:
    """A chart's data of the chosen documents, or else of the N most recent documents (with a note saying how
    many there are): a row or a bar per document, per part or per item of thousands of documents draws nothing
    legible, and no page can carry it."""
    def data(selection: Selection, params: dict) -> pd.DataFrame:
        return _of_recent_documents(compute, selection, _top(params, DEFAULT_TOP_DOCUMENTS))

    return data


# Two charts of a page may read one frame (the quality page's chart and table): kept for the selection of one
# request (a new request makes a new Selection, so nothing is served stale), as carry_forward's frame is.
@functools.lru_cache(maxsize=8)
def _of_recent_documents(compute: Callable[[Selection], pd.DataFrame], selection: Selection, top: int) -> pd.DataFrame:
    shown, total = ([], 0) if "document" in selection.filters else analytics.recent_documents(selection, n=top)
    if not shown:  # documents chosen, or none with measures
        return compute(selection)
    narrowed = replace(selection, measures=selection.measures.filter(document_id__in=shown),
                       filters={**selection.filters, "document": shown})
    frame = compute(narrowed)
    if total > len(shown):
        frame.attrs["note"] = str(_b(
            "The {} most recent of {:,} documents: choose a document, or raise “top N” (up to 200), to see the "
            "others.",
            "共 {1:,} 个文件，这里是最新的 {0} 个：选择文件或调大“前 N 名”（最多 200）可查看其他文件。",
        )).format(len(shown), total)
    return frame


def _top(params: dict, default: int) -> int:
    try:
        return max(1, min(int(params.get("top", default)), 200))
    except ValueError:
        return default


OVERVIEW = Chart("overview", _b("Overview", "概况"), lambda s, p: analytics.overview(s))

DASHBOARDS = (
    Dashboard("overview", _b("Overview", "概况"), (
        OVERVIEW,
        Chart("status", _b("Measures by status", "措施状态分布"),
              lambda s, p: analytics.measure_counts(s, by=["status"]), status_donut),
    )),
    Dashboard("status", _b("Status by document and part", "按文件与部分的状态"), (
        Chart("status-by-part", _b("Status by document and part", "按文件与部分的状态"),
              of_recent_documents(lambda s: analytics.measure_counts(s, by=["document", "part", "status"])),
              status_by_part),
    ), top_n=True),
    Dashboard("bodies", _b("Responsible bodies", "责任主体"), (
        Chart("top-bodies", _b("Bodies with the most measures", "承担措施最多的责任主体"), top_bodies_data,
              top_bodies_bars),
    ), top_n=True),
    Dashboard("timeline", _b("Timeline", "时间线"), (
        Chart("timeline", _b("Time frames and what is overdue", "时限与逾期情况"),
              lambda s, p: analytics.time_frame_spans(s), timeline),
        Chart("recurrences", _b("Recurring obligations: next due date, overdue without a status entry this cycle",
                                "周期性要求：下次到期，本周期无状态记录即逾期"),
              of_recent_documents(analytics.recurring_obligations)),
    ), top_n=True),
    Dashboard("targets", _b("Targets", "目标与数量"), (
        Chart("targets-chart", _b("Targets (normalised values, log scale)", "目标（标准化数值，对数刻度）"),
              lambda s, p: analytics.target_values(s), targets_chart),
        Chart("targets", _b("All targets and quantities", "全部目标与数量"),
              of_recent_documents(lambda s: analytics.targets(s).drop(columns=["heading"]))),
    ), top_n=True),
    Dashboard("heatmap", _b("Bodies × topics", "责任主体 × 主题"), (
        Chart("body-topic", _b("Measures per body and topic", "各责任主体在各主题下的措施数"),
              lambda s, p: analytics.body_topic_matrix(s).reset_index(), heatmap,
              _b("No measure has both a responsible body and a topic yet: topics are assigned in the admin.",
                 "尚无同时具有责任主体和主题的措施：主题可在管理后台为措施指定。")),
    )),
    Dashboard("quality", _b("Data quality", "数据质量"), (
        Chart("quality-chart", _b("Completeness per document", "各文件的完整程度"),
              of_recent_documents(analytics.data_quality), quality_bars),
        Chart("quality", _b("Per document", "各文件明细"), of_recent_documents(analytics.data_quality)),
    ), top_n=True),
    Dashboard("carry-forward", _b("Carry-forward", "沿革"), (
        Chart("carry-forward-summary", _b("What later documents did with the items", "后续文件对各项措施的承接"),
              carry_forward.summary, empty_hint=carry_forward.NOTHING_LINKED),
        Chart("carry-forward", _b("Items × later documents (click a cell for the passages)",
                                  "措施 × 后续文件（点击单元格查看对应段落）"),
              carry_forward.data, carry_forward.matrix, carry_forward.NOTHING_LINKED),
        Chart("not-carried", _b("Items no later document carries (possible silent drops)",
                                "尚无后续文件承接的措施（可能被悄然放弃）"),
              carry_forward.not_carried),
    ), carry_forward.default_params),
)
DASHBOARDS_BY_SLUG = {dashboard.slug: dashboard for dashboard in DASHBOARDS}
CHARTS_BY_SLUG = {chart.slug: chart for dashboard in DASHBOARDS for chart in dashboard.charts}
