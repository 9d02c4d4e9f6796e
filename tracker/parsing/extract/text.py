"""Text helpers shared by the extractors.

`fold` brings a measure's text to the forms the extractors' patterns are written for: full-width brackets
and punctuation, ASCII digits, no spaces between Chinese characters (保 持 主 要, 过渡期前 3 年). Expressions
and evidence are reported from the folded text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Container, Iterable

from ..characters import IDEOGRAPH

# One character for one character, so offsets survive (collation relies on it).
WIDTH_FOLD = {
    "(": "（",
    ")": "）",
    ":": "：",
    ";": "；",
    "!": "！",
    "?": "？",
    "％": "%",
    "\u3000": " ",
    "．": ".",
    "―": "—",  # (U+2015, a horizontal bar, printed for the range dash: 2021―2030年)
    **{chr(0xFF10 + i): str(i) for i in range(10)},  # full-width digits
}
# A comma is a thousands separator between digits (1,000), punctuation everywhere else.
_THOUSANDS = re.compile(r"(\d)，(\d{3})(?!\d)")
# Runs of spaces and tabs. Texts without a tab use the pattern that opens with a literal: the regex engine
# skips ahead to it fast, while it tests every character against a class (and a repeat first hides even that)
_SPACES_AND_TABS = re.compile(r"[ \t][ \t]*")
_SPACES = re.compile(r"  *")
_CLOSES_UP = re.compile(rf"[{IDEOGRAPH}（）“”《》，、。；：%]")


def fold(text: str) -> str:
    """Brackets and punctuation full-width, digits ASCII, letter-spacing between Chinese characters removed."""
    # str.replace per character present is far faster than str.translate or a regex on non-ASCII text
    for half, full in WIDTH_FOLD.items():
        if half in text:
            text = text.replace(half, full)
    if "," in text:
        text = _THOUSANDS.sub(r"\1,\2", text.replace(",", "，"))
    spaces = _SPACES_AND_TABS if "\t" in text else _SPACES if " " in text else None
    if spaces:
        text = spaces.sub(lambda m: "" if _spacing_between_chinese(text, *m.span()) else m.group(), text)
    return text


def _spacing_between_chinese(text: str, start: int, end: int) -> bool:
    """保 持 and 前 3 年 close up; 'RCEP 协定' and 'and 和' keep their space."""
    before, after = text[start - 1 : start], text[end : end + 1]
    return bool(
        (_CLOSES_UP.match(before) and (_CLOSES_UP.match(after) or after.isdigit()))
        or (before.isdigit() and _CLOSES_UP.match(after))
    )


# A measure's own label at its start: （一） 一、 1. 1、 （1） 第一， 一是 ——
_LABEL = re.compile(
    r"^\s*(?:#+\s*)?(?:"
    r"（[一二三四五六七八九十百\d\s]+）"
    r"|[一二三四五六七八九十百]+、"
    r"|\d{1,3}(?:\.(?!\d)|、)"
    r"|第[一二三四五六七八九十百\d]+(?:[，、：]|个问题：?|部分|章|条|节)"
    r"|[一二三四五六七八九十]+是"
    r"|——"
    r")\s*"
)


def label_length(text: str) -> int:
    """Length of the item label the text opens with (0 when there is none)."""
    match = _LABEL.match(text)
    return match.end() if match else 0


_SENTENCE_END = re.compile(r"[。！？\n]")


def heading_sentence(text: str) -> tuple[int, int]:
    """Span of the first sentence after the item label: where a heading, if any, lives."""
    start = label_length(text)
    match = _SENTENCE_END.search(text, start)
    return start, match.end() if match else len(text)


_SENTENCE_MARKS = "。！？；\n"
_SENTENCE_MARK = re.compile(f"[{_SENTENCE_MARKS}]")
_SENTENCE_REACH = 200  # characters: where the sentence start is looked for first (a mark absent from a long
# article would otherwise be searched for through all of it)


def sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """Span of the sentence (up to 。！？；) around `position`."""
    near = max(0, position - _SENTENCE_REACH)
    last_mark = max(text.rfind(mark, near, position) for mark in _SENTENCE_MARKS)
    if last_mark == -1 and near > 0:
        last_mark = max(text.rfind(mark, 0, near) for mark in _SENTENCE_MARKS)
    next_mark = _SENTENCE_MARK.search(text, position)
    return last_mark + 1, (next_mark.end() if next_mark else len(text))


_TITLE = re.compile(r"《[^《》]*》")
_ENCLOSED = re.compile(r"《[^《》]*》|“[^“”]*”|\"[^\"]*\"|「[^「」]*」")


def enclosed_spans(text: str) -> list[tuple[int, int]]:
    """Spans of titles 《…》 and quotations “…”: what they contain is cited, not decided, by the measure."""
    return [m.span() for m in _ENCLOSED.finditer(text)]


def title_spans(text: str) -> Container[int]:
    """Spans of titles 《…》: years and numbers in a cited title belong to the title, not to the measure."""
    if "《" not in text:
        return NO_SPANS  # most texts cite no title
    return Spans(m.span() for m in _TITLE.finditer(text))


class Spans:
    """[start, end) spans with a fast `position in spans` test (bisect over the merged spans)."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _end in merged]
        self._ends = [end for _start, end in merged]

    def __contains__(self, position: int) -> bool:
        index = bisect_right(self._starts, position) - 1
        return index >= 0 and position < self._ends[index]


NO_SPANS: Container[int] = frozenset()  # no spans: an empty frozenset, whose `in` runs in C
