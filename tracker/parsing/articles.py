"""Split a normalised page into articles and read each article's metadata.

A page cuts into segments at the genre's hard boundaries: continuation marks (`（上接第一版）`), a trailing
dateline (`（新华社北京11月16日电）`), a run of blank lines, a paragraph opening with a dateline, a markdown title,
and the title of a document printed under the notice that issues it (named in 《》 in the notice; it takes the
notice's date when it prints none). Headlines are the short unpunctuated paragraphs around a segment's body.
A run of them between two bodies may belong to either (newspapers print jump heads and some headlines after
the body): the run is cut where each side's headlines share most words with their own body, with a small
preference for headlines before bodies; markdown headings always belong to the body after them.

Titles leave out the lines around them that are metadata: issuers (`中共中央 国务院`), a byline (`习近平`),
the document's number and date, a kicker ending in a colon (`外交部：`), and, after a body, display quotes
taken from it. With no headline at all the title is the name of the document a news item carries (`发布关于…的
通知`), else the article's first clause (`title_inferred`). The kind
comes from the genre's marks, in order: a law's 第X条; quotations each followed by its (dated source); a
speech's title or byline; the document type the title ends with (意见, 通知 …); 考察 (inspection);
通电话 in the lead (phone call); meetings (召开…会议, 会见, 会晤, 会议强调 …); a dateline (news); a page that opens
with an item's number and goes on numbered (printed from inside a document: a policy document); else a story.

Dates: `date_written` only from a date printed for the document (`（2020年12月16日）`, or a law's adoption note
`（2021年4月29日…会议通过）`); `date_published` from
a dateline. A dateline gives month and day; its year is the first such date on or after the written date,
or the latest on or before the date the page was printed, or the year of another dateline of the same page
with the same month and day; otherwise it stays unknown. The date a page was printed is its source line
(`《人民日报》（2026年01月05日第01版）`, a metadata line like `来源：…`, never part of a title) or an archive's front
matter (markdown.py), which also gives the first article its title when none is printed; with no dateline
that date is the article's `date_published`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from datetime import date

from tracker.parsing import labels
from tracker.parsing.characters import IDEOGRAPH
from tracker.parsing.doc_types import DOC_TYPES
from tracker.parsing.markdown import FrontMatter
from tracker.parsing.normalise import DATELINE, DOCUMENT_NUMBER, FULL_DATE, Normalised, bigrams, match_dateline
from tracker.parsing.numerals import CN_DIGITS, CN_SMALL_UNITS, to_int

_SENTENCE_END = "。！？!?"
# A document released inside a news item: 中共中央 国务院印发《乡村振兴战略规划》 … 主要内容如下; also named
# without 《》: 安徽省人民政府发布关于…重点工作及责任分解的通知
_RELEASED = re.compile(
    r"(?:印发|发布|公布|出台|颁布)了?(?:《(?P<name>[^《》]{2,80})》"
    rf"|(?P<about>关于[^，。；：,;:《》]{{2,60}}?的(?:{'|'.join(DOC_TYPES)})))"
)
_LEAD_REACH = 300  # characters of a news item's opening where the document it carries is named
_MIN_RELEASED_ITEMS = 2  # numbered paragraphs that make the article the document, not a story about it
_ORGAN = re.compile(
    r"^(?:中共中央|国务院|全国人大常委会|全国人民代表大会(?:常务委员会)?|中央军委|全国政协|最高人民法院|最高人民检察院|"
    rf"[{IDEOGRAPH}]{{1,16}}?(?:委员会|办公厅|办公室|人民政府|政府|党委|部|委|局|署|院|行|会|组))$"
)
_PAIRED_MARKS = (("《", "》"), ("（", "）"), ("(", ")"))  # a title inside an open one goes on
_TITLE_CONTINUES = "的关于和与及对在为同把将"  # a headline line ending so goes on on the next line
_PUBLICATION_NOTE = re.compile(r"[（(]此件[^）)]{1,8}[）)]")  # （此件公开发布） under a signature
# A law's or regulation's adoption note under its title; its first date is the date it was adopted:
# （2021年4月29日第十三届全国人民代表大会常务委员会第二十八次会议通过）, （2019年3月2日国务院令第713号公布…）
_ADOPTION_NOTE = re.compile(
    r"[（(](\d{4})年(\d{1,2})月(\d{1,2})日[^（）()]{0,80}?(?:通过|公布|发布|印发|批准)[^（）()]{0,80}[）)]"
)
# A page's source line, as archives print it over the article: 《人民日报》（2026年01月05日第01版）, 来源：新华社
_SOURCE_LINE = re.compile(
    r"^(?:来源[：:][^，。]{0,30}|《[^》]{2,12}》[（(]?(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2})[^（）()]{0,12}[）)]?)$"
)
_SOURCE_DATE = re.compile(r"(\d{4})[年-](\d{1,2})[月-](\d{1,2})")
_PERSON = re.compile(rf"^[{IDEOGRAPH}]{{2,4}}$")
# A line of its own that attributes a quotation: （2020年2月20日给比尔·盖茨的回信）
_ATTRIBUTION_LINE = re.compile(r"^[（(]\d{4}年\d{1,2}月(?:\d{1,2}日)?[^）)\n]*[）)]$", re.MULTILINE)
_MIN_ATTRIBUTIONS = 3  # dated attributions that make a page a compilation of quotations
_PHONE_CALL = re.compile(r"通电话|通话")
_MEETING = re.compile(r"召开[^，,。；;]{0,12}会议|主持[^，,。；;]{0,6}会议|会见|会谈|会晤|举行会议")
_MEETING_SAYS = re.compile(r"会议(?:强调|指出|认为|要求|决定)")
_INSPECTION = re.compile(r"考察|调研|视察")
_SPEECH = re.compile(r"讲话|说明|发言(?!人)|致辞|演讲|报告$")
_LAW = re.compile(r"(?:法|条例|规定)$")
_LAW_ARTICLE = re.compile(rf"^第[{CN_DIGITS}{CN_SMALL_UNITS}]+条", re.MULTILINE)
_NOT_A_WORD_CHARACTER = re.compile(rf"[^{IDEOGRAPH}\w]")
_HEADLINE_MAX = 60  # characters: longer paragraphs are never headlines (but for a document's long title)
_DOCUMENT_TITLE_MAX = 200
_TITLE_LINES_MAX = 4  # lines a title is printed over
# The name of a document in 《》, itself perhaps citing one (《山西省贯彻落实〈促进…规划〉工作方案》, 〈〉 read as 《》)
_ISSUED_NAME = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")


@dataclass(frozen=True)
class ArticleDraft:
    """An article before its outline: paragraph indices into the normalised page, and metadata."""

    first: int  # index of its first paragraph
    last: int  # index of its last paragraph (inclusive)
    body_first: int  # where the body (the text the outline is read from) starts and ends
    body_last: int
    title: str
    title_inferred: bool
    kind: str
    issuers: tuple[str, ...]
    date_written: date | None
    dateline: tuple[int | None, int | None, int | None] | None  # (year, month, day) as printed, None if none
    date_published: date | None
    document_number: str | None
    doc_type: str | None
    date_printed: date | None = None  # the date of the page it was printed on (its source line, front matter)


def split_articles(page: Normalised) -> list[ArticleDraft]:
    view = _Page(page)
    issued = _titles_of_issued_documents(view)
    segments = _assign_headlines(view, _segments(view, issued))
    drafts = [_draft(view, segment, page.front_matter if k == 0 else None) for k, segment in enumerate(segments)]
    for k in range(1, len(drafts)):
        if segments[k][0] in issued and drafts[k].date_written is None:
            # a document printed under the notice that issues it is of the notice's date
            drafts[k] = replace(drafts[k], date_written=drafts[k - 1].date_written)
    return _resolve_dateline_years(drafts)


# --------------------------------------------------------------------------------------- roles

MARK, TRAILER, HEADLINE, BODY = "mark", "trailer", "headline", "body"


class _Page:
    """The paragraphs of a normalised page with their texts, markdown levels, datelines and roles."""

    def __init__(self, page: Normalised):
        self.paragraphs = page.paragraphs
        self.texts = page.paragraph_texts()
        self.datelines = [match_dateline(text) for text in self.texts]  # read by role, segment and article
        self.roles = [
            _role(p.mark, p.heading_level, text, dateline)
            for p, text, dateline in zip(self.paragraphs, self.texts, self.datelines, strict=True)
        ]

    def is_body(self, index: int) -> bool:
        return self.roles[index] == BODY

    def body_sample(self, segment: list[int], reach: int = 2000) -> str:
        """The opening of a segment's body, where its headlines' words are found (bounded, for speed)."""
        sample, size = [], 0
        for i in segment:
            if self.roles[i] == BODY and size < reach:
                sample.append(self.texts[i])
                size += len(self.texts[i])
        return "".join(sample)


def _role(mark: str | None, heading_level: int, text: str, dateline: re.Match | None) -> str:
    if mark:
        return MARK
    if dateline and _is_trailer(text, dateline):
        return TRAILER
    if not dateline and _is_headline(text, heading_level):
        return HEADLINE
    return BODY


def _is_trailer(text: str, dateline: re.Match) -> bool:
    """A dateline with nothing after it: `（新华社北京11月16日电）`, or `新华社北京3月22日电` alone."""
    rest = text[dateline.end() :].strip()
    return rest in ("", "）", ")") or bool(re.fullmatch(r"[（(]记者[^）)]*[）)]", rest))


def _is_headline(text: str, heading_level: int) -> bool:
    """(`text` opens with no dateline.)"""
    if len(text) > _HEADLINE_MAX and not heading_level and not _is_long_document_title(text):
        return False  # most paragraphs: too long for a headline, a date or a publication note
    if labels.opens_with_label(text) or labels.is_table_of_contents(text):
        return False
    if heading_level:
        return True  # a markdown heading
    if FULL_DATE.fullmatch(text) or _PUBLICATION_NOTE.fullmatch(text):
        return True  # the document's date under its title or in its signature
    if text[0] in "（(" and text[-1] in "）)":
        return False  # a source note, a parenthetical
    return text[-1] not in _SENTENCE_END + "”" and "。" not in text


def _is_long_document_title(text: str) -> bool:
    """A notice that issues several documents names them all in its title (`关于印发《…》、《…》的通知`): a
    headline however long, when it ends in a document's type and holds no sentence."""
    return len(text) <= _DOCUMENT_TITLE_MAX and text.endswith(DOC_TYPES) and not any(c in text for c in "。；;")


