"""Responsible bodies of a measure.

Rules, in order of precedence (a body found by an earlier rule is not reported again by a later one):

explicit (evidence = the words that assign it)
  parenthetical   （A、B按职责分工负责） （A牵头，B、C参与） （负责部门：A、B） （A会同B负责）
                  A list "负责" with 列第一位者为牵头单位: first lead, the rest co_lead. Without that clause a
                  single body is lead and several are co_lead (按职责分工: each for its own share, none leads).
                  "牵头" → lead (co_lead when several), "参与/配合/协助" → participant,
                  "A会同B" → A lead, B participant.
  by_agent        由所在省份协调解决 → lead (由 + a body + an action).
  subject_charged 省级政府负责… / 财政部牵头… at the start of a clause → lead.
inferred (evidence = the sentence, rule = the rule's name)
  clause_subject  各地要… / 地方政府结合…代缴 / 军队持续推进… → implementer: a lexicon body opening a clause and
                  followed by an action (not 的, not a reporting verb such as 指出/认为); an unknown name opening a
                  clause counts only with an organisation suffix and a modal (要/应/须/负责).
  addressed_actor 支持各地… / 鼓励各地… / 要求各级党委和政府… → implementer.
  role_of         充分发挥各级党委…领导作用 / 落实行业主管部门工作责任 → implementer.
  sector_list     民政、教育、人力资源社会保障…等政府部门 → each sector a participant (needs two known sectors).

Never bodies (context, not responsibility): names inside 《titles》 or “quotations”, 以…为核心的党中央, a name
followed by a person's title (外交部发言人, 中共中央总书记), and the governance formula 中央统筹、省负总责、
市县抓落实 / 省市县乡村五级书记: it describes how levels share work, not who carries out this measure.
"""

from __future__ import annotations

import re
from functools import cache, cached_property
from typing import NamedTuple

from ..characters import IDEOGRAPH
from ..records import BodyMention
from .lexicon import Lexicon, LexiconEntry, trie_pattern
from .text import Spans, enclosed_spans, sentence_bounds

_ORG_SUFFIXES = (
    "委员会", "管委会", "领导小组", "办公室", "办公厅", "工作队", "联合会", "协会", "学会", "工会", "商会", "总局",
    "总署", "总社", "合作社", "政府", "党委", "党组", "省份", "单位", "部门", "机构", "机关", "银行", "公司", "集团",
    "企业", "中心", "组织", "小组", "部队", "部", "委", "局", "办", "署", "院", "厅",
)  # fmt: skip
ORG_SUFFIX = f"(?:{trie_pattern(list(_ORG_SUFFIXES))})"
_ORG_NAME = re.compile(rf"[{IDEOGRAPH}（）、]{{1,24}}?{ORG_SUFFIX}$")
_TITLES = re.compile(
    r"(?:总书记|副?主席|副?总理|国务委员|委员|书记|副?部长|副?局长|副?主任|发言人|司长|省长|市长|县长|代表|"
    r"负责同志|负责人|党政一把手|一把手|领导同志|主要领导)"
)
# A subject followed within a few characters by one of these is reported on or speaks; it is not charged
_REPORTING = re.compile(
    r"认为|指出|强调|表示|说|提出|建议|要求|明确|发出|印发|发布|委托|主持|召开|审议|决定|同意|批准|作出|宣布|"
    r"会见|致电|致信|重视|关心|关注|号召|部署"
)
_PREPOSITION = re.compile(r"把|将|对|同|与|向|从|以|为|关于")
_MODAL = r"(?:要|应当|应|须|必须|需|负责|牵头)"
_CONTEXT_PHRASES = re.compile(
    r"以[^，。；]{1,12}为核心的党中央"
    r"|中央统筹|省负总责|市县抓落实"  # the governance formula: levels, not this measure's bodies
    r"|省市县乡村?五级书记"
    r"|新华社[^，。；]{0,16}?电"  # a dateline
)
_CLAUSE_MARKS = frozenset("，。；：！？\n")
_OPENER_WORDS = ("同时", "此外", "另外", "其中")
# where a clause starts, besides the text's start
_CLAUSE_START = rf"[{re.escape(''.join(sorted(_CLAUSE_MARKS)))}](?:{'|'.join(_OPENER_WORDS)})?"


