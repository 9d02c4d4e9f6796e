"""One reader of numerals for labels, years, plan numbers and amounts."""

from decimal import Decimal

import pytest

from tracker.parsing.numerals import to_decimal, to_int


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("18亿", Decimal(1800000000)),
        ("3046万", Decimal(30460000)),
        ("1.8万", Decimal(18000)),
        ("1.8万亿", Decimal(1800000000000)),
        ("二十", Decimal(20)),
        ("十", Decimal(10)),
        ("十四", Decimal(14)),
        ("一百零五", Decimal(105)),
        ("五千三百万", Decimal(53000000)),
        ("一亿二千万", Decimal(120000000)),
        ("两", Decimal(2)),
        ("二〇二五", Decimal(2025)),
        ("1,000", Decimal(1000)),
        ("0.5", Decimal("0.5")),
    ],
)
def test_amounts(numeral, value):
    assert to_decimal(numeral) == value


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十四", 24), ("一百零三", 103), ("7", 7), ("十四", 14), ("二〇二六", 2026)],
)
def test_labels_years_and_plan_numbers(numeral, value):
    assert to_int(numeral) == value


@pytest.mark.parametrize("text", ["亩", ""])
def test_not_a_numeral(text):
    with pytest.raises(ValueError):
        to_decimal(text)
