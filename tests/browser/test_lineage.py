"""Lineage in a real browser, on the seeds and the two later documents of the development set, linked by the
ingest: an editor reviews suggestions in the queue (accepts one, rejects one, accepts one as another
relation), sees the accepted link on both measures' pages, opens the carry-forward dashboard and clicks a cell
for the two passages, and confirms the status the accepted link proposes. Screenshots go to
tests/browser/screenshots/lineage_*.png."""

import pytest

from tests.browser.conftest import admin_log_in
from tests.conftest import SEEDS
from tests.lineage.evaluate import FIXTURES
from tracker.ingest import ingest_paths
from tracker.models import Document, MeasureLink, StatusProposal, StatusUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "lineage-test-password"
QUEUE = "/admin/tracker/measurelink/"


@pytest.fixture
def linked(django_user_model):
    # a superuser: the groups the migrations make do not survive an earlier browser test's flush (the editors'
    # rights on the review pages are tested through the test client, tests/reviews)
    editor = django_user_model.objects.create_superuser("editor", password=PASSWORD)
    ingest_paths([SEEDS, FIXTURES / "docs"], trigger="test")
    suggestions = list(MeasureLink.objects.filter(review="suggested").order_by("-score", "pk")[:3])
    assert len(suggestions) == 3, "the ingest links the later documents to the opinion"
    return editor, suggestions


def log_in(page):
    admin_log_in(page, "editor", PASSWORD)


def act_on(page, link, action):
    page.goto(f"{QUEUE}?review__exact=suggested")
    page.check(f"input[name=_selected_action][value='{link.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.wait_for_load_state("networkidle")


def test_review_the_lineage_and_confirm_what_it_proposes(page, screenshot, linked):
    editor, (accepted, rejected, strengthened) = linked
    log_in(page)
    page.goto(f"{QUEUE}?review__exact=suggested")
    assert page.locator("mark").count() > 0  # the words both passages share are marked
    screenshot("lineage_queue")

    # the queue of one document, found by a search box (links on either side of it)
    page.click("#lu-filter-document + .select2-container")
    page.fill(".select2-search__field", "深化农村改革")
    page.wait_for_function("""() => { const options = [...document.querySelectorAll('.select2-results__option')];
        return options.length === 1 && options[0].textContent.includes('深化农村改革'); }""")
    page.locator(".select2-results__option").click()
    page.wait_for_url("**document=**")
    later = Document.objects.get(title__contains="深化农村改革")
    heads = page.locator("#result_list .lu-pair-head").all_text_contents()  # each pair: later, earlier
    pairs = list(zip(heads[::2], heads[1::2], strict=True))
    assert pairs and all(later.title in f"{from_head} {to_head}" for from_head, to_head in pairs), pairs
    assert len(pairs) < MeasureLink.objects.count()
    screenshot("lineage_queue_of_a_document")

    act_on(page, accepted, "accept")
    act_on(page, rejected, "reject")
    act_on(page, strengthened, "accept_as_strengthens")
    decided = {link.pk: (link.review, link.relation, link.reviewed_by_id)
               for link in MeasureLink.objects.filter(pk__in=[accepted.pk, rejected.pk, strengthened.pk])}
    assert decided == {accepted.pk: ("accepted", accepted.relation, editor.pk),
                       rejected.pk: ("rejected", rejected.relation, editor.pk),
                       strengthened.pk: ("accepted", "strengthens", editor.pk)}

    # the accepted link on both measures' pages, each from its own side
    page.goto(f"/admin/tracker/measure/{accepted.from_measure_id}/change/")
    later_entry = page.locator(f"#lu-lineage li:has(a[href$='/measurelink/{accepted.pk}/change/'])")
    assert "承接" in later_entry.inner_text() and "已确认" in later_entry.inner_text()
    screenshot("lineage_later_measure")
    page.goto(f"/admin/tracker/measure/{accepted.to_measure_id}/change/")
    earlier_entry = page.locator(f"#lu-lineage li:has(a[href$='/measurelink/{accepted.pk}/change/'])")
    assert "被承接于" in earlier_entry.inner_text()

    # the status it proposes, confirmed by the editor: an ordinary entry by them, the link its evidence
    proposal = StatusProposal.objects.get(link=accepted)
    screenshot("lineage_earlier_measure_with_proposal")
    controls = page.locator(f"#lu-proposal-{proposal.pk}")  # inside the page's form, owned by the proposal's
    status = controls.locator("select[name=status] option").first.get_attribute("value")
    controls.locator("button[name=confirm]").click()
    page.wait_for_load_state("networkidle")
    entry = StatusUpdate.objects.get(measure_id=accepted.to_measure_id, evidence_link=accepted)
    assert (entry.status, entry.author_id, entry.source) == (status, editor.pk, "manual")
    assert page.locator(f"#lu-proposal-{proposal.pk}").count() == 0

    # the carry-forward dashboard: a cell with one link opens its two passages
    page.goto("/dashboards/carry-forward/")
    page.wait_for_function("document.querySelectorAll('#chart-carry-forward .main-svg').length > 0")
    screenshot("lineage_carry_forward")
    point = page.evaluate("""() => {
        const plot = document.querySelector('#chart-carry-forward div.plot');
        const trace = plot.data[0], layout = plot._fullLayout, box = plot.getBoundingClientRect();
        for (let row = 0; row < trace.customdata.length; row++)
            for (let col = 0; col < trace.customdata[row].length; col++)
                if (/\\/measurelink\\/\\d+\\/change\\//.test(trace.customdata[row][col]))
                    return {x: box.left + layout.xaxis._offset + layout.xaxis.l2p(col),
                            y: box.top + layout.yaxis._offset + layout.yaxis.l2p(row),
                            url: trace.customdata[row][col]};
    }""")
    page.mouse.click(point["x"], point["y"])
    page.wait_for_url(f"**{point['url']}")
    assert page.locator(".lu-pair mark").count() > 0  # both passages, their shared words marked
    screenshot("lineage_link_from_a_cell")
