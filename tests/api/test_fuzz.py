"""schemathesis against the API as served (/api/schema/ from the app itself, called in-process through WSGI)
with an analyst's token, over the analytics world: no response is a server error, and every response — its
status code, content type, headers and body — is what the schema says. A bounded number of examples per
operation keeps it to seconds in CI."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import negative_data_rejection

from tests.admin.conftest import analyst  # noqa: F401  (fixture)
from tests.analytics.world import build_world
from tracker.wsgi import application

EXAMPLES_PER_OPERATION = 12


@pytest.fixture
def token(analyst):  # noqa: F811
    return Token.objects.create(user=analyst).key


# the schema as the app serves it to anyone (it needs no database); the calls carry the token
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@pytest.fixture
def world(db):
    # As Django's test client does: the app called through WSGI must not close the test's connection (and
    # with it the test's transaction) when a request ends.
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield build_world()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_every_response_is_what_the_schema_says(case, world, token):
    # Malformed requests are sent too (they must never be a 500), but not required to be refused: DRF and
    # django-filter answer a malformed optional parameter (page_size=x, withdrawn=x, format=) with its default,
    # as the schema's descriptions say.
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, excluded_checks=[negative_data_rejection])
