"""Structure F1 and heading exact of documents re-set as archives and newspapers print them, against the same
documents in plain layout (whose outlines were checked by hand: tests/parsing/documents.py, archive_documents.py).

    python tests/bench/score_layouts.py

Structure F1: items matched by (path, level) between the layout's parse and the plain one; heading exact: the
share of the plain document's items found with exactly the same heading.

The real documents of tests/parsing/blind_documents.py are scored against their hand-labelled outlines instead
(as printed, and re-set in each layout; the Markdown layouts, which make a document's first line its headline,
get the documents that print a title at their top, that title on one line), with the width of brackets, commas and colons folded (a mirror's
half-width `(一)`, `,` and `:` are the same marks), and with the share whose own title and kind the parse gives.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.parsing.archive_documents import (  # noqa: E402
    ARCHIVE_DOCUMENTS,
    archive_markdown,
    heading_markdown,
    spaced_heading_sentences,
)
from tests.parsing.blind_documents import BLIND_DOCUMENTS, with_title_on_one_line  # noqa: E402
from tests.parsing.documents import CLEAN_DOCUMENTS, letter_spaced_headings, newspaper_columns  # noqa: E402
from tracker.parsing import parse_text  # noqa: E402

LAYOUTS = {
    "archive markdown": lambda text: archive_markdown(text, "2026-02-04"),
    "heading markdown": heading_markdown,
    "columns 30": newspaper_columns,
    "columns 22": lambda text: newspaper_columns(text, width=22),
    "columns 14": lambda text: newspaper_columns(text, width=14),
    "spaced headings, columns 22": lambda text: newspaper_columns(letter_spaced_headings(text), width=22),
    "spaced heading sentences, columns 22": lambda text: newspaper_columns(spaced_heading_sentences(text), 22),
    "spaced heading sentences, columns 14": lambda text: newspaper_columns(spaced_heading_sentences(text), 14),
}

MARKDOWN_LAYOUTS = (LAYOUTS["archive markdown"], LAYOUTS["heading markdown"])


def items(text: str) -> dict[tuple[str, int], str | None]:
    return {(m.path, m.level): m.heading for a in parse_text(text).articles for m in a.measures}


def score(documents: dict[str, str], layout) -> tuple[float, float]:
    matched = gold_count = found_count = same_heading = 0
    for text in documents.values():
        gold, found = items(text), items(layout(text))
        gold_count, found_count = gold_count + len(gold), found_count + len(found)
        common = gold.keys() & found.keys()
        matched += len(common)
        same_heading += sum(1 for key in common if gold[key] == found[key])
    f1 = 2 * matched / (gold_count + found_count) if gold_count + found_count else 1.0
    return f1, same_heading / gold_count


_WIDTH = str.maketrans("(),:", "（），：")


def folded(value: str | None) -> str | None:
    return value.translate(_WIDTH) if value is not None else None


def blind_score(layout) -> tuple[float, float, float]:
    """(structure F1, heading exact, title and kind right) of the blind documents against their hand labels."""
    matched = gold_count = found_count = same_heading = titled = 0
    documents = [(document, document.text) for document in BLIND_DOCUMENTS.values()]
    if layout in MARKDOWN_LAYOUTS:  # they make the first line the headline: the whole title, where one is printed
        documents = [(d, text) for d in BLIND_DOCUMENTS.values() if (text := with_title_on_one_line(d)) is not None]
    for document, text in documents:
        source = parse_text(layout(text))
        gold = {(path, level): folded(heading) for path, level, heading in document.outline}
        found = {(m.path, m.level): folded(m.heading) for a in source.articles for m in a.measures}
        gold_count, found_count = gold_count + len(gold), found_count + len(found)
        common = gold.keys() & found.keys()
        matched += len(common)
        same_heading += sum(1 for key in common if gold[key] == found[key])
        titled += any(
            a.kind == document.kind and (not document.title or folded(a.title) == folded(document.title))
            for a in source.articles
        )
    return 2 * matched / (gold_count + found_count), same_heading / gold_count, titled / len(documents)


def main() -> None:
    for name, layout in {"as printed": lambda text: text, **LAYOUTS}.items():
        f1, heading, titled = blind_score(layout)
        print(
            f"{'blind documents':18} {name:38} structure F1 {f1:.2f}   heading exact {heading:.2f}   "
            f"title and kind {titled:.2f}"
        )
    for group, documents in (("archive documents", ARCHIVE_DOCUMENTS), ("clean documents", CLEAN_DOCUMENTS)):
        for name, layout in LAYOUTS.items():
            f1, heading = score(documents, layout)
            print(f"{group:18} {name:38} structure F1 {f1:.2f}   heading exact {heading:.2f}")


if __name__ == "__main__":
    main()
