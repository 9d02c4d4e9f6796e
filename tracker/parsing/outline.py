"""The outline of an article: every numbered item at every level, with canonical paths and spans.

Placement follows the hierarchy the labels themselves declare, never a fixed depth per style:
- a label of a style already open is a sibling of that open item (numbering continues, restarts, or skips
  at most two numbers for the surest styles; a law's article printed with its space, `第十二条　`, may skip
  any number: newspapers print excerpts of laws);
- a ranked style (一、 > （一） > 1. > （1） > ①; 章 > 节 > 条) closes the open items it outranks and becomes a child
  of what remains;
- a discourse style (第一部分, 第一个问题, 第一，, 一是, ——) becomes a child of the open item; but a list of
  paragraphs (第一，/一是/——) nests in another such list only when introduced by that item's own paragraph
  ("…：" right before it): otherwise the two lists are siblings;
- a new list must start at 1 or run on from the last number of its style (（五） … 四、 … （六）), except for the
  first item of an article printed from the middle of a document (a continuation page starting at 三、), the
  first sub-item of that item (二、 then （三）: its numbering ran on from the part not printed), and a label in
  a markdown heading.
Inline enumerations (`…：一是…。二是…。`, `…：1.…。2.…`) are items when at least 一 and 二 appear in one paragraph
after clause marks (2.5 and 3、4月 are not labels: a digit follows).

An item runs to the next item of its level or above. Where every earlier item of a list was one paragraph,
the last one is too, and the text after it (a closing paragraph) belongs to no item of that list, nor to
the parent when the parent is itself the last of its list. A paragraph announcing a new list ("主要包括以下几个方面。")
belongs to the parent, not to the item before it. `附件：` closes every open item: attachments are not parts,
and a list of them is no list of measures. A law's 目录 (table of contents) is skipped.

`heading` is the item's opening sentence without its number (up to the first 。), or the whole first paragraph
when that stands alone above the item's text; None for running provisions: a law's articles, inline items,
and items whose opening sentence is longer than a heading can be.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from tracker.parsing import labels
from tracker.parsing.labels import Label

_HEADING_MAX = 40  # characters: a longer opening sentence is a running provision, not a heading
_SENTENCE_END = re.compile(r"[。！？!?]")
# Each alternative opens with a literal, so the regex engine skips ahead to one of their first characters.
_ANNOUNCES_LIST = re.compile(
    "|".join(rf"{words}[^。]*[。：:]$" for words in ("以下", "如下", "下列", "几个方面", "几点", "主要包括", "主要有"))
    + r"|：$|:$"
)
_ATTACHMENTS = re.compile(r"附件[ 　]*(?:[：:\d一二三四五六七八九十]|$)")
_MAX_SKIP = 2  # numbers a sure style may skip (an OCR-lost item) and still count as the next sibling


class ParagraphSpan(NamedTuple):  # a NamedTuple: made once per paragraph, several times faster than a dataclass
    start: int
    end: int
    text: str
    heading_level: int = 0  # a markdown heading's level: its label is an item whatever its number


@dataclass
class Item:
    label: Label
    depth: int  # 1 for top-level items
    parent: Item | None
    paragraph: int  # index (into the article's paragraphs) of the paragraph it opens in
    start: int  # absolute offsets in the normalised text
    end: int = 0
    inline: bool = False
    children: list[Item] = field(default_factory=list)
    path: str = ""
    heading: str | None = None


def outline(paragraphs: list[ParagraphSpan]) -> list[Item]:
    """Items of an article body, in document order, with ends, paths and headings filled in."""
    items = _place_items(paragraphs)
    attachments = next((i for i, p in enumerate(paragraphs) if _lists_attachments(p.text)), None)
    _set_ends(items, paragraphs if attachments is None else paragraphs[:attachments])
    _set_paths(items)
    for item in items:
        item.heading = _heading(item, paragraphs)
    return items


def _lists_attachments(text: str) -> bool:
    """`附件：…`, `附件1`: the attachments start (the quick test first spares most paragraphs the regex)."""
    return text.startswith("附件") and _ATTACHMENTS.match(text) is not None


# --------------------------------------------------------------------------------- placement


class _Placer:
    def __init__(self, paragraphs: list[ParagraphSpan]) -> None:
        self.texts = [p.text for p in paragraphs]
        self.items: list[Item] = []
        self.open: list[Item] = []  # the chain of open block items, outermost first
        self.last_number: dict[str, int] = {}  # style -> last number placed, for numbering that runs on

    def place_block(self, label: Label, index: int, paragraph: ParagraphSpan) -> None:
        """Place a label that opens a paragraph, or ignore it when its number fits no list (then it is text)."""
        sibling_of = next((item for item in reversed(self.open) if item.label.style == label.style), None)
        if sibling_of is not None and self._continues_list(sibling_of, label):
            del self.open[self.open.index(sibling_of) :]
        elif paragraph.heading_level or self._starts_list(label, index):
            self._close_outranked(label, index)
        else:
            return
        self._push(label, index, paragraph.start)

    def place_inline(self, found: list[Label], index: int, paragraph: ParagraphSpan) -> None:
        parent = self.open[-1] if self.open else None
        for label in found:
            self._record(Item(label, len(self.open) + 1, parent, index, paragraph.start + label.start, inline=True))

    def _continues_list(self, sibling: Item, label: Label) -> bool:
        if label.style.name == "dash":
            return True
        expected = sibling.label.number + 1
        if _excerpted_article(label):
            return label.number >= expected
        skip_allowed = _MAX_SKIP if label.style.strength == 2 else 0
        return label.number == 1 or expected <= label.number <= expected + skip_allowed

    def _starts_list(self, label: Label, index: int) -> bool:
        if label.style.name == "dash" or label.number == 1:
            return True
        last = self.last_number.get(label.style.name, -1)
        if label.number == last + 1 or (_excerpted_article(label) and label.number > last):
            return True  # numbering that runs on across parts
        # A page printed from the middle of a document opens with its item, and that item with its first
        # sub-item wherever that one's numbering stands (二、 then （三）: the numbering ran on from part 一).
        if not self.items:
            return index <= 1 and label.style.strength == 2
        return self._opens_excerpt(label)

    def _opens_excerpt(self, label: Label) -> bool:
        """Whether `label` is the first sub-item of the item an excerpt opened with (and of its first sub-items)."""
        chain = self.items[: len(self.open)]
        return (
            chain == self.open
            and chain[0].label.number != 1
            and all(len(item.children) == (item is not chain[-1]) for item in chain)
            and label.style.rank is not None
            and all(item.label.style.rank is not None and item.label.style.rank < label.style.rank for item in chain)
        )

    def _close_outranked(self, label: Label, index: int) -> None:
        rank = label.style.rank
        if rank is not None:
            while self.open and self.open[-1].label.style.rank is not None and self.open[-1].label.style.rank > rank:
                self.open.pop()
        elif label.style.paragraph_level:
            while (
                self.open and self.open[-1].label.style.paragraph_level and not self._introduces(self.open[-1], index)
            ):
                self.open.pop()

    def _introduces(self, item: Item, index: int) -> bool:
        """Whether `item`'s own paragraph, right before paragraph `index`, announces the list starting there."""
        return item.paragraph == index - 1 and bool(_ANNOUNCES_LIST.search(self.texts[item.paragraph]))

    def _push(self, label: Label, index: int, paragraph_start: int) -> None:
        parent = self.open[-1] if self.open else None
        if label.style.name == "dash":
            position = 1 + sum(1 for child in self._children(parent) if child.label.style.name == "dash")
            label = replace(label, number=position)
        item = Item(label, len(self.open) + 1, parent, index, paragraph_start + label.start)
        self._record(item)
        self.open.append(item)

    def _children(self, parent: Item | None) -> list[Item]:
        return parent.children if parent else [item for item in self.items if item.parent is None]

    def _record(self, item: Item) -> None:
        self.items.append(item)
        if item.parent:
            item.parent.children.append(item)
        self.last_number[item.label.style.name] = item.label.number


