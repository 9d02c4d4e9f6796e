"""Chinese search: jieba words for 1–2 character terms, substrings for longer ones, both index-backed on
PostgreSQL."""

import pytest

from tracker.models import Measure
from tracker.search import measure_search_filter, search_tokens


def test_search_tokens_are_jieba_words_including_short_words_inside_long_ones():
    words = search_tokens("完善农村低保制度", "坚决守住18亿亩耕地红线，低保对象和低保边缘家庭。").split()
    assert {"低保", "耕地", "红线", "农村", "18"} <= set(words)
    assert len(words) == len(set(words)) and "，" not in words and "。" not in words


def explain(queryset) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: make the planner show its index
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("term", "index"), [("低保", "tracker_measure_words_fts"), ("耕地红线", "tracker_measure_heading_trgm")]
)
def test_postgres_answers_from_an_index(on_postgres, tree, term, index):
    queryset = Measure.objects.filter(measure_search_filter(term)).order_by().only("pk")
    assert index in explain(queryset)
    assert list(queryset.values_list("path", flat=True)) == (["一/（二）"] if term == "低保" else ["一/（一）"])
