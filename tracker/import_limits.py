"""Limits on what the admin accepts as a file, checked before the file is read whole: a document upload's size,
and a spreadsheet's rows and (for XLSX, a zip) its unpacked size. An 11 MB XLSX can unpack to hundreds of MB."""

import io
import zipfile

import openpyxl
from django.conf import settings
from import_export.formats.base_formats import CSV, XLSX

from tracker.i18n import bilingual as _b


class FileTooLarge(ValueError):
    """A file over a limit; its message is the one the user sees."""


def too_many_rows(rows: int) -> FileTooLarge:
    message = _b("The file has {} rows; at most {} can be imported at once: split it.",
                 "文件有 {} 行，一次最多导入 {} 行：请拆分后再导入。")
    return FileTooLarge(str(message).format(rows, settings.IMPORT_MAX_ROWS))


def check_xlsx(data: bytes) -> None:
    """Refuse a workbook that unpacks past IMPORT_XLSX_MAX_UNPACKED_BYTES or whose first sheet declares more than
    IMPORT_MAX_ROWS rows, from the zip's directory and the sheet's dimension, before any cell is read."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > settings.IMPORT_XLSX_MAX_UNPACKED_BYTES:
        raise FileTooLarge(str(_b("The workbook unpacks to {} MB; at most {} MB can be imported.",
                                  "工作簿解压后为 {} MB，最多可导入 {} MB。")).format(
            unpacked // 2**20, settings.IMPORT_XLSX_MAX_UNPACKED_BYTES // 2**20))
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = book.active.max_row or 0
    book.close()
    if rows - 1 > settings.IMPORT_MAX_ROWS:
        raise too_many_rows(rows - 1)


class LimitedXLSX(XLSX):
    def create_dataset(self, in_stream):
        check_xlsx(in_stream)
        return super().create_dataset(in_stream)


class LimitedCSV(CSV):
    def create_dataset(self, in_stream):
        rows = in_stream.count("\n") - 1 if isinstance(in_stream, str) else 0
        if rows > settings.IMPORT_MAX_ROWS:
            raise too_many_rows(rows)
        return super().create_dataset(in_stream)