# ------------------------------------------------------------------------------------ segments


@dataclass
class _Segment:
    indices: list[int]
    after_hard_break: bool  # starts after a continuation mark, a trailing dateline or a run of blank lines


def _segments(page: _Page, issued_titles: set[int]) -> list[_Segment]:
    """Cut the page at its boundaries (`issued_titles`: _titles_of_issued_documents); continuation marks are left
    out of every segment."""
    segments = [_Segment([], True)]
    signed_titles = _titles_over_bylines(page)
    for index, role in enumerate(page.roles):
        paragraph = page.paragraphs[index]
        hard = role == MARK or paragraph.gap_before >= 3 or index in signed_titles or index in issued_titles
        soft = paragraph.heading_level == 1 or (role == BODY and page.datelines[index] is not None)
        if hard or (soft and segments[-1].indices):
            follows_hard_break = not segments[-1].indices and segments[-1].after_hard_break
            segments.append(_Segment([], hard or follows_hard_break))
        if role != MARK:
            segments[-1].indices.append(index)
        if role == TRAILER:
            segments.append(_Segment([], True))
    return [segment for segment in segments if segment.indices]


def _titles_over_bylines(page: _Page) -> set[int]:
    """Where a headline run ends in a byline (`在…会上的讲话` / `习近平`) after a body: a new article surely starts."""
    starts = set()
    for index, text in enumerate(page.texts):
        if page.roles[index] != HEADLINE or not _is_byline(text):
            continue
        first = index
        while first > 0 and page.roles[first - 1] == HEADLINE:
            first -= 1
        if first < index and first > 0 and page.roles[first - 1] == BODY:
            starts.add(first)
    return starts


