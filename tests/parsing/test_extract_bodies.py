"""Responsible bodies: explicit parentheticals and sentences, inferred rules, and what is never a body."""

from datetime import date

import pytest

from tracker.parsing import parse_text
from tracker.parsing.extract import document_context, extract

CTX = document_context("", date(2021, 3, 1), None)


def bodies(text):
    return [(b.name, b.role, b.provenance, b.canonical) for b in extract(text, CTX).bodies]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 按职责分工负责: each for its share, nobody leads
        (
            "加快农村公路建设。（国家发展改革委、财政部按职责分工负责）",
            [
                ("国家发展改革委", "co_lead", "explicit", "国家发展和改革委员会"),
                ("财政部", "co_lead", "explicit", "财政部"),
            ],
        ),
        # 列第一位者为牵头单位: first lead, the rest co_lead; 和 inside 工业和信息化部 is not a separator
        (
            "支持企业开拓国际市场。（商务部、工业和信息化部、海关总署负责，列第一位者为牵头单位）",
            [
                ("商务部", "lead", "explicit", "商务部"),
                ("工业和信息化部", "co_lead", "explicit", "工业和信息化部"),
                ("海关总署", "co_lead", "explicit", "海关总署"),
            ],
        ),
        ("（负责部门：民政部）", [("民政部", "lead", "explicit", "民政部")]),
        (
            "（牵头单位：国务院扶贫办；参与单位：财政部、人民银行）",
            [
                ("国务院扶贫办", "lead", "explicit", "国务院扶贫开发领导小组办公室"),
                ("财政部", "participant", "explicit", "财政部"),
                ("人民银行", "participant", "explicit", "中国人民银行"),
            ],
        ),
        (
            "（财政部牵头，国家发展改革委、人力资源社会保障部参与，2022年底前完成）",
            [
                ("财政部", "lead", "explicit", "财政部"),
                ("国家发展改革委", "participant", "explicit", "国家发展和改革委员会"),
                ("人力资源社会保障部", "participant", "explicit", "人力资源和社会保障部"),
            ],
        ),
        (
            "（人力资源社会保障部会同教育部等部门负责）",
            [
                ("人力资源社会保障部", "lead", "explicit", "人力资源和社会保障部"),
                ("教育部", "participant", "explicit", "教育部"),
            ],
        ),
        (
            "（各省（自治区、直辖市）人民政府负责）",
            [("各省（自治区、直辖市）人民政府", "lead", "explicit", "各省（自治区、直辖市）")],
        ),
        # half-width brackets and commas as OCR and some sites print them
        (
            "(农业农村部、国家乡村振兴局负责,列第一位者为牵头单位)",
            [
                ("农业农村部", "lead", "explicit", "农业农村部"),
                ("国家乡村振兴局", "co_lead", "explicit", "国家乡村振兴局"),
            ],
        ),
        # an unknown body is still extracted, unmatched
        ("（县乡村振兴局负责）", [("县乡村振兴局", "lead", "explicit", None)]),
    ],
)
def test_parentheticals(text, expected):
    assert bodies(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "加强脱贫地区职业院校(含技工院校)基础能力建设。",
        "因地制宜推进较大人口规模自然村（组）通硬化路。",
        "（政策落实）",
        "（2021年）",
    ],
)
def test_parentheticals_that_assign_nobody(text):
    assert bodies(text) == []


def test_by_agent_is_an_explicit_lead_with_its_clause_as_evidence():
    text = "专项指标不得挪用；原深度贫困地区计划指标不足的,由所在省份协调解决。"
    [mention] = extract(text, CTX).bodies
    assert (mention.name, mention.role, mention.provenance, mention.level) == (
        "所在省份",
        "lead",
        "explicit",
        "provincial",
    )
    assert mention.evidence == "原深度贫困地区计划指标不足的，由所在省份协调解决"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("由财政部会同有关部门制定具体办法。", [("财政部", "lead", "explicit", "财政部")]),
        ("由省级人民政府统筹安排。", [("省级人民政府", "lead", "explicit", "省级政府")]),
        ("确权到农户的扶贫资产，由其自主管理和运营。", []),  # 其 is a pronoun, not a body
        ("省级政府负责统筹资金。", [("省级政府", "lead", "explicit", "省级政府")]),
    ],
)
def test_explicit_sentences(text, expected):
    assert bodies(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各地要用好城乡建设用地增减挂钩政策。", [("各地", "implementer", "inferred", "各地")]),
        (
            "完善城乡居民基本养老保险费代缴政策,地方政府结合当地实际情况,按照最低缴费档次代缴部分或全部保费。",
            [("地方政府", "implementer", "inferred", "地方政府")],
        ),
        ("军队持续推进定点帮扶工作，健全完善长效机制。", [("军队", "implementer", "inferred", "军队")]),
        ("各级党委和政府要加大扶持力度。", [("各级党委和政府", "implementer", "inferred", "各级党委和政府")]),
        (
            "各地区各有关部门要抓好落实。",
            [("各地区", "implementer", "inferred", "各地"), ("各有关部门", "implementer", "inferred", "有关部门")],
        ),
        ("中央有关部门要研究制定行动计划。", [("中央有关部门", "implementer", "inferred", None)]),
        ("支持各地在脱贫县中自主选择一部分县。", [("各地", "implementer", "inferred", "各地")]),
        ("鼓励各地因地制宜开发优势特色农产品保险。", [("各地", "implementer", "inferred", "各地")]),
        ("落实行业主管部门工作责任。", [("行业主管部门", "implementer", "inferred", "行业主管部门")]),
        (
            "充分发挥中央和地方各级党委农村工作领导小组作用。",
            [("中央和地方各级党委农村工作领导小组", "implementer", "inferred", None)],
        ),
    ],
)
def test_inferred_sentences(text, expected):
    assert bodies(text) == expected


