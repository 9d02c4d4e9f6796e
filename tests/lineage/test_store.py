"""The linker against the database: idempotence, people's decisions kept, witnesses and self never linked,
undated and empty documents, the ingest's linking after its transaction, and the export's shape."""

import csv
import datetime
import io
import json
from collections import Counter

import pytest
from django.core.management import call_command

from tests import factories
from tests.conftest import REPO, SEEDS
from tracker import reviews
from tracker.ingest import ingest_paths
from tracker.lineage import store, word_counts
from tracker.lineage.clauses import inverse_document_frequency
from tracker.lineage.export import CSV_HEADER
from tracker.lineage.matching import Item
from tracker.models import Appearance, CarriedTally, Document, Measure, MeasureLink
from tracker.search import search_tokens

EARLIER = ("做好易地扶贫搬迁后续扶持工作。聚焦原深度贫困地区、大型特大型安置区，从就业需要、产业发展和后续配套设施建设提升完善"
           "等方面加大扶持力度，完善后续扶持政策体系。")
LATER = "守牢不发生规模性返贫致贫底线。持续巩固提升饮水安全保障成果，加强易地扶贫搬迁后续扶持。"
UNRELATED = "深入推进粮油作物大面积单产提升行动。稳定粮食播种面积，主攻单产和品质提升。"


def background_document(count: int = 40):
    """A corpus for the words' IDF: a rare word is rare among many measures, not among three."""
    lines = (REPO / "tests" / "fixtures" / "lineage-dev" / "docs" / "shiwuwu-guihua-jianyi-2025.txt").read_text(
        "utf-8").splitlines()
    background = factories.document("背景文件", date_written=datetime.date(2010, 1, 1))
    for number, line in enumerate(line for line in lines if len(line) > 60 and "搬迁" not in line):
        if number == count:
            break
        factories.measure(background, f"{number + 1}", text=line, search_tokens=search_tokens("", line))


def index_words():
    """The measures' search words, as the ingest writes them, counted in the word counts."""
    with word_counts.following(Measure.objects.all()):
        for measure in Measure.objects.all():
            Measure.objects.filter(pk=measure.pk).update(search_tokens=search_tokens(measure.heading, measure.text))


@pytest.fixture
def two_documents(db):
    background_document()
    opinion = factories.document(date_written=datetime.date(2020, 12, 16))
    later_document = factories.document("关于进一步深化农村改革的意见", date_written=datetime.date(2025, 1, 1))
    earlier = factories.measure(opinion, "三/（四）", text=EARLIER)
    factories.measure(opinion, "一/（一）", text=UNRELATED)
    later = factories.measure(later_document, "二/（十）", text=LATER)
    return {"opinion": opinion, "later_document": later_document, "earlier": earlier, "later": later}


def only_link():
    (link,) = MeasureLink.objects.all()
    return link


def test_a_later_measure_is_linked_to_the_earlier_one_it_restates(two_documents):
    counts = store.link_documents()
    link = only_link()
    assert (link.from_measure, link.to_measure) == (two_documents["later"], two_documents["earlier"])
    assert (link.provenance, link.review, link.method) == ("inferred", "suggested", store.METHOD_NAME)
    later_passage, earlier_passage = link.passages()
    assert "易地扶贫搬迁后续扶持" in later_passage and "易地扶贫搬迁后续扶持" in earlier_passage
    assert counts.created == 1


def test_a_second_run_writes_nothing(two_documents):
    store.link_documents()
    counts = store.link_documents()
    assert (counts.written, counts.unchanged) == (0, 1)


def test_a_rejected_suggestion_stays_rejected_and_an_accepted_relation_stays(two_documents, django_user_model):
    user = django_user_model.objects.create(username="editor")
    store.link_documents()
    reviews.decide([only_link()], "rejected", user)
    call_command("link_measures")
    assert (only_link().review, only_link().reviewed_by) == ("rejected", user)
    reviews.decide([only_link()], "accepted", user, relation="elaborates")
    call_command("link_measures")
    assert (only_link().review, only_link().relation) == ("accepted", "elaborates")


