"""Markdown saved from news and web archives gives the outline, title and dates of the same text in plain layout."""

from datetime import date

import pytest

from tests.parsing.archive_documents import ARCHIVE_DOCUMENTS, archive_markdown, heading_markdown
from tests.parsing.test_layouts import summary
from tracker.parsing import parse_text
from tracker.parsing.markdown import FrontMatter, strip_markup

ARCHIVE_LAYOUTS = {
    "archive markdown": lambda text: archive_markdown(text, "2026-02-04"),
    "heading markdown": heading_markdown,
}


@pytest.mark.parametrize("layout", ARCHIVE_LAYOUTS, ids=ARCHIVE_LAYOUTS.keys())
@pytest.mark.parametrize("name", ARCHIVE_DOCUMENTS, ids=ARCHIVE_DOCUMENTS.keys())
def test_markdown_gives_the_outline_of_the_plain_text(name, layout):
    plain = ARCHIVE_DOCUMENTS[name]
    assert summary(parse_text(ARCHIVE_LAYOUTS[layout](plain), "x.md")) == summary(parse_text(plain))


@pytest.mark.parametrize("name", ARCHIVE_DOCUMENTS, ids=ARCHIVE_DOCUMENTS.keys())
def test_front_matter_is_metadata_not_an_article(name):
    plain = ARCHIVE_DOCUMENTS[name]
    (article,) = parse_text(archive_markdown(plain, "2026-02-04")).articles
    (printed,) = parse_text(plain).articles
    assert article.date_written == printed.date_written
    assert "title:" not in parse_text(archive_markdown(plain, "2026-02-04")).text


def test_dates_of_an_archived_article():
    (article,) = parse_text(archive_markdown(ARCHIVE_DOCUMENTS["no1_document"], "2026-02-04")).articles
    assert article.date_written == date(2026, 1, 3)  # ## （二〇二六年一月三日）
    assert article.date_published == date(2026, 2, 4)  # no dateline: the source line's date
    (released,) = parse_text(archive_markdown(ARCHIVE_DOCUMENTS["released_plan"], "2019-05-17")).articles
    assert released.date_published == date(2019, 5, 16)  # the dateline, its year from the page's date


FRONT_MATTERS = [
    (
        '---\ntitle: "关于做好2026年春耕生产工作的通知"\ndate: 2026-03-02\n---\n正文。',
        FrontMatter("关于做好2026年春耕生产工作的通知", date(2026, 3, 2)),
    ),
    (
        "---\n标题：某某意见\n发布日期：2026年1月5日\n成文日期：2025-12-30\n---\n",
        FrontMatter("某某意见", date(2026, 1, 5), date(2025, 12, 30)),
    ),
    ("---\nlayout: post\ntags: [政策]\n---\n正文", FrontMatter()),
    ("正文\n---\n另一段", None),  # a thematic break, not a front matter
]


@pytest.mark.parametrize(("text", "expected"), FRONT_MATTERS)
def test_front_matter_fields(text, expected):
    assert strip_markup(text)[1] == expected


MARKUP = [
    ("**一、总体要求**", "一、总体要求"),
    ("> 《人民日报》（2026年01月05日 第01版）", "《人民日报》（2026年01月05日 第01版）"),
    ("见[中国政府网](https://www.gov.cn/)公告![图](a.png)", "见中国政府网公告"),
    ("填写____年度报表", "填写____年度报表"),  # a form's blank stays
    ("上文\n***\n下文", "上文\n\n下文"),
]


@pytest.mark.parametrize(("text", "expected"), MARKUP)
def test_markup_taken_off(text, expected):
    assert strip_markup(text)[0] == expected


def test_front_matter_title_when_no_headline_is_printed():
    text = "---\ntitle: 国务院关于加强县域商业体系建设的意见\ndate: 2026-01-08\n---\n\n一、总体要求\n\n（一）指导思想。坚持以人民为中心。\n"
    (article,) = parse_text(text).articles
    assert (article.title, article.kind, article.title_inferred) == (
        "国务院关于加强县域商业体系建设的意见",
        "policy_document",
        False,
    )
    assert article.date_published == date(2026, 1, 8)


def test_a_markdown_heading_after_the_attachments_is_no_item():
    text = (
        "关于某事的通知\n\n一、总体要求\n\n（一）指导思想。坚持稳中求进。\n\n附件：1.目标表\n\n## 2.重点任务分工方案\n"
    )
    (article,) = parse_text(text).articles
    assert [m.path for m in article.measures] == ["一", "一/（一）"]
