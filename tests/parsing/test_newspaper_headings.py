"""Newspaper columns: letter-spaced headings wrapped onto the next line, spaced item numbers, long numbered lists."""

import pytest

from tracker.parsing import parse_text

_TITLE = "关于做好2026年农业生产工作的通知\n\n一、加强农业基础设施建设\n\n"

WRAPPED_HEADINGS = [
    # (printed item, heading)
    (
        "（ 一 ） 加 强 高 标\n准 农 田 建 设。完成高标准农田新建和改造提升任务，统筹推进高效节水灌溉。",
        "加强高标准农田建设",
    ),
    (
        "（ 一 ） 加 强 高 标\n\n准 农 田 建 设。完成高标准农田新建和改造提升任务。",
        "加强高标准农田建设",
    ),  # and a page break
    ("（ 一 ） 推 进 水 利 设\n施 建 设\n加快大中型灌区建设和现代化改造，完善农田灌排体系。", "推进水利设施建设"),
    ("（一）加强高标准农田建设。完成高标准农田新建和改造提升任务。", "加强高标准农田建设"),
]


@pytest.mark.parametrize(("printed", "heading"), WRAPPED_HEADINGS)
def test_letter_spaced_heading_wrapped_onto_the_next_line(printed, heading):
    (article,) = parse_text(_TITLE + printed + "\n").articles
    assert [(m.path, m.heading) for m in article.measures] == [("一", "加强农业基础设施建设"), ("一/（一）", heading)]


SPACED_NUMBERS = [
    ("1 . 完 善 种 业 政 策 体 系", "1.完善种业政策体系"),
    ("1 2 . 完 善 耕 地 政 策", "12.完善耕地政策"),
    ("（ 1 ） 完 善 农 机 政 策", "（1）完善农机政策"),
    ("增 长 2.5 倍", "增长2.5倍"),  # a decimal point is no item number's
]


@pytest.mark.parametrize(("printed", "closed"), SPACED_NUMBERS)
def test_spaced_item_numbers_closed_up(printed, closed):
    assert parse_text(f"{printed}\n").text == closed


@pytest.mark.parametrize("count", [9, 120, 1200, 10000])
def test_long_arabic_lists_keep_every_item(count):
    items = "\n".join(f"{n}.完善第{n}项支持政策。" for n in range(1, count + 1))
    (article,) = parse_text(f"关于推进乡村振兴的实施方案\n\n{items}\n").articles
    assert [m.path for m in article.measures] == [str(n) for n in range(1, count + 1)]
