"""An item's own span: its words from its start up to its first sub-item (all of it when it has none).

A measure's `span` covers the whole item, its sub-items included (the parser contract). What the item itself
says -- what extraction reads, what the ingest collates -- is its own span, so that a body, time frame or
quantity is found once, at the item that holds it, and not again at every ancestor.

Spans are given as the contract prints them, path -> [start, end). A sub-item's path starts with its
parent's path and "/"; items nest, so an item's first sub-item, when it has one, is the item that starts
next after it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import zip_longest

__all__ = ["own_span", "own_spans"]


def own_spans(spans: Mapping[str, Sequence[int]]) -> dict[str, tuple[int, int]]:
    """Every item's own span, from one sort by start (a database JSON field need not keep document order)."""
    ordered = sorted(spans.items(), key=lambda entry: (entry[1][0], entry[0].count("/")))
    own = {}
    for (path, (start, end)), following in zip_longest(ordered, ordered[1:]):
        has_children = following is not None and following[0].startswith(f"{path}/")
        own[path] = (start, following[1][0] if has_children else end)
    return own


def own_span(spans: Mapping[str, Sequence[int]], path: str) -> tuple[int, int]:
    """One item's own span, in one pass over the items; for all items of a document use own_spans."""
    start, end = spans[path]
    prefix = f"{path}/"
    return start, min((span[0] for other, span in spans.items() if other.startswith(prefix)), default=end)
