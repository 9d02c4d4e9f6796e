import pytest
from rest_framework.test import APIClient

from tests.analytics.world import build_world
from tests.factories import member_of


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def analyst(db):
    return member_of("analysts", "analyst")  # not staff: an API user with a token


@pytest.fixture
def api(analyst):
    """A client logged in with a session (token authentication has its own test)."""
    client = APIClient()
    client.force_login(analyst)
    return client
