"""The parser's records: frozen dataclasses, printable as the JSON of the parser contract (DESIGN.md).

Spans are [start, end) character offsets into the *normalised* text of the source file
(`Source.text`), never into the raw bytes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class BodyMention:
    """A responsible body named (or implied) by a measure."""

    name: str  # as written in the text (after normalisation)
    role: str  # vocabulary.BODY_ROLE
    provenance: str  # vocabulary.PROVENANCE: "explicit" or "inferred" from the parser
    evidence: str  # the words of the text that support it
    rule: str | None = None  # for inferred mentions: the name of the rule that made it
    canonical: str | None = None  # the lexicon's canonical name, None when unmatched
    level: str | None = None  # vocabulary.BODY_LEVEL, when known (e.g. 所在省份 -> provincial)


@dataclass(frozen=True)
class TimeFrame:
    expression: str  # as written: "到2025年", "过渡期内", "“十四五”"
    start: date | None
    end: date | None
    kind: str  # vocabulary.TIME_FRAME_KIND
    anchor: str | None = None  # what it was resolved against: "过渡期 (设立5年过渡期, from 2021)", "document date"
    # ISO 8601 duration: a recurrence's interval (每5年 -> "P5Y") or a duration's length (1个月 -> "P1M")
    period: str | None = None
    due: date | None = None  # a recurrence's first due date, where the text gives an anchor (每年6月底前)
    needs_review: bool = False  # to be placed in time but not resolved (过渡期内 in a document not defining it)


@dataclass(frozen=True)
class Quantity:
    expression: str  # as written: "18亿亩"
    value: Decimal  # the number in the unit as written, scaled: 18亿亩 -> 1800000000
    unit: str  # "亩", "人", "%", "条", "元" ... ("" when none)
    comparator: str | None = None  # vocabulary.COMPARATOR, for targets ("守住18亿亩耕地红线" -> ge)
    indicator: str | None = None  # what is measured, when the text says ("耕地")
    upper: Decimal | None = None  # the high end of a range ("5至10万元" -> value 50000, upper 100000)


@dataclass(frozen=True)
class Measure:
    path: str  # canonical labels top-down joined by "/": "七/（十九）"
    number_text: str  # the number as printed: "(十九)"
    level: int  # 1 for top-level items
    heading: str | None
    text: str  # the whole item, its children included
    span: tuple[int, int]
    # Extracted from the item's own words only, up to its first sub-item (spans.own_span): each body, time
    # frame and quantity belongs to the item that says it, not again to its ancestors.
    bodies: tuple[BodyMention, ...] = ()
    time_frames: tuple[TimeFrame, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    status: str = "not_yet_rated"  # vocabulary.STATUS, the parser's proposal
    status_rule: str | None = None  # the rule that proposed it, e.g. "继续 -> ongoing"
    flags: tuple[str, ...] = ()  # e.g. "ocr_latin_word" when the item's text holds a suspected OCR slip


@dataclass(frozen=True)
class Article:
    title: str
    kind: str  # vocabulary.ARTICLE_KIND
    issuers: tuple[str, ...]
    date_written: date | None
    date_published: date | None
    span: tuple[int, int]
    measures: tuple[Measure, ...] = ()
    document_number: str | None = None  # 国发〔2019〕3号
    doc_type: str | None = None  # the document's own kind: 意见, 通知, 方案, 决定, 法 ...
    title_inferred: bool = False  # no headline was printed: the title is the document a news item carries, or
    # else the article's first sentence


@dataclass(frozen=True)
class OcrSlip:
    """A suspected OCR slip in the normalised text, recorded for review and never corrected by the parser."""

    text: str  # as read: "and", "千部"
    span: tuple[int, int]
    kind: str  # "latin_word" (a lowercase Latin word inside Chinese) or "confusion" (a known look-alike)
    suggestion: str | None = None  # the likely reading, for a known confusion: "干部"


@dataclass(frozen=True)
class Source:
    file: str
    sha256: str
    encoding: str
    text: str  # the normalised text that spans index
    articles: tuple[Article, ...] = field(default=())
    ocr_slips: tuple[OcrSlip, ...] = ()


def to_jsonable(record: Any) -> Any:
    """Dataclasses and dicts -> dicts, dates -> ISO strings, Decimals -> int when whole else float, tuples -> lists."""
    if dataclasses.is_dataclass(record):
        return {f.name: to_jsonable(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (list, tuple)):
        return [to_jsonable(item) for item in record]
    if isinstance(record, dict):
        return {key: to_jsonable(value) for key, value in record.items()}
    if isinstance(record, date):
        return record.isoformat()
    if isinstance(record, Decimal):
        return int(record) if record == record.to_integral_value() else float(record)
    return record
