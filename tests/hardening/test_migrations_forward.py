"""Every migration applies forward on a populated database (issue 15, data safety).

The database is taken back to the first migration, filled with one row of every kind a person or the ingest
makes (in the models of that time), then migrated to the newest state. Whatever migration is added later is
covered too: the target is the graph's leaf, not a name written here. Runs on SQLite and, in CI, PostgreSQL.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

FIRST = ("tracker", "0001_initial")


def newest_migration() -> tuple[str, str]:
    (leaf,) = MigrationLoader(connection).graph.leaf_nodes("tracker")
    return leaf


def fill_first_schema(apps) -> dict:
    """One row of each kind in the first schema; returns the ids the checks follow."""
    model = apps.get_model
    user = model("auth", "User").objects.create(username="editor")
    source = model("tracker", "SourceFile").objects.create(
        name="opinion.txt", content=b"...", encoding="utf-8", size=3, text="一、总体要求\n（一）健全防止返贫动态监测和帮扶机制。"
    )
    body = model("tracker", "Body").objects.create(name="国家乡村振兴局")
    topic = model("tracker", "Topic").objects.create(name="防止返贫")
    document = model("tracker", "Document").objects.create(
        identity="关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见|2020-12-16",
        title="关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见",
        kind="policy_document",
        date_written=datetime.date(2020, 12, 16),
    )
    document.issuers.add(body)
    model("tracker", "Appearance").objects.create(document=document, source=source, span_start=0, span_end=30)

    def measure(path, number_text, level, order, heading, parent=None):
        return model("tracker", "Measure").objects.create(
            document=document, source=source, parent=parent, path=path, number_text=number_text, level=level,
            order=order, heading=heading, text=heading + "落实低保等社会救助兜底保障政策。", span_start=order * 10,
            span_end=order * 10 + 9, status="in_progress", edited_fields=["heading"],
        )

    part = measure("一", "一、", 1, 1, "总体要求")
    item = measure("一/（一）", "（一）", 2, 2, "健全防止返贫动态监测和帮扶机制", parent=part)
    item.topics.add(topic)
    model("tracker", "Responsibility").objects.create(measure=item, body=body, role="lead", provenance="explicit")
    model("tracker", "TimeFrame").objects.create(
        measure=item, expression="过渡期内", kind="period", start=datetime.date(2021, 1, 1),
        end=datetime.date(2025, 12, 31),
    )
    model("tracker", "Target").objects.create(
        measure=item, expression="18亿亩", value=18, normalised_value=1_800_000_000, unit="亿亩",
    )
    status_update = model("tracker", "StatusUpdate")
    first = status_update.objects.create(
        measure=item, status="planned", effective_date=datetime.date(2021, 3, 1), source="manual", author=user
    )
    status_update.objects.create(
        measure=item, status="in_progress", effective_date=datetime.date(2022, 6, 30), source="manual", author=user
    )
    link = model("tracker", "MeasureLink").objects.create(from_measure=item, to_measure=part, kind="continues")
    model("tracker", "Variant").objects.create(
        measure=item, position=3, chosen_source=source, other_source=source, chosen_reading="返贫",
        other_reading="反贫", reason="witnesses differ",
    )
    model("tracker", "ImportRun").objects.create(paths=["seeds/"], outcome="succeeded", inserted=2, user=user)
    return {"item": item.pk, "part": part.pk, "first_status": first.pk, "link": link.pk}


COUNTED = ["SourceFile", "Body", "Topic", "Document", "Appearance", "Measure", "Responsibility", "TimeFrame",
           "Target", "StatusUpdate", "MeasureLink", "Variant", "ImportRun"]


@pytest.mark.django_db(transaction=True)
def test_every_migration_applies_forward_on_a_populated_database(migrator):
    old = migrator.apply_initial_migration(FIRST)
    ids = fill_first_schema(old.apps)
    counts_before = {name: old.apps.get_model("tracker", name).objects.count() for name in COUNTED}

    new = migrator.apply_tested_migration(newest_migration())
    model = new.apps.get_model

    assert {name: model("tracker", name).objects.count() for name in COUNTED} == counts_before
    item = model("tracker", "Measure").objects.get(pk=ids["item"])
    assert (item.heading, item.status, item.edited_fields) == ("健全防止返贫动态监测和帮扶机制", "in_progress", ["heading"])
    assert "低保" in item.search_tokens.split()  # 0003_admin_search filled the words of existing measures
    # 0026: the words' counts of the measures already there.
    holding = [tokens for tokens in model("tracker", "Measure").objects.values_list("search_tokens", flat=True)
               if "低保" in tokens.split()]
    assert model("tracker", "WordFrequency").objects.get(word="低保").measures == len(holding) >= 1
    assert item.responsibilities.get().body.name == "国家乡村振兴局"
    assert list(item.topics.values_list("name", flat=True)) == ["防止返贫"]
    # 0023: the earlier status entry ends where the next begins; the current one stays open.
    entries = list(item.status_updates.order_by("effective_date").values_list("ended_on", flat=True))
    assert entries == [datetime.date(2022, 6, 30), None]
    # 0013: a link someone made by hand keeps its pair and becomes a manual `restates` link.
    link = model("tracker", "MeasureLink").objects.get(pk=ids["link"])
    assert (link.from_measure_id, link.to_measure_id, link.relation, link.provenance) == (
        ids["item"], ids["part"], "restates", "manual"
    )
    # 0020: a time frame of the first schema is still a period with its dates.
    time_frame = item.time_frames.get()
    assert (time_frame.kind, time_frame.end) == ("period", datetime.date(2025, 12, 31))
