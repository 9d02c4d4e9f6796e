"""Flags that ask a person to look at a measure.

- ocr_latin_word: a lowercase Latin word inside Chinese (OCR read 和 as `and`), by the rule of the source's
  slips (tracker.parsing.ocr); acronyms in capitals (RCEP, GDP, 5G) are genuine and not flagged.
- ocr_confusable: a known OCR confusion in a context where the true word is certain (千部群众 for 干部群众).
- unmatched_body: a responsible body the lexicon does not know (ingest creates it, flagged for review).
- unresolved_time_frame: a time frame to be placed in time with no date to resolve it against (`needs_review`:
  a relative or document-defined one, an event the text does not date); recurrences and lengths are complete.
"""

from __future__ import annotations

import re

from ..ocr import latin_words_in_chinese
from ..records import BodyMention, TimeFrame

# The pattern starts with a literal so the regex engine skips ahead; the context is checked afterwards.
_CONFUSABLE = re.compile(r"千部(?=群众|职工|队伍|作风|人才|培训|选拔)")
_NUMERAL = re.compile(r"[一二两三四五六七八九十几数\d]")  # 一千部电影 is a number of films


def text_flags(text: str) -> list[str]:
    # (most texts hold no Latin letter and no 千: cheap tests in C spare the regexes their scans)
    flags = []
    if _holds_lowercase_latin(text) and any(latin_words_in_chinese(text)):
        flags.append("ocr_latin_word")
    confusables = _CONFUSABLE.finditer(text) if "千" in text else ()
    if any(not _NUMERAL.match(text, max(0, m.start() - 1)) or m.start() == 0 for m in confusables):
        flags.append("ocr_confusable")
    return flags


def _holds_lowercase_latin(text: str) -> bool:
    ascii_part = text.encode("ascii", "ignore")
    return ascii_part != ascii_part.upper()


def record_flags(bodies: tuple[BodyMention, ...], time_frames: tuple[TimeFrame, ...]) -> list[str]:
    flags = []
    if any(body.canonical is None for body in bodies):
        flags.append("unmatched_body")
    if any(frame.needs_review for frame in time_frames):
        flags.append("unresolved_time_frame")
    return flags
