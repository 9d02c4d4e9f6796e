"""Recurrences, durations, relative years and event-anchored periods, from the wording of real documents of the
genre (the 丰收节 reply of 2018, census and assessment cycles, 三年行动 plans, procedural time limits)."""

from datetime import date

import pytest

from tracker.parsing.extract import document_context, extract
from tracker.parsing.extract.cycles import solar_term

DATED = document_context("", date(2026, 1, 5), None)
UNDATED = document_context("", None, None)


def frames(text, ctx):
    return [
        (f.expression, f.kind, f.start, f.end, f.period, f.due, f.needs_review) for f in extract(text, ctx).time_frames
    ]


RECURRENCES = [
    # (text, expression, period, first due date with the document dated 2026-01-05)
    ("同意自2018年起，将每年农历秋分设立为“中国农民丰收节”。", "每年农历秋分", "P1Y", date(2026, 9, 23)),
    ("每年农历秋分日举办中国农民丰收节。", "每年农历秋分日", "P1Y", date(2026, 9, 23)),
    ("各省每年6月底前报送上半年工作进展。", "每年6月底前", "P1Y", date(2026, 6, 30)),
    ("每年3月15日前报送上年度考核结果。", "每年3月15日前", "P1Y", date(2026, 3, 15)),
    ("全国农业普查每10年进行一次。", "每10年", "P10Y", None),
    ("每5年开展一次耕地质量等级调查评价。", "每5年", "P5Y", None),
    ("每隔两年组织一次督查。", "每隔两年", "P2Y", None),
    ("省级党委和政府每季度召开一次专题会议。", "每季度", "P3M", None),
    ("每半年向社会公布一次进展。", "每半年", "P6M", None),
    ("每月调度一次项目进展。", "每月", "P1M", None),
    ("每年开展省级党委和政府耕地保护责任目标考核。", "每年", "P1Y", None),
    ("全国林草资源调查实行5年一周期。", "5年一周期", "P5Y", None),
    ("中央生态环境保护督察3年一轮。", "3年一轮", "P3Y", None),
]


@pytest.mark.parametrize(("text", "expression", "period", "due"), RECURRENCES)
def test_recurrences(text, expression, period, due):
    (frame,) = [f for f in extract(text, DATED).time_frames if f.kind == "recurrence"]
    assert (frame.expression, frame.period, frame.due, frame.needs_review) == (expression, period, due, False)


NOT_RECURRENCES = [
    "对符合条件的家庭给予每人每年2000元补助。",  # a rate
    "平均每年减少1000多万人。",
    "党的十八大以来，每年减贫1000万人以上。",  # narrates the past
]


@pytest.mark.parametrize("text", NOT_RECURRENCES)
def test_rates_and_narration_are_not_recurrences(text):
    assert [f for f in extract(text, DATED).time_frames if f.kind == "recurrence"] == []


DURATIONS = [
    # (text, ctx, expected frame: expression, kind, start, end, period, due, needs_review)
    (
        "实施农村人居环境整治提升三年行动。",
        DATED,
        ("三年行动", "duration", date(2026, 1, 5), date(2029, 1, 4), "P3Y", None, False),
    ),
    (
        "开展为期1个月的集中排查。",
        DATED,
        ("为期1个月", "duration", date(2026, 1, 5), date(2026, 2, 4), "P1M", None, False),
    ),
    (
        "力争在2—3年内基本完成。",
        DATED,
        ("在2—3年内", "duration", date(2026, 1, 5), date(2029, 1, 4), "P3Y", None, False),
    ),
    ("连续3年以上考核优秀的给予奖励。", DATED, ("3年以上", "duration", None, None, "P3Y", None, False)),
    (
        "自印发之日起30日内制定实施方案。",
        DATED,
        ("自印发之日起30日内", "duration", date(2026, 1, 5), date(2026, 2, 3), "P30D", None, False),
    ),
    (
        "自国务院批准设立之日起，享受相关支持政策。",
        DATED,
        ("自国务院批准设立之日起", "start", None, None, None, None, True),
    ),
    ("自本办法施行之日起执行。", DATED, ("自本办法施行之日起", "start", date(2026, 1, 5), None, None, None, False)),
    ("开展为期1个月的集中排查。", UNDATED, ("为期1个月", "duration", None, None, "P1M", None, True)),
]


@pytest.mark.parametrize(("text", "ctx", "expected"), DURATIONS)
def test_durations(text, ctx, expected):
    assert frames(text, ctx) == [expected]


RELATIVE = [
    ("2026年在10个省份开展试点，次年全面推开。", ("次年", date(2027, 1, 1), date(2027, 12, 31), "year of 2026年")),
    ("2027年底前完成确权登记，此后每年更新一次。", ("此后", date(2028, 1, 1), None, "after 2027年底前")),
    ("编制下一年度工作计划。", ("下一年度", date(2027, 1, 1), date(2027, 12, 31), "document date 2026-01-05")),
    ("资金于当年底前拨付到位。", ("当年", date(2026, 1, 1), date(2026, 12, 31), "document date 2026-01-05")),
]


@pytest.mark.parametrize(("text", "expected"), RELATIVE)
def test_relative_years(text, expected):
    found = {f.expression: (f.expression, f.start, f.end, f.anchor) for f in extract(text, DATED).time_frames}
    assert found[expected[0]] == expected


def test_same_year_in_passing_is_no_time_frame():
    assert "当年" not in [f.expression for f in extract("有的把预期收入算成当年实际收入。", DATED).time_frames]


def test_known_event_and_undefined_period():
    found = frames("脱贫攻坚任务完成后，过渡期内保持主要帮扶政策总体稳定。", document_context("脱贫攻坚", None, None))
    assert found == [
        ("脱贫攻坚任务完成后", "start", date(2021, 1, 1), None, None, None, False),
        ("过渡期内", "period", None, None, None, None, True),
    ]


def test_a_period_the_document_defines_is_not_for_review():
    ctx = document_context("脱贫攻坚目标任务完成后，设立5年过渡期。", date(2020, 12, 16), None)
    assert frames("过渡期内保持政策稳定。", ctx) == [
        ("过渡期内", "period", date(2021, 1, 1), date(2025, 12, 31), None, None, False)
    ]


@pytest.mark.parametrize(
    ("year", "day"),
    [(2018, date(2018, 9, 23)), (2024, date(2024, 9, 22)), (2025, date(2025, 9, 23)), (2028, date(2028, 9, 22))],
)
def test_autumn_equinox(year, day):
    assert solar_term("秋分", year) == day
