from django.db import migrations, models


def count_words(apps, schema_editor):
    """The counts of the measures already there (tracker.lineage.word_counts.rebuild reads only columns that
    exist at this migration)."""
    from tracker.lineage import word_counts

    word_counts.rebuild()


class Migration(migrations.Migration):

    dependencies = [
        ('tracker', '0025_dashboard_summary'),
    ]

    operations = [
        migrations.CreateModel(
            name='WordFrequency',
            fields=[
                ('word', models.TextField(primary_key=True, serialize=False)),
                ('measures', models.IntegerField()),
            ],
        ),
        migrations.RunPython(count_words, migrations.RunPython.noop),
    ]
