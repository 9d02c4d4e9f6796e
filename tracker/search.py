"""Chinese search over measures, backed by an index on PostgreSQL.

Chinese has no spaces, so a search term is matched two ways:
- 3+ characters (`耕地红线`): a substring match (`contains`), served by the pg_trgm GIN indexes (migration 0002);
- 1–2 characters (`低保`): trigrams cannot serve them, so they match a word of the measure's jieba-segmented
  `search_tokens` through PostgreSQL full-text search (`simple` config) and its GIN index (migration 0003).
SQLite has neither index: every term is a plain substring match there.

Whoever writes a measure's heading or text fills `search_tokens` with `search_tokens(heading, text)`.
"""

import re

import rjieba
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q

SHORT_TERM_LENGTH = 2
SEARCH_CONFIG = "simple"  # no stemming or stop words: the words are jieba's, used as they are
HAS_LETTER_OR_DIGIT = re.compile(r"[^\W_]")  # punctuation and spaces are not words


def search_tokens(heading: str, text: str) -> str:
    """The distinct words of heading and text, space-separated, in jieba's search mode (which also yields the
    shorter words inside long ones, so 低保 is found within 农村低保). rjieba is jieba's algorithm and
    dictionary in Rust: the same words, twenty times faster than the Python jieba, which was a third of an
    ingest's time."""
    words = rjieba.cut_for_search(f"{heading}\n{text}", True)  # True: HMM for words not in the dictionary
    return " ".join(dict.fromkeys(filter(HAS_LETTER_OR_DIGIT.search, words)))


def search_vector() -> SearchVector:
    """The indexed expression; queries must use exactly this one for PostgreSQL to use the index."""
    return SearchVector("search_tokens", config=SEARCH_CONFIG)


def term_filter(term: str) -> Q:
    """Measures whose heading or text contains the term (see the module docstring for how)."""
    if connection.vendor == "postgresql" and len(term) <= SHORT_TERM_LENGTH:
        return Q(search_tokens__search=SearchQuery(term, config=SEARCH_CONFIG, search_type="plain"))
    return Q(heading__contains=term) | Q(text__contains=term)


def measure_search_filter(query: str) -> Q:
    """Every whitespace-separated term must match."""
    combined = Q()
    for term in query.split():
        combined &= term_filter(term)
    return combined
