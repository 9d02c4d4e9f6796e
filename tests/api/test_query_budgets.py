"""Query budgets: every API list (with and without filters) and the export take a fixed number of queries,
whatever the number of rows."""

import pytest

from tests.analytics.world import AS_OF, build_world

# Each budget holds the role check (tracker.access): the user's and their groups' permissions, 2 queries. Every
# measure list asks one question more than before the corpus of a million (tests/bench): whether any status entry
# is dated after `as_of` (one index look-up), which decides between the stored status and the history. On
# PostgreSQL a filtered list (the measures: never withdrawn ones) asks the planner's estimate before it counts
# (tracker.pagination.TRUSTED_ESTIMATE: a large estimate spares the count), one query more on few rows.
LISTS = [
    ("/api/documents/", {}, 7),
    ("/api/measures/", {}, 12),
    ("/api/measures/", {"status": "planned", "overdue": "true", "q": "低保", "as_of": AS_OF}, 12),
    ("/api/measures/", {"body": "first", "topic": "first", "document": "first"}, 13),
    ("/api/bodies/", {}, 6),
    ("/api/status-history/", {}, 6),
]


@pytest.mark.parametrize(("url", "params", "budget"), LISTS)
def test_api_lists_stay_within_a_fixed_budget(db, api, django_assert_max_num_queries, url, params, budget):
    counts = []
    first = build_world()
    ids = {"body": first.bodies["mof"].pk, "topic": first.topics["就业"].pk, "document": first.opinion.pk}
    params = {key: ids[key] if value == "first" else value for key, value in params.items()}
    for more_worlds in (0, 2):  # one world, then three: the same number of queries
        for _ in range(more_worlds):
            build_world()
        with django_assert_max_num_queries(budget) as captured:
            assert api.get(url, params).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]