def test_sector_list_gives_each_sector_as_participant():
    text = "充分利用民政、扶贫、教育、人力资源社会保障、住房城乡建设、医疗保障等政府部门现有数据平台。"
    found = extract(text, CTX).bodies
    assert [(b.name, b.canonical) for b in found] == [
        ("民政", "民政部门"), ("扶贫", "扶贫部门"), ("教育", "教育部门"),
        ("人力资源社会保障", "人力资源社会保障部门"), ("住房城乡建设", "住房城乡建设部门"), ("医疗保障", "医疗保障部门"),
    ]  # fmt: skip
    assert {(b.role, b.provenance, b.rule) for b in found} == {("participant", "inferred", "sector_list")}


def test_explicit_assignment_wins_over_an_inferred_one():
    text = "财政部要加大投入。（财政部、民政部负责，列第一位者为牵头单位）"
    assert bodies(text) == [("财政部", "lead", "explicit", "财政部"), ("民政部", "co_lead", "explicit", "民政部")]


@pytest.mark.parametrize(
    "text",
    [
        # context, not responsibility
        "党的十八大以来，以习近平同志为核心的党中央把脱贫攻坚摆在治国理政的突出位置。",
        "坚持中央统筹、省负总责、市县抓落实的工作机制。",
        "市县抓落实，就是要因地制宜。",
        "省市县乡村五级书记抓巩固拓展脱贫攻坚成果和乡村振兴。",
        "外交部发言人华春莹22日表示，对话是有益的。",
        "中共中央总书记、国家主席、中央军委主席习近平近日在陕西考察。",
        "学习《中共中央关于党的百年奋斗重大成就和历史经验的决议》。",
        "党中央认为，在党成立一百周年的重要历史时刻，全面总结党的百年奋斗重大成就。",
        "各地区各部门各方面一致认为，召开全会十分必要。",
        "党中央从全面建成小康社会要求出发，把扶贫开发工作纳入总体布局。",
        "新华社北京3月22日电",
        "中共中央 国务院",
        "国际社会必须树立人类命运共同体意识。",
        "更加注重发挥市场作用。",
        "落实好教育、医疗、住房、饮水等民生保障普惠性政策。",
    ],
)
def test_context_mentions_are_not_bodies(text):
    assert bodies(text) == []


def test_ministry_is_not_found_inside_sector_word():
    assert bodies("财政部门要加强资金监管。") == [("财政部门", "implementer", "inferred", "财政部门")]


@pytest.mark.parametrize(
    ("items", "parent_bodies"),
    [
        # a list inline in the parent's paragraph, closed by one assignment: the whole list's, so the parent's
        ("（五）加大保护力度。主要包括：1.加强控辍保学。2.提高管理水平。（教育部牵头，财政部配合）\n", ["教育部", "财政部"]),
        # the same after paragraph items, on a line of its own
        ("（五）加大保护力度。\n1.加强控辍保学。\n2.提高管理水平。\n（教育部牵头，财政部配合）\n", ["教育部", "财政部"]),
        # at the end of the last paragraph item: that item's alone
        ("（五）加大保护力度。\n1.加强控辍保学。\n2.提高管理水平。（教育部牵头）\n", []),
        # each item assigned its own: none is the parent's
        ("（五）加大保护力度：1.加强控辍保学（教育部负责）。2.提高管理水平（财政部负责）。\n", []),
    ],
)
def test_a_parenthetical_closing_a_list_of_sub_items_is_their_parents_too(items, parent_bodies):
    measures = {m.path: m for m in parse_text(f"国务院关于加强保护工作的意见\n{items}").articles[0].measures}
    assert [b.name for b in measures["（五）"].bodies] == parent_bodies
    assert measures["（五）/2"].bodies  # the last item keeps what its own words say
