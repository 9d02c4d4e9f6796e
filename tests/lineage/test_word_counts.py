"""The words' counts (WordFrequency) stay those of the current measures through every writer: the ingest (new,
changed, withdrawn and returning items), a person's edit on the measure's page or by spreadsheet, a deleted
document; `rebuild` (migration 0026's backfill) recounts the same."""

from collections import Counter

import pytest

from tests.conftest import SEEDS
from tracker import edits
from tracker.ingest import ingest_paths
from tracker.lineage import word_counts
from tracker.models import Document, Measure, WordFrequency

DOCUMENT = """国务院关于做好春季农业生产工作的意见
（2021年3月1日）
一、加强组织领导。各地要建立健全工作机制。
二、保持政策稳定。继续实施耕地地力保护补贴政策。
三、完善监测机制。坚决守住18亿亩耕地红线。
"""
# 二 reworded, 三 dropped (withdrawn), 四 new.
REVISED = (DOCUMENT.replace("继续实施耕地地力保护补贴政策", "继续稳定实施种粮农民一次性补贴")
           .replace("三、完善监测机制。坚决守住18亿亩耕地红线。\n", "四、加强冬小麦田间管理。\n"))


def kept() -> Counter:
    return Counter(dict(WordFrequency.objects.values_list("word", "measures")))


def recounted() -> Counter:
    return word_counts.counted(Measure.objects.all())


def ingest(tmp_path, text: str) -> None:
    path = tmp_path / "spring.txt"
    path.write_text(text, encoding="utf-8")
    ingest_paths([path])


@pytest.fixture
def spring(db, tmp_path):
    ingest(tmp_path, DOCUMENT)
    return tmp_path


def test_the_ingest_counts_each_word_once_a_measure(spring):
    assert kept() == recounted()
    assert kept()["机制"] == 2  # 一's 工作机制 and 三's 监测机制
    assert kept()["组织"] == 1  # in 一's heading and text: one measure
    assert 0 not in kept().values()
    assert kept()[word_counts.MEASURES] == Measure.objects.count() == 3  # the IDF's total


def test_a_re_ingest_of_a_revised_file_follows_changed_withdrawn_and_new_items(spring):
    ingest(spring, REVISED)
    assert Measure.objects.get(path="三").withdrawn_at is not None
    assert kept() == recounted()
    assert "红线" not in kept() and kept()["一次性"] == 1 and kept()["冬小麦"] == 1
    ingest(spring, DOCUMENT)  # 三 comes back, 四 leaves
    assert kept() == recounted() and kept()["红线"] == 1 and "冬小麦" not in kept()


def test_a_persons_edit_of_the_text_moves_its_words(spring):
    measure = Measure.objects.get(path="二")
    measure.text = "保持政策稳定。扩大完全成本保险实施范围。"
    edits.save_edit(measure, ["text"])
    assert kept() == recounted()
    assert kept()["保险"] == 1 and "补贴" not in kept()


def test_the_spreadsheets_edits_move_their_words(spring):
    first, second = Measure.objects.get(path="一"), Measure.objects.get(path="二")
    first.heading, second.text = "强化春耕组织领导", "保持政策稳定。健全农业保险制度。"
    edits.save_edits({first: ["heading"], second: ["text"]}, user=None)
    assert kept() == recounted()
    assert kept()["春耕"] == 1 and kept()["保险"] == 1


def test_a_deleted_document_takes_its_words_away(spring, tmp_path):
    Document.objects.get().delete()
    assert kept() == Counter()


def test_rebuild_recounts_what_the_writers_kept(db):
    ingest_paths([SEEDS])
    before = kept()
    assert word_counts.rebuild() == len(before)
    assert kept() == before == recounted()
