"""Time frames: calendar expressions, plans, relative years, and periods the document defines itself."""

from datetime import date

import pytest

from tracker.parsing.extract import document_context, extract

OPINION_PREAMBLE = (
    "到2020年我国现行标准下农村贫困人口全部实现脱贫、贫困县全部摘帽。"
    "脱贫攻坚取得全面胜利,提前10年实现《联合国2030年可持续发展议程》减贫目标。"
    "(二)基本思路和目标任务。脱贫攻坚目标任务完成后,设立5年过渡期。"
)
OPINION = document_context(OPINION_PREAMBLE, date(2020, 12, 16), date(2021, 3, 22))
UNDATED = document_context("", None, None)


def frames(text, ctx=OPINION):
    return [(t.expression, t.start, t.end, t.kind) for t in extract(text, ctx).time_frames]


def D(text):
    return date.fromisoformat(text)


def test_transition_period_is_defined_by_the_documents_own_words():
    [period] = OPINION.periods
    assert (period.name, period.start, period.end) == ("过渡期", D("2021-01-01"), D("2025-12-31"))
    assert "设立5年过渡期" in period.anchor and "2020" in period.anchor


def test_event_year_falls_back_to_the_written_date_when_the_text_states_none():
    ctx = document_context("脱贫攻坚目标任务完成后，设立五年过渡期。", date(2020, 12, 16), None)
    assert (ctx.periods[0].start, ctx.periods[0].end) == (D("2021-01-01"), D("2025-12-31"))


def test_a_different_document_defines_its_own_period():
    ctx = document_context("试点任务完成后，设立3年缓冲期。到2022年试点任务全部完成。", date(2021, 5, 1), None)
    assert frames("缓冲期内保持政策稳定。", ctx) == [("缓冲期内", D("2023-01-01"), D("2025-12-31"), "period")]


def test_explicit_period_definition():
    ctx = document_context("过渡期为2021年至2025年。", None, None)
    assert frames("过渡期前2年", ctx) == [("过渡期前2年", D("2021-01-01"), D("2022-12-31"), "period")]


def test_undated_document_without_event_year_leaves_the_period_unresolved():
    ctx = document_context("脱贫攻坚目标任务完成后，设立5年过渡期。", None, None)
    assert frames("过渡期内继续实施。", ctx) == [("过渡期内", None, None, "period")]
    assert "unresolved_time_frame" in extract("过渡期内继续实施。", ctx).flags


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("过渡期内严格落实“四个不摘”要求。", [("过渡期内", D("2021-01-01"), D("2025-12-31"), "period")]),
        (
            "过渡期前3年脱贫县继续实行涉农资金统筹整合试点政策",
            [("过渡期前3年", D("2021-01-01"), D("2023-12-31"), "period")],
        ),
        ("过渡期前 3 年", [("过渡期前3年", D("2021-01-01"), D("2023-12-31"), "period")]),  # letter-spaced
        ("过渡期前三年", [("过渡期前三年", D("2021-01-01"), D("2023-12-31"), "period")]),
        ("过渡期最后2年", [("过渡期最后2年", D("2024-01-01"), D("2025-12-31"), "period")]),
        ("过渡期第2年", [("过渡期第2年", D("2022-01-01"), D("2022-12-31"), "period")]),
        ("过渡期结束后", [("过渡期结束后", D("2026-01-01"), None, "start")]),
        ("过渡期末", [("过渡期末", None, D("2025-12-31"), "deadline")]),
        ("脱贫攻坚任务完成后,要及时做好衔接。", [("脱贫攻坚任务完成后", D("2021-01-01"), None, "start")]),
    ],
)
def test_references_to_the_documents_periods(text, expected):
    assert frames(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("到2025年，脱贫攻坚成果巩固拓展", [("到2025年", None, D("2025-12-31"), "deadline")]),
        ("到2035年", [("到2035年", None, D("2035-12-31"), "deadline")]),
        ("2025年底前", [("2025年底前", None, D("2025-12-31"), "deadline")]),
        ("力争到2022年6月底", [("力争到2022年6月底", None, D("2022-06-30"), "deadline")]),
        ("2024年2月前", [("2024年2月前", None, D("2024-02-29"), "deadline")]),
        ("2021—2025年", [("2021—2025年", D("2021-01-01"), D("2025-12-31"), "period")]),
        ("2021-2025年", [("2021-2025年", D("2021-01-01"), D("2025-12-31"), "period")]),
        ("2021年至2025年", [("2021年至2025年", D("2021-01-01"), D("2025-12-31"), "period")]),
        ("自2021年起", [("2021年起", D("2021-01-01"), None, "start")]),
        ("2021年1月1日起施行", [("2021年1月1日起", D("2021-01-01"), None, "start")]),
        ("2021年", [("2021年", D("2021-01-01"), D("2021-12-31"), "period")]),
        ("2022年上半年", [("2022年上半年", D("2022-01-01"), D("2022-06-30"), "period")]),
        ("“十四五”时期", [("“十四五”时期", D("2021-01-01"), D("2025-12-31"), "period")]),
        ("纳入“十四五”规划", [("“十四五”规划", D("2021-01-01"), D("2025-12-31"), "period")]),
        ("支持“十三五”易地扶贫搬迁融资资金偿还", [("“十三五”", D("2016-01-01"), D("2020-12-31"), "period")]),
        ("“十五”计划", [("“十五”", D("2001-01-01"), D("2005-12-31"), "period")]),
        ("“一五”计划", [("“一五”", D("1953-01-01"), D("1957-12-31"), "period")]),
        ("“三五”计划", [("“三五”", D("1966-01-01"), D("1970-12-31"), "period")]),
        ("“十四五”末", [("“十四五”末", None, D("2025-12-31"), "deadline")]),
        ("十五五时期", [("十五五时期", D("2026-01-01"), D("2030-12-31"), "period")]),
    ],
)
def test_calendar_and_plan_expressions(text, expected):
    assert frames(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("今年", [("今年", D("2020-01-01"), D("2020-12-31"), "period")]),
        ("明年1月1日", [("明年1月1日", D("2021-01-01"), D("2021-01-01"), "period")]),
        ("今年年底前", [("今年年底前", None, D("2020-12-31"), "deadline")]),
        ("年内", [("年内", None, D("2020-12-31"), "deadline")]),
        ("3年后", [("3年后", D("2023-12-16"), None, "start")]),
        ("三年后", [("三年后", D("2023-12-16"), None, "start")]),
        ("今后5年", [("今后5年", D("2020-12-16"), D("2025-12-15"), "period")]),
        ("用3年时间", [("用3年时间", None, D("2023-12-15"), "deadline")]),
    ],
)
def test_relative_expressions_resolve_against_the_document_date(text, expected):
    assert frames(text) == expected
    assert all(t.anchor == "document date 2020-12-16" for t in extract(text, OPINION).time_frames)


@pytest.mark.parametrize("text", ["今年", "3年后", "今后5年", "年内"])
def test_relative_expressions_without_a_document_date_are_never_guessed(text):
    [frame] = extract(text, UNDATED).time_frames
    assert (frame.start, frame.end) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "提前10年实现减贫目标",  # a length, not a point in time
        "5年",
        "《联合国2030年可持续发展议程》",  # a title
        "十五个成员国",  # 十五 unquoted is a number
        "全面建成小康社会",
    ],
)
def test_not_time_frames(text):
    assert frames(text, UNDATED) == []
