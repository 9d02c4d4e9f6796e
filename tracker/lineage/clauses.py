"""Items cut into clauses, and clauses into weighted words (pure: text in, clauses out).

A later item usually restates one clause of a long earlier item among other things, so items are compared
clause by clause: a clause is a run of text between 。；！？ or a line break, cut again at ，and ： into phrases,
phrases shorter than MIN_CLAUSE_CHARS being joined to the next one (a lone 要 or 同时 says nothing).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import rjieba

MIN_CLAUSE_CHARS = 6
CLAUSE_END = re.compile(r"[。；;！？!?\n]+")
PHRASE_END = re.compile(r"[，,：:]+")
# Words that carry no policy content: a measure shares them with nearly every other measure, and corpus IDF
# alone cannot push them low in a small corpus.
FUNCTION_WORDS = frozenset(
    str.split(
        "的 和 与 及 等 在 对 为 以 把 将 按 由 向 从 并 或 其 之 是 有 要 各 个 一 不 也 都 好 中 上 下 年 "
        "进一步 加强 推进 推动 完善 健全 持续 深入 支持 做好 实施 继续 坚持 强化 加快 提升 提高 建立 开展 促进 "
        "加大 扎实 积极 全面 不断 注重 着力 切实 统筹 工作 机制 体系 政策 建设 发展 有效 有序 稳步 深化 鼓励 "
        "引导 落实 增强 优化 形成 保持 重点 相关 有关 地区 方面 领域 水平 能力"
    )
)
# The genre's standing phrases: every central document of the period opens its guidance with them, whatever its
# subject, so sharing one says nothing about carrying a measure forward (坚持稳中求进工作总基调 in the opinion
# and in the 15th five-year plan proposal). Their words are left out of a clause's words; a clause of nothing
# else is not compared at all.
BOILERPLATE = re.compile(
    "|".join((
        r"以习近平新时代中国特色社会主义思想为指导", r"习近平新时代中国特色社会主义思想", r"以习近平同志为核心的党中央",
        r"(全面|深入)?贯彻(落实)?党的[一二三四五六七八九十]+大[^，,。；;]*?精神",
        r"坚持稳中求进工作总基调", r"(完整、?准确、?全面|坚定不移)?贯彻新发展理念", r"坚持以人民为中心的发展思想",
        r"全面建设社会主义现代化国家", r"全面建成社会主义现代化强国", r"实现第二个百年奋斗目标", r"构建新发展格局",
        r"推动高质量发展", r"中华民族伟大复兴",
        # the programme's name, in the title and guidance of every document on it whatever its measures carry
        r"(实现)?巩固拓展脱贫攻坚成果同乡村振兴有效衔接",
        r"两个确立", r"四个意识", r"四个自信", r"两个维护",  # the Party's exhortations, in any subject's document
        r"(发挥|坚持)?集中力量办(大事|好自己的事)(的(制度)?优势)?",
        r"指导思想", r"(基本|主要)原则", r"总体要求", r"重大意义",  # the labels of a guidance's opening sections
    ))
)
# The genre's concepts that documents of other years and levels name in other words: support around the end of
# the five-year transition period (摘帽不摘帮扶 in 2020, 对…有返贫风险的继续实施帮扶 in 2026; 设立5年过渡期, then
# 把常态化帮扶纳入乡村振兴战略), and the channels by which the monitoring finds households at risk (农户主动申请 /
# 农户自主申报, 基层干部定期跟踪回访 / 镇村干部走访排查, 部门信息比对 / 行业部门筛查预警). A clause naming one holds the
# concept as a word of its own (`concept_word`), which the matcher weighs as full evidence
# (`matching.Settings.concept_idf`).
TRANSITION_SET_UP = r"设立\d*年?过渡期"
STANDING_SUPPORT = r"常态化(精准)?帮扶"  # the support that follows the transition
CONCEPTS = {
    "帮扶期限": re.compile(
        rf"{TRANSITION_SET_UP}|过渡期(结束|期满)|{STANDING_SUPPORT}(纳入|政策体系)|(实施|转入|转向){STANDING_SUPPORT}"
    ),
    "后续帮扶": re.compile(r"摘帽不摘帮扶|扶上马送一程|后续帮扶|继续实施帮扶"),
    "防止断崖": re.compile(r"急刹车|悬崖效应|断崖式|一撤了之"),
    "发现渠道": re.compile(
        r"农户(主动|自主)?(申请|申报)|干部[^。；，,、]{0,6}(排查|走访|回访)|部门[^。；，,、]{0,4}(比对|筛查|预警)"
    ),
}
HAS_WORD_CHARACTER = re.compile(r"[^\W_]")
SLOGAN_NUMERALS = frozenset("一两二三四五六七八九十")
# An item's number at the start of a clause (（二十二）, (3), 八、, 1.): two items that share a number share
# nothing else for it.
ITEM_LABEL = re.compile(r"^\s*(?:[（(][一二三四五六七八九十百零〇\d]+[）)]|[一二三四五六七八九十百]+、|\d+[.、．]|——)")


@dataclass(frozen=True)
class Clause:
    """A clause of an item: where it is in the item's text, and its content words."""

    start: int
    end: int
    text: str
    words: frozenset[str]
    sentence: str  # the sentence it is in: the relation rules read the clause's context