def test_a_suggestion_of_an_older_method_version_is_replaced_and_a_decision_on_one_kept(two_documents,
                                                                                       django_user_model):
    """A new method version rewrites the suggestions of the older one (the store's usual update) and leaves the
    links people decided as they were, whichever version suggested them."""
    user = django_user_model.objects.create(username="editor")
    store.link_documents()
    older = f"{store.METHOD}/{int(store.VERSION) - 1}"
    MeasureLink.objects.update(method=older, score=0.1)
    counts = store.link_documents()
    assert (counts.updated, counts.created, counts.deleted) == (1, 0, 0)
    assert (only_link().method, only_link().review) == (store.METHOD_NAME, "suggested")
    MeasureLink.objects.update(method=older, score=0.1)
    reviews.decide([only_link()], "accepted", user)
    assert store.link_documents().kept_decided == 1
    assert (only_link().method, only_link().review, float(only_link().score)) == (older, "accepted", 0.1)


def test_a_manual_link_is_never_removed_and_a_stale_suggestion_is(two_documents, django_user_model):
    user = django_user_model.objects.create(username="editor")
    unrelated_earlier = two_documents["opinion"].measures.get(path="一/（一）")
    manual = reviews.add_link(two_documents["later"], unrelated_earlier, "restates", user)
    store.link_documents()
    assert MeasureLink.objects.count() == 2
    assert list(CarriedTally.objects.values_list("document_id", "links")) == [(two_documents["opinion"].pk, 2)]
    later = two_documents["later"]
    later.text = UNRELATED.replace("粮油", "畜牧")  # the measure no longer carries the earlier one
    later.save()
    counts = store.link_documents()
    assert list(MeasureLink.objects.all()) == [manual]
    assert counts.deleted == 1
    # the dashboards' count of links carrying the opinion forward followed both runs (tracker.summary)
    assert list(CarriedTally.objects.values_list("document_id", "links")) == [(two_documents["opinion"].pk, 1)]


def test_a_document_is_never_linked_to_itself_or_to_a_later_one(two_documents):
    factories.measure(two_documents["later_document"], "二/（十一）", text=LATER)
    store.link_documents()
    assert all(link.from_measure.document_id != link.to_measure.document_id for link in MeasureLink.objects.all())
    assert two_documents["later_document"] in {link.from_measure.document for link in MeasureLink.objects.all()}
    assert not MeasureLink.objects.filter(to_measure__document=two_documents["later_document"]).exists()


def test_an_undated_document_is_linked_against_the_dated_ones_and_flagged(two_documents):
    undated = factories.document("关于做好搬迁后续扶持的通知", date_written=None)
    factories.measure(undated, "一", text=LATER)
    counts = store.link_documents([undated.pk])
    assert counts.undated_documents == [undated.pk]
    links = MeasureLink.objects.filter(from_measure__document=undated)
    assert {link.to_measure for link in links} == {two_documents["earlier"], two_documents["later"]}  # both dated
    assert {link.method for link in links} == {store.METHOD_NAME + store.UNDATED_FLAG}


def test_an_undated_document_is_never_earlier_than_a_dated_one(two_documents):
    undated = factories.document("关于做好搬迁后续扶持的通知", date_written=None)
    factories.measure(undated, "一", text=EARLIER)
    store.link_documents([two_documents["later_document"].pk])
    assert not MeasureLink.objects.filter(to_measure__document=undated).exists()
    assert MeasureLink.objects.filter(to_measure=two_documents["earlier"]).exists()


def test_an_undated_document_is_linked_to_an_undated_one_it_cites(two_documents):
    cited = factories.document("关于做好易地扶贫搬迁后续扶持工作的意见", date_written=None)
    earlier = factories.measure(cited, "一", text=EARLIER)
    citing = "根据《关于做好易地扶贫搬迁后续扶持工作的意见》，结合本省实际，现通知如下。"
    undated = factories.document("关于做好搬迁后续扶持的通知", date_written=None)
    source = factories.source_file(citing + LATER)
    Appearance.objects.create(document=undated, source=source, span_start=0, span_end=len(source.text))
    factories.measure(undated, "一", text=LATER, source=source)
    counts = store.link_documents([undated.pk])
    assert counts.undated_documents == [undated.pk]
    links = MeasureLink.objects.filter(from_measure__document=undated)
    assert earlier in {link.to_measure for link in links}
    assert {link.method for link in links} == {store.METHOD_NAME + store.UNDATED_FLAG}


