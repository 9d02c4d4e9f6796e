"""The outline: every numbering style, nesting by the labels' own hierarchy, headings and item extents."""

import pytest

from tests.parsing.documents import HALF_WIDTH, LAW, SPEECH, STATE_COUNCIL_OPINION, THREE_LEVELS
from tracker.parsing import parse_text


def measures(text):
    return [measure for article in parse_text(text).articles for measure in article.measures]


def outline_of(text):
    return [(m.path, m.heading) for m in measures(text)]


CASES = {
    "law with chapters and articles (running provisions have no heading)": (
        LAW,
        [
            ("第一章", "总则"),
            ("第一章/第一条", None),
            ("第一章/第二条", None),
            ("第二章", "产业发展"),
            ("第二章/第三条", None),
            ("第二章/第四条", None),
            ("第三章", "附则"),
            ("第三章/第五条", None),
        ],
    ),
    "law with a table of contents, letter-spaced headings and enumerations inside an article": (
        "中华人民共和国乡村振兴促进法\n目　　录\n第一章　总　　则\n第二章　产业发展\n第一章　总　　则\n"
        "第一条　为了全面实施乡村振兴战略，制定本法。\n第二条　开展下列活动，适用本法：\n（一）促进乡村产业振兴；\n"
        "（二）促进乡村人才振兴。\n本法所称乡村，是指城市建成区以外的地域综合体。\n第二章　产业发展\n第三条　国家优化农业生产力布局。\n",
        [
            ("第一章", "总则"),
            ("第一章/第一条", None),
            ("第一章/第二条", None),
            ("第一章/第二条/（一）", "促进乡村产业振兴"),
            ("第一章/第二条/（二）", "促进乡村人才振兴"),
            ("第二章", "产业发展"),
            ("第二章/第三条", None),
        ],
    ),
    "State Council opinion with （…负责） after each item": (
        STATE_COUNCIL_OPINION,
        [
            ("一", "总体要求"),
            ("一/（一）", "指导思想"),
            ("一/（二）", "基本原则"),
            ("二", "重点任务"),
            ("二/（三）", "严格控制建设占用耕地"),
            ("二/（四）", "改进耕地占补平衡管理"),
            ("二/（五）", "加强耕地质量建设"),
            ("三", "保障措施"),
            ("三/（六）", "加强组织领导"),
            ("三/（七）", "严格考核问责"),
        ],
    ),
    "three levels 四/（一）/1. and inline 一是 inside a （三）": (
        THREE_LEVELS,
        [
            ("四", "拓展农业对外合作"),
            ("四/（一）", "扩大农产品贸易"),
            ("四/（一）/1", "拓展两个市场"),
            ("四/（一）/2", "优化贸易结构"),
            ("四/（二）", "加快农业走出去"),
            ("四/（二）/1", "培育跨国涉农企业"),
            ("四/（二）/2", "完善支持政策"),
            ("五", "强化保障"),
            ("五/（三）", "加强组织协调"),
            ("五/（三）/一是", None),
            ("五/（三）/二是", None),
            ("五/（三）/三是", None),
        ],
    ),
    "half-width brackets get full-width canonical labels": (
        HALF_WIDTH,
        [
            ("一", "抓好粮食生产"),
            ("一/（一）", "稳定播种面积"),
            ("一/（二）", "提高单产水平"),
            ("二", "强化服务保障"),
            ("二/（三）", "加强农资供应"),
            ("二/（四）", "做好技术指导"),
        ],
    ),
    "speech: 第一个问题 holding a 第一， list and a sibling 一是 list; discourse words are not items": (
        SPEECH,
        [
            ("第一个问题", "充分肯定取得的成绩"),
            ("第一个问题/第一", "贫困人口大幅减少"),
            ("第一个问题/第二", "贫困地区加快发展"),
            ("第一个问题/第三", "制度体系更加完善"),
            ("第一个问题/一是", "坚持党的领导"),
            ("第一个问题/二是", "坚持精准方略"),
            ("第一个问题/三是", "坚持群众主体"),
            ("第二个问题", "扎实做好今年工作"),
            ("第二个问题/第一", "加强组织领导"),
            ("第二个问题/第二", "强化考核评估"),
            ("第二个问题/第三", "加强作风建设"),
        ],
    ),
    "dash bullets are numbered by position under their parent": (
        "## 二、总体要求\n\n### (三)主要原则\n\n——坚持党的全面领导。坚持中央统筹。\n\n——坚持有序调整、平稳过渡。过渡期内扶上马送一程。\n\n"
        "## 三、重点工作\n\n(一)保持政策稳定。现有帮扶政策该延续的延续。\n\n——习近平\n",
        [
            ("二", "总体要求"),
            ("二/（三）", "主要原则"),
            ("二/（三）/——1", "坚持党的全面领导"),
            ("二/（三）/——2", "坚持有序调整、平稳过渡"),
            ("三", "重点工作"),
            ("三/（一）", "保持政策稳定"),
        ],
    ),
    "numbering that runs on across parts, and numbering that restarts": (
        "一、总体要求\n（一）指导思想。坚持稳中求进。\n（二）基本原则。坚持精准。\n"
        "二、重点任务\n（三）稳定就业。加强培训。\n（四）改善设施。加快建设。\n"
        "三、保障措施\n（一）加强领导。压实责任。\n（二）强化考核。严格问责。\n",
        [
            ("一", "总体要求"),
            ("一/（一）", "指导思想"),
            ("一/（二）", "基本原则"),
            ("二", "重点任务"),
            ("二/（三）", "稳定就业"),
            ("二/（四）", "改善设施"),
            ("三", "保障措施"),
            ("三/（一）", "加强领导"),
            ("三/（二）", "强化考核"),
        ],
    ),
    "a page printed from the middle of a document starts at 三": (
        "（上接第一版）\n三、建立健全长效机制\n（一）保持政策稳定。过渡期内严格落实要求。\n（二）健全监测机制。开展定期检查。\n"
        "四、做好重点工作\n（三）支持产业发展。注重长期培育。\n",
        [
            ("三", "建立健全长效机制"),
            ("三/（一）", "保持政策稳定"),
            ("三/（二）", "健全监测机制"),
            ("四", "做好重点工作"),
            ("四/（三）", "支持产业发展"),
        ],
    ),
    "things that only look like numbers are not items": (
        "一、总体要求\n1+X证书制度试点稳步推进。\n18亿亩耕地红线必须守住。\n2020年我国现行标准下农村贫困人口全部脱贫。\n"
        "1、2月份，规模以上工业增加值下降。\n（2020年12月16日）\n3.1%的贫困发生率继续下降。\n第二，这句话前面没有第一。\n"
        "首先，保持稳定。其次，加强监督。此外，关心干部。\n会议强调，要抓好春耕。会议指出，要稳住就业。\n",
        [("一", "总体要求")],
    ),
    "a four-point initiative inside a quotation theme": (
        "四、全面加强国际合作，凝聚起战胜疫情的强大合力\n重大传染性疾病是全人类的敌人。\n在此，我愿提出以下4点倡议。\n"
        "第一，坚决打好疫情防控全球阻击战。国际社会应该加紧行动起来。\n第二，有效开展国际联防联控。病毒无国界。\n"
        "第三，积极支持国际组织发挥作用。中方支持世卫组织。\n第四，加强国际宏观经济政策协调。防止世界经济陷入衰退。\n"
        "我呼吁二十国集团成员采取共同举措。\n（2020年3月26日《携手抗疫共克时艰》）\n"
        "五、中国为抗击疫情付出了巨大牺牲\n中方采取了最严格的防控举措。\n",
        [
            ("四", "全面加强国际合作，凝聚起战胜疫情的强大合力"),
            ("四/第一", "坚决打好疫情防控全球阻击战"),
            ("四/第二", "有效开展国际联防联控"),
            ("四/第三", "积极支持国际组织发挥作用"),
            ("四/第四", "加强国际宏观经济政策协调"),
            ("五", "中国为抗击疫情付出了巨大牺牲"),
        ],
    ),
    "inline 一是…四是 in a readout: items without headings": (
        "习近平强调，中美应该着力推动四个方面的优先事项：一是展现大国的担当，引领国际合作。二是本着平等互利精神，推进交往。"
        "三是以建设性方式管控分歧。四是加强在重大国际问题上的协调。\n习近平指出，中美应该维护国际体系。\n",
        [("一是", None), ("二是", None), ("三是", None), ("四是", None)],
    ),
    "inline 1.…3. inside a （五）; decimals and 3、4月 are not labels": (
        "（五）加大保护力度。主要包括：1.加强控辍保学。确保巩固率保持在95.5%以上。2.提高管理水平，3、4月份完成排查。"
        "3.加强心理健康教育。\n（六）加强经费保障。增长2.5%，达到3.1万人。\n",
        [("（五）", "加大保护力度"), ("（五）/1", None), ("（五）/2", None), ("（五）/3", None), ("（六）", "加强经费保障")],
    ),
    "a law's excerpt: articles printed with their space may skip, running prose may not": (
        "第一章　总则\n第一条　为了实施战略，制定本法。\n第三条　本法适用于乡村。\n第二章　产业发展\n"
        "第十二条　国家完善农村集体产权制度。\n第十四条　严格保护耕地。\n第二十条规定的事项由国务院规定。\n",
        [("第一章", "总则"), ("第一章/第一条", None), ("第一章/第三条", None), ("第二章", "产业发展"),
         ("第二章/第十二条", None), ("第二章/第十四条", None)],
    ),
    "circled numbers and （1） under 1.": (
        "一、任务\n1.加强监测。建立台账：\n（1）完善标准。细化指标。\n（2）加强核查。定期比对。\n2.强化帮扶。\n①落实政策。\n②跟踪回访。\n",
        [
            ("一", "任务"),
            ("一/1", "加强监测"),
            ("一/1/（1）", "完善标准"),
            ("一/1/（2）", "加强核查"),
            ("一/2", "强化帮扶"),
            ("一/2/①", "落实政策"),
            ("一/2/②", "跟踪回访"),
        ],
    ),
}


