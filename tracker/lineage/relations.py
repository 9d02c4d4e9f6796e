"""The relation of a later passage to the earlier one it carries forward (pure; rules on the two passages).

The rules read the later passage (the aligned clause) against the whole sentence of the earlier one (what the
earlier item said there). A cue counts only when the later passage has it and the earlier sentence does not:
严守耕地红线 restating 守住耕地红线 is no harder, and a 机制 the earlier item already had is no new
mechanism. The first rule that fires wins, in this order: an ended or replaced measure (supersedes) outweighs
everything; loosening (relaxes) is checked before the carrying body, since a province handing discretion on is
still a relaxation; a local issuer (localises) before the direction of the change; a harder obligation
(strengthens) before added detail (elaborates). The end of the transition period is read in the later passage's
sentence: the standing support (常态化帮扶) against the passage that set the transition up supersedes it, support
kept only for those at risk against support kept for everyone (摘帽不摘帮扶) relaxes it.
"""

from __future__ import annotations

import re

from tracker.lineage import clauses

SUPERSEDES = re.compile(r"废止|不再(实施|执行|保留|开展|设立)|取代|代替|停止执行|同时失效")
# After the five-year transition period: the standing support (常态化帮扶) in place of the transition an earlier
# passage set up (设立5年过渡期) supersedes it; support kept only for those still at risk (对…有返贫风险的继续
# 实施帮扶), where the transition kept it for everyone, relaxes it. Both read the later passage's whole sentence:
# the condition and the support it limits are often two clauses (对于…会出现返贫风险的，要继续实施帮扶).
STANDING_SUPPORT = re.compile(clauses.STANDING_SUPPORT)
TRANSITION_SET_UP = re.compile(clauses.TRANSITION_SET_UP)
SUPPORT_ONLY_AT_RISK = re.compile(r"风险的[，,]?[^。；，,]{0,4}继续(实施|给予)?帮扶")
CONTINUED_SUPPORT = clauses.CONCEPTS["后续帮扶"]
RELAXES = re.compile(
    r"过渡期(后|结束|满)[^。；]*常态化|常态化[^。；]*过渡期(后|结束|满)"  # a standing mechanism after the transition
    r"|自主(确定|安排|决定|调整)|自行(确定|安排|决定|调整)|由(县|市县|各地|地方)[^。；]{0,12}(确定|决定|安排)"
    r"|赋予[^。；]{0,12}自主权"  # discretion handed down
    r"|(符合|达到)[^。；]{0,12}(条件|标准)[^。；]{0,8}(退出|不再)|退出(机制|条件)|放宽|(可|可以)(根据|结合)"
    r"|风险[^。；]{0,4}消除[^。；]{0,8}退出"  # an exit condition: out of support once the risk is removed
)
# A number (5年, 18亿亩, 80%) the earlier passage lacks, a floor, or a wider population or reach.
NUMBER = re.compile(r"\d+(\.\d+)?\s*[%％万亿个项年家户人]|[一二三四五六七八九十百千万]+[万亿]?(个|项|家|户|人|亩)")
# Units designated: a batch of them (确定一批), and how many (确定160个: the number is the group `count`).
DESIGNATION = r"(确定|认定|命名|遴选|选定)"
DESIGNATED_BATCH = re.compile(DESIGNATION + r"(一批|若干)")
DESIGNATED_COUNT = re.compile(DESIGNATION + r"[^。；，,\d]{0,3}?(?P<count>\d+个)")
STRENGTHENS = re.compile(
    r"不低于|不少于|至少|全覆盖|覆盖(全体|所有|全部)|扩大[^。；]{0,10}(规模|范围|覆盖)|推广|统筹(开展|建立|推进)"
    r"|应[保纳]尽[保纳]"
)
# More mechanisms in the same direction: a new instrument named.
ELABORATES = re.compile(r"机制|体系|台账|行动|制度|办法|平台|清单|评估|标准|差异化|分类(推进|施策|实施)|原则|试点|示范")


ENDING_RELATIONS = ("supersedes", "relaxes")  # the relations that end or loosen a measure, the stronger first


def relation_of(later: str, earlier: str, later_is_local: bool = False, later_sentence: str = "") -> str:
    """`later`: the later passage; `earlier`: the earlier passage's sentence; `later_sentence`: the later
    passage's (the passage itself when not given)."""
    later_sentence = later_sentence or later
    if new_cue(SUPERSEDES, later, earlier) or ends_transition(later_sentence, earlier):
        return "supersedes"
    if new_cue(RELAXES, later, earlier) or limits_support(later_sentence, earlier):
        return "relaxes"
    if later_is_local:
        return "localises"
    if new_numbers(later, earlier) or new_cue(STRENGTHENS, later, earlier):
        return "strengthens"
    if new_cue(ELABORATES, later, earlier):
        return "elaborates"
    return "restates"


def ends_transition(later_sentence: str, earlier: str) -> bool:
    return bool(STANDING_SUPPORT.search(later_sentence) and TRANSITION_SET_UP.search(earlier)
                and not STANDING_SUPPORT.search(earlier))


def limits_support(later_sentence: str, earlier: str) -> bool:
    """Support kept only for those at risk, where the earlier passage kept it for everyone (摘帽不摘帮扶)."""
    return bool(SUPPORT_ONLY_AT_RISK.search(later_sentence) and CONTINUED_SUPPORT.search(earlier))


def new_cue(pattern: re.Pattern, later: str, earlier: str) -> bool:
    earlier_cues = {match.group() for match in pattern.finditer(earlier)}
    return any(match.group() not in earlier_cues for match in pattern.finditer(later))


def new_numbers(later: str, earlier: str) -> bool:
    """Whether the later passage has a number the earlier lacks, but for the count of units designated where the
    earlier passage designated a batch of them (确定160个国家乡村振兴重点帮扶县 after 确定一批…): how many were
    named is no harder target."""
    earlier_numbers = {match.group() for match in NUMBER.finditer(earlier)}
    counts = set()
    if DESIGNATED_BATCH.search(earlier):
        counts = {match.span("count") for match in DESIGNATED_COUNT.finditer(later)}
    return any(match.group() not in earlier_numbers and match.span() not in counts
               for match in NUMBER.finditer(later))