def _titles_of_issued_documents(page: _Page) -> set[int]:
    """Where a notice that issues a document (`现将《…》印发给你们`, `附件：1、《…》`) is followed by that document,
    its title (one headline or several, after the notice's signature and date) starts an article of its own."""
    starts: set[int] = set()
    issued: set[str] = set()  # names in 《》 (or 〈〉 inside them) of the bodies read so far
    for index, text in enumerate(page.texts):
        role = page.roles[index]
        if role == BODY and "《" in text:
            issued.update(_ISSUED_NAME.findall(text.replace("〈", "《").replace("〉", "》")))
        elif role == HEADLINE and issued:
            title = ""
            for following in range(index, min(index + _TITLE_LINES_MAX, len(page.texts))):
                if page.roles[following] != HEADLINE:
                    break
                title += page.texts[following].replace("〈", "《").replace("〉", "》")
                if title in issued:
                    starts.add(index)
                    break
    return starts


def _assign_headlines(page: _Page, segments: list[_Segment]) -> list[list[int]]:
    """Give each run of headlines between two bodies to the body it belongs to."""
    assigned: list[list[int]] = []
    pending: list[int] = []  # headlines after the last body, not yet given to one
    for segment in segments:
        indices = segment.indices
        if segment.after_hard_break and assigned:
            assigned[-1] += pending  # nothing crosses a hard break
            pending = []
        anchored = [k for k, i in enumerate(indices) if page.roles[i] in (BODY, TRAILER)]
        if not anchored:
            pending += indices
            continue
        run = pending + indices[: anchored[0]]
        if assigned and pending:
            cut = _cut_run(page, run, page.body_sample(assigned[-1]), page.body_sample(indices))
            assigned[-1] += run[:cut]
            run = run[cut:]
        assigned.append(run + indices[anchored[0] : anchored[-1] + 1])
        pending = indices[anchored[-1] + 1 :]
    if assigned:
        assigned[-1] += pending
    elif pending:
        assigned.append(pending)
    return assigned