def content_words(text: str) -> frozenset[str]:
    """jieba's search-mode words (so 返贫 is found inside 防止返贫致贫), without function words and single
    characters other than digits (a number is content: 5年, 18亿亩), and the genre's numbered slogans that jieba
    cuts apart kept whole as well (三 + 保障: 三保障, not only 保障)."""
    words = rjieba.cut_for_search(text, True)
    slogans = {numeral + word for numeral, word in pairwise(words)
               if is_slogan_numeral(numeral) and len(word) > 1 and word not in FUNCTION_WORDS}
    distinct = set(words) - FUNCTION_WORDS  # each distinct word tested once
    return frozenset(word for word in distinct
                     if (len(word) > 1 or word.isdigit()) and HAS_WORD_CHARACTER.search(word)) | slogans


def is_slogan_numeral(word: str) -> bool:
    return word in SLOGAN_NUMERALS


def may_be_joined_slogan(word: str) -> bool:
    """Whether `word` may be a slogan content_words joined (三保障): a word jieba itself never gives, so the
    search-words index does not hold it (the store counts it in the measures' text instead)."""
    return len(word) > 2 and is_slogan_numeral(word[0])


def concept_word(name: str) -> str:
    """The word a clause naming one of CONCEPTS holds: no text has it (jieba never gives 〈〉)."""
    return f"〈{name}〉"


CONCEPT_WORDS = frozenset(concept_word(name) for name in CONCEPTS)


def concept_words(text: str) -> frozenset[str]:
    return frozenset(concept_word(name) for name, pattern in CONCEPTS.items() if pattern.search(text))


@lru_cache(maxsize=8192)  # an item is cut once per run, however many candidate lists it is in
def split_clauses(text: str, own: tuple[tuple[int, int], ...] | None = None) -> tuple[Clause, ...]:
    """The clauses of `text` that lie in `own` (the item's own ranges, without its sub-items' text;
    the whole text when None)."""
    ranges = own if own is not None else [(0, len(text))]
    clauses = []
    for range_start, range_end in ranges:
        for sentence in pieces(CLAUSE_END, text, range_start, range_end):
            clauses += sentence_clauses(text, sentence)
    return tuple(clause for clause in clauses if clause.words)


def sentence_clauses(text: str, sentence: tuple[int, int]) -> list[Clause]:
    """The phrases of a sentence, a short one joined to the next (the last to the one before)."""
    spans = []
    pending_start = None
    for start, end in pieces(PHRASE_END, text, *sentence):
        start = start if pending_start is None else pending_start
        pending_start = start if end - start < MIN_CLAUSE_CHARS else None
        if pending_start is None:
            spans.append((start, end))
    if pending_start is not None:
        spans[-1:] = [(spans[-1][0] if spans else pending_start, sentence[1])]
    return [make_clause(text, start, end, sentence) for start, end in spans]


def pieces(separator: re.Pattern, text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    position = start
    for match in separator.finditer(text, start, end):
        if match.start() > position:
            yield strip(text, position, match.start())
        position = match.end()
    if position < end:
        yield strip(text, position, end)


def strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def make_clause(text: str, start: int, end: int, sentence: tuple[int, int]) -> Clause:
    clause = text[start:end]
    words = content_words(BOILERPLATE.sub("，", ITEM_LABEL.sub("", clause))) | concept_words(clause)
    return Clause(start, end, clause, words, text[slice(*sentence)])


def inverse_document_frequency(document_frequency: Counter, total: int) -> dict[str, float]:
    """Smoothed IDF (never negative): a word in every text weighs little, a word in one weighs most."""
    return {word: math.log(1 + total / (1 + count)) for word, count in document_frequency.items()}


def word_counts(texts: Iterable[frozenset[str]]) -> Counter:
    counts = Counter()
    for words in texts:
        counts.update(words)
    return counts


def own_ranges(text: str, sub_item_texts: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """The ranges of an item's text outside its sub-items' texts: its opening words, and the unnumbered
    paragraphs between or after its sub-items (a sub-item's text not found in it is skipped)."""
    ranges, position = [], 0
    for sub_text in sub_item_texts:
        found = text.find(sub_text, position) if sub_text else -1
        if found < 0:
            continue
        if found > position:
            ranges.append((position, found))
        position = found + len(sub_text)
    if position < len(text):
        ranges.append((position, len(text)))
    return tuple(ranges)


def corpus_idf(texts: Iterable[Iterable[Clause]]) -> dict[str, float]:
    """IDF of words over items (an item counts a word once), each item given as its clauses."""
    items = [frozenset().union(*(clause.words for clause in clauses)) for clauses in texts]
    return inverse_document_frequency(word_counts(items), len(items))
