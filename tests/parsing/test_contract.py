"""The parser's contract with other tools: pure (no Django), deterministic, and the CLI of DESIGN.md."""

import json
import subprocess
import sys
from pathlib import Path

from tracker.parsing import parse
from tracker.parsing.__main__ import source_json

REPO = Path(__file__).resolve().parents[2]
SEED = sorted((REPO / "seeds").glob("*.txt"))[1]


def run(*args, **kwargs):
    return subprocess.run([sys.executable, *args], cwd=REPO, capture_output=True, text=True, check=False, **kwargs)


def test_importing_the_parser_imports_no_django():
    script = "import sys, tracker.parsing, tracker.parsing.__main__; print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    result = run("-c", script, env={"PYTHONPATH": str(REPO), "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_parsing_the_same_bytes_twice_gives_identical_json():
    data = SEED.read_bytes()
    first, second = (
        json.dumps(source_json(parse(data, "seed.txt")), ensure_ascii=False, sort_keys=True) for _ in range(2)
    )
    assert first == second


def test_cli_prints_one_json_object_with_every_source():
    result = run("-m", "tracker.parsing", f"seeds/{SEED.name}")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    (source,) = output["sources"]
    assert source["file"] == f"seeds/{SEED.name}"
    assert source["encoding"] == "utf-8" and len(source["sha256"]) == 64
    assert "text" not in source  # the normalised text is left out; spans index it
    assert "中共中央" in result.stdout  # not \\u-escaped
    article = source["articles"][0]
    assert {"title", "kind", "issuers", "date_written", "date_published", "span", "measures"} <= article.keys()
    assert {
        "path",
        "number_text",
        "level",
        "heading",
        "text",
        "span",
        "bodies",
        "time_frames",
        "quantities",
        "status",
    } <= (article["measures"][0].keys())


def test_cli_reports_an_unreadable_file_and_still_prints_the_others(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("-m", "tracker.parsing", str(empty), f"seeds/{SEED.name}", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert [source["file"] for source in json.loads(result.stdout)["sources"]] == [f"seeds/{SEED.name}"]
    assert "empty.txt: cannot parse: the file is empty" in result.stderr
    assert "missing.txt: cannot parse" in result.stderr
