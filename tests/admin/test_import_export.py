"""Spreadsheet export and import of measures: stable columns, BOM, formula escaping, a round trip through a
dry-run preview, and bad files refused with row-level messages and nothing written."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command

from tests.admin.data import more_measures
from tests.admin.pages import XLSX_FORMAT, confirm, csv_bytes, csv_rows, export, preview
from tracker import models
from tracker.export import MEASURE_EXPORT_COLUMNS


def database_state():
    """Everything an import could write."""
    return (
        list(models.Measure.objects.order_by("pk").values_list("status", "heading", "edited_fields")),
        list(models.StatusUpdate.objects.order_by("pk").values_list("pk", flat=True)),
        sorted(models.Responsibility.objects.values_list("measure_id", "body_id", "role")),
        models.Measure.history.count(), models.Responsibility.history.count(), LogEntry.objects.count(),
    )


def row_of(rows, measure) -> dict:
    return next(row for row in rows if row["path"] == measure.path)


# ---------------------------------------------------------------------------------------------- export


def test_csv_has_a_bom_the_stable_columns_and_inert_formulas(editor_client, tree):
    data = export(editor_client)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = csv_rows(data)
    assert list(rows[0]) == list(MEASURE_EXPORT_COLUMNS)
    red_line = row_of(rows, tree.red_line)
    assert red_line["heading"] == "坚决守住18亿亩耕地红线" and red_line["status"] == "in_progress"
    assert red_line["lead_body"] == "农业农村部" and red_line["time_frame_end"] == "2023-12-31"
    assert red_line["targets"] == "18亿亩" and red_line["status_date"] == "2021-03-22"
    assert red_line["url"] == f"http://testserver/admin/tracker/measure/{tree.red_line.pk}/change/"
    assert row_of(rows, tree.minimum_living)["other_bodies"] == "财政部:participant"
    assert row_of(rows, tree.formula)["heading"] == "'=HYPERLINK(\"http://evil.example\")落实责任"


def test_xlsx_keeps_numbers_numeric_and_formulas_as_text(editor_client, tree):
    sheet = openpyxl.load_workbook(io.BytesIO(export(editor_client, XLSX_FORMAT))).active
    header = [cell.value for cell in sheet[1]]
    assert header == list(MEASURE_EXPORT_COLUMNS)
    rows = [dict(zip(header, (cell for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    formula = next(row for row in rows if row["path"].value == tree.formula.path)
    assert formula["heading"].data_type == "s" and formula["heading"].value.startswith("'=")
    assert all(row["id"].data_type == "n" and isinstance(row["id"].value, int) for row in rows)


def test_the_admin_the_download_and_the_command_export_the_same_rows(editor_client, tree, settings, tmp_path):
    settings.SITE_URL = "https://luoshi.example.org"
    from_admin = csv_rows(export(editor_client))
    downloaded = csv_rows(b"".join(editor_client.get("/export/measures.csv").streaming_content))
    target = tmp_path / "measures.csv"
    call_command("export_measures", "--output", str(target))
    from_command = csv_rows(target.read_bytes())
    assert len(from_admin) == 5 and from_admin == downloaded == from_command
    formula = row_of(from_admin, tree.formula)
    assert formula["text"] == tree.formula.text and formula["status_label"] == "未评估"
    assert formula["url"] == f"https://luoshi.example.org/admin/tracker/measure/{tree.formula.pk}/change/"


def test_export_follows_the_list_filters(editor_client, tree):
    assert [row["path"] for row in csv_rows(export(editor_client, status__exact="ongoing"))] == ["一/（二）"]


def test_export_query_count_does_not_grow_with_the_data(editor_client, tree, django_assert_max_num_queries):
    with django_assert_max_num_queries(15) as few:
        export(editor_client, XLSX_FORMAT)
    more_measures(tree, 40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        export(editor_client, XLSX_FORMAT)


# --------------------------------------------------------------------------------------------- round trip


def test_round_trip_previews_the_differences_then_records_them_as_the_importer(editor_client, editor, tree):
    rows = csv_rows(export(editor_client))
    # status_label is for reading: the import goes by status
    row_of(rows, tree.red_line).update(status="achieved", status_date="2024-12-31", status_label="已完成")
    row_of(rows, tree.minimum_living).update(lead_body="农业部", other_bodies="")  # an alias of 农业农村部
    before = database_state()

    shown = preview(editor_client, csv_bytes(rows), name="评估表.csv")
    result = shown.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert len(result.rows) == 2  # only the rows that change something
    diffs = {row.diff[MEASURE_EXPORT_COLUMNS.index("path")]: row.diff for row in result.rows}
    status, lead_body = MEASURE_EXPORT_COLUMNS.index("status"), MEASURE_EXPORT_COLUMNS.index("lead_body")
    red_line, minimum_living = diffs["<span>一/（一）</span>"], diffs["<span>一/（二）</span>"]
    assert "<del" in red_line[status] and '<ins style="background:#e6ffe6;">achieved</ins>' in red_line[status]
    assert "农业农村部</ins>" in minimum_living[lead_body]
    assert "import-preview" in shown.content.decode()
    assert database_state() == before  # the preview wrote nothing

    assert confirm(editor_client, shown).status_code == 302
    tree.red_line.refresh_from_db()
    assert tree.red_line.status == "achieved"
    entry = tree.red_line.status_updates.latest("created_at")
    assert (entry.source, entry.author, entry.effective_date) == ("import", editor, datetime.date(2024, 12, 31))
    assert "评估表.csv" in entry.note
    assert tree.red_line.status_updates.count() == 2

    assignments = list(tree.minimum_living.responsibilities.values_list("body__name", "role", "provenance",
                                                                          "created_by"))
    assert assignments == [("农业农村部", "lead", "manual", editor.pk)]
    tree.minimum_living.refresh_from_db()
    assert "bodies" in tree.minimum_living.edited_fields

    exported_again = {row["path"]: row for row in csv_rows(export(editor_client))}
    for row in rows:
        expected = {**row, "lead_body": "农业农村部"} if row["path"] == tree.minimum_living.path else row
        assert exported_again[row["path"]] == expected


def test_xlsx_round_trip(editor_client, tree):
    workbook = openpyxl.load_workbook(io.BytesIO(export(editor_client, XLSX_FORMAT)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[header.index("path")].value == tree.formula.path:
            row[header.index("status")].value = "已完成"  # a Chinese label is understood too
            row[header.index("status_date")].value = datetime.datetime(2024, 5, 1)
    out = io.BytesIO()
    workbook.save(out)
    shown = preview(editor_client, out.getvalue(), name="measures.xlsx", file_format=XLSX_FORMAT)
    assert len(shown.context["result"].rows) == 1, shown.context["result"].invalid_rows
    confirm(editor_client, shown)
    tree.formula.refresh_from_db()
    assert tree.formula.status == "achieved" and tree.formula.heading.startswith("=HYPERLINK")


def test_an_unchanged_export_imports_as_no_changes(editor_client, tree):
    shown = preview(editor_client, export(editor_client))
    assert len(shown.context["result"].rows) == 0 and "confirm_form" in shown.context


# ---------------------------------------------------------------------------------------------- bad files


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"status": "完成了"}, "未知状态“完成了”"),
        ({"lead_body": "不存在的部"}, "未知责任主体“不存在的部”"),
        ({"other_bodies": "财政部:boss"}, "未知角色“boss”"),
        ({"status": "achieved", "status_date": "2024-13-45"}, "日期格式错误"),
        ({"status": "achieved", "status_date": "2020-01-01"}, "新状态的日期不能早于当前状态的日期"),
        ({"path": "九/（九）"}, "找不到措施"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_with_its_message(editor_client, tree, edit, message):
    rows = csv_rows(export(editor_client))
    row_of(rows, tree.minimum_living).update(status="achieved")  # a good change in the same file
    bad_row_number = rows.index(row_of(rows, tree.red_line)) + 1
    row_of(rows, tree.red_line).update(edit)
    before = database_state()
    shown = preview(editor_client, csv_bytes(rows))
    assert "confirm_form" not in shown.context
    invalid = shown.context["result"].invalid_rows
    assert [row.number for row in invalid] == [bad_row_number]
    assert message in shown.content.decode()
    assert database_state() == before


def test_a_file_missing_a_column_is_refused(editor_client, tree):
    rows = csv_rows(export(editor_client))
    columns = [column for column in MEASURE_EXPORT_COLUMNS if column != "status_date"]
    before = database_state()
    shown = preview(editor_client, csv_bytes(rows, columns=columns))
    assert "confirm_form" not in shown.context
    assert "文件缺少以下列：status_date" in shown.content.decode()
    assert database_state() == before


def test_a_file_in_another_encoding_is_refused(editor_client, tree):
    rows = csv_rows(export(editor_client))
    row_of(rows, tree.red_line).update(status="achieved")
    before = database_state()
    shown = preview(editor_client, csv_bytes(rows, encoding="gb18030"))
    assert "confirm_form" not in shown.context
    assert "文件不是 UTF-8 编码" in shown.content.decode()
    assert database_state() == before


@pytest.mark.parametrize("trigger", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_trigger_is_escaped_and_imports_back_unchanged(editor_client, tree, trigger):
    heading = f"{trigger}SUM(A1:A9)"
    models.Measure.objects.filter(pk=tree.red_line.pk).update(heading=heading)
    exported = row_of(csv_rows(export(editor_client)), tree.red_line)
    assert exported["heading"] == "'" + heading
    shown = preview(editor_client, export(editor_client))
    assert len(shown.context["result"].rows) == 0  # read back as the very same heading


def test_two_rows_for_one_measure_refuse_the_file(editor_client, tree):
    """Issue 15: both rows were applied, which got round the rule that status dates go forward."""
    rows = csv_rows(export(editor_client))
    later = {**row_of(rows, tree.red_line), "status": "achieved", "status_date": "2024-06-30"}
    earlier = {**row_of(rows, tree.red_line), "status": "stalled", "status_date": "2023-01-01"}
    rows = [row for row in rows if row["path"] != tree.red_line.path] + [later, earlier]
    before = database_state()
    shown = preview(editor_client, csv_bytes(rows))
    assert "confirm_form" not in shown.context
    assert f"同一措施有多行（每条措施只留一行）：{tree.red_line.document.title}" in shown.content.decode()
    assert database_state() == before


# ------------------------------------------------------------------------------------------ large files


def edited_export(client, tree) -> list[dict]:
    """An export in which every measure of part two changes: a status, a heading, other bodies."""
    rows = csv_rows(export(client))
    for row in rows:
        if row["path"].startswith("二/"):
            row.update(status="achieved", status_date="2024-06-30", heading=row["heading"] + "（修订）",
                       lead_body="农业部", other_bodies="财政部:participant")
    return rows


def test_the_queries_of_an_import_do_not_grow_with_its_rows(editor_client, tree, django_assert_max_num_queries):
    """Issue 15: ~10 queries a row made an import of 80,000 rows run for hours. Now the measures, bodies and
    assignments a file names are read up front and every change is written in batches."""
    counts = []
    for added in (1, 3, 30):  # the first round also fills caches (content types for the admin's log)
        more_measures(tree, added)
        rows = edited_export(editor_client, tree)
        with django_assert_max_num_queries(60) as preview_queries:
            shown = preview(editor_client, csv_bytes(rows))
        assert len(shown.context["result"].rows) == models.Measure.objects.filter(path__startswith="二/").count()
        with django_assert_max_num_queries(120) as confirm_queries:
            confirm(editor_client, shown)
        counts.append((len(preview_queries), len(confirm_queries)))
    assert counts[1] == counts[2]
    assert models.Measure.objects.filter(path__startswith="二/").exclude(status="achieved").count() == 0


def test_a_large_import_records_each_change_as_the_importer(editor_client, editor, tree):
    more_measures(tree, 5)
    shown = preview(editor_client, csv_bytes(edited_export(editor_client, tree)), name="大表.csv")
    confirm(editor_client, shown)
    for measure in models.Measure.objects.filter(path__startswith="二/"):
        entry = measure.status_updates.latest("effective_date")
        assert (entry.status, entry.source, entry.author, "大表.csv" in entry.note) == ("achieved", "import", editor,
                                                                                       True)
        assert measure.heading.endswith("（修订）") and {"heading", "bodies"} <= set(measure.edited_fields)
        assert sorted(measure.responsibilities.values_list("body__name", "role", "provenance")) == [
            ("农业农村部", "lead", "manual"), ("财政部", "participant", "manual")]
        history = measure.history.latest("history_date")
        assert (history.history_user, history.status) == (editor, "achieved")
    removed = models.Responsibility.history.filter(history_type="-", history_user=editor)
    assert removed.count() == 5  # each measure's lead 财政部 went: the audit trail says so, by the importer
    added = models.Responsibility.history.filter(history_type="+", history_user=editor)
    assert sorted(added.values_list("body__name", "role", "provenance"))[:1] == [("农业农村部", "lead", "manual")]
    assert added.count() == models.Responsibility.objects.filter(created_by=editor).count() >= 5


def test_an_old_export_without_the_new_columns_still_imports(editor_client, tree):
    rows = csv_rows(export(editor_client))
    row_of(rows, tree.red_line).update(status="achieved", status_date="2024-12-31")
    old_columns = MEASURE_EXPORT_COLUMNS[:MEASURE_EXPORT_COLUMNS.index("url") + 1]
    shown = preview(editor_client, csv_bytes(rows, columns=old_columns))
    assert len(shown.context["result"].rows) == 1 and "confirm_form" in shown.context


def test_the_preview_lists_the_first_changed_rows_with_the_totals(editor_client, tree, monkeypatch):
    """Issue 15: a preview of 70,000 changed rows, each shown whole, was tens of MB of HTML."""
    monkeypatch.setattr("tracker.resources.PREVIEW_ROWS", 2)
    more_measures(tree, 3)
    rows = edited_export(editor_client, tree)
    changing = models.Measure.objects.filter(path__startswith="二/").count()
    shown = preview(editor_client, csv_bytes(rows))
    result = shown.context["result"]
    assert len(result.rows) == 2 and result.totals["update"] == changing > 2
    page = shown.content.decode()
    assert f"将变更的行： {changing}" in page and "下表列出前 2" in page
    assert "confirm_form" in shown.context


def test_a_confirmed_import_logs_each_changed_measure_in_the_admin(editor_client, editor, tree):
    more_measures(tree, 3)
    changing = set(models.Measure.objects.filter(path__startswith="二/").values_list("pk", flat=True))
    confirm(editor_client, preview(editor_client, csv_bytes(edited_export(editor_client, tree))))
    logged = LogEntry.objects.filter(user=editor, content_type__model="measure")
    assert {int(entry.object_id) for entry in logged} == changing
    measure = models.Measure.objects.get(pk=next(iter(changing)))
    assert logged.get(object_id=str(measure.pk)).object_repr == str(measure)
