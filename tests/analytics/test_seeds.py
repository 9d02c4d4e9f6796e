"""Analytics on the ingested seed documents (tracker.ingest over seeds/): the numbers a reader checks first."""

import pytest

from tests.conftest import SEEDS
from tracker import analytics
from tracker.ingest import ingest_paths
from tracker.measure_filters import select_measures

OPINION = "关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见"


@pytest.fixture
def seeds(db):
    ingest_paths([SEEDS], trigger="test")
    return select_measures({"as_of": "2024-06-30"})


def test_the_2020_opinion_measures_by_part(seeds):
    counts = analytics.measure_counts(seeds, by=["document", "part"])
    opinion = counts[counts["document"] == OPINION].set_index("part")
    assert opinion["measures"].to_dict() == {"一": 1, "二": 8, "三": 6, "四": 5, "五": 6, "六": 3, "七": 5, "八": 5}
    assert opinion.loc["七", "part_heading"] == "加强脱贫攻坚与乡村振兴政策有效衔接"


def test_seed_overview_quality_and_transition_period(seeds):
    overview = analytics.overview(seeds).iloc[0]
    assert (overview.documents, overview.measures) == (5, 88)
    quality = analytics.data_quality(seeds).set_index("document").loc[OPINION]
    assert (quality.measures, quality.variants) == (39, 38)  # two witnesses (seeds 000 and 001) of parts 三–八
    opinion_only = select_measures({"as_of": "2024-06-30", "document": int(quality.document_id)})
    spans = analytics.time_frame_spans(opinion_only)
    transition = spans[spans["expression"] == "过渡期内"].iloc[0]
    assert (str(transition.start.date()), str(transition.end.date())) == ("2021-01-01", "2025-12-31")
