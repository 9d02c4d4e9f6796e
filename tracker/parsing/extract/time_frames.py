"""Time frames of a measure, resolved to dates.

What resolves against what (the TimeFrame's `anchor` says which was used):
- calendar expressions resolve by themselves: 到2025年 / 2025年底前 (deadline, end = last day named),
  2021—2025年 (period), 2021年起 (start), a bare 2021年 / 2021年6月 (period: the span it names);
- five-year plans by arithmetic: the 1st plan is 1953–1957 and the 2nd 1958–1962; after the 1963–1965
  readjustment the 3rd starts in 1966, so the nth (n ≥ 3) starts in 1966 + 5(n−3) (“十五” = 2001–2005,
  “十四五” = 2021–2025); “十四五”末 is a deadline at the plan's end;
- relative expressions against the document's date (written, else published): 今年 明年 去年 年内,
  3年后 (start), 今后5年 / 未来5年 (period from the document date), 3年内 / 用3年时间 (deadline),
  a month or day without its year before 前 (6月底前, 9月30日前: the next such day from the document date),
  上半年 / 下半年 without a year (the document's year);
  without a document date they keep start = end = None (never a guess);
- periods the document itself defines (see `defined_periods`): 设立5年过渡期 after an event whose year the
  document states → 过渡期内, 过渡期前3年, 过渡期最后2年, 过渡期第2年, 过渡期结束后 (start), 过渡期末 (deadline).
Durations that name no point in time (提前10年, 5年过渡期 inside its own definition) are not time frames,
and not quantities either.

Only forward-looking time frames are kept. A time frame is a commitment, a deadline or a period the measure
is to be done by or in; a date that only narrates the past is not one, and is dropped (see `_narrates_past`):
- with a document date, a time frame that ended before it is history (1945年 in a 2021 speech). A deadline
  that still ends on or after the document date stays (到2020年 in a document of 2020-12-16 ends 2020-12-31);
- …以来 (2012年以来, “十三五”以来) starts in the past whatever the date: always dropped; so is a year's figure
  (由2012年底的9899万人减少到2017年底的3046万人: the year of a statistic, not a deadline);
- without a document date, by the wording of the genre:
  截至/截止 + a date, not followed by 前/以前/之前: a statistic's as-of date (截至2017年底，全国农村贫困人口…);
  a bare date opening a parenthesis or a dash: a quote's attribution or a dateline
  (（2020年2月20日给比尔·盖茨的回信）, ——2020年3月12日…);
  a bare full date (年月日) whose sentence narrates an event (2020年2月20日，习近平在…时指出 / 会见 / 致电 /
  同…通电话 / 出席) unless scheduled (定于/将于/拟于/计划于 …) or worded as to come (将/拟/要求/应当 …);
  a bare year or month that is a clause of its own, followed by a clause in the perfective
  (1945年，党的六届七中全会通过了…);
- an undated article was written on or after every date it marks as past in those ways (`narrated_until`:
  an as-of date's end, an attributed or narrated date's day, a 以来 start): the latest of them stands in for
  the document date, so frames ending before it are history too. In a speech that says 截至2017年底,
  2012年底 / 1994年至2000年 / 2016年 go while 2018年 / 今后3年 stay.
Bare deadlines of an undated document (到2020年) stay. A sequence of phases (2021—2022年试点，2023—2025年
推广) is not retrospective: a range goes only when it ends before the document date or a date the article
marks as past. Frames that cannot be placed (今年 without a date: end None) are never dropped.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, lru_cache

from ..characters import IDEOGRAPH
from ..numerals import to_int
from ..records import TimeFrame
from .cycles import find_cycles, find_relative_years, resolve_relative
from .text import NO_SPANS, Spans, sentence_bounds, title_spans

_CN_NUMBER = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"
_PERIOD_NAMES = r"(?:过渡期|缓冲期|观察期|巩固期|试点期|窗口期|保护期|考察期|帮扶期|展期|脱贫攻坚期)"


@dataclass(frozen=True)
class NamedPeriod:
    """A period the document defines in its own words, e.g. 过渡期 = 2021-01-01..2025-12-31."""

    name: str
    start: date | None
    end: date | None
    anchor: str  # how it was resolved: the definition and what its start was taken from


@dataclass(frozen=True)
class Event:
    """An event whose completion year the document states, e.g. 脱贫攻坚 completed in 2020."""

    key: str
    year: int
    evidence: str


# --- the document's own definitions --------------------------------------------------------------------
_COMPLETION_THEN = "(?:完成|结束|实现|到期)(?:后|以后|之后)"
_COMPLETED = re.compile(_COMPLETION_THEN)  # in every sentence that defines a period after an event
# (the definition may come a clause or two after the event: 脱贫攻坚目标任务完成后，对摆脱贫困的县，从脱贫之日起
# 设立5年过渡期)
_AFTER_EVENT_DEFINITION = re.compile(
    rf"(?P<event>[{IDEOGRAPH}]{{2,16}}?)(?:全面|如期)?{_COMPLETION_THEN}(?:[，][^。；，]{{1,20}}){{0,2}}[，]?"
    rf"(?:设立|设置|实行|给予|安排|明确)?(?P<n>{_CN_NUMBER})(?:个)?年(?:的)?(?P<name>{_PERIOD_NAMES})"
)
_FROM_YEAR_DEFINITION = re.compile(
    rf"(?:从|自)(?P<year>\d{{4}})年(?:起|开始)?[，]?(?:设立|设置|实行|给予|安排)?(?P<n>{_CN_NUMBER})(?:个)?年(?:的)?"
    rf"(?P<name>{_PERIOD_NAMES})"
)
_PLAIN_DEFINITION = re.compile(
    rf"(?:设立|设置|实行|给予|安排)(?P<n>{_CN_NUMBER})(?:个)?年(?:的)?(?P<name>{_PERIOD_NAMES})"
    rf"|(?P<name2>{_PERIOD_NAMES})(?:为|是)(?P<n2>{_CN_NUMBER})(?:个)?年"
)
_RANGE_DEFINITION = re.compile(
    rf"(?P<name>{_PERIOD_NAMES})(?:为|是|从|自)(?P<y1>\d{{4}})年?(?:1月1日)?(?:至|到|—|-|~|～)+(?P<y2>\d{{4}})年"
    rf"|(?P<y3>\d{{4}})年?(?:至|到|—|-|~|～)+(?P<y4>\d{{4}})年(?:为|是)(?P<name2>{_PERIOD_NAMES})"
)
# Events every reader of the genre knows the date of, when a document names them without one.
_KNOWN_EVENTS = {"脱贫攻坚": (2020, "known event: poverty alleviation completed at the end of 2020")}
KNOWN_PERIODS = (
    NamedPeriod("脱贫攻坚期", None, date(2020, 12, 31), "known period: poverty alleviation, to the end of 2020"),
)
_EVENT_SUFFIX = re.compile(r"(?:目标任务|任务|目标|工作|战役|战)$")
_EVENT_PREFIX = re.compile(r"^(?:在|待|随着|当|到)")
_COMPLETION = re.compile(r"完成|实现|胜利|全部|如期|摘帽|解决|打赢|全面建成|收官")
# Four digits (none before them) and 年, found from the 年: a literal first lets the regex engine skip ahead
# fast, and the year (group 1) is read back from it
_YEAR = re.compile(r"年(?<=(?<!\d)(\d{4})年)")
_PERIOD_NAME_LIST = sorted(_PERIOD_NAMES[3:-1].split("|"), key=len, reverse=True)  # (longest first)
# Every name ends in 期: found from it likewise (a lookbehind per length of name: each must be of fixed width)
_AFTER_PERIOD_NAME = "(?:{})".format(
    "|".join(
        "(?<={})".format("|".join(n for n in _PERIOD_NAME_LIST if len(n) == size))
        for size in sorted({len(n) for n in _PERIOD_NAME_LIST})
    )
)
_PERIOD_NAME = re.compile(f"期{_AFTER_PERIOD_NAME}")


def defined_periods(article: str, document_date: date | None) -> tuple[tuple[NamedPeriod, ...], tuple[Event, ...]]:
    """Named periods and dated events the article defines; `article` is folded text."""
    sentences = _sentences_naming_a_period(article)
    definitions = "。".join(sentences)
    # (a pattern that opens with a repeat is slow: it reads only the sentences that can hold its match)
    after_event_definitions = "。".join(sentence for sentence in sentences if _COMPLETED.search(sentence))
    periods: dict[str, NamedPeriod] = {}
    events: dict[str, Event] = {}
    for match in _RANGE_DEFINITION.finditer(definitions):
        name = match["name"] or match["name2"]
        first, last = int(match["y1"] or match["y3"]), int(match["y2"] or match["y4"])
        periods.setdefault(name, NamedPeriod(name, date(first, 1, 1), date(last, 12, 31), f"{name}: {match.group()}"))
    for match in _FROM_YEAR_DEFINITION.finditer(definitions):
        first, years = int(match["year"]), to_int(match["n"])
        anchor = f"{match['name']}: {match.group()}"
        periods.setdefault(
            match["name"], NamedPeriod(match["name"], date(first, 1, 1), date(first + years - 1, 12, 31), anchor)
        )
    for match in _AFTER_EVENT_DEFINITION.finditer(after_event_definitions):
        event = _event_year(article, match["event"], document_date)
        if event:
            events.setdefault(event.key, event)
        periods.setdefault(
            match["name"], _period_after(match["name"], to_int(match["n"]), match.group(), event, document_date)
        )
    for match in _PLAIN_DEFINITION.finditer(definitions):
        name, years = match["name"] or match["name2"], to_int(match["n"] or match["n2"])
        periods.setdefault(name, _period_after(name, years, match.group(), None, document_date))
    for period in KNOWN_PERIODS:
        if period.name in article:
            periods.setdefault(period.name, period)
    for key, (year, evidence) in _KNOWN_EVENTS.items():
        if key in article:
            events.setdefault(key, Event(key, year, evidence))
    return tuple(periods.values()), tuple(events.values())


def _sentences_naming_a_period(article: str) -> list[str]:
    """Only sentences that name a period can define one: reading just those keeps long articles fast."""
    sentences = dict.fromkeys(sentence_bounds(article, match.start()) for match in _PERIOD_NAME.finditer(article))
    return [article[start:end] for start, end in sentences]


def _period_after(
    name: str, years: int, definition: str, event: Event | None, document_date: date | None
) -> NamedPeriod:
    """A period of `years` years starting on 1 January after the event's year (else the document's year)."""
    if event:
        first = event.year + 1
        source = f"after {event.key} ({event.year}: {event.evidence})"
    elif document_date:
        first = document_date.year + 1
        source = f"from the year after the document date {document_date.isoformat()}"
    else:
        return NamedPeriod(name, None, None, f"{name}: {definition}; no year to anchor it")
    return NamedPeriod(name, date(first, 1, 1), date(first + years - 1, 12, 31), f"{name}: {definition}, {source}")


def _event_year(article: str, phrase: str, document_date: date | None) -> Event | None:
    """The year the article says the event (脱贫攻坚目标任务) is completed: a sentence with a year, the
    event's key words and a completion word (到2020年…全部实现脱贫); else the document's year."""
    key = _EVENT_SUFFIX.sub("", _EVENT_PREFIX.sub("", phrase)) or phrase
    for occurrence in re.finditer(re.escape(key[:2]), article):
        sentence = article[slice(*sentence_bounds(article, occurrence.start()))]
        if not _COMPLETION.search(sentence):
            continue
        titles = title_spans(sentence)
        years = [m for m in _YEAR.finditer(sentence) if m.start(1) not in titles]
        if years:
            return Event(key, int(years[0].group(1)), sentence.strip()[:80])
    if key in _KNOWN_EVENTS:
        return Event(key, *_KNOWN_EVENTS[key])
    if document_date:
        return Event(key, document_date.year, f"the document date {document_date.isoformat()}")
    return None


# --- the time frames of a measure ----------------------------------------------------------------------
_RANGE_DASH = r"(?:—|–|－|-|~|～|至|到)+"
_POINT_PREFIXES = ("力争到", "争取到", "确保到", "力争在", "争取在", "确保在", "截至", "截止到", "截止", "到", "至")
_GENERAL = re.compile(
    r"(?=[\d“\"‘一二三四五六七八九十两今明去本力争确截到至近未再用年上下])"  # first characters: skip the rest fast
    rf"(?:(?P<range>(?<!\d)(?P<r1>\d{{4}})(?:年(?:(?P<r1m>\d{{1,2}})月)?)?\s*{_RANGE_DASH}\s*"
    rf"(?P<r2>\d{{4}})年(?:(?P<r2m>\d{{1,2}})月)?(?:底|末)?)"
    rf"|(?P<plan>(?<![十一二三四五六七八九])[“\"‘]?(?P<plan_n>十[一二三四五六七八九]?|[一二三四六七八九])五[”\"’]?"
    rf"(?P<plan_suffix>时期|期间|规划|末|初|以来|开局)?)"
    rf"|(?P<duration>(?<!\d)(?P<dur_prefix>今后|未来|近|再用|力争用|争取用|用)?(?P<dur_n>{_CN_NUMBER})(?:个)?年"
    rf"(?:左右)?(?:的)?(?:时间)?(?P<dur_suffix>后|以后|之后|内|以内|之内)?)"
    rf"|(?P<prefix>{'|'.join(_POINT_PREFIXES)})?"
    rf"(?P<point>(?<!\d)(?P<year>\d{{4}}|今|明|去|本)年(?:度)?"
    rf"(?:(?P<month>\d{{1,2}})月(?:(?P<day>\d{{1,2}})日)?|(?P<half>上半年|下半年)|第?(?P<quarter>[一二三四1-4])季度)?)"
    rf"(?P<suffix>(?:年?底|年?末|前|以前|之前|起|开始|以来|内|以内)*)"
    rf"|(?P<this_year>年内|年底前|年末前)"
    rf"|(?P<month_deadline>(?<![\d年])(?P<md_month>\d{{1,2}})月(?:(?P<md_day>\d{{1,2}})日)?(?:底|末|中旬|上旬|下旬)?"
    rf"(?:前|以前|之前))"
    rf"|(?P<bare_half>(?<![\d年])[上下]半年))"
)
_RELATIVE_YEARS = {"今": 0, "本": 0, "明": 1, "去": -1}


def find_time_frames(
    text: str,
    document_date: date | None,
    periods: tuple[NamedPeriod, ...],
    events: tuple[Event, ...],
    past: date | None = None,
) -> tuple[TimeFrame, ...]:
    """Time frames of the measure `text` (folded); `past` (`narrated_until`) stands in for a missing date."""
    titles = title_spans(text)
    found: list[tuple[int, TimeFrame]] = []
    taken: list[tuple[int, int]] = []
    for pattern, resolve in _document_patterns(periods, events):
        for match in pattern.finditer(text):
            if match.start() not in titles:
                found.append((match.start(), resolve(match)))
                taken.append(match.span())
    if "期" in text:
        _add_untaken(found, taken, _undefined_periods(text, periods, titles))
    _add_untaken(found, taken, find_cycles(text, document_date, titles))
    taken_spans = Spans(taken) if taken else NO_SPANS
    for start, end in _clauses_naming_a_date(text):
        for match in _GENERAL.finditer(text, start, end):
            if match.start() in titles or match.start() in taken_spans:
                continue
            frame = _resolve_general(match, document_date)
            if frame and not _narrates_past(text, match, document_date):
                found.append((match.start(), frame))
    relative = [(p, m) for p, m in find_relative_years(text, titles) if p not in taken_spans]
    if relative:
        found = _with_relative_years(found, relative, document_date)
    now = document_date or past
    if now:
        found = [(position, frame) for position, frame in found if frame.end is None or frame.end >= now]
    return _distinct(found) if found else ()  # (most measures: none)


def _add_untaken(found: list, taken: list, spans_and_frames: list[tuple[int, int, TimeFrame]]) -> None:
    """Add frames (start, end, frame) that do not start inside a span already taken, and take their spans."""
    taken_spans = Spans(taken) if taken else NO_SPANS
    for start, end, frame in spans_and_frames:
        if start not in taken_spans:
            found.append((start, frame))
            taken.append((start, end))


def _undefined_periods(text: str, periods: tuple[NamedPeriod, ...], titles) -> list[tuple[int, int, TimeFrame]]:
    """A named period the document does not define (过渡期内 in an excerpt): kept unresolved, for review."""
    defined = {period.name for period in periods}
    named = {
        name: NamedPeriod(name, None, None, f"{name}: not defined in the document")
        for match in _PERIOD_NAME.finditer(text)
        for name in [next(n for n in _PERIOD_NAME_LIST if text.endswith(n, 0, match.end()))]
        if name not in defined
    }
    if not named:
        return []
    return [
        (match.start(), match.end(), _resolve_period_reference(match, named))
        for match in _period_reference_pattern(tuple(named)).finditer(text)
        if match.start() not in titles
    ]


def _with_relative_years(found: list, relative: list, document_date: date | None) -> list[tuple[int, TimeFrame]]:
    """当年 / 次年 / 此后 resolved against the frame said before them in the measure (else the document's date)."""
    merged = sorted([*found, *relative], key=lambda item: item[0])
    resolved: list[tuple[int, TimeFrame]] = []
    for position, item in merged:
        if isinstance(item, TimeFrame):
            resolved.append((position, item))
        else:
            before = resolved[-1][1] if resolved else None
            resolved.append((position, resolve_relative(item, before, document_date)))
    return resolved


def _clauses_naming_a_date(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses (up to ， or 。) that hold 年, 月 or 五. Every general expression names a year (年), a
    month (月) or a plan (五) and spans neither ， nor 。: only those clauses are scanned (the pattern opens with a
    lookahead, so the regex engine tries it at every position it is given)."""
    spans: list[tuple[int, int]] = []
    if "年" not in text and "月" not in text and "五" not in text:
        return spans  # (most measures)
    end = 0
    for word in _DATE_WORD.finditer(text):  # (fewer than the clauses: each clause found from one of them)
        position = word.start()
        if position < end:
            continue  # in the clause just found
        start = max(text.rfind("，", 0, position), text.rfind("。", 0, position)) + 1
        end = min(_find_or_end(text, "，", position), _find_or_end(text, "。", position))
        spans.append((start, end))
    return spans


_DATE_WORD = re.compile("[年月五]")


def _find_or_end(text: str, mark: str, position: int) -> int:
    found = text.find(mark, position)
    return len(text) if found == -1 else found


def _distinct(found: list[tuple[int, TimeFrame]]) -> tuple[TimeFrame, ...]:
    """In order of position; the same expression resolved the same way, said twice, is one time frame. A frame
    to be placed in time with neither date is for review (recurrences and durations say so themselves)."""
    ordered = (frame for _position, frame in sorted(found, key=lambda item: item[0]))
    return tuple(dict.fromkeys(_for_review(frame) for frame in ordered))


def _for_review(frame: TimeFrame) -> TimeFrame:
    unplaced = frame.start is None and frame.end is None and frame.kind not in ("recurrence", "duration")
    return replace(frame, needs_review=True) if unplaced and not frame.needs_review else frame


def _resolve_general(match: re.Match, document_date: date | None) -> TimeFrame | None:
    if match["range"]:
        return _range(match)
    if match["plan"]:
        return _plan(match)
    if match["duration"]:
        return _duration(match, document_date)
    if match["point"]:
        return _point(match, document_date)
    if match["month_deadline"]:
        return _month_deadline(match, document_date)
    if match["bare_half"]:
        return _bare_half(match, document_date)
    return _this_year(match, document_date)


def _range(match: re.Match) -> TimeFrame | None:
    first, last = int(match["r1"]), int(match["r2"])
    if last < first:
        return None
    start = date(first, int(match["r1m"] or 1), 1)
    end = _month_end(last, int(match["r2m"])) if match["r2m"] else date(last, 12, 31)
    return TimeFrame(match.group(), start, end, "period")


def _plan(match: re.Match) -> TimeFrame | None:
    opened, closed = match["plan"][0] in '“"‘', match["plan"].rstrip("时期间规划末初以来开局")[-1] in '”"’'
    if opened != closed or not (opened or match["plan_suffix"]):
        return None  # 十五 / 三五 without quotes or 时期/规划 is a number, not a plan
    number = to_int(match["plan_n"])
    first = 1953 + 5 * (number - 1) if number <= 2 else 1966 + 5 * (number - 3)
    start, end = date(first, 1, 1), date(first + 4, 12, 31)
    anchor = f"plan {number}: {first}–{first + 4}"
    if match["plan_suffix"] == "末":
        return TimeFrame(match.group(), None, end, "deadline", anchor)
    if match["plan_suffix"] == "以来":
        return TimeFrame(match.group(), start, None, "start", anchor)
    return TimeFrame(match.group(), start, end, "period", anchor)


def _duration(match: re.Match, document_date: date | None) -> TimeFrame | None:
    prefix, suffix = match["dur_prefix"], match["dur_suffix"]
    if not prefix and not suffix:
        return None  # 提前10年, 5年过渡期: a length, not a point in time
    years = to_int(match["dur_n"])
    expression = match.group()
    if document_date is None:
        kind = (
            "start" if suffix in ("后", "以后", "之后") else "deadline" if suffix or prefix.endswith("用") else "period"
        )
        return TimeFrame(expression, None, None, kind)
    anchor = f"document date {document_date.isoformat()}"
    later = _add_years(document_date, years)
    if suffix in ("后", "以后", "之后"):
        return TimeFrame(expression, later, None, "start", anchor)
    if prefix == "近":
        return TimeFrame(expression, _add_years(document_date, -years), document_date, "period", anchor)
    if suffix or prefix.endswith("用"):
        return TimeFrame(expression, None, later - timedelta(days=1), "deadline", anchor)
    return TimeFrame(expression, document_date, later - timedelta(days=1), "period", anchor)


def _point(match: re.Match, document_date: date | None) -> TimeFrame | None:
    year_text = match["year"]
    relative = year_text in _RELATIVE_YEARS
    if relative and document_date is None:
        return TimeFrame(match.group(), None, None, _point_kind(match))
    year = document_date.year + _RELATIVE_YEARS[year_text] if relative else int(year_text)
    anchor = f"document date {document_date.isoformat()}" if relative else None
    try:
        start, end = _span_named(year, match)
    except ValueError:
        return None  # 2021年13月: not a date
    kind = _point_kind(match)
    if kind == "deadline":
        return TimeFrame(match.group(), None, end, kind, anchor)
    if kind == "start":
        return TimeFrame(match.group(), start, None, kind, anchor)
    return TimeFrame(match.group(), start, end, kind, anchor)


def _point_kind(match: re.Match) -> str:
    suffix = match["suffix"]
    if match["prefix"] or suffix.endswith(("前", "底", "末", "内")):
        return "deadline"
    if suffix.endswith(("起", "开始", "以来")):
        return "start"
    return "period"


def _span_named(year: int, match: re.Match) -> tuple[date, date]:
    """First and last day of 2025年 / 2025年6月 / 2025年6月30日 / 2025年上半年 / 2025年第三季度."""
    if match["day"]:
        day = date(year, int(match["month"]), int(match["day"]))
        return day, day
    if match["month"]:
        month = int(match["month"])
        return date(year, month, 1), _month_end(year, month)
    if match["half"]:
        return (
            (date(year, 1, 1), date(year, 6, 30))
            if match["half"] == "上半年"
            else (date(year, 7, 1), date(year, 12, 31))
        )
    if match["quarter"]:
        quarter = to_int(match["quarter"])
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    return date(year, 1, 1), date(year, 12, 31)


def _month_deadline(match: re.Match, document_date: date | None) -> TimeFrame | None:
    """6月底前 / 9月30日前: a month or day named without its year is the next one from the document's date."""
    if document_date is None:
        return TimeFrame(match.group(), None, None, "deadline")
    month, day = int(match["md_month"]), match["md_day"]
    for year in (document_date.year, document_date.year + 1):
        try:
            end = date(year, month, int(day)) if day else _month_end(year, month)
        except ValueError:
            return None  # 13月, 2月30日: not a date
        if end >= document_date:
            return TimeFrame(match.group(), None, end, "deadline", f"document date {document_date.isoformat()}")
    return None


def _bare_half(match: re.Match, document_date: date | None) -> TimeFrame:
    """上半年 / 下半年 with no year: the document's year (a half already past is dropped as history)."""
    if document_date is None:
        return TimeFrame(match.group(), None, None, "period")
    year = document_date.year
    start, end = (date(year, 1, 1), date(year, 6, 30)) if match.group()[0] == "上" else (date(year, 7, 1),
                                                                                       date(year, 12, 31))
    return TimeFrame(match.group(), start, end, "period", f"document date {document_date.isoformat()}")


def _this_year(match: re.Match, document_date: date | None) -> TimeFrame:
    if document_date is None:
        return TimeFrame(match.group(), None, None, "deadline")
    return TimeFrame(
        match.group(), None, date(document_date.year, 12, 31), "deadline", f"document date {document_date.isoformat()}"
    )


# --- dates that only narrate the past ------------------------------------------------------------------
_AS_OF = ("截至", "截止", "截止到")
_DEADLINE_SUFFIXES = ("前", "以前", "之前")
_SCHEDULED = ("定于", "将于", "拟于", "计划于", "预计于", "要于", "应于", "须于")
_CLAUSE_OPENERS = frozenset("，。；：！？”’）\n")
_NARRATION = re.compile(
    r"会见|会谈|致电|致信|复信|回信|贺电|通电话|出席|主持|视察|考察|调研|指出|强调|表示|宣布|召开|举行|发表|访问|抵达|签署"
)
_PERFECTIVE = re.compile(r"(?<![为除])了(?![解如])")
_TO_COME = re.compile(r"将|拟|计划|预计|要求|应当|必须|务必|力争|争取|确保|(?<![重主需只想])要")
_SENTENCE_STOP = re.compile(r"[。；！？\n]")


# A year's figure (由2021年的13657亿斤增至2025年的14297.5亿斤): a statistic of that year, not a time frame
_A_YEARS_FIGURE = re.compile(r"的(?:\d|[一二三四五六七八九十两][万亿千百十]|近|约|超过)")


def _narrates_past(text: str, match: re.Match, document_date: date | None) -> bool:
    """Is the general expression `match` a date that only narrates the past, by its wording (module doc)?"""
    if match["plan"]:
        return match["plan_suffix"] == "以来"
    if not match["point"]:
        return False
    suffix = match["suffix"]
    if suffix.endswith("以来") or _A_YEARS_FIGURE.match(text, match.end()):
        return True
    if document_date or not match["year"].isdigit():
        return False  # with a date, the date decides (find_time_frames); 今年 without one is never placed
    if match["prefix"]:
        return match["prefix"] in _AS_OF and not suffix.endswith(_DEADLINE_SUFFIXES)
    return not suffix and _attributed_or_narrated(text, match.start(), match.end(), bool(match["day"]))


def _attributed_or_narrated(text: str, start: int, end: int, full_date: bool) -> bool:
    """A bare date that opens an attribution or dateline, or whose sentence narrates an event."""
    before, after = text[start - 1 : start], text[end : end + 1]
    if (before == "（" or text.endswith("——", 0, start)) and after != "）":
        return True  # （2020年2月20日给比尔·盖茨的回信）, ——2020年3月12日…
    if text.endswith(_SCHEDULED, max(0, start - 3), start):
        return False  # 定于2021年3月1日召开
    stop = _SENTENCE_STOP.search(text, end, end + 80)
    rest = text[end : stop.start() if stop else end + 80]
    if full_date:
        verb = _NARRATION.search(rest)
        return bool(verb) and not _TO_COME.search(rest, 0, verb.start())
    if after != "，" or (start and before not in _CLAUSE_OPENERS):
        return False  # a year or month narrates only as a clause of its own: 1945年，…通过了…
    clause = rest[1:].split("，", 1)[0]
    return bool(_PERFECTIVE.search(clause)) and not _TO_COME.search(clause)


def narrated_until(article: str) -> date | None:
    """The latest date an undated article marks as past (module doc): it was written on or after it.

    `article` is folded text; only occurrences of a four-digit year are looked at."""
    if "年" not in article:
        return None
    titles = title_spans(article)
    latest: date | None = None
    read_to = 0  # the end of the last expression read: the second year of 2021—2025年 is no point of its own
    for year in _YEAR.finditer(article):
        position = year.start(1)
        if position < read_to or position in titles:
            continue
        match = _general_at(article, position)
        if match is None:
            continue
        read_to = match.end()
        if not match["point"] or not _narrates_past(article, match, None):
            continue
        frame = _point(match, None)
        if frame is None:
            continue
        as_of = match["prefix"] in _AS_OF
        day = frame.end if as_of else frame.start
        if day and (latest is None or day > latest):
            latest = day
    return latest


def _general_at(text: str, position: int) -> re.Match | None:
    """The general expression whose year starts at `position`, with the prefix before it (截至2017年底)."""
    for start in range(max(0, position - 3), position + 1):
        if start < position and text[start:position] not in _POINT_PREFIXES:
            continue  # no expression opening here has its year at `position`
        match = _GENERAL.match(text, start)
        if match and (match.start("point") == position or (start == position and not match["point"])):
            return match
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- references to the document's own periods and events -----------------------------------------------
@lru_cache(maxsize=16)  # the same for every measure of an article
def _document_patterns(periods: tuple[NamedPeriod, ...], events: tuple[Event, ...]) -> tuple:
    patterns = []
    if periods:
        by_name = {period.name: period for period in periods}
        patterns.append((_period_reference_pattern(tuple(by_name)), lambda m: _resolve_period_reference(m, by_name)))
    if events:
        by_key = {event.key: event for event in events}
        patterns.append((_event_reference_pattern(tuple(by_key)), lambda m: _resolve_event_reference(m, by_key)))
    return tuple(patterns)


@cache
def _period_reference_pattern(names: tuple[str, ...]) -> re.Pattern:
    return re.compile(
        rf"(?P<name>{'|'.join(map(re.escape, names))})"
        rf"(?:(?:前|头|最初)(?P<first>{_CN_NUMBER})(?:个)?年"
        rf"|(?:最后|后)(?P<last>{_CN_NUMBER})(?:个)?年"
        rf"|第(?P<nth>{_CN_NUMBER})年"
        rf"|(?P<after>结束后|结束以后|期满后|届满后|到期后|后)"
        rf"|(?P<before_end>结束前|期满前|届满前|到期前|末)"
        rf"|内|期间|中)?"
    )


def _resolve_period_reference(match: re.Match, periods: dict[str, NamedPeriod]) -> TimeFrame:
    period = periods[match["name"]]
    expression, anchor = match.group(), period.anchor
    start, end = period.start, period.end
    if start is None or end is None:  # a period without a year to anchor it, or a known one open at its start
        return TimeFrame(expression, start, end, "period", anchor, needs_review=start is None and end is None)
    if match["first"]:
        return TimeFrame(expression, start, date(start.year + to_int(match["first"]) - 1, 12, 31), "period", anchor)
    if match["last"]:
        return TimeFrame(expression, date(end.year - to_int(match["last"]) + 1, 1, 1), end, "period", anchor)
    if match["nth"]:
        year = start.year + to_int(match["nth"]) - 1
        return TimeFrame(expression, date(year, 1, 1), date(year, 12, 31), "period", anchor)
    if match["after"]:
        return TimeFrame(expression, end + timedelta(days=1), None, "start", anchor)
    if match["before_end"]:
        return TimeFrame(expression, None, end, "deadline", anchor)
    return TimeFrame(expression, start, end, "period", anchor)


@cache
def _event_reference_pattern(keys: tuple[str, ...]) -> re.Pattern:
    return re.compile(
        rf"(?P<key>{'|'.join(map(re.escape, keys))})[{IDEOGRAPH}]{{0,6}}?"
        r"(?:全面|如期)?(?:完成|结束|实现)(?:后|以后|之后)"
    )


def _resolve_event_reference(match: re.Match, events: dict[str, Event]) -> TimeFrame:
    event = events[match["key"]]
    return TimeFrame(match.group(), date(event.year + 1, 1, 1), None, "start", f"{event.key} completed in {event.year}")
