"""The body lexicon: valid vocabulary, aliases, succession, longest-match matching."""

from datetime import date

import pytest

from tracker.parsing.extract import load_lexicon
from tracker.vocabulary import BODY_KIND, BODY_LEVEL, values

LEXICON = load_lexicon()


def test_every_entry_uses_the_shared_vocabularies():
    for entry in LEXICON.entries:
        assert entry.level in values(BODY_LEVEL), entry.canonical
        assert set(entry.levels) <= values(BODY_LEVEL), entry.canonical
        assert entry.kind in values(BODY_KIND), entry.canonical
        assert entry.english


def test_parents_and_successors_are_entries():
    for entry in LEXICON.entries:
        if entry.parent:
            assert LEXICON.lookup(entry.parent), entry.parent
        for succession in entry.succeeded_by:
            assert LEXICON.lookup(succession.canonical), succession.canonical


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("国家发展改革委", "国家发展和改革委员会"),
        ("发展改革委", "国家发展和改革委员会"),
        ("人力资源社会保障部", "人力资源和社会保障部"),
        ("中共中央", "中国共产党中央委员会"),
        ("中央农办", "中央农村工作领导小组办公室"),
        ("国务院扶贫办", "国务院扶贫开发领导小组办公室"),
        ("中央军委", "中央军事委员会"),
        ("全国人大常委会", "全国人民代表大会常务委员会"),
        ("全国总工会", "中华全国总工会"),
        ("共青团中央", "中国共产主义青年团中央委员会"),
        ("全国妇联", "中华全国妇女联合会"),
        ("中国残联", "中国残疾人联合会"),
        ("全国工商联", "中华全国工商业联合会"),
        ("最高检", "最高人民检察院"),
        ("中央网信办", "中央网络安全和信息化委员会办公室"),
        ("各地区", "各地"),
        ("所在省份", "所在省份"),
    ],
)
def test_aliases(name, canonical):
    assert LEXICON.lookup(name).canonical == canonical


def test_poverty_alleviation_succession():
    office = LEXICON.lookup("国务院扶贫开发领导小组办公室")
    [to_bureau] = office.succeeded_by
    assert (to_bureau.canonical, to_bureau.date) == ("国家乡村振兴局", date(2021, 2, 25))
    bureau = LEXICON.lookup("国家乡村振兴局")
    assert bureau.valid_from == date(2021, 2, 25)
    [to_ministry] = bureau.succeeded_by
    assert to_ministry.canonical == "农业农村部" and to_ministry.date.year == 2023


def test_levels_of_generic_bodies():
    assert LEXICON.lookup("所在省份").level == "provincial"
    assert LEXICON.lookup("市县").levels == ("prefecture", "county")
    assert LEXICON.lookup("市县").level == "unknown"
    assert LEXICON.lookup("民政部门").kind == "sector"


def test_sector_words_only_name_bodies_inside_lists():
    assert LEXICON.lookup("民政") is None
    assert LEXICON.lookup_in_list("民政").canonical == "民政部门"


def test_matcher_takes_the_longest_name():
    text = "国务院扶贫开发领导小组办公室和国务院"
    assert [(m.name, m.start) for m in LEXICON.finditer(text)] == [("国务院扶贫开发领导小组办公室", 0), ("国务院", 15)]


def test_ministry_is_not_matched_inside_departments():
    assert [m.name for m in LEXICON.finditer("财政部门和民政部门")] == ["财政部门", "民政部门"]
    assert [m.name for m in LEXICON.finditer("外交部门")] == []  # 外交部 + 门
