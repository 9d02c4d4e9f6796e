"""Item numbers ("labels") of Chinese documents: recognising them and writing them canonically.

A label is matched at the start of a paragraph (or, for the inline styles, after a clause boundary inside
one). Each style has a canonical form used in measure paths (DESIGN.md, "The parser contract") and a rank:
documents nest 第X编 > 第X章 > 第X节 > 第X条 and 一、 > （一） > 1. > （1） > ①, while the discourse styles
(第X部分, 第X个问题, 第一，, 一是, ——) have no fixed rank and nest wherever they appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tracker.parsing.characters import IDEOGRAPH
from tracker.parsing.numerals import CN_DIGITS, CN_SMALL_UNITS, to_int

# A law's table of contents, printed as 目录 or 目　　录: its entries look like items but are not.
_TABLE_OF_CONTENTS = re.compile(r"目\s*录")
_CN = f"[{CN_DIGITS}{CN_SMALL_UNITS}]{{1,6}}"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


@dataclass(frozen=True)
class Style:
    name: str
    rank: int | None  # None: a discourse style without a fixed place in the hierarchy
    strength: int  # how surely a line starting with it starts a paragraph: 2 always, 1 usually, 0 not by itself
    inline: bool  # may also appear inside a paragraph: "…：一是…。二是…。"
    running: bool  # items are running provisions: never a heading (a law's 第X条)
    paragraph_level: bool  # a list of paragraphs (第一，/一是/——), not a section that holds lists
    canonical: str  # format of the canonical label; {n} is the numeral as printed, {i} the integer


STYLES = {
    style.name: style
    for style in (
        Style("bian", 0, 2, False, False, False, "第{n}编"),
        Style("zhang", 1, 2, False, False, False, "第{n}章"),
        Style("jie", 2, 2, False, False, False, "第{n}节"),
        Style("tiao", 3, 2, False, True, False, "第{n}条"),
        Style("part", None, 2, False, False, False, "第{n}部分"),
        Style("question", None, 2, False, False, False, "第{n}个问题"),
        Style("cn_dun", 10, 2, False, False, False, "{n}"),
        Style("cn_paren", 11, 2, False, False, False, "（{n}）"),
        Style("arabic", 12, 1, True, False, False, "{i}"),
        Style("arabic_paren", 13, 1, True, False, False, "（{i}）"),
        Style("circled", 14, 1, True, False, False, "{n}"),
        Style("ordinal", None, 1, True, False, True, "第{n}"),
        Style("shi", None, 0, True, False, True, "{n}是"),
        Style("dash", None, 2, False, False, True, "——{i}"),
    )
}

# Order matters: the longer, more specific forms first. Each pattern captures the numeral as group "n".
_PATTERNS = (
    ("bian", rf"第(?P<n>{_CN}|\d{{1,3}})编[ 　]*"),
    ("zhang", rf"第(?P<n>{_CN}|\d{{1,3}})章[ 　]*"),
    ("jie", rf"第(?P<n>{_CN}|\d{{1,3}})节[ 　]*"),
    ("tiao", rf"第(?P<n>{_CN}|\d{{1,3}})条(?:[ 　]+|(?=[{IDEOGRAPH}“（(]))"),
    ("part", rf"第(?P<n>{_CN})部分[：:，,　 ]*"),
    ("question", rf"第(?P<n>{_CN})个问题[：:，,　 ]*"),
    ("ordinal", rf"第(?P<n>{_CN})[，,、：:][ 　]*"),
    ("cn_dun", rf"(?P<n>{_CN})[、．](?!{_CN}[、月季年日])[ 　]*"),  # not 三、四月份
    ("cn_paren", rf"[（(][ 　]*(?P<n>{_CN})[ 　]*[）)][ 　]*"),
    ("arabic_paren", r"[（(](?P<n>\d{1,5})[）)][ 　]*"),
    ("arabic", r"(?P<n>\d{1,5})(?:[.．](?!\d)|、(?!\d))[ 　]*"),
    ("circled", rf"(?P<n>[{_CIRCLED}])[ 　]*"),
    ("shi", rf"(?P<n>{_CN})是(?=[{IDEOGRAPH}“])"),
    # A dash bullet holds a sentence; `——习近平` under a quotation is an attribution.
    ("dash", rf"(?P<n>——|──|--|－－)[ 　]*(?=[{IDEOGRAPH}“][^\n]*[。；;，,])"),
)
_CN_FIRST = CN_DIGITS + CN_SMALL_UNITS
_FIRST_CHARACTERS = {  # what each style's label can start with
    **dict.fromkeys(("bian", "zhang", "jie", "tiao", "part", "question", "ordinal"), "第"),
    **dict.fromkeys(("cn_dun", "shi"), _CN_FIRST),
    **dict.fromkeys(("cn_paren", "arabic_paren"), "（("),
    "arabic": "0123456789",
    "circled": _CIRCLED,
    "dash": "—─-－",
}


def _alternation(names: tuple[str, ...]) -> re.Pattern:
    """One regex for the styles `names`, in the order of _PATTERNS: group <style> holds the label, group
    <n_style> its numeral."""
    return re.compile(
        "|".join(
            f"(?P<{name}>{pattern.replace('(?P<n>', f'(?P<n_{name}>')})" for name, pattern in _PATTERNS if name in names
        )
    )


# Per first character, the alternation of only the styles that can start with it: a line opening with 一
# tries two patterns, not fourteen (the same label wins: the others fail at its first character anyway).
_AT_START = {
    first: _alternation(tuple(name for name, _ in _PATTERNS if first in _FIRST_CHARACTERS[name]))
    for first in "".join(_FIRST_CHARACTERS.values())
}
LINE_START_FIRST = frozenset(_AT_START)  # the characters a label can open a line with
# Inline labels follow a clause boundary: "…事项：一是…。二是…"
_INLINE = {
    name: re.compile(rf"(?<=[：:；;。！？，,])[ 　]*(?P<label>{pattern})")
    for name, pattern in _PATTERNS
    if STYLES[name].inline
}


@dataclass(frozen=True)
class Label:
    style: Style
    number: int
    printed: str  # the label as printed, without its trailing separator: "(十九)", "第一", "1."
    start: int  # offsets in the text the label was matched in
    end: int  # where the item's own words begin (after the separator)

    @property
    def spaced(self) -> bool:
        """Printed with a space after it, as a law prints its articles (`第十二条　…`); not prose (`第十二条规定`)."""
        return self.end - self.start > len(self.printed)

    @property
    def canonical(self) -> str:
        """The label as it appears in a path: `（十九）` for `(十九)`, `1` for `1.`, `——2` for the second dash."""
        numeral = self.printed if self.style.name == "circled" else _numeral(self.printed)
        return self.style.canonical.format(n=numeral, i=self.number)


_NUMERAL = re.compile(rf"{_CN}|\d+")


def _numeral(printed: str) -> str:
    match = _NUMERAL.search(printed)
    return match.group() if match else printed


def match_at(text: str, position: int = 0) -> Label | None:
    """The label that opens `text` at `position`, or None."""
    at_start = _AT_START.get(text[position : position + 1])
    if at_start is None:
        return None  # most paragraphs and lines: no pattern to try
    match = at_start.match(text, position)
    if match is None:
        return None
    name = match.lastgroup
    return _label(name, match.group(f"n_{name}"), match.group(name), match.start(), match.end())


# An inline run needs its label numbered 2 (二是, 第二，, （2）, 2., ②; a Chinese numeral worth 2 ends in 二 or 两):
# one character class first (the regex engine skips ahead fast), lookbehinds for the rest (2. is not 12. or 2.5).
_SECOND_INLINE_LABEL = re.compile(
    r"[\d②二两](?:(?<=\d)[）)]|(?<=[^\d.．]2)[.．、](?!\d)|(?<=②)|(?<=[二两])[，,、：:是])"
)


def may_hold_inline_run(text: str) -> bool:
    """A quick test before looking for inline enumerations (一是…二是…), which most paragraphs do not have."""
    if "二" not in text and "两" not in text and "②" not in text and "）" not in text and ")" not in text:
        return False  # (`in` is quicker still than the regex)
    return _SECOND_INLINE_LABEL.search(text) is not None


# A character every inline label of the style holds: without one, the style's regex need not scan the text.
_INLINE_NEEDS = {"arabic_paren": "（(", "arabic": ".．、", "circled": _CIRCLED, "ordinal": "第", "shi": "是"}


def inline_labels(text: str, style_name: str) -> list[Label]:
    """Labels of an inline style found after clause boundaries inside `text` (not at its start)."""
    if not any(character in text for character in _INLINE_NEEDS[style_name]):
        return []
    return [
        _label(style_name, match.group("n"), match.group("label"), match.start("label"), match.end("label"))
        for match in _INLINE[style_name].finditer(text)
    ]


def _label(name: str, numeral: str, matched: str, start: int, end: int) -> Label:
    style = STYLES[name]
    if name == "circled":
        number = _CIRCLED.index(numeral) + 1
    elif name == "dash":
        number = 0  # dash bullets are numbered by position, later
    else:
        number = to_int(numeral)
    # The separator after a numeral is part of how 一、 and 1. are printed, not of 第一， or 第一个问题：
    printed = matched.rstrip(" 　") if name in ("cn_dun", "arabic") else matched.rstrip(" 　：:，,、")
    return Label(style, number, printed, start, end)


def is_table_of_contents(text: str) -> bool:
    """Whether a paragraph heads a table of contents (testing the first character spares most the regex)."""
    return text[:1] == "目" and _TABLE_OF_CONTENTS.fullmatch(text) is not None


def strength_at_line_start(line: str) -> int:
    """How surely a line opening with a label starts a new paragraph (-1 when it opens with none)."""
    match = _match_at_start(line)
    return STYLES[match.lastgroup].strength if match else -1  # the style is enough: no Label is built


def opens_with_label(text: str) -> bool:
    """Whether a label opens `text` (`match_at` without building the Label)."""
    return _match_at_start(text) is not None


def _match_at_start(text: str) -> re.Match | None:
    at_start = _AT_START.get(text[:1])
    return None if at_start is None else at_start.match(text)  # most texts: no pattern to try
