"""gunicorn's hooks for `make serve` (`--config python:tracker.gunicorn_conf`): the garbage collector kept out of
the requests' way.

A worker holds ~190,000 long-lived objects (Django, pandas, plotly, DRF), and a request of the API leaves a few
thousand objects in reference cycles (querysets, their prefetch caches, model states) that only the collector
frees. Left alone, they reach the oldest generation, and every dozen requests or so a full collection walked
everything: 85-240 ms inside one request on this machine (docs/benchmarks.md, issue 14). So the modules are
frozen out of the collector's sight once loaded, and each request's cycles are collected while still young,
after its response has gone (~3 ms, before the worker's next request).
"""

import gc


def post_worker_init(worker):
    """The application is loaded in this worker: import what requests need (the URLconf imports the views), then
    freeze it all."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imported for its side effect)
    gc.freeze()


def post_request(worker, req, environ, resp):
    gc.collect(1)
