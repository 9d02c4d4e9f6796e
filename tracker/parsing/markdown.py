"""Markdown as news and web archives save it: its markup taken off, its front matter read as metadata.

An archived article arrives as
    ---                          front matter: metadata of the article, never an article of its own
    title: "…"                   (`title`, `date`; also 标题, 发布日期 …, and 成文日期 for the written date)
    date: 2026-01-05
    ---
    # headline                   (kept: the heading level is read by normalise)
    > 《人民日报》（2026年01月05日 第01版）      a blockquote: its `>` marks go, its words stay
    **一、总体要求**              strong emphasis: its `**` marks go, so a bold heading reads as the plain one
    [text](url), ![alt](image)   links keep their text, images go
The text that is left is what the same article prints in plain layout, so the rules of the genre apply to
both alike. Lines of `---`/`***` inside the text (thematic breaks) become blank lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from tracker.parsing.numerals import to_int

_FRONT_MATTER = re.compile(r"\A\ufeff?[ \t]*\n*---[ \t]*\n(?P<body>.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^(?P<key>[\w\u4e00-\u9fff-]+)[ \t]*[:：][ \t]*(?P<value>.*?)[ \t]*$", re.MULTILINE)
_TITLE_KEYS = frozenset({"title", "headline", "标题", "题目"})
_PUBLISHED_KEYS = frozenset(
    {"date", "published", "pubdate", "publish_date", "发布日期", "发布时间", "日期", "发表日期"}
)
_WRITTEN_KEYS = frozenset({"written", "成文日期", "印发日期"})
_DATE_VALUE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
# Markup, each pattern opening with its literal (the regex engine skips ahead to it):
_EMPHASIS = re.compile(r"\*\*")  # (not `__`: forms print blanks to fill in as ____)
_BLOCKQUOTE = re.compile(r"^[ \t]*>(?:[ \t]*>)*[ \t]?", re.MULTILINE)
_THEMATIC_BREAK = re.compile(r"^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_LINK = re.compile(r"\[(?P<text>[^\]\n]+)\]\([^)\n]*\)")


@dataclass(frozen=True)
class FrontMatter:
    title: str | None = None
    date_published: date | None = None
    date_written: date | None = None


def strip_markup(text: str) -> tuple[str, FrontMatter | None]:
    """The text without its front matter and markdown markup (headings' `#` are left for normalise), and the
    front matter read, or None when it has none."""
    front_matter = None
    block = _FRONT_MATTER.match(text) if text.lstrip("\ufeff \t\n")[:3] == "---" else None
    if block:
        front_matter = _read_front_matter(block["body"])
        text = "\n" * block.group().count("\n") + text[block.end() :]  # (blank lines: a break before the article)
    if "---" in text or "***" in text or "___" in text:
        text = _THEMATIC_BREAK.sub("", text)
    if "**" in text:
        text = _EMPHASIS.sub("", text)
    if ">" in text:
        text = _BLOCKQUOTE.sub("", text)
    if "](" in text:
        text = _LINK.sub(lambda match: match["text"], _IMAGE.sub("", text))
    return text, front_matter


def _read_front_matter(body: str) -> FrontMatter:
    fields = {match["key"].lower(): match["value"].strip("\"'") for match in _FIELD.finditer(body)}
    title = next((fields[key] for key in fields if key in _TITLE_KEYS and fields[key]), None)
    return FrontMatter(title, _first_date(fields, _PUBLISHED_KEYS), _first_date(fields, _WRITTEN_KEYS))


def _first_date(fields: dict[str, str], keys: frozenset[str]) -> date | None:
    for key, value in fields.items():
        match = _DATE_VALUE.search(value) if key in keys else None
        if match:
            try:
                return date(*map(to_int, match.groups()))
            except ValueError:
                continue
    return None
