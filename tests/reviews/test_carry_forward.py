"""The carry-forward dashboard (沿革) and its DataFrame: one document's items against the later documents that
carry them, the relation a cell shows, what counts, what a cell opens, the CSV, the query budget."""

import datetime
import json
import re
from dataclasses import dataclass

import pandas as pd
import pytest
from django.utils import timezone

from tests import factories
from tests.reviews.conftest import whole_text_link
from tracker import analytics
from tracker.measure_filters import select_measures
from tracker.reviews import decide

TEXT = "健全防止返贫动态监测和帮扶机制。开展定期检查、动态管理。"
PAGE = "/dashboards/carry-forward/"


@dataclass
class Family:
    opinion: object
    items: dict
    later: dict
    links: dict


def build_family() -> Family:
    """The opinion (2020) with four items; later documents of 2021, 2025, one undated, one whose item is withdrawn.

    | item | 2021           | 2025                                        | undated   | withdrawn 2023 item |
    | o1   | restates (sug) | restates (accepted) + relaxes (suggested)   |           |                     |
    | o2   |                | strengthens (suggested)                     |           | supersedes (accepted) |
    | o3   | elaborates (rejected)                                        |           |                     |
    | o4   |                |                                             | localises |                     |
    """
    opinion = factories.document(date_written=datetime.date(2020, 12, 16))
    docs = {
        "2025": factories.document("关于进一步深化农村改革扎实推进乡村全面振兴的意见",
                                   date_written=datetime.date(2025, 1, 1)),
        "2021": factories.document("关于全面推进乡村振兴加快农业农村现代化的意见",
                                   date_written=None, date_published=datetime.date(2021, 2, 21)),
        "undated": factories.document("某省贯彻落实实施方案", date_written=None),
        "2023": factories.document("关于做好2023年全面推进乡村振兴重点工作的意见", date_written=datetime.date(2023, 1, 2)),
    }
    items = {name: factories.measure(opinion, path, text=TEXT)
             for name, path in (("o1", "三/（一）"), ("o2", "三/（二）"), ("o3", "七"), ("o4", "八"))}
    later = {name: factories.measure(docs[year], path, text=TEXT) for name, year, path in (
        ("a", "2025", "二/（五）"), ("b", "2025", "二/（六）"), ("c", "2025", "二/（七）"), ("d", "2021", "一/（一）"),
        ("e", "2021", "一/（二）"), ("f", "undated", "三"), ("g", "2023", "四"))}
    later["g"].withdrawn_at = timezone.now()
    later["g"].save()
    links = {
        "o1-2025-restates": whole_text_link(later["a"], items["o1"], "restates", "accepted"),
        "o1-2025-relaxes": whole_text_link(later["b"], items["o1"], "relaxes"),
        "o2-2025": whole_text_link(later["c"], items["o2"], "strengthens"),
        "o1-2021": whole_text_link(later["d"], items["o1"], "restates"),
        "o3-2021": whole_text_link(later["e"], items["o3"], "elaborates", "rejected"),
        "o4-undated": whole_text_link(later["f"], items["o4"], "localises"),
        "o2-withdrawn": whole_text_link(later["g"], items["o2"], "supersedes", "accepted"),
    }
    return Family(opinion, items, docs, links)


@pytest.fixture
def family(db):
    return build_family()


def cells(frame) -> dict:
    paths = {row.measure_id: row.path for row in frame.itertuples()}
    return {(paths[row.measure_id], None if pd.isna(row.later_document) else row.later_document):
            (row.relation, row.links, row.accepted) for row in frame.itertuples()}


def test_each_item_against_each_later_document_by_date(family):
    frame = analytics.carry_forward(select_measures({"document": [family.opinion.pk]}))
    titles = {year: document.title for year, document in family.later.items()}
    assert cells(frame) == {
        ("三/（一）", titles["2021"]): ("restates", 1, 0),
        ("三/（一）", titles["2025"]): ("relaxes", 2, 1),  # a loosening says more than a repetition
        ("三/（二）", titles["2025"]): ("strengthens", 1, 0),  # the withdrawn item's link does not count
        ("七", None): ("none", 0, 0),  # its only link was rejected
        ("八", titles["undated"]): ("localises", 1, 0),
    }
    o1 = frame[frame["path"] == "三/（一）"]
    assert list(o1["later_document"]) == [titles["2021"], titles["2025"]]  # published date when none written
    assert list(frame.drop_duplicates("later_document_id").dropna(subset=["later_document_id"])["later_document"]) \
        == [titles["2021"], titles["2025"], titles["undated"]]  # by date, undated last
    assert o1["link_id"].tolist()[0] == family.links["o1-2021"].pk
    assert pd.isna(o1["link_id"].tolist()[1])  # two links make the cell: it opens their list


