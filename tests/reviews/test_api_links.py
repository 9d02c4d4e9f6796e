"""Lineage in the API: /api/measure-links/ with its filters, each measure's detail listing its links both ways,
both in the OpenAPI schema; read-only; a fixed number of queries whatever the number of links."""

import pytest
from rest_framework.test import APIClient

from tests import factories
from tests.reviews.conftest import suggested_link

LINKS = "/api/measure-links/"


@pytest.fixture
def api(analyst):
    client = APIClient()
    client.force_login(analyst)
    return client


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_link_carries_both_ends_its_relation_review_and_passages(api, lineage):
    [row] = api.get(LINKS).json()["results"]
    later, earlier = lineage["later"], lineage["earlier"]
    assert row["from"] == {"measure_id": later.pk, "document": later.document_id, "path": "二/（五）",
                           "document_title": later.document.title, "date": "2025-01-01", "heading": later.heading}
    assert row["to"]["measure_id"] == earlier.pk and row["to"]["date"] == "2020-12-16"
    assert (row["relation"], row["review"], row["provenance"], row["score"]) == ("restates", "suggested",
                                                                               "inferred", 0.8)
    assert row["evidence"] == {"from": "开展定期检查、动态管理。", "to": "开展定期检查、动态管理。"}


def test_links_filter_by_document_measure_relation_review_and_score(api, lineage):
    link = lineage["link"]
    other = suggested_link(factories.measure(text="开展定期检查。"), factories.measure(text="开展定期检查。"),
                           score="0.3000", relation="strengthens")
    other.review = "rejected"
    other.save()
    assert ids(api.get(LINKS, {"document": lineage["earlier"].document_id})) == [link.pk]
    assert ids(api.get(LINKS, {"measure": other.to_measure_id})) == [other.pk]
    assert ids(api.get(LINKS, {"relation": "strengthens"})) == [other.pk]
    assert ids(api.get(LINKS, {"review": "suggested"})) == [link.pk]
    assert ids(api.get(LINKS, {"score_min": "0.5"})) == [link.pk]
    assert api.get(LINKS, {"relation": "copies"}).status_code == 400


def test_a_measure_s_detail_lists_its_links_both_ways(api, lineage):
    earlier = api.get(f"/api/measures/{lineage['earlier'].pk}/").json()
    later = api.get(f"/api/measures/{lineage['later'].pk}/").json()
    assert [row["id"] for row in earlier["links_from_later"]] == [lineage["link"].pk]
    assert earlier["links_to_earlier"] == [] and later["links_from_later"] == []
    assert later["links_to_earlier"][0]["to"]["measure_id"] == lineage["earlier"].pk


def test_the_schema_documents_links_and_their_filters(api, db):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"][LINKS]["get"]["parameters"]}
    assert {"document", "measure", "relation", "review", "score_min"} <= parameters
    assert "links_from_later" in schema["components"]["schemas"]["MeasureDetail"]["properties"]


def test_nobody_writes_links_through_the_api(api, lineage):
    url = f"{LINKS}{lineage['link'].pk}/"
    assert api.patch(url, {"review": "accepted"}, format="json").status_code == 405
    assert api.post(LINKS, {}, format="json").status_code == 405
    lineage["link"].refresh_from_db()
    assert lineage["link"].review == "suggested"


@pytest.mark.parametrize("url", [LINKS, "measure_detail"])
def test_links_take_a_fixed_number_of_queries(api, lineage, django_assert_max_num_queries, url):
    earlier = lineage["earlier"]
    counts = []
    for more in (0, 20):
        for n in range(more):
            suggested_link(factories.measure(lineage["later"].document, f"九/（{n}）", text="开展定期检查。"), earlier)
        address = f"/api/measures/{earlier.pk}/" if url == "measure_detail" else url
        with django_assert_max_num_queries(14) as captured:  # 2 of them the role (tracker.access)
            assert api.get(address).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
