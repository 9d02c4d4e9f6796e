"""Quantities: values scaled by 万/亿 as Decimals, units, ranges, comparators; years and names are not amounts."""

from datetime import date
from decimal import Decimal

import pytest

from tracker.parsing.extract import document_context, extract

CTX = document_context("", date(2021, 3, 1), None)


def quantities(text):
    return [(q.expression, q.value, q.unit, q.comparator, q.indicator, q.upper) for q in extract(text, CTX).quantities]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("坚决守住18亿亩耕地红线。", [("18亿亩耕地红线", Decimal(1800000000), "亩", "ge", "耕地", None)]),
        ("使3046万人摆脱贫困", [("3046万人", Decimal(30460000), "人", None, None, None)]),
        ("占全部义务的87%。", [("87%", Decimal(87), "%", None, None, None)]),
        ("占全部义务的87％。", [("87%", Decimal(87), "%", None, None, None)]),  # full-width percent sign
        ("梳理了701条约束性义务", [("701条", Decimal(701), "条", None, None, None)]),
        ("补助1.8万元", [("1.8万元", Decimal(18000), "元", None, None, None)]),
        ("GDP达26万亿美元", [("26万亿美元", Decimal(26000000000000), "美元", None, None, None)]),
        ("总人口达22.7亿", [("22.7亿", Decimal(2270000000), "", None, None, None)]),
        ("均占全球总量约30%", [("约30%", Decimal(30), "%", "approx", None, None)]),
        ("提高3至4个百分点", [("3至4个百分点", Decimal(3), "个百分点", None, None, Decimal(4))]),
        ("年均增长5%—10%", [("5%—10%", Decimal(5), "%", None, None, Decimal(10))]),
        ("奖励5至10万元", [("5至10万元", Decimal(50000), "元", None, None, Decimal(100000))]),
        ("65岁以上", [("65岁以上", Decimal(65), "岁", "ge", None, None)]),
        ("不少于3000人", [("不少于3000人", Decimal(3000), "人", "ge", None, None)]),
        ("不超过50%", [("不超过50%", Decimal(50), "%", "le", None, None)]),
        ("控制在5%以内", [("5%以内", Decimal(5), "%", "le", None, None)]),
        ("超过200万", [("超过200万", Decimal(2000000), "", "gt", None, None)]),
        ("100多户", [("100多户", Decimal(100), "户", "gt", None, None)]),
        ("资助标准不低于每人每年2000元", [("不低于每人每年2000元", Decimal(2000), "元", "ge", None, None)]),
        (
            "粮食综合生产能力稳定在1.3万亿斤以上",
            [("1.3万亿斤以上", Decimal(1300000000000), "斤", "ge", "粮食综合生产能力", None)],
        ),
        ("百分之三十", [("百分之三十", Decimal(30), "%", None, None, None)]),
        ("耕地五千万亩", [("五千万亩", Decimal(50000000), "亩", None, None, None)]),
        ("增长0.5个百分点", [("0.5个百分点", Decimal("0.5"), "个百分点", None, None, None)]),
        ("投入1,000万元", [("1,000万元", Decimal(10000000), "元", None, None, None)]),
    ],
)
def test_quantities(text, expected):
    assert quantities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "到2020年全部实现脱贫",  # a year
        "3月22日",  # a date
        "设立5年过渡期",  # a duration belongs to time frames
        "提前10年实现",
        "用3个月时间",
        "党的十九届五中全会",  # an ordinal
        "第九届国会",
        "三级医院对口帮扶",  # names built from numerals
        "落实“四个不摘”要求",
        "两不愁三保障",
        "一户一策",
        "二十国集团",
        "亿万人民",
        "推广1+X证书制度",
        "5G网络",
        "《联合国2030年可持续发展议程》",
    ],
)
def test_not_quantities(text):
    assert quantities(text) == []


def test_repeated_amount_is_one_quantity():
    assert len(quantities("守住18亿亩耕地红线，18亿亩耕地红线不能破")) == 1


def test_values_are_decimals():
    assert all(isinstance(q.value, Decimal) for q in extract("补助1.8万元，87%", CTX).quantities)
