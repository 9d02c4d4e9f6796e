"""Suspected OCR slips: recorded for review and never corrected (`Source.ocr_slips`, a measure's flags).

A Latin word inside Chinese is a run of 2 to 6 lowercase letters that stands as a word of its own (no letter
or digit attached) with a Chinese character or Chinese punctuation on each side, spaces between allowed:
`确保脱贫群众 and 边缘人口`. This one rule serves the source's slips and the measures' `ocr_latin_word` flag, so a
measure is flagged exactly when a slip lies in its text. Why this rule: OCR misreads one or two Chinese
characters as a short word (`and` for 和); the Latin that Chinese policy texts really print is an acronym in
capitals (RCEP, GDP), a unit or model joined to digits (5G, km2), or longer lowercase words (a pinyin
account name, a web address), and none of those is flagged. Punctuation counts as a Chinese side because a
slip often stands at a clause's edge (`…，and…`).

A known confusion of one character for a look-alike (`千部` for `干部`) is recorded with its likely reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from tracker.parsing.characters import CJK_PUNCT, IDEOGRAPH
from tracker.parsing.numerals import CN_DIGITS, CN_SMALL_UNITS
from tracker.parsing.records import OcrSlip

# (No \b around the word: Python counts ideographs as word characters, so \b would demand a space between
# the word and the Chinese around it. The Chinese required on each side is what makes it a whole word.)
_LATIN_WORD_IN_CHINESE = re.compile(
    rf"(?<=[{IDEOGRAPH}{CJK_PUNCT}])[ ]*([a-z]{{2,6}})[ ]*(?=[{IDEOGRAPH}{CJK_PUNCT}])"
)
_LOWERCASE_RUN = re.compile(r"[a-z][a-z]*")  # (a class first: the engine skips ahead to one)
# OCR confusions of one character for a look-alike; the guard keeps real uses (上千部电影). The guard is a
# lookbehind after 千, so the pattern starts with a literal and the regex engine skips ahead fast.
_KNOWN_CONFUSIONS = (("千部", "干部", re.compile(rf"千(?<![\d{CN_DIGITS}{CN_SMALL_UNITS}万上数几]千)部")),)


def latin_words_in_chinese(text: str) -> Iterator[re.Match]:
    """The Latin words inside Chinese (module doc), group 1 the word. Tried only where a lowercase run (and the
    spaces before it) starts: a pattern opening with a lookbehind is otherwise tried at every character."""
    for run in _LOWERCASE_RUN.finditer(text):
        start = run.start()
        while start > 0 and text[start - 1] == " ":
            start -= 1
        match = _LATIN_WORD_IN_CHINESE.match(text, start)
        if match:
            yield match


def find_slips(text: str) -> list[OcrSlip]:
    """Suspected OCR slips of a normalised text, in order."""
    slips = [OcrSlip(match.group(1), match.span(1), "latin_word") for match in latin_words_in_chinese(text)]
    for wrong, right, pattern in _KNOWN_CONFUSIONS:
        slips += [OcrSlip(wrong, match.span(), "confusion", right) for match in pattern.finditer(text)]
    return sorted(slips, key=lambda slip: slip.span)
