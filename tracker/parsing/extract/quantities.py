"""Quantities and targets of a measure: 18亿亩, 3046万人, 87%, 701条, 1.8万元, 5—10个百分点, 百分之三十, 五分之一,
11亿千瓦, 18周岁, 六批, 一所, 两次.

Rules:
- the value is scaled by 万/亿 and kept as a Decimal in the unit as written (1.8万元 -> 18000 元);
- a range (5至10万元, 5%—10%) gives value = the low end and `upper` = the high end; a magnitude written only
  on the high end applies to both (5至10万元 = 50000..100000 元);
- comparators: 不少于/不低于/至少 N and N以上 -> ge; 不超过/不高于/最多 N and N以下/以内 -> le; 超过/逾 N and
  N多/余 -> gt; 低于/少于/不足 N -> lt; 约/近 N and N左右 -> approx; a red line or floor after the number
  (守住18亿亩耕地红线) -> ge with the words between as the indicator; X稳定在/保持在/控制在 N -> indicator X;
- a fraction is a share: 五分之一 and 1/5 -> 20 %, 百分之三十 -> 30 %, 千分之五 -> 5 ‰ (comparators as above);
- a 千/百/十 right before a unit that starts with it is the unit's (11亿千瓦 is 11亿 千瓦, not 11亿千 瓦);
- counters count: a Chinese numeral with a counting unit (六批, 两次, 三所), and 一 with a counter of a single
  thing (一所, 一座, 一次), not 一批/一个 (a batch, a thing) nor 一X一Y (一县一业, 一户一策);
- not quantities: years and dates (2020年, 3月22日), durations (5年, 3个月, 10天: they belong to time frames),
  ordinals (第九届), numbers inside 《titles》, Arabic numbers with neither unit nor 万/亿 (1+X, 5G),
  a Chinese numeral with 个 (两个市场, 四个全面) or inside “quotes” (“四个不摘”), and Chinese numerals with
  neither unit nor magnitude — 三级医院, 二十国集团, 三权分置 are names, not amounts.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..characters import IDEOGRAPH
from ..numerals import CN_BIG_UNITS, CN_DIGITS, CN_SMALL_UNITS, to_decimal
from ..records import Quantity
from .lexicon import trie_pattern
from .text import Spans, enclosed_spans, title_spans

MEASURING_UNITS = (
    "个百分点", "百分点", "%", "‰", "元", "美元", "欧元", "元人民币", "亩", "公顷", "平方公里", "平方千米", "平方米",
    "公里", "千米", "厘米", "毫米", "米", "吨", "千克", "公斤", "克", "斤", "升", "人次", "户次", "人", "户", "名",
    "千瓦时", "千瓦", "兆瓦", "吉瓦", "千伏", "立方米", "万千瓦", "倍", "周岁", "岁",
)  # fmt: skip
# Not 届 级 期: 十九届, 三级医院 are labels.
COUNTING_UNITS = (
    "个", "条", "项", "家", "所", "座", "套", "间", "张", "台", "辆", "件", "篇", "部", "处", "株", "头", "只",
    "次", "份", "类", "种", "支", "位", "县", "村", "乡", "镇", "省", "国", "批", "轮", "场", "栋", "艘", "架",
    "本", "册", "笔", "宗", "块", "片", "段", "对", "组", "队",
)  # fmt: skip
_NOT_WITH_CHINESE_NUMERALS = frozenset({"个", "国", "种", "头"})  # 两个市场, 两种资源, 二十国集团, 管两头: names
_DEMONSTRATIVES = ("这", "那", "此", "该", "上述", "前述")  # 这十条历史经验: a reference back, not an amount
_CLAUSE_MARKS = re.compile(r"[，。；：,;:]")
_SINGLE_THINGS = frozenset({"所", "座", "次", "家", "名", "位", "张", "台", "套", "处", "项", "场", "轮"})  # 一所
TIME_UNITS = ("年", "个月", "月", "日", "天", "周", "季度", "小时", "分钟", "年度")

_NUMERAL_CHARACTERS = CN_DIGITS + CN_SMALL_UNITS + CN_BIG_UNITS
_CHINESE = rf"[{CN_DIGITS}十][{_NUMERAL_CHARACTERS}]*"
# One character class first, so the regex engine skips ahead fast; to_decimal checks the numeral's form.
_NUMBER_START = rf"[\d{CN_DIGITS}十]"
# (a 千 before 瓦/克/米/伏 is the unit's: 11亿千瓦)
_NUMBER_REST = rf"(?:[\d{CN_DIGITS}{CN_BIG_UNITS}十百]|千(?![瓦克米伏])|[.,](?=\d))*"
_NUMBER = _NUMBER_START + _NUMBER_REST
_RANGE_DASHES = "—–－-~～至到"
_BEFORE = {
    "不少于": "ge", "不低于": "ge", "不小于": "ge", "至少": "ge", "最少": "ge",
    "不超过": "le", "不高于": "le", "不多于": "le", "最多": "le", "至多": "le",
    "超过": "gt", "高于": "gt", "多于": "gt", "逾": "gt",
    "低于": "lt", "少于": "lt", "不足": "lt", "不到": "lt",
    "约": "approx", "近": "approx", "大约": "approx", "约为": "approx",
}  # fmt: skip
_AFTER = {"以上": "ge", "以下": "le", "以内": "le", "左右": "approx", "多": "gt", "余": "gt"}
_UNITS = [*MEASURING_UNITS, *COUNTING_UNITS, *TIME_UNITS]
# What can follow a number's first character in a match of two characters or more: more of the number, a
# range, a unit or a comparator. A numeral alone (一批, 三级) is never an amount (see _counts): the regex engine
# rules most of them out at once, instead of handing them to Python.
_UNIT_OR_COMPARATOR_STARTS = "".join(sorted({word[0] for word in [*_UNITS, *_AFTER]}))
_SECOND_CHARACTER = (
    rf"[\d\s{re.escape(_NUMERAL_CHARACTERS + '.,%‰' + _RANGE_DASHES + _UNIT_OR_COMPARATOR_STARTS)}]"
)
_QUANTITY = re.compile(
    rf"(?P<number>{_NUMBER_START}(?={_SECOND_CHARACTER}){_NUMBER_REST})"
    rf"(?:(?P<first_unit>%|‰)?\s*[{re.escape(_RANGE_DASHES)}]\s*(?P<upper>{_NUMBER}))?"
    rf"(?P<after_before_unit>多|余)?(?P<magnitude>(?<=[多余])[万亿]+)?"  # 4000多万户: the magnitude after 多
    rf"(?P<unit>{trie_pattern(_UNITS)})?"
    rf"(?P<after>{trie_pattern(list(_AFTER))})?"
)
# comparator words before the number, read backwards from it (不低于每人每年2000元)
_BEFORE_NUMBER = re.compile(
    rf"(?P<before>{trie_pattern(list(_BEFORE))})?(?:每[人户亩年月村县]{{1,2}}(?:每[年月])?|人均|户均|年均)?$"
)
_FRACTION = re.compile(
    rf"(?:(?P<whole>百|千|{_CHINESE}|\d+)分之(?P<number>{_CHINESE}|\d+(?:\.\d+)?)"
    r"|(?<![\d/])(?P<slash_number>\d{1,3})/(?P<slash_whole>\d{1,4})(?![\d/]))"  # 1/5: not a date (2021/12/6)
    r"(?P<after>以上|以下|以内|左右)?"
)
_PER = {"百": (Decimal(1), "%"), "千": (Decimal(1), "‰")}  # 百分之三十 -> 30 %, 千分之五 -> 5 ‰
_SHARE_QUANTUM = Decimal("0.000001")
_RED_LINE = re.compile(rf"(?P<indicator>[{IDEOGRAPH}]{{1,8}}?)(?:红线|底线)")
_HOLDING_VERBS = ("稳定在", "保持在", "控制在", "提高到", "提高至", "达到")
_HELD_AT = re.compile(rf"(?P<indicator>[{IDEOGRAPH}]{{2,8}})(?:{'|'.join(_HOLDING_VERBS)})$")
_LEADING_FUNCTION_WORDS = re.compile(r"^(?:确保|力争|争取|实现|使|将|把|全国|我国)+")


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """Quantities of the measure `text` (folded)."""
    titles = title_spans(text)
    quoted = _quoted(text) if "“" in text else ()
    found = [
        (m.start(), q)
        for m in _QUANTITY.finditer(text)
        # a numeral alone (一批, 三级) is never an amount: most are ruled out by _QUANTITY itself, not all (一以贯之)
        if m.end() - m.start() > 1 and m.start() not in titles
        and not (quoted and not m["number"][0].isdigit() and m.start() in quoted)
        for q in [_quantity(m)]
        if q
    ]
    if "分之" in text or "/" in text:  # (a test in C spares most texts the scan)
        shares = ((m.start(), _fraction(m)) for m in _FRACTION.finditer(text) if m.start() not in titles)
        found += [(position, share) for position, share in shares if share]
    if not found:
        return ()  # (most measures)
    # the same amount said twice is one quantity of the measure
    return tuple(dict.fromkeys(quantity for _position, quantity in sorted(found, key=lambda item: item[0])))


def _quoted(text: str) -> Spans:
    """Spans of “quotes”, where a Chinese numeral names a slogan (“四个不摘”)."""
    return Spans((start, end) for start, end in enclosed_spans(text) if text[start] == "“")


def _quantity(match: re.Match) -> Quantity | None:
    text = match.string
    number, upper, unit, first_unit = match.group("number", "upper", "unit", "first_unit")
    unit = unit or first_unit or ""
    if unit in TIME_UNITS or text[match.start() - 1 : match.start()] == "第":
        return None
    if not _counts(number, upper, unit, text[match.end() : match.end() + 1]):
        return None
    if not number[0].isdigit() and not _amount_in_context(text, match.start(), number):
        return None
    if match["magnitude"]:
        number += match["magnitude"]
    try:
        value, upper_value = _values(number, upper)
    except (ValueError, ArithmeticError):
        return None  # 1.2.3 and the like: not a numeral
    before = _BEFORE_NUMBER.search(text, max(0, match.start() - 9), match.start())  # always matches, maybe empty
    start = before.start()
    comparator = _comparator(match, before["before"])
    red_line = _RED_LINE.match(text, match.end())
    if red_line:
        return Quantity(
            text[start : red_line.end()], value, unit, comparator or "ge", red_line["indicator"], upper_value
        )
    indicator = _held_at_indicator(text[max(0, match.start() - 16) : match.start()])
    return Quantity(text[start : match.end()], value, unit, comparator, indicator, upper_value)


def _counts(number: str, upper: str | None, unit: str, following: str) -> bool:
    """Whether the number is an amount rather than a name or label (see the module's rules); `following` is the
    character after the match."""
    if number[0].isdigit():
        return bool(unit) or (upper or number)[-1] in "万亿"
    if number == "一":
        return unit in _SINGLE_THINGS and following != "一"  # 一所 counts; 一户一策, 一村一品 are patterns
    if unit in _NOT_WITH_CHINESE_NUMERALS:
        return number[-1] in "万亿"
    return bool(unit) or number[-1] in "万亿"


def _amount_in_context(text: str, start: int, number: str) -> bool:
    """A Chinese numeral is no amount after a demonstrative (这十条); 一 with a counter is one only where the
    clause distributes or bounds it (每个县建好一所, 至少一名), not in 一次大考, 最后一次, 一位县委书记."""
    if text.endswith(_DEMONSTRATIVES, max(0, start - 2), start):
        return False
    if number != "一":
        return True
    clause_start = max((m.end() for m in _CLAUSE_MARKS.finditer(text, max(0, start - 30), start)), default=0)
    before = _BEFORE_NUMBER.search(text, max(0, start - 9), start)
    return bool(before["before"]) or "每" in text[clause_start:start]


def _values(number: str, upper: str | None) -> tuple[Decimal, Decimal | None]:
    if upper is None:
        return to_decimal(number), None
    magnitude = re.search(r"[万亿]+$", upper)
    if magnitude and not re.search(r"[万亿]$", number):
        number += magnitude.group()  # 5至10万元: the magnitude applies to both ends
    return to_decimal(number), to_decimal(upper)


def _comparator(match: re.Match, before: str | None) -> str | None:
    if before:
        return _BEFORE[before]
    if match["after_before_unit"]:
        return _AFTER[match["after_before_unit"]]
    if match["after"]:
        return _AFTER[match["after"]]
    return None


def _held_at_indicator(preceding: str) -> str | None:
    if not preceding.endswith(_HOLDING_VERBS):
        return None  # (most numbers: the regex, which opens with a repeat, would try every position)
    held = _HELD_AT.search(preceding)
    if not held:
        return None
    return _LEADING_FUNCTION_WORDS.sub("", held["indicator"]) or None


def _fraction(match: re.Match) -> Quantity | None:
    """五分之一 -> 20 %, 百分之三十 -> 30 %, 千分之五 -> 5 ‰; comparators before and after as for numbers."""
    whole = match["whole"] or match["slash_whole"]
    try:
        part = to_decimal(match["number"] or match["slash_number"])
        factor, unit = _PER.get(whole) or (Decimal(100) / to_decimal(whole), "%")
    except (ValueError, ArithmeticError):
        return None
    before = _BEFORE_NUMBER.search(match.string, max(0, match.start() - 9), match.start())
    comparator = _BEFORE[before["before"]] if before["before"] else _AFTER.get(match["after"] or "")
    value = (part * factor).quantize(_SHARE_QUANTUM)
    value = Decimal(int(value)) if value == value.to_integral_value() else value.normalize()
    return Quantity(match.string[before.start() : match.end()], value, unit, comparator)
