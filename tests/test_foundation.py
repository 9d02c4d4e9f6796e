"""The foundation: constraints hold in the database, migrations match models, settings are safe."""

import datetime
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.conftest import REPO
from tracker import models


@pytest.fixture
def measure(db):
    source = models.SourceFile.objects.create(
        sha256="0" * 64, name="x.txt", content=b"abc", encoding="utf-8", size=3, text="abc"
    )
    document = models.Document.objects.create(identity="doc", title="意见", kind="policy_document")
    return models.Measure.objects.create(
        document=document, path="一", number_text="一、", level=1, order=1, text="abc",
        source=source, span_start=0, span_end=3,
    )


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_unknown_status_is_rejected_by_the_database(measure):
    assert_rejected(lambda: models.Measure.objects.filter(pk=measure.pk).update(status="done-ish"))
    assert_rejected(
        lambda: models.StatusUpdate.objects.create(
            measure=measure, status="bogus", effective_date=datetime.date(2021, 1, 1), source="manual"
        )
    )


def test_time_frame_ending_before_it_starts_is_rejected(measure):
    assert_rejected(
        lambda: models.TimeFrame.objects.create(
            measure=measure, expression="过渡期内", kind="period",
            start=datetime.date(2025, 12, 31), end=datetime.date(2021, 1, 1),
        )
    )
    ok = models.TimeFrame.objects.create(
        measure=measure, expression="到2025年", kind="deadline", start=None, end=datetime.date(2025, 12, 31)
    )
    assert ok.pk


def test_duplicate_path_in_one_document_is_rejected(measure):
    duplicate = {f: getattr(measure, f) for f in ("document", "number_text", "level", "text", "source")}
    assert_rejected(
        lambda: models.Measure.objects.create(path="一", order=2, span_start=0, span_end=1, **duplicate)
    )
    other_document = models.Document.objects.create(identity="doc2", title="通知", kind="policy_document")
    duplicate["document"] = other_document
    assert models.Measure.objects.create(path="一", order=1, span_start=0, span_end=1, **duplicate).pk


def test_span_and_level_and_link_constraints(measure):
    assert_rejected(lambda: models.Measure.objects.filter(pk=measure.pk).update(span_end=0, span_start=2))
    assert_rejected(lambda: models.Measure.objects.filter(pk=measure.pk).update(level=0))
    assert_rejected(lambda: models.MeasureLink.objects.create(from_measure=measure, to_measure=measure, relation="restates",
                                                                 from_span_start=0, from_span_end=1,
                                                                 to_span_start=0, to_span_end=1))
    assert_rejected(lambda: models.Body.objects.create(name="某部门", level="galactic"))


def test_models_and_migrations_do_not_drift(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_postgres_database_indexes_chinese_trigrams(on_postgres):
    with on_postgres.cursor() as cursor:
        cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
        assert "UTF-8" in cursor.fetchone()[0].upper().replace("UTF8", "UTF-8")
        cursor.execute("SELECT show_trgm(%s)", ["耕地红线"])
        assert len(cursor.fetchone()[0]) > 0
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname = 'tracker_measure_text_trgm'")
        assert cursor.fetchone() is not None


def run_django(env_overrides, *args):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_default_secret_key():
    result = run_django({"DEBUG": "false", "ALLOWED_HOSTS": "luoshi.example.org"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_configuration_passes_check_deploy():
    secret = "x" * 30 + "-Q9!zR7#kLm2@pW4$vN8^bT6&"
    env = {"DEBUG": "false", "SECRET_KEY": secret, "ALLOWED_HOSTS": "luoshi.example.org"}
    result = run_django(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout


def test_admin_lists_every_model(admin_client):
    index = admin_client.get(reverse("admin:index")).content.decode()
    for model in (
        models.SourceFile, models.Document, models.Appearance, models.Topic, models.Body, models.Measure,
        models.Responsibility, models.TimeFrame, models.Target, models.StatusUpdate, models.Variant,
        models.ImportRun, models.MeasureLink,
    ):
        url = reverse(f"admin:tracker_{model._meta.model_name}_changelist")
        assert url in index
        assert admin_client.get(url).status_code == 200


def test_healthz_answers_when_the_database_does(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
