"""An item's own span (up to its first sub-item), and extraction reading only those words."""

from pathlib import Path

import pytest

from tracker.parsing import parse, parse_text
from tracker.parsing.spans import own_span, own_spans

SPANS = {  # as the contract prints them, in document order
    "一": [0, 100],
    "一/（一）": [10, 40],
    "一/（一）/1": [20, 30],
    "一/（二）": [40, 100],
    "二": [100, 150],
    "二#2": [150, 170],
    "二#2/（一）": [160, 170],
}
OWN = {
    "一": (0, 10),
    "一/（一）": (10, 20),
    "一/（一）/1": (20, 30),
    "一/（二）": (40, 100),
    "二": (100, 150),
    "二#2": (150, 160),
    "二#2/（一）": (160, 170),
}


def test_own_spans_end_each_item_at_its_first_sub_item():
    assert own_spans(SPANS) == OWN


def test_own_spans_do_not_depend_on_the_order_of_the_mapping():
    assert own_spans(dict(sorted(SPANS.items(), reverse=True))) == OWN


def test_an_article_without_items_has_no_own_spans():
    assert own_spans({}) == {}


@pytest.mark.parametrize("path", list(SPANS))
def test_own_span_of_one_item_agrees_with_own_spans(path):
    assert own_span(SPANS, path) == OWN[path]


def test_extraction_reads_an_item_without_its_sub_items():
    text = (
        "三、健全长效机制\n"
        "（一）做好土地支持。原深度贫困地区计划指标不足的，由所在省份协调解决。守住18亿亩耕地红线。\n"
        "（二）过渡期内保持政策稳定。\n"
    )
    measures = {m.path: m for m in parse_text(text).articles[0].measures}
    assert measures["三"].text.endswith("保持政策稳定。")  # the whole item, as the contract says
    assert not (measures["三"].bodies or measures["三"].quantities or measures["三"].time_frames)
    assert [b.name for b in measures["三/（一）"].bodies] == ["所在省份"]
    assert [q.expression for q in measures["三/（一）"].quantities] == ["18亿亩耕地红线"]


@pytest.mark.parametrize("seed", sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt")), ids=str)
def test_own_spans_agree_with_the_one_item_definition_on_the_seeds(seed):
    for article in parse(seed.read_bytes(), seed.name).articles:
        spans = {m.path: list(m.span) for m in article.measures}  # as the ingest stores them
        assert own_spans(spans) == {path: own_span(spans, path) for path in spans}
