import os
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


@pytest.fixture
def on_postgres(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only behaviour (set DATABASE_URL=postgres://...)")
    return connection


# Property tests (tests/parsing/test_properties.py) explore new examples on a developer's machine; in CI they run
# the same examples each time, so a run fails for the code it tests and not for the examples it drew.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")
