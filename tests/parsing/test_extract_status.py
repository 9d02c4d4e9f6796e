"""The proposed initial status and the rule that gave it."""

from datetime import date

import pytest

from tracker.parsing.extract import document_context, extract

CTX = document_context("", date(2021, 3, 1), None)


@pytest.mark.parametrize(
    ("text", "status", "rule"),
    [
        ("（一）保持主要帮扶政策总体稳定。过渡期内严格落实要求。", "ongoing", "heading: 保持 → ongoing"),
        (
            "(二)健全防止返贫动态监测和帮扶机制。对脱贫不稳定户开展定期检查。",
            "in_progress",
            "heading: 健全 → in_progress",
        ),
        ("（八）持续改善脱贫地区基础设施条件。", "ongoing", "heading: 持续 → ongoing"),
        ("——坚持党的全面领导。坚持中央统筹。", "ongoing", "heading: 坚持 → ongoing"),
        ("1.建立健全引导各类人才服务乡村振兴长效机制。", "in_progress", "heading: 建立 → in_progress"),
        ("（十六）坚持和完善东西部协作。中部地区不再实施省际间结对帮扶。", "ongoing", "heading: 坚持 → ongoing"),
        ("继续完善最低生活保障制度。", "ongoing", "heading: 继续 → ongoing"),
        ("中部地区不再实施省际间结对帮扶。", "discontinued", "heading: 不再 → discontinued"),
        ("停止执行原有补贴政策，继续保持稳定。", "discontinued", "heading: 停止 → discontinued"),
        # no cue in the heading: the cues opening the body's sentences vote
        (
            "（九）进一步提升脱贫地区公共服务水平。继续改善办学条件。完善大病专项救治政策。继续实施资助政策。",
            "ongoing",
            "body sentences: 继续×2, 完善×1 → ongoing",
        ),
        ("（二十三）做好规划实施和项目建设衔接。纳入“十四五”规划。", "not_yet_rated", None),
        ("实现可持续发展。", "not_yet_rated", None),  # 可持续 is not 持续
    ],
)
def test_status(text, status, rule):
    extraction = extract(text, CTX)
    assert (extraction.status, extraction.status_rule) == (status, rule)
