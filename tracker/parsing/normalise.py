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
  paragraph), and so are the other marks and the front matter of archived Markdown (markdown.py);
  full-width digits and Latin letters become ASCII; punctuation and brackets keep the width they were
  printed with (labels are made canonical by the outline, not here);
- continuation marks (`（上接第一版）`, `（下转第二版）`) stand as paragraphs of their own, flagged.
Suspected OCR slips (a lowercase Latin word inside Chinese, `千部` for `干部`) are recorded, never changed.
"""

from __future__ import annotations

import itertools
import math
import operator
import re
import string
from dataclasses import dataclass
from typing import NamedTuple, TypeVar

from tracker.parsing import labels
from tracker.parsing.characters import CJK_PUNCT, IDEOGRAPH, is_ideograph
from tracker.parsing.doc_types import DOC_TYPES
from tracker.parsing.markdown import FrontMatter, strip_markup
from tracker.parsing.ocr import find_slips
from tracker.parsing.records import OcrSlip

_SENTENCE_END = "。！？!?…"
_ASCII_LETTERS = frozenset(string.ascii_letters)
_CLOSING_QUOTES = "”’」』\"'"
_WORD_TAIL = re.compile(rf"[{IDEOGRAPH}][，。、；：,;:]")  # the end of a word cut by a break: 析，
_CLOSING_PUNCT = "，。、；：？！）》”’」』,.;:?!)"  # no paragraph starts with one of these
# A line ending in one of these is certainly continued on the next line.
_OPEN_END = "，、（“‘《〈【〔「『(—·"
# Characters that cannot start a sentence: a line starting with one continues a sentence begun elsewhere.
# (Closing quotes and brackets are left out: set at a line's start, they close the sentence before.)
_MID_SENTENCE_START = re.compile(r"[，、；：,;:]|的(?![确士])")
_MID_SENTENCE_FIRST = frozenset("，、；：,;:的")
# A heading never ends on one of these: it goes on past a break (…具有承前启后的 / 重要地位)
_HEADING_GOES_ON = frozenset("的和与及对在为同把将")
_CLAUSE_MARKS = frozenset("，、；,;")  # … nor on a clause mark (…,构建现代 / 化、网络化…体系。)
# (…承前启 / 后的重要地位。, …一般公共预 / 算收入增长7%左右。: no sentence is that short)
_HEADING_TAIL = re.compile(rf"[{IDEOGRAPH}\d%.]{{1,10}}。")

# Full-width digits and Latin letters, odd spaces, and the small forms of punctuation some web pages print
# (`1﹒` for `1.`, ﹐ ﹑ ﹔ ﹕): replaced by regex (str.translate is slow on Chinese).
_ALNUM_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a％\u00a0\t\ufe50-\ufe52\ufe54\ufe55]")
_SMALL_FORMS = {"\ufe50": "，", "\ufe51": "、", "\ufe52": ".", "\ufe54": "；", "\ufe55": "："}


def _fold_alnum_width(text: str) -> str:
    return _ALNUM_WIDTH.sub(lambda match: _ascii_form(match.group()), text)


def _ascii_form(ch: str) -> str:
    if ch in "\u00a0\t":
        return " "
    return _SMALL_FORMS.get(ch) or chr(ord(ch) - 0xFEE0)


_MARKDOWN_HEADING = re.compile(r"^(#{1,6})[ 　]+")
_CONTINUATION_MARK = re.compile(r"[（(][ 　]*(?P<kind>上接|下转|转自|接)第?[^（）()\n]{1,8}?[版页面][ 　]*[）)]")
_DATELINE_FIRST = frozenset("（(据新本中人央光经")
DATELINE = re.compile(
    r"^[（(]?据?(?:新华社|本报|中新社|中国新闻社|人民日报|新华网|人民网|央视网|央视新闻|光明日报|经济日报)"
    rf"[{IDEOGRAPH}]{{0,8}}?(?:(?P<year>\d{{4}})年)?(?:(?P<month>\d{{1,2}})月)?(?:(?P<day>\d{{1,2}})日)?(?:电|讯)"
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
# Spaces around the point of a spaced-out item number (`1 2 . 完 善` -> `12.完善`), not of a decimal (2.5).
_SPACE_BY_POINT = re.compile(
    rf"[ 　](?:(?<=\d[ 　])[ 　]*(?=[.．](?!\d))|(?:(?<=\d[.．][ 　])|(?<=\d[ 　][.．][ 　]))[ 　]*(?=[{IDEOGRAPH}]))"
)
# A line ending, and a line opening, with single ideographs spaced apart.
_SPACED_END = re.compile(rf"(?:^|[ 　])[{IDEOGRAPH}][ 　]+[{IDEOGRAPH}]$")
_SPACED_START = re.compile(rf"[{IDEOGRAPH}][ 　]+[{IDEOGRAPH}](?:[ 　]|$)")
_SPACE_IN_IDEOGRAPHS = re.compile(rf"[ 　](?<=[{IDEOGRAPH}][ 　])[ 　]*(?=[{IDEOGRAPH}])")
# A document's number (国发〔2019〕3号) and its date (（2020年12月16日）, 2019年1月24日): each printed on a line alone.
DOCUMENT_NUMBER = re.compile(rf"[{IDEOGRAPH}]{{1,10}}[〔［\[（(]\d{{4}}[〕］\]）)]\d{{1,4}}号")
# (the year, month and day may be printed in Chinese numerals: （二〇二六年一月三日）; numerals.to_int reads both)
_CN_YEAR, _CN_DAY = "[〇零一二三四五六七八九]{4}", "[一二三四五六七八九十]{1,3}"
FULL_DATE = re.compile(rf"[（(]?(\d{{4}}|{_CN_YEAR})年(\d{{1,2}}|{_CN_DAY})月(\d{{1,2}}|{_CN_DAY})日[）)]?")
# A note under a title opening with its date: （2025年10月23日中国共产党第二十届中央委员会…通过）
_DATED_NOTE = re.compile(r"[（(]\d{4}年\d{1,2}月")
_TITLE_SPACING = re.compile(rf"[{IDEOGRAPH}”]{{2}}[ 　]+[{IDEOGRAPH}“]{{2}}")

# Lines
_STANDS_ALONE_MAX = 40  # characters: a document number, a date or a bare dateline on a line of its own is no longer
_HEAD = 24  # characters of a line's opening read for a label or a dateline (the longest of them is shorter)
# Column-order repair
_HOST_REACH = 250  # lines either side of a displaced piece where the sentence it continues is looked for
_FRAGMENT_MAX_LINES = 200  # a displaced piece is shorter: a longer run that starts mid-sentence is the text itself
_MIN_HOST_LINE = 12  # characters: a shorter unfinished line is a heading or a byline, not a cut sentence
_CONTEXT_REACH = 400  # characters either side of a line end whose words a displaced piece is compared with
_HOST_ADVANTAGE = 1.5  # a new place must share this many times the words of the present one,
_HOST_MARGIN = 0.05  # and this share more: a piece is only moved when it clearly fits elsewhere
# Columns
_COLUMN_WINDOW = 8  # lines either side used to measure the local column width
_COLUMN_BLOCK = 4  # lines that share one measurement
_MIN_WINDOW_LINES = 3  # narrow lines a window needs to measure its own width (else the text's overall width)
_MAX_COLUMN_WIDTH = 64  # display width (a Chinese character counts 2): wider lines are prose, not columns
_MIN_NARROW_LINES = 4  # a text in columns has at least this many narrow lines,
_MIN_NARROW_SHARE = 0.5  # and at least this share of its lines narrow
_FULL_WIDTH_QUANTILE = 0.75  # of the narrow widths, sorted: most lines of a column are full, the rest shorter
_CUT_WIDTH = 0.85  # of the typical full width: a line this wide that stops mid-sentence was cut by the column
_FULL_LINE = 0.75  # of the column width: a line at least this wide was cut by the column, not ended
_MIN_CUT_SHARE = 0.3  # of narrow lines cut mid-sentence at the column's width, for a text to be in columns
_ACROSS_COLUMNS = 1.3  # of the column width: a line this much wider spans columns (a lead), read as prose
_MIN_BROKEN_LINES = 2  # lines a paragraph has before a page break that cuts a word (a lone line is a heading)
# Prose
_SHORT_PROSE_LINE = 40  # characters: a prose line this short with no sentence punctuation is a heading
_HEADLINE_COMMAS = 1  # commas a short headline may hold (坚定信心，决战决胜); more make it a sentence

T = TypeVar("T")


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
    front_matter: FrontMatter | None = None  # an archived Markdown file's metadata block (markdown.py)

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]

    def paragraph_texts(self) -> list[str]:
        """Every paragraph's text, in one split: the text holds one paragraph per line."""
        return self.text.split("\n") if self.paragraphs else []


