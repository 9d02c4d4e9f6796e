"""The carry-forward dashboard (沿革): one document's items down the side, the later documents that carry them
across by date, each cell coloured by the relation; what no later document carries is a possible silent drop.

The data is `tracker.analytics.carry_forward` on the selected measures of one document; a cell opens the
link (the two passages side by side) in the admin, or the list of links when several later items carry it.
"""

from __future__ import annotations

import functools

import pandas as pd
from django.urls import reverse
from django.utils.http import urlencode

from tracker import analytics
from tracker.choices import LinkRelation
from tracker.dashboards.style import figure, shorten
from tracker.i18n import bilingual as _b
from tracker.measure_filters import Selection

RELATION_COLOURS = {
    "restates": "#9ecae1", "elaborates": "#3182bd", "strengthens": "#31a354", "relaxes": "#fd8d3c",
    "localises": "#756bb1", "supersedes": "#636363", analytics.NOT_CARRIED: "#f2f2f2",
}
CELL_ORDER = (*reversed(analytics.CARRY_FORWARD_PRECEDENCE), analytics.NOT_CARRIED)
ACCEPTED_ONLY = "accepted"  # the `links` parameter: count only the links a person accepted
NOTHING_LINKED = _b("No later document is linked to these items yet (python manage.py link_measures).",
                    "尚无后续文件与这些措施关联（python manage.py link_measures）。")


def default_params() -> dict:
    """A bare carry-forward address opens on the document later documents carry most."""
    document = analytics.most_carried_document()
    return {} if document is None else {"document": str(document)}


def data(selection: Selection, params) -> pd.DataFrame:
    """The items of the chosen document (else of the one most carried: all documents' items at once would be
    neither readable nor fast) against the later documents."""
    return _frame(selection, params.get("document") or None, params.get("links") == ACCEPTED_ONLY)


# The page's three charts read one frame: kept for the selection of one request (a new request makes a new
# Selection, so nothing is served stale), which keeps the page at one query for all three.
@functools.lru_cache(maxsize=4)
def _frame(selection: Selection, document: str | None, accepted_only: bool) -> pd.DataFrame:
    if document is None:
        document = analytics.most_carried_document()
        if document is None:
            return pd.DataFrame(columns=["measure_id", "path", "heading", "relation"])
        selection = Selection(selection.measures.filter(document_id=document), selection.as_of)
    return analytics.carry_forward(selection, accepted_only=accepted_only)


def summary(selection: Selection, params) -> pd.DataFrame:
    frame = data(selection, params)
    return frame if frame.empty else analytics.carry_forward_summary(frame)


def not_carried(selection: Selection, params) -> pd.DataFrame:
    frame = data(selection, params)
    if frame.empty:
        return frame
    dropped = frame[frame["relation"] == analytics.NOT_CARRIED]  # an item carried by none has that row only
    return dropped[["measure_id", "path", "heading"]].reset_index(drop=True)


def matrix(frame: pd.DataFrame, selection: Selection) -> dict:
    """A heatmap of categories: z is the relation's place in CELL_ORDER, one colour band each."""
    frame = frame.assign(item=frame["path"] + " " + frame["heading"].fillna("").map(shorten))
    items = list(dict.fromkeys(frame["item"]))
    carried = frame[frame["later_document_id"].notna()].sort_values(  # the columns by date, as analytics orders them
        ["later_date", "later_document_id"], na_position="last", kind="stable")
    columns = _column_labels(carried)
    later = list(dict.fromkeys(carried["later_document_id"]))
    grid = {(row.item, row.later_document_id): row for row in carried.itertuples()}
    first_of = frame.drop_duplicates("item").set_index("item")["measure_id"].to_dict()
    says = _CellWords()
    z, text, hover, links = [], [], [], []
    for item in items:
        cells = [grid.get((item, document)) for document in later]
        measure_id = int(first_of[item])
        z.append([CELL_ORDER.index(cell.relation if cell else analytics.NOT_CARRIED) for cell in cells])
        text.append(["?" if cell and cell.accepted < cell.links else "" for cell in cells])
        hover.append([says.hover(cell) for cell in cells])
        links.append([says.url(cell, measure_id) for cell in cells])
    bands = len(CELL_ORDER)
    colourscale = [stop for i, relation in enumerate(CELL_ORDER)
                   for stop in ((i / bands, RELATION_COLOURS[relation]), ((i + 1) / bands, RELATION_COLOURS[relation]))]
    return figure([{
        "type": "heatmap", "z": z, "x": columns, "y": items, "text": text, "texttemplate": "%{text}",
        "customdata": links, "hovertext": hover, "hovertemplate": "%{y}<br>%{x}<br>%{hovertext}<extra></extra>",
        "xgap": 2, "ygap": 2, "colorscale": colourscale, "zmin": -0.5, "zmax": bands - 0.5,
        "colorbar": {"tickvals": list(range(bands)), "ticktext": list(says.labels.values())},
    }], 160 + 24 * len(items), yaxis={"autorange": "reversed", "type": "category"},
        xaxis={"side": "top", "type": "category"})


def _column_labels(carried: pd.DataFrame) -> list[str]:
    """Each later document once, by date: its date and a short title (the id too if two would read alike)."""
    firsts = carried.drop_duplicates("later_document_id")
    labels = [f"{row.later_date:%Y-%m-%d} {shorten(row.later_document, 16)}" if pd.notna(row.later_date)
              else f"{_b('(no date)', '（无日期）')} {shorten(row.later_document, 16)}" for row in firsts.itertuples()]
    counts = pd.Series(labels).value_counts()
    return [label if counts[label] == 1 else f"{label} #{document}"
            for label, document in zip(labels, firsts["later_document_id"], strict=True)]


class _CellWords:
    """What a cell says and where it leads, its labels and addresses made once a matrix: the most carried
    document's 20,000 cells took 2 s reversing URLs and translating labels cell by cell."""

    def __init__(self):
        self.labels = {relation: _relation_label(relation) for relation in CELL_ORDER}
        self.reviewed = str(_b("{} of {} accepted", "已确认 {}/{}"))
        # the admin's change page of an object is `<its list>/<id>/change/`
        self.measures = reverse("admin:tracker_measure_changelist")
        self.links = reverse("admin:tracker_measurelink_changelist")

    def hover(self, cell) -> str:
        if cell is None:
            return self.labels[analytics.NOT_CARRIED]
        return f"{self.labels[cell.relation]} · {self.reviewed.format(cell.accepted, cell.links)}"

    def url(self, cell, measure_id: int) -> str:
        """The link's page (both passages), the list of a cell's links, or the item itself to add one by hand."""
        if cell is None:
            return f"{self.measures}{measure_id}/change/"
        if pd.notna(cell.link_id):
            return f"{self.links}{int(cell.link_id)}/change/"
        query = urlencode({"to_measure__id__exact": measure_id, "document": int(cell.later_document_id)})
        return f"{self.links}?{query}"


def _relation_label(relation: str) -> str:
    if relation == analytics.NOT_CARRIED:
        return str(_b("not carried", "未承接"))
    return str(LinkRelation(relation).label)

