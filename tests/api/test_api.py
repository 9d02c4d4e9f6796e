"""The JSON API: authentication, the measure filters, the other endpoints, pagination, and every response
validated against the OpenAPI schema the API itself serves."""

import pytest
from django.utils import timezone
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.analytics.world import AS_OF, OPINION
from tracker import models


@pytest.fixture
def schema(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


@pytest.fixture
def openapi(schema):
    return OpenAPI.from_dict(schema)


@pytest.fixture
def get(api, openapi):
    """GET as the logged-in analyst; every response is checked against the served schema."""

    def get(url, params=None, status=200):
        response = api.get(url, params)
        assert response.status_code == status, response.content
        # errors too: the schema documents 400, 401, 403 and 404
        openapi.validate_response(DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response))
        return response.json()

    return get


def paths_of(page) -> set[str]:
    return {measure["path"] for measure in page["results"]}


def test_anonymous_requests_are_refused(world):
    for url in ("/api/measures/", "/api/documents/", "/api/bodies/", "/api/status-history/", "/export/measures.csv"):
        assert APIClient().get(url).status_code in (401, 403), url


def test_token_authentication(world, analyst):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    assert client.get("/api/measures/").json()["count"] == 6
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/measures/").status_code == 401


def test_api_root_lists_the_endpoints(api):
    assert set(api.get("/api/").json()) == {"documents", "measures", "bodies", "status-history",
                                             "measure-links"}


def test_docs_page_is_served_without_a_cdn(api):
    page = api.get("/api/docs/").content.decode()
    assert "/api/schema/" in page
    assert "cdn" not in page.lower() and "unpkg" not in page.lower()


def test_measure_detail_carries_bodies_time_frames_targets_topics_and_as_of_status(world, get):
    a2 = world.measures["a2"]
    measure = get(f"/api/measures/{a2.pk}/", {"as_of": "2023-06-30"})
    assert measure["document_title"] == OPINION
    assert (measure["status"], measure["status_as_of"], measure["overdue"]) == ("achieved", "in_progress", False)
    assert [(b["name"], b["role"]) for b in measure["bodies"]] == [("国家发展和改革委员会", "lead"), ("财政部", "participant")]
    assert measure["time_frames"] == [
        {"expression": "过渡期内", "kind": "period", "start": "2021-01-01", "end": "2025-12-31", "anchor": "",
         "period": "", "due": None, "needs_review": False}
    ]
    assert measure["topics"] == ["就业"]
    a5 = get(f"/api/measures/{world.measures['a5'].pk}/")
    assert a5["targets"][0]["normalised_value"] == 1_800_000_000


def test_a_range_target_carries_its_upper_value(world, get):
    models.Target.objects.create(measure=world.measures["a2"], expression="5至10万元", value=50000, upper_value=100000,
                                 unit="元", normalised_value=50000, normalised_unit="元")
    [target] = get(f"/api/measures/{world.measures['a2'].pk}/")["targets"]
    assert (target["value"], target["upper_value"], target["unit"]) == (50000, 100000, "元")


@pytest.mark.parametrize(
    ("params", "paths"),
    [
        (lambda w: {}, {"三", "三/（一）", "三/（二）", "七", "七/（十九）", "一"}),
        (lambda w: {"status": ["planned", "stalled"]}, {"三/（二）", "一"}),
        (lambda w: {"overdue": "true"}, {"三/（二）", "一"}),
        (lambda w: {"overdue": "false", "level": 2}, {"三/（一）", "七/（十九）"}),
        (lambda w: {"body": w.bodies["mof"].pk}, {"三/（一）", "三/（二）"}),
        (lambda w: {"body": [w.bodies["ndrc"].pk, w.bodies["moa"].pk]}, {"三/（一）", "一"}),
        (lambda w: {"topic": w.topics["土地"].pk}, {"七/（十九）", "一"}),
        (lambda w: {"document": w.rules.pk}, {"一"}),
        (lambda w: {"q": "耕地红线"}, {"七/（十九）"}),
        (lambda w: {"q": "低保"}, {"三/（二）"}),
        (lambda w: {"status": "in_progress", "as_of": "2023-06-30"}, {"三/（一）"}),
        (lambda w: {"overdue": "true", "as_of": "2023-06-30"}, {"三/（二）"}),
    ],
)
def test_measure_filters(world, get, params, paths):
    assert paths_of(get("/api/measures/", {"as_of": AS_OF, **params(world)})) == paths


