import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from tests.analytics.world import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def analyst(db):
    return get_user_model().objects.create_user("analyst", password="not-used-here")


@pytest.fixture
def api(analyst):
    """A client logged in with a session (token authentication has its own test)."""
    client = APIClient()
    client.force_login(analyst)
    return client
