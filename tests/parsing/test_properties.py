"""Properties the parser keeps on any input (issue 15, parser robustness), checked with hypothesis: arbitrary
Unicode and bytes, a real document truncated anywhere, its lines shuffled, its numbering broken. Never a crash
(bytes that are not text raise UnreadableSource, nothing else); every span inside the text, the measure's
text exactly its span; paths unique within an article; levels and parents consistent with the paths."""

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEEDS
from tracker.parsing import UnreadableSource, parse, parse_text

OPINION = (SEEDS / "004_e0dd2c9ca314afe4.txt").read_text(encoding="utf-8")  # the 2020 opinion, in full
OPINION_LINES = OPINION.splitlines()
# Labels of every kind the outline knows, to make broken and odd numbering from.
LABELS = ["一、", "二、", "三、", "（一）", "（二）", "（三）", "（五）", "1.", "2.", "3．", "10.", "第一，", "第三，", "一是",
          "二是", "（1）", "①", "第一条", "第十二条", "**一、", "## ", "# ", "> ", "---"]
SENTENCES = ["加强组织领导。", "到2025年，脱贫地区农民收入增速高于全国农民平均水平。", "（国家乡村振兴局、财政部负责）",
             "过渡期内保持主要帮扶政策总体稳定。", "每年开展一次考核评估。", "坚决守住18亿亩耕地红线。", "附件：", ""]

PROPERTY_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_records(source) -> None:
    text = source.text
    for article in source.articles:
        start, end = article.span
        assert 0 <= start <= end <= len(text)
        paths = [measure.path for measure in article.measures]
        assert len(paths) == len(set(paths)), "paths are unique within an article"
        known = set()
        for measure in article.measures:
            m_start, m_end = measure.span
            assert start <= m_start <= m_end <= end, "a measure lies inside its article"
            assert text[m_start:m_end] == measure.text
            parent, _, _ = measure.path.rpartition("/")
            assert measure.level == measure.path.count("/") + 1
            assert not parent or parent in known, "a sub-item follows its parent"
            known.add(measure.path)


@PROPERTY_SETTINGS
@given(st.text(max_size=2000))
def test_any_unicode_text_parses_without_error(text):
    check_records(parse_text(text, "any.txt"))


@PROPERTY_SETTINGS
@given(st.binary(max_size=4000))
def test_any_bytes_parse_or_are_refused_with_a_reason(data):
    try:
        source = parse(data, "any.bin")
    except UnreadableSource as refusal:
        assert str(refusal)
    else:
        check_records(source)


@PROPERTY_SETTINGS
@given(st.lists(st.tuples(st.sampled_from(LABELS), st.sampled_from(SENTENCES)), max_size=60))
def test_any_numbering_broken_or_not_gives_consistent_records(lines):
    text = "关于做好有关工作的通知\n" + "\n".join(label + sentence for label, sentence in lines)
    check_records(parse_text(text, "numbering.txt"))


@PROPERTY_SETTINGS
@given(st.integers(min_value=0, max_value=len(OPINION)), st.integers(min_value=0, max_value=len(OPINION)))
def test_a_real_document_cut_anywhere(start, length):
    check_records(parse_text(OPINION[start : start + length], "cut.txt"))


@PROPERTY_SETTINGS
@given(st.randoms(use_true_random=False))
def test_a_real_document_with_its_lines_shuffled(generator: random.Random):
    lines = list(OPINION_LINES)
    generator.shuffle(lines)
    check_records(parse_text("\n".join(lines), "shuffled.txt"))


@PROPERTY_SETTINGS
@given(st.lists(st.integers(min_value=0, max_value=len(OPINION_LINES) - 1), min_size=1, max_size=8),
       st.sampled_from(LABELS))
def test_a_real_document_with_labels_inserted(positions, label):
    """（三） then （五）, a 一、 inside a （二）, a stray 1. or 第一条: whatever a line is given."""
    lines = list(OPINION_LINES)
    for position in positions:
        lines[position] = label + lines[position]
    check_records(parse_text("\n".join(lines), "relabelled.txt"))


def test_ten_thousand_items_are_ten_thousand_measures():
    text = "国务院关于推进若干工作的意见\n" + "\n".join(f"{i}. 加强第{i}项工作的组织实施。" for i in range(1, 10_001))
    (article,) = parse_text(text, "many.txt").articles
    assert [m.path for m in article.measures] == [str(i) for i in range(1, 10_001)]
