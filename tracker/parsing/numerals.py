"""Numbers as Chinese policy texts write them, read once for every rule of the parser.

Item labels (十九, 一百零三), years and plan numbers (二〇二六, 十四五), amounts (18亿, 3046万, 1.8万, 五千三百万,
1,000, 两): `to_decimal` reads them all. Our own small converter: cn2an fails when a unit follows the number
(`18亿亩`), and the rules already know where the number ends, so this only has to read the number itself.
A run of digits without a unit between them is positional (二〇二六 = 2026).

The character sets below are what the rules' regex classes are built from (`f"[{CN_DIGITS}十]"`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8}
CN_DIGITS = "".join(DIGITS)  # 零〇一二两三四五六七八九
CN_SMALL_UNITS = "".join(SMALL_UNITS)  # 十百千
CN_BIG_UNITS = "".join(BIG_UNITS)  # 万亿

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


@lru_cache(maxsize=4096)  # the same few numerals recur (2020, 10, 十四五): read each once
def to_decimal(numeral: str) -> Decimal:
    """The value of a numeral mixing Arabic digits and Chinese digits/units: '1.8万' -> 18000.

    Raises ValueError on anything else.
    """
    total = Decimal(0)  # sum of completed 亿 groups
    section = Decimal(0)  # value below the last 亿, including completed 万 groups
    group = Decimal(0)  # value below the last 万
    digit: Decimal | None = None
    position = 0
    while position < len(numeral):
        char = numeral[position]
        arabic = _ARABIC.match(numeral, position)
        if arabic:
            digit = Decimal(arabic.group().replace(",", ""))
            position = arabic.end()
            continue
        if char in DIGITS:
            digit = Decimal(DIGITS[char]) if digit is None or digit == 0 else digit * 10 + DIGITS[char]
        elif char in SMALL_UNITS:
            group += (Decimal(1) if digit is None else digit) * SMALL_UNITS[char]
            digit = None
        elif char == "万":
            section += (group + (digit or 0)) * BIG_UNITS[char]
            group, digit = Decimal(0), None
        elif char == "亿":
            total = (total + section + group + (digit or 0)) * BIG_UNITS[char]
            section, group, digit = Decimal(0), Decimal(0), None
        else:
            raise ValueError(f"not a numeral: {numeral!r}")
        position += 1
    if not numeral:
        raise ValueError("empty numeral")
    value = total + section + group + (digit or 0)
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def to_int(numeral: str) -> int:
    """一 -> 1, 十一 -> 11, 二十四 -> 24, 一百零三 -> 103, 二〇二六 -> 2026; ASCII digits pass through."""
    return int(to_decimal(numeral))
