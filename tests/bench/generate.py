"""A deterministic benchmark corpus in the genre's shape, loaded into PostgreSQL by COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/luoshi_bench .venv/bin/python -m tests.bench.generate 1000000

N measures (default 1,000,000) in documents of 20–200 items (about 12,000 documents at 1M; a skewed size,
most documents short as in real work), numbered as State Council opinions are (parts 一、二、, items
（一）（二） numbered on through the parts, some sub-items 1. 2.: paths like 三/（七） and 三/（七）/2). Each
document has a date in 2018–2026, one or two issuers and one witness (a source file whose text is its items,
with each measure's span in it). Bodies: the parser's lexicon (central Party and State organs, sectors) plus the
people's governments and main departments of the 31 provinces, a few hundred in all. Each measure has one to
three responsible bodies (a lead first), a status history of one to four dated entries (the parser's at the
document's date, then people's, up to late 2026) with the stored status its latest, time frames for most
(deadlines 到2025年, periods 过渡期内 / "十四五"期间, starts), targets for some (耕地保有量不少于18亿亩),
topics from its phrases, and text built from the phrases people search (耕地红线, 低保, 过渡期, 防止返贫,
高标准农田 …). MeasureLink rows (N / 5): a later measure → an earlier measure of an older document, with
mixed relations and reviews and spans inside each text.

`fill_corpus(n)` is the function other benchmarks import: it keeps a corpus of the right size and seed as it
is (the generator writes its size into the source files' names), else empties the tracker's tables and loads a
new one. The same n and seed give the same rows. Loading drops the big tables' secondary indexes, COPYs the
rows with foreign-key triggers off (the rows are consistent by construction), then rebuilds the indexes, the
dashboards' summary tables and the words' counts (tracker.lineage.word_counts), and VACUUMs and ANALYZEs: about
14 minutes for 1M here.
"""

from __future__ import annotations

import datetime
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
django.setup()

from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from tracker import models, summary  # noqa: E402
from tracker.lineage import word_counts  # noqa: E402
from tracker.parsing.topics import TOPICS  # noqa: E402
from tracker.search import search_tokens  # noqa: E402
from tracker.vocabulary import LINK_RELATION, STATUS  # noqa: E402

SEED = 20261203
LINKS_PER_MEASURE = 0.2
FIRST_DAY, LAST_DAY = datetime.date(2018, 1, 1), datetime.date(2026, 11, 30)
LEXICON = Path(__file__).resolve().parents[2] / "tracker/parsing/extract/bodies.json"
CORPUS_NAME = "bench-corpus-{n}-{seed}"  # the source files' name prefix: which corpus the database holds

PROVINCES = ("北京市", "天津市", "河北省", "山西省", "内蒙古自治区", "辽宁省", "吉林省", "黑龙江省", "上海市", "江苏省",
             "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "广西壮族自治区",
             "海南省", "重庆市", "四川省", "贵州省", "云南省", "西藏自治区", "陕西省", "甘肃省", "青海省",
             "宁夏回族自治区", "新疆维吾尔自治区")
PROVINCIAL_DEPARTMENTS = ("人民政府", "发展和改革委员会", "财政厅", "民政厅", "农业农村厅", "自然资源厅", "教育厅",
                          "人力资源和社会保障厅", "乡村振兴局", "卫生健康委员会")

