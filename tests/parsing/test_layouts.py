"""A clean document and the same document as a newspaper or OCR prints it must give the same outline."""

import pytest

from tests.parsing.archive_documents import ARCHIVE_DOCUMENTS, spaced_heading_sentences
from tests.parsing.documents import CLEAN_DOCUMENTS, half_width_brackets, letter_spaced_headings, newspaper_columns
from tracker.parsing import parse, parse_text

_WIDTH = str.maketrans("（），：", "(),:")


def summary(source):
    """Titles, kinds and every item's path, heading and text, with punctuation width folded."""
    return [
        (
            article.title,
            article.kind,
            [(m.path, m.heading, m.level, m.text) for m in article.measures],
        )
        for article in source.articles
    ]


def folded(value):
    """The same structure with the width of brackets, commas and colons folded in every string."""
    if isinstance(value, str):
        return value.translate(_WIDTH)
    if isinstance(value, (list, tuple)):
        return type(value)(folded(item) for item in value)
    return value


VARIANTS = {
    "newspaper columns": lambda text: newspaper_columns(text).encode("utf-8"),
    "narrow columns": lambda text: newspaper_columns(text, width=22).encode("utf-8"),
    "letter-spaced headings": lambda text: letter_spaced_headings(text).encode("utf-8"),
    "columns with letter-spaced headings": lambda text: newspaper_columns(letter_spaced_headings(text)).encode("utf-8"),
    "narrow columns with letter-spaced heading sentences": lambda text: newspaper_columns(
        spaced_heading_sentences(text), width=22
    ).encode("utf-8"),
    "GB18030": lambda text: text.encode("gb18030"),
    "GB18030 columns": lambda text: newspaper_columns(text).encode("gb18030"),
    "UTF-16 with BOM, CRLF": lambda text: text.replace("\n", "\r\n").encode("utf-16"),
}


DOCUMENTS = {**CLEAN_DOCUMENTS, **ARCHIVE_DOCUMENTS}


@pytest.mark.parametrize("variant", VARIANTS, ids=VARIANTS.keys())
@pytest.mark.parametrize("name", DOCUMENTS, ids=DOCUMENTS.keys())
def test_same_outline_whatever_the_layout(name, variant):
    clean = DOCUMENTS[name]
    assert summary(parse(VARIANTS[variant](clean), "x.txt")) == summary(parse_text(clean))


@pytest.mark.parametrize("name", CLEAN_DOCUMENTS, ids=CLEAN_DOCUMENTS.keys())
def test_half_width_brackets_give_the_same_outline(name):
    clean = CLEAN_DOCUMENTS[name]
    assert folded(summary(parse_text(half_width_brackets(clean)))) == folded(summary(parse_text(clean)))