class _Body(NamedTuple):
    name: str
    entry: LexiconEntry | None


class _Found(NamedTuple):
    position: int
    mention: BodyMention


def find_bodies(text: str, lexicon: Lexicon) -> tuple[BodyMention, ...]:
    """The bodies responsible for the measure `text` (folded, see text.fold)."""
    parentheticals = list(_PARENTHETICAL.finditer(text)) if "（" in text else []
    masked = _Masked(text, parentheticals)
    found = (
        _parentheticals(parentheticals, lexicon)
        + _by_agent(text, lexicon, masked)
        + _clause_subjects(text, lexicon, masked)
        + _addressed_actors(text, lexicon, masked)
        + _roles_of(text, lexicon, masked)
        + _sector_lists(text, lexicon, masked)
    )
    return _unique(sorted(found, key=_explicit_first)) if found else ()  # (most measures: none)


class _Masked:
    """Where the sentence rules do not read: context (cited titles and quotations, context phrases) and
    parentheticals (only the parenthetical rule reads them: its grammar is stricter than a sentence's).
    Worked out on the first question only: each rule asks last, about a finding it would otherwise report, and
    most measures have none."""

    def __init__(self, text: str, parentheticals: list[re.Match]):
        self._text = text
        self._parentheticals = parentheticals

    @cached_property
    def _spans(self) -> Spans:
        context = enclosed_spans(self._text) + [m.span() for m in _CONTEXT_PHRASES.finditer(self._text)]
        return Spans(context + [m.span() for m in self._parentheticals])

    def __contains__(self, position: int) -> bool:
        return position in self._spans


def _explicit_first(found: _Found) -> tuple[bool, int]:
    return found.mention.provenance != "explicit", found.position


def _unique(found: list[_Found]) -> tuple[BodyMention, ...]:
    """One mention per body: the first by precedence."""
    by_body: dict[str, BodyMention] = {}
    for item in found:
        by_body.setdefault(item.mention.canonical or item.mention.name, item.mention)
    return tuple(by_body.values())


def _mention(body: _Body, role: str, evidence: str, rule: str, provenance: str = "inferred") -> BodyMention:
    return BodyMention(
        name=body.name,
        role=role,
        provenance=provenance,
        evidence=evidence,
        rule=rule,
        canonical=body.entry.canonical if body.entry else None,
        level=body.entry.level if body.entry else None,
    )


def _sentence(text: str, position: int) -> str:
    start, end = sentence_bounds(text, position)
    return text[start:end].strip().rstrip("。；")


def _as_body(name: str, lexicon: Lexicon) -> _Body | None:
    """A lexicon body, or an unknown name that looks like an organisation; None for anything else."""
    entry = lexicon.lookup(name)
    if entry:
        return _Body(name, entry)
    if _ORG_NAME.match(name) and not name.startswith(("其", "该", "本")):
        return _Body(name, None)
    return None


def split_body_list(items: str, lexicon: Lexicon) -> list[_Body] | None:
    """'国家发展改革委、财政部和农业农村部等' -> its bodies; None when an item is not a body.

    Lexicon names are taken whole, so names containing 和 (住房和城乡建设部) are not split, and adjacent
    names need no separator (各地区各部门)."""
    bodies = []
    items = _TRAILING_ETC.sub("", items.strip())
    position = 0
    while position < len(items):
        known = lexicon.match_at(items, position)
        if known and (
            known.end == len(items) or _SEPARATOR.match(items, known.end) or lexicon.match_at(items, known.end)
        ):
            body, end = _Body(known.name, known.entry), known.end
        else:
            item = _ITEM.match(items, position)
            end = item.end() if item else position + 1
            body = _as_body(items[position:end].strip(), lexicon)
        if body is None:
            return None
        bodies.append(body)
        separator = _SEPARATOR.match(items, end)
        position = separator.end() if separator else end
    return bodies


_TRAILING_ETC = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")
_SEPARATOR = re.compile(r"(?:、|，|以及|及|和|与)+")
_ITEM = re.compile(r"(?:[^、，（]|（[^（）]*）)+")  # up to the next separator outside brackets


