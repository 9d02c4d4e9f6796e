"""Units of quantities and their normalised form, so targets in 亩 and 公顷 (or 万元 and 亿元) compare.

The parser already scales Chinese magnitudes (18亿亩 -> 1800000000 亩); this maps the unit itself.
"""

from decimal import Decimal

# unit as written -> (normalised unit, factor)
NORMALISED_UNITS: dict[str, tuple[str, Decimal]] = {
    "亩": ("公顷", Decimal(1) / Decimal(15)),
    "公顷": ("公顷", Decimal(1)),
    "平方公里": ("公顷", Decimal(100)),
    "斤": ("千克", Decimal("0.5")),
    "公斤": ("千克", Decimal(1)),
    "千克": ("千克", Decimal(1)),
    "吨": ("千克", Decimal(1000)),
    "公里": ("米", Decimal(1000)),
    "千米": ("米", Decimal(1000)),
    "米": ("米", Decimal(1)),
    "千瓦": ("千瓦", Decimal(1)),
    "万千瓦": ("千瓦", Decimal(10000)),
    "兆瓦": ("千瓦", Decimal(1000)),
    "吉瓦": ("千瓦", Decimal(1000000)),
    "千瓦时": ("千瓦时", Decimal(1)),
    "周岁": ("岁", Decimal(1)),
    "元": ("元", Decimal(1)),
    "美元": ("美元", Decimal(1)),
}
QUANTUM = Decimal("0.000001")


def normalise(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """(value, unit) in the normalised unit; units without a conversion stay as written."""
    normalised_unit, factor = NORMALISED_UNITS.get(unit, (unit, Decimal(1)))
    return (value * factor).quantize(QUANTUM), normalised_unit