def normalise(text: str) -> Normalised:
    text, front_matter = strip_markup(text)
    lines = _Lines(text)
    _relocate_displaced_fragments(lines)
    starts = _paragraph_starts(lines)
    out, records, position = [], [], 0
    for first, end in itertools.pairwise([*starts, len(lines)]):
        body = _paragraph_text(_concatenate(lines.text[first:end]), lines.opens_with_dateline[first])
        level, gap, mark = lines.heading_level[first], lines.gap_before[first], lines.mark[first]
        records.append(Paragraph(position, position + len(body), level, gap, mark))
        out.append(body)
        position += len(body) + 1
    normalised_text = "\n".join(out)
    return Normalised(normalised_text, tuple(records), tuple(find_slips(normalised_text)), front_matter)


def _paragraph_text(text: str, opens_with_dateline: bool) -> str:
    """The paragraph closed up; the space after a dateline (`新华社北京3月22日电 3月22日，…`) is kept."""
    dateline = DATELINE.match(text) if opens_with_dateline else None
    if dateline and text[dateline.end() : dateline.end() + 1] == " ":
        return close_spacing(text[: dateline.end()]) + " " + close_spacing(text[dateline.end() :].lstrip())
    return close_spacing(text)


# ---------------------------------------------------------------------------------------------- lines


