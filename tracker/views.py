"""Pages outside the admin: the health check, and stopping a watch from a digest's link."""

import logging

from django.core import signing
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tracker import watches

log = logging.getLogger(__name__)


def healthz(request):
    """200 when the app and its database answer, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"; its details (host, port) go to the log only
        log.exception("health check: the database does not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """A digest's link: shows what it stops and asks to confirm (mail scanners follow links; only a POST stops)."""
    try:
        kind, _pk = signing.loads(token, salt=watches.UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return render(request, "tracker/watches/unsubscribe.html", {"invalid": True}, status=400)
    stopped = watches.unsubscribe(token) if request.method == "POST" else None
    return render(request, "tracker/watches/unsubscribe.html", {"all": kind == "user", "stopped": stopped})
