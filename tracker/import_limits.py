"""Limits on what the admin accepts as a file, checked before the file is read whole: a document upload's size,
and a spreadsheet's rows and (for XLSX, a zip) its unpacked size. An 11 MB XLSX can unpack to hundreds of MB."""

import io
import zipfile

import openpyxl
from django.conf import settings
from import_export.formats.base_formats import CSV, XLSX

from tracker.i18n import bilingual as _b


class RefusedFile(ValueError):
    """A file refused before it is read; its message is the one the user sees."""


class FileTooLarge(RefusedFile):
    """A file over a limit."""


class NotAWorkbook(RefusedFile):
    """A file chosen as XLSX that is not one (an XLSX is a zip)."""


def too_many_rows(rows: int) -> FileTooLarge:
    message = _b("The file has {} rows; at most {} can be imported at once: split it.",
                 "文件有 {} 行，一次最多导入 {} 行：请拆分后再导入。")
    return FileTooLarge(str(message).format(rows, settings.IMPORT_MAX_ROWS))


def check_xlsx(data: bytes) -> None:
    """Refuse a workbook that unpacks past IMPORT_XLSX_MAX_UNPACKED_BYTES or whose first sheet declares more than
    IMPORT_MAX_ROWS rows, from the zip's directory and the sheet's dimension, before any cell is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile as error:
        raise NotAWorkbook(str(_b("The file is not an XLSX workbook: check the format chosen, or import it as CSV.",
                                  "文件不是 XLSX 工作簿：请检查所选格式，或按 CSV 导入。"))) from error
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
