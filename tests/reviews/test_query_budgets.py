"""The review pages take a fixed number of queries whatever the number of links: the queue, a link's page, and
a measure's page with its lineage, each with 50 links and then with 100."""

import pytest
from django.urls import reverse

from tests import factories
from tests.reviews.conftest import suggested_link
from tracker.models import MeasureLink
from tracker.reviews import decide


def add_links(lineage, count: int, start: int) -> None:
    """`count` more later items carrying the earlier measure; every fifth accepted, so its proposal shows."""
    for n in range(start, start + count):
        later = factories.measure(lineage["later"].document, f"九/（{n}）", text="对农户开展定期检查、动态管理。")
        link = suggested_link(later, lineage["earlier"])
        if n % 5 == 0:
            decide(MeasureLink.objects.filter(pk=link.pk), "accepted", lineage["editor"])


@pytest.fixture
def pages(lineage, editor):
    lineage["editor"] = editor
    return {
        "queue": reverse("admin:tracker_measurelink_changelist"),
        "link": reverse("admin:tracker_measurelink_change", args=[lineage["link"].pk]),
        "measure": reverse("admin:tracker_measure_change", args=[lineage["earlier"].pk]),
    }


@pytest.mark.parametrize("page", ["queue", "link", "measure"])
def test_a_fixed_number_of_queries_with_50_links_and_with_100(editor_client, lineage, pages, page,
                                                              django_assert_max_num_queries):
    editor_client.get(pages[page])  # warm Django's own caches (content types, the session)
    counts = []
    for start, count in ((0, 49), (49, 50)):  # the fixture's link and 49, then 50 more
        add_links(lineage, count, start)
        with django_assert_max_num_queries(40) as captured:
            response = editor_client.get(pages[page])
        assert response.status_code == 200
        counts.append(len(captured))
    assert MeasureLink.objects.count() == 100
    assert counts[0] == counts[1], counts
