"""Time frames that are not points or spans of the calendar: recurrences, durations and relative years.

- recurrences (kind `recurrence`, `period` its interval): 每年, 每年度, 每半年, 每季度, 每月, 每5年, 每隔两年,
  5年一周期, 3年一轮; with a day of the year its first due date (`due`) is the next such day from the document's
  date: 每年6月底前, 每年农历秋分日 (the solar term, by the standard formula of the 21st century);
  `每人每年2000元` is a rate, not an obligation;
- durations (kind `duration`, `period` their length): 三年行动, 为期3个月, 1个月, 在2—3年内, 3年以上, 30日内,
  自…之日起 (N日内). A duration starts at its anchor: the event of its 自…之日起 when that is the document's own
  issue (自印发之日起), else the document's date; an event the text does not date (自国务院批准设立之日起) leaves it
  unresolved. A minimum length (3年以上) is a condition, not a place in time: no dates, nothing to review.
  (N年内, 用N年时间, 今后N年 stay with time_frames' general rules, as deadlines and periods.)
- relative years (当年, 次年, 下一年度, 此后): the year of the time frame said before them in the measure, else
  the document's year; 此后 starts after the time frame before it.
A frame to be placed in time that cannot be placed keeps null dates and `needs_review`: the ingest resolves it
again against the fullest witness's context. Only what the measure commits to: a sentence that narrates the past
(…以来, 截至…) is skipped.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from tracker.periods import add_period, iso_period

from ..numerals import to_int
from ..records import TimeFrame
from .text import sentence_bounds

_N = r"(?:\d{1,3}|[一二两三四五六七八九十百]{1,3})"
_RANGE = r"(?:—|–|－|-|~|～|至|到)"
_RECURRENCE = re.compile(
    rf"每(?:隔)?(?P<n>{_N})?(?:个)?(?P<unit>年度|半年|年|季度|个月|月|周)"
    r"(?:(?:农历)?[“\"]?(?P<term>春分|清明|夏至|秋分|冬至)[”\"]?日?"
    r"|(?P<month>\d{1,2})月(?:(?P<day>\d{1,2})日)?(?P<edge>底|末)?(?:前|以前|之前)?)?"
)
_CYCLE = re.compile(rf"(?<!\d)(?P<n>{_N})(?:个)?年(?:为)?一(?:个)?(?:周期|轮)|(?<!\d)(?P<n2>{_N})年一(?:次|评|检)")
_DURATION = re.compile(  # (from the number: 为期 / 用 / 在 before it are read back by _prefix)
    r"(?=[\d一二两三四五六七八九十百])"  # first characters: the regex engine skips the rest fast
    rf"(?<![\d.第每近前后])(?P<n>{_N})(?:{_RANGE}(?P<upper>{_N}))?"
    r"(?P<unit>个工作日|个月|个星期|年|天|日|周)(?:的时间|时间)?"
    r"(?P<suffix>以上|以内|之内|内|左右)?(?P<action>(?:攻坚|专项|提升|集中|整治)?行动)?"
)
# A duration holds one of these (or a range of years, below): a quick test spares most measures the scan (one
# regex of the words is quicker than a test for each).
_DURATION_HINT = re.compile(
    "个月|个工作日|个星期|天|周内|日内|日以内|日之内|之日起|年以上|年行动|年攻坚行动|年专项行动|年提升行动|年集中行动|年整治行动"
)
_YEAR_RANGE = re.compile(rf"{_RANGE}{_N}(?:个)?年")
_FROM_EVENT = re.compile(r"(?:自|从)(?P<event>[^，。；：、自从]{1,30}?)之日起")
_OWN_ISSUE = re.compile(r"^(?:本[\u4e00-\u9fff]{1,4})?(?:印发|发布|公布|施行|实施|下发|发文)$")
_RELATIVE = re.compile(r"(?P<word>当年度|当年|次年|下一年度|下一年|下年度|此后)")
# What 当年 follows when it names a time (于当年底前, ，此后…), not the same year in passing (算成当年收入).
_RELATIVE_OPENERS = frozenset("，。；：（在于至到从自")
_NARRATIVE = re.compile(r"以来|截至|截止|曾|过去|前几年")
_UNIT_PERIOD = {"年": "Y", "年度": "Y", "个月": "M", "月": "M", "季度": "M", "半年": "M", "周": "W", "个星期": "W",
                "天": "D", "日": "D", "个工作日": "D"}  # fmt: skip
_UNIT_MONTHS = {"季度": 3, "半年": 6}
# Solar terms after February: (month, C of the 21st century) for day = int(yy * 0.2422 + C) - yy // 4
_SOLAR_TERMS = {"春分": (3, 20.646), "清明": (4, 4.81), "夏至": (6, 21.37), "秋分": (9, 23.042), "冬至": (12, 21.94)}


def find_cycles(text: str, document_date: date | None, titles) -> list[tuple[int, int, TimeFrame]]:
    """(start, end, frame) of the recurrences and durations of the measure `text` (folded)."""
    found = []
    if "每" in text:
        for match in _RECURRENCE.finditer(text):
            if _committed(text, match, titles) and not _is_rate(text, match.start()):
                found.append((match.start(), match.end(), _recurrence(match, document_date)))
    if "年一" in text:
        for match in _CYCLE.finditer(text):
            if _committed(text, match, titles):
                period = iso_period(to_int(match["n"] or match["n2"]), "Y")
                found.append((match.start(), match.end(), TimeFrame(match.group(), None, None, "recurrence",
                                                                    period=period)))  # fmt: skip
    events = {match.end(): match for match in _FROM_EVENT.finditer(text)} if "之日起" in text else {}
    durations = _DURATION_HINT.search(text) or ("年" in text and _YEAR_RANGE.search(text))
    for match in _DURATION.finditer(text) if durations else ():
        prefix = _prefix(match)
        frame = _duration(match, prefix, document_date, events.get(match.start()))
        if frame and _committed(text, match, titles):
            event = events.pop(match.start(), None)
            found.append((event.start() if event else match.start() - len(prefix), match.end(), frame))
    for event in events.values():
        if _committed(text, event, titles):
            found.append((event.start(), event.end(), _from_event(event, document_date)))
    return found


def _is_rate(text: str, start: int) -> bool:
    """每人每年2000元, 平均每年, 年均: an amount per year, not an obligation each year."""
    before = text[max(0, start - 2) : start]
    return before[:1] == "每" or before in ("平均", "年均") or before[-1:] == "年"


def _committed(text: str, match: re.Match, titles) -> bool:
    """Not inside a 《title》, and in a sentence that does not narrate the past."""
    if match.start() in titles:
        return False
    start, _end = sentence_bounds(text, match.start())
    return _NARRATIVE.search(text, start, match.start()) is None


def _recurrence(match: re.Match, document_date: date | None) -> TimeFrame:
    unit = match["unit"]
    number = to_int(match["n"]) if match["n"] else 1
    months = _UNIT_MONTHS.get(unit)
    period = iso_period(months * number, "M") if months else iso_period(number, _UNIT_PERIOD[unit])
    due = _next_day_of_year(match, document_date) if document_date and unit in ("年", "年度") else None
    anchor = f"document date {document_date.isoformat()}" if due else None
    return TimeFrame(match.group(), None, None, "recurrence", anchor, period=period, due=due)


def _next_day_of_year(match: re.Match, document_date: date) -> date | None:
    """The first 每年6月底前 / 每年农历秋分日 on or after the document's date."""
    if not (match["term"] or match["month"]):
        return None
    for year in (document_date.year, document_date.year + 1):
        try:
            day = solar_term(match["term"], year) if match["term"] else _month_day(match, year)
        except ValueError:
            return None  # 13月, 2月30日: not a date
        if day is not None and day >= document_date:
            return day
    return None