# Phrases of the genre, each with the topic it speaks of (None: general). Searches people run are among them.
PHRASES: tuple[tuple[str, str | None], ...] = (
    ("坚决守住耕地红线", "土地"), ("严守18亿亩耕地红线", "土地"), ("建设高标准农田", "土地"),
    ("新建和改造提升高标准农田", "土地"), ("落实最严格的耕地保护制度", "土地"), ("规范农村宅基地管理", "土地"),
    ("完善农村低保制度", "社会保障"), ("将符合条件的对象纳入低保", "社会保障"), ("做好低保、特困供养等兜底保障", "社会保障"),
    ("加强农村低收入人口常态化帮扶", "社会保障"), ("健全社会救助体系", "社会保障"), ("做好残疾人关爱服务", "社会保障"),
    ("过渡期内保持主要帮扶政策总体稳定", None), ("设立5年过渡期", None), ("过渡期结束后做好政策衔接", None),
    ("健全防止返贫动态监测和帮扶机制", "防返贫监测"), ("坚决守住不发生规模性返贫的底线", "防返贫监测"),
    ("对易返贫致贫人口实施常态化监测", "防返贫监测"), ("运用大数据开展预警", "防返贫监测"),
    ("巩固拓展脱贫攻坚成果同乡村振兴有效衔接", None), ("全面推进乡村振兴", None), ("加快农业农村现代化", None),
    ("发展乡村特色产业", "产业发展"), ("培育农业产业化龙头企业", "产业发展"), ("深入开展消费帮扶", "产业发展"),
    ("促进农产品加工业发展", "产业发展"), ("支持脱贫地区打造区域公用品牌", "产业发展"),
    ("促进脱贫人口稳定就业", "就业"), ("加强劳务输出服务", "就业"), ("统筹用好乡村公益岗位", "就业"),
    ("开展职业技能培训", "就业"), ("支持返乡入乡创业", "就业"),
    ("落实控辍保学责任", "教育"), ("改善农村学校办学条件", "教育"), ("加强乡村教师队伍建设", "教育"),
    ("健全医疗保障制度", "医疗卫生"), ("做好大病专项救治", "医疗卫生"), ("提升县域医疗卫生服务能力", "医疗卫生"),
    ("做好易地扶贫搬迁后续扶持", "住房与搬迁"), ("实施农村危房改造", "住房与搬迁"), ("完善安置区配套设施", "住房与搬迁"),
    ("加大财政投入力度", "财政金融"), ("用好衔接推进乡村振兴补助资金", "财政金融"), ("完善小额信贷政策", "财政金融"),
    ("发展农业保险", "财政金融"), ("落实税收优惠政策", "财政金融"),
    ("加强农村基础设施建设", "基础设施"), ("推进农村公路建设", "基础设施"), ("巩固提升农村供水保障水平", "基础设施"),
    ("改善农村人居环境", "基础设施"), ("加强农田水利设施建设", "基础设施"),
    ("加强生态保护修复", "生态环境"), ("推进农业绿色发展", "生态环境"), ("加强农业面源污染治理", "生态环境"),
    ("选派驻村第一书记和工作队", "人才与干部"), ("加强乡村人才队伍建设", "人才与干部"), ("做好科技特派员工作", "人才与干部"),
    ("坚持五级书记抓乡村振兴", "组织领导与考核"), ("压实各级党委和政府责任", "组织领导与考核"),
    ("开展成效考核评估", "组织领导与考核"), ("加强督查检查和问责", "组织领导与考核"),
    ("深化东西部协作", "区域协作"), ("做好中央单位定点帮扶", "区域协作"), ("动员社会力量参与帮扶", "区域协作"),
    ("加强国际减贫交流合作", "国际合作"),
)
CLOSINGS = ("", "确保各项政策落地见效。", "形成长效机制。", "切实提高工作质量。", "及时研究解决突出问题。",
            "定期报告进展情况。", "确保不出现断档空窗。", "做到应保尽保。")
TITLES = ("关于{}的意见", "关于{}的实施意见", "关于做好{}工作的通知", "{}实施方案", "关于{}的指导意见",
          "{}工作要点", "关于加快{}的若干措施")
TITLE_SUBJECTS = ("巩固拓展脱贫攻坚成果同乡村振兴有效衔接", "全面推进乡村振兴重点工作", "防止返贫动态监测和帮扶",
                  "农村低收入人口常态化帮扶", "高标准农田建设", "耕地保护和粮食安全", "乡村产业发展", "农村人居环境整治",
                  "易地扶贫搬迁后续扶持", "脱贫人口稳岗就业", "社会救助兜底保障", "东西部协作和定点帮扶")
