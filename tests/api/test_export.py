"""The streaming CSV export: `/export/measures.csv`, `manage.py export_measures`, `measure_export_rows`."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.http import StreamingHttpResponse

from tests import factories
from tests.analytics.world import AS_OF, OPINION
from tracker.export import MEASURE_EXPORT_COLUMNS, csv_text_chunks, measure_csv_chunks, measure_export_rows
from tracker.models import Measure


def read_csv(text: str) -> list[dict]:
    assert text.startswith("\ufeff"), "a BOM, so that Excel reads UTF-8 Chinese"
    return list(csv.DictReader(io.StringIO(text[1:])))


def download(api, params=None) -> str:
    response = api.get("/export/measures.csv", params)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="luoshi-measures-')
    return b"".join(response.streaming_content).decode("utf-8")


def test_header_and_one_full_row(world, api):
    text = download(api)
    assert text.splitlines()[0] == "\ufeff" + ",".join(MEASURE_EXPORT_COLUMNS)
    rows = {row["path"]: row for row in read_csv(text)}
    assert len(rows) == 6
    a2 = rows["三/（一）"]
    assert a2 == {
        "id": str(world.measures["a2"].pk),
        "document": OPINION,
        "document_date": "2020-12-16",
        "path": "三/（一）",
        "heading": "保持主要帮扶政策总体稳定",
        "status": "achieved",
        "status_date": "2024-01-15",
        "lead_body": "国家发展和改革委员会",
        "other_bodies": "财政部:participant",
        "time_frame_start": "2021-01-01",
        "time_frame_end": "2025-12-31",
        "targets": "",
        "topics": "就业",
        "url": f"http://testserver/admin/tracker/measure/{world.measures['a2'].pk}/change/",
        "text": "保持主要帮扶政策总体稳定。过渡期内严格落实“四个不摘”要求。",
        "status_label": "已完成",
        "time_frame_kinds": "period",
    }
    assert rows["一"]["time_frame_kinds"] == "period；recurrence:P1Y"  # a recurrence with its interval
    assert (rows["七"]["time_frame_kinds"], rows["七"]["status_label"]) == ("", "未评估")
    assert set(rows["一"]["topics"].split("；")) == {"就业", "土地"}
    assert (rows["七"]["lead_body"], rows["七"]["status_date"], rows["七"]["time_frame_end"]) == ("", "", "")
    assert rows["三/（二）"]["time_frame_start"] == ""  # a deadline has no start


def test_the_same_filters_as_the_api(world, api):
    rows = read_csv(download(api, {"overdue": "true", "as_of": AS_OF}))
    assert {row["path"] for row in rows} == {"三/（二）", "一"}
    rows = read_csv(download(api, {"body": world.bodies["mof"].pk, "q": "低保"}))
    assert [row["path"] for row in rows] == ["三/（二）"]
    assert api.get("/export/measures.csv", {"status": "done-ish"}).status_code == 400


def test_formula_cells_are_escaped(db, api):
    factories.measure(path="一", heading="=HYPERLINK(\"http://evil\")", text="-1+2")
    factories.measure(path="二", heading="@SUM(A1)", text="正常")
    factories.measure(path="三", heading="", text="=cmd|' /C calc'!A0")
    rows = {row["path"]: row for row in read_csv(download(api))}
    assert rows["一"]["heading"] == "'=HYPERLINK(\"http://evil\")" and rows["一"]["text"] == "'-1+2"
    assert rows["二"]["heading"] == "'@SUM(A1)" and rows["二"]["text"] == "正常"
    assert rows["三"]["text"] == "'=cmd|' /C calc'!A0"


def test_a_running_provision_without_a_heading_carries_its_text(db, api):
    """A law's article or a 一是 item has no heading: before, its row had no words at all."""
    law = factories.document("中华人民共和国乡村振兴促进法", kind="law")
    factories.measure(law, "第一条", heading="", text="为了全面实施乡村振兴战略，制定本法。")
    row = read_csv(download(api))[0]
    assert (row["path"], row["heading"], row["text"]) == ("第一条", "", "为了全面实施乡村振兴战略，制定本法。")


def test_a_configured_site_url_makes_every_surface_link_there(world, api, settings, tmp_path):
    settings.SITE_URL = "https://luoshi.example.org/"
    expected = f"https://luoshi.example.org/admin/tracker/measure/{world.measures['a2'].pk}/change/"
    downloaded = {row["path"]: row["url"] for row in read_csv(download(api))}
    target = tmp_path / "measures.csv"
    call_command("export_measures", "--output", str(target))
    written = {row["path"]: row["url"] for row in read_csv(target.read_text(encoding="utf-8"))}
    assert downloaded["三/（一）"] == written["三/（一）"] == expected


def test_a_second_lead_body_is_listed_with_the_others(world):
    from tracker.models import Responsibility

    Responsibility.objects.create(measure=world.measures["a3"], body=world.bodies["moa"], role="lead",
                                  provenance="manual")
    row = dict(zip(MEASURE_EXPORT_COLUMNS, next(measure_export_rows(Measure.objects.filter(path="三/（二）"))),
                   strict=True))
    assert (row["lead_body"], row["other_bodies"]) == ("财政部", "农业农村部:lead")


def test_command_writes_the_same_file(world, api, tmp_path):
    target = tmp_path / "measures.csv"
    call_command("export_measures", "--output", str(target), "--status", "planned", "--status", "stalled",
                 "--as-of", AS_OF.isoformat())
    rows = read_csv(target.read_text(encoding="utf-8"))
    assert {row["path"] for row in rows} == {"三/（二）", "一"}
    assert rows[0]["url"].startswith("/admin/tracker/measure/")  # no site known to a command: relative links


def test_command_refuses_a_bad_filter(db):
    with pytest.raises(CommandError, match="status"):
        call_command("export_measures", "--status", "done-ish")


def test_export_streams_in_a_fixed_number_of_queries(db, api, django_assert_max_num_queries):
    """Related rows come from subqueries: the query count does not grow with the rows."""
    counts = []
    for size in (3, 30):
        for _ in range(size):
            measure = factories.measure(path=f"x{Measure.objects.count()}")
            measure.topics.create(name=f"topic-{measure.pk}")
        # session, user, the role (2), whether any status entry is dated after as_of, the export query (on
        # PostgreSQL its server-side cursor, which Django's query log does not see, and the savepoint around it,
        # and its release)
        with django_assert_max_num_queries(8) as captured:
            download(api)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_database_writes_the_same_csv_as_python(world, on_postgres):
    """On PostgreSQL the CSV comes from COPY with cells escaped in SQL: the very cells csv.writer gives."""
    factories.measure(path="引号", heading='他说"好",然后', text="第一行\n第二行\r\n=1+1")
    factories.measure(path="空", heading="", text="\t制表", status="stalled")
    factories.measure(path="负", heading="-3%", text="+86 电话")
    measures = Measure.objects.all()
    copied = read_csv("".join(measure_csv_chunks(measures, site_url="https://luoshi.example.org")))
    rows = measure_export_rows(measures, site_url="https://luoshi.example.org")
    written = read_csv("".join(csv_text_chunks(MEASURE_EXPORT_COLUMNS, rows)))
    assert len(copied) == 9 and copied == written
    assert {row["path"]: row["text"] for row in copied}["空"] == "'\t制表"
