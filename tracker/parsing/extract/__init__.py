"""Per-measure extraction: responsible bodies, time frames, quantities, a proposed status, review flags.

    ctx = document_context(article_text, date_written, date_published)   # once per article
    ex = extract(extraction_text(text, whole, own), ctx)                 # once per measure

Pure Python, no Django. The rules of each extractor are documented in its module: bodies.py,
time_frames.py, quantities.py, status.py, flags.py; the body lexicon is bodies.json (see lexicon.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..records import BodyMention, Quantity, TimeFrame
from .bodies import closing_assignment, find_bodies
from .flags import record_flags, text_flags
from .lexicon import Lexicon, LexiconEntry, load_lexicon
from .quantities import find_quantities
from .status import propose_status
from .text import fold
from .time_frames import Event, NamedPeriod, defined_periods, find_time_frames, narrated_until

__all__ = [
    "DocumentContext",
    "Event",
    "Extraction",
    "Lexicon",
    "LexiconEntry",
    "NamedPeriod",
    "document_context",
    "extract",
    "extraction_text",
    "load_lexicon",
]


@dataclass(frozen=True)
class DocumentContext:
    """What a measure's extraction needs to know about its article."""

    date: date | None  # the date relative expressions resolve against: written, else published
    periods: tuple[NamedPeriod, ...] = ()  # periods the article defines (过渡期 …)
    events: tuple[Event, ...] = ()  # events whose year the article states (脱贫攻坚 completed in 2020)
    past: date | None = None  # undated article: the latest date it narrates as past (截至2017年底 …), see time_frames


@dataclass(frozen=True)
class Extraction:
    bodies: tuple[BodyMention, ...]
    time_frames: tuple[TimeFrame, ...]
    quantities: tuple[Quantity, ...]
    status: str
    status_rule: str | None
    flags: tuple[str, ...]


def document_context(article_text: str, date_written: date | None, date_published: date | None) -> DocumentContext:
    """Scan the whole article once for what its measures refer to (its date, the periods it defines)."""
    anchor_date = date_written or date_published
    article = fold(article_text)
    periods, events = defined_periods(article, anchor_date)
    return DocumentContext(anchor_date, periods, events, None if anchor_date else narrated_until(article))


def extraction_text(text: str, whole: Sequence[int], own: Sequence[int]) -> str:
    """What extraction reads of an item whose whole span in `text` is `whole`: its own words (spans.own_span),
    and the parenthetical that assigns its sub-items as a whole, which is the parent's too
    (bodies.closing_assignment: `（五）…：1.…2.…3.…（教育部牵头）`)."""
    own_words = text[own[0] : own[1]]
    if own[1] >= whole[1]:
        return own_words  # no sub-items
    closing = closing_assignment(fold(text[own[1] : whole[1]]), load_lexicon())
    return f"{own_words}{closing}" if closing else own_words


def extract(measure_text: str, ctx: DocumentContext) -> Extraction:
    text = fold(measure_text)
    bodies = find_bodies(text, load_lexicon())
    time_frames = find_time_frames(text, ctx.date, ctx.periods, ctx.events, ctx.past)
    status, status_rule = propose_status(text)
    flags = text_flags(text) + record_flags(bodies, time_frames)
    return Extraction(bodies, time_frames, find_quantities(text), status, status_rule, tuple(flags))
