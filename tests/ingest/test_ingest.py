"""The ingest: seeds in, idempotent re-runs, witnesses collated, people's edits kept, bad input refused."""

import dataclasses
import datetime
import json
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import SEEDS
from tracker import models
from tracker.ingest import ingest_paths, measures
from tracker.ingest.documents import title_key
from tracker.ingest.measures import MeasureWriter
from tracker.ingest.registry import sync_body_registry
from tracker.parsing import parse
from tracker.status import record_status

OPINION = "关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见"

SMALL_OPINION = """国务院关于做好春季农业生产工作的意见
（2021年3月1日）
一、加强组织领导。各地要建立健全工作机制。（国家发展改革委、财政部按职责分工负责）
二、保持政策稳定。继续实施耕地地力保护补贴政策，到2025年完成高标准农田建设任务。
三、完善监测机制。坚决守住18亿亩耕地红线。
"""


def tracker_rows() -> dict:
    """Every row of every table the ingest writes (import runs aside): 'exactly as before' means equal.
    (New rows go in by COPY on PostgreSQL, which captured queries do not show: the rows themselves are compared.)"""
    tables = (models.SourceFile, models.Document, models.Appearance, models.Body, models.Measure,
              models.Measure.topics.through, models.Responsibility, models.TimeFrame, models.Target,
              models.StatusUpdate, models.Variant)
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in tables}


def ingest_text(tmp_path, name: str, text: str, encoding: str = "utf-8") -> dict:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return ingest_paths([path])


@pytest.fixture
def seeds_ingested(db):
    return ingest_paths([SEEDS])


def expected_paths() -> dict[str, set[str]]:
    """Measure paths per document title, straight from the parser: what the database must hold."""
    paths: dict[str, set[str]] = {}
    for seed in sorted(SEEDS.iterdir()):
        for article in parse(seed.read_bytes(), file=str(seed)).articles:
            paths.setdefault(title_key(article.title), set()).update(m.path for m in article.measures)
    return paths


def test_seeds_give_one_document_per_title_and_every_parsed_measure(seeds_ingested):
    report = seeds_ingested
    assert report["outcome"] == "succeeded"
    assert [f["outcome"] for f in report["files"]] == ["inserted"] * 5
    by_document = Counter(title_key(t) for t in models.Measure.objects.values_list("document__title", flat=True))
    wanted = {title: len(paths) for title, paths in expected_paths().items() if paths}
    assert dict(by_document) == wanted
    assert report["counts"]["inserted"] == sum(wanted.values()) == report["totals"]["measures"]
    assert report["totals"]["documents"] == models.Document.objects.count()
    run = models.ImportRun.objects.get()
    assert (run.outcome, run.inserted, run.failed) == ("succeeded", sum(wanted.values()), 0)


def test_the_2020_opinion_is_one_document_with_two_witnesses_and_variants(seeds_ingested):
    opinion = models.Document.objects.get(title=OPINION)
    assert opinion.date_written == datetime.date(2020, 12, 16)
    assert sorted(opinion.appearances.values_list("source__name", flat=True)) == [
        str(SEEDS / "000_dff26a656f269b32.txt"), str(SEEDS / "001_a4e3b11e0f827774.txt")
    ]
    parts = Counter(path.split("/")[0] for path in opinion.measures.values_list("path", flat=True))
    assert set(parts) == set("一二三四五六七八")
    # 000 (parts 三–八) came first, yet the document reads in order once 001 brought 一 and 二.
    top_level = list(opinion.measures.filter(level=1).order_by("order").values_list("path", flat=True))
    assert top_level == list("一二三四五六七八")
    assert models.Measure.objects.filter(document=opinion, path="七/（十九）").exists()
    variants = models.Variant.objects.filter(measure__document=opinion)
    assert variants.exists()
    # 三/（一）: the web copy repeats 摘帽不摘帮扶 where the newspaper reads 摘帽不摘政策.
    first = opinion.measures.get(path="三/（一）")
    assert "摘帽不摘政策，防止急刹车" in first.text.replace(",", "，")
    assert first.variants.filter(chosen_reading__contains="政策", other_reading__contains="帮扶").exists()
    # 000 (undated) came first; once 001 gave the dates, the parser's one proposal per measure took them.
    proposals = models.StatusUpdate.objects.filter(measure__document=opinion)
    assert proposals.count() == opinion.measures.count()
    assert set(proposals.values_list("effective_date", "source")) == {(datetime.date(2021, 3, 22), "parser")}


