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
    ctx = document_context("试点任务完成后，设立2年巩固期。", None, None)
    assert frames("巩固期内继续实施。", ctx) == [("巩固期内", None, None, "period")]
    assert "unresolved_time_frame" in extract("巩固期内继续实施。", ctx).flags


def test_a_period_defined_a_clause_or_two_after_its_event_starts_after_the_event():
    text = "脱贫攻坚目标任务完成后，对摆脱贫困的县，从脱贫之日起设立5年过渡期，做到扶上马送一程。"
    ctx = document_context(text, date(2021, 1, 4), None)
    assert frames("过渡期内保持政策总体稳定。", ctx) == [("过渡期内", D("2021-01-01"), D("2025-12-31"), "period")]


def test_undated_document_resolves_a_known_event():
    ctx = document_context("脱贫攻坚目标任务完成后，设立5年过渡期。", None, None)
    assert frames("过渡期内继续实施。", ctx) == [("过渡期内", date(2021, 1, 1), date(2025, 12, 31), "period")]


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
    assert frames(text, UNDATED) == expected  # they resolve by themselves; a document date would drop “一五”


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


@pytest.mark.parametrize(
    ("text", "written", "expected"),
    [
        ("各地要在6月底前完成春播", "2023-01-05", [("6月底前", None, D("2023-06-30"), "deadline")]),
        ("9月30日前上报", "2023-01-05", [("9月30日前", None, D("2023-09-30"), "deadline")]),
        ("于3月中旬前部署", "2023-01-05", [("3月中旬前", None, D("2023-03-31"), "deadline")]),
        # a month already past on the written date is next year's
        ("3月底前完成验收", "2023-09-10", [("3月底前", None, D("2024-03-31"), "deadline")]),
        ("下半年开展督查", "2023-01-05", [("下半年", D("2023-07-01"), D("2023-12-31"), "period")]),
        ("上半年，全国粮食产量增长", "2023-09-10", []),  # a half already past narrates
        ("新华社北京3月22日电", "2023-01-05", []),  # a month with no deadline word is no time frame
        ("2月30日前", "2023-01-05", []),  # not a date
    ],
)
def test_a_month_or_half_without_its_year_is_the_next_one_from_the_written_date(text, written, expected):
    assert frames(text, document_context("", D(written), None)) == expected


@pytest.mark.parametrize("text", ["今年", "3年后", "今后5年", "年内", "6月底前", "下半年"])
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


# --- only forward-looking time frames: dates that narrate the past are not commitments ------------------
SPEECH_2021 = document_context("", date(2021, 11, 8), None)
SPEECH_2018_UNDATED = document_context(
    "第一，从脱贫攻坚任务看，截至2017年底，全国农村贫困人口还有3046万人，贫困发生率仍在3%以上。", None, None
)
COMPILATION_UNDATED = document_context(
    "团结合作是战胜疫情最有力的武器。（2020年3月12日同联合国秘书长古特雷斯通电话）"
    "中方愿同各国分享防控经验。（2020年4月3日同老挝人民革命党中央总书记、国家主席本扬通电话）",
    None,
    None,
)
KEPT_2020 = [("到2020年", None, D("2020-12-31"), "deadline")]


