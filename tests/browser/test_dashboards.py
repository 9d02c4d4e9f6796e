"""The dashboards in a real browser, on the ingested seeds: log in, every page draws its charts with Chinese
labels, the filters apply, a bar of the bodies chart opens the admin list, a CSV downloads. Screenshots of
every dashboard go to tests/browser/screenshots/dashboard_<name>.png."""

import pytest
from django.contrib.auth.models import Permission

from tests.conftest import SEEDS
from tracker.dashboards.charts import DASHBOARDS
from tracker.ingest import ingest_paths
from tracker.models import Document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "dashboard-test-password"
AS_OF = "2024-06-30"


@pytest.fixture
def seeds(django_user_model):
    # analysts log in through the admin login page, which admits staff accounts
    analyst = django_user_model.objects.create_user("analyst", password=PASSWORD, is_staff=True)
    # the role (tracker.access); a transactional test's flush took the groups of the data migrations with it
    analyst.user_permissions.add(Permission.objects.get(codename="view_measure", content_type__app_label="tracker"))
    ingest_paths([SEEDS], trigger="test")


def log_in(page):
    page.goto("/dashboards/")
    page.wait_for_url("**/admin/login/**")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/dashboards/")


def wait_for_charts(page):
    page.wait_for_load_state("networkidle")
    expected = page.locator("div.plot").count()
    page.wait_for_function(f"document.querySelectorAll('div.plot .main-svg').length >= {expected}")


def test_every_dashboard_on_the_seeds(page, screenshot, seeds):
    log_in(page)
    for dashboard in DASHBOARDS:
        page.goto(f"/dashboards/{'' if dashboard.slug == 'overview' else dashboard.slug + '/'}?as_of={AS_OF}")
        wait_for_charts(page)
        assert page.locator("section.chart").count() == len(dashboard.charts)
        screenshot(f"dashboard_{dashboard.slug}")


def test_filters_chinese_labels_click_through_and_csv(page, screenshot, seeds):
    opinion = Document.objects.get(title="关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见")
    log_in(page)
    page.goto(f"/dashboards/status/?as_of={AS_OF}")
    # the document filter is a search box: type part of the title, pick the document found
    page.click("select[name=document] + .select2-container")
    page.fill(".select2-search__field", "有效衔接")
    page.wait_for_function("""() => { const options = [...document.querySelectorAll('.select2-results__option')];
        return options.length && options.every(option => option.textContent.includes('有效衔接')); }""")
    found = page.locator(".select2-results__option")
    assert found.all_text_contents() == [opinion.title]
    screenshot("dashboard_document_search")
    found.click()
    page.click("button[type=submit]")
    page.wait_for_url(f"**document={opinion.pk}**")
    wait_for_charts(page)
    labels = page.locator("#chart-status-by-part svg text").all_text_contents()
    assert any("加强脱贫攻坚与乡村振兴" in label for label in labels), labels
    assert page.locator("select[name=document] + .select2-container .select2-selection__rendered").get_attribute(
        "title") == opinion.title  # the chosen document stays shown in the box
    screenshot("dashboard_status_filtered")

    page.goto(f"/dashboards/timeline/?as_of={AS_OF}&document={opinion.pk}")
    wait_for_charts(page)
    assert any("过渡期内（2021–2025）" in t for t in page.locator("#chart-timeline svg text").all_text_contents())
    screenshot("dashboard_timeline_opinion")

    with page.expect_download() as download:
        page.click("#chart-timeline h2 a")
    assert download.value.path().read_bytes().startswith("\ufeff".encode())

    page.goto(f"/dashboards/bodies/?as_of={AS_OF}")
    wait_for_charts(page)
    bar = page.locator("#chart-top-bodies .bars path >> visible=true").first.bounding_box()
    page.mouse.click(bar["x"] + bar["width"] / 2, bar["y"] + bar["height"] / 2)  # plotly's drag layer is on top
    page.wait_for_url("**/admin/tracker/measure/?responsibilities__body__id__exact=*")
