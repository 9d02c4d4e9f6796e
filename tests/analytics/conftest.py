import pytest

from tests.analytics.world import AS_OF, build_world
from tracker.measure_filters import select_measures


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def as_of_world(world):
    """Every measure of the world, as of AS_OF."""
    return select_measures({"as_of": AS_OF})
