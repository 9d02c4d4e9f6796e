"""One rule for a Latin word inside Chinese: the source's slips and the measures' flag agree on every case."""

from datetime import date

import pytest

from tracker.parsing.extract import document_context, extract
from tracker.parsing.normalise import normalise
from tracker.parsing.ocr import latin_words_in_chinese

CTX = document_context("", date(2021, 3, 1), None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("确保脱贫群众and边缘人口", ["and"]),
        ("纳入“五位一体”总体布局 and “四个全面”", ["and"]),  # spaces, and a quotation mark as the Chinese side
        ("推进城乡，or融合发展", ["or"]),  # at a clause's edge
        ("政策is延续", ["is"]),
        ("RCEP协定生效", []),  # an acronym in capitals
        ("5G网络覆盖", []),  # joined to digits
        ("建设h5页面", []),
        ("关注微信公众号xinhuashe发布", []),  # longer than an OCR slip: a name, not a misread character
        ("访问www.gov.cn网站", []),  # a web address: punctuation of its own, not Chinese
        ("世卫组织World Health Organization", []),
        ("a和b", []),  # one letter
        ("新华社Rand公司", []),  # the lowercase run is part of a capitalised word
    ],
)
def test_latin_word_inside_chinese(text, words):
    assert [match.group(1) for match in latin_words_in_chinese(text)] == words
    assert [slip.text for slip in normalise(text).slips if slip.kind == "latin_word"] == words
    assert ("ocr_latin_word" in extract(text, CTX).flags) == bool(words)