def _month_day(match: re.Match, year: int) -> date:
    month = int(match["month"])
    if match["day"]:
        return date(year, month, int(match["day"]))
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)  # 6月 / 6月底: its last day


def solar_term(name: str, year: int) -> date | None:
    """The day of a solar term in a year of the 21st century (春分, 清明, 夏至, 秋分, 冬至); None outside it."""
    if not 2001 <= year <= 2099:
        return None
    month, constant = _SOLAR_TERMS[name]
    yy = year % 100
    return date(year, month, int(yy * 0.2422 + constant) - yy // 4)


def _duration(match: re.Match, prefix: str, document_date: date | None, event: re.Match | None) -> TimeFrame | None:
    unit, suffix, upper = match["unit"], match["suffix"], match["upper"]
    if unit == "年" and not (upper or suffix == "以上" or match["action"]):
        return None  # 5年, 3年内, 用3年时间: the general rules' (or a length inside a definition: 5年过渡期)
    if unit in ("日", "周") and not (suffix or prefix or event):
        return None  # 3月5日 is a date; 5日 alone is one too
    try:
        length = to_int(upper or match["n"])
    except ValueError:
        return None
    period = iso_period(length, _UNIT_PERIOD[unit])
    expression = (event.group() if event else "") + prefix + match.group()
    if suffix == "以上":
        return TimeFrame(expression, None, None, "duration", period=period)  # a minimum length: a condition
    anchor_day, anchor = _anchor(event, document_date)
    if anchor_day is None or unit == "个工作日":  # (working days do not count in calendar days)
        return TimeFrame(expression, None, None, "duration", anchor, period=period, needs_review=True)
    end = add_period(anchor_day, length, _UNIT_PERIOD[unit]) - timedelta(days=1)
    return TimeFrame(expression, anchor_day, end, "duration", anchor, period=period)


def _prefix(match: re.Match) -> str:
    """为期 / 用 / 在 right before a duration's number (为期3个月, 用2—3年时间, 在2—3年内)."""
    text, start = match.string, match.start()
    if text.endswith("为期", 0, start):
        return "为期"
    return text[start - 1] if start and text[start - 1] in "用在" else ""


def _anchor(event: re.Match | None, document_date: date | None) -> tuple[date | None, str | None]:
    if event is not None and not _OWN_ISSUE.match(event["event"]):
        return None, event["event"]  # an event the text does not date
    if document_date is None:
        return None, None
    return document_date, f"document date {document_date.isoformat()}"


def _from_event(event: re.Match, document_date: date | None) -> TimeFrame:
    day, anchor = _anchor(event, document_date)
    return TimeFrame(event.group(), day, None, "start", anchor, needs_review=day is None)


def find_relative_years(text: str, titles) -> list[tuple[int, re.Match]]:
    """当年, 次年, 下一年度, 此后: resolved by `resolve_relative` once the frames before them are known."""
    if "年" not in text and "此后" not in text:
        return []
    return [
        (m.start(), m)
        for m in _RELATIVE.finditer(text)
        if (not m["word"].startswith("当") or m.start() == 0 or text[m.start() - 1] in _RELATIVE_OPENERS)
        and _committed(text, m, titles)
    ]


def resolve_relative(match: re.Match, before: TimeFrame | None, document_date: date | None) -> TimeFrame:
    word = match["word"]
    if word == "此后":
        if before is not None and before.end is not None:
            return TimeFrame(word, before.end + timedelta(days=1), None, "start", f"after {before.expression}")
        return TimeFrame(word, None, None, "start", needs_review=True)
    reference = before.end or before.start if before is not None else None
    if reference is not None:
        year, anchor = reference.year, f"year of {before.expression}"
    elif document_date is not None:
        year, anchor = document_date.year, f"document date {document_date.isoformat()}"
    else:
        return TimeFrame(word, None, None, "period", needs_review=True)
    year += 0 if word.startswith("当") else 1
    return TimeFrame(word, date(year, 1, 1), date(year, 12, 31), "period", anchor)
