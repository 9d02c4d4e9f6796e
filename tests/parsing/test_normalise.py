"""Newspaper and OCR artefacts: each one undone, and nothing else changed."""

import pytest

from tracker.parsing.normalise import close_spacing, normalise


def paragraphs(text):
    page = normalise(text)
    return [page.paragraph_text(p) for p in page.paragraphs]


@pytest.mark.parametrize(
    ("spaced", "closed"),
    [
        ("（一）保 持 主 要 帮 扶 政 策 总 体 稳 定。", "（一）保持主要帮扶政策总体稳定。"),
        ("（十 一）分 层 分 类 实 施 社 会 救 助 。", "（十一）分层分类实施社会救助。"),
        ("过渡期前 3 年脱贫县继续实行", "过渡期前3年脱贫县继续实行"),
        ("坚决守住 18 亿亩耕地红线", "坚决守住18亿亩耕地红线"),
        ("“ 可 是 现 在 我 再 也 不 能 去", "“可是现在我再也不能去"),
        ("中共中央 国务院", "中共中央 国务院"),  # words of several characters keep their space
        ("（记者 温馨 成欣）", "（记者 温馨 成欣）"),
        ("老挝国会选举 通伦为国家主席", "老挝国会选举 通伦为国家主席"),
        ("World Health Organization 世卫组织", "World Health Organization 世卫组织"),
        ("习 近 平", "习近平"),
    ],
)
def test_letter_spacing(spaced, closed):
    assert close_spacing(spaced) == closed


def test_column_lines_are_joined_and_paragraph_breaks_kept():
    # The page breaks inside 成|果 and 稳|定 are told from a heading's end by the pairs the text uses elsewhere.
    text = (
        "三、建立健全巩固拓展脱贫攻坚成\n\n果长效机制\n"
        "（一）保 持 主 要 帮 扶 政 策 总 体 稳\n\n定。过渡期内严格落实“四个不摘”要\n"
        "求，摘帽不摘责任，防止松劲懈怠；摘帽\n不摘政策，防止急刹车；摘帽不摘帮扶，\n"
        "防止一撤了之；摘帽不摘监管，防止贫\n困反弹。现有帮扶政策该延续的延续、\n"
        "该优化的优化、该调整的调整，确保政\n策连续性。\n\n"
        "（二）健全防止返贫动态监测和帮扶\n机制。对脱贫不稳定户、边缘易致贫户，\n"
        "以及因病因灾因意外事故等刚性支出较\n大或收入大幅缩减导致基本生活出现严\n重困难户，保持稳定，巩固成果。\n"
    )
    assert paragraphs(text) == [
        "三、建立健全巩固拓展脱贫攻坚成果长效机制",
        "（一）保持主要帮扶政策总体稳定。过渡期内严格落实“四个不摘”要求，摘帽不摘责任，防止松劲懈怠；"
        "摘帽不摘政策，防止急刹车；摘帽不摘帮扶，防止一撤了之；摘帽不摘监管，防止贫困反弹。"
        "现有帮扶政策该延续的延续、该优化的优化、该调整的调整，确保政策连续性。",
        "（二）健全防止返贫动态监测和帮扶机制。对脱贫不稳定户、边缘易致贫户，以及因病因灾因意外事故等"
        "刚性支出较大或收入大幅缩减导致基本生活出现严重困难户，保持稳定，巩固成果。",
    ]


def test_headlines_between_blank_lines_are_not_glued_to_a_column():
    text = (
        "习近平强调，中美应该团结抗疫，中方\n愿同美方分享信息和经验，提供力所能\n及的支持和帮助，共同战胜这场疫情。\n\n"
        "两国元首同意就共同关心的问题保持\n沟通，加强协调，推动中美关系稳定。\n\n"
        "习近平应约同美国总统特朗普通电话\n\n当前情况下，中美应该团结抗疫\n"
    )
    assert paragraphs(text)[-2:] == ["习近平应约同美国总统特朗普通电话", "当前情况下，中美应该团结抗疫"]


def test_a_page_break_inside_a_prose_paragraph_is_joined():
    text = (
        "(一)指导思想。以习近平新时代中国特色社会主义思想为指导,将巩固拓展脱贫攻坚成果放在突出\n\n"
        "位置,建立农村低收入人口和欠发达地区帮扶机制。\n\n## 二、总体要求\n\n中共中央 国务院\n"
    )
    assert paragraphs(text) == [
        "(一)指导思想。以习近平新时代中国特色社会主义思想为指导,将巩固拓展脱贫攻坚成果放在突出位置,"
        "建立农村低收入人口和欠发达地区帮扶机制。",
        "二、总体要求",
        "中共中央 国务院",
    ]


