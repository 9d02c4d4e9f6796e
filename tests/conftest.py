from pathlib import Path

import pytest

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
