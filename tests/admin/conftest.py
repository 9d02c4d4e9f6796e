import pytest

from tests.admin.data import policy_tree
from tests.factories import member_of


@pytest.fixture
def editor(db):
    return member_of("editors", "editor", is_staff=True)


@pytest.fixture
def analyst(db):
    return member_of("analysts", "analyst", is_staff=True)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def tree(db):
    return policy_tree()
