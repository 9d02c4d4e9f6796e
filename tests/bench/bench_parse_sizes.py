"""Is parsing linear in the size of one file? One file of 1, 10 and 50 MB (the seeds and their newspaper-column
settings, repeated, as in bench_parse.py), parsed whole; seconds, MB/s and peak memory of each (issue 15).

    python tests/bench/bench_parse_sizes.py [--sizes 1,10,50]

Each size runs in a fresh process, so one's memory does not hide in the next's peak.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.bench.bench_parse import corpus  # noqa: E402
from tracker.parsing import parse  # noqa: E402


def measure(megabytes: int) -> str:
    data = b"\n\n\n\n".join(corpus(megabytes))
    started, cpu_started = time.perf_counter(), time.process_time()
    source = parse(data, f"{megabytes}mb.txt")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    measures = sum(len(article.measures) for article in source.articles)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = len(data) / 1_000_000
    return (f"{size:6.1f} MB  {measures:8,} measures  {seconds:7.2f} s  {cpu:7.2f} s CPU  "
            f"{size / cpu:5.2f} MB/s (CPU)  peak {peak:,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,50", help="megabytes, comma-separated")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # a child process: measure one size
    arguments = parser.parse_args()
    if arguments.one:
        print(measure(arguments.one), flush=True)
        return
    for megabytes in (int(size) for size in arguments.sizes.split(",")):
        subprocess.run([sys.executable, __file__, "--one", str(megabytes)], check=True)


if __name__ == "__main__":
    main()
