"""Undo the artefacts of newspaper pages and OCR, giving the text every span of the parser indexes.

The normalised text is one paragraph per line ("\\n" between paragraphs, no blank lines). It differs from the
decoded source in these ways only:
- hard-wrapped column lines are joined back into paragraphs, also across a page or column break that falls
  inside a word (`提\\n\\n升`); a line starts a new paragraph when the genre says so: the previous line ends a
  sentence and is short or followed by a blank line, or the next line opens with an item number, a
  dateline, a markdown heading or a continuation mark;
- a piece of another article printed in the wrong column (it starts mid-sentence, after a finished
  sentence) is moved to the open sentence it continues, when its words fit there better than where it
  stands;
- letter-spaced Chinese is closed up (`保 持 主 要` -> `保持主要`, `（十 一）`, `过渡期前 3 年` -> `过渡期前3年`);
  spaces between words of several characters (`中共中央 国务院`) and between Latin words are kept;
- markdown heading marks (`## 三、…`) and indentation are removed (the heading level is kept on the
  paragraph); full-width digits and Latin letters become ASCII; punctuation and brackets keep the width
  they were printed with (labels are made canonical by the outline, not here);
- continuation marks (`（上接第一版）`, `（下转第二版）`) stand as paragraphs of their own, flagged.
Suspected OCR slips (a lowercase Latin word inside Chinese, `千部` for `干部`) are recorded, never changed.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from tracker.parsing import labels
from tracker.parsing.records import OcrSlip

IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation and brackets of Chinese text.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—·"
_SENTENCE_END = "。！？!?…"
_ASCII_LETTERS = frozenset(string.ascii_letters)
_CLOSING_QUOTES = "”’」』\"'"
_WORD_TAIL = re.compile(r"[\u4e00-\u9fff][，。、；：,;:]")  # the end of a word cut by a break: 析，
_CLOSING_PUNCT = "，。、；：？！）》”’」』,.;:?!)"  # no paragraph starts with one of these
# A line ending in one of these is certainly continued on the next line.
_OPEN_END = "，、（“‘《〈【〔「『(—·"
# Characters that cannot start a sentence: a line starting with one continues a sentence begun elsewhere.
# (Closing quotes and brackets are left out: set at a line's start, they close the sentence before.)
_MID_SENTENCE_START = re.compile(r"[，、；：,;:]|的(?![确士])")
_MID_SENTENCE_FIRST = frozenset("，、；：,;:的")

# Full-width digits and Latin letters, and odd spaces: replaced by regex (str.translate is slow on Chinese).
_ALNUM_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％\u00a0\t]")


def _fold_alnum_width(text: str) -> str:
    return _ALNUM_WIDTH.sub(lambda match: _ascii_form(match.group()), text)


def _ascii_form(ch: str) -> str:
    return " " if ch in "\u00a0\t" else chr(ord(ch) - 0xFEE0)


_MARKDOWN_HEADING = re.compile(r"^(#{1,6})[ 　]+")
_CONTINUATION_MARK = re.compile(r"[（(][ 　]*(?P<kind>上接|下转|转自|接)第?[^（）()\n]{1,8}?[版页面][ 　]*[）)]")
_DATELINE_FIRST = frozenset("（(据新本中人央光经")
DATELINE = re.compile(
    r"^[（(]?据?(?:新华社|本报|中新社|中国新闻社|人民日报|新华网|人民网|央视网|央视新闻|光明日报|经济日报)"
    r"[\u4e00-\u9fff]{0,8}?(?:(?P<year>\d{4})年)?(?:(?P<month>\d{1,2})月)?(?:(?P<day>\d{1,2})日)?(?:电|讯)"
)
_SPACES = re.compile(r"[ 　][ 　]*")  # not [ 　]+: a repeat first hides the class from the regex engine
_LABEL_OR_DATELINE_FIRST = labels.LINE_START_FIRST | _DATELINE_FIRST
_IDEOGRAPH_RUN = re.compile(f"[{IDEOGRAPH}]{{2,}}")
# The spacing patterns open with the space (or digit) they remove, so the regex engine skips ahead to one;
# a lookbehind over it and the character before then checks what precedes the run.
# A run of spaces before punctuation (not after a Latin word), or after punctuation (not before one).
_SPACE_BY_PUNCT = re.compile(
    rf"[ 　](?:(?<![A-Za-z 　][ 　])[ 　]*(?=[{CJK_PUNCT}])|(?<=[{CJK_PUNCT}][ 　])[ 　]*(?![A-Za-z]))"
)
# Digits spaced out one by one (`2 0 1 9`), as in a letter-spaced heading.
_SPACED_DIGITS = re.compile(r"\d(?<![\w.]\d)(?: \d)+(?![\w.])")
_SPACE_BY_DIGIT = re.compile(rf"[ 　](?:(?<=[{IDEOGRAPH}][ 　])[ 　]*(?=[\d%])|(?<=[\d%][ 　])[ 　]*(?=[{IDEOGRAPH}]))")
_SPACE_IN_IDEOGRAPHS = re.compile(rf"[ 　](?<=[{IDEOGRAPH}][ 　])[ 　]*(?=[{IDEOGRAPH}])")
_LATIN_WORD_IN_CHINESE = re.compile(
    rf"(?<=[{IDEOGRAPH}{CJK_PUNCT}])[ ]*\b([a-z]{{2,6}})\b[ ]*(?=[{IDEOGRAPH}{CJK_PUNCT}])"
)
_LOWERCASE_RUN = re.compile(r"[a-z][a-z]*")  # (a class first: the engine skips ahead to one)
# OCR confusions of one character for a look-alike; the guard keeps real uses (上千部电影). The guard is a
# lookbehind after 千, so the pattern starts with a literal and the regex engine skips ahead fast.
_KNOWN_CONFUSIONS = (("千部", "干部", re.compile(r"千(?<![\d零〇一二两三四五六七八九十百千万上数几]千)部")),)
# A document's number (国发〔2019〕3号) and its date (（2020年12月16日）, 2019年1月24日): each printed on a line alone.
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,10}[〔［\[（(]\d{4}[〕］\]）)]\d{1,4}号")
FULL_DATE = re.compile(r"[（(]?(\d{4})年(\d{1,2})月(\d{1,2})日[）)]?")
_TITLE_SPACING = re.compile(rf"[{IDEOGRAPH}”]{{2}}[ 　]+[{IDEOGRAPH}“]{{2}}")

_HOST_REACH = 250  # lines either side of a displaced piece where the sentence it continues is looked for
_COLUMN_WINDOW = 8  # lines either side used to measure the local column width
_COLUMN_BLOCK = 4  # lines that share one measurement
_MAX_COLUMN_WIDTH = 64  # display width (a Chinese character counts 2): wider lines are prose, not columns
_FULL_LINE = 0.75  # of the column width: a line at least this wide was cut by the column, not ended
_MIN_CUT_SHARE = 0.3  # of narrow lines cut mid-sentence at the column's width, for a text to be in columns
_SHORT_PROSE_LINE = 40  # characters: a prose line this short with no sentence punctuation is a heading


class Paragraph(NamedTuple):  # a NamedTuple: made once per paragraph, several times faster than a dataclass
    start: int  # span in the normalised text
    end: int
    heading_level: int = 0  # markdown heading level (## -> 2), 0 when none
    gap_before: int = 0  # blank lines before it in the source
    mark: str | None = None  # "continued_from" / "continued_to" for a continuation mark


@dataclass(frozen=True)
class Normalised:
    text: str
    paragraphs: tuple[Paragraph, ...]
    slips: tuple[OcrSlip, ...]

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]


class _Line:
    """A printed line and what the joining rules ask of it, computed once (the parser's hot path)."""

    __slots__ = ("bracketed", "ends_sentence", "gap_before", "heading_level", "label_strength", "mark",
                 "opens_with_dateline", "stands_alone", "text", "width")  # fmt: skip

    def __init__(self, text: str, gap_before: int = 0, heading_level: int = 0, mark: str | None = None):
        self.text = text
        self.width = display_width(text)  # as printed (letter spaces included): what fills a column
        self.gap_before = gap_before
        self.heading_level = heading_level
        self.mark = mark
        last = text[-2] if text[-1] in _CLOSING_QUOTES and len(text) > 1 else text[-1]  # (a quote closes after)
        self.ends_sentence = last in _SENTENCE_END
        self.label_strength, self.opens_with_dateline = -1, False
        if text[0] in _LABEL_OR_DATELINE_FIRST:  # the text opens with no space, so as its head does
            head = self.head
            self.label_strength = labels.strength_at_line_start(head)
            self.opens_with_dateline = head[0] in _DATELINE_FIRST and DATELINE.match(head) is not None
        self.stands_alone = len(text) <= 40 and text[-1] in "号日）)电讯" and _stands_alone(text)
        self.bracketed = text[0] in "（(" and text[-1] in "）)" and len(text) > 2  # a source note, a byline

    @property
    def head(self) -> str:
        """The line's opening with spaces removed, for recognising labels and datelines."""
        opening = self.text[:24]
        return _SPACES.sub("", opening) if " " in opening or "　" in opening else opening


def _stands_alone(text: str) -> bool:
    """A document number, a date or a bare dateline (`新华社北京3月22日电`): never part of a paragraph."""
    compact = _SPACES.sub("", text)
    if DOCUMENT_NUMBER.fullmatch(compact) or FULL_DATE.fullmatch(compact):
        return True
    dateline = DATELINE.match(compact)
    return dateline is not None and compact[dateline.end() :] in ("", "）", ")")


def normalise(text: str) -> Normalised:
    lines = _relocate_displaced_fragments(_lines(text))
    paragraphs = _join(lines)
    out, records, position = [], [], 0
    for group in paragraphs:
        first = group[0]
        body = _paragraph_text(_concatenate(group), first.opens_with_dateline)
        records.append(Paragraph(position, position + len(body), first.heading_level, first.gap_before, first.mark))
        out.append(body)
        position += len(body) + 1
    normalised_text = "\n".join(out)
    return Normalised(normalised_text, tuple(records), tuple(find_slips(normalised_text)))


def _paragraph_text(text: str, opens_with_dateline: bool) -> str:
    """The paragraph closed up; the space after a dateline (`新华社北京3月22日电 3月22日，…`) is kept."""
    dateline = DATELINE.match(text) if opens_with_dateline else None
    if dateline and text[dateline.end() : dateline.end() + 1] == " ":
        return close_spacing(text[: dateline.end()]) + " " + close_spacing(text[dateline.end() :].lstrip())
    return close_spacing(text)


# ---------------------------------------------------------------------------------------------- lines


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    gap = 0
    for raw in _fold_alnum_width(text).split("\n"):
        stripped = raw.strip(" 　")
        if not stripped:
            gap += 1
            continue
        level = 0
        if stripped[0] == "#" and (heading := _MARKDOWN_HEADING.match(stripped)):
            level, stripped = len(heading.group(1)), stripped[heading.end() :]
        if "接" in stripped or "转" in stripped:
            for piece, mark in _split_marks(stripped):
                lines.append(_Line(piece, gap, level if mark is None else 0, mark))
                gap = 0
        else:
            lines.append(_Line(stripped, gap, level))
            gap = 0
    return lines


def _split_marks(line: str) -> list[tuple[str, str | None]]:
    """A continuation mark becomes a line of its own, so it never glues two articles together."""
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for match in _CONTINUATION_MARK.finditer(line):
        before = line[position : match.start()].strip()
        if before:
            pieces.append((before, None))
        kind = "continued_to" if match.group("kind") == "下转" else "continued_from"
        pieces.append((match.group(), kind))
        position = match.end()
    rest = line[position:].strip()
    if rest:
        pieces.append((rest, None))
    return pieces


def display_width(text: str) -> int:
    """Columns a line fills: 2 for a Chinese character or full-width form (any non-ASCII), 1 for ASCII."""
    return 2 * len(text) - len(text.encode("ascii", "ignore"))


# --------------------------------------------------------------------------- column-order repair


def _relocate_displaced_fragments(lines: list[_Line]) -> list[_Line]:
    """Move a piece printed out of column order to the unfinished sentence it continues.

    A displaced piece starts mid-sentence right after a finished sentence, and ends mid-sentence. It is moved
    after the unfinished line elsewhere whose surroundings share the most words (character bigrams) with it,
    if they share clearly more than its present surroundings do.
    """
    index = _next_mid_sentence_start(lines, 1)
    while index is not None:
        fragment_end = _displaced_fragment_end(lines, index)
        host = None if fragment_end is None else _best_host(lines, index, fragment_end)
        if host is None:
            index = _next_mid_sentence_start(lines, index + 1)
            continue
        fragment = lines[index : fragment_end + 1]
        fragment[0].gap_before = 0
        rest = lines[:index] + lines[fragment_end + 1 :]
        host_position = host if host < index else host - len(fragment)
        lines = rest[: host_position + 1] + fragment + rest[host_position + 1 :]
        index = _next_mid_sentence_start(lines, min(index, host_position) + 1)
    return lines


def _next_mid_sentence_start(lines: list[_Line], start: int) -> int | None:
    for index in range(start, len(lines)):  # (a plain loop: every line is looked at, a generator costs more)
        if lines[index].text[0] in _MID_SENTENCE_FIRST:
            return index
    return None


def _displaced_fragment_end(lines: list[_Line], start: int) -> int | None:
    line, previous = lines[start], lines[start - 1]
    if line.mark or previous.mark or not previous.ends_sentence or not _MID_SENTENCE_START.match(line.text):
        return None
    for end in range(start, min(len(lines), start + 200)):
        if lines[end].mark or (end > start and lines[end].label_strength == 2):
            return None
        block_ends = end + 1 == len(lines) or lines[end + 1].gap_before > 0 or lines[end + 1].mark is not None
        if block_ends and not lines[end].ends_sentence and not lines[end].text.endswith("；"):
            return end  # the piece ends where a block (before a blank line) stops mid-sentence
    return None


def _best_host(lines: list[_Line], start: int, end: int) -> int | None:
    fragment = bigrams("".join(line.text for line in lines[start : end + 1]))
    if not fragment:
        return None
    context = _Context(lines, fragment, exclude=(start, end))
    best, best_score = None, context.overlap(start - 1) * 1.5 + 0.05
    for candidate in range(max(0, start - _HOST_REACH), min(len(lines) - 1, end + _HOST_REACH)):
        if start - 1 <= candidate <= end or not _could_host(lines, candidate):
            continue
        score = context.overlap(candidate)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _could_host(lines: list[_Line], index: int) -> bool:
    """An unfinished sentence at the end of a block (before a blank line or a mark), not a heading."""
    line, following = lines[index], lines[index + 1]
    return (
        (following.gap_before > 0 or following.mark is not None)
        and not line.mark
        and not line.heading_level
        and not line.ends_sentence
        and len(line.text) >= 12
        and line.label_strength < 0
        and not _MID_SENTENCE_START.match(following.text)
    )


class _Context:
    """The words of a fragment found around the end of a line: about `reach` characters either side, within
    its article piece.

    The fragment being placed is skipped; a continuation mark ends the piece (beyond it is another article).
    """

    def __init__(self, lines: list[_Line], words: set[str], exclude: tuple[int, int], reach: int = 400):
        self.lines, self.words, self.exclude, self.reach = lines, words, exclude, reach
        self._found: dict[int, set[str]] = {}  # line index -> the words on that line

    def overlap(self, index: int) -> float:
        """The share of the words found around the end of line `index`."""
        shared: set[str] = set()
        for step in (-1, 1):
            i, collected = (index if step < 0 else index + 1), 0
            while 0 <= i < len(self.lines) and not self.lines[i].mark and collected < self.reach:
                if not self.exclude[0] <= i <= self.exclude[1]:
                    shared |= self._found_on(i)  # no pair spans two lines
                    collected += len(self.lines[i].text)
                i += step
        return len(shared) / len(self.words)

    def _found_on(self, index: int) -> set[str]:
        """The words on line `index`, found once: neighbouring candidates share most of their lines. (The words
        are pairs of ideographs, so testing every pair of adjacent characters is enough, and cheaper than
        building the line's own set of bigrams.)"""
        found = self._found.get(index)
        if found is None:
            text = self.lines[index].text
            found = self._found[index] = set(filter(self.words.__contains__, map(operator.add, text, text[1:])))
        return found


def bigrams(text: str) -> set[str]:
    """Pairs of adjacent ideographs: a cheap, dictionary-free picture of what a Chinese text is about."""
    pairs: set[str] = set()
    for run in _IDEOGRAPH_RUN.findall(text):
        pairs.update(map(operator.add, run, run[1:]))
    return pairs


# ------------------------------------------------------------------------------------ joining


def _join(lines: list[_Line]) -> list[list[_Line]]:
    """Group lines into paragraphs."""
    column_widths = _column_widths(lines)
    words = _WordPairs(lines)
    groups: list[list[_Line]] = []
    for index, line in enumerate(lines):
        # a break inside a heading or a word is only ever looked for across a blank line
        if not groups:
            joined = False
        elif _continues(lines, index, column_widths[index - 1]):
            joined = not (line.gap_before and _heading_ends(groups[-1], line, index, words))
        else:
            joined = (
                bool(line.gap_before)
                and column_widths[index - 1] is not None
                and _cut_inside_a_word(groups[-1], line, index, words)
            )
        if joined:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _cut_inside_a_word(paragraph: list[_Line], line: _Line, index: int, words: _WordPairs) -> bool:
    """A paragraph of several lines whose sentence stops short before a blank line, inside a word (the pair
    across the break is used elsewhere in the document: …技术手段提 / 升监测…, or the next line opens with a
    one-character clause: …理论辨 / 析，澄清…): a page break, not the paragraph's end. (`line` follows a blank line.)"""
    last = paragraph[-1]
    if len(paragraph) < 2 or last.ends_sentence or last.text[-1] in "：:；;":
        return False
    if line.label_strength >= 0 or line.opens_with_dateline or line.mark or last.mark or line.heading_level:
        return False
    return _WORD_TAIL.match(line.text) is not None or words.known(last.text[-1] + line.text[0], index)


def _heading_ends(paragraph: list[_Line], line: _Line, index: int, words: _WordPairs) -> bool:
    """A numbered heading that happens to fill its last line, before a blank line, ends there.

    A page break can fall inside a heading too (`三、建立健全…成` / `果长效机制`): the two are told apart by
    whether the characters either side of the break make a pair the document uses elsewhere (成果 does).
    (`line` follows a blank line.)
    """
    if paragraph[0].label_strength < 0 or line.text[0] in _CLOSING_PUNCT:
        return False
    if any(printed.ends_sentence or "。" in printed.text for printed in paragraph):
        return False
    return not words.known(paragraph[-1].text[-1] + line.text[0], index)


class _WordPairs:
    """Whether two characters stand side by side somewhere in the document near a given line."""

    _REACH = 20_000  # characters either side: the article around the line, without scanning a whole book

    def __init__(self, lines: list[_Line]):
        self.lines = lines
        self._text: str | None = None
        self._offsets: list[int] = []
        # pair -> (start, last, end) of its latest search: `last` is its last occurrence in text[start:end], or -1
        self._searched: dict[str, tuple[int, int, int]] = {}

    def known(self, pair: str, index: int) -> bool:
        if self._text is None:
            texts = [line.text for line in self.lines]
            self._text = "\n".join(texts)  # pairs across lines do not count
            self._offsets = list(itertools.accumulate([len(text) + 1 for text in texts], initial=0))
        middle = self._offsets[index]
        return self._occurs(pair, max(0, middle - self._REACH), middle + self._REACH)

    def _occurs(self, pair: str, start: int, end: int) -> bool:
        """Whether `pair` occurs inside text[start:end] (`str.rfind` on the window: no slice copied).

        Lines are asked about in document order, so a pair's windows move forward: its last occurrence found
        before still counts while the window holds it, and otherwise only the part of the window not read
        before is searched. (The same pairs come up again and again; this reads each stretch once.)"""
        search_from = start
        searched = self._searched.get(pair)
        if searched is not None and searched[0] <= start and searched[2] <= end:
            _, last, searched_end = searched
            if last >= start:
                return True
            search_from = max(start, searched_end - len(pair) + 1)
        last = self._text.rfind(pair, search_from, end)  # type: ignore[union-attr]
        self._searched[pair] = (start, last, end)
        return last >= 0


def _column_widths(lines: list[_Line]) -> list[int | None]:
    """For each line, the width of the newspaper column it stands in; None throughout when the text is prose.

    A text is set in columns when most of its lines are narrow and many are cut: as wide as the column and
    stopping mid-sentence. (A clean document with short paragraphs has narrow lines too, but they end its
    sentences or are headings.) The local column width is the typical width of the narrow lines around each
    line: headlines, bylines and leads are set wider or narrower.
    """
    narrow_or_zero = [  # a line's width when it is narrow, else 0 (filtered out below)
        line.width if line.width <= _MAX_COLUMN_WIDTH and not line.heading_level and not line.mark else 0
        for line in lines
    ]
    narrow_widths = sorted(filter(None, narrow_or_zero))
    if len(narrow_widths) < max(4, 0.5 * len(lines)):
        return [None] * len(lines)
    full = 0.85 * _typical_full_width(narrow_widths)
    cut_lines = (
        line for line, width in zip(lines, narrow_or_zero, strict=True) if width >= full and _stops_mid_sentence(line)
    )
    enough = math.ceil(_MIN_CUT_SHARE * len(narrow_widths))
    if sum(1 for _ in itertools.islice(cut_lines, enough)) < enough:  # (counting stops once there are enough)
        return [None] * len(lines)
    overall = _typical_full_width(narrow_widths)
    windows = (  # the narrow widths around the middle of each block of lines
        sorted(filter(None, narrow_or_zero[max(0, middle - _COLUMN_WINDOW) : middle + _COLUMN_WINDOW + 1]))
        for middle in range(_COLUMN_BLOCK // 2, len(lines) + _COLUMN_BLOCK // 2, _COLUMN_BLOCK)
    )
    block_widths = [_typical_full_width(window) if len(window) >= 3 else overall for window in windows]
    return [block_widths[index // _COLUMN_BLOCK] for index in range(len(lines))]


def _typical_full_width(sorted_widths: list[int]) -> int:
    """The width of a full column line: most lines are full, the others (last lines, headings) shorter."""
    return sorted_widths[int(0.75 * (len(sorted_widths) - 1))]


def _stops_mid_sentence(line: _Line) -> bool:
    return not line.ends_sentence and line.text[-1] not in "）)”」』：:"


def _continues(lines: list[_Line], index: int, column_width: int | None) -> bool:
    """Whether line `index` continues the paragraph that the line before it belongs to."""
    previous, line = lines[index - 1], lines[index]
    if previous.mark or line.mark or previous.heading_level or line.heading_level:
        return False
    strength = line.label_strength
    if strength == 2 or line.opens_with_dateline or previous.bracketed:
        return False
    if previous.stands_alone or line.stands_alone:
        return False
    if column_width is None:
        return strength < 0 and _prose_line_continues(previous)
    if previous.width > 1.3 * column_width:
        return strength < 0 and _prose_line_continues(previous)  # spans several columns: a lead or a headline
    if line.gap_before and _in_headline_stack(lines, index):  # a stack starts after a blank line: skip the rest
        return False
    return _column_line_continues(previous, line, column_width, strength)


def _in_headline_stack(lines: list[_Line], index: int) -> bool:
    """Headlines stand alone between blank lines (or a dateline), one above the other.

    (A paragraph's first line alone before a blank line is a column break: the paragraph goes on below.)
    """
    if not _starts_block(lines, index) or lines[index - 1].ends_sentence:
        return False
    return _alone(lines, index - 1) and _alone(lines, index)


def _starts_block(lines: list[_Line], i: int) -> bool:
    return i == 0 or bool(lines[i].gap_before) or lines[i - 1].mark is not None or lines[i].opens_with_dateline


def _alone(lines: list[_Line], i: int) -> bool:
    """An unnumbered line between two block boundaries."""
    following_starts = i + 1 == len(lines) or _starts_block(lines, i + 1)
    return lines[i].label_strength < 0 and _starts_block(lines, i) and following_starts


def _prose_line_continues(line: _Line) -> bool:
    """One paragraph per line, except where a page break cut a sentence: the line stops mid-sentence."""
    text = line.text
    if line.ends_sentence or text[-1] in "；;：:":
        return False
    if text[-1] in _OPEN_END:
        return True
    commas = text.count("，") + text.count(",")
    if "。" not in text and commas <= 1 and len(_SPACES.sub("", text)) < _SHORT_PROSE_LINE:
        return False  # a title, a byline, a headline of one or two phrases (坚定信心，决战决胜)
    if "。" not in text and labels.opens_with_label(text):
        return False  # a numbered heading alone on its line
    return "，" in text or not _TITLE_SPACING.search(text)  # else a headline of several phrases


def _column_line_continues(previous: _Line, line: _Line, width: int, strength: int) -> bool:
    if previous.text[-1] in _OPEN_END:
        return True
    ends_clause = previous.ends_sentence or previous.text[-1] in "：:；;"
    if not line.gap_before and not ends_clause and ("，" in previous.text or "," in previous.text):
        return True  # a sentence under way: a paragraph's first line is short by its indent
    if previous.width < _FULL_LINE * width:
        return _opens_unclosed_bracket(previous.text)  # else a short line ends a paragraph (or is a heading)
    ends_sentence = previous.ends_sentence or previous.text[-1] in "：:"
    return not (ends_sentence and (line.gap_before or strength == 1))


def _opens_unclosed_bracket(text: str) -> bool:
    """ "新华社北京3月22日电（记" goes on: a bracket or quotation opened on the line is still open."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")") or text.count("“") > text.count("”")


def _concatenate(group: list[_Line]) -> str:
    text = group[0].text
    for line in group[1:]:
        glue = " " if text[-1] in _ASCII_LETTERS and line.text[0] in _ASCII_LETTERS else ""  # Latin words apart
        text += glue + line.text
    return text


# ------------------------------------------------------------------------------------ spacing


def close_spacing(text: str) -> str:
    """Close up letter-spaced Chinese; keep spaces between multi-character words and between Latin words."""
    if " " not in text and "　" not in text:
        return text
    text = _SPACE_BY_PUNCT.sub("", text)
    text = _SPACED_DIGITS.sub(lambda match: match.group().replace(" ", ""), text)
    text = _SPACE_BY_DIGIT.sub("", text)
    text = _SPACE_IN_IDEOGRAPHS.sub(lambda match: _letter_space(text, match), text)
    return _SPACES.sub(" ", text)


def _letter_space(text: str, match: re.Match) -> str:
    """Remove a space between ideographs when either neighbour is a single spaced-out character."""
    left, right = match.start() - 1, match.end()
    single_left = left == 0 or not _is_ideograph(text[left - 1])
    single_right = right + 1 >= len(text) or not _is_ideograph(text[right + 1])
    return "" if single_left or single_right else match.group()


def _is_ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


# ------------------------------------------------------------------------------------ OCR slips


def _latin_words_in_chinese(text: str) -> Iterator[re.Match]:
    """What `_LATIN_WORD_IN_CHINESE.finditer` finds, tried only where a lowercase run (and the spaces before
    it) starts: a pattern opening with a lookbehind is otherwise tried at every character of the text."""
    for run in _LOWERCASE_RUN.finditer(text):
        start = run.start()
        while start > 0 and text[start - 1] == " ":
            start -= 1
        match = _LATIN_WORD_IN_CHINESE.match(text, start)
        if match:
            yield match


def find_slips(text: str) -> list[OcrSlip]:
    """Suspected OCR slips, recorded for review and never corrected here."""
    slips = [OcrSlip(match.group(1), match.span(1), "latin_word") for match in _latin_words_in_chinese(text)]
    for wrong, right, pattern in _KNOWN_CONFUSIONS:
        slips += [OcrSlip(wrong, match.span(), "confusion", right) for match in pattern.finditer(text)]
    return sorted(slips, key=lambda slip: slip.span)
