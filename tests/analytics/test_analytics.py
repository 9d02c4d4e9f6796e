"""Each analytics function against the small world of tests/analytics/world.py, with exact numbers."""

import datetime

import pandas as pd
import pytest
from django.core.exceptions import ValidationError

from tests.analytics.world import AS_OF, MEASURES_DOC, OPINION, TRANSITION
from tracker import analytics, models
from tracker.measure_filters import select_measures
from tracker.status import record_status


def records(frame: pd.DataFrame, *columns: str) -> list[tuple]:
    """Rows as tuples, with None for missing values (NaN, NaT)."""
    selected = frame[list(columns)].astype(object)
    return [tuple(row) for row in selected.where(selected.notna(), None).itertuples(index=False)]


def test_overview_counts_documents_bodies_ratings_and_overdue(as_of_world):
    row = analytics.overview(as_of_world).iloc[0]
    assert (row.documents, row.measures, row.with_body, row.rated, row.overdue) == (2, 6, 4, 5, 2)
    assert (row.share_with_body, row.share_rated, row.share_overdue) == (0.667, 0.833, 0.333)
    assert row.as_of == pd.Timestamp(AS_OF)


def test_overview_as_of_an_earlier_date_uses_the_status_history(world):
    row = analytics.overview(select_measures({"as_of": "2023-06-30"})).iloc[0]
    # a2 was in progress (its period runs to 2025), b1 stalled (due end of 2023): only a3 (due 2022) is overdue
    assert (row.rated, row.overdue) == (5, 1)
    before_any_rating = analytics.overview(select_measures({"as_of": "2020-12-01"})).iloc[0]
    assert (before_any_rating.rated, before_any_rating.overdue) == (0, 0)


def test_overview_of_an_empty_selection_is_zero_not_an_error(db):
    row = analytics.overview().iloc[0]
    assert (row.measures, row.share_with_body, row.share_overdue) == (0, 0, 0)


def test_measures_lists_lead_body_time_frame_span_and_as_of_status(as_of_world):
    frame = analytics.measures(as_of_world)
    assert records(frame, "path", "status", "overdue", "lead_body") == [
        ("一", "stalled", True, "农业农村部"),
        ("三", "ongoing", False, None),
        ("三/（一）", "achieved", False, "国家发展和改革委员会"),
        ("三/（二）", "planned", True, "财政部"),
        ("七", "not_yet_rated", False, None),
        ("七/（十九）", "ongoing", False, "所在省份"),
    ]
    a2 = frame.set_index("path").loc["三/（一）"]
    assert (a2.time_frame_start, a2.time_frame_end) == tuple(pd.Timestamp(d) for d in TRANSITION)
    assert set(frame["part"]) == {"一", "三", "七"}


def test_status_by_document_and_part_in_document_and_vocabulary_order(as_of_world):
    frame = analytics.measure_counts(as_of_world, by=["document", "part", "status"])
    assert records(frame, "document", "part", "part_heading", "status", "measures", "overdue") == [
        (MEASURES_DOC, "一", "压实乡村振兴责任", "stalled", 1, 1),
        (OPINION, "三", "持续巩固拓展脱贫攻坚成果", "planned", 1, 1),
        (OPINION, "三", "持续巩固拓展脱贫攻坚成果", "ongoing", 1, 0),
        (OPINION, "三", "持续巩固拓展脱贫攻坚成果", "achieved", 1, 0),
        (OPINION, "七", "做好财政投入政策衔接", "not_yet_rated", 1, 0),
        (OPINION, "七", "做好财政投入政策衔接", "ongoing", 1, 0),
    ]


def test_counts_by_body_and_role_keep_measures_without_a_body(as_of_world):
    frame = analytics.measure_counts(as_of_world, by=["body", "role"])
    assert records(frame, "body", "role", "measures", "overdue") == [
        ("农业农村部", "lead", 1, 1),
        ("国家发展和改革委员会", "lead", 1, 0),
        ("所在省份", "lead", 1, 0),
        ("财政部", "lead", 1, 1),
        ("财政部", "participant", 1, 0),
        (None, None, 2, 0),
    ]


def test_counts_by_topic_and_by_level(as_of_world):
    by_topic = analytics.measure_counts(as_of_world, by=["topic"])
    assert records(by_topic, "topic", "measures") == [("土地", 2), ("就业", 3), (None, 2)]
    assert records(analytics.measure_counts(as_of_world, by=["level"]), "level", "measures") == [(1, 3), (2, 3)]


def test_counts_refuse_an_unknown_dimension(as_of_world):
    with pytest.raises(ValueError, match="colour"):
        analytics.measure_counts(as_of_world, by=["colour"])


def test_time_frames_calendar_marks_ended_and_overdue_as_of_the_date(as_of_world):
    frame = analytics.time_frames(as_of_world)
    assert records(frame, "path", "expression", "status", "ended", "overdue") == [
        ("三/（二）", "到2022年", "planned", True, True),
        ("一", "过渡期前3年", "stalled", True, True),
        ("三/（一）", "过渡期内", "achieved", False, False),
        ("七/（十九）", "过渡期内", "ongoing", False, False),
    ]
    assert frame["start"].isna().sum() == 1  # a deadline has an end only