@pytest.mark.parametrize(("text", "expected"), CASES.values(), ids=CASES.keys())
def test_outline(text, expected):
    assert outline_of(text) == expected


def test_item_text_holds_its_children_and_ends_before_the_next_item():
    found = {m.path: m.text for m in measures(THREE_LEVELS)}
    assert found["四/（一）"] == (
        "（一）扩大农产品贸易。\n1.拓展两个市场。稳定大宗农产品进口来源，开拓多元化市场。\n2.优化贸易结构。扩大优势特色农产品出口。"
    )
    assert found["五/（三）/二是"] == "二是加强部门协作，形成合力；"


def test_the_list_of_attachments_and_the_signature_are_outside_the_last_item():
    found = {m.path: m.text for m in measures(STATE_COUNCIL_OPINION)}
    assert found["三/（七）"] == "（七）严格考核问责。将耕地保护纳入考核。（自然资源部、国家统计局负责）"


def test_a_paragraph_announcing_a_list_belongs_to_the_parent():
    found = {m.path: m.text for m in measures(SPEECH)}
    assert found["第一个问题/第三"] == "第三，制度体系更加完善。责任体系、政策体系、投入体系基本形成。"


def test_the_closing_paragraph_after_a_list_of_one_paragraph_items_belongs_to_no_item():
    found = {m.path: m.text for m in measures(SPEECH)}
    assert found["第二个问题/第三"] == "第三，加强作风建设。集中整治形式主义、官僚主义。"
    assert not found["第二个问题"].endswith("打赢脱贫攻坚战。")


def test_spans_index_the_normalised_text():
    source = parse_text(STATE_COUNCIL_OPINION)
    for measure in source.articles[0].measures:
        start, end = measure.span
        assert source.text[start:end] == measure.text


@pytest.mark.parametrize(
    ("opening", "heading"),
    [
        ("（一）保持主要帮扶政策总体稳定。过渡期内严格落实要求。", "保持主要帮扶政策总体稳定"),
        ("（一）保持主要帮扶政策总体稳定。", "保持主要帮扶政策总体稳定"),
        (
            "（一）从脱贫攻坚任务看，截至2017年底，全国农村贫困人口还有3046万人，贫困发生率仍在3%以上，任务艰巨。还要努力。",
            None,
        ),
        ("（一）“夺取新民主主义革命伟大胜利”。阐明这一时期党面临的主要任务。", "夺取新民主主义革命伟大胜利"),
    ],
)
def test_heading_is_the_opening_sentence_or_none(opening, heading):
    assert outline_of(f"一、总则\n{opening}\n（二）其他。\n")[1] == ("一/（一）", heading)