def _name_at(text: str, position: int, lexicon: Lexicon, unknown: re.Pattern) -> tuple[_Body, int] | None:
    """The body named at `position` and where its name ends: a lexicon name (unless it is part of a person's
    title), else an unknown organisation name as `unknown` delimits it."""
    known = lexicon.match_at(text, position)
    if known:
        return None if _TITLES.match(text, known.end) else (_Body(known.name, known.entry), known.end)
    match = unknown.match(text, position)
    if match:
        body = _as_body(match.group(1), lexicon)
        return (body, match.end(1)) if body else None
    return None


# --- explicit parentheticals -----------------------------------------------------------------------------
_PARENTHETICAL = re.compile(r"（((?:[^（）]|（[^（）]*）){2,300})）")
_CLAUSE_SPLIT = re.compile(r"[，；。]")
_FIRST_IS_LEAD = re.compile(r"^列?第一位(?:者|的)?(?:为|是)牵头(?:单位|部门)")
_IGNORABLE_CLAUSE = re.compile(r"^(?:下同|分别负责|各负其责|按职责分工负责|.*(?:年|月|日|前|起|底|内)(?:完成|见效)?)$")
_LABELLED = re.compile(r"^(?P<label>负责|责任|主责|主办|牵头|参与|配合|协办|协助)(?:单位|部门)：(?P<list>.+)$")
_WITH = re.compile(r"^(?P<lead>.+?)会同(?P<list>.+?)(?:按职责分工|共同|分别)?(?:负责|推进|落实|实施)?$")
_VERB_CLAUSE = re.compile(
    r"^(?P<list>.+?)(?:按职责分工|按职能分工|分别|共同|依职责)?(?P<verb>负责|牵头|参与|配合|协助|参加|协办)$"
)
# Every assigning clause holds one of these, in its role word (负责 责任 主办 牵头 参与 配合 协助 会同 …)
_ROLE_CHARACTERS = "责主牵参配协会"
# "responsible" is resolved by _roles: lead when alone, else co_lead (or lead for the first, see above)
_ROLE_WORDS = {"牵头": "lead", "参与": "participant", "配合": "participant", "协办": "participant",
               "协助": "participant", "参加": "participant"}  # fmt: skip

_Assignment = list[tuple[list[_Body], str]]  # (bodies, role word) pairs


def closing_assignment(sub_items: str, lexicon: Lexicon) -> str:
    """The parenthetical that assigns a list of sub-items as a whole, which their parent reads too
    (extract.extraction_text); "" when there is none. `sub_items` is the folded text of an item's sub-items.

    It closes the list and is the only assigning parenthetical in it, and the list is the parent's own
    paragraph (`（五）…：1.…。2.…。3.…。（教育部牵头，财政部配合）`) or it stands on a line of its own after the
    list. At the end of the last of several paragraph items it is that item's alone."""
    ending = sub_items.rstrip("。；; \n")
    if not ending.endswith("）"):
        return ""  # (most lists)
    closing = None
    for match in _PARENTHETICAL.finditer(ending):
        if _parenthetical_roles(match.group(1), lexicon):
            if closing is not None:
                return ""  # the items are assigned one by one
            closing = match
    if closing is None or closing.end() != len(ending):
        return ""
    own_line = ending[: closing.start()].rstrip(" ").endswith("\n")
    return closing.group() if own_line or "\n" not in ending else ""


def _parentheticals(parentheticals: list[re.Match], lexicon: Lexicon) -> list[_Found]:
    found = []
    for match in parentheticals:
        for body, role in _parenthetical_roles(match.group(1), lexicon):
            found.append(_Found(match.start(), _mention(body, role, match.group(), "parenthetical", "explicit")))
    return found


def _parenthetical_roles(content: str, lexicon: Lexicon) -> list[tuple[_Body, str]]:
    """(body, role) for each body of a parenthetical; none unless every clause is understood."""
    if not any(character in content for character in _ROLE_CHARACTERS):
        return []  # most parentheticals assign nothing: a label, a date, a note
    clauses = [c.strip() for c in _CLAUSE_SPLIT.split(content) if c.strip()]
    first_is_lead = any(_FIRST_IS_LEAD.match(c) for c in clauses)
    roles = []
    for clause in clauses:
        if _FIRST_IS_LEAD.match(clause) or _IGNORABLE_CLAUSE.match(clause):
            continue
        assignment = _clause_assignment(clause, lexicon)
        if assignment is None:
            return []
        roles.extend(_roles(assignment, first_is_lead))
    return roles


