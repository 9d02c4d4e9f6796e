import pytest
from django.contrib.auth.models import Group

from tests.admin.data import policy_tree


def member_of(django_user_model, group: str, username: str):
    user = django_user_model.objects.create_user(username, password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db, django_user_model):
    return member_of(django_user_model, "editors", "editor")


@pytest.fixture
def analyst(db, django_user_model):
    return member_of(django_user_model, "analysts", "analyst")


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