def test_time_frame_spans_group_the_transition_period(as_of_world):
    frame = analytics.time_frame_spans(as_of_world)
    assert records(frame, "expression", "start", "end", "measures", "open", "overdue") == [
        ("过渡期前3年", pd.Timestamp("2021-01-01"), pd.Timestamp("2023-12-31"), 1, 1, 1),
        ("过渡期内", *(pd.Timestamp(d) for d in TRANSITION), 2, 0, 0),
        ("到2022年", None, pd.Timestamp("2022-12-31"), 1, 1, 1),
    ]


def test_time_frame_spans_as_of_before_the_deadlines_have_nothing_overdue(world):
    frame = analytics.time_frame_spans(select_measures({"as_of": datetime.date(2022, 6, 30)}))
    assert frame["overdue"].sum() == 0
    assert frame.set_index("expression").loc["过渡期内", "open"] == 1  # a2 in progress, a5 ongoing


def test_body_topic_matrix(as_of_world):
    matrix = analytics.body_topic_matrix(as_of_world)
    assert matrix.to_dict(orient="index") == {
        "农业农村部": {"土地": 1, "就业": 1},
        "国家发展和改革委员会": {"土地": 0, "就业": 1},
        "所在省份": {"土地": 1, "就业": 0},
        "财政部": {"土地": 0, "就业": 2},
    }


def test_targets_with_normalised_values(as_of_world):
    frame = analytics.targets(as_of_world)
    assert records(frame, "path", "expression", "comparator", "value", "unit", "normalised_value", "normalised_unit") == [
        ("一", "3046万人", "", 3046, "万人", 30_460_000, "人"),
        ("七/（十九）", "18亿亩", "ge", 18, "亿亩", 1_800_000_000, "亩"),
    ]


def test_data_quality_per_document(as_of_world):
    frame = analytics.data_quality(as_of_world).set_index("document")
    opinion = frame.loc[OPINION]
    assert (opinion.measures, opinion.with_body, opinion.rated, opinion.with_time_frame) == (5, 3, 4, 3)
    assert (opinion.needs_review, opinion.variants) == (1, 1)
    assert (opinion.share_with_body, opinion.share_rated, opinion.share_with_time_frame) == (0.6, 0.8, 0.6)
    assert frame.loc[MEASURES_DOC, ["measures", "with_body", "variants"]].tolist() == [1, 1, 0]


@pytest.mark.parametrize(
    ("params", "paths"),
    [
        (lambda w: {"status": ["planned", "stalled"]}, {"三/（二）", "一"}),
        (lambda w: {"overdue": True}, {"三/（二）", "一"}),
        (lambda w: {"overdue": False, "level": 2}, {"三/（一）", "七/（十九）"}),
        (lambda w: {"body": w.bodies["mof"].pk}, {"三/（一）", "三/（二）"}),
        (lambda w: {"topic": w.topics["土地"].pk}, {"七/（十九）", "一"}),
        (lambda w: {"document": w.rules.pk}, {"一"}),
        (lambda w: {"q": "耕地红线"}, {"七/（十九）"}),
        (lambda w: {"q": "低保"}, {"三/（二）"}),
        (lambda w: {"status": "in_progress", "as_of": "2023-06-30"}, {"三/（一）"}),
    ],
)
def test_every_analytics_function_honours_the_filters(world, params, paths):
    selection = select_measures({"as_of": AS_OF, **params(world)})
    assert set(analytics.measures(selection)["path"]) == paths
    assert analytics.overview(selection).iloc[0].measures == len(paths)
    assert analytics.measure_counts(selection, by=["status"])["measures"].sum() == len(paths)
    assert analytics.data_quality(selection)["measures"].sum() == len(paths)


def test_a_bad_filter_value_is_refused(db):
    with pytest.raises(ValidationError):
        select_measures({"status": "done-ish"})
    with pytest.raises(ValidationError):
        select_measures({"as_of": "yesterday"})


def test_recurring_obligations_next_due_and_overdue_without_an_entry_this_cycle(world, as_of_world):
    m = world.measures
    day = datetime.date
    for measure, expression, period, due in (  # (the world's b1 recurs 每年: open, no entry since 2023-03-01)
        (m["a3"], "每年6月底前", "P1Y", day(2021, 6, 30)),  # open, an entry in this cycle (below)
        (m["a2"], "每5年", "P5Y", day(2021, 12, 31)),  # achieved: closed, never overdue
    ):
        models.TimeFrame.objects.create(measure=measure, expression=expression, kind="recurrence", period=period,
                                        due=due)  # fmt: skip
    record_status(m["a3"], "planned", effective_date=day(2024, 3, 1), source="manual")
    frame = analytics.recurring_obligations(select_measures({"as_of": AS_OF}))
    assert sorted(records(frame, "path", "expression", "next_due", "overdue")) == [
        ("一", "每年", None, True),
        ("三/（一）", "每5年", pd.Timestamp(2026, 12, 31), False),
        ("三/（二）", "每年6月底前", pd.Timestamp(2024, 6, 30), False),
    ]
