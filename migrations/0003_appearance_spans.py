from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("tracker", "0002_postgres_trigram_search")]

    operations = [
        migrations.AddField(
            model_name="appearance",
            name="spans",
            field=models.JSONField(
                blank=True, default=dict,
                help_text="path -> [start, end] in the source's text; a measure no witness carries is withdrawn",
                verbose_name="本出处各措施的位置",
            ),
        ),
        migrations.AlterField(
            model_name="responsibility", name="name_as_written",
            field=models.TextField(blank=True, verbose_name="原文名称"),
        ),
        migrations.AlterField(
            model_name="historicalresponsibility", name="name_as_written",
            field=models.TextField(blank=True, verbose_name="原文名称"),
        ),
        migrations.AlterField(
            model_name="timeframe", name="expression", field=models.TextField(verbose_name="原文表述"),
        ),
        migrations.AlterField(
            model_name="timeframe", name="anchor", field=models.TextField(blank=True, verbose_name="推算依据"),
        ),
        migrations.AlterField(
            model_name="target", name="expression", field=models.TextField(verbose_name="原文表述"),
        ),
        migrations.AlterField(
            model_name="target", name="indicator", field=models.TextField(blank=True, verbose_name="指标"),
        ),
        migrations.AddField(
            model_name="target",
            name="upper_value",
            field=models.DecimalField(
                blank=True, decimal_places=6, max_digits=24, null=True, verbose_name="区间上限"
            ),
        ),
    ]
