"""Collation of witnesses, without a database: which reading is kept, and which variants are listed."""

import pytest

from tracker.collation import Witness, collate

# Seed 001 (a web copy) against seed 000 (the newspaper page, spacing closed) for 三/（一） of the 2020 opinion.
WEB = "过渡期内严格落实“四个不摘”要求,摘帽不摘责任;摘帽不摘帮扶,防止急刹车;摘帽不摘帮扶,防止一撤了之。确保政策连续性。确保兜底类政策要继续保持稳定。"
PAPER = "过渡期内严格落实“四个不摘”要求，摘帽不摘责任；摘帽不摘政策，防止急刹车；摘帽不摘帮扶，防止一撤了之。确保政策连续性。兜底救助类政策要继续保持稳定。"


@pytest.mark.parametrize("order", [("web", "paper"), ("paper", "web")])
def test_dittography_loses_whatever_the_order(order):
    texts = {"web": WEB, "paper": PAPER}
    witnesses = [Witness(key, texts[key]) for key in order]
    result = collate(witnesses)
    assert witnesses[result.chosen].key == "paper"
    assert "dittography" in result.reason
    readings = [(v.chosen, v.other, v.other_witness) for v in result.variants]
    assert readings == [("政策", "帮扶", "web"), ("兜底救助", "确保兜底", "web")]


def test_ocr_slip_loses():
    slip = "纳入“五位一体”总体布局 and “四个全面”战略布局"
    clean = "纳入“五位一体”总体布局和“四个全面”战略布局"
    result = collate([Witness("a", slip), Witness("b", clean)])
    assert result.chosen == 1
    assert [(v.chosen, v.other) for v in result.variants] == [("和", " and ")]


def test_cut_short_witness_loses():
    full = "健全农村低收入人口常态化帮扶机制。加强农村低收入人口监测。"
    cut = "健全农村低收入人口常态化帮扶机制。加强农村"
    assert collate([Witness("cut", cut), Witness("full", full)]).chosen == 1


def test_majority_of_three_wins_when_nothing_is_suspect():
    a, b = "坚决守住18亿亩耕地红线。", "坚决守住18亿亩耕地底线。"
    result = collate([Witness("x", b), Witness("y", a), Witness("z", a)])
    assert result.chosen == 1
    assert result.reason.startswith("reading shared by 2 of 3")
    assert [(v.chosen, v.other, v.other_witness) for v in result.variants] == [("红", "底", "x")]


def test_punctuation_width_is_no_variant_but_full_width_is_kept():
    result = collate([Witness("half", "稳定,安全。"), Witness("full", "稳定，安全。")])
    assert result.variants == ()
    assert result.chosen == 1


def test_undecidable_difference_keeps_the_recorded_reading():
    result = collate([Witness("recorded", "加强监测。"), Witness("new", "加强监督。")])
    assert result.chosen == 0
    assert result.reason == "no witness better than the reading already recorded"
    assert len(result.variants) == 1