def test_a_bad_filter_is_a_400_that_names_the_parameter(world, get):
    errors = get("/api/measures/", {"status": "done-ish", "as_of": "soon", "body": "finance", "document": 0},
                 status=400)
    assert set(errors) == {"status", "as_of", "body", "document"}
    assert set(get("/api/status-history/", {"measure": "1e308"}, status=400)) == {"measure"}
    assert set(get("/api/measure-links/", {"score_min": "2"}, status=400)) == {"score_min"}


def test_an_id_nothing_has_matches_nothing(world, get):
    assert get("/api/measures/", {"document": 999999})["results"] == []
    assert get("/api/measures/", {"body": [999999, world.bodies["mof"].pk]})["count"] == 2
    assert get("/api/status-history/", {"measure": 999999})["results"] == []


def test_any_other_address_under_the_api_is_a_json_404(world, api):
    for url in ("/api/measures/abc/", "/api/measures/1.5/", "/api/nothing-here/"):
        response = api.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json", url


def test_a_bad_filter_on_the_csv_export_is_answered_in_json(world, api):
    response = api.get("/export/measures.csv", {"status": "done-ish", "format": "csv"})
    assert response.status_code == 400 and response["Content-Type"] == "application/json"
    assert "status" in response.json()


def test_pagination(world, get):
    first = get("/api/measures/", {"page_size": 4})
    assert (first["count"], len(first["results"]), first["previous"]) == (6, 4, None)
    second = get(first["next"])
    assert len(second["results"]) == 2 and second["next"] is None
    assert paths_of(first) | paths_of(second) == {"三", "三/（一）", "三/（二）", "七", "七/（十九）", "一"}


def test_documents_bodies_and_status_history(world, get):
    documents = get("/api/documents/")["results"]
    assert {(d["title"], d["measure_count"]) for d in documents} == {(OPINION, 5), ("乡村振兴责任制实施办法", 1)}
    bodies = {b["name"]: b["measure_count"] for b in get("/api/bodies/")["results"]}
    assert bodies == {"国家发展和改革委员会": 1, "财政部": 2, "所在省份": 1, "农业农村部": 1}
    assert [b["name"] for b in get("/api/bodies/", {"level": "provincial"})["results"]] == ["所在省份"]
    history = get("/api/status-history/", {"measure": world.measures["a2"].pk})["results"]
    assert [(h["status"], h["effective_date"], h["source"]) for h in history] == [
        ("in_progress", "2021-01-01", "parser"), ("achieved", "2024-01-15", "parser")
    ]
    since_2023 = get("/api/status-history/", {"effective_date__gte": "2023-01-01"})["results"]
    assert {h["status"] for h in since_2023} == {"achieved", "stalled"}
    document = get(f"/api/documents/{world.opinion.pk}/")
    assert document["date_written"] == "2020-12-16"


@pytest.mark.parametrize("path", ["/api/measures/", "/export/measures.csv"])
def test_schema_documents_the_measure_filters(schema, path):
    names = {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}
    assert {"document", "status", "body", "topic", "level", "overdue", "as_of", "q"} <= names


def test_withdrawn_measures_are_left_out_unless_asked_for(world, get):
    world.measures["a5"].withdrawn_at = timezone.now()
    world.measures["a5"].save()
    assert "七/（十九）" not in paths_of(get("/api/measures/", {"as_of": AS_OF}))
    assert paths_of(get("/api/measures/", {"as_of": AS_OF, "withdrawn": "true"})) == {"七/（十九）"}
    assert "七/（十九）" not in paths_of(get("/api/measures/", {"as_of": AS_OF, "withdrawn": "false"}))
