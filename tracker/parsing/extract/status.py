"""The parser's proposal for a measure's initial status, with the rule that gave it.

Cue words: ongoing (a standing policy that continues) 继续 延续 保持 坚持 持续 保留 维持 沿用;
in_progress (work being built or advanced) 建立 健全 探索 完善 推进 推动 加快 深化 构建 创新;
discontinued 不再 停止 取消 废止.

Precedence, first that applies:
1. the heading sentence (the item's first sentence, after its label) holds a discontinue cue → discontinued;
2. the first cue in the heading sentence decides (继续完善 → ongoing; 坚持和完善 → ongoing; 建立健全 → in_progress);
3. otherwise the cues opening the body's sentences (after 。；, or after 要/应): the status with more of them,
   the earlier on a tie;
4. otherwise not_yet_rated, with no rule.
A discontinue cue deep in the body (中部地区不再实施…) concerns a part of the measure, so it does not make the
whole measure discontinued. 可持续 is not 持续.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .text import heading_sentence

_CUES = {
    **dict.fromkeys(("继续", "延续", "保持", "坚持", "持续", "保留", "维持", "沿用"), "ongoing"),
    **dict.fromkeys(("建立", "健全", "探索", "完善", "推进", "推动", "加快", "深化", "构建", "创新"), "in_progress"),
}
_DISCONTINUE = re.compile(r"不再|停止|取消|废止")
_CUE = re.compile("|".join(_CUES))  # starts with literals, so the regex engine skips ahead fast
_SENTENCE_STARTS_AFTER = ("。", "；", "！", "？", "\n", "要", "应当", "应")
_SENTENCE_OPENERS = ("同时", "此外", "进一步", "要", "应", "全面", "大力", "积极", "稳步", "逐步", "有序")
_OPENS_SENTENCE = re.compile(rf"(?:^|{'|'.join(_SENTENCE_STARTS_AFTER)})\s*(?:{'|'.join(_SENTENCE_OPENERS)})*$")
# What a cue opening a sentence follows at once (besides a space or nothing): the last character of one of those.
# The body's cues are found with that test inside the pattern, after each cue's first character (so the pattern
# still opens with literals, for the regex engine to skip ahead fast): most cues fail it (可持续 too), and no
# Python runs for them. No cue starts with such a character, so a cue that fails hides no cue inside it.
_OPENS_SENTENCE_LAST = re.escape("".join(sorted({word[-1] for word in _SENTENCE_STARTS_AFTER + _SENTENCE_OPENERS})))
_BODY_CUE = re.compile("|".join(rf"{cue[0]}(?<![^{_OPENS_SENTENCE_LAST}\s]{cue[0]}){cue[1:]}" for cue in _CUES))


def propose_status(text: str) -> tuple[str, str | None]:
    """(status, rule) for the measure `text` (folded)."""
    start, end = heading_sentence(text)
    heading = text[start:end]
    discontinue = _DISCONTINUE.search(heading)
    if discontinue:
        return "discontinued", f"heading: {discontinue.group()} → discontinued"
    cue = next(_cues(heading), None)
    if cue:
        return _CUES[cue.group()], f"heading: {cue.group()} → {_CUES[cue.group()]}"
    return _body_status(text[end:])


def _cues(text: str) -> Iterator[re.Match]:
    return (m for m in _CUE.finditer(text) if text[m.start() - 1 : m.start()] != "可")  # 可持续 is not 持续


def _body_status(body: str) -> tuple[str, str | None]:
    cues = [m.group() for m in _BODY_CUE.finditer(body) if _opens_sentence(body, m.start())]
    if not cues:
        return "not_yet_rated", None
    votes = Counter(_CUES[cue] for cue in cues)
    first_status = _CUES[cues[0]]
    status = max(votes, key=lambda s: (votes[s], s == first_status))
    tally = ", ".join(f"{word}×{count}" for word, count in Counter(cues).items())
    return status, f"body sentences: {tally} → {status}"


def _opens_sentence(body: str, position: int) -> bool:
    # (what the cue follows at once has been tested by _BODY_CUE)
    return _OPENS_SENTENCE.search(body, max(0, position - 12), position) is not None
