"""`make serve` as production runs it: DEBUG off, gunicorn, static files collected and served by whitenoise.
Started on a free port against a fresh SQLite file; the login page, its stylesheet and /healthz answer."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str, str]:
    # as behind the TLS proxy production has: it says the request came over HTTPS
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode()


@pytest.fixture
def served(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is missing")
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'serve.sqlite3'}", "SECRET_KEY": "serve-test-" * 5,
           "ALLOWED_HOSTS": "127.0.0.1", "STATIC_ROOT": str(tmp_path / "static"), "HOST": f"127.0.0.1:{port}",
           "WEB_WORKERS": "1"}
    server = subprocess.Popen(["make", "--no-print-directory", "serve"], cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            if server.poll() is not None:
                pytest.fail(f"make serve stopped: {server.stdout.read()}")
            try:
                fetch(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def test_make_serve_answers_as_production(served):
    status, _type, login = fetch(f"{served}/admin/login/")
    assert status == 200 and "csrfmiddlewaretoken" in login
    stylesheet = re.search(r'href="(/static/admin/css/base\.[0-9a-f]+\.css)"', login)
    assert stylesheet, "the admin's CSS under a hashed name (collected static files)"
    status, content_type, css = fetch(served + stylesheet.group(1))
    assert status == 200 and content_type.startswith("text/css") and "body" in css
    status, _type, health = fetch(f"{served}/healthz")
    assert status == 200 and "ok" in health.lower()


def test_a_worker_freezes_what_it_loaded_and_collects_each_request_s_cycles_while_young(db):
    """tracker/gunicorn_conf.py: the hooks `make serve` gives gunicorn."""
    import gc
    import weakref

    from tracker import gunicorn_conf

    class Node:
        pass

    try:
        gunicorn_conf.post_worker_init(worker=None)
        assert gc.get_freeze_count() > 10_000 and "tracker.views" in sys.modules
    finally:
        gc.unfreeze()  # the test process's objects back under the collector
    node = Node()
    node.self = node  # a cycle, as a request's querysets and their caches leave
    alive = weakref.ref(node)
    del node
    gunicorn_conf.post_request(worker=None, req=None, environ={}, resp=None)
    assert alive() is None
