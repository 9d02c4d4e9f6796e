import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture
def on_postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only behaviour (set DATABASE_URL=postgres://...)")
    return connection


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Tests run background tasks at once, in the test (tests/tasks/ switches to the database backend)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


# Property tests (tests/parsing/test_properties.py) explore new examples on a developer's machine; in CI they run
# the same examples each time, so a run fails for the code it tests and not for the examples it drew.
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")