class _Lines:
    """The printed lines of a text and what the joining rules ask of each, one list per property.

    (The parser's hot path: tens of thousands of lines a page. Each property is computed for all lines by one
    comprehension, and no record is made per line: records cost more to make, and to garbage-collect, than
    the rules cost to apply.)
    """

    __slots__ = ("ends_sentence", "gap_before", "heading_level", "label_strength", "mark", "opens_with_dateline",
                 "surely_first", "surely_last", "text", "width")  # fmt: skip

    def __init__(self, text: str):
        texts, gaps, levels, marks = _printed_lines(text)
        count = len(texts)
        self.text = texts
        # as printed (letter spaces included): what fills a column (display_width, inlined: a call per line costs more)
        self.width = [2 * len(line) - len(line.encode("ascii", "ignore")) for line in texts]
        self.gap_before = _spread(gaps, count, 0)  # blank lines before the line
        self.heading_level = _spread(levels, count, 0)
        self.mark: list[str | None] = _spread(marks, count, None)
        # the sentence's mark is the last character, or the one before a closing quote
        self.ends_sentence = [
            (line[-2] if line[-1] in _CLOSING_QUOTES and len(line) > 1 else line[-1]) in _SENTENCE_END for line in texts
        ]
        # Whatever the layout, a paragraph surely ends at a mark, a heading, a line that stands alone or a source
        # note, and surely starts at a mark, a heading, a line that stands alone, a sure label or a dateline.
        self.surely_last, self.surely_first = [False] * count, [False] * count
        for index in (*marks, *levels):
            self.surely_last[index] = self.surely_first[index] = True
        self.label_strength = [-1] * count  # -1: no label opens the line
        self.opens_with_dateline = [False] * count
        for index in [index for index, line in enumerate(texts) if line[0] in _LABEL_OR_DATELINE_FIRST]:
            head = _head(texts[index])  # (the text opens with no space, so as its head does)
            strength = self.label_strength[index] = labels.strength_at_line_start(head)
            dateline = self.opens_with_dateline[index] = match_dateline(head) is not None
            self.surely_first[index] |= strength == 2 or dateline or _DATED_NOTE.match(head) is not None
        for index in [index for index, line in enumerate(texts) if line[-1] in "号日）)电讯"]:
            line = texts[index]
            if len(line) <= _STANDS_ALONE_MAX and _stands_alone(line):
                self.surely_last[index] = self.surely_first[index] = True
            elif line[0] in "（(" and line[-1] in "）)" and len(line) > 2:  # a source note, a byline
                self.surely_last[index] = True

    def __len__(self) -> int:
        return len(self.text)

    def move(self, start: int, end: int, after: int) -> None:
        """Move lines start..end (inclusive) to follow line `after` (an index among the other lines)."""
        for column in (getattr(self, name) for name in self.__slots__):
            piece = column[start : end + 1]
            del column[start : end + 1]
            column[after + 1 : after + 1] = piece