def test_a_joined_slogan_weighs_by_the_measures_holding_it_not_as_the_rarest_word(two_documents):
    """三保障 is a word of the matcher's (clauses.content_words) that the search-words index never holds."""
    factories.measure(two_documents["opinion"], "三/（三）", text="巩固“两不愁三保障”成果。")
    later = factories.measure(two_documents["later_document"], "二/（十二）", text="巩固提升“三保障”和饮水安全保障成果。")
    idf = store.memory_candidates(store.measure_items(Measure.objects.filter(pk=later.pk)),
                                  [two_documents["opinion"].pk]).idf
    expected = inverse_document_frequency(Counter({"三保障": 2}), Measure.objects.count())
    assert idf["三保障"] == expected["三保障"]


def test_a_citation_names_a_title_with_or_without_its_issuers():
    assert store.title_key("中共中央 国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见") == store.title_key(
        "中共中央、国务院关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见") == store.title_key(
        "关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见")


def test_a_year_in_the_title_dates_a_document(db):
    assert store.document_date(Document(title="2023年政府工作报告")) == datetime.date(2023, 1, 1)
    assert store.document_date(Document(title="关于加强管理的通知")) is None


def test_an_empty_document_links_nothing(two_documents):
    empty = factories.document("空文件", date_written=datetime.date(2026, 1, 1))
    factories.measure(empty, "一", text="")
    assert store.link_documents([empty.pk]).written == 0


def test_a_local_issuer_localises(two_documents):
    province = factories.body("某省人民政府", level="provincial", kind="government")
    two_documents["later_document"].issuers.add(province)
    store.link_documents()
    assert only_link().relation == "localises"


