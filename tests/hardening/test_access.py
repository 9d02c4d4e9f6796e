"""Reading the API, the CSV export and the dashboards takes a role, not just a login (issue 15); analysts change
nothing anywhere: not through the API, the import, an upload or a link review."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tracker import models

READING = ["/api/measures/", "/api/documents/", "/api/bodies/", "/api/status-history/", "/api/measure-links/",
           "/export/measures.csv"]
DASHBOARDS = ["/dashboards/", "/dashboards/timeline/"]


@pytest.fixture
def staff_in_no_group(db):
    return get_user_model().objects.create_user("staff", is_staff=True)


@pytest.fixture
def token_user_in_no_group(db):
    client = APIClient()
    user = get_user_model().objects.create_user("token-user")
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.mark.parametrize("url", READING + DASHBOARDS)
def test_a_staff_user_in_no_group_is_refused(client, staff_in_no_group, url):
    client.force_login(staff_in_no_group)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("url", READING)
def test_a_token_user_in_no_group_is_refused(token_user_in_no_group, url):
    assert token_user_in_no_group.get(url).status_code == 403


@pytest.mark.parametrize("url", READING + DASHBOARDS)
def test_an_analyst_reads(analyst_client, url):
    assert analyst_client.get(url).status_code == 200


@pytest.mark.parametrize("url", READING[:-1])
def test_an_analyst_writes_nothing_through_the_api(analyst, url):
    client = APIClient()
    client.force_authenticate(analyst)
    assert client.post(url, {"status": "achieved"}).status_code == 405


def test_an_analyst_cannot_import_a_spreadsheet(analyst_client, tree):
    rows = f"id,status,status_effective_date\n{tree.red_line.pk},achieved,2024-06-30\n".encode()
    response = analyst_client.post(reverse("admin:tracker_measure_import"),
                                   {"format": "0", "import_file": rows, "resource": "0"})
    assert response.status_code == 403
    assert tree.red_line.status_updates.count() == 1


def test_an_analyst_cannot_upload(analyst_client):
    response = analyst_client.post(reverse("admin:tracker_importrun_upload"), {"file": b"x"})
    assert response.status_code == 403
    assert not models.ImportRun.objects.exists()


def test_an_analyst_cannot_review_or_add_links(analyst_client, lineage):
    link = lineage["link"]
    changelist = reverse("admin:tracker_measurelink_changelist")
    analyst_client.post(changelist, {"action": "accept", "_selected_action": [link.pk]})
    change = reverse("admin:tracker_measurelink_change", args=[link.pk])
    assert analyst_client.post(change, {"review": "accepted", "relation": "restates"}).status_code == 403
    assert analyst_client.get(reverse("admin:tracker_measurelink_add")).status_code == 403
    link.refresh_from_db()
    assert link.review == "suggested"
