"""Collation of witnesses: when one measure appears in several source files, choose the better reading.

Pure Python (no Django), so it is tested without a database. The rules, in order:

1. **Suspicion** (lower wins): what a careful editor distrusts in a witness —
   - OCR slips: a Latin word between Chinese characters (`布局 and “四个全面”`);
   - damaged characters (U+FFFD) and spacing left between Chinese characters;
   - a shorter text where the other continues (a page cut the item short);
   - dittography, the classic copying error: in a passage where the witnesses differ, a reading that
     repeats words standing just before or after it in the same witness (`摘帽不摘帮扶…摘帽不摘帮扶`
     where the other witness reads `摘帽不摘政策`).
2. **Majority**: with three or more witnesses, the reading most of them share.
3. **Typography**: fewer half-width punctuation marks between Chinese characters.
4. Otherwise the reading already recorded stays (witness 0), so re-ingests do not flip-flop.

Differences of punctuation width alone (`,` vs `，`) are not variants: they are compared away.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass

from tracker.parsing.extract.text import WIDTH_FOLD

CJK = r"[\u3400-\u9fff\uf900-\ufaff]"
LATIN_WORD_IN_CJK = re.compile(rf"(?<={CJK})\s*[A-Za-z]{{2,}}\s*(?={CJK}|[“‘《（])")
SPACE_IN_CJK = re.compile(rf"(?<={CJK})[ \u3000]+(?={CJK})")
HALF_WIDTH_PUNCTUATION_IN_CJK = re.compile(rf"(?<={CJK})[,;:!?()](?=\S)")
DAMAGED = "\ufffd"
# Dittography is sought this many characters around a differing passage.
DITTOGRAPHY_WINDOW = 30
# Differing passages this close together are shown as one variant.
VARIANT_JOIN_GAP = 2
# A difference of at least this many characters where one witness has nothing counts as a cut.
TRUNCATION_MIN = 4

# Punctuation width and digit width are not readings (the parser's own width table, plus the comma).
TO_COMPARABLE = str.maketrans({**WIDTH_FOLD, ",": "，"})


@dataclass(frozen=True)
class Witness:
    key: str  # identifies the source (e.g. its file name)
    text: str


@dataclass(frozen=True)
class VariantReading:
    position: int  # offset in the chosen text
    chosen: str
    other: str
    other_witness: str
    reason: str


@dataclass(frozen=True)
class Collation:
    chosen: int  # index of the witness whose reading is kept
    reason: str
    variants: tuple[VariantReading, ...]


def comparable(text: str) -> str:
    """One character for one character, so offsets survive: punctuation width is not a reading."""
    return text.translate(TO_COMPARABLE)


def differing_runs(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """(a_start, a_end, b_start, b_end) of every passage where the two texts read differently."""
    matcher = difflib.SequenceMatcher(None, comparable(a), comparable(b), autojunk=False)
    return [(i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def repeats_nearby(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (at least two characters) also stands just before or after it."""
    reading = comparable(text[start:end])
    if len(reading.strip()) < 2:
        return False
    before = comparable(text[max(0, start - DITTOGRAPHY_WINDOW) : start])
    after = comparable(text[end : end + DITTOGRAPHY_WINDOW])
    return reading in before or reading in after


def artefacts(text: str) -> int:
    return len(LATIN_WORD_IN_CJK.findall(text)) + len(SPACE_IN_CJK.findall(text)) + text.count(DAMAGED)


def suspicion(witness: Witness, others: list[Witness]) -> int:
    """How much a careful editor would distrust this witness against the others (see module rules)."""
    score = artefacts(witness.text)
    for other in others:
        for a1, a2, b1, b2 in differing_runs(witness.text, other.text):
            if a2 == a1 and b2 - b1 >= TRUNCATION_MIN and a1 == len(witness.text):
                score += 1  # the other continues where this one stops
            elif a2 > a1 and repeats_nearby(witness.text, a1, a2) and not repeats_nearby(other.text, b1, b2):
                score += 1
    return score


def typography(text: str) -> int:
    return len(HALF_WIDTH_PUNCTUATION_IN_CJK.findall(text))


def collate(witnesses: list[Witness]) -> Collation:
    """Choose the reading to keep and list every passage where another witness differs from it."""
    if not witnesses:
        raise ValueError("collate needs at least one witness")
    texts = [comparable(w.text) for w in witnesses]
    if len(set(texts)) == 1:
        chosen = min(range(len(witnesses)), key=lambda i: (typography(witnesses[i].text), i))
        return Collation(chosen, "witnesses agree", ())
    agreement = Counter(texts)
    ranking = {
        i: (
            suspicion(w, [o for o in witnesses if o is not w]),
            -agreement[texts[i]],
            typography(w.text),
            i,
        )
        for i, w in enumerate(witnesses)
    }
    chosen = min(ranking, key=ranking.__getitem__)
    rivals = [i for i in ranking if texts[i] != texts[chosen]]
    reason = explain(len(witnesses), ranking[chosen], min(ranking[i] for i in rivals))
    return Collation(chosen, reason, tuple(variants_against(witnesses, chosen, reason)))


def explain(witness_count: int, best: tuple, runner_up: tuple) -> str:
    """Name the first rule that separated the kept reading from the best differing one."""
    if best[0] < runner_up[0]:
        return f"fewer suspect readings (OCR slips, spacing, cuts, dittography): {best[0]} vs {runner_up[0]}"
    if best[1] < runner_up[1]:
        return f"reading shared by {-best[1]} of {witness_count} witnesses"
    if best[2] < runner_up[2]:
        return "neither reading is suspect; kept the one with standard full-width punctuation"
    return "no witness better than the reading already recorded"


def joined_runs(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """differing_runs, with passages only VARIANT_JOIN_GAP characters apart shown as one."""
    joined: list[tuple[int, int, int, int]] = []
    for run in differing_runs(a, b):
        if joined and run[0] - joined[-1][1] <= VARIANT_JOIN_GAP:
            joined[-1] = (joined[-1][0], run[1], joined[-1][2], run[3])
        else:
            joined.append(run)
    return joined


def variants_against(witnesses: list[Witness], chosen: int, reason: str) -> list[VariantReading]:
    kept = witnesses[chosen].text
    return [
        VariantReading(a1, kept[a1:a2], other.text[b1:b2], other.key, reason)
        for other in witnesses
        if other is not witnesses[chosen]
        for a1, a2, b1, b2 in joined_runs(kept, other.text)
    ]