def _printed_lines(text: str) -> tuple[list[str], dict[int, int], dict[int, int], dict[int, str]]:
    """The lines that are not blank, stripped; and by line index the properties few lines have: the blank
    lines before, a markdown heading's level, a continuation mark (made a line of its own)."""
    texts: list[str] = []
    gaps: dict[int, int] = {}
    levels: dict[int, int] = {}
    marks: dict[int, str] = {}
    gap = 0
    text = _fold_alnum_width(text)
    markdown = "#" in text  # (most texts: no line to try for a heading)
    for stripped in [raw.strip(" 　") for raw in text.split("\n")]:
        if not stripped:
            gap += 1
            continue
        if gap:
            gaps[len(texts)], gap = gap, 0
        level = 0
        if markdown and stripped[0] == "#" and (heading := _MARKDOWN_HEADING.match(stripped)):
            level, stripped = len(heading.group(1)), stripped[heading.end() :]
        if "接" in stripped or "转" in stripped:
            for piece, kind in _split_marks(stripped):
                if kind is not None:
                    marks[len(texts)] = kind
                elif level:
                    levels[len(texts)] = level
                texts.append(piece)
        else:
            if level:
                levels[len(texts)] = level
            texts.append(stripped)
    return texts, gaps, levels, marks


def _spread(found: dict[int, T], count: int, default: T) -> list[T]:
    """A list of `count` values: `found` by index, `default` elsewhere."""
    values = [default] * count
    for index, value in found.items():
        values[index] = value
    return values


def match_dateline(text: str) -> re.Match | None:
    """DATELINE.match, tried only when the first character allows (most texts: no regex call)."""
    return DATELINE.match(text) if text[:1] in _DATELINE_FIRST else None


def _head(text: str) -> str:
    """A line's opening with spaces removed, for recognising labels and datelines."""
    opening = text[:_HEAD]
    return _SPACES.sub("", opening) if " " in opening or "　" in opening else opening


def _stands_alone(text: str) -> bool:
    """A document number, a date or a bare dateline (`新华社北京3月22日电`): never part of a paragraph."""
    compact = _SPACES.sub("", text)
    if DOCUMENT_NUMBER.fullmatch(compact) or FULL_DATE.fullmatch(compact):
        return True
    dateline = DATELINE.match(compact)
    return dateline is not None and compact[dateline.end() :] in ("", "）", ")")


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


def _relocate_displaced_fragments(lines: _Lines) -> None:
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
        lines.gap_before[index] = 0
        host_position = host if host < index else host - (fragment_end + 1 - index)  # among the other lines
        lines.move(index, fragment_end, after=host_position)
        index = _next_mid_sentence_start(lines, min(index, host_position) + 1)


def _next_mid_sentence_start(lines: _Lines, start: int) -> int | None:
    texts = lines.text
    for index in range(start, len(texts)):  # (a plain loop: every line is looked at, a generator costs more)
        if texts[index][0] in _MID_SENTENCE_FIRST:
            return index
    return None


