"""The dashboard pages and their CSVs over HTTP: access, filters, CSV content, query budgets, plotly.js."""

import csv
import io
import json
import re

import plotly
import pytest

from tests import factories
from tests.analytics.world import AS_OF, build_world
from tracker.dashboards.charts import DASHBOARDS

PAGES = ["/dashboards/"] + [f"/dashboards/{d.slug}/" for d in DASHBOARDS if d.slug != "overview"]
CHARTS = [chart.slug for dashboard in DASHBOARDS for chart in dashboard.charts]


@pytest.fixture
def analyst_client(client, db):
    client.force_login(factories.member_of("analysts", "analyst"))
    return client


def figure_of(response, index=0) -> str:
    """The figure's JSON as text (unescaped), from the page's json_script element."""
    script = response.context["charts"][index]["figure"]
    return json.dumps(json.loads(re.search(r">(.*)</script>", script, re.S).group(1)), ensure_ascii=False)


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


@pytest.mark.parametrize("url", [*PAGES, "/dashboards/csv/overview.csv", "/dashboards/choices/document.json"])
def test_login_required_unless_public(client, db, settings, url):
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    settings.DASHBOARDS_PUBLIC = True
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_its_charts_with_csv_links(world, analyst_client, url):
    response = analyst_client.get(url, {"as_of": AS_OF})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"/dashboards/plotly-{plotly.__version__}.min.js" in page
    for item in response.context["charts"]:
        assert f"/dashboards/csv/{item['chart'].slug}.csv?as_of={AS_OF}" in page
        assert not item["empty"]


def test_overview_numbers_and_filters(world, analyst_client):
    response = analyst_client.get("/dashboards/", {"as_of": AS_OF, "document": world.opinion.pk})
    overview = response.context["charts"][0]["first"]
    assert (overview["documents"], overview["measures"], overview["rated"], overview["overdue"]) == (1, 5, 4, 1)
    assert "逾期" in response.content.decode()


def test_timeline_draws_the_transition_period_and_the_as_of_line(world, analyst_client):
    response = analyst_client.get("/dashboards/timeline/", {"as_of": AS_OF})
    figure = figure_of(response)
    assert "过渡期内（2021–2025）" in figure
    assert "2024-06-30" in figure  # the as-of line and its label


def test_bodies_link_to_their_measures_in_the_admin(world, analyst_client):
    response = analyst_client.get("/dashboards/bodies/", {"as_of": AS_OF, "top": 2})
    rows = csv_rows(analyst_client.get("/dashboards/csv/top-bodies.csv", {"top": 2}))
    assert [row["body"] for row in rows] == ["财政部", "农业农村部"]
    mof = world.bodies["mof"].pk
    assert rows[0]["admin_url"] == f"/admin/tracker/measure/?responsibilities__body__id__exact={mof}"
    assert f"responsibilities__body__id__exact={mof}" in figure_of(response)


@pytest.mark.parametrize("slug", CHARTS)
def test_every_chart_offers_its_data_as_csv_with_the_filters_applied(world, analyst_client, slug):
    everything = csv_rows(analyst_client.get(f"/dashboards/csv/{slug}.csv", {"as_of": AS_OF}))
    only_rules = csv_rows(analyst_client.get(f"/dashboards/csv/{slug}.csv", {"as_of": AS_OF,
                                                                             "document": world.rules.pk}))
    assert everything and only_rules
    assert len(only_rules) <= len(everything)


def test_status_by_part_csv_content(world, analyst_client):
    rows = csv_rows(analyst_client.get("/dashboards/csv/status-by-part.csv", {"as_of": AS_OF, "status": "ongoing"}))
    assert [(r["part"], r["status"], r["measures"]) for r in rows] == [("三", "ongoing", "1"), ("七", "ongoing", "1")]


def test_empty_selects_mean_no_filter(world, analyst_client):
    response = analyst_client.get("/dashboards/", {"as_of": AS_OF, "document": "", "status": "", "body": ""})
    assert response.context["charts"][0]["first"]["measures"] == 6


def test_a_bad_filter_is_shown_not_a_crash(world, analyst_client):
    response = analyst_client.get("/dashboards/status/", {"as_of": "not-a-date"})
    assert response.status_code == 400
    assert "as_of" in response.context["errors"]
    assert analyst_client.get("/dashboards/csv/status.csv", {"status": "nope"}).status_code == 400


def test_searched_filters_carry_only_the_selected_choice(world, analyst_client):
    response = analyst_client.get("/dashboards/status/", {"as_of": AS_OF, "document": world.rules.pk})
    bar = {item["name"]: item for item in response.context["filters"]}
    assert bar["document"]["choices"] == [(str(world.rules.pk), world.rules.title)]
    assert bar["body"]["choices"] == []
    page = response.content.decode()
    assert world.opinion.title not in page.split("<main>")[0]  # the other document is found by typing, not listed
    assert 'data-url="/dashboards/choices/document.json"' in page and 'data-url="/dashboards/choices/body.json"' in page


def test_choices_search_documents_and_bodies_a_page_at_a_time(world, analyst_client):
    found = analyst_client.get("/dashboards/choices/document.json", {"term": "责任制"}).json()
    assert found == {"results": [{"id": world.rules.pk, "text": world.rules.title}], "pagination": {"more": False}}
    bodies = analyst_client.get("/dashboards/choices/body.json", {"term": "部"}).json()["results"]
    assert [body["text"] for body in bodies] == ["农业农村部", "财政部"]
    for i in range(25):
        factories.body(f"测试部门{i:02}")
    first = analyst_client.get("/dashboards/choices/body.json", {"term": "测试部门"}).json()
    second = analyst_client.get("/dashboards/choices/body.json", {"term": "测试部门", "page": 2}).json()
    assert (len(first["results"]), first["pagination"]["more"]) == (20, True)
    assert (len(second["results"]), second["pagination"]["more"]) == (5, False)
    assert analyst_client.get("/dashboards/choices/measure.json").status_code == 404


def test_unknown_pages_are_404(analyst_client):
    assert analyst_client.get("/dashboards/nothing-here/").status_code == 404
    assert analyst_client.get("/dashboards/csv/nothing-here.csv").status_code == 404
    assert analyst_client.get("/dashboards/plotly-0.0.0.min.js").status_code == 404


def test_plotly_js_comes_from_the_installed_package_and_is_cached(client):
    response = client.get(f"/dashboards/plotly-{plotly.__version__}.min.js")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert b"plotly" in b"".join(response.streaming_content)[:2000].lower()


@pytest.mark.parametrize("url", PAGES)
def test_query_budget_does_not_grow_with_the_data(db, analyst_client, django_assert_max_num_queries, url):
    counts = []
    for new_worlds in (1, 2):  # one world, then three: the same number of queries
        for _ in range(new_worlds):
            build_world()
        # session, user, the role (the user's and groups' permissions), the topics (documents and bodies are
        # searched, not listed), whether any status entry is dated after as_of (tracker.measure_filters.StatusAsOf),
        # one query per chart (two for the top bodies)
        with django_assert_max_num_queries(10) as captured:
            assert analyst_client.get(url, {"as_of": AS_OF}).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
