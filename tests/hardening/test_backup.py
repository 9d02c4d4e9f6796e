"""Backup and restore as the README describes them: pg_dump of a populated database, pg_restore into an empty one,
and every table holds the same rows (documents, measures, status history, links, bodies, users, audit trail)."""

import datetime
import subprocess

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection

from tests import factories
from tracker import models
from tracker.status import record_status

TABLES = ["tracker_document", "tracker_measure", "tracker_statusupdate", "tracker_measurelink", "tracker_body",
          "auth_user", "auth_user_groups", "tracker_historicalmeasure", "django_migrations"]


def rows_of(url: str) -> dict[str, list]:
    with psycopg.connect(url) as database:
        return {table: database.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in TABLES}


@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_pg_restore_keep_every_row():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    # a user in a group of its own: an earlier transactional test's flush may have removed the migrations' groups
    editor = get_user_model().objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.create(name="backup-test"))
    earlier, later = factories.measure(), factories.measure(factories.document("关于进一步深化农村改革的意见"))
    record_status(later, "achieved", effective_date=datetime.date(2024, 6, 30), source="manual", author=editor)
    models.MeasureLink.objects.create(from_measure=later, to_measure=earlier, relation="restates", score="0.9",
                                      provenance="manual", review="accepted", reviewed_by=editor,
                                      from_span_start=0, from_span_end=2, to_span_start=0, to_span_end=2)
    factories.body("财政部")
    assert get_user_model().objects.exists() and models.Measure.history.exists()

    settings = connection.settings_dict
    server = f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
    restored = f"{settings['NAME']}_restored"
    dump = subprocess.run(["pg_dump", "--format=custom", f"{server}/{settings['NAME']}"], capture_output=True,
                          check=True).stdout
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={server}/{restored}"], input=dump, check=True,
                       capture_output=True)
        assert rows_of(f"{server}/{restored}") == rows_of(f"{server}/{settings['NAME']}")
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}"')