def _displaced_fragment_end(lines: _Lines, start: int) -> int | None:
    mark, ends_sentence = lines.mark, lines.ends_sentence
    if mark[start] or mark[start - 1] or not ends_sentence[start - 1]:
        return None
    if not _MID_SENTENCE_START.match(lines.text[start]):
        return None
    for end in range(start, min(len(lines), start + _FRAGMENT_MAX_LINES)):
        if mark[end] or (end > start and lines.label_strength[end] == 2):
            return None
        block_ends = end + 1 == len(lines) or lines.gap_before[end + 1] > 0 or mark[end + 1] is not None
        if block_ends and not ends_sentence[end] and not lines.text[end].endswith("；"):
            return end  # the piece ends where a block (before a blank line) stops mid-sentence
    return None


def _best_host(lines: _Lines, start: int, end: int) -> int | None:
    fragment = bigrams("".join(lines.text[start : end + 1]))
    if not fragment:
        return None
    context = _Context(lines, fragment, exclude=(start, end))
    best, best_score = None, context.overlap(start - 1) * _HOST_ADVANTAGE + _HOST_MARGIN
    for candidate in range(max(0, start - _HOST_REACH), min(len(lines) - 1, end + _HOST_REACH)):
        if start - 1 <= candidate <= end or not _could_host(lines, candidate):
            continue
        score = context.overlap(candidate)
        if score > best_score:
            best, best_score = candidate, score
    return best


def _could_host(lines: _Lines, index: int) -> bool:
    """An unfinished sentence at the end of a block (before a blank line or a mark), not a heading."""
    return (
        (lines.gap_before[index + 1] > 0 or lines.mark[index + 1] is not None)
        and not lines.mark[index]
        and not lines.heading_level[index]
        and not lines.ends_sentence[index]
        and len(lines.text[index]) >= _MIN_HOST_LINE
        and lines.label_strength[index] < 0
        and not _MID_SENTENCE_START.match(lines.text[index + 1])
    )


class _Context:
    """The words of a fragment found around the end of a line: about `reach` characters either side, within
    its article piece.

    The fragment being placed is skipped; a continuation mark ends the piece (beyond it is another article).
    """

    def __init__(self, lines: _Lines, words: set[str], exclude: tuple[int, int], reach: int = _CONTEXT_REACH):
        self.texts, self.marks, self.words, self.exclude, self.reach = lines.text, lines.mark, words, exclude, reach
        self._found: dict[int, set[str]] = {}  # line index -> the words on that line

    def overlap(self, index: int) -> float:
        """The share of the words found around the end of line `index`."""
        shared: set[str] = set()
        for step in (-1, 1):
            i, collected = (index if step < 0 else index + 1), 0
            while 0 <= i < len(self.texts) and not self.marks[i] and collected < self.reach:
                if not self.exclude[0] <= i <= self.exclude[1]:
                    shared |= self._found_on(i)  # no pair spans two lines
                    collected += len(self.texts[i])
                i += step
        return len(shared) / len(self.words)

    def _found_on(self, index: int) -> set[str]:
        """The words on line `index`, found once: neighbouring candidates share most of their lines. (The words
        are pairs of ideographs, so testing every pair of adjacent characters is enough, and cheaper than
        building the line's own set of bigrams.)"""
        found = self._found.get(index)
        if found is None:
            text = self.texts[index]
            found = self._found[index] = self.words.intersection(map(operator.add, text, text[1:]))
        return found


def bigrams(text: str) -> set[str]:
    """Pairs of adjacent ideographs: a cheap, dictionary-free picture of what a Chinese text is about."""
    pairs: set[str] = set()
    for run in _IDEOGRAPH_RUN.findall(text):
        pairs.update(map(operator.add, run, run[1:]))
    return pairs


# ------------------------------------------------------------------------------------ joining