DOC_TYPES = ("意见", "通知", "方案", "决定", "办法")
KINDS = (("policy_document", 0.9), ("law", 0.03), ("speech", 0.04), ("meeting_readout", 0.03))
STATUS_VALUES = tuple(value for value, _, _ in STATUS if value != "not_yet_rated")
RELATIONS = tuple(value for value, _, _ in LINK_RELATION)
REVIEWS = (("suggested", 0.6), ("accepted", 0.3), ("rejected", 0.1))
TARGETS = (  # expression, indicator, comparator, value, unit, normalised value, normalised unit
    ("耕地保有量不少于18亿亩", "耕地保有量", "ge", Decimal(18), "亿亩", Decimal(1_800_000_000), "亩"),
    ("建成10亿亩高标准农田", "高标准农田", "", Decimal(10), "亿亩", Decimal(1_000_000_000), "亩"),
    ("粮食产量保持在1.3万亿斤以上", "粮食产量", "ge", Decimal("1.3"), "万亿斤", Decimal(1_300_000_000_000), "斤"),
    ("脱贫劳动力务工规模稳定在3000万人以上", "务工规模", "ge", Decimal(3000), "万人", Decimal(30_000_000), "人"),
    ("衔接资金用于产业发展的比重不低于55%", "产业资金比重", "ge", Decimal(55), "%", Decimal(55), "%"),
    ("农村自来水普及率达到88%", "自来水普及率", "ge", Decimal(88), "%", Decimal(88), "%"),
)
NUMERALS = "一二三四五六七八九十"


def chinese_number(n: int) -> str:
    """1–999 as printed in item numbers: 一, 十, 十二, 二十三, 一百零五, 一百一十."""
    hundreds, rest = divmod(n, 100)
    if hundreds:
        tail = "" if not rest else ("零" + chinese_number(rest) if rest < 10 else
                                    ("一" if rest < 20 else "") + chinese_number(rest))
        return NUMERALS[hundreds - 1] + "百" + tail
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else NUMERALS[tens - 1]) + "十" if tens else "") + (NUMERALS[ones - 1] if ones else "")


def weighted(rng: random.Random, pairs) -> str:
    return rng.choices([v for v, _ in pairs], [w for _, w in pairs])[0]


def day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


@dataclass
class Tables:
    """The rows of each table, as tuples in the order of COLUMNS[model]."""

    rows: dict[type, list[tuple]] = field(default_factory=dict)

    def add(self, model: type, row: tuple) -> None:
        self.rows.setdefault(model, []).append(row)


COLUMNS = {
    models.Body: ("id", "name", "english_name", "aliases", "level", "kind", "needs_review"),
    models.Topic: ("id", "name", "english_name"),
    models.SourceFile: ("id", "sha256", "name", "content", "encoding", "size", "text", "ingested_at"),
    models.Document: ("id", "identity", "title", "kind", "doc_type", "document_number", "date_written",
                      "date_published", "created_at", "updated_at"),
    models.Document.issuers.through: ("document_id", "body_id"),
    models.Appearance: ("document_id", "source_id", "span_start", "span_end", "title_as_printed", "spans"),
    models.Measure: ("id", "document_id", "parent_id", "path", "number_text", "level", "order", "heading", "text",
                     "search_tokens", "source_id", "span_start", "span_end", "status", "needs_review", "flags",
                     "edited_fields", "disagreements", "withdrawn_at", "created_at", "updated_at"),
    models.Measure.topics.through: ("measure_id", "topic_id"),
    models.Responsibility: ("measure_id", "body_id", "role", "provenance", "evidence", "rule", "name_as_written"),
    models.TimeFrame: ("measure_id", "expression", "kind", "start", "end", "anchor", "period", "due", "needs_review",
                       "provenance"),
    models.Target: ("measure_id", "expression", "indicator", "comparator", "value", "unit", "normalised_value",
                    "normalised_unit", "provenance"),
    models.StatusUpdate: ("measure_id", "status", "effective_date", "ended_on", "source", "note", "evidence_url",
                          "created_at"),
    models.MeasureLink: ("from_measure_id", "to_measure_id", "relation", "score", "from_span_start", "from_span_end",
                         "to_span_start", "to_span_end", "provenance", "method", "review", "reviewed_at",
                         "created_at"),
}


