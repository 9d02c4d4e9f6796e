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