def test_ingesting_the_same_files_again_writes_nothing(seeds_ingested):
    before = tracker_rows()
    with CaptureQueriesContext(connection) as queries:
        report = ingest_paths([SEEDS])
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert all("tracker_importrun" in sql for sql in writes), writes
    first = seeds_ingested["counts"]
    every_witnessed_measure = first["inserted"] + first["updated"] + first["unchanged"]
    assert report["counts"] == {"inserted": 0, "updated": 0, "unchanged": every_witnessed_measure, "failed": 0,
                                "withdrawn": 0}
    assert {f["outcome"] for f in report["files"]} == {"unchanged"}
    assert tracker_rows() == before


def test_a_re_ingest_asks_the_database_the_same_number_of_questions_however_many_measures(db, tmp_path):
    def queries_to_ingest_again(items: int) -> int:
        lines = [f"国务院关于第{items}批工作的意见", "（2021年3月1日）"]
        lines += [f"{number}.加强第{number}项工作。（财政部负责）到2025年完成{number}万亩。" for number in range(1, items + 1)]
        ingest_text(tmp_path, f"opinion{items}.txt", "\n".join(lines))
        with CaptureQueriesContext(connection) as queries:
            report = ingest_text(tmp_path, f"opinion{items}.txt", "\n".join(lines))
        assert report["counts"]["unchanged"] == items
        return len(queries)

    assert queries_to_ingest_again(3) == queries_to_ingest_again(30)


def test_people_keep_their_edits_and_removed_items_are_withdrawn(db, tmp_path):
    editor = get_user_model().objects.create_user("editor")
    ingest_text(tmp_path, "opinion.txt", SMALL_OPINION)
    document = models.Document.objects.get()
    first, second, third = document.measures.filter(level=1).order_by("order")
    # An editor rates item 二 and corrects the body of item 一.
    record_status(second, "achieved", effective_date=datetime.date(2022, 6, 1), source="manual", author=editor,
                  note="验收报告")
    finance = models.Body.objects.get(name="财政部")
    first.responsibilities.all().delete()
    models.Responsibility.objects.create(measure=first, body=finance, role="lead", provenance="manual")
    first.edited_fields = ["bodies"]
    first.save()
    third_history = list(third.status_updates.values_list("status", "source"))

    revised = SMALL_OPINION.replace("继续实施耕地地力保护补贴政策", "继续实施并完善耕地地力保护补贴政策")
    revised = revised.replace("三、完善监测机制。坚决守住18亿亩耕地红线。\n", "")
    report = ingest_text(tmp_path, "opinion.txt", revised)

    assert report["files"][0]["outcome"] == "updated"
    assert report["counts"]["withdrawn"] == 1
    second.refresh_from_db()
    assert second.status == "achieved"
    assert "并完善" in second.text
    assert list(first.responsibilities.values_list("body__name", "role", "provenance")) == [
        ("财政部", "lead", "manual")
    ]
    first.refresh_from_db()
    assert "bodies" in first.disagreements  # the parser still reads two bodies: shown, not applied
    third.refresh_from_db()
    assert third.withdrawn_at is not None
    assert list(third.status_updates.values_list("status", "source")) == third_history
    assert models.SourceFile.objects.count() == 1  # the revision updated the file in place


def test_a_withdrawn_item_comes_back_when_the_file_carries_it_again(db, tmp_path):
    ingest_text(tmp_path, "opinion.txt", SMALL_OPINION)
    ingest_text(tmp_path, "opinion.txt", SMALL_OPINION.replace("三、完善监测机制。坚决守住18亿亩耕地红线。\n", ""))
    ingest_text(tmp_path, "opinion.txt", SMALL_OPINION)
    assert not models.Measure.objects.filter(withdrawn_at__isnull=False).exists()


