"""The classes of characters the parser's rules are written in, defined once.

`IDEOGRAPH` is the body of a regex character class (`f"[{IDEOGRAPH}]"`): the Chinese ideographs of the Basic
Multilingual Plane, that is CJK Unified Ideographs, Extension A and the compatibility ideographs. The
extensions in the supplementary planes (rare characters of names) are left out: a class that reaches beyond
the Basic Multilingual Plane loses the regex engine's one-lookup bitmap, and these classes sit in the
parser's hottest patterns.
"""

from __future__ import annotations

import re

IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Full-width punctuation and brackets of Chinese text.
CJK_PUNCT = "，。、；：？！“”‘’（）《》〈〉【】〔〕「」『』…—·"

_ONE_IDEOGRAPH = re.compile(f"[{IDEOGRAPH}]")


def is_ideograph(character: str) -> bool:
    return _ONE_IDEOGRAPH.match(character) is not None


def _common_ideographs() -> frozenset[str]:
    """The 3,755 characters of GB2312's first level and the 5,401 of Big5's (each standard's 常用字): the
    characters of ordinary simplified and traditional prose, where 99.8 % of the seeds' ideographs fall."""
    gb2312_level_1 = (bytes((lead, trail)) for lead in range(0xB0, 0xD8) for trail in range(0xA1, 0xFF))
    big5_common = (
        bytes((lead, trail)) for lead in range(0xA4, 0xC7) for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF))
    )
    return frozenset(
        {pair.decode("gb2312", errors="ignore") for pair in gb2312_level_1}
        | {pair.decode("big5", errors="ignore") for pair in big5_common}
    ) - {""}


COMMON_IDEOGRAPHS = _common_ideographs()
