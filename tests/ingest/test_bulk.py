"""The ingest's bulk insert (COPY on PostgreSQL, bulk_create elsewhere) stores what bulk_create would."""

import datetime
from decimal import Decimal

from django.utils import timezone

from tests import factories
from tracker import models
from tracker.ingest.bulk import insert_rows


def test_new_rows_get_their_values_ids_in_order_and_the_defaults_of_the_fields_left_out(db):
    document, source = factories.document(), factories.source_file()
    before = timezone.now()
    columns = ("document_id", "path", "number_text", "level", "order", "text", "source_id", "span_start",
               "span_end", "flags")
    rows = [(document.pk, path, path, 1, order, f"{path}、内容。", source.pk, 0, 4, flags)
            for order, (path, flags) in enumerate([("一", []), ("二", ["ocr_latin_word"]), ("三", [])])]
    ids = insert_rows(models.Measure, columns, rows, returning_ids=True)
    stored = {m.pk: m for m in models.Measure.objects.filter(pk__in=ids)}
    assert [stored[pk].path for pk in ids] == ["一", "二", "三"]
    second = stored[ids[1]]
    assert second.flags == ["ocr_latin_word"]  # JSON, not an array
    assert (second.status, second.needs_review, second.edited_fields, second.disagreements) == (
        "not_yet_rated", False, [], {})
    assert second.created_at >= before and second.updated_at >= before and second.withdrawn_at is None


def test_related_rows_keep_decimals_dates_and_nulls(db):
    measure = factories.measure()
    insert_rows(models.Target, ("measure_id", "expression", "value", "upper_value", "unit", "normalised_value"),
                [(measure.pk, "5至10万元", Decimal(50000), Decimal(100000), "元", Decimal(50000)),
                 (measure.pk, "18亿亩", Decimal(1800000000), None, "亩", Decimal(120000000))])
    insert_rows(models.TimeFrame, ("measure_id", "expression", "kind", "start", "end"),
                [(measure.pk, "到2025年", "deadline", None, datetime.date(2025, 12, 31))])
    assert sorted(measure.targets.values_list("value", "upper_value", "provenance")) == [
        (Decimal(50000), Decimal(100000), "explicit"), (Decimal(1800000000), None, "explicit")]
    assert list(measure.time_frames.values_list("start", "end", "anchor")) == [
        (None, datetime.date(2025, 12, 31), "")]


def test_nothing_to_insert_writes_nothing(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert insert_rows(models.Target, ("measure_id",), [], returning_ids=True) == []