def test_export_has_the_stable_shape_in_json_and_csv(two_documents, tmp_path):
    store.link_documents()
    call_command("export_links", "--format", "json", "--output", tmp_path / "links.json")
    (record,) = json.loads((tmp_path / "links.json").read_text("utf-8"))
    end_keys = {"document", "date", "files", "path", "heading", "measure_id"}
    assert set(record) == {"from", "to", "relation", "score", "provenance", "review", "evidence"}
    assert set(record["from"]) == set(record["to"]) == end_keys and set(record["evidence"]) == {"from", "to"}
    assert (record["from"]["date"], record["to"]["path"]) == ("2025-01-01", "三/（四）")
    call_command("export_links", "--format", "csv", "--output", tmp_path / "links.csv")
    data = (tmp_path / "links.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == CSV_HEADER and len(rows) == 2


@pytest.mark.django_db(transaction=True)
def test_the_ingest_links_witnessed_documents_and_never_two_witnesses():
    later_file = REPO / "tests" / "fixtures" / "lineage-dev" / "docs" / "zhongyang-yihao-wenjian-2025.txt"
    report = ingest_paths([SEEDS / "000_dff26a656f269b32.txt", SEEDS / "001_a4e3b11e0f827774.txt", later_file])
    assert all(file["link_error"] is None for file in report["files"])
    opinion = Document.objects.get(appearances__source__name__endswith="001_a4e3b11e0f827774.txt",
                                   title__contains="有效衔接")
    assert opinion.appearances.count() == 2  # one document, two witnesses
    links = MeasureLink.objects.select_related("from_measure", "to_measure")
    assert links.filter(to_measure__document=opinion).exists()
    assert not [link for link in links if link.from_measure.document_id == link.to_measure.document_id]


@pytest.mark.django_db(transaction=True)
def test_an_earlier_document_ingested_after_the_later_one_relinks_it():
    """A province loads its own and then the centre's: the later document, in an earlier run, is linked again
    when the opinion it carries comes in; a run that changes nothing relinks nothing."""
    later_file = REPO / "tests" / "fixtures" / "lineage-dev" / "docs" / "zhongyang-yihao-wenjian-2025.txt"
    ingest_paths([later_file])
    assert not MeasureLink.objects.exists()
    report = ingest_paths([SEEDS / "001_a4e3b11e0f827774.txt"])
    (file,) = report["files"]
    later = Document.objects.get(appearances__source__name=str(later_file))
    carried = MeasureLink.objects.filter(from_measure__document=later, to_measure__document__title__contains="有效衔接")
    assert carried.exists() and file["link_error"] is None
    assert file["links"]["created"] == MeasureLink.objects.count() and file["links"]["documents"] == 2
    assert file["relinking"] == [later.pk]
    again = ingest_paths([SEEDS / "001_a4e3b11e0f827774.txt", later_file])
    assert all(file["links"] is None for file in again["files"])


@pytest.fixture
def earlier_and_unrelated_documents(two_documents):
    unrelated = factories.document("关于数据安全的通知", date_written=datetime.date(2024, 1, 1))
    factories.measure(unrelated, "一", text="加强网络安全保护，完善数据跨境流动规则。")
    before = factories.document("关于旧事的通知", date_written=datetime.date(2019, 1, 1))
    factories.measure(before, "一", text=LATER)
    return {**two_documents, "unrelated": unrelated}


def test_the_documents_later_than_a_changed_one_are_relinked(earlier_and_unrelated_documents):
    """Below the index's size every later measure is a candidate (store.memory_candidates), so every later
    document; never one dated before."""
    documents = earlier_and_unrelated_documents
    assert store.later_documents_to_relink([documents["opinion"].pk]) == sorted(
        [documents["later_document"].pk, documents["unrelated"].pk])


def test_on_the_index_only_later_documents_sharing_words_are_relinked(earlier_and_unrelated_documents, on_postgres,
                                                                      monkeypatch):
    index_words()
    monkeypatch.setattr(store, "INDEX_FROM_MEASURES", 0)
    documents = earlier_and_unrelated_documents
    assert store.later_documents_to_relink([documents["opinion"].pk]) == [documents["later_document"].pk]


@pytest.mark.django_db(transaction=True)
def test_a_linking_failure_keeps_the_document_and_is_reported(monkeypatch):
    def broken(document_ids):
        raise RuntimeError("linker down")

    monkeypatch.setattr("tracker.ingest.run.link_documents", broken)
    report = ingest_paths([SEEDS / "001_a4e3b11e0f827774.txt"])
    (file,) = report["files"]
    assert file["outcome"] == "inserted" and file["link_error"] == "RuntimeError: linker down"
    assert Document.objects.filter(title__contains="有效衔接").exists()


def test_the_index_on_postgresql_finds_what_the_memory_pass_finds(two_documents, on_postgres, monkeypatch):
    index_words()
    store.link_documents()
    in_memory = {(link.from_measure_id, link.to_measure_id, link.relation) for link in MeasureLink.objects.all()}
    MeasureLink.objects.all().delete()
    monkeypatch.setattr(store, "INDEX_FROM_MEASURES", 0)
    assert store.candidate_source() is store.postgres_candidates
    store.link_documents()
    assert in_memory
    assert {(link.from_measure_id, link.to_measure_id, link.relation) for link in MeasureLink.objects.all()} == in_memory


@pytest.mark.django_db(transaction=True)
def test_people_s_decisions_survive_a_re_ingest_of_a_changed_document_and_a_recomputation(tmp_path,
                                                                                          django_user_model):
    """An editor accepts one suggestion as another relation (and confirms the status it proposes) and rejects
    another; the later document then comes again in a new version, which the ingest re-links, and
    link_measures runs over everything: the decisions, the relation and the status entry all stand."""
    editor = django_user_model.objects.create_user("editor")
    later_text = (REPO / "tests" / "fixtures" / "lineage-dev" / "docs" / "zhongyang-yihao-wenjian-2025.txt").read_text(
        "utf-8")
    later_file = tmp_path / "later.txt"
    later_file.write_text(later_text, "utf-8")
    ingest_paths([SEEDS / "001_a4e3b11e0f827774.txt", later_file])
    accepted, rejected = MeasureLink.objects.filter(review="suggested").order_by("-score", "pk")[:2]
    reviews.decide(MeasureLink.objects.filter(pk=accepted.pk), "accepted", editor, relation="strengthens")
    reviews.decide(MeasureLink.objects.filter(pk=rejected.pk), "rejected", editor)
    proposal = accepted.status_proposal
    reviews.confirm_proposal(proposal, editor)
    entry = proposal.__class__.objects.get(pk=proposal.pk).status_update

    # a new version of the later file: another of its items reworded
    other = (Measure.objects.filter(document=accepted.from_measure.document, level=2)
             .exclude(pk__in=[accepted.from_measure_id, rejected.from_measure_id]).order_by("order").first())
    sentence = other.text.split("。")[0]
    assert later_text.count(sentence) == 1
    later_file.write_text(later_text.replace(sentence, sentence + "，久久为功"), "utf-8")
    report = ingest_paths([later_file])
    assert report["files"][0]["outcome"] != "unchanged" and report["files"][0]["link_error"] is None
    assert "久久为功" in Measure.objects.get(pk=other.pk).text
    assert report["files"][0]["links"]["kept_decided"] == 2  # the ingest re-linked the document, around them
    call_command("link_measures")

    kept = {link.pk: (link.review, link.relation, link.reviewed_by_id)
            for link in MeasureLink.objects.filter(pk__in=[accepted.pk, rejected.pk])}
    assert kept == {accepted.pk: ("accepted", "strengthens", editor.pk),
                    rejected.pk: ("rejected", rejected.relation, editor.pk)}
    assert not MeasureLink.objects.filter(from_measure=rejected.from_measure, to_measure=rejected.to_measure,
                                          review="suggested").exists()  # never suggested again
    entry.refresh_from_db()
    assert (entry.evidence_link_id, entry.author_id) == (accepted.pk, editor.pk)
    assert Measure.objects.get(pk=accepted.to_measure_id).status == entry.status


@pytest.mark.django_db(transaction=True)
def test_people_s_decisions_survive_the_relinking_a_changed_earlier_document_brings(tmp_path, django_user_model):
    """The opinion comes again in a new version: the ingest relinks the later document that carries it (the
    queued relinking, at once here), around the links an editor accepted and rejected."""
    editor = django_user_model.objects.create_user("editor")
    opinion_text = (SEEDS / "001_a4e3b11e0f827774.txt").read_text("utf-8")
    opinion_file = tmp_path / "opinion.txt"
    opinion_file.write_text(opinion_text, "utf-8")
    later_file = REPO / "tests" / "fixtures" / "lineage-dev" / "docs" / "zhongyang-yihao-wenjian-2025.txt"
    ingest_paths([opinion_file, later_file])
    accepted, rejected = MeasureLink.objects.filter(review="suggested").order_by("-score", "pk")[:2]
    reviews.decide(MeasureLink.objects.filter(pk=accepted.pk), "accepted", editor, relation="strengthens")
    reviews.decide(MeasureLink.objects.filter(pk=rejected.pk), "rejected", editor)

    # a new version of the opinion: one of its items (not one the editor decided on) reworded
    other = (Measure.objects.filter(document=accepted.to_measure.document, level=2)
             .exclude(pk__in=[accepted.to_measure_id, rejected.to_measure_id]).order_by("order").first())
    sentence = other.text.split("。")[0]
    assert opinion_text.count(sentence) == 1
    opinion_file.write_text(opinion_text.replace(sentence, sentence + "，久久为功"), "utf-8")
    (file,) = ingest_paths([opinion_file])["files"]
    later = Document.objects.get(appearances__source__name=str(later_file))
    assert file["outcome"] != "unchanged" and later.pk in file["relinking"] and file["link_error"] is None
    assert file["links"]["kept_decided"] >= 2  # the later document relinked around them

    kept = {link.pk: (link.review, link.relation, link.reviewed_by_id)
            for link in MeasureLink.objects.filter(pk__in=[accepted.pk, rejected.pk])}
    assert kept == {accepted.pk: ("accepted", "strengthens", editor.pk),
                    rejected.pk: ("rejected", rejected.relation, editor.pk)}
    assert not MeasureLink.objects.filter(from_measure=rejected.from_measure, to_measure=rejected.to_measure,
                                          review="suggested").exists()


def test_an_item_looks_up_its_rarest_words_while_their_rows_stay_in_bounds():
    frequency = Counter({"帮扶": 60, "返贫": 30, "搬迁": 30, "监测": 50, "常见": store.RARE_WORD_CAP, "未切": 0})
    # 返贫 and 搬迁 tie (by the word), 监测 would pass 100 rows; 常见 is too common, 未切 in no measure
    assert store.key_words(frozenset(frequency), frequency, postings_cap=100) == ["搬迁", "返贫"]
    assert store.key_words(frozenset({"帮扶", "常见"}), Counter({"帮扶": 150, "常见": 5000})) == ["帮扶"]  # the rarest always


def test_the_source_documents_are_those_most_later_items_found_candidates_in(monkeypatch):
    monkeypatch.setattr(store, "SOURCE_DOCUMENTS", 2)
    earlier = [Item(key, document, "") for key, document in [(1, "a"), (2, "a"), (3, "b"), (4, "c"), (5, "c")]]
    of_item = {"x": {1, 3}, "y": {2, 4}, "z": {4, 5}}  # a: 2 later items, b: 1, c: 2 (one of them twice)
    assert store.source_documents(earlier, of_item) == ["a", "c"]
