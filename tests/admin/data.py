"""A small policy document as the admin shows it: a tree of measures with bodies, time frames, targets,
statuses and a variant reading; shared by the admin tests and the browser tests."""

import datetime
from dataclasses import dataclass

from tests import factories
from tracker import models
from tracker.search import search_tokens
from tracker.status import record_status

SOURCE_TEXT = (
    "一、守住底线\n"
    "（一）坚决守住18亿亩耕地红线。到2023年底前完成耕地保护任务，由农业农村部牵头。\n"
    "（二）完善农村低保制度。过渡期内保持低保政策总体稳定。\n"
    "二、加强领导\n"
    "（一）=HYPERLINK(\"http://evil.example\")落实责任。\n"
)
PARSED = datetime.date(2021, 3, 22)


@dataclass
class PolicyTree:
    document: models.Document
    part_one: models.Measure
    red_line: models.Measure  # 一/（一）: lead body, ended time frame, target, in progress -> overdue
    minimum_living: models.Measure  # 一/（二）: ongoing, a variant reading, a disagreement
    part_two: models.Measure
    formula: models.Measure  # 二/（一）: a heading that starts with "=" (CSV injection)
    agriculture: models.Body
    finance: models.Body


def measure_at(document, source, path: str, snippet: str, parent=None, **fields) -> models.Measure:
    start = source.text.index(snippet)
    line_end = source.text.index("\n", start)
    text = source.text[start:line_end]
    heading = fields.pop("heading", text.split("。", 1)[0].split("、", 1)[-1].split("）", 1)[-1])
    measure = factories.measure(
        document, path, text=text, source=source, parent=parent, heading=heading,
        search_tokens=search_tokens(heading, text), **fields,
    )
    models.Measure.objects.filter(pk=measure.pk).update(span_start=start, span_end=line_end)
    measure.refresh_from_db()
    record_status(measure, measure.status, effective_date=PARSED, source="parser", note="解析器初始建议")
    return measure


def policy_tree(title: str = "关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见") -> PolicyTree:
    document = factories.document(title)
    source = factories.source_file(SOURCE_TEXT, name="seed-001.txt")
    other_source = factories.source_file(SOURCE_TEXT.replace("低保", "低 保"), name="seed-000.txt")
    models.Appearance.objects.create(document=document, source=source, span_start=0, span_end=len(SOURCE_TEXT))
    models.Appearance.objects.create(document=document, source=other_source, span_start=0, span_end=len(SOURCE_TEXT))
    agriculture = factories.body("农业农村部", aliases=["农业部"])
    finance = factories.body("财政部")

    part_one = measure_at(document, source, "一", "一、守住底线", heading="守住底线")
    red_line = measure_at(document, source, "一/（一）", "（一）坚决守住", parent=part_one, status="in_progress")
    minimum_living = measure_at(
        document, source, "一/（二）", "（二）完善农村低保", parent=part_one, status="ongoing",
        disagreements={"heading": "完善农村低保"}, edited_fields=["heading"],
    )
    part_two = measure_at(document, source, "二", "二、加强领导", heading="加强领导")
    formula = measure_at(document, source, "二/（一）", "（一）=HYPERLINK", parent=part_two, needs_review=True)

    models.Responsibility.objects.create(
        measure=red_line, body=agriculture, role="lead", provenance="explicit", evidence="由农业农村部牵头"
    )
    models.Responsibility.objects.create(measure=minimum_living, body=finance, role="participant", provenance="inferred")
    models.TimeFrame.objects.create(
        measure=red_line, expression="到2023年底前", kind="deadline", end=datetime.date(2023, 12, 31)
    )
    models.Target.objects.create(
        measure=red_line, expression="18亿亩", comparator="ge", value=18, unit="亿亩",
        normalised_value=1_800_000_000, normalised_unit="亩",
    )
    models.TimeFrame.objects.create(
        measure=minimum_living, expression="过渡期内", kind="period",
        start=datetime.date(2021, 1, 1), end=datetime.date(2099, 12, 31),
    )
    models.Variant.objects.create(
        measure=minimum_living, chosen_source=source, other_source=other_source, position=4,
        chosen_reading="低保", other_reading="低 保", reason="spacing artefact in the other witness",
    )
    return PolicyTree(document, part_one, red_line, minimum_living, part_two, formula, agriculture, finance)


def more_measures(tree: PolicyTree, count: int) -> None:
    """Add `count` measures under part two, each with a body, a time frame, a target and a status entry."""
    first = tree.document.measures.count()
    for n in range(first, first + count):
        measure = factories.measure(tree.document, f"二/（{n}）", parent=tree.part_two, text=f"第{n}项措施。")
        models.Responsibility.objects.create(measure=measure, body=tree.finance, role="lead", provenance="explicit")
        models.TimeFrame.objects.create(measure=measure, expression="到2025年", kind="deadline",
                                        end=datetime.date(2025, 12, 31))
        models.Target.objects.create(measure=measure, expression="3046万人", value=3046, unit="万人",
                                     normalised_value=30_460_000, normalised_unit="人")
        record_status(measure, "planned", effective_date=PARSED, source="parser")