def _place_items(paragraphs: list[ParagraphSpan]) -> list[Item]:
    placer = _Placer(paragraphs)
    contents = _table_of_contents(paragraphs)
    for index, paragraph in enumerate(paragraphs):
        if index in contents:
            continue
        if _lists_attachments(paragraph.text):
            break  # what follows lists or holds attachments: no part of the document goes on
        label = labels.match_at(paragraph.text)
        inline = _inline_sequence(paragraph.text, label)
        if label and not (inline and inline[0].start == label.start):
            placer.place_block(label, index, paragraph)
        if inline:
            placer.place_inline(inline, index, paragraph)
    return placer.items


def _excerpted_article(label: Label) -> bool:
    """A law's article printed as such (`第十二条　`, a space after it) may follow any earlier one: a newspaper
    prints excerpts of laws. Other styles may skip at most _MAX_SKIP numbers (an item the OCR lost)."""
    return label.style.running and label.spaced


def _table_of_contents(paragraphs: list[ParagraphSpan]) -> range:
    """A law's 目录: from that word to where its first entry is printed again as the real heading."""
    start = next((i for i, p in enumerate(paragraphs) if labels.is_table_of_contents(p.text)), None)
    if start is None or start + 1 >= len(paragraphs):
        return range(0)
    first_entry = paragraphs[start + 1].text
    end = next((i for i in range(start + 2, len(paragraphs)) if paragraphs[i].text == first_entry), start + 1)
    return range(start, end)


def _inline_sequence(text: str, opening: Label | None) -> list[Label]:
    """The longest run 一, 二, 三 … of one inline style inside a paragraph (the opening label may be its first)."""
    best: list[Label] = []
    if not labels.may_hold_inline_run(text):
        return best
    for name, style in labels.STYLES.items():
        if not style.inline:
            continue
        found = labels.inline_labels(text, name)
        if opening is not None and opening.style.name == name:
            found = [opening, *found]
        run: list[Label] = []
        for label in found:
            if label.number == len(run) + 1:
                run.append(label)
        if len(run) >= 2 and len(run) > len(best):
            best = run
    return best


