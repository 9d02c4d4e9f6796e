"""Latency of the pages people use, served as production serves them, on the benchmark corpus.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m tests.bench.latency
    … -m tests.bench.latency --only admin     # the pages whose name starts with "admin"
    … -m tests.bench.latency --json out.json  # also the samples, for comparisons

Fills the database with the 1M corpus if it holds another (`tests.bench.generate.fill_corpus`), starts `make
serve` (migrations, collectstatic, gunicorn with DEBUG=false and whitenoise) on a free port, logs in as an editor
(a member of the `editors` group, created if missing), then for each page: 3 warm-ups, then 30 sequential
requests, and reports p50 / p95 / max with the load average during the page and the size of the response.
A page whose requests take long is sampled fewer times, never skipped: the warm-ups stop after one that takes
over 2 s, and the requests stop once they have taken TIME_BUDGET seconds and at least MIN_SAMPLES ran (the
table shows n). Each request comes as through the TLS proxy production has (X-Forwarded-Proto: https).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
django.setup()

from django.contrib.auth.models import Group, User  # noqa: E402
from django.db.models import Count  # noqa: E402

from tests.bench.generate import fill_corpus  # noqa: E402
from tests.test_serve import free_port  # noqa: E402
from tracker import models  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
MEASURES = 1_000_000
WARM_UPS, REQUESTS, MIN_SAMPLES, TIME_BUDGET, SLOW_WARM_UP = 3, 30, 3, 60.0, 2.0
EDITOR, PASSWORD = "bench-editor", "bench-editor-password"


@dataclass(frozen=True)
class Result:
    name: str
    url: str
    samples: list[float]
    size: int
    status: int
    load: tuple[float, float]

    def row(self) -> str:
        ordered = sorted(self.samples)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return (f"| {self.name} | {len(ordered)} | {milliseconds(statistics.median(ordered))} | "
                f"{milliseconds(p95)} | {milliseconds(ordered[-1])} | {self.size / 1e3:,.0f} kB | {self.status} | "
                f"{self.load[0]:.1f}–{self.load[1]:.1f} |")


def milliseconds(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


class Client:
    """Plain HTTP to the local server, cookies kept by hand (production marks them Secure, for HTTPS)."""

    def __init__(self, base: str):
        self.host = urlsplit(base).netloc
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, bytes, dict]:
        connection = http.client.HTTPConnection(self.host, timeout=300)
        headers = {"X-Forwarded-Proto": "https", "Host": self.host, "Referer": f"https://{self.host}/admin/login/",
                   "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        connection.close()
        return response.status, content, dict(response.getheaders())

    def get(self, path: str) -> tuple[int, bytes]:
        """A page, following redirects (a dashboard's defaults), as a browser would."""
        for _ in range(5):
            status, content, headers = self.request("GET", path)
            if status not in (301, 302) or "Location" not in headers:
                return status, content
            if "/login/" in headers["Location"]:
                raise SystemExit(f"logged out on {path}: a timing of the login page would mean nothing")
            path = urlsplit(headers["Location"])._replace(scheme="", netloc="").geturl()
        return status, content

    def log_in(self, username: str, password: str) -> None:
        _, page, _ = self.request("GET", "/admin/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        form = f"csrfmiddlewaretoken={token}&username={username}&password={quote(password)}&next=/admin/"
        status, _, _ = self.request("POST", "/admin/login/", form)
        if status != 302:
            raise SystemExit(f"login failed ({status})")


def ensure_editor() -> None:
    """The editor, created once: setting the password again would log out a run going on at the same time."""
    user, created = User.objects.get_or_create(username=EDITOR, defaults={"is_staff": True})
    if created:
        user.set_password(PASSWORD)
        user.save()
    user.groups.add(Group.objects.get(name="editors"))


def pages(measures: int) -> list[tuple[str, str]]:
    """(name, URL) of every page measured; the document and the body are mid-sized ones of the corpus."""
    measure = models.Measure.objects.order_by("pk").values_list("pk", flat=True)[measures // 2]
    document = models.Measure.objects.get(pk=measure).document_id
    body = (models.Body.objects.filter(level="central").annotate(n=Count("responsibilities"))
            .order_by("-n").values_list("pk", flat=True)[10])
    admin = "/admin/tracker/measure/"
    listed = [
        ("admin measure change page", f"{admin}{measure}/change/"),
        ("admin list, no filter", admin),
        ("admin list, by status", f"{admin}?status__exact=stalled"),
        ("admin list, by document", f"{admin}?document__id__exact={document}"),
        ("admin list, by body", f"{admin}?responsibilities__body__id__exact={body}"),
        ("admin search 耕地红线", f"{admin}?q={quote('耕地红线')}"),
        ("admin search 低保", f"{admin}?q={quote('低保')}"),
        ("admin search 低保 过渡期", f"{admin}?q={quote('低保 过渡期')}"),
        ("API measures, first page", "/api/measures/"),
        ("API measures, page 100", "/api/measures/?page=100"),
        ("API measures, status + as_of", "/api/measures/?status=stalled&as_of=2022-06-30"),
        ("API measures, overdue", "/api/measures/?overdue=true"),
        ("API measure links", "/api/measure-links/"),
        ("admin review queue", "/admin/tracker/measurelink/"),
        ("admin review queue, suggestions", "/admin/tracker/measurelink/?review__exact=suggested"),
        ("admin review queue, by document", f"/admin/tracker/measurelink/?document={document}"),
    ]
    for slug in ("overview", "status", "bodies", "timeline", "targets", "heatmap", "quality", "carry-forward"):
        base = "/dashboards/" if slug == "overview" else f"/dashboards/{slug}/"
        listed += [(f"dashboard {slug}", base), (f"dashboard {slug}, one document", f"{base}?document={document}"),
                   (f"dashboard {slug}, a status", f"{base}?status=in_progress"),
                   (f"dashboard {slug}, a body and a status", f"{base}?body={body}&status=in_progress")]
    return listed


def measure_page(client: Client, name: str, url: str) -> Result:
    load_before = os.getloadavg()[0]
    for _ in range(WARM_UPS):
        started = time.perf_counter()
        client.get(url)
        if time.perf_counter() - started > SLOW_WARM_UP:
            break
    samples, spent = [], 0.0
    while len(samples) < REQUESTS and (spent < TIME_BUDGET or len(samples) < MIN_SAMPLES):
        started = time.perf_counter()
        status, content = client.get(url)
        samples.append(time.perf_counter() - started)
        spent += samples[-1]
    return Result(name, url, samples, len(content), status, (load_before, os.getloadavg()[0]))


def serve(port: int, static_root: str) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "false", "SECRET_KEY": "latency-benchmark-" * 4, "ALLOWED_HOSTS": "127.0.0.1",
           "STATIC_ROOT": static_root, "HOST": f"127.0.0.1:{port}"}
    return subprocess.Popen(["make", "--no-print-directory", "serve"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_until_up(client: Client, server: subprocess.Popen) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit("make serve stopped")
        try:
            client.request("GET", "/healthz")
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("make serve did not answer")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="", help="measure only the pages whose name starts with this")
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--measures", type=int, default=MEASURES, help="the corpus's size (1M by default)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so that `finally` stops the server too
    fill_corpus(args.measures)
    ensure_editor()
    port = free_port()
    with tempfile.TemporaryDirectory() as static_root:
        server = serve(port, static_root)
        try:
            client = Client(f"http://127.0.0.1:{port}")
            wait_until_up(client, server)
            client.log_in(EDITOR, PASSWORD)
            print("| page | n | p50 | p95 | max | size | HTTP | load average |\n|---|---|---|---|---|---|---|---|")
            results = []
            for name, url in pages(args.measures):
                if name.startswith(args.only):
                    results.append(measure_page(client, name, url))
                    print(results[-1].row(), flush=True)
        finally:
            os.killpg(server.pid, 15)
            server.wait(timeout=60)
    if args.json:
        Path(args.json).write_text(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
