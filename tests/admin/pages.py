"""Driving the admin's pages as a browser would post them: the measure's change form and the spreadsheet
export and import (preview, then confirm)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tracker.export import MEASURE_EXPORT_COLUMNS


def change_url(measure) -> str:
    return reverse("admin:tracker_measure_change", args=[measure.pk])


def form_data(client, measure) -> dict:
    """The change form's current values, as the browser would post them back."""
    context = client.get(change_url(measure)).context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.initial_forms]
    return {
        field.html_name: field.value() for form in forms for field in form if field.value() is not None
    }


EXPORT = reverse("admin:tracker_measure_export")
IMPORT = reverse("admin:tracker_measure_import")
CONFIRM = reverse("admin:tracker_measure_process_import")
CSV_FORMAT, XLSX_FORMAT = "0", "1"


def export(client, file_format=CSV_FORMAT, **filters) -> bytes:
    url = EXPORT + ("?" + "&".join(f"{k}={v}" for k, v in filters.items()) if filters else "")
    response = client.post(url, {"format": file_format})
    assert response.status_code == 200
    return response.content


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def csv_bytes(rows: list[dict], columns=MEASURE_EXPORT_COLUMNS, encoding="utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def preview(client, data: bytes, name="measures.csv", file_format=CSV_FORMAT):
    upload = SimpleUploadedFile(name, data)
    return client.post(IMPORT, {"format": file_format, "import_file": upload})


def confirm(client, preview_response):
    form = preview_response.context["confirm_form"]
    return client.post(CONFIRM, {name: form.initial.get(name, "") for name in form.fields})
