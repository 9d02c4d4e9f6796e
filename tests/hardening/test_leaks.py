"""Nothing a user should not see: production refuses a published SECRET_KEY at start, /healthz keeps the database's
error to the log, the import page shows no traceback or server path without DEBUG (issue 15)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.utils import OperationalError
from django.urls import reverse

from tests.test_foundation import run_django

PRODUCTION = {"DEBUG": "false", "ALLOWED_HOSTS": "luoshi.example.org"}


@pytest.mark.parametrize("secret", ["", "   ", "change-me-to-a-long-random-string"])
def test_production_refuses_an_empty_or_placeholder_secret_key(secret):
    result = run_django({**PRODUCTION, "SECRET_KEY": secret}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is empty, the development default or the placeholder of .env.example" in result.stderr


def test_healthz_keeps_the_database_error_to_itself(client, db, monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "10.1.2.3", port 5432 failed: Connection refused')

    with monkeypatch.context() as patch:  # undone before the test's database is torn down
        patch.setattr(connection, "cursor", refuse)
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}


def test_the_import_error_page_shows_no_traceback_without_debug(editor_client, settings):
    settings.DEBUG = False
    upload = ("measures.csv", "heading,status\n改,achieved\n".encode())
    response = editor_client.post(reverse("admin:tracker_measure_import"),
                                  {"format": "0", "resource": "0", "import_file": SimpleUploadedFile(*upload)})
    page = response.content.decode()
    assert "文件缺少以下列" in page or "The file lacks these columns" in page
    assert "Traceback" not in page and ".py" not in page
