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


# Two paragraphs of the genre: long enough for the checks that judge a file by its characters.
PROSE = (
    "脱贫攻坚目标任务完成后，对摆脱贫困的县，从脱贫之日起设立5年过渡期，做到扶上马送一程。过渡期内保持现有主要帮扶"
    "政策总体稳定，并逐项分类优化调整，合理把握节奏、力度和时限，逐步实现由集中资源支持脱贫攻坚向全面推进乡村振兴平稳过渡。\n"
    "健全防止返贫动态监测和帮扶机制。对脱贫不稳定户、边缘易致贫户，以及因病因灾因意外事故等刚性支出较大或收入大幅缩减导致"
    "基本生活出现严重困难户，开展定期检查、动态管理，重点监测其收入支出状况、“两不愁三保障”及饮水安全状况，合理确定监测标准。\n"
) * 2


def split_points(text: str, count: int = 40):
    step = max(1, len(text) // count)
    return range(step, len(text) - step, step)


@pytest.mark.parametrize("first, second", [("utf-8", "gb18030"), ("gb18030", "utf-8")])
def test_a_file_in_two_encodings_is_refused_at_every_split_point(first, second):
    refused = 0
    for split in split_points(PROSE):
        data = PROSE[:split].encode(first) + PROSE[split:].encode(second)
        with pytest.raises(UnreadableSource):  # which reason depends on where the bytes happen to break
            decode(data)
        refused += 1
    assert refused >= 30


@pytest.mark.parametrize(
    "first, second, reason",
    [("utf-8", "gb18030", "UTF-8 up to line 4"), ("gb18030", "utf-8", "line 4 is UTF-8")],
)
def test_files_joined_at_a_line_in_two_encodings_say_where(first, second, reason):
    lines = PROSE.splitlines(keepends=True)
    data = "".join(lines[:3]).encode(first) + "".join(lines[3:]).encode(second)
    with pytest.raises(UnreadableSource, match=f"mixes encodings: {reason}"):
        decode(data)


def test_random_bytes_in_the_gb2312_range_are_refused():
    import random

    generator = random.Random(20261203)
    data = bytes(b for _ in range(3000) for b in (generator.randint(0xB0, 0xF7), generator.randint(0xA1, 0xFE)))
    data.decode("gb18030")  # valid GB18030: only the characters give it away
    with pytest.raises(UnreadableSource, match="does not look like Chinese text"):
        decode(data)


def test_utf8_prose_read_as_another_encoding_would_be_mojibake_and_is_refused():
    mojibake = PROSE.encode("utf-8").decode("gb18030", errors="ignore")
    with pytest.raises(UnreadableSource, match="does not look like"):
        decode(mojibake.encode("utf-8"))


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_prose_in_one_encoding_is_read_in_full(encoding):
    assert decode(PROSE.encode(encoding)).text == PROSE


def test_traditional_characters_are_common_characters_too():
    traditional = "脫貧攻堅目標任務完成後，對擺脫貧困的縣，從脫貧之日起設立5年過渡期，過渡期內保持主要幫扶政策總體穩定。" * 10
    assert decode(traditional.encode("utf-8")).text == traditional
