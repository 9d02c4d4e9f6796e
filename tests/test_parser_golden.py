"""Golden files: the parse of every seed, as `python -m tracker.parsing` prints it, must not change unnoticed.

Regenerate after an intended change with `python -m tests.test_parser_golden`, then read the diff
(`git diff tests/golden/`) line by line against the seed text before committing it (tests/golden/README.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tracker.parsing import parse
from tracker.parsing.__main__ import source_json

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "seeds").glob("*.txt"))
GOLDEN = REPO / "tests" / "golden"


def render(seed: Path) -> str:
    source = parse(seed.read_bytes(), f"seeds/{seed.name}")
    return json.dumps(source_json(source), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def golden_path(seed: Path) -> Path:
    return GOLDEN / f"{seed.stem}.json"


@pytest.mark.parametrize("seed", SEEDS, ids=[seed.stem for seed in SEEDS])
def test_seed_matches_golden(seed: Path) -> None:
    expected = golden_path(seed).read_text(encoding="utf-8")
    assert render(seed) == expected, f"{seed.name} parses differently: regenerate and review (tests/golden/README.md)"


def test_every_seed_has_a_golden_file() -> None:
    assert SEEDS, "no seeds found"
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == [seed.stem for seed in SEEDS]


def regenerate() -> None:
    for seed in SEEDS:
        golden_path(seed).write_text(render(seed), encoding="utf-8")
        print(f"wrote {golden_path(seed).relative_to(REPO)}", file=sys.stderr)


if __name__ == "__main__":
    regenerate()