def _clause_assignment(clause: str, lexicon: Lexicon) -> _Assignment | None:
    labelled = _LABELLED.match(clause)
    if labelled:
        bodies = split_body_list(labelled["list"], lexicon)
        return [(bodies, _ROLE_WORDS.get(labelled["label"], "responsible"))] if bodies else None
    with_ = _WITH.match(clause)
    if with_:
        lead, others = split_body_list(with_["lead"], lexicon), split_body_list(with_["list"], lexicon)
        return [(lead, "lead"), (others, "participant")] if lead and others else None
    verb = _VERB_CLAUSE.match(clause)
    if verb:
        bodies = split_body_list(verb["list"], lexicon)
        return [(bodies, _ROLE_WORDS.get(verb["verb"], "responsible"))] if bodies else None
    return None


def _roles(assignment: _Assignment, first_is_lead: bool) -> list[tuple[_Body, str]]:
    roles = []
    for bodies, role in assignment:
        for index, body in enumerate(bodies):
            if role in ("responsible", "lead") and len(bodies) > 1:
                roles.append((body, "lead" if first_is_lead and index == 0 else "co_lead"))
            else:
                roles.append((body, "lead" if role == "responsible" else role))
    return roles


# --- explicit sentence patterns --------------------------------------------------------------------------
_BY = re.compile(r"由")
_AGENT_VERBS = (
    r"(?:负责|牵头|统一|统筹|协调|组织|承担|会同|审批|审核|确定|制定|实施|解决|研究|指导|监督|管理|认定|核定|"
    r"报|按|依法|根据|结合|另行|及时|商|提出|编制|印发|开展|落实|给予)"
)
_AGENT_VERB = re.compile(_AGENT_VERBS)
_UNKNOWN_AGENT = re.compile(rf"([{IDEOGRAPH}][{IDEOGRAPH}（）]{{1,20}}?{ORG_SUFFIX})(?={_AGENT_VERBS})")


def _by_agent(text: str, lexicon: Lexicon, masked: _Masked) -> list[_Found]:
    found = []
    for match in _BY.finditer(text) if "由" in text else ():  # (a test in C spares most texts the scan)
        position = match.end()
        named = _name_at(text, position, lexicon, _UNKNOWN_AGENT)
        if not named or position in masked:
            continue
        body, end = named
        if _AGENT_VERB.match(text, end) or (body.entry and not text.startswith(("的", "之"), end)):
            found.append(_Found(position, _mention(body, "lead", _sentence(text, position), "by_agent", "explicit")))
    return found


# --- inferred sentence patterns --------------------------------------------------------------------------
_UNKNOWN_SUBJECT = re.compile(rf"([{IDEOGRAPH}][{IDEOGRAPH}（）]{{1,20}}?{ORG_SUFFIX})(?={_MODAL})")
_SUFFIX_BEFORE_MODAL = re.compile(rf"{ORG_SUFFIX}(?={_MODAL})")
_UNKNOWN_NAME_BEFORE_MODAL = re.compile(rf"(?:同时|此外|另外|其中)?([{IDEOGRAPH}][{IDEOGRAPH}（）]{{1,20}})$")
_CHARGED = re.compile(r"负责|牵头")
_SUBJECT_JOINER = re.compile(r"(?:、|和|及|与|以及)?")  # 各地区各部门: no joiner
_ACTION_START = re.compile(rf"[{IDEOGRAPH}]")


def _clause_subjects(text: str, lexicon: Lexicon, masked: _Masked) -> list[_Found]:
    found = []
    for position in _clause_opening_candidates(text, lexicon):
        subjects, end = _subject_list(text, position, lexicon)
        if not subjects or not _opens_action(text, end) or position in masked:
            continue
        evidence = _sentence(text, position)
        charged = _CHARGED.match(text, end)
        for body in subjects:
            if charged:
                role = "lead" if len(subjects) == 1 else "co_lead"
                found.append(_Found(position, _mention(body, role, evidence, "subject_charged", "explicit")))
            else:
                found.append(_Found(position, _mention(body, "implementer", evidence, "clause_subject")))
    return found


