"""Quantities and targets of a measure: 18亿亩, 3046万人, 87%, 701条, 1.8万元, 5—10个百分点, 百分之三十.

Rules:
- the value is scaled by 万/亿 and kept as a Decimal in the unit as written (1.8万元 -> 18000 元);
- a range (5至10万元, 5%—10%) gives value = the low end and `upper` = the high end; a magnitude written only
  on the high end applies to both (5至10万元 = 50000..100000 元);
- comparators: 不少于/不低于/至少 N and N以上 -> ge; 不超过/不高于/最多 N and N以下/以内 -> le; 超过/逾 N and
  N多/余 -> gt; 低于/少于/不足 N -> lt; 约/近 N and N左右 -> approx; a red line or floor after the number
  (守住18亿亩耕地红线) -> ge with the words between as the indicator; X稳定在/保持在/控制在 N -> indicator X;
- not quantities: years and dates (2020年, 3月22日), durations (5年, 3个月, 10天: they belong to time frames),
  ordinals (第九届), numbers inside 《titles》, Arabic numbers with neither unit nor 万/亿 (1+X, 5G),
  and Chinese numerals unless they start with a digit and carry a measuring unit (亩, 元, 人, %…) or a
  magnitude — 一批, 三级医院, “四个不摘”, 二十国集团, 一户一策 are names, not amounts.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..characters import IDEOGRAPH
from ..numerals import CN_BIG_UNITS, CN_DIGITS, CN_SMALL_UNITS, to_decimal
from ..records import Quantity
from .lexicon import trie_pattern
from .text import title_spans

MEASURING_UNITS = (
    "个百分点", "百分点", "%", "‰", "元", "美元", "欧元", "元人民币", "亩", "公顷", "平方公里", "平方米", "公里",
    "千米", "米", "吨", "千克", "公斤", "斤", "人次", "人", "户", "名", "千瓦时", "千瓦", "立方米", "万千瓦",
    "倍", "岁",
)  # fmt: skip
# Not 届 级 期 批: 十九届, 三级医院 are labels.
COUNTING_UNITS = (
    "个", "条", "项", "家", "所", "座", "套", "间", "张", "台", "辆", "件", "篇", "部", "处", "株", "头", "只",
    "次", "份", "类", "种", "支", "位", "县", "村", "乡", "镇", "省", "国",
)  # fmt: skip
TIME_UNITS = ("年", "个月", "月", "日", "天", "周", "季度", "小时", "分钟", "年度")

_NUMERAL_CHARACTERS = CN_DIGITS + CN_SMALL_UNITS + CN_BIG_UNITS
_CHINESE = rf"[{CN_DIGITS}十][{_NUMERAL_CHARACTERS}]*"
# One character class first, so the regex engine skips ahead fast; to_decimal checks the numeral's form.
_NUMBER_START = rf"[\d{CN_DIGITS}十]"
_NUMBER_REST = rf"(?:[\d{_NUMERAL_CHARACTERS}]|[.,](?=\d))*"
_NUMBER = _NUMBER_START + _NUMBER_REST
_RANGE_DASHES = "—–－-~～至到"
_BEFORE = {
    "不少于": "ge", "不低于": "ge", "不小于": "ge", "至少": "ge", "最少": "ge",
    "不超过": "le", "不高于": "le", "不多于": "le", "最多": "le", "至多": "le",
    "超过": "gt", "高于": "gt", "多于": "gt", "逾": "gt",
    "低于": "lt", "少于": "lt", "不足": "lt",
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
    rf"(?P<after_before_unit>多|余)?"
    rf"(?P<unit>{trie_pattern(_UNITS)})?"
    rf"(?P<after>{trie_pattern(list(_AFTER))})?"
)
# comparator words before the number, read backwards from it (不低于每人每年2000元)
_BEFORE_NUMBER = re.compile(
    rf"(?P<before>{trie_pattern(list(_BEFORE))})?(?:每[人户亩年月村县]{{1,2}}(?:每[年月])?|人均|户均|年均)?$"
)
_PERCENT_WORDS = re.compile(rf"百分之(?P<number>{_CHINESE}|\d+(?:\.\d+)?)")
_RED_LINE = re.compile(rf"(?P<indicator>[{IDEOGRAPH}]{{1,8}}?)(?:红线|底线)")
_HOLDING_VERBS = ("稳定在", "保持在", "控制在", "提高到", "提高至", "达到")
_HELD_AT = re.compile(rf"(?P<indicator>[{IDEOGRAPH}]{{2,8}})(?:{'|'.join(_HOLDING_VERBS)})$")
_LEADING_FUNCTION_WORDS = re.compile(r"^(?:确保|力争|争取|实现|使|将|把|全国|我国)+")


def find_quantities(text: str) -> tuple[Quantity, ...]:
    """Quantities of the measure `text` (folded)."""
    titles = title_spans(text)
    found = [
        (m.start(), q)
        for m in _QUANTITY.finditer(text)
        # a numeral alone (一批, 三级) is never an amount: most are ruled out by _QUANTITY itself, not all (一以贯之)
        if m.end() - m.start() > 1 and m.start() not in titles
        for q in [_quantity(m)]
        if q
    ]
    if "百" in text:  # (a test in C spares most texts the scan)
        found += [(m.start(), _percent_words(m)) for m in _PERCENT_WORDS.finditer(text) if m.start() not in titles]
    if not found:
        return ()  # (most measures)
    # the same amount said twice is one quantity of the measure
    return tuple(dict.fromkeys(quantity for _position, quantity in sorted(found, key=lambda item: item[0])))


def _quantity(match: re.Match) -> Quantity | None:
    text = match.string
    number, upper, unit, first_unit = match.group("number", "upper", "unit", "first_unit")
    unit = unit or first_unit or ""
    if unit in TIME_UNITS or text[match.start() - 1 : match.start()] == "第" or not _counts(number, upper, unit):
        return None
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


def _counts(number: str, upper: str | None, unit: str) -> bool:
    """Whether the number is an amount rather than a name or label (see the module's rules)."""
    if number[0].isdigit():
        return bool(unit) or (upper or number)[-1] in "万亿"
    if number == "一":
        return False  # 一户一策, 一村一品: a pattern, not an amount
    return unit in MEASURING_UNITS or number[-1] in "万亿"


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


def _percent_words(match: re.Match) -> Quantity:
    return Quantity(match.group(), to_decimal(match["number"]), "%")
