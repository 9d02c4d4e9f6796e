"""A small world of measures whose every count is known, for analytics, API, export and dashboard tests.

Two documents, six measures. As of AS_OF (2024-06-30):

| measure | document | path    | status (history)                          | bodies               | time frame                 | topics    |
| a1      | opinion  | 三      | ongoing 2020-12-16                        | –                    | –                          | –         |
| a2      | opinion  | 三/（一）| in_progress 2021-01-01, achieved 2024-01-15 | 发改委 lead, 财政部 participant | 过渡期内 2021–2025 | 就业 |
| a3      | opinion  | 三/（二）| planned 2021-01-01                        | 财政部 lead          | 到2022年 (…–2022-12-31)    | 就业      |
| a4      | opinion  | 七      | none (not_yet_rated)                      | –                    | –                          | –         |
| a5      | opinion  | 七/（十九）| ongoing 2020-12-16; needs review, 1 variant | 所在省份 lead     | 过渡期内 2021–2025          | 土地      |
| b1      | measures | 一      | stalled 2023-03-01                        | 农业农村部 lead      | 过渡期前3年 2021–2023       | 土地, 就业 |

Overdue as of AS_OF: a3 (ended 2022-12-31, planned) and b1 (ended 2023-12-31, stalled). Targets: a5 18亿亩
(≥, 1.8e9 亩) and b1 3046万人 (30,460,000 人). Lineage: b1 strengthens a3 (a suggested link).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from tests import factories
from tracker import models, summary
from tracker.search import search_tokens
from tracker.status import record_status

AS_OF = datetime.date(2024, 6, 30)
OPINION = "关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见"
MEASURES_DOC = "乡村振兴责任制实施办法"
TRANSITION = (datetime.date(2021, 1, 1), datetime.date(2025, 12, 31))


@dataclass
class World:
    opinion: models.Document
    rules: models.Document
    measures: dict[str, models.Measure]
    bodies: dict[str, models.Body]
    topics: dict[str, models.Topic]


def build_world() -> World:
    opinion = factories.document(OPINION, date_written=datetime.date(2020, 12, 16))
    rules = factories.document(MEASURES_DOC, date_written=datetime.date(2022, 11, 28))
    bodies = {
        "ndrc": factories.body("国家发展和改革委员会"),
        "mof": factories.body("财政部"),
        "province": factories.body("所在省份", level="provincial", kind="government"),
        "moa": factories.body("农业农村部"),
    }
    topics = {name: models.Topic.objects.get_or_create(name=name)[0] for name in ("就业", "土地")}
    m = {
        "a1": _measure(opinion, "三", "持续巩固拓展脱贫攻坚成果", "坚持把巩固拓展脱贫攻坚成果放在突出位置。"),
        "a2": _measure(opinion, "三/（一）", "保持主要帮扶政策总体稳定", "过渡期内严格落实“四个不摘”要求。"),
        "a3": _measure(opinion, "三/（二）", "健全防止返贫动态监测和帮扶机制", "到2022年建立健全低保对象动态监测。"),
        "a4": _measure(opinion, "七", "做好财政投入政策衔接", "过渡期内在保持财政支持政策总体稳定的前提下调整优化。"),
        "a5": _measure(opinion, "七/（十九）", "做好土地支持政策衔接", "坚决守住18亿亩耕地红线，由所在省份协调解决。",
                       needs_review=True),
        "b1": _measure(rules, "一", "压实乡村振兴责任", "过渡期前3年，各地要落实帮扶3046万人。"),
    }
    _responsible(m["a2"], bodies["ndrc"], "lead")
    _responsible(m["a2"], bodies["mof"], "participant")
    _responsible(m["a3"], bodies["mof"], "lead")
    _responsible(m["a5"], bodies["province"], "lead")
    _responsible(m["b1"], bodies["moa"], "lead")
    _time_frame(m["a2"], "过渡期内", "period", *TRANSITION)
    _time_frame(m["a3"], "到2022年", "deadline", None, datetime.date(2022, 12, 31))
    _time_frame(m["a5"], "过渡期内", "period", *TRANSITION)
    _time_frame(m["b1"], "过渡期前3年", "period", datetime.date(2021, 1, 1), datetime.date(2023, 12, 31))
    models.TimeFrame.objects.create(measure=m["b1"], expression="每年", kind="recurrence", period="P1Y")
    _status(m["a1"], "ongoing", "2020-12-16")
    _status(m["a2"], "in_progress", "2021-01-01")
    _status(m["a2"], "achieved", "2024-01-15")
    _status(m["a3"], "planned", "2021-01-01")
    _status(m["a5"], "ongoing", "2020-12-16")
    _status(m["b1"], "stalled", "2023-03-01")
    m["a2"].topics.add(topics["就业"])
    m["a3"].topics.add(topics["就业"])
    m["a5"].topics.add(topics["土地"])
    m["b1"].topics.add(topics["土地"], topics["就业"])
    models.Target.objects.create(
        measure=m["a5"], expression="18亿亩", indicator="耕地保有量", comparator="ge", value=Decimal(18), unit="亿亩",
        normalised_value=Decimal(1_800_000_000), normalised_unit="亩",
    )
    models.Target.objects.create(
        measure=m["b1"], expression="3046万人", value=Decimal(3046), unit="万人",
        normalised_value=Decimal(30_460_000), normalised_unit="人",
    )
    models.Variant.objects.create(
        measure=m["a5"], chosen_source=m["a5"].source, other_source=factories.source_file("耕 地红线"),
        position=8, chosen_reading="耕地", other_reading="耕 地", reason="spacing artefact",
    )
    models.MeasureLink.objects.create(
        from_measure=m["b1"], to_measure=m["a3"], relation="strengthens", score=Decimal("0.7"), provenance="inferred",
        method="world", from_span_start=0, from_span_end=len(m["b1"].text), to_span_start=0,
        to_span_end=len(m["a3"].text),
    )
    summary.rebuild()  # as the writers would have kept it: the factories write around them
    return World(opinion, rules, m, bodies, topics)


def _measure(document, path, heading, text, **fields) -> models.Measure:
    return factories.measure(
        document, path, heading=heading, text=f"{heading}。{text}", search_tokens=search_tokens(heading, text), **fields
    )


def _responsible(measure, body, role):
    models.Responsibility.objects.create(measure=measure, body=body, role=role, provenance="explicit")


def _time_frame(measure, expression, kind, start, end):
    models.TimeFrame.objects.create(measure=measure, expression=expression, kind=kind, start=start, end=end)


def _status(measure, status, date):
    record_status(measure, status, effective_date=datetime.date.fromisoformat(date), source="parser")