def _paragraph_starts(lines: _Lines) -> list[int]:
    """Group lines into paragraphs: the index of each paragraph's first line."""
    column_widths = _column_widths(lines)
    words = _WordPairs(lines.text)
    starts = [0] if len(lines) else []
    texts, gaps, surely_last, surely_first = lines.text, lines.gap_before, lines.surely_last, lines.surely_first
    strengths, ends_sentence = lines.label_strength, lines.ends_sentence
    for index in range(1, len(lines)):
        # a break inside a heading or a word is only ever looked for across a blank line
        surely_apart = surely_last[index - 1] or surely_first[index]
        if (
            not surely_apart
            and texts[index - 1][-2:-1] in " 　"  # (most lines: no spaced character at their end, no call)
            and _letter_spacing_runs_on(lines, starts[-1], index)
        ):
            joined = True  # (across a page break too: the spacing goes on)
        elif not surely_apart and (
            # prose: _continues' rule inlined, and its first test (most lines of prose end a sentence)
            (strengths[index] < 0 and not ends_sentence[index - 1] and _prose_line_continues(lines, index - 1))
            if column_widths[index - 1] is None
            else _continues(lines, index, column_widths[index - 1])
        ):
            joined = not (gaps[index] and _heading_ends(lines, starts[-1], index, words))
        else:
            joined = (
                bool(gaps[index])
                and column_widths[index - 1] is not None
                and _cut_inside_a_word(lines, starts[-1], index, words)
            )
        if joined and gaps[index] and _title_ends(lines, starts[-1], index):
            joined = False
        if not joined:
            starts.append(index)
    return starts


def _title_ends(lines: _Lines, first: int, index: int) -> bool:
    """A title set over full column lines (from line `first`), no sentence in it, that has reached its document's
    type (`…衔接的实施意见`) ends at the blank line before line `index`: the body starts below it."""
    return (
        _SPACES.sub("", lines.text[index - 1]).endswith(DOC_TYPES)  # (letter-spaced or not)
        and not any(lines.ends_sentence[first:index])
        and not any("。" in printed for printed in lines.text[first:index])
    )


def _cut_inside_a_word(lines: _Lines, first: int, index: int, words: _WordPairs) -> bool:
    """A paragraph of several lines (from line `first`) whose sentence stops short before a blank line, inside
    a word (the pair across the break is used elsewhere in the document: …技术手段提 / 升监测…, or the next line
    opens with a one-character clause: …理论辨 / 析，澄清…): a page break, not the paragraph's end. (Line `index`
    follows a blank line.)"""
    last, text = lines.text[index - 1], lines.text[index]
    if index - first < _MIN_BROKEN_LINES or lines.ends_sentence[index - 1] or last[-1] in "：:；;":
        return False
    if lines.label_strength[index] >= 0 or lines.opens_with_dateline[index] or lines.heading_level[index]:
        return False
    if lines.mark[index] or lines.mark[index - 1]:
        return False
    return _WORD_TAIL.match(text) is not None or words.known(last[-1] + text[0], index)


def _heading_ends(lines: _Lines, first: int, index: int, words: _WordPairs) -> bool:
    """A numbered heading (from line `first`) that happens to fill its last line, before a blank line, ends there.

    A page break can fall inside a heading too (`三、建立健全…成` / `果长效机制`): the two are told apart by
    whether the characters either side of the break make a pair the document uses elsewhere (成果 does).
    (Line `index` follows a blank line.)
    """
    text = lines.text[index]
    if lines.label_strength[first] < 0 or text[0] in _CLOSING_PUNCT:
        return False
    if any(lines.ends_sentence[first:index]) or any("。" in printed for printed in lines.text[first:index]):
        return False
    last = lines.text[index - 1][-1]
    if last in _HEADING_GOES_ON or last in _CLAUSE_MARKS or text[1:2] in _CLAUSE_MARKS:
        return False  # (…构建现代 / 化、网络化…: no paragraph opens with a one-character clause)
    if _HEADING_TAIL.match(_head(text)):
        return False
    return not words.known(last + text[0], index)


