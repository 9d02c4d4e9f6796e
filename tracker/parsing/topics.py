"""Topics of a measure, by keywords: the policy areas analysts group measures by (body × topic, counts).

Pure Python. The table is the one definition of the topics: the ingest loads it into the Topic registry,
where people may add their own. A topic is proposed when one of its keywords stands in the item's heading,
or when its keywords occur at least MIN_HITS_IN_TEXT times in the item's own words (without sub-items,
which get their own topics), so a passing mention does not tag a measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

MIN_HITS_IN_TEXT = 2


@dataclass(frozen=True)
class TopicRule:
    name: str
    english: str
    keywords: tuple[str, ...]


TOPICS: tuple[TopicRule, ...] = (
    TopicRule("产业发展", "Industry and markets",
              ("产业", "农产品", "龙头企业", "加工", "消费帮扶", "品牌", "市场主体", "供应链")),
    TopicRule("就业", "Employment", ("就业", "务工", "劳务", "技能培训", "公益岗位", "创业", "稳岗")),
    TopicRule("教育", "Education", ("教育", "学校", "控辍保学", "学生", "教师", "职业院校")),
    TopicRule("医疗卫生", "Health", ("医疗", "医保", "卫生", "大病", "疾病", "健康", "疫情", "疫苗", "防控")),
    TopicRule("住房与搬迁", "Housing and relocation", ("住房", "危房", "易地扶贫搬迁", "搬迁", "安置")),
    TopicRule("社会保障", "Social protection",
              ("低保", "社会救助", "兜底", "养老", "特困", "残疾", "关爱", "低收入人口", "救助")),
    TopicRule("土地", "Land", ("土地", "耕地", "用地", "宅基地", "增减挂钩", "红线")),
    TopicRule("财政金融", "Public finance and credit",
              ("财政", "资金", "金融", "信贷", "贷款", "保险", "税收", "投入")),
    TopicRule("基础设施", "Infrastructure",
              ("基础设施", "道路", "公路", "供水", "饮水", "电网", "通信", "物流", "水利", "人居环境")),
    TopicRule("生态环境", "Ecology and environment", ("生态", "环境保护", "绿色", "污染", "保护区", "植树")),
    TopicRule("防返贫监测", "Monitoring against relapse into poverty",
              ("返贫", "监测", "预警", "动态管理", "动态清零", "大数据")),
    TopicRule("人才与干部", "Talent and cadres", ("人才", "干部", "驻村", "第一书记", "科技特派员", "培训")),
    TopicRule("组织领导与考核", "Leadership, responsibility and evaluation",
              ("领导", "党委", "党组织", "考核", "督查", "问责", "作风", "责任制", "党建")),
    TopicRule("区域协作", "Regional cooperation and paired assistance",
              ("东西部协作", "对口支援", "定点帮扶", "社会力量", "结对")),
    TopicRule("国际合作", "International cooperation", ("国际", "全球", "多边", "各国", "世界卫生组织", "世卫组织")),
)


@cache
def _keyword_pattern() -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    """One alternation of every keyword, longest first, and which topics each keyword names."""
    owners: dict[str, list[str]] = {}
    for topic in TOPICS:
        for keyword in topic.keywords:
            owners.setdefault(keyword, []).append(topic.name)
    alternation = "|".join(map(re.escape, sorted(owners, key=len, reverse=True)))
    return re.compile(alternation), {keyword: tuple(names) for keyword, names in owners.items()}


def _hits(text: str) -> dict[str, int]:
    pattern, owners = _keyword_pattern()
    counts: dict[str, int] = {}
    for match in pattern.finditer(text):
        for name in owners[match.group()]:
            counts[name] = counts.get(name, 0) + 1
    return counts


def topics_of(heading: str | None, own_text: str) -> tuple[str, ...]:
    """Topic names for an item, in the order of TOPICS."""
    in_heading = _hits(heading or "")
    in_text = _hits(own_text)
    chosen = set(in_heading) | {name for name, n in in_text.items() if n >= MIN_HITS_IN_TEXT}
    return tuple(topic.name for topic in TOPICS if topic.name in chosen)
