"""Item numbers: every style of DESIGN.md recognised and written canonically; look-alikes are not labels."""

import pytest

from tracker.parsing.labels import inline_labels, match_at


@pytest.mark.parametrize(
    ("text", "style", "number", "printed", "canonical"),
    [
        ("第一编 总则", "bian", 1, "第一编", "第一编"),
        ("第三章 法律责任", "zhang", 3, "第三章", "第三章"),
        ("第二节 一般规定", "jie", 2, "第二节", "第二节"),
        ("第十二条 国家建立……", "tiao", 12, "第十二条", "第十二条"),
        ("第一百零三条　本法自公布之日起施行。", "tiao", 103, "第一百零三条", "第一百零三条"),
        ("第一部分“夺取新民主主义革命伟大胜利”。", "part", 1, "第一部分", "第一部分"),
        ("第二个问题：清醒把握……", "question", 2, "第二个问题", "第二个问题"),
        ("第一，创造了我国减贫史上最好成绩。", "ordinal", 1, "第一", "第一"),
        ("三、建立健全长效机制", "cn_dun", 3, "三、", "三"),
        ("二十四、附则", "cn_dun", 24, "二十四、", "二十四"),
        ("（十九）做好土地支持政策衔接。", "cn_paren", 19, "（十九）", "（十九）"),
        ("(十九)做好土地支持政策衔接。", "cn_paren", 19, "(十九)", "（十九）"),
        ("1.拓展两个市场。", "arabic", 1, "1.", "1"),
        ("12、加强监督。", "arabic", 12, "12、", "12"),
        ("（3）建立台账。", "arabic_paren", 3, "（3）", "（3）"),
        ("(3)建立台账。", "arabic_paren", 3, "(3)", "（3）"),
        ("②完善制度。", "circled", 2, "②", "②"),
        ("六是坚持群众主体，激发内生动力。", "shi", 6, "六是", "六是"),
        ("——坚持党的全面领导。", "dash", 0, "——", "——0"),
    ],
)
def test_label_styles(text, style, number, printed, canonical):
    label = match_at(text)
    assert label is not None
    assert (label.style.name, label.number, label.printed, label.canonical) == (style, number, printed, canonical)


@pytest.mark.parametrize(
    "text",
    [
        "1+X证书制度试点。",
        "18亿亩耕地红线要守住。",
        "2020年我国现行标准下农村贫困人口全部脱贫。",
        "1、2月份，全国规模以上工业增加值下降。",
        "（2020年12月16日）",
        "3.1%的贫困发生率。",
        "首先，双方同意保持对话沟通。",
        "其次，中方阐明了坚定立场。",
        "会议强调，要继续抓紧抓实抓细疫情防控各项重点工作。",
        "一百年来，党团结带领人民持续奋斗。",
        "十四五时期是关键时期。",
        "——习近平",
    ],
)
def test_look_alikes_are_not_labels(text):
    assert match_at(text) is None


def test_inline_labels_follow_clause_boundaries_only():
    text = "优先事项：一是展现担当。二是推进交往，统一是前提。三是管控分歧。"
    assert [label.printed for label in inline_labels(text, "shi")] == ["一是", "二是", "三是"]