# ------------------------------------------------------------------------------------ spans


def _set_ends(items: list[Item], paragraphs: list[ParagraphSpan]) -> None:
    body_end = paragraphs[-1].end if paragraphs else 0
    blocks = [item for item in items if not item.inline]
    for item, following in zip(blocks, _next_at_or_above(blocks), strict=True):
        item.end = body_end if following is None else _end_before(following, item, paragraphs)
    for item in items:
        if item.inline:
            item.end = _inline_end(item, items, paragraphs)
    _close_uniform_lists(blocks, paragraphs)


def _next_at_or_above(blocks: list[Item]) -> list[Item | None]:
    """For each item, the next one at its level or above (None for the last ones), in one pass."""
    following: list[Item | None] = [None] * len(blocks)
    waiting: list[int] = []  # items still without one, each deeper than the one below it
    for position, item in enumerate(blocks):
        while waiting and blocks[waiting[-1]].depth >= item.depth:
            following[waiting.pop()] = item
        waiting.append(position)
    return following


def _end_before(following: Item, item: Item, paragraphs: list[ParagraphSpan]) -> int:
    """Where `item` ends, given the next item at its level or above; an announcing paragraph is left out."""
    index = following.paragraph
    starts_other_list = following.label.style != item.label.style or following.label.number == 1
    intro = index - 1
    if starts_other_list and intro > item.paragraph and _ANNOUNCES_LIST.search(paragraphs[intro].text):
        index = intro
    return paragraphs[index - 1].end


def _inline_end(item: Item, items: list[Item], paragraphs: list[ParagraphSpan]) -> int:
    paragraph_end = paragraphs[item.paragraph].end
    later = [
        other.start
        for other in items
        if other.inline and other.paragraph == item.paragraph and other.start > item.start
    ]
    return min(later, default=paragraph_end)


def _close_uniform_lists(blocks: list[Item], paragraphs: list[ParagraphSpan]) -> None:
    """Where every earlier item of a list is one paragraph long, the last one is too (innermost lists first)."""
    for parent in sorted({id(item.parent): item.parent for item in blocks}.values(), key=_depth_desc):
        lists = _lists(_block_children(parent, blocks))
        for position, items in enumerate(lists):
            *earlier, last = items
            own_end = paragraphs[last.paragraph].end
            if len(items) < 3 or last.children or last.end <= own_end:
                continue
            if not all(_one_paragraph(item, paragraphs) for item in earlier):
                continue
            last.end = own_end
            if position == len(lists) - 1 and parent is not None and _is_last_of_its_list(parent, blocks):
                parent.end = own_end


def _lists(siblings: list[Item]) -> list[list[Item]]:
    """Consecutive siblings of one style form a list (第一…第四, then 一是…六是)."""
    lists: list[list[Item]] = []
    for item in siblings:
        if lists and lists[-1][-1].label.style == item.label.style and item.label.number != 1:
            lists[-1].append(item)
        else:
            lists.append([item])
    return lists


def _depth_desc(item: Item | None) -> int:
    return -(item.depth if item else 0)


def _block_children(parent: Item | None, blocks: list[Item]) -> list[Item]:
    return [item for item in blocks if item.parent is parent]


def _one_paragraph(item: Item, paragraphs: list[ParagraphSpan]) -> bool:
    return not item.children and item.end <= paragraphs[item.paragraph].end


def _is_last_of_its_list(item: Item, blocks: list[Item]) -> bool:
    return _block_children(item.parent, blocks)[-1] is item


# ------------------------------------------------------------------------------------ paths


def _set_paths(items: list[Item]) -> None:
    seen: dict[str, int] = {}
    for item in items:
        path = item.label.canonical if item.parent is None else f"{item.parent.path}/{item.label.canonical}"
        seen[path] = seen.get(path, 0) + 1
        item.path = path if seen[path] == 1 else f"{path}#{seen[path]}"  # a list restarted under one parent


# ---------------------------------------------------------------------------------- headings


def _heading(item: Item, paragraphs: list[ParagraphSpan]) -> str | None:
    """The heading sentence the item opens with, without its number; None for running provisions."""
    if item.inline or item.label.style.running:
        return None
    paragraph = paragraphs[item.paragraph]
    own = paragraph.text[item.label.end :].strip()
    if not own:
        return None
    first = _SENTENCE_END.search(own)
    alone = first is None or first.end() == len(own)
    if alone and item.end > paragraph.end:
        return _clean_heading(own)  # a heading on its own line, the item's text below it
    sentence = own if first is None else own[: first.start()]
    return _clean_heading(sentence) if len(sentence) <= _HEADING_MAX else None


def _clean_heading(text: str) -> str | None:
    text = text.strip().rstrip("。：:；;，,")
    if text.startswith("“") and text.endswith("”") and text.count("“") == 1:
        text = text[1:-1]
    return text or None
