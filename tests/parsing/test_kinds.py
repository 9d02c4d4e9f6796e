"""An article's kind follows the document's own name and structure, also when a news item carries it whole."""

import pytest

from tests.parsing.archive_documents import ARCHIVE_DOCUMENTS
from tracker.parsing import parse_text

_ITEMS = "\n\n一、总体要求\n\n（一）指导思想。坚持稳中求进。\n\n二、重点任务\n\n（二）强化科技支撑。推进种业振兴。\n"
_RELEASE = "新华社北京2月21日电 近日，中共中央、国务院印发了《{name}》，并发出通知，要求各地区各部门结合实际认真贯彻落实。\n\n《{name}》主要内容如下。"

KINDS = [
    # (title, body, kind, doc_type)
    ("中共中央关于制定国民经济和社会发展第十五个五年规划的建议", "提出以下建议。" + _ITEMS, "policy_document", "建议"),
    ("国务院关于深化农村改革的决定", "作出如下决定。" + _ITEMS, "policy_document", "决定"),
    ("乡村全面振兴规划（2024—2027年）", "为推进乡村全面振兴，制定本规划。" + _ITEMS, "policy_document", "规划"),
    ("农业农村减排固碳实施方案", "为贯彻落实，制定本方案。" + _ITEMS, "policy_document", "实施方案"),
    ("种业振兴行动计划", "为推动种业振兴，制定本行动计划。" + _ITEMS, "policy_document", "行动计划"),
    (
        "中共中央 国务院印发《乡村全面振兴规划（2024—2027年）》",
        _RELEASE.format(name="乡村全面振兴规划（2024—2027年）") + _ITEMS,
        "policy_document",
        "规划",
    ),
    (
        "中办国办印发《关于加强耕地保护的意见》",
        _RELEASE.format(name="关于加强耕地保护的意见") + _ITEMS,
        "policy_document",
        "意见",
    ),
    (
        "国务院公布《农村集体经济组织条例》",
        _RELEASE.format(name="农村集体经济组织条例")
        + "\n\n第一条 为了规范农村集体经济组织，制定本条例。\n\n第二条 本条例适用于农村集体经济组织。\n",
        "law",
        "条例",
    ),
    # a story about a document, not the document: it stays news
    (
        "中共中央 国务院印发《乡村全面振兴规划（2024—2027年）》",
        _RELEASE.format(name="乡村全面振兴规划（2024—2027年）").split("\n")[0],
        "news",
        None,
    ),
]


@pytest.mark.parametrize(("title", "body", "kind", "doc_type"), KINDS)
def test_kind_from_the_document_name_and_structure(title, body, kind, doc_type):
    (article,) = parse_text(f"{title}\n\n{body}\n").articles
    assert (article.kind, article.doc_type) == (kind, doc_type)


@pytest.mark.parametrize("name", ARCHIVE_DOCUMENTS, ids=ARCHIVE_DOCUMENTS.keys())
def test_archive_documents_are_policy_documents(name):
    (article,) = parse_text(ARCHIVE_DOCUMENTS[name]).articles
    assert article.kind == "policy_document"
