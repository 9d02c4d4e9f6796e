"""Luoshi's parser: a raw document file in, its articles and numbered measures out. Pure Python, no Django.

    source = parse(data, "seeds/001_….txt")      # bytes as they came
    source = parse_text(text, "pasted.txt")      # text already decoded

The steps, each in its own module: reading (bytes -> text), normalise (newspaper/OCR artefacts; the text
all spans index, returned as `Source.text`), articles (a page -> articles and their metadata), outline
(an article -> its numbered items) and extract (per item: bodies, time frames, quantities, status).
"""

from __future__ import annotations

import hashlib

from tracker.parsing.articles import ArticleDraft, split_articles
from tracker.parsing.extract import document_context, extract, extraction_text
from tracker.parsing.normalise import Normalised, normalise
from tracker.parsing.outline import Item, ParagraphSpan, outline
from tracker.parsing.reading import UnreadableSource, decode
from tracker.parsing.records import Article, Measure, Source
from tracker.parsing.spans import own_span, own_spans

__all__ = ["UnreadableSource", "own_span", "own_spans", "parse", "parse_text"]


def parse(data: bytes, file: str) -> Source:
    """Parse the bytes of one source file; raises UnreadableSource for empty, binary or undecodable input."""
    decoded = decode(data)
    return parse_text(decoded.text, file, encoding=decoded.encoding, sha256=hashlib.sha256(data).hexdigest())


def parse_text(text: str, file: str = "", encoding: str = "utf-8", sha256: str | None = None) -> Source:
    """Parse already decoded text (its sha256 is then that of its UTF-8 encoding, unless given)."""
    page = normalise(text)
    articles = tuple(_article(page, draft) for draft in split_articles(page))
    digest = sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(file, digest, encoding, page.text, articles, page.slips)


def _article(page: Normalised, draft: ArticleDraft) -> Article:
    start = page.paragraphs[draft.first].start
    end = page.paragraphs[draft.last].end
    context = document_context(page.text[start:end], draft.date_written, draft.date_published)
    body = [
        ParagraphSpan(p.start, p.end, page.paragraph_text(p), p.heading_level)
        for p in page.paragraphs[draft.body_first : draft.body_last + 1]
    ]
    items = outline(body)
    spans = {item.path: _whole_span(page.text, item) for item in items}
    own = own_spans(spans)
    measures = tuple(_measure(page.text, item, spans[item.path], own[item.path], context) for item in items)
    return Article(
        title=draft.title,
        kind=draft.kind,
        issuers=draft.issuers,
        date_written=draft.date_written,
        date_published=draft.date_published,
        span=(start, end),
        measures=measures,
        document_number=draft.document_number,
        doc_type=draft.doc_type,
        title_inferred=draft.title_inferred,
    )


def _whole_span(text: str, item: Item) -> tuple[int, int]:
    """The item with its sub-items, without the blank end before the next item."""
    end = item.end
    while end > item.start and text[end - 1].isspace():  # (rstrip without copying the item's text)
        end -= 1
    return item.start, end


def _measure(text: str, item: Item, span: tuple[int, int], own: tuple[int, int], context) -> Measure:
    """`text` and `span` hold the whole item; extraction reads its own words, before its first sub-item (and a
    parenthetical closing its sub-items, see extraction_text)."""
    found = extract(extraction_text(text, span, own), context)
    return Measure(
        path=item.path,
        number_text=item.label.printed,
        level=item.depth,
        heading=item.heading,
        text=text[span[0] : span[1]],
        span=span,
        bodies=found.bodies,
        time_frames=found.time_frames,
        quantities=found.quantities,
        status=found.status,
        status_rule=found.status_rule,
        flags=found.flags,
    )
