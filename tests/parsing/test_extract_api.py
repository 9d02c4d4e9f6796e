"""The extraction API on real measures of the seeds; purity and determinism."""

import dataclasses
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tracker.parsing.extract import DocumentContext, Extraction, document_context, extract
from tracker.parsing.records import to_jsonable
from tracker.vocabulary import BODY_ROLE, COMPARATOR, PROVENANCE, STATUS, TIME_FRAME_KIND, values

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
OPINION = (SEEDS / "001_a4e3b11e0f827774.txt").read_text(encoding="utf-8")
CTX = document_context(OPINION, date(2020, 12, 16), date(2021, 3, 22))


def item(label: str, next_label: str) -> str:
    return OPINION[OPINION.index(label) : OPINION.index(next_label)]


def test_land_policy_measure_matches_the_contract_example():
    extraction = extract(item("(十九)", "(二十)"), CTX)
    assert to_jsonable(extraction.bodies[0]) | {"evidence": None} == {
        "name": "所在省份", "role": "lead", "provenance": "explicit", "evidence": None, "rule": "by_agent",
        "canonical": "所在省份", "level": "provincial",
    }  # fmt: skip
    assert extraction.bodies[0].evidence == "原深度贫困地区计划指标不足的，由所在省份协调解决"
    assert [(t.expression, t.start, t.end) for t in extraction.time_frames] == [
        ("过渡期内", date(2021, 1, 1), date(2025, 12, 31))
    ]
    [red_line] = extraction.quantities
    assert (red_line.value, red_line.unit, red_line.comparator, red_line.indicator) == (1800000000, "亩", "ge", "耕地")


def test_fiscal_measure():
    extraction = extract(item("(十七)", "(十八)"), CTX)
    assert ("各地", "implementer") in [(b.name, b.role) for b in extraction.bodies]
    assert [t.expression for t in extraction.time_frames] == ["过渡期内", "“十三五”", "过渡期前3年", "此后"]
    assert extraction.time_frames[-1].start == date(2024, 1, 1)  # 此后: after 过渡期前3年 (2021–2023)


def test_ocr_latin_word_is_flagged():
    assert "ocr_latin_word" in extract(item("(十)", "(十一)"), CTX).flags
    assert "ocr_latin_word" not in extract("RCEP协定将于明年生效，5G网络覆盖", CTX).flags


def test_ocr_confusable_is_flagged():
    assert extract("归功于广大千部群众辛勤工作", CTX).flags == ("ocr_confusable",)


def test_every_value_is_in_its_vocabulary():
    for measure in re.split(r"\n(?=\(|## )", OPINION):
        extraction = extract(measure, CTX)
        assert extraction.status in values(STATUS)
        assert {b.role for b in extraction.bodies} <= values(BODY_ROLE)
        assert {b.provenance for b in extraction.bodies} <= values(PROVENANCE)
        assert {t.kind for t in extraction.time_frames} <= values(TIME_FRAME_KIND)
        assert {q.comparator for q in extraction.quantities} - {None} <= values(COMPARATOR)
        assert all(b.provenance == "explicit" or b.rule for b in extraction.bodies)


def test_records_are_frozen_and_extraction_is_deterministic():
    first, second = extract(OPINION, CTX), extract(OPINION, CTX)
    assert first == second
    assert isinstance(first, Extraction) and isinstance(CTX, DocumentContext)
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.status = "achieved"  # type: ignore[misc]


def test_extraction_imports_no_django():
    code = "import sys, tracker.parsing.extract; assert not any(m.startswith('django') for m in sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SEEDS.parent)
