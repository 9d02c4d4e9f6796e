"""Topics proposed from an item's heading and own words."""

import pytest

from tracker.parsing.topics import TOPICS, topics_of


@pytest.mark.parametrize(
    ("heading", "text", "topics"),
    [
        ("促进脱贫人口稳定就业", "搭建用工信息平台，培育区域劳务品牌。", ("就业",)),
        ("做好土地支持政策衔接", "坚决守住18亿亩耕地红线。", ("土地",)),
        (None, "加大低保扩围力度，完善社会救助制度。", ("社会保障",)),
        # one passing mention in the body is not enough
        ("加强组织领导", "统筹用好资金。", ("组织领导与考核",)),
        ("总体要求", "以习近平新时代中国特色社会主义思想为指导。", ()),
    ],
)
def test_topics_come_from_the_heading_or_repeated_keywords(heading, text, topics):
    assert topics_of(heading, text) == topics


def test_topic_names_are_unique():
    names = [topic.name for topic in TOPICS]
    assert len(names) == len(set(names))