@pytest.mark.parametrize(
    ("text", "ctx", "expected"),
    [
        # with a document date: what ended before it is history; what ends on or after it stays
        ("1945年，党的六届七中全会通过了《关于若干历史问题的决议》", SPEECH_2021, []),
        ("1981年，党的十一届六中全会通过了《关于建国以来党的若干历史问题的决议》", SPEECH_2021, []),
        ("2019年全省粮食总产量创历史新高", SPEECH_2021, []),
        ("去年以来疫情反复", SPEECH_2021, []),
        ("2021年要全面推开", SPEECH_2021, [("2021年", D("2021-01-01"), D("2021-12-31"), "period")]),
        ("到2035年基本实现社会主义现代化", SPEECH_2021, [("到2035年", None, D("2035-12-31"), "deadline")]),
        ("到2020年我国现行标准下农村贫困人口全部实现脱贫", OPINION, KEPT_2020),  # 2020-12-16: ends 2020-12-31
        ("支持“十三五”易地扶贫搬迁融资资金偿还", OPINION, [("“十三五”", D("2016-01-01"), D("2020-12-31"), "period")]),
        ("截止2021年6月30日前报送材料", OPINION, [("截止2021年6月30日前", None, D("2021-06-30"), "deadline")]),
        ("截至2025年底，建成高标准农田10.75亿亩", OPINION, [("截至2025年底", None, D("2025-12-31"), "deadline")]),
        ("“十三五”以来，脱贫攻坚取得决定性进展", OPINION, []),  # …以来: a start in the past, date or not
        ("2012年以来", OPINION, []),
        ("“十五”计划期间", OPINION, []),  # 2001–2005, long over in 2020
        # without a document date: retrospective by wording
        ("截至2017年底，全国农村贫困人口还有3046万人", UNDATED, []),  # a statistic's as-of date
        ("截止2019年末，累计培训5万人次", UNDATED, []),
        ("截止2021年6月30日前报送材料", UNDATED, [("截止2021年6月30日前", None, D("2021-06-30"), "deadline")]),
        ("党的十八大以来，2012年以来，脱贫攻坚力度之大前所未有", UNDATED, []),
        ("“十三五”以来", UNDATED, []),
        ("（2020年2月20日给比尔·盖茨的回信）", UNDATED, []),  # attribution of a quote
        ("（2020年3月就意大利发生新冠肺炎疫情致意大利总统马塔雷拉的慰问电）", UNDATED, []),
        ("——2020年3月12日同联合国秘书长古特雷斯通电话", UNDATED, []),  # dateline
        ("2020年2月20日，习近平在同巴基斯坦总理通电话时指出，中方愿同各方加强合作", UNDATED, []),
        ("2020年3月27日同美国总统特朗普通电话", UNDATED, []),
        ("2018年6月12日，国家主席习近平在人民大会堂会见美国客人", UNDATED, []),
        ("1945年，党的六届七中全会通过了《关于若干历史问题的决议》", UNDATED, []),  # a year's clause, perfective
        ("是1994年至2000年“八七扶贫攻坚计划”实施期间的2.14倍", SPEECH_2018_UNDATED, []),  # before 截至2017年底
        ("农村贫困人口由2012年底的9899万人减少到2017年底的3046万人", SPEECH_2018_UNDATED, []),  # years' figures
        ("粮食年产量由2021年的13657亿斤增至2025年的14297.5亿斤", SPEECH_2021, []),  # with a date too
        ("到2025年的目标任务全面完成", SPEECH_2021, [("到2025年", None, D("2025-12-31"), "deadline")]),  # no figure
        ("2016年有28个贫困县脱贫摘帽", SPEECH_2018_UNDATED, []),
        ("中方愿同各方加强合作，2020年3月底前召开视频会议", COMPILATION_UNDATED, []),  # ended before 4月3日
        # without a document date: kept
        ("到2020年，农村贫困人口全部脱贫", UNDATED, KEPT_2020),  # a bare deadline
        (
            "今后3年，要先把建档立卡贫困人口中需要搬迁的应搬尽搬",
            SPEECH_2018_UNDATED,
            [("今后3年", None, None, "period")],
        ),
        (
            "党中央已经明确，将2018年作为脱贫攻坚作风建设年",
            SPEECH_2018_UNDATED,
            [("2018年", D("2018-01-01"), D("2018-12-31"), "period")],
        ),
        ("今年，要突出抓好各级扶贫干部学习培训工作", SPEECH_2018_UNDATED, [("今年", None, None, "period")]),
        (
            "2025年，粮食综合生产能力稳定在1.3万亿斤以上",
            UNDATED,
            [("2025年", D("2025-01-01"), D("2025-12-31"), "period")],
        ),
        (
            "2021—2022年试点，2023—2025年全面推广",
            UNDATED,
            [
                ("2021—2022年", D("2021-01-01"), D("2022-12-31"), "period"),
                ("2023—2025年", D("2023-01-01"), D("2025-12-31"), "period"),
            ],
        ),  # phases in sequence are not history
        ("定于2021年3月1日召开全省动员大会", UNDATED, [("2021年3月1日", D("2021-03-01"), D("2021-03-01"), "period")]),
        ("2021年3月1日，各地要召开动员大会", UNDATED, [("2021年3月1日", D("2021-03-01"), D("2021-03-01"), "period")]),
        ("各地制定实施方案（2021—2025年）", UNDATED, [("2021—2025年", D("2021-01-01"), D("2025-12-31"), "period")]),
        ("（2021年1月1日起施行）", UNDATED, [("2021年1月1日起", D("2021-01-01"), None, "start")]),
        ("2021年，全面推开", UNDATED, [("2021年", D("2021-01-01"), D("2021-12-31"), "period")]),
    ],
)
def test_dates_that_only_narrate_the_past_are_not_time_frames(text, ctx, expected):
    assert frames(text, ctx) == expected


@pytest.mark.parametrize(
    ("article", "written", "past"),
    [
        ("截至2017年底，全国农村贫困人口还有3046万人。到2020年全部脱贫。", None, D("2017-12-31")),
        (
            "（2020年3月12日同古特雷斯通电话）（2020年4月3日同本扬通电话）",
            None,
            D("2020-04-03"),
        ),
        ("1945年，党的六届七中全会通过了决议。1981年，十一届六中全会通过了决议。", None, D("1981-01-01")),
        ("2012年以来，贫困人口大幅减少。", None, D("2012-01-01")),
        ("到2025年，脱贫攻坚成果巩固拓展。2021—2025年为过渡期。截止2021年6月30日前报送。", None, None),
        ("《2019年政府工作报告》（2019年3月5日）", None, None),  # a title is cited, and （2019年3月5日） closes at once
        ("截至2017年底，全国农村贫困人口还有3046万人。", date(2018, 2, 12), None),  # a dated article needs none
    ],
)
def test_an_undated_article_was_written_after_the_dates_it_narrates(article, written, past):
    assert document_context(article, written, None).past == past
