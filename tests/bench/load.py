"""A bounded load test on loopback: N clients at once for a fixed time against the production server (`make
serve`: gunicorn, DEBUG=false) on the benchmark corpus, each logged in as an editor and going round a mix of
pages (the latency harness's pages whose names start with the prefixes given).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m tests.bench.load \\
        --clients 32 --seconds 60 --pages API --pages dashboard                         # issue 14
    … -m tests.bench.load --clients 50 --seconds 60 --pages API --pages dashboard --pages "admin list"  # issue 15

Reports requests per second, p50/p95/max and errors (any status but 200, or no answer within the client's
timeout) overall and per page, and the load average. The clients are threads of this process: they wait on the
network almost all the time, so they take little of the CPU the server needs.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict

from tests.bench.latency import EDITOR, PASSWORD, Client, ensure_editor, pages, serve, wait_until_up
from tests.test_serve import free_port


def percentile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def client_loop(client: Client, mix: list[tuple[str, str]], start: int, until: float, samples: dict) -> None:
    index = start
    while time.perf_counter() < until:
        name, url = mix[index % len(mix)]
        index += 1
        started = time.perf_counter()
        try:
            status, _ = client.get(url)
        except (OSError, SystemExit) as error:  # a timeout, a refused connection, a log-out
            status = type(error).__name__
        samples[name].append((time.perf_counter() - started, status))


def report(samples: dict, seconds: float, clients: int, load: tuple[float, float]) -> str:
    every = [sample for page in samples.values() for sample in page]
    lines = [f"{clients} clients, {seconds:.0f} s, load average {load[0]:.1f} → {load[1]:.1f}: "
             f"{len(every)} requests, {len(every) / seconds:.1f}/s, "
             f"{sum(status != 200 for _, status in every)} errors",
             "| page | requests | p50 | p95 | max | errors |", "|---|---|---|---|---|---|"]
    for name, page in [("all", every), *sorted(samples.items())]:
        ordered = sorted(duration for duration, _ in page)
        errors = [status for _, status in page if status != 200]
        lines.append(f"| {name} | {len(page)} | {statistics.median(ordered) * 1000:,.0f} ms | "
                     f"{percentile(ordered, 0.95) * 1000:,.0f} ms | {ordered[-1] * 1000:,.0f} ms | "
                     f"{len(errors)}{' ' + str(sorted(set(map(str, errors)))) if errors else ''} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pages", action="append", help="the pages whose names start with this (repeat for more; "
                        "by default API and dashboard)")
    parser.add_argument("--measures", type=int, default=1_000_000, help="the corpus's size, to pick its pages")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    prefixes = tuple(args.pages or ("API", "dashboard"))
    mix = [(name, url) for name, url in pages(args.measures) if name.startswith(prefixes)]
    ensure_editor()
    port = free_port()
    with tempfile.TemporaryDirectory() as static_root:
        server = serve(port, static_root)
        try:
            clients = [Client(f"http://127.0.0.1:{port}") for _ in range(args.clients)]
            wait_until_up(clients[0], server)
            for client in clients:
                client.log_in(EDITOR, PASSWORD)
            samples: dict = defaultdict(list)
            load_before = os.getloadavg()[0]
            until = time.perf_counter() + args.seconds
            threads = [threading.Thread(target=client_loop, args=(client, mix, number, until, samples))
                       for number, client in enumerate(clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            elapsed = time.perf_counter() - until + args.seconds  # the last answers come after the window
            print(report(samples, elapsed, args.clients, (load_before, os.getloadavg()[0])), flush=True)
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=60)


if __name__ == "__main__":
    main()