def test_extracted_records_are_stored_with_provenance(db, tmp_path):
    ingest_text(tmp_path, "opinion.txt", SMALL_OPINION)
    first = models.Measure.objects.get(path="一")
    assert set(first.responsibilities.values_list("body__name", "provenance")) >= {
        ("国家发展和改革委员会", "explicit"), ("财政部", "explicit")
    }
    red_line = models.Target.objects.get(measure__path="三", unit="亩")
    assert red_line.value == 1800000000
    assert red_line.comparator == "ge"
    assert red_line.normalised_unit == "公顷" and red_line.normalised_value == 120000000
    deadline = models.TimeFrame.objects.get(measure__path="二", expression__contains="2025")
    assert deadline.end == datetime.date(2025, 12, 31)
    # The parser's status proposal is the first entry of the history, with its rule.
    proposal = models.StatusUpdate.objects.get(measure__path="二")
    assert (proposal.status, proposal.source) == ("ongoing", "parser") and proposal.note


def test_a_range_is_stored_with_its_upper_value(db, tmp_path):
    ingest_text(tmp_path, "range.txt", SMALL_OPINION.replace("坚决守住18亿亩耕地红线。", "对每个村奖励5至10万元。"))
    target = models.Target.objects.get(measure__path="三")
    assert (target.value, target.upper_value, target.unit) == (50000, 100000, "元")


def test_gb18030_file_is_decoded_and_its_encoding_recorded(db, tmp_path):
    report = ingest_text(tmp_path, "gbk.txt", SMALL_OPINION, encoding="gb18030")
    assert report["files"][0]["encoding"] == "gb18030"
    assert models.SourceFile.objects.get().encoding == "gb18030"
    assert models.Measure.objects.filter(withdrawn_at__isnull=True).count() == 3


GB2312_RANGE_NOISE = bytes(b for i in range(3000) for b in (0xB0 + i * 7 % 0x48, 0xA1 + i * 13 % 0x5E))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\xff\xfe\x00" * 200, ""),
        (b"   \n\n  ", "empty"),
        (SMALL_OPINION.encode("utf-16-le"), "binary"),
        (SMALL_OPINION.encode("utf-8") + SMALL_OPINION.encode("gb18030"), "mixes encodings"),
        (GB2312_RANGE_NOISE, "does not look like Chinese text"),
    ],
    ids=["empty", "binary", "blank", "utf-16-without-bom", "utf-8-then-gb18030", "gb2312-range-noise"],
)
def test_unreadable_files_fail_clearly_and_write_nothing(db, tmp_path, content, message):
    ingest_text(tmp_path, "good.txt", SMALL_OPINION)
    before = tracker_rows()
    (tmp_path / "bad.bin").write_bytes(content)
    report = ingest_paths([tmp_path / "bad.bin"])
    assert report["outcome"] == "failed"
    assert message in report["files"][0]["error"]
    assert tracker_rows() == before
    run = models.ImportRun.objects.order_by("-pk").first()
    assert run.failed == 1 and run.errors[0]["error"] == report["files"][0]["error"]


