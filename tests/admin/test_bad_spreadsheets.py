"""Spreadsheets that are not what they claim to be: refused with a message a person can act on, and nothing
written (issue 15, bad input end to end)."""

from tests.admin.pages import XLSX_FORMAT, csv_bytes, csv_rows, export, preview
from tests.admin.test_import_export import database_state, row_of
from tracker.export import MEASURE_EXPORT_COLUMNS


def test_an_xlsx_that_is_not_a_zip_is_refused(editor_client, tree):
    before = database_state()
    shown = preview(editor_client, "（一）这不是表格。".encode() * 50, name="measures.xlsx", file_format=XLSX_FORMAT)
    assert "confirm_form" not in shown.context
    assert "文件不是 XLSX 工作簿" in shown.content.decode()
    assert "BadZipFile" not in shown.content.decode()
    assert database_state() == before


def test_a_file_with_a_column_the_import_would_ignore_is_refused(editor_client, tree):
    rows = csv_rows(export(editor_client))
    row_of(rows, tree.red_line).update(status="achieved", remarks="已与财政部核对")
    before = database_state()
    shown = preview(editor_client, csv_bytes(rows, columns=[*MEASURE_EXPORT_COLUMNS, "remarks"]))
    assert "confirm_form" not in shown.context
    assert "文件有无法导入的列（请删除后再导入）：remarks" in shown.content.decode()
    assert database_state() == before
