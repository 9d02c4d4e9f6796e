"""Measure.search_tokens: jieba words of heading and text, so 1–2 character words (低保) are found through
PostgreSQL full-text search and a GIN index (trigrams serve 3+ characters, migration 0002). See tracker.search.
SQLite gets the column but no index.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models

from tracker.search import search_tokens, search_vector

INDEX_NAME = "tracker_measure_words_fts"


def fill_search_tokens(apps, schema_editor):
    Measure = apps.get_model("tracker", "Measure")
    measures = list(Measure.objects.only("heading", "text"))
    for measure in measures:
        measure.search_tokens = search_tokens(measure.heading, measure.text)
    Measure.objects.bulk_update(measures, ["search_tokens"], batch_size=500)


def words_index(apps):
    return apps.get_model("tracker", "Measure"), GinIndex(search_vector(), name=INDEX_NAME)


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(*words_index(apps))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(*words_index(apps))


class Migration(migrations.Migration):
    dependencies = [("tracker", "0003_appearance_spans")]

    operations = [
        migrations.AddField(
            model_name="measure",
            name="search_tokens",
            field=models.TextField(
                blank=True, default="", editable=False,
                help_text="jieba words of heading and text: tracker.search.search_tokens(heading, text)",
                verbose_name="检索词",
            ),
        ),
        migrations.RunPython(fill_search_tokens, migrations.RunPython.noop),
        migrations.RunPython(create_index, drop_index),
    ]
