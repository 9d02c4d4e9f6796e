"""Bytes -> text: encodings detected and recorded, line endings normalised, unreadable input refused."""

import codecs

import pytest

from tracker.parsing.reading import UnreadableSource, decode

TEXT = "（一）保持主要帮扶政策总体稳定。\n过渡期内严格落实“四个不摘”要求。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),  # GBK and GB2312 are subsets of GB18030
        (TEXT.encode("gb2312"), "gb18030"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le-bom", "utf-16-be-bom", "gb18030", "gbk", "gb2312"],
)
def test_encoding_is_detected_and_recorded(data, encoding):
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert decoded.text == TEXT


def test_characters_outside_gbk_decode_as_gb18030():
    text = "𠀀字与㐀字"  # four-byte GB18030 sequences
    assert decode(text.encode("gb18030")).text == text


@pytest.mark.parametrize("raw", ["一\r\n二\r三\n四", "一\u2028二\r\n三\n四"])
def test_line_endings_are_normalised(raw):
    assert decode(raw.encode("utf-8")).text == "一\n二\n三\n四"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\r\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (bytes(range(128, 256)) * 4, "neither"),
        (codecs.BOM_UTF8 + b"\xff\xfe\xfa", "byte-order mark"),
        (b"\x01\x02\x03\x04 text" * 20, "does not look like text"),
    ],
    ids=["empty", "blank", "png", "undecodable", "bad-bom", "control-characters"],
)
def test_unreadable_input_raises_a_clear_error(data, reason):
    with pytest.raises(UnreadableSource, match=reason):
        decode(data)