def test_a_file_that_fails_midway_leaves_the_database_as_it_was(db, tmp_path, monkeypatch):
    ingest_text(tmp_path, "first.txt", SMALL_OPINION)
    before = tracker_rows()

    def broken_variants(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(MeasureWriter, "write_extractions", broken_variants)
    report = ingest_text(tmp_path, "second.txt", SMALL_OPINION.replace("春季农业生产", "秋冬种"))
    assert report["files"][0] | {"path": None} == report["files"][0] | {
        "outcome": "failed", "error": "RuntimeError: disk full", "path": None, "inserted": 0
    }
    assert tracker_rows() == before
    assert models.ImportRun.objects.order_by("-pk").first().errors[0]["error"] == "RuntimeError: disk full"


def test_a_re_extraction_is_validated_like_the_parsers_records(db, monkeypatch):
    """A document with a second witness is re-extracted inside the write (tracker.ingest.measures): an invalid
    re-extraction fails the file with the validation's message, and nothing of it is written."""
    ingest_paths([SEEDS / "000_dff26a656f269b32.txt"])
    before = tracker_rows()
    real_extract = measures.extract

    def unknown_status(*args, **kwargs):
        return dataclasses.replace(real_extract(*args, **kwargs), status="finished-ish")

    monkeypatch.setattr(measures, "extract", unknown_status)
    report = ingest_paths([SEEDS / "001_a4e3b11e0f827774.txt"])
    failure = report["files"][0]
    assert failure["outcome"] == "failed"
    assert "invalid records" in failure["error"] and "unknown status 'finished-ish'" in failure["error"]
    assert tracker_rows() == before


def test_one_bad_file_does_not_stop_the_others(db, tmp_path):
    (tmp_path / "a_bad.txt").write_bytes(b"")
    (tmp_path / "b_good.txt").write_text(SMALL_OPINION, encoding="utf-8")
    report = ingest_paths([tmp_path])
    assert [f["outcome"] for f in report["files"]] == ["failed", "inserted"]
    assert report["outcome"] == "partial"


def test_ingest_command_prints_the_json_report_and_fails_on_a_bad_file(db, tmp_path, capsys):
    (tmp_path / "good.txt").write_text(SMALL_OPINION, encoding="utf-8")
    call_command("ingest", str(tmp_path / "good.txt"), "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["totals"]["measures"] == 3 and report["counts"]["inserted"] == 3
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(Exception, match="1 file"):
        call_command("ingest", str(tmp_path / "empty.txt"))


def test_the_registry_is_loaded_with_parents_and_the_succession_of_the_poverty_office(db):
    sync_body_registry()
    office = models.Body.objects.get(name="国务院扶贫开发领导小组办公室")
    assert office.parent.name == "国务院扶贫开发领导小组" and office.english_name
    bureau = office.successor
    assert (bureau.name, office.succeeded_on) == ("国家乡村振兴局", datetime.date(2021, 2, 25))
    assert (bureau.successor.name, bureau.succeeded_on) == ("农业农村部", datetime.date(2023, 3, 16))
    assert sync_body_registry() == 0  # the registry is people's to edit after the first load


def test_unknown_bodies_join_the_registry_flagged_for_review(db, tmp_path):
    text = SMALL_OPINION.replace("（国家发展改革委、财政部按职责分工负责）", "（省乡村振兴示范区管委会负责）")
    ingest_text(tmp_path, "opinion.txt", text)
    body = models.Responsibility.objects.get(measure__path="一", provenance="explicit").body
    assert body.needs_review
    assert "管委会" in body.name


def test_documents_sharing_headings_under_other_titles_stay_apart(db, tmp_path):
    ingest_text(tmp_path, "central.txt", SMALL_OPINION)
    provincial = SMALL_OPINION.replace("国务院关于做好春季农业生产工作的意见", "四川省关于落实春季农业生产工作的实施方案")
    ingest_text(tmp_path, "sichuan.txt", provincial.replace("2021年3月1日", "2021年4月2日"))
    assert models.Document.objects.count() == 2


def test_a_witness_with_a_shortened_title_joins_its_document(db, tmp_path):
    ingest_text(tmp_path, "full.txt", SMALL_OPINION)
    page = SMALL_OPINION.replace("国务院关于做好春季农业生产工作的意见\n（2021年3月1日）", "关于做好春季农业生产工作的意见")
    ingest_text(tmp_path, "page.txt", page)
    document = models.Document.objects.get()
    assert document.appearances.count() == 2


def test_titles_one_character_apart_are_different_documents(db, tmp_path):
    ingest_text(tmp_path, "a.txt", SMALL_OPINION.replace("春季", "第1批春季"))
    ingest_text(tmp_path, "b.txt", SMALL_OPINION.replace("春季", "第2批春季"))
    assert models.Document.objects.count() == 2


def test_a_partial_witness_is_extracted_with_the_whole_documents_context(seeds_ingested):
    """Seed 000 carries parts 三–八 only; 过渡期 is defined in part 二, which only 001 has. Whichever witness
    supplies the text, 过渡期内 in 七/（十九） resolves to the transition period 2021–2025."""
    frame = models.TimeFrame.objects.get(measure__document__title=OPINION, measure__path="七/（十九）",
                                         expression="过渡期内")
    assert (frame.start, frame.end) == (datetime.date(2021, 1, 1), datetime.date(2025, 12, 31))
    assert not frame.needs_review  # unresolved in 000 alone, resolved against the whole document
    assert models.Measure.objects.get(document__title=OPINION, path="七/（十九）").source.name.endswith("000_dff26a656f269b32.txt")


def test_recurrences_durations_and_unresolved_frames_are_written(db, tmp_path):
    ingest_text(tmp_path, "notice.txt", "关于做好防返贫监测工作的通知\n\n（2026年1月5日）\n\n"
                "一、健全监测机制。每年6月底前完成一次集中排查，每5年开展一次评估。\n\n"
                "二、开展专项行动。开展为期3个月的专项整治。过渡期内保持政策稳定。\n")  # fmt: skip
    rows = set(models.TimeFrame.objects.values_list("expression", "kind", "start", "end", "period", "due",
                                                    "needs_review"))
    day = datetime.date
    assert rows == {
        ("每年6月底前", "recurrence", None, None, "P1Y", day(2026, 6, 30), False),
        ("每5年", "recurrence", None, None, "P5Y", None, False),
        ("为期3个月", "duration", day(2026, 1, 5), day(2026, 4, 4), "P3M", None, False),
        ("过渡期内", "period", None, None, "", None, True),
    }


def test_measures_get_topics_and_an_editors_topics_are_kept(db, tmp_path):
    ingest_text(tmp_path, "opinion.txt", SMALL_OPINION)
    third = models.Measure.objects.get(path="三")
    parsed = list(third.topics.order_by("pk").values_list("name", flat=True))
    assert parsed == ["土地", "防返贫监测"]  # 红线 in the text, 监测 in the heading
    education = models.Topic.objects.get(name="教育")
    third.topics.set([education])
    third.edited_fields = ["topics"]
    third.save()
    ingest_text(tmp_path, "opinion.txt", SMALL_OPINION.replace("坚决守住", "必须坚决守住"))
    assert list(third.topics.all()) == [education]
    third.refresh_from_db()
    assert third.disagreements["topics"] == sorted(parsed)  # the parser's reading, by name


def test_a_news_item_under_another_headline_is_one_document_with_two_witnesses(seeds_ingested):
    """000 and 001 both print the 华春莹 briefing on the US–China dialogue, under different headlines."""
    briefing = models.Document.objects.get(title__startswith="中美高层战略对话", kind="news")
    assert briefing.appearances.count() == 2


def test_news_items_sharing_a_title_prefix_but_not_their_text_stay_apart(db, tmp_path):
    ingest_text(tmp_path, "a.txt", "中美高层战略对话及时有益\n新华社北京3月22日电 外交部发言人华春莹22日表示，对话是及时的、有益的。\n")
    ingest_text(tmp_path, "b.txt", "中美高层战略对话在阿拉斯加举行\n新华社安克雷奇3月18日电 首轮对话当地时间18日下午举行，双方介绍了各自立场。\n")
    assert models.Document.objects.count() == 2


def test_a_known_file_name_carrying_another_document_adds_it_and_withdraws_nothing(db, tmp_path):
    """Issue 15: `same.txt` with document A, then `same.txt` with an unrelated document B withdrew all of A."""
    ingest_text(tmp_path, "same.txt", SMALL_OPINION)
    other = "农业农村部关于加强农田水利建设的通知\n（2022年5月10日）\n一、完善灌溉设施。\n二、加强水源保护。\n"
    report = ingest_text(tmp_path, "same.txt", other)
    assert report["files"][0]["outcome"] == "inserted"
    assert report["counts"]["withdrawn"] == 0
    assert models.Document.objects.count() == models.SourceFile.objects.count() == 2
    assert not models.Measure.objects.filter(withdrawn_at__isnull=False).exists()
    assert models.Appearance.objects.count() == 2
