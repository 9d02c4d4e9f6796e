"""Small documents in the layouts the seeds lack, and the ways a page can mangle them, for the parser tests."""

from __future__ import annotations

import re

from tracker.parsing.normalise import display_width

STATE_COUNCIL_OPINION = """国务院关于加强耕地保护和改进占补平衡的意见

国发〔2019〕3号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：

为加强耕地保护，现提出以下意见。

一、总体要求

（一）指导思想。坚持最严格的耕地保护制度，坚决守住18亿亩耕地红线。

（二）基本原则。坚持保护优先，坚持改革创新，坚持依法依规。

二、重点任务

（三）严格控制建设占用耕地。加强土地规划管控，严格控制非农建设占用耕地。（自然资源部、国家发展改革委按职责分工负责）

（四）改进耕地占补平衡管理。以县域自行平衡为主、省域内调剂为辅。（自然资源部牵头，财政部、农业农村部参与）

（五）加强耕地质量建设。到2025年建成高标准农田10.75亿亩。（农业农村部负责，列第一位者为牵头单位）

三、保障措施

（六）加强组织领导。地方各级人民政府要对本行政区域内耕地保有量负责。（各省级人民政府负责）

（七）严格考核问责。将耕地保护纳入考核。（自然资源部、国家统计局负责）

附件：1.耕地保护责任目标表

2.重点任务分工方案

国务院
2019年1月24日
（此件公开发布）
"""

LAW = """# 中华人民共和国乡村振兴促进法

## 第一章 总则

第一条 为了全面实施乡村振兴战略，促进农业全面升级、农村全面进步、农民全面发展，制定本法。

第二条 全面实施乡村振兴战略，开展促进乡村产业振兴等活动，适用本法。

## 第二章 产业发展

第三条 国家采取措施优化农业生产力布局。

第四条 国家实行永久基本农田保护制度，建设粮食生产功能区。

## 第三章 附则

第五条 本法自2021年6月1日起施行。
"""

THREE_LEVELS = """关于推进农业对外合作的实施方案

四、拓展农业对外合作

（一）扩大农产品贸易。

1.拓展两个市场。稳定大宗农产品进口来源，开拓多元化市场。

2.优化贸易结构。扩大优势特色农产品出口。

（二）加快农业走出去。

1.培育跨国涉农企业。支持企业建设境外生产基地。

2.完善支持政策。加大金融保险支持力度。

五、强化保障

（三）加强组织协调。各地要建立工作机制：一是明确责任分工，落实到人；二是加强部门协作，形成合力；三是强化督促检查，确保落实。
"""

HALF_WIDTH = """关于做好春季农业生产工作的通知

一、抓好粮食生产

(一)稳定播种面积。落实粮食生产责任，确保面积稳定。

(二)提高单产水平。推广良种良法，加强田间管理。

二、强化服务保障

(三)加强农资供应。做好化肥、种子调运。

(四)做好技术指导。组织专家下沉一线。
"""

SPEECH = """在全国脱贫攻坚工作会议上的讲话

张三

下面，我讲两个问题。

第一个问题：充分肯定取得的成绩。

过去一年，我们取得了很大成绩。主要有以下几个方面。

第一，贫困人口大幅减少。全国减贫1000多万人，贫困发生率继续下降。

第二，贫困地区加快发展。基础设施明显改善，特色产业快速发展。

第三，制度体系更加完善。责任体系、政策体系、投入体系基本形成。

我们积累了宝贵经验，主要包括以下几点。

一是坚持党的领导。各级党委总揽全局、协调各方。

二是坚持精准方略。扶持对象精准，措施到户精准。

三是坚持群众主体。激发贫困群众内生动力。

第二个问题：扎实做好今年工作。

首先，要保持政策稳定。其次，要加强督促检查。此外，要关心基层干部。

第一，加强组织领导。党政一把手要亲自抓。

第二，强化考核评估。改进第三方评估方式，减轻基层负担。

第三，加强作风建设。集中整治形式主义、官僚主义。

同志们！让我们共同努力，打赢脱贫攻坚战。
"""

CLEAN_DOCUMENTS = {
    "state_council_opinion": STATE_COUNCIL_OPINION,
    "law": LAW,
    "three_levels": THREE_LEVELS,
    "half_width": HALF_WIDTH,
    "speech": SPEECH,
}

def newspaper_columns(text: str, width: int = 30) -> str:
    """Set each paragraph in a narrow column (`width` display units), with blank lines between paragraphs and
    a page break (a blank line) inside every third paragraph; markdown marks are lost, as in print."""
    out = []
    for number, paragraph in enumerate(p.lstrip("# ") for p in text.split("\n") if p.strip()):
        lines = _wrap(paragraph, width)
        if number % 3 == 2 and len(lines) > 2:
            lines.insert(len(lines) // 2, "")
        out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _wrap(paragraph: str, width: int) -> list[str]:
    lines, current = [], ""
    for ch in paragraph:
        if display_width(current + ch) > width:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current else lines


def letter_spaced_headings(text: str) -> str:
    """Space out the characters of short numbered headings, as newspapers do to fill a line."""

    def spread(match: re.Match) -> str:
        return " ".join(match.group())

    return "\n".join(
        re.sub(r"[^\s]+", spread, line)
        if len(line) <= 24 and not line.endswith("。") and not line.startswith("#")
        else line
        for line in text.split("\n")
    )


def half_width_brackets(text: str) -> str:
    return text.replace("（", "(").replace("）", ")").replace("，", ",").replace("：", ":")