class _WordPairs:
    """Whether two characters stand side by side somewhere in the document near a given line."""

    _REACH = 20_000  # characters either side: the article around the line, without scanning a whole book

    def __init__(self, texts: list[str]):
        self.texts = texts
        self._text: str | None = None
        self._offsets: list[int] = []
        # pair -> (start, last, end) of its latest search: `last` is its last occurrence in text[start:end], or -1
        self._searched: dict[str, tuple[int, int, int]] = {}

    def known(self, pair: str, index: int) -> bool:
        if self._text is None:
            self._text = "\n".join(self.texts)  # pairs across lines do not count
            self._offsets = list(itertools.accumulate([len(text) + 1 for text in self.texts], initial=0))
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


def _column_widths(lines: _Lines) -> list[int | None]:
    """For each line, the width of the newspaper column it stands in; None throughout when the text is prose.

    A text is set in columns when most of its lines are narrow and many are cut: as wide as the column and
    stopping mid-sentence. (A clean document with short paragraphs has narrow lines too, but they end its
    sentences or are headings.) The local column width is the typical width of the narrow lines around each
    line: headlines, bylines and leads are set wider or narrower.
    """
    narrow_or_zero = [  # a line's width when it is narrow, else 0 (filtered out below)
        width if width <= _MAX_COLUMN_WIDTH and not level and not mark else 0
        for width, level, mark in zip(lines.width, lines.heading_level, lines.mark, strict=True)
    ]
    narrow_widths = sorted(filter(None, narrow_or_zero))
    if len(narrow_widths) < max(_MIN_NARROW_LINES, _MIN_NARROW_SHARE * len(lines)):
        return [None] * len(lines)
    full = _CUT_WIDTH * _typical_full_width(narrow_widths)
    cut_lines = (  # as wide as the column, stopping mid-sentence
        width
        for width, ends_sentence, text in zip(narrow_or_zero, lines.ends_sentence, lines.text, strict=True)
        if width >= full and not ends_sentence and text[-1] not in "）)”」』：:"
    )
    enough = math.ceil(_MIN_CUT_SHARE * len(narrow_widths))
    if sum(1 for _ in itertools.islice(cut_lines, enough)) < enough:  # (counting stops once there are enough)
        return [None] * len(lines)
    overall = _typical_full_width(narrow_widths)
    padded = [0] * _COLUMN_WINDOW + narrow_or_zero  # (zeros are left out: a window needs no clipping)
    block_widths = []
    for middle in range(_COLUMN_BLOCK // 2, len(lines) + _COLUMN_BLOCK // 2, _COLUMN_BLOCK):
        # the narrow widths around the middle of the block of lines
        window = sorted(filter(None, padded[middle : middle + 2 * _COLUMN_WINDOW + 1]))
        block_widths.append(_typical_full_width(window) if len(window) >= _MIN_WINDOW_LINES else overall)
    return [block_widths[index // _COLUMN_BLOCK] for index in range(len(lines))]


def _typical_full_width(sorted_widths: list[int]) -> int:
    """The width of a full column line: most lines are full, the others (last lines, headings) shorter."""
    return sorted_widths[int(_FULL_WIDTH_QUANTILE * (len(sorted_widths) - 1))]


def _continues(lines: _Lines, index: int, column_width: int | None) -> bool:
    """Whether line `index` continues the paragraph that the line before it belongs to (when neither surely
    ends or starts a paragraph)."""
    strength = lines.label_strength[index]
    if column_width is None or lines.width[index - 1] > _ACROSS_COLUMNS * column_width:  # prose, or a lead
        return strength < 0 and _prose_line_continues(lines, index - 1)
    gap = lines.gap_before[index]
    if gap and _in_headline_stack(lines, index):  # a stack starts after a blank line
        return False
    previous = lines.text[index - 1]
    if previous[-1] in _OPEN_END:
        return True
    ends_clause = lines.ends_sentence[index - 1] or previous[-1] in "：:；;"
    if not gap and not ends_clause and ("，" in previous or "," in previous):
        return True  # a sentence under way: a paragraph's first line is short by its indent
    if lines.width[index - 1] < _FULL_LINE * column_width:
        return _opens_unclosed_bracket(previous)  # else a short line ends a paragraph (or is a heading)
    ends_sentence = lines.ends_sentence[index - 1] or previous[-1] in "：:"
    return not (ends_sentence and (gap or strength == 1))


def _letter_spacing_runs_on(lines: _Lines, first: int, index: int) -> bool:
    """A letter-spaced numbered heading (its paragraph from line `first`) wrapped onto line `index`:
    `（ 七 ） 加 强 高 标` / `准 农 田 建 设。完成…` (headlines stacked one above the other are letter-spaced too,
    but open with no label)."""
    previous = lines.text[index - 1]
    if previous[-2:-1] not in " 　" or lines.label_strength[first] < 0:
        return False  # (most lines: no spaced character at their end)
    return _SPACED_END.search(previous) is not None and _SPACED_START.match(lines.text[index]) is not None


def _in_headline_stack(lines: _Lines, index: int) -> bool:
    """Headlines stand alone between blank lines (or a dateline), one above the other.

    (A paragraph's first line alone before a blank line is a column break: the paragraph goes on below.)
    """
    if lines.ends_sentence[index - 1] or not _starts_block(lines, index):
        return False
    return _alone(lines, index - 1) and _alone(lines, index)


def _starts_block(lines: _Lines, i: int) -> bool:
    return i == 0 or bool(lines.gap_before[i]) or lines.mark[i - 1] is not None or lines.opens_with_dateline[i]


def _alone(lines: _Lines, i: int) -> bool:
    """An unnumbered line between two block boundaries."""
    if lines.label_strength[i] >= 0 or not _starts_block(lines, i):
        return False
    return i + 1 == len(lines.text) or _starts_block(lines, i + 1)


def _prose_line_continues(lines: _Lines, index: int) -> bool:
    """One paragraph per line, except where a page break cut a sentence: the line stops mid-sentence."""
    text = lines.text[index]
    if lines.ends_sentence[index] or text[-1] in "；;：:":
        return False
    if text[-1] in _OPEN_END:
        return True
    commas = text.count("，") + text.count(",")
    if "。" not in text and commas <= _HEADLINE_COMMAS and len(_SPACES.sub("", text)) < _SHORT_PROSE_LINE:
        return False  # a title, a byline, a headline of one or two phrases (坚定信心，决战决胜)
    if "。" not in text and labels.opens_with_label(text):
        return False  # a numbered heading alone on its line
    return "，" in text or not _TITLE_SPACING.search(text)  # else a headline of several phrases


def _opens_unclosed_bracket(text: str) -> bool:
    """ "新华社北京3月22日电（记" goes on: a bracket or quotation opened on the line is still open."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")") or text.count("“") > text.count("”")


def _concatenate(texts: list[str]) -> str:
    text = texts[0]
    for line in texts[1:]:
        glue = " " if text[-1] in _ASCII_LETTERS and line[0] in _ASCII_LETTERS else ""  # Latin words apart
        text += glue + line
    return text


# ------------------------------------------------------------------------------------ spacing


def close_spacing(text: str) -> str:
    """Close up letter-spaced Chinese; keep spaces between multi-character words and between Latin words."""
    if " " not in text and "　" not in text:
        return text
    text = _SPACE_BY_PUNCT.sub("", text)
    text = _SPACED_DIGITS.sub(lambda match: match.group().replace(" ", ""), text)
    text = _SPACE_BY_DIGIT.sub("", text)
    if "." in text or "．" in text:
        text = _SPACE_BY_POINT.sub("", text)
    text = _SPACE_IN_IDEOGRAPHS.sub(lambda match: _letter_space(text, match), text)
    return _SPACES.sub(" ", text)


def _letter_space(text: str, match: re.Match) -> str:
    """Remove a space between ideographs when either neighbour is a single spaced-out character."""
    left, right = match.start() - 1, match.end()
    single_left = left == 0 or not is_ideograph(text[left - 1])
    single_right = right + 1 >= len(text) or not is_ideograph(text[right + 1])
    return "" if single_left or single_right else match.group()