def body_registry() -> list[tuple[str, str, str]]:
    """(name, level, kind): the lexicon's bodies, then each province's government and departments."""
    lexicon = json.loads(LEXICON.read_text(encoding="utf-8"))["bodies"]
    bodies = [(b["canonical"], b.get("level") or "unknown", b.get("kind") or "other") for b in lexicon]
    bodies += [(f"{province}{department}", "provincial", "government" if department == "人民政府" else "sector")
               for province in PROVINCES for department in PROVINCIAL_DEPARTMENTS]
    return bodies


def document_sizes(n: int, rng: random.Random) -> list[int]:
    """Items per document, 20–200, most documents short (mean ≈ 84: ≈ 12,000 documents for 1M measures)."""
    sizes, left = [], n
    while left > 0:
        size = min(left, 20 + int(181 * rng.random() ** 1.8))
        sizes.append(size)
        left -= size
    return sizes


def outline(size: int, rng: random.Random) -> list[tuple[str, str, int, int | None]]:
    """(path, number as printed, level, index of the parent) for `size` items: parts, items numbered on
    through the parts, and now and then sub-items."""
    parts = max(2, min(9, size // 12))
    items: list[tuple[str, str, int, int | None]] = []
    item_number = 0
    for part in range(parts):
        part_label = chinese_number(part + 1)
        part_index = len(items)
        items.append((part_label, f"{part_label}、", 1, None))
        remaining_parts = parts - part - 1
        budget = (size - len(items) - remaining_parts) // (remaining_parts + 1)
        while budget > 0 and len(items) < size - remaining_parts:
            item_number += 1
            label = f"（{chinese_number(item_number)}）"
            item_index = len(items)
            items.append((f"{part_label}/{label}", label, 2, part_index))
            budget -= 1
            subs = rng.randrange(2, 5) if rng.random() < 0.15 else 0
            for sub in range(1, min(subs, budget, size - len(items) - remaining_parts) + 1):
                items.append((f"{part_label}/{label}/{sub}", f"{sub}.", 3, item_index))
                budget -= 1
    return items[:size]


def measure_text(rng: random.Random) -> tuple[str, str, list[str]]:
    """(heading, text, topics) of one item."""
    phrases = rng.sample(PHRASES, rng.randrange(2, 5))
    heading = phrases[0][0]
    text = "。".join(phrase for phrase, _ in phrases) + "。" + rng.choice(CLOSINGS)
    topics = list(dict.fromkeys(topic for _, topic in phrases if topic))[:2]
    return heading, text, topics


def status_history(rng: random.Random, start: datetime.date) -> list[tuple[str, datetime.date, str]]:
    """(status, effective date, source): the parser's entry at the document's date, then people's."""
    entries = [(rng.choice(("planned", "ongoing", "in_progress")), start, "parser")]
    day = start
    for _ in range(rng.choices((0, 1, 2, 3), (0.45, 0.3, 0.15, 0.1))[0]):
        if day >= LAST_DAY:
            break
        day = day_between(rng, day + datetime.timedelta(days=1), LAST_DAY)
        entries.append((rng.choice(STATUS_VALUES), day, rng.choice(("manual", "manual", "import"))))
    return entries


def time_frames(rng: random.Random, date: datetime.date) -> list[tuple]:
    """(expression, kind, start, end, anchor, period, due, needs_review, provenance) of one item's time frames."""
    frames = []
    roll = rng.random()
    if roll < 0.35:
        year = min(date.year + rng.randrange(1, 5), 2030)
        frames.append((f"到{year}年", "deadline", None, datetime.date(year, 12, 31), "", "", None, False, "explicit"))
    elif roll < 0.5:
        frames.append(("过渡期内", "period", datetime.date(2021, 1, 1), datetime.date(2025, 12, 31),
                       "过渡期：2021—2025年", "", None, False, "inferred"))
    elif roll < 0.6:
        first = 2016 + 5 * ((date.year - 2016) // 5)
        plan = {2016: "十三五", 2021: "十四五", 2026: "十五五"}[first]
        frames.append((f"“{plan}”期间", "period", datetime.date(first, 1, 1), datetime.date(first + 4, 12, 31),
                       "", "", None, False, "explicit"))
    elif roll < 0.65:
        frames.append((f"自{date.year}年起", "start", datetime.date(date.year, 1, 1), None, "", "", None, False,
                       "explicit"))
    elif roll < 0.7:  # a recurring obligation, first due at the end of the document's year
        years = rng.choice((1, 1, 3, 5))
        expression = "每年" if years == 1 else f"每{years}年"
        frames.append((expression, "recurrence", datetime.date(date.year, 1, 1), None, "文件成文日期",
                       f"P{years}Y", datetime.date(date.year, 12, 31), False, "explicit"))
    if rng.random() < 0.08:  # a second, shorter deadline inside the item
        month = rng.randrange(1, 13)
        frames.append((f"{date.year}年{month}月底前", "deadline", None,
                       datetime.date(date.year, month, 28), "", "", None, False, "explicit"))
    return frames


class Generator:
    """Builds the corpus table by table, ids assigned here (the tables start empty)."""

    def __init__(self, n: int, seed: int = SEED):
        self.n, self.seed, self.rng = n, seed, random.Random(seed)
        self.tables = Tables()
        self.now = timezone.now()
        self.body_ids: list[int] = []
        self.central_ids: list[int] = []
        self.provincial_ids: list[int] = []
        self.topic_ids = {rule.name: number for number, rule in enumerate(TOPICS, 1)}
        self.documents: list[tuple[int, datetime.date, int, int]] = []  # id, date, first measure id, last + 1
        self.text_length: dict[int, int] = {}

    def registry(self) -> None:
        for number, (name, level, kind) in enumerate(body_registry(), 1):
            self.tables.add(models.Body, (number, name, "", [], level, kind, False))
            self.body_ids.append(number)
            (self.provincial_ids if level == "provincial" else self.central_ids).append(number)
        for rule in TOPICS:
            self.tables.add(models.Topic, (self.topic_ids[rule.name], rule.name, rule.english))

    def documents_and_measures(self) -> Iterator[None]:
        """One document at a time (yields after each, so the loader can flush rows)."""
        rng, measure_id = self.rng, 0
        sizes = document_sizes(self.n, rng)
        dates = sorted(day_between(rng, FIRST_DAY, datetime.date(2026, 10, 31)) for _ in sizes)
        for number, (size, date) in enumerate(zip(sizes, dates, strict=True), 1):
            provincial = rng.random() < 0.4
            issuers = rng.sample(self.provincial_ids if provincial else self.central_ids, rng.randrange(1, 3))
            title = rng.choice(TITLES).format(rng.choice(TITLE_SUBJECTS))
            self.tables.add(models.Document, (
                number, f"{title}|{date.isoformat()}|{number}", title, weighted(rng, KINDS), rng.choice(DOC_TYPES),
                f"{'国办发' if not provincial else '政办发'}〔{date.year}〕{number % 90 + 1}号", date,
                date + datetime.timedelta(days=rng.randrange(0, 20)), self.now, self.now))
            for body in issuers:
                self.tables.add(models.Document.issuers.through, (number, body))
            first = measure_id + 1
            texts, spans, offset = [], {}, 0
            for path, number_text, level, parent in outline(size, rng):
                measure_id += 1
                heading, text, topics = measure_text(rng)
                written = f"{number_text}{heading}。{text}"
                spans[path] = [offset, offset + len(written)]
                texts.append(written)
                self.measure(measure_id, number, path, number_text, level,
                             None if parent is None else first + parent, heading, text, topics, date,
                             spans[path], provincial)
                offset += len(written) + 1
            source_text = "\n".join(texts)
            self.tables.add(models.SourceFile, (
                number, f"{number:064x}", f"{CORPUS_NAME.format(n=self.n, seed=self.seed)}/{number}.txt", b"",
                "utf-8", len(source_text.encode()), source_text, self.now))
            self.tables.add(models.Appearance, (number, number, 0, len(source_text), title, spans))
            self.documents.append((number, date, first, measure_id + 1))
            yield

    def measure(self, measure_id, document, path, number_text, level, parent, heading, text, topics, date, span,
                provincial) -> None:
        rng = self.rng
        history = status_history(rng, date)
        withdrawn = self.now if rng.random() < 0.005 else None
        self.tables.add(models.Measure, (
            measure_id, document, parent, path, number_text, level, measure_id, heading, text,
            search_tokens(heading, text), document, span[0], span[1], history[-1][0], rng.random() < 0.05, [], [],
            {}, withdrawn, self.now, self.now))
        self.text_length[measure_id] = len(text)
        for topic in topics:
            self.tables.add(models.Measure.topics.through, (measure_id, self.topic_ids[topic]))
        pool = self.provincial_ids if provincial and rng.random() < 0.7 else self.central_ids
        for role_number, body in enumerate(rng.sample(pool, rng.randrange(1, 4))):
            role = "lead" if role_number == 0 else "participant"
            self.tables.add(models.Responsibility, (measure_id, body, role, "explicit", "", "", ""))
        for frame in time_frames(rng, date):
            self.tables.add(models.TimeFrame, (measure_id, *frame))
        if rng.random() < 0.15:
            self.tables.add(models.Target, (measure_id, *rng.choice(TARGETS), "explicit"))
        ended = [effective for _, effective, _ in history[1:]] + [None]  # each entry ends where the next begins
        for (status, effective, source), ended_on in zip(history, ended, strict=True):
            self.tables.add(models.StatusUpdate, (measure_id, status, effective, ended_on, source, "", "", self.now))

    def links(self) -> None:
        """N / 5 links: a measure of a later document → a measure of an older one, each pair once."""
        rng, seen = self.rng, set()
        later_documents = self.documents[1:]
        while len(seen) < int(self.n * LINKS_PER_MEASURE) and len(self.documents) > 1:
            position = rng.randrange(len(later_documents))
            _, _, first, end = later_documents[position]
            _, _, older_first, older_end = self.documents[rng.randrange(position + 1)]
            pair = (rng.randrange(first, end), rng.randrange(older_first, older_end))
            if pair in seen:
                continue
            seen.add(pair)
            review = weighted(rng, REVIEWS)
            self.tables.add(models.MeasureLink, (
                *pair, rng.choice(RELATIONS), Decimal(rng.randrange(3000, 10000)) / 10000,
                *self.span(pair[0]), *self.span(pair[1]), "inferred", "bench-generator 1", review,
                None if review == "suggested" else self.now, self.now))

    def span(self, measure_id: int) -> tuple[int, int]:
        length = self.text_length[measure_id]
        start = self.rng.randrange(max(1, length // 2))
        return start, min(length, start + self.rng.randrange(4, 40))


# -- loading


BATCH_DOCUMENTS = 400  # rows are flushed by COPY after this many documents (~35,000 measures)
LOADED_TABLES = tuple(COLUMNS)


def fill_corpus(n: int, seed: int = SEED, *, verbose: bool = True) -> bool:
    """Make the database hold the corpus of n measures and this seed; True when it had to be loaded."""
    marker = CORPUS_NAME.format(n=n, seed=seed)
    if models.SourceFile.objects.filter(name__startswith=f"{marker}/").exists():
        return False
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(table_name(m) for m in LOADED_TABLES)} RESTART IDENTITY CASCADE")
        indexes = drop_secondary_indexes(cursor)
        cursor.execute("SET LOCAL session_replication_role = replica")  # no FK triggers: consistent by construction
        generator = Generator(n, seed)
        generator.registry()
        for number, _ in enumerate(generator.documents_and_measures(), 1):
            if number % BATCH_DOCUMENTS == 0:
                flush(cursor, generator.tables)
                if verbose:
                    print(f"  {len(generator.documents):,} documents, {time.perf_counter() - started:.0f}s",
                          file=sys.stderr)
        generator.links()
        flush(cursor, generator.tables)
        cursor.execute("SET LOCAL session_replication_role = origin")
        if verbose:
            print(f"  rows copied in {time.perf_counter() - started:.0f}s; rebuilding {len(indexes)} indexes",
                  file=sys.stderr)
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for definition in indexes:
            cursor.execute(definition)
        reset_sequences(cursor)
    with connection.cursor() as cursor:
        # the rebuild's plans need the loaded tables' statistics (autovacuum is off on this server): without them
        # PostgreSQL found each measure's earliest end by walking the time frames' end index (hours at 1M)
        cursor.execute(f"ANALYZE {', '.join(table_name(m) for m in LOADED_TABLES)}")
    # The writers keep the dashboards' summary and the words' counts as they go; rows loaded by COPY need them
    # built once.
    summary.rebuild()
    word_counts.rebuild()
    with connection.cursor() as cursor:
        # VACUUM too, not only ANALYZE: rows loaded by COPY are not yet marked all-visible, so every index-only
        # scan would read the table as well (the part filter's: 1.1 s instead of ms) until autovacuum came by,
        # which a database in use reaches and a freshly loaded benchmark would not.
        cursor.execute("VACUUM (ANALYZE)")
    if verbose:
        print(f"corpus of {n:,} measures in {len(generator.documents):,} documents loaded in "
              f"{time.perf_counter() - started:.0f}s", file=sys.stderr)
    return True


def table_name(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def flush(cursor, tables: Tables) -> None:
    from psycopg.types.json import Jsonb

    for model, rows in tables.rows.items():
        fields = [model._meta.get_field(name) for name in COLUMNS[model]]
        json_columns = [i for i, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with cursor.cursor.copy(f"COPY {table_name(model)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                if json_columns:
                    row = list(row)
                    for i in json_columns:
                        row[i] = Jsonb(row[i])
                copy.write_row(row)
    tables.rows.clear()


def drop_secondary_indexes(cursor) -> list[str]:
    """Drop the loaded tables' indexes that back no constraint; return the statements that rebuild them."""
    cursor.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
           WHERE i.indrelid = ANY(%s::regclass[])
             AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""",
        [[m._meta.db_table for m in LOADED_TABLES]],
    )
    found = cursor.fetchall()
    for name, _ in found:
        cursor.execute(f"DROP INDEX {name}")
    return [definition for _, definition in found]


def reset_sequences(cursor) -> None:
    for model in LOADED_TABLES:
        table = model._meta.db_table
        cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT max(id) FROM "
                       f"{table_name(model)}), 0) + 1, false)", [table])


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL=postgres://… (the corpus is loaded by PostgreSQL's COPY)")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    if not fill_corpus(n):
        print(f"the database already holds the corpus of {n:,} measures", file=sys.stderr)


if __name__ == "__main__":
    main()
