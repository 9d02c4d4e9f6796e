"""Parser throughput on a large synthetic corpus, beside the time to merely read and decode the same bytes.

    python tests/bench/bench_parse.py [--megabytes 20] [--rounds 3]
    python tests/bench/bench_parse.py --digest        # the sha256 of the output over the corpus and the seeds

The corpus is built from the seeds: each seed as it is, and each seed's paragraphs re-set in narrow
newspaper columns, repeated into files of about 1 MB (a thick newspaper page) until the corpus reaches the
size asked for. Reported: MB/s of raw bytes for decode only, for the structure (normalise, articles,
outline) and for the full parse (with per-measure extraction), all on one core, by wall clock and by CPU
time, each the best of several passes. Results: docs/benchmarks.md, section "Parser".

`--digest` prints instead one sha256 over the JSON of `parse()` (`records.to_jsonable`, the normalised text
included) of every corpus file and every seed: a change meant to leave the output as it was (a refactor, a
speed-up) must leave it unchanged.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.parsing.documents import newspaper_columns  # noqa: E402
from tracker.parsing import parse  # noqa: E402
from tracker.parsing.articles import split_articles  # noqa: E402
from tracker.parsing.normalise import normalise  # noqa: E402
from tracker.parsing.outline import ParagraphSpan, outline  # noqa: E402
from tracker.parsing.reading import decode  # noqa: E402
from tracker.parsing.records import to_jsonable  # noqa: E402

FILE_SIZE = 1_000_000  # bytes per synthetic file


def corpus(megabytes: float) -> list[bytes]:
    texts = [path.read_text(encoding="utf-8") for path in seeds()]
    pages = texts + [newspaper_columns(text, width=28) for text in texts]
    files: list[bytes] = []
    total, index = 0, 0
    while total < megabytes * 1_000_000:
        parts, size = [], 0
        while size < FILE_SIZE:
            page = pages[index % len(pages)].encode("utf-8")
            parts.append(page)
            size += len(page)
            index += 1
        files.append(b"\n\n\n\n".join(parts))
        total += len(files[-1])
    return files


def seeds() -> list[Path]:
    return sorted((REPO / "seeds").glob("*.txt"))


def output_digest(files: list[bytes]) -> str:
    """sha256 over the parse of every corpus file and every seed, each as sorted JSON on a line of its own."""
    digest = hashlib.sha256()
    named = [(f"corpus/{number:03}.txt", data) for number, data in enumerate(files)]
    named += [(f"seeds/{seed.name}", seed.read_bytes()) for seed in seeds()]
    for name, data in named:
        record = to_jsonable(parse(data, name))
        digest.update(json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8") + b"\n")
    return digest.hexdigest()


def structure(data: bytes) -> int:
    page = normalise(decode(data).text)
    count = 0
    for draft in split_articles(page):
        body = [
            ParagraphSpan(p.start, p.end, page.paragraph_text(p), p.heading_level)
            for p in page.paragraphs[draft.body_first : draft.body_last + 1]
        ]
        count += len(outline(body))
    return count


def timed(label: str, function, files: list[bytes], megabytes: float, rounds: int, baseline: float | None = None
          ) -> float:
    """Wall-clock and CPU time (this process, one core), the best of `rounds` passes over the corpus: the
    machine is shared, and a neighbour's burst only ever slows a pass down. Against `baseline` (the CPU time
    of reading and decoding), the ratio compares runs on a noisy machine."""
    best_wall = best_cpu = float("inf")
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for data in files:
            function(data)
        best_wall = min(best_wall, time.perf_counter() - wall)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    ratio = f"   {best_cpu / baseline:5.0f}x read + decode" if baseline else ""
    print(f"{label:<42} wall {best_wall:7.2f} s {megabytes / best_wall:6.1f} MB/s   "
          f"cpu {best_cpu:7.2f} s {megabytes / best_cpu:6.1f} MB/s{ratio}")
    return best_cpu


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    arguments.add_argument("--megabytes", type=float, default=20.0)
    arguments.add_argument("--rounds", type=int, default=3, help="passes over the corpus; the best is reported")
    arguments.add_argument("--digest", action="store_true", help="print the sha256 of the output instead of timing")
    asked = arguments.parse_args()
    files = corpus(asked.megabytes)
    if asked.digest:
        print(f"{output_digest(files)}  ({len(files)} corpus files of {asked.megabytes:g} MB and the seeds)")
        return
    megabytes = sum(map(len, files)) / 1_000_000
    print(f"corpus: {len(files)} files, {megabytes:.1f} MB (seeds as printed and re-set in columns), "
          f"best of {asked.rounds} passes")
    baseline = timed("read + decode only", decode, files, megabytes, asked.rounds)
    timed("structure (normalise, articles, outline)", structure, files, megabytes, asked.rounds, baseline)
    timed("full parse (with per-measure extraction)", lambda data: parse(data, "bench.txt"), files, megabytes,
          asked.rounds, baseline)


if __name__ == "__main__":
    main()
