"""Every admin page renders, in Chinese by default and in English on request."""

from django.urls import reverse


def test_pages_render(admin_client, tree):
    for url in (
        reverse("admin:tracker_measure_changelist"),
        reverse("admin:tracker_measure_change", args=[tree.red_line.pk]),
        reverse("admin:tracker_document_change", args=[tree.document.pk]),
        reverse("admin:tracker_body_change", args=[tree.agriculture.pk]),
        reverse("admin:tracker_measure_record_status") + f"?measures={tree.red_line.pk}",
        reverse("admin:tracker_importrun_upload"),
        reverse("admin:tracker_measure_export"),
        reverse("admin:tracker_measure_import"),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url


def test_english_is_available(admin_client, tree):
    page = admin_client.get(reverse("admin:tracker_measure_changelist"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = page.lower()
    assert "lead body" in page and "overdue" in page and "in progress" in page
