"""An editor's day in the browser: log in, filter, search 耕地红线, open a measure, record a status change,
export the list as CSV and import it back through the preview."""

import csv
import io

import pytest
from django.db.models import Count

from tests.admin.data import policy_tree
from tests.browser.conftest import admin_log_in
from tests.conftest import SEEDS
from tracker import models
from tracker.ingest import ingest_paths

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "browser-test-password"


@pytest.fixture
def tree(django_user_model):
    django_user_model.objects.create_superuser("chief", password=PASSWORD)
    return policy_tree()


def log_in(page):
    admin_log_in(page, "chief", PASSWORD)


def result_paths(page) -> list[str]:
    return page.locator("#result_list tbody th a").all_inner_texts()


def test_filter_search_record_status_export_and_import(page, screenshot, tree, tmp_path):
    log_in(page)
    screenshot("admin_index")

    page.goto("/admin/tracker/measure/")
    assert result_paths(page) == ["一", "一/（一）", "一/（二）", "二", "二/（一）"]
    screenshot("measure_list")

    page.locator("#changelist-filter details", has_text="逾期").get_by_role("link", name="是").click()
    page.wait_for_url("**overdue=yes")
    assert result_paths(page) == ["一/（一）"]
    screenshot("measure_list_overdue")

    page.goto("/admin/tracker/measure/")
    page.fill("#searchbar", "耕地红线")
    page.press("#searchbar", "Enter")
    page.wait_for_url("**q=*")
    assert result_paths(page) == ["一/（一）"]
    screenshot("measure_search")

    page.get_by_role("link", name="一/（一）").click()
    page.wait_for_selector("mark")
    assert "坚决守住18亿亩耕地红线" in page.locator("mark").inner_text()
    screenshot("measure_change")

    page.get_by_role("link", name="记录状态变更").click()
    page.select_option("#id_status", "achieved")
    page.fill("#id_effective_date", "2024-06-30")
    page.fill("#id_note", "省级验收报告确认完成")
    page.fill("#id_evidence_url", "https://example.org/acceptance")
    screenshot("record_status_form")
    page.click("input[name=apply]")
    page.wait_for_selector(".messagelist")
    assert "省级验收报告确认完成" in page.content()
    screenshot("measure_after_status_change")
    tree.red_line.refresh_from_db()
    assert tree.red_line.status == "achieved"
    assert tree.red_line.status_updates.latest("created_at").author.username == "chief"

    page.goto("/admin/tracker/measure/export/")
    page.select_option("#id_format", label="csv")
    with page.expect_download() as download:
        page.click("input[type=submit]")
    data = download.value.path().read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert next(row for row in rows if row["path"] == "一/（一）")["status"] == "achieved"

    next(row for row in rows if row["path"] == "二/（一）")["status"] = "in_progress"
    edited = tmp_path / "措施.csv"
    with edited.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    page.goto("/admin/tracker/measure/import/")
    page.set_input_files("#id_import_file", str(edited))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    page.wait_for_selector("table.import-preview")
    assert page.locator("table.import-preview tbody tr").count() == 1, page.locator("table.import-preview tbody tr").all_inner_texts()
    assert "in_progress" in page.locator("table.import-preview ins").all_inner_texts()
    screenshot("import_preview")
    page.click("input[name=confirm]")
    page.wait_for_selector(".messagelist")
    screenshot("import_done")
    tree.formula.refresh_from_db()
    assert tree.formula.status == "in_progress"
    assert tree.formula.status_updates.latest("created_at").source == "import"


def test_variant_document_body_and_import_run_pages(page, screenshot, tree):
    models.ImportRun.objects.create(trigger="upload", outcome="failed", failed=1,
                                    errors=[{"file": "扫描件.txt", "error": "无法识别的编码"}])
    log_in(page)
    page.goto(f"/admin/tracker/measure/{tree.minimum_living.pk}/change/")
    assert "低 保" in page.content()  # its variant reading
    screenshot("measure_with_variant_and_disagreement")
    page.goto(f"/admin/tracker/document/{tree.document.pk}/change/")
    assert page.locator("#lu-outline li").count() == 5
    screenshot("document")
    page.goto(f"/admin/tracker/body/{tree.agriculture.pk}/change/")
    assert "坚决守住18亿亩耕地红线" in page.content()
    screenshot("body")
    page.goto("/admin/tracker/importrun/")
    screenshot("import_runs")
    page.goto("/admin/tracker/importrun/upload/")
    screenshot("upload")


def test_the_ingested_seeds_in_the_admin(page, screenshot, django_user_model):
    django_user_model.objects.create_superuser("chief", password=PASSWORD)
    ingest_paths([SEEDS], trigger="test")
    # the 2020 opinion: two witnesses (seeds 000 and 001) and the most measures
    opinion = models.Document.objects.annotate(
        witnesses=Count("appearances", distinct=True), items=Count("measures", distinct=True)
    ).order_by("-witnesses", "-items").first()
    log_in(page)
    page.goto(f"/admin/tracker/measure/?document__id__exact={opinion.pk}")
    assert page.locator("#result_list tbody tr").count() > 10
    screenshot("seeds_measure_list")
    page.goto(f"/admin/tracker/document/{opinion.pk}/change/")
    screenshot("seeds_document")
    page.goto("/admin/tracker/measure/?q=低保")
    assert page.locator("#result_list tbody tr").count() >= 1
    screenshot("seeds_search_dibao")
    measure = models.Measure.objects.filter(document=opinion, level=2).order_by("order").first()
    page.goto(f"/admin/tracker/measure/{measure.pk}/change/")
    screenshot("seeds_measure")


def test_an_editor_corrects_a_time_frame_and_watches_the_measure(page, screenshot, tree, tmp_path):
    """The issue's probe in the browser: a time frame's end changed on the measure's page survives a re-ingest;
    the side page of time frames only links there; the 关注 button watches the measure."""
    document = tmp_path / "spring.txt"
    document.write_text("国务院关于做好春季农业生产工作的意见\n（2021年3月1日）\n"
                        "一、保持政策稳定。到2025年完成高标准农田建设任务。\n", encoding="utf-8")
    ingest_paths([document])
    measure = models.Measure.objects.get(path="一", document__title__startswith="国务院关于做好春季")
    log_in(page)
    page.goto(f"/admin/tracker/measure/{measure.pk}/change/")
    page.fill("input[name=time_frames-0-end]", "2030-06-30")
    page.fill("textarea[name=text]", "一、保持政策稳定。到2025年完成高标准农田建设任务（编辑校对）。")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    page.click("form.lu-watch button")
    page.wait_for_selector("form.lu-watch button:has-text('取消关注')")
    screenshot("measure_edited_and_watched")
    ingest_paths([document])
    frame = measure.time_frames.get()
    measure.refresh_from_db()
    assert str(frame.end) == "2030-06-30" and frame.provenance == "manual"
    assert measure.text.endswith("（编辑校对）。") and "time_frames" in measure.disagreements
    assert models.Watch.objects.filter(measure=measure).exists()
    page.goto(f"/admin/tracker/measure/{measure.pk}/change/")
    assert "2025-12-31" in page.locator(".lu-disagreements").inner_text()  # the parser's reading, beside
    screenshot("measure_with_the_parsers_reading_beside")
    page.goto("/admin/tracker/timeframe/")
    page.click(f"a[href='/admin/tracker/measure/{measure.pk}/change/']")
    page.wait_for_url(f"**/measure/{measure.pk}/change/")
    page.goto("/admin/tracker/watch/")
    screenshot("my_watches")
