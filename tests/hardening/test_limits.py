"""Upload and import limits, checked before the file is read whole, with a clear message and nothing written."""

import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.admin.pages import XLSX_FORMAT, csv_bytes, csv_rows, export, preview
from tests.admin.test_import_export import database_state
from tracker import models


def workbook(rows: int) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["title", "path"])
    for n in range(rows):
        sheet.append([f"t{n}", f"{n}"])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_a_document_upload_over_the_limit_is_refused(editor_client, settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 2**20
    big = "一、加强组织领导。\n".encode() * (3 * 2**20 // 56)  # 1.5 MB
    page = editor_client.post(reverse("admin:tracker_importrun_upload"), {"file": SimpleUploadedFile("big.txt", big)})
    assert "文件为 1.5 MB，最多可上传 1 MB" in page.content.decode()
    assert page.status_code == 200 and not models.ImportRun.objects.exists()


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_unread(editor_client, tree, settings):
    settings.IMPORT_XLSX_MAX_UNPACKED_BYTES = 2**20
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a/>" + b" " * 2 * 2**20)  # a few KB packed
    before = database_state()
    shown = preview(editor_client, data.getvalue(), name="bomb.xlsx", file_format=XLSX_FORMAT)
    assert "工作簿解压后为 2 MB，最多可导入 1 MB" in shown.content.decode()
    assert database_state() == before


def test_a_sheet_with_too_many_rows_is_refused_from_its_dimension(editor_client, tree, settings):
    settings.IMPORT_MAX_ROWS = 10
    before = database_state()
    shown = preview(editor_client, workbook(11), name="many.xlsx", file_format=XLSX_FORMAT)
    assert "文件有 11 行，一次最多导入 10 行" in shown.content.decode()
    assert database_state() == before


def test_a_csv_with_too_many_rows_is_refused(editor_client, tree, settings):
    rows = csv_rows(export(editor_client))
    settings.IMPORT_MAX_ROWS = len(rows) - 1
    shown = preview(editor_client, csv_bytes(rows))
    assert f"文件有 {len(rows)} 行" in shown.content.decode()