def _cut_run(page: _Page, run: list[int], body_before: str, body_after: str) -> int:
    """How many headlines at the start of `run` belong to the body before it (the rest go to the body after)."""
    before_shares = [_share(page.texts[i], body_before) for i in run]  # each headline's, once for every cut
    after_shares = [_share(page.texts[i], body_after) + 0.1 for i in run]
    scores = [sum(before_shares[:cut]) + sum(after_shares[cut:]) for cut in range(len(run) + 1)]
    best = max(range(len(scores)), key=lambda cut: (scores[cut], -cut))
    first_markdown = next((k for k, i in enumerate(run) if page.paragraphs[i].heading_level), len(run))
    return min(best, first_markdown)


def _share(text: str, body: str) -> float:
    """The share of a headline's words (pairs of ideographs) found in a body sample. (A pair of ideographs
    is among the body's bigrams exactly when it occurs in its text: a few `in` tests cost less than the
    body's set of bigrams.)"""
    own = bigrams(text)
    return sum(pair in body for pair in own) / len(own) if own else 0.0


# ------------------------------------------------------------------------------------ metadata


def _draft(page: _Page, segment: list[int], front_matter: FrontMatter | None = None) -> ArticleDraft:
    body = [i for i in segment if page.is_body(i)] or segment
    body_first, body_last = body[0], body[-1]
    prefix = [i for i in segment if i < body_first and page.roles[i] == HEADLINE]
    suffix = [i for i in segment if i > body_last and page.roles[i] == HEADLINE]
    headlines = prefix or suffix
    body_text = "\n".join(page.texts[i] for i in range(body_first, body_last + 1))
    lines = [page.texts[i] for i in headlines]
    issuers = tuple(name for line in lines if _is_issuer_line(line) or _is_byline(line) for name in line.split())
    title_lines = _title_lines(page, headlines, from_suffix=not prefix, body_text=body_text)
    title = _join_title_lines(title_lines)
    if not title and front_matter and front_matter.title:
        title = front_matter.title
        title_lines = [title]
    title_inferred = not title
    if title_inferred:
        # A news item without a headline carrying a document is named by the document (安徽省人民政府发布关于…的通知)
        lead = page.texts[body_first]
        title = (_may_name_a_document(lead) and _released_name("", body_text)) or _first_sentence(lead)
    elif not issuers:
        issuers = _issuers_in_title(title)
    dateline = _dateline(page, segment)
    return ArticleDraft(
        first=segment[0],
        last=segment[-1],
        body_first=body_first,
        body_last=body_last,
        title=title,
        title_inferred=title_inferred,
        kind=_kind(" ".join(title_lines), lines, body_text),
        issuers=issuers,
        date_written=_date_written(page, segment, body_first) or (front_matter and front_matter.date_written),
        dateline=dateline,
        date_published=None,
        document_number=_document_number(page, segment),
        doc_type=(_doc_type(title) if not title_inferred else None) or _released_doc_type(title, body_text),
        date_printed=_date_printed(page, segment) or (front_matter and front_matter.date_published),
    )


