"""The body lexicon (bodies.json) and a fast matcher over it.

All names (canonical and aliases) are compiled into one regular expression shaped as a trie, so the regex
engine scans the text once, in C, and greedy optional groups give the longest name at each position.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import NamedTuple


@dataclass(frozen=True)
class Succession:
    canonical: str
    date: date
    note: str | None = None


@dataclass(frozen=True)
class LexiconEntry:
    canonical: str
    english: str
    aliases: tuple[str, ...]
    level: str  # vocabulary.BODY_LEVEL; "unknown" when the body spans several levels (see `levels`)
    kind: str  # vocabulary.BODY_KIND
    parent: str | None = None
    levels: tuple[str, ...] = ()
    valid_from: date | None = None
    valid_to: date | None = None
    succeeded_by: tuple[Succession, ...] = ()
    generic: bool = False  # named without a place: 各地, 所在省份, 民政部门
    list_terms: tuple[str, ...] = ()  # bare sector words (民政) that name the body only inside a sector list
    note: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.canonical, *self.aliases)


class NameMatch(NamedTuple):  # one per name found in a text: a NamedTuple is several times faster to make
    start: int
    end: int
    name: str
    entry: LexiconEntry


def _iso(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _entry(row: dict) -> LexiconEntry:
    levels = tuple(row.get("levels", ()))
    return LexiconEntry(
        canonical=row["canonical"],
        english=row["english"],
        aliases=tuple(row.get("aliases", ())),
        level=row.get("level") if not levels else "unknown",
        kind=row["kind"],
        parent=row.get("parent"),
        levels=levels or (row["level"],),
        valid_from=_iso(row.get("valid_from")),
        valid_to=_iso(row.get("valid_to")),
        succeeded_by=tuple(
            Succession(s["canonical"], date.fromisoformat(s["date"]), s.get("note"))
            for s in row.get("succeeded_by", ())
        ),
        generic=row.get("generic", False),
        list_terms=tuple(row.get("list_terms", ())),
        note=row.get("note"),
    )


def trie_pattern(words: list[str]) -> str:
    """A regex matching any of `words`, longest first, built as a trie (fast in Python's re)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict) -> str:
    terminal = "" in node
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if terminal else body


class Lexicon:
    def __init__(self, entries: tuple[LexiconEntry, ...]):
        self.entries = entries
        self._by_name = {name: entry for entry in entries for name in entry.names}
        self._by_list_term = {term: entry for entry in entries for term in entry.list_terms}
        self.names_pattern = trie_pattern(list(self._by_name))  # any name (canonical or alias), longest first
        self._names = re.compile(self.names_pattern)
        self.first_characters = frozenset(name[0] for name in self._by_name)

    def lookup(self, name: str) -> LexiconEntry | None:
        """The entry a name (canonical or alias) stands for."""
        return self._by_name.get(name)

    def lookup_in_list(self, term: str) -> LexiconEntry | None:
        """Like `lookup`, also accepting bare sector words (民政) that only name a body inside a list."""
        return self._by_name.get(term) or self._by_list_term.get(term) or self._by_name.get(term + "部门")

    def match_at(self, text: str, position: int) -> NameMatch | None:
        if text[position : position + 1] not in self.first_characters:
            return None  # most positions asked about: no name starts so, and no regex call is needed
        match = self._names.match(text, position)
        return self._name_match(match) if match else None

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> Iterator[NameMatch]:
        for match in self._names.finditer(text, start, len(text) if end is None else end):
            name_match = self._name_match(match)
            if name_match:
                yield name_match

    def _name_match(self, match: re.Match) -> NameMatch | None:
        # 财政部 inside 财政部门 (finance departments) is not the ministry.
        if match.group().endswith("部") and match.string.startswith("门", match.end()):
            return None
        return NameMatch(match.start(), match.end(), match.group(), self._by_name[match.group()])


@cache
def load_lexicon() -> Lexicon:
    """The lexicon from the package's bodies.json (loaded once)."""
    raw = resources.files(__package__).joinpath("bodies.json").read_text(encoding="utf-8")
    return Lexicon(tuple(_entry(row) for row in json.loads(raw)["bodies"]))