def _clause_opening_candidates(text: str, lexicon: Lexicon) -> list[int]:
    """Positions where a clause opens with a lexicon name or an unknown name + modal. Scanning for names
    (one regex each, in C) and then checking the clause start is much faster than trying every clause."""
    names = lexicon.finditer(text) if _may_open_with_a_name(text, lexicon) else ()
    starts = [m.start for m in names if _opens_clause(text, m.start)]
    for suffix in _SUFFIX_BEFORE_MODAL.finditer(text):
        # an organisation suffix right before a modal (…办公室要): is the whole clause up to it a name?
        window = max(0, suffix.start() - 22)
        mark = max(text.rfind(mark, window, suffix.start()) for mark in "，。；：！？\n")
        if mark == -1 and window > 0:
            continue  # no clause start close enough: the name would be too long
        name = _UNKNOWN_NAME_BEFORE_MODAL.match(text, mark + 1, suffix.end())
        if name:
            starts.append(name.start(1))
    return sorted(set(starts))


def _may_open_with_a_name(text: str, lexicon: Lexicon) -> bool:
    """Whether a lexicon name may open a clause (see _opens_clause). Few clauses open with one: trying names only
    at the text's start and after clause marks rules most texts out faster than the scan for every name."""
    return bool(
        lexicon.match_at(text, 0)
        or (text.startswith(_OPENER_WORDS) and lexicon.match_at(text, 2))
        or _name_after(lexicon, _CLAUSE_START).search(text)
    )


@cache
def _name_after(lexicon: Lexicon, before: str) -> re.Pattern:
    """A lexicon name right after the pattern `before`: a cheaper scan than the one for every name, when `before`
    is rare (the test of the name's first character spares most of its matches the walk through the names)."""
    first = re.escape("".join(sorted(lexicon.first_characters)))
    return re.compile(rf"(?:{before})(?=[{first}])(?:{lexicon.names_pattern})")


def _opens_clause(text: str, position: int) -> bool:
    """At the text's start, after a clause mark, or after 同时/此外… that follow one."""
    if text.startswith(_OPENER_WORDS, position - 2):
        position -= 2
    return position == 0 or text[position - 1] in _CLAUSE_MARKS


def _opens_action(text: str, end: int) -> bool:
    """Whether the words after a clause-opening name make it the one who acts: not 的/之/等 (a modifier), not a
    preposition (党中央从…出发), no reporting verb close by (党中央认为), not a bare name line (中共中央 国务院)."""
    if not _ACTION_START.match(text, end) or text.startswith(("的", "之", "等"), end) or _PREPOSITION.match(text, end):
        return False
    return not _REPORTING.search(text[end : end + 8].split("，")[0])


def _subject_list(text: str, position: int, lexicon: Lexicon) -> tuple[list[_Body], int]:
    """Bodies listed at `position` (A、B和C), and where the list ends; unknown names need a modal after them."""
    subjects: list[_Body] = []
    end = position
    while named := _name_at(text, end, lexicon, _UNKNOWN_SUBJECT):
        subjects.append(named[0])
        end = named[1]
        joiner = _SUBJECT_JOINER.match(text, end)
        if not _name_at(text, joiner.end(), lexicon, _UNKNOWN_SUBJECT):
            break
        end = joiner.end()
    return subjects, end


_ADDRESSING = re.compile(r"支持|鼓励|引导|指导|要求|督促|推动|允许|组织|动员|责成|授权")


def _addressed_actors(text: str, lexicon: Lexicon, masked: _Masked) -> list[_Found]:
    found = []
    if not _name_after(lexicon, _ADDRESSING.pattern).search(text):
        return found  # (most texts address no known body, though most hold an addressing word)
    for match in _ADDRESSING.finditer(text):
        known = lexicon.match_at(text, match.end())
        if not known or text.startswith(("的", "之"), known.end) or _TITLES.match(text, known.end):
            continue
        if match.start() not in masked:
            body, evidence = _Body(known.name, known.entry), _sentence(text, match.start())
            found.append(_Found(known.start, _mention(body, "implementer", evidence, "addressed_actor")))
    return found