def _date_printed(page: _Page, segment: list[int]) -> date | None:
    """The date of the source line over the article, if it has one."""
    for index in segment[:6]:
        text = page.texts[index]
        match = _SOURCE_DATE.search(text) if _is_source_line(text) else None
        if match:
            return _safe_date(*map(int, match.groups()))
    return None


def _is_source_line(line: str) -> bool:
    return line[:1] in "《来" and _SOURCE_LINE.match(line) is not None


def _title_lines(page: _Page, headlines: list[int], from_suffix: bool, body_text: str) -> list[str]:
    """The headline lines that make the title: not the issuers, byline, date or kicker (`外交部：`)."""
    markdown_titles = [i for i in headlines if page.paragraphs[i].heading_level == 1]
    candidates = markdown_titles or headlines
    lines = [
        page.texts[i]
        for i in candidates
        if not (
            _is_issuer_line(page.texts[i])
            or _is_byline(page.texts[i])
            or FULL_DATE.fullmatch(page.texts[i])
            or DOCUMENT_NUMBER.fullmatch(page.texts[i])
            or _is_source_line(page.texts[i])
            or page.texts[i][-1] in "：:"
        )
    ]
    if from_suffix:
        # After the body, a page also prints quotations from it as display lines: not the title.
        plain_body = _plain(body_text)
        own = [line for line in lines if _plain(line) not in plain_body]
        lines = own or lines
    return lines


def _join_title_lines(lines: list[str]) -> str:
    """Headlines side by side are separated by a space; a title broken over lines (`…关于印发` / `…的通知`) is not."""
    title = ""
    for line in lines:
        glue = "" if not title or _title_goes_on(title, line) else " "
        title += glue + line
    return title


def _title_goes_on(title: str, line: str) -> bool:
    """Whether `line` carries on a title broken before it: after a word that needs more (…关于印发, …的), inside
    an open 《 or （, or where a document's title (…关于…) reaches the document's type only with `line`
    (`国务院关于推动内蒙古高质量发展` / `奋力书写中国式现代化新篇章的意见`)."""
    if title[-1] in _TITLE_CONTINUES or title.endswith("印发"):
        return True
    if any(title.count(opening) > title.count(closing) for opening, closing in _PAIRED_MARKS):
        return True
    return "关于" in title and _doc_type(title) is None and _doc_type(title + line) is not None