def test_markdown_headings_keep_their_level_and_lose_their_marks():
    page = normalise("# 关于加强耕地保护的意见\n\n## 一、总体要求\n\n### (三)主要原则\n")
    assert [(page.paragraph_text(p), p.heading_level) for p in page.paragraphs] == [
        ("关于加强耕地保护的意见", 1),
        ("一、总体要求", 2),
        ("(三)主要原则", 3),
    ]


def test_continuation_marks_stand_alone():
    page = normalise(" （上接第一版）三、建立健全长效机制\n（一）坚持最严格耕地保护制度，严格控制（下转第二版）\n")
    assert [(page.paragraph_text(p), p.mark) for p in page.paragraphs] == [
        ("（上接第一版）", "continued_from"),
        ("三、建立健全长效机制", None),
        ("（一）坚持最严格耕地保护制度，严格控制", None),
        ("（下转第二版）", "continued_to"),
    ]


def test_full_width_digits_and_letters_become_ascii_but_punctuation_keeps_its_width():
    assert paragraphs("坚决守住１８亿亩耕地红线，ＲＣＥＰ生效(2022年)。") == [
        "坚决守住18亿亩耕地红线，RCEP生效(2022年)。"
    ]


def test_a_piece_printed_in_another_column_goes_back_to_its_sentence():
    story = [
        "习近平指出，我们刚刚召开了中共第十九届六中全会，总结了中国共产党百年奋斗重大成就和历史经验。"
        "作为中国领导人，我能够为中国人民服务，同他们一起创造美好生活，是一个重大",
        "因为实现民主的形式不同就加以排斥，这本身就是不民主的行为。习近平指出，中美应该维护国际体系。",
    ]
    misplaced = "的挑战，也是一个重大的责任。习近平指出，中国人民历来爱好和平。习近平强调，文明是丰富多彩的。如果"
    speech = [
        "各地区各部门各方面普遍认为，决议稿总结了党的百年奋斗的重大成就和历史经验。",
        "按照党中央部署，文件起草组认真学习党的重要历史文献，深入研究重大问题，认真开展决议稿起草工作。",
    ]
    text = "\n\n".join([speech[0], misplaced, speech[1], "（上接第一版）", *story]) + "\n"
    result = paragraphs(text)
    assert result[:2] == speech
    assert result[-1] == story[0] + misplaced + story[1]


def test_ocr_slips_are_recorded_not_corrected():
    page = normalise("纳入“五位一体”总体布局 and “四个全面”战略布局，归功于广大千部群众，上千部电影，RCEP生效。\n")
    assert "布局 and “四个全面”" in page.text
    assert [(slip.text, slip.kind, slip.suggestion) for slip in page.slips] == [
        ("and", "latin_word", None),
        ("千部", "confusion", "干部"),
    ]
    slip = page.slips[0]
    assert page.text[slip.span[0] : slip.span[1]] == "and"


def test_paragraph_spans_index_the_normalised_text():
    page = normalise("一、总体要求\n\n（一）指导思想。以人民为中心。\n")
    assert page.text == "一、总体要求\n（一）指导思想。以人民为中心。"
    assert [page.text[p.start : p.end] for p in page.paragraphs] == ["一、总体要求", "（一）指导思想。以人民为中心。"]


def test_prose_subheadings_with_a_comma_stay_paragraphs():
    text = "坚定信心，决战决胜\n脱贫攻坚进入决战倒计时，必须提高政治站位。\n关于公共卫生安全问题，习近平指出，新冠肺炎疫情再次\n\n证明，人类社会是命运共同体。\n"
    assert paragraphs(text) == [
        "坚定信心，决战决胜",
        "脱贫攻坚进入决战倒计时，必须提高政治站位。",
        "关于公共卫生安全问题，习近平指出，新冠肺炎疫情再次证明，人类社会是命运共同体。",
    ]


def test_a_numbered_heading_that_fills_its_last_line_ends_at_the_blank_line():
    text = (
        "一、关于党的十九届六中全\n会议题的考虑和基本思路\n\n"
        "我们党历来高度重视总结历\n史经验，早在延安时期，毛\n泽东同志就强调了这一点，\n"
        "党的历史经验值得总结，党\n的十九届六中全会议题由此\n而来，全党都很关心此事。\n"
    )
    assert paragraphs(text) == [
        "一、关于党的十九届六中全会议题的考虑和基本思路",
        "我们党历来高度重视总结历史经验，早在延安时期，毛泽东同志就强调了这一点，"
        "党的历史经验值得总结，党的十九届六中全会议题由此而来，全党都很关心此事。",
    ]