_ROLE_OF = re.compile(r"发挥(?:好|充分|更好)?")
_CLAUSE_END = re.compile(r"[，。；]")
_UNKNOWN_ROLE_HOLDER = re.compile(rf"([{IDEOGRAPH}]{{2,24}}{ORG_SUFFIX})(?=(?:的[{IDEOGRAPH}、]{{0,12}})?作用)")
_RESPONSIBILITY_OF = re.compile(
    rf"(?:落实|压实|压紧|明确|强化|夯实|履行)(?P<name>[{IDEOGRAPH}]{{2,24}}?)(?:的)?(?:工作|主体|属地|管理|监管|领导)?责任"
)


def _roles_of(text: str, lexicon: Lexicon, masked: _Masked) -> list[_Found]:
    found = []
    for match in _ROLE_OF.finditer(text) if "挥" in text else ():  # (a test in C spares most texts the scan)
        clause_end = _CLAUSE_END.search(text, match.end())
        clause = text[match.end() : clause_end.start() if clause_end else len(text)]
        named = _name_at(clause, 0, lexicon, _UNKNOWN_ROLE_HOLDER)
        if named and "作用" in clause[named[1] :] and match.start() not in masked:
            found.append(
                _Found(match.end(), _mention(named[0], "implementer", _sentence(text, match.start()), "role_of"))
            )
    # every such phrase ends in 责任, which most measures lack (the pattern is slow to rule out: a repeat per verb)
    responsibilities = _RESPONSIBILITY_OF.finditer(text) if "责任" in text else ()
    for match in responsibilities:
        body = _as_body(match["name"], lexicon)
        if body and match.start() not in masked:
            found.append(
                _Found(match.start("name"), _mention(body, "implementer", _sentence(text, match.start()), "role_of"))
            )
    return found


_SECTOR_LIST = re.compile(
    rf"((?:[{IDEOGRAPH}]{{1,12}}、)+[{IDEOGRAPH}]{{1,12}}?)等?(?:政府|有关|相关|职能|行业主管)?部门$"
)
_DEPARTMENTS = re.compile("部门")
_SECTOR_WINDOW = 160
_NOT_IN_LISTS = "，。；：！？（）“”《》\n "  # the commonest characters a sector list cannot hold (only Chinese and 、)
_LAST_COMMA_REACH = 12 + 1 + 4 + 1  # the last item, 等, a qualifier (行业主管): its 、 is no further from 部门


def _sector_lists(text: str, lexicon: Lexicon, masked: _Masked) -> list[_Found]:
    found: list[_Found] = []
    for department in _DEPARTMENTS.finditer(text) if "门" in text else ():  # (spares most texts the scan)
        if "、" not in text[max(0, department.start() - _LAST_COMMA_REACH) : department.start()]:
            continue  # no list ends here (most 部门): spare the regex its window
        # the list ends just before 部门: read only a window there (scanning the whole text is slow), from after
        # the last mark a list cannot hold (the pattern opens with a repeat: the engine tries every position)
        window_start = max(0, department.start() - _SECTOR_WINDOW)
        last_mark = max(text.rfind(mark, window_start, department.start()) for mark in _NOT_IN_LISTS)
        match = _SECTOR_LIST.search(text, max(window_start, last_mark + 1), department.end())
        if not match:
            continue
        items = match.group(1).split("、")
        items[0] = _known_tail(items[0], lexicon)
        sectors = [_Body(item, lexicon.lookup_in_list(item)) for item in items if item]
        if sum(1 for sector in sectors if sector.entry) < 2 or match.start() in masked:
            continue
        evidence = _sentence(text, match.start())
        found.extend(
            _Found(match.start(), _mention(sector, "participant", evidence, "sector_list")) for sector in sectors
        )
    return found


def _known_tail(first_item: str, lexicon: Lexicon) -> str:
    """The list's first item is glued to the words before it (充分利用民政): keep its longest known tail."""
    for start in range(len(first_item)):
        if lexicon.lookup_in_list(first_item[start:]):
            return first_item[start:]
    return ""