def _plain(text: str) -> str:
    return _NOT_A_WORD_CHARACTER.sub("", text)


def _is_byline(line: str) -> bool:
    """A speaker's or author's name alone on a line under the title: `习近平`."""
    return bool(_PERSON.match(line)) and not _ORGAN.match(line)


def _is_issuer_line(line: str) -> bool:
    """Organs above or below a title, side by side: `中共中央 国务院`, `国务院办公厅`."""
    names = line.split()
    return bool(names) and all(_ORGAN.match(name) for name in names)


def _issuers_in_title(title: str) -> tuple[str, ...]:
    """`国务院关于…的通知`, `中共中央 国务院关于…`: the organs named before 关于."""
    head, found, _rest = title.partition("关于")
    if not found or not head:
        return ()
    names = tuple(head.replace("、", " ").split())
    return names if all(_ORGAN.match(name) for name in names) else ()


def _first_sentence(text: str, limit: int = 40) -> str:
    match = DATELINE.match(text)
    text = text[match.end() :] if match else text
    text = re.sub(r"^\s*[（(][^）)]*记者[^）)]*[）)]\s*", "", text).strip()
    sentence = re.split(r"[。！？：]", text, maxsplit=1)[0]
    if sentence.startswith("“") and "”" not in sentence:
        sentence = sentence[1:]  # the quotation the story opens with is cut by its own full stop
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


def _dateline(page: _Page, segment: list[int]) -> tuple[int | None, int | None, int | None] | None:
    for index in segment:
        match = page.datelines[index]
        if match and page.roles[index] in (BODY, TRAILER):
            return tuple(int(g) if g else None for g in match.group("year", "month", "day"))  # type: ignore[return-value]
    return None


def _date_written(page: _Page, segment: list[int], body_first: int) -> date | None:
    """A full date alone on a line under the title, or at the foot of the document (after the signature); or
    the date of a law's adoption note under its title."""
    near_top = [i for i in segment if i <= body_first + 2]
    near_end = segment[-3:]
    for index in near_top + near_end:
        text = page.texts[index]
        match = FULL_DATE.fullmatch(text) or (index in near_top and _ADOPTION_NOTE.fullmatch(text))
        if match:
            try:
                return date(*map(to_int, match.groups()))
            except ValueError:
                return None
    return None


def _document_number(page: _Page, segment: list[int]) -> str | None:
    for index in segment[:6]:
        text = page.texts[index]
        # every number ends in 号: the check spares the regex (which opens with a repeat) a long paragraph
        match = DOCUMENT_NUMBER.search(text) if "号" in text else None
        if match:
            return match.group()
    return None


def _doc_type(title: str) -> str | None:
    """The kind the title gives itself: `…的意见`, `…办法（试行）`; what it cites in 《》 does not count."""
    plain = re.sub(r"《[^》]*》|[（(][^）)]*[）)]$", "", title).strip()
    return next((kind for kind in DOC_TYPES if plain.endswith(kind)), None)


def _released_name(title: str, body: str) -> str | None:
    """The name of the document a news item carries whole (`…印发《…规划》` in its title or lead, and the body
    numbered as the document is), or None."""
    match = _RELEASED.search(title) or _RELEASED.search(body, 0, _LEAD_REACH)
    if match is None:
        return None
    return (match["name"] or match["about"]) if _numbered_at_least(body, _MIN_RELEASED_ITEMS) else None


def _numbered_at_least(body: str, count: int) -> bool:
    """Whether at least `count` paragraphs of `body` open with an item's number."""
    numbered = (paragraph for paragraph in body.split("\n") if labels.opens_with_label(paragraph))
    return sum(1 for _ in zip(range(count), numbered, strict=False)) == count