def test_summary_counts_silent_drops_and_what_was_strengthened_or_relaxed(family):
    frame = analytics.carry_forward(select_measures({"document": [family.opinion.pk]}))
    assert analytics.carry_forward_summary(frame).iloc[0].to_dict() == {
        "items": 4, "carried": 3, "not_carried": 1, "strengthened": 1, "relaxed": 1, "superseded": 0}


def test_accepted_only_leaves_suggestions_out(family):
    frame = analytics.carry_forward(select_measures({"document": [family.opinion.pk]}), accepted_only=True)
    assert {key: value for key, value in cells(frame).items() if value[0] != "none"} == {
        ("三/（一）", family.later["2025"].title): ("restates", 1, 1)}
    assert analytics.carry_forward_summary(frame).iloc[0]["not_carried"] == 3


def test_the_most_carried_document_is_the_default(family):
    assert analytics.most_carried_document() == family.opinion.pk


def test_a_bare_address_opens_on_the_most_carried_document(family, editor_client):
    response = editor_client.get(PAGE)
    assert response.status_code == 302 and response["Location"] == f"{PAGE}?document={family.opinion.pk}"


def test_without_links_the_page_says_how_to_make_them(db, editor_client):
    factories.measure()
    response = editor_client.get(PAGE)
    assert response.status_code == 200
    assert "link_measures" in response.content.decode()


def figure(response) -> dict:
    [item] = [item for item in response.context["charts"] if item["chart"].slug == "carry-forward"]
    return json.loads(re.search(r">(.*)</script>", item["figure"], re.S).group(1))["data"][0]


def test_the_matrix_cells_open_the_passages(family, editor_client):
    response = editor_client.get(PAGE, {"document": family.opinion.pk})
    assert response.status_code == 200
    heatmap = figure(response)
    assert [label.split(" ", 1)[0] for label in heatmap["x"]] == ["2021-02-21", "2025-01-01", "（无日期）"]
    assert [label.split(" ", 1)[0] for label in heatmap["y"]] == ["三/（一）", "三/（二）", "七", "八"]
    o1_2021, o1_2025, _ = heatmap["customdata"][0]
    assert o1_2021 == f"/admin/tracker/measurelink/{family.links['o1-2021'].pk}/change/"
    assert heatmap["text"][0] == ["?", "?", ""]  # a suggestion still awaits a person
    # a cell of several links opens their list; the list shows exactly them
    listing = editor_client.get(o1_2025)
    assert listing.status_code == 200
    assert {link.pk for link in listing.context["cl"].result_list} == {
        family.links["o1-2025-restates"].pk, family.links["o1-2025-relaxes"].pk}
    assert heatmap["customdata"][2][0] == f"/admin/tracker/measure/{family.items['o3'].pk}/change/"
    page = response.content.decode()
    assert "七" in page and "4" in page  # the not-carried table lists 七


def test_the_later_documents_run_by_date_whatever_item_they_carry_first(family, editor_client, editor):
    decide([family.links["o1-2021"]], "rejected", editor)  # the first item now carried by 2025 alone …
    whole_text_link(factories.measure(family.later["2021"], "一/（三）", text=TEXT), family.items["o4"])  # … the last by 2021
    heatmap = figure(editor_client.get(PAGE, {"document": family.opinion.pk}))
    assert [label.split(" ", 1)[0] for label in heatmap["x"]] == ["2021-02-21", "2025-01-01", "（无日期）"]


def test_the_csv_is_the_matrix(family, editor_client):
    response = editor_client.get("/dashboards/csv/carry-forward.csv", {"document": family.opinion.pk,
                                                                       "links": "accepted"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = text.strip().splitlines()
    assert "relation" in header and "later_document" in header
    assert sum("restates" in row for row in rows) == 1 and len(rows) == 4


@pytest.mark.parametrize("families", [1, 3])
def test_query_budget_whatever_the_number_of_links(db, editor_client, django_assert_num_queries, families):
    for _ in range(families):
        opinion = build_family().opinion
    # session, user, the role (the user's and groups' permissions), the topics and the chosen document's title
    # (documents and bodies are searched, not listed), whether any status entry is dated after as_of, one query
    # for the page's three charts
    with django_assert_num_queries(8):
        assert editor_client.get(PAGE, {"document": opinion.pk}).status_code == 200
