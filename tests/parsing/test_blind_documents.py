"""The real documents of the second blind set keep their hand-labelled outlines, titles and kinds; and the rules of
the genre they showed missing, each as a small case."""

from datetime import date

import pytest

from tests.bench.score_layouts import LAYOUTS, MARKDOWN_LAYOUTS
from tests.parsing.blind_documents import BLIND_DOCUMENTS, with_title_on_one_line
from tracker.parsing import parse_text
from tracker.parsing.normalise import normalise

_WIDTH = str.maketrans("(),:", "（），：")


def folded(text):
    return text.translate(_WIDTH) if text is not None else None


@pytest.mark.parametrize("name", BLIND_DOCUMENTS, ids=BLIND_DOCUMENTS.keys())
def test_the_hand_labelled_outline(name):
    document = BLIND_DOCUMENTS[name]
    source = parse_text(document.text)
    found = [(m.path, m.level, folded(m.heading)) for a in source.articles for m in a.measures]
    assert found == [(path, level, folded(heading)) for path, level, heading in document.outline]
    holder = next(a for a in source.articles if a.measures)
    assert holder.kind == document.kind
    if document.title:
        assert folded(holder.title) == folded(document.title)


@pytest.mark.parametrize("layout", LAYOUTS, ids=LAYOUTS.keys())
@pytest.mark.parametrize("name", BLIND_DOCUMENTS, ids=BLIND_DOCUMENTS.keys())
def test_every_layout_keeps_the_outline_title_and_kind(name, layout):
    """Archive Markdown, newspaper columns (a blank line for a page break inside every third paragraph), letter-
    spaced headings: the same items at the same levels, the same title and kind (headings: see score_layouts)."""
    document, reset = BLIND_DOCUMENTS[name], LAYOUTS[layout]
    text = with_title_on_one_line(document) if reset in MARKDOWN_LAYOUTS else document.text
    if text is None:
        pytest.skip("no title printed at the top for the Markdown headline")
    source = parse_text(reset(text))
    assert [(m.path, m.level) for a in source.articles for m in a.measures] == [
        (p, lv) for p, lv, _h in document.outline
    ]
    holder = next(a for a in source.articles if a.measures)
    assert holder.kind == document.kind
    if document.title:
        assert folded(holder.title) == folded(document.title)


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        # a title set over full column lines ends at the blank line once it reaches its document's type
        ("关于实现巩固拓\n展脱贫攻坚成果\n\n同乡村振兴有效\n衔接的实施意见\n\n甘肃是全国脱贫\n攻坚任务最重的\n省份。",
         ["关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的实施意见", "甘肃是全国脱贫攻坚任务最重的省份。"]),
        # a numbered heading cut by a page break before a one-character clause goes on
        ("(一)强化基础设施支撑,构建现代\n\n化、网络化、高品质、服务企业生\n产布局的基础设施体系。\n\n1.加快推进综合交通运输网络建设\n。沿大湛、石太—太中银经济轴带\n,构建人物分离、多层次、立体式\n、便捷化、高效化、智能化、一体\n化的现代城际交通运输网络。",
         ["(一)强化基础设施支撑,构建现代化、网络化、高品质、服务企业生产布局的基础设施体系。",
          "1.加快推进综合交通运输网络建设。沿大湛、石太—太中银经济轴带,构建人物分离、多层次、立体式、便捷化、高效化、智能化、一体化的现代城际交通运输网络。"]),
    ],
)  # fmt: skip
def test_column_breaks_in_titles_and_headings(lines, paragraphs):
    assert normalise(lines).paragraph_texts() == paragraphs


@pytest.mark.parametrize(
    ("printed", "normalised"),
    [
        ("1﹒全省生产总值增长7%以上。", "1.全省生产总值增长7%以上。"),
        ("增长﹐稳定﹑提高﹔目标﹕", "增长，稳定、提高；目标："),
    ],
)
def test_small_form_punctuation_is_read_as_its_usual_form(printed, normalised):
    assert normalise(printed).text == normalised


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        (
            "国务院关于推动内蒙古高质量发展\n奋力书写中国式现代化新篇章的意见",
            "国务院关于推动内蒙古高质量发展奋力书写中国式现代化新篇章的意见",
        ),
        ("关于印发《南京市专项资金\n管理办法》的通知", "关于印发《南京市专项资金管理办法》的通知"),
        (
            "关于实现巩固拓展脱贫攻坚成果\n同乡村振兴有效衔接的实施意见",
            "关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的实施意见",
        ),
        (
            "推进乡村振兴战略\n\n书写共同富裕新篇章",
            "推进乡村振兴战略 书写共同富裕新篇章",
        ),  # two headlines side by side, no document's title
    ],
)
def test_a_title_broken_over_lines_is_joined_without_a_space(lines, title):
    (article,) = parse_text(
        f"{lines}\n\n一、总体要求\n\n（一）指导思想。坚持稳中求进。\n\n（二）基本原则。坚持改革。\n"
    ).articles
    assert article.title == title


def test_a_document_printed_under_the_notice_that_issues_it_is_an_article_of_its_own():
    page = (
        "省人民政府办公厅关于印发省农业工作方案的通知\n各市人民政府：\n《省农业〈十四五〉工作方案》已经省人民政府同意，现印发给你们。\n"
        "省人民政府办公厅\n2017年5月15日\n省农业《十四五》工作方案\n一、总体要求\n坚持稳中求进。\n二、重点任务\n加快建设。\n"
    )
    notice, plan = parse_text(page).articles
    assert (notice.doc_type, notice.measures) == ("通知", ())
    assert plan.title == "省农业《十四五》工作方案"
    assert plan.date_written == notice.date_written == date(2017, 5, 15)  # the notice's date is the plan's
    assert [m.path for m in plan.measures] == ["一", "二"]


def test_a_page_from_the_middle_of_a_document_keeps_the_numbering_of_its_sub_items():
    page = "二、巩固拓展脱贫攻坚成果\n(三)设立衔接过渡期。过渡期内保持稳定。\n(四)持续巩固成果。健全监测机制。\n"
    (article,) = parse_text(page).articles
    assert [m.path for m in article.measures] == ["二", "二/（三）", "二/（四）"]
    # and a document that does start at 一 still wants its lists to start at 1
    (article,) = parse_text("一、总体要求\n（三）设立过渡期。过渡期内保持稳定。\n").articles
    assert [m.path for m in article.measures] == ["一"]


def test_a_news_item_carrying_a_notice_without_book_title_marks_is_the_notice():
    page = (
        "据省人民政府网消息，近日，省人民政府发布关于年重点工作及责任分解的通知。\n一、确保完成全年主要预期目标\n"
        "1.全省生产总值增长7%以上。\n牵头责任单位：省发展改革委。\n2.固定资产投资增长10%以上。\n"
    )
    (article,) = parse_text(page).articles
    assert (article.title, article.kind, article.doc_type) == (
        "关于年重点工作及责任分解的通知",
        "policy_document",
        "通知",
    )