def _may_name_a_document(text: str) -> bool:
    """A quick test before _RELEASED: every name it finds is in 《》 or opens with 关于."""
    return "《" in text or "关于" in text


def _released_doc_type(title: str, body: str) -> str | None:
    lead = body[:_LEAD_REACH]
    name = _released_name(title, body) if _may_name_a_document(title) or _may_name_a_document(lead) else None
    return _doc_type(name) if name else None


def _kind(title: str, headlines: list[str], body: str) -> str:
    """The article's kind (vocabulary.ARTICLE_KIND), from its printed title, byline and the shape of its body;
    a document released inside a news item is of the kind of the document."""
    plain_title = re.sub(r"《[^》]*》", "", title)
    lead = body.split("\n", 1)[0]
    released = _released_name(title, body) if _may_name_a_document(title) or _may_name_a_document(lead) else None
    if released:
        plain_title = re.sub(r"[（(][^）)]*[）)]$", "", released)
    if _LAW.search(plain_title) and _LAW_ARTICLE.search(body):
        return "law"
    if "（" in body or "(" in body:
        attributions = _ATTRIBUTION_LINE.finditer(body)  # (one scan in C; counting stops at the third)
        if sum(1 for _ in itertools.islice(attributions, _MIN_ATTRIBUTIONS)) == _MIN_ATTRIBUTIONS:
            return "quote_compilation"
    if _SPEECH.search(plain_title) or any(_is_byline(line) for line in headlines):
        return "speech"
    if _doc_type(title) or (released and _doc_type(released)):
        return "policy_document"
    if _INSPECTION.search(plain_title) or _INSPECTION.search(lead[:80]):
        return "inspection_report"
    if _PHONE_CALL.search(lead):
        return "phone_call_readout"
    if _MEETING.search(plain_title + lead) or len(_MEETING_SAYS.findall(body)) >= 2 or len(_MEETING.findall(body)) >= 2:
        return "meeting_readout"
    if DATELINE.match(lead) or re.search(r"[（(]记者", lead[:40]):
        return "news"
    if labels.opens_with_label(lead) and _numbered_at_least(body, _MIN_RELEASED_ITEMS + 1):
        return "policy_document"  # a page printed from inside a document: it opens with a part (二、…), not prose
    return "feature_story"


def _resolve_dateline_years(drafts: list[ArticleDraft]) -> list[ArticleDraft]:
    """Give each dateline its year: printed, after the written date, or from the page's other datelines."""
    resolved = [replace(d, date_published=_dateline_date(d.dateline, d.date_written, d.date_printed)) for d in drafts]
    page_years = {
        (d.date_published.month, d.date_published.day): d.date_published.year for d in resolved if d.date_published
    }
    result = []
    for draft in resolved:
        year_month_day = draft.dateline
        if draft.date_published is None and year_month_day and year_month_day[1] and year_month_day[2]:
            year = page_years.get((year_month_day[1], year_month_day[2]))
            if year:
                draft = replace(draft, date_published=_safe_date(year, year_month_day[1], year_month_day[2]))
        if draft.date_published is None and draft.date_printed:
            draft = replace(draft, date_published=draft.date_printed)
        result.append(draft)
    return result


def _dateline_date(
    dateline: tuple[int | None, int | None, int | None] | None, written: date | None, printed: date | None
) -> date | None:
    if not dateline or not dateline[1] or not dateline[2]:
        return None
    year, month, day = dateline
    if year:
        return _safe_date(year, month, day)
    if written is None:
        if printed is None:
            return None
        candidate = _safe_date(printed.year, month, day)  # the news is printed on its day or after
        return _safe_date(printed.year - 1, month, day) if candidate and candidate > printed else candidate
    candidate = _safe_date(written.year, month, day)
    if candidate and candidate < written:
        candidate = _safe_date(written.year + 1, month, day)
    return candidate


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
