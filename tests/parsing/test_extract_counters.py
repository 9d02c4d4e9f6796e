"""Quantities beyond the unit table: measure words as printed, counters, fractions; and what stays out. The
sentences follow the wording of No. 1 documents, five-year plans and ministry notices."""

from decimal import Decimal

import pytest

from tracker.parsing.extract.quantities import find_quantities
from tracker.units import normalise

FOUND = [
    # (text, expression, value, unit, comparator)
    ("农机总动力11亿千瓦左右。", "11亿千瓦左右", Decimal("1100000000"), "千瓦", "approx"),
    ("新增装机5000万千瓦时。", "5000万千瓦时", Decimal("50000000"), "千瓦时", None),
    ("对年满18周岁的农村居民开展培训。", "18周岁", Decimal(18), "周岁", None),
    ("累计公布六批中国重要农业文化遗产。", "六批", Decimal(6), "批", None),
    ("每年开展两次督查。", "两次", Decimal(2), "次", None),
    ("每个县建好一所特殊教育学校。", "一所", Decimal(1), "所", None),
    ("每个乡镇至少一所公办中心幼儿园。", "至少一所", Decimal(1), "所", "ge"),
    ("脱贫人口占比不低于五分之一。", "不低于五分之一", Decimal(20), "%", "ge"),
    ("受益农户达到三分之一以上。", "三分之一以上", Decimal("33.333333"), "%", "ge"),
    ("耕地地力提高百分之三十。", "百分之三十", Decimal(30), "%", None),
    ("坚决守住18亿亩耕地红线。", "18亿亩耕地红线", Decimal("1800000000"), "亩", "ge"),
    ("粮食产量保持在1.3万亿斤以上。", "1.3万亿斤以上", Decimal("1300000000000"), "斤", "ge"),
    ("新建高标准农田不少于1亿亩。", "不少于1亿亩", Decimal("100000000"), "亩", "ge"),
    ("建设3个国家级基地。", "3个", Decimal(3), "个", None),
]


@pytest.mark.parametrize(("text", "expression", "value", "unit", "comparator"), FOUND)
def test_quantities_found(text, expression, value, unit, comparator):
    (quantity,) = find_quantities(text)
    assert (quantity.expression, quantity.value, quantity.unit, quantity.comparator) == (
        expression, value, unit, comparator,
    )  # fmt: skip


LEFT_OUT = [
    "统筹用好两个市场两种资源。",  # slogans
    "推进一县一业、一村一品。",
    "落实农村土地所有权、承包权、经营权三权分置。",
    "推出一批可复制可推广的典型案例。",  # 一批: vague
    "推行1+X证书制度。",
    "坚持“四个不摘”。",
    "党的十九届五中全会。",  # ordinals and names
    "建设三级医院。",
    "这是一次大考。",
    "二十国集团领导人峰会。",
]


@pytest.mark.parametrize("text", LEFT_OUT)
def test_slogans_ordinals_and_vague_numerals_stay_out(text):
    assert find_quantities(text) == ()


NORMALISED = [
    (Decimal("1100000000"), "千瓦", Decimal("1100000000"), "千瓦"),
    (Decimal(3), "万千瓦", Decimal(30000), "千瓦"),
    (Decimal(2), "兆瓦", Decimal(2000), "千瓦"),
    (Decimal(50000000), "千瓦时", Decimal(50000000), "千瓦时"),
    (Decimal(2), "吨", Decimal(2000), "千克"),
    (Decimal(15), "亩", Decimal(1), "公顷"),
    (Decimal(18), "周岁", Decimal(18), "岁"),
    (Decimal(6), "批", Decimal(6), "批"),  # a unit with no conversion stays as printed
]


@pytest.mark.parametrize(("value", "unit", "normalised_value", "normalised_unit"), NORMALISED)
def test_normalised_units(value, unit, normalised_value, normalised_unit):
    assert normalise(value, unit) == (normalised_value, normalised_unit)
