"""The relation of a later passage to the earlier one it carries forward (pure; rules on the two passages).

The rules read the later passage (the aligned clause) against the whole sentence of the earlier one (what the
earlier item said there). A cue counts only when the later passage has it and the earlier sentence does not:
严守耕地红线 restating 守住耕地红线 is no harder, and a 机制 the earlier item already had is no new
mechanism. The first rule that fires wins, in this order: an ended or replaced measure (supersedes) outweighs
everything; loosening (relaxes) is checked before the carrying body, since a province handing discretion on is
still a relaxation; a local issuer (localises) before the direction of the change; a harder obligation
(strengthens) before added detail (elaborates).
"""

from __future__ import annotations

import re

SUPERSEDES = re.compile(r"废止|不再(实施|执行|保留|开展|设立)|取代|代替|停止执行|同时失效")
RELAXES = re.compile(
    r"过渡期(后|结束|满)[^。；]*常态化|常态化[^。；]*过渡期(后|结束|满)"  # a standing mechanism after the transition
    r"|自主(确定|安排|决定|调整)|自行(确定|安排|决定|调整)|由(县|市县|各地|地方)[^。；]{0,12}(确定|决定|安排)"
    r"|(符合|达到)[^。；]{0,12}(条件|标准)[^。；]{0,8}(退出|不再)|退出(机制|条件)|放宽|(可|可以)(根据|结合)"
)
# A number (5年, 18亿亩, 80%) the earlier passage lacks, a floor, or a wider population or reach.
NUMBER = re.compile(r"\d+(\.\d+)?\s*[%％万亿个项年家户人]|[一二三四五六七八九十百千万]+[万亿]?(个|项|家|户|人|亩)")
STRENGTHENS = re.compile(
    r"不低于|不少于|至少|全覆盖|扩大[^。；]{0,10}(规模|范围|覆盖)|推广|统筹(开展|建立|推进)|应[保纳]尽[保纳]"
)
# More mechanisms in the same direction: a new instrument named.
ELABORATES = re.compile(r"机制|体系|台账|行动|制度|办法|平台|清单|评估|标准|差异化|分类(推进|施策|实施)|原则|试点|示范")


def relation_of(later: str, earlier: str, later_is_local: bool = False) -> str:
    if new_cue(SUPERSEDES, later, earlier):
        return "supersedes"
    if new_cue(RELAXES, later, earlier):
        return "relaxes"
    if later_is_local:
        return "localises"
    if new_numbers(later, earlier) or new_cue(STRENGTHENS, later, earlier):
        return "strengthens"
    if new_cue(ELABORATES, later, earlier):
        return "elaborates"
    return "restates"


def new_cue(pattern: re.Pattern, later: str, earlier: str) -> bool:
    earlier_cues = {match.group() for match in pattern.finditer(earlier)}
    return any(match.group() not in earlier_cues for match in pattern.finditer(later))


def new_numbers(later: str, earlier: str) -> bool:
    earlier_numbers = {match.group() for match in NUMBER.finditer(earlier)}
    return any(match.group() not in earlier_numbers for match in NUMBER.finditer(later))
