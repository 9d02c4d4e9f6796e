"""Luoshi's data model: source files, documents and their witnesses, measures as a tree, the body
registry, responsibilities, time frames, targets, status history, variants, topics, import runs, links.

Only `tracker.ingest` writes parsed data into these tables; people's changes of measures go through
`tracker.edits` (and `tracker.status` for statuses).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Substr
from simple_history.models import HistoricalRecords

from tracker.choices import (
    ArticleKind,
    BodyKind,
    BodyLevel,
    BodyRole,
    Comparator,
    ImportOutcome,
    LinkProvenance,
    LinkRelation,
    LinkReview,
    ProposalState,
    Provenance,
    Status,
    StatusSource,
    TimeFrameKind,
)
from tracker.i18n import bilingual as _b

HEADING_KEY_LENGTH = 64
# Rows per statement when many rows are updated at once: bulk_update writes one CASE branch per row, and
# PostgreSQL's JIT takes minutes over a statement of thousands of branches.
WRITE_BATCH_SIZE = 500


def choice_constraint(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    """Enforce a vocabulary in the database, not only in forms."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class SourceFile(models.Model):
    """A raw file exactly as it came in; the bytes are kept for provenance."""

    sha256 = models.CharField(_b("SHA-256 of the bytes", "字节的SHA-256"), max_length=64, unique=True)
    name = models.CharField(_b("file name", "文件名"), max_length=500)
    content = models.BinaryField(_b("raw bytes", "原始字节"))
    encoding = models.CharField(_b("detected encoding", "检测到的编码"), max_length=40)
    size = models.PositiveBigIntegerField(_b("size in bytes", "字节数"))
    text = models.TextField(_b("normalised text (spans index it)", "规范化文本（位置索引所据）"))
    ingested_at = models.DateTimeField(_b("first ingested", "首次导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _b("source file", "来源文件")
        verbose_name_plural = _b("source files", "来源文件")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Document(models.Model):
    """One policy document, speech, readout or news article, whatever number of files it appears in."""

    identity = models.CharField(
        _b("identity key", "身份键"), max_length=200, unique=True, help_text="normalised title + written date"
    )
    title = models.CharField(_b("title", "标题"), max_length=500)
    kind = models.CharField(_b("kind", "类型"), max_length=32, choices=ArticleKind.choices)
    doc_type = models.CharField(_b("document type", "文种"), max_length=20, blank=True)
    document_number = models.CharField(_b("document number", "文号"), max_length=100, blank=True)
    issuers = models.ManyToManyField("Body", verbose_name=_b("issuers", "发文机关"), related_name="issued_documents",
                                     blank=True)
    date_written = models.DateField(_b("date written", "成文日期"), null=True, blank=True)
    date_published = models.DateField(_b("date published", "发布日期"), null=True, blank=True)
    created_at = models.DateTimeField(_b("created", "创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_b("updated", "更新时间"), auto_now=True)

    class Meta:
        verbose_name = _b("document", "文件")
        verbose_name_plural = _b("documents", "文件")
        ordering = ["-date_written", "title"]
        constraints = [choice_constraint("kind", ArticleKind, "document_kind_valid")]
        # The documents in this order, so that lists of measures in document order (Measure.Meta.ordering)
        # read the first page along this index and each document's (document, order) index, instead of
        # sorting every measure.
        indexes = [models.Index(fields=["-date_written", "title", "id"], name="document_in_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def date(self):
        """The date the document speaks from: written, else published."""
        return self.date_written or self.date_published


class Appearance(models.Model):
    """A witness: where a document appears in a source file."""

    document = models.ForeignKey(Document, verbose_name=_b("document", "文件"), on_delete=models.CASCADE,
                                 related_name="appearances")
    source = models.ForeignKey(SourceFile, verbose_name=_b("source file", "来源文件"), on_delete=models.CASCADE,
                               related_name="appearances")
    span_start = models.PositiveIntegerField(_b("span start", "起始位置"))
    span_end = models.PositiveIntegerField(_b("span end", "结束位置"))
    title_as_printed = models.CharField(_b("title as printed", "所印标题"), max_length=500, blank=True)
    spans = models.JSONField(
        _b("measure spans in this witness", "本出处各措施的位置"), default=dict, blank=True,
        help_text="path -> [start, end] in the source's text; a measure no witness carries is withdrawn",
    )

    class Meta:
        verbose_name = _b("appearance (witness)", "出处（文本见证）")
        verbose_name_plural = _b("appearances (witnesses)", "出处（文本见证）")
        constraints = [
            models.UniqueConstraint(fields=["document", "source", "span_start"], name="appearance_unique"),
            models.CheckConstraint(condition=Q(span_end__gte=F("span_start")), name="appearance_span_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.document} @ {self.source}"


class Topic(models.Model):
    name = models.CharField(_b("name", "名称"), max_length=100, unique=True)
    english_name = models.CharField(_b("English name", "英文名"), max_length=200, blank=True)

    class Meta:
        verbose_name = _b("topic", "主题")
        verbose_name_plural = _b("topics", "主题")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Body(models.Model):
    """The registry of responsible bodies, with aliases and succession over time."""

    name = models.CharField(_b("canonical name", "规范名称"), max_length=200, unique=True)
    english_name = models.CharField(_b("English name", "英文名"), max_length=300, blank=True)
    aliases = models.JSONField(_b("aliases and short names", "别名与简称"), default=list, blank=True)
    level = models.CharField(_b("level", "层级"), max_length=16, choices=BodyLevel.choices, default=BodyLevel.UNKNOWN)
    kind = models.CharField(_b("kind", "类别"), max_length=16, choices=BodyKind.choices, default=BodyKind.OTHER)
    parent = models.ForeignKey("self", verbose_name=_b("parent body", "上级机构"), on_delete=models.SET_NULL, null=True,
                               blank=True, related_name="children")
    successor = models.ForeignKey(
        "self", verbose_name=_b("successor", "承继机构"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="predecessors",
    )
    succeeded_on = models.DateField(_b("succeeded on", "被承继日期"), null=True, blank=True)
    needs_review = models.BooleanField(_b("needs review", "待审核"), default=False, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _b("body", "责任主体")
        verbose_name_plural = _b("bodies", "责任主体")
        ordering = ["name"]
        constraints = [
            choice_constraint("level", BodyLevel, "body_level_valid"),
            choice_constraint("kind", BodyKind, "body_kind_valid"),
            models.CheckConstraint(condition=~Q(successor=F("id")), name="body_not_own_successor"),
        ]

    def __str__(self) -> str:
        return self.name


class Measure(models.Model):
    """One numbered item of a document; `path` (e.g. 七/（十九）) is unique within its document."""

    document = models.ForeignKey(Document, verbose_name=_b("document", "文件"), on_delete=models.CASCADE,
                                 related_name="measures")
    parent = models.ForeignKey("self", verbose_name=_b("parent item", "上级条目"), on_delete=models.CASCADE, null=True,
                               blank=True, related_name="children")
    path = models.CharField(_b("path", "路径"), max_length=200)
    number_text = models.CharField(_b("number as printed", "原文序号"), max_length=40)
    level = models.PositiveSmallIntegerField(_b("level", "层级"))
    order = models.PositiveIntegerField(_b("position in document", "文中顺序"))
    heading = models.TextField(_b("heading", "标题句"), blank=True)
    text = models.TextField(_b("text", "全文"))
    search_tokens = models.TextField(
        _b("search words", "检索词"), blank=True, default="", editable=False,
        help_text="jieba words of heading and text: tracker.search.search_tokens(heading, text)",
    )
    source = models.ForeignKey(
        SourceFile, verbose_name=_b("source file", "来源文件"), on_delete=models.PROTECT, related_name="measures",
        help_text="the witness the text is from",
    )
    span_start = models.PositiveIntegerField(_b("span start", "起始位置"))
    span_end = models.PositiveIntegerField(_b("span end", "结束位置"))
    status = models.CharField(
        _b("current status", "当前状态"), max_length=24, choices=Status.choices, default=Status.NOT_YET_RATED
    )
    topics = models.ManyToManyField(Topic, verbose_name=_b("topics", "主题"), related_name="measures", blank=True)
    needs_review = models.BooleanField(_b("needs review", "待审核"), default=False)
    flags = models.JSONField(_b("parser flags", "解析标记"), default=list, blank=True)
    edited_fields = models.JSONField(
        _b("fields a person owns", "人工修改的字段"), default=list, blank=True,
        help_text="a re-ingest never overwrites these",
    )
    disagreements = models.JSONField(
        _b("parser/editor disagreements", "解析与人工的分歧"), default=dict, blank=True,
        help_text="field -> the parser's current reading, where a person's value differs",
    )
    withdrawn_at = models.DateTimeField(
        _b("withdrawn from source", "已从来源删除"), null=True, blank=True,
        help_text="set when a re-ingested source no longer contains this item",
    )
    created_at = models.DateTimeField(_b("created", "创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_b("updated", "更新时间"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at", "search_tokens"])  # derived, not edited

    class Meta:
        verbose_name = _b("measure", "措施")
        verbose_name_plural = _b("measures", "措施")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "path"], name="measure_path_unique_in_document"),
            choice_constraint("status", Status, "measure_status_valid"),
            models.CheckConstraint(condition=Q(span_end__gte=F("span_start")), name="measure_span_ordered"),
            models.CheckConstraint(condition=Q(level__gte=1), name="measure_level_positive"),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["level"], name="measure_level"),
            # the admin's part filter: each top-level path and where it first comes, from the index alone
            models.Index(fields=["path", "order"], condition=Q(level=1), name="measure_top_level_parts"),
            models.Index(fields=["document", "order"]),
            # Each measure's place in document order by id, read without the table: a page of a few thousand
            # measures found elsewhere (the entries of a past day's status) is sorted from this index
            # (tracker.pagination.SortedSelection); and its status, so that the measures found by a body's
            # responsibilities are filtered by status without the table (the dashboards filtered to a body).
            # INCLUDE is PostgreSQL's; elsewhere it is an index on id.
            models.Index(fields=["id"], include=["document", "order", "withdrawn_at", "status"],
                         name="measure_sort_keys"),
            models.Index(fields=["needs_review"]),
            # Exact heading look-ups (the ingest finds a document by shared headings); a prefix, because a
            # btree entry must stay small and headings can be long.
            models.Index(Substr("heading", 1, HEADING_KEY_LENGTH), name="measure_heading_prefix"),
        ]

    def __str__(self) -> str:
        return f"{self.path} {self.heading or self.text[:30]}"


class Responsibility(models.Model):
    measure = models.ForeignKey(Measure, verbose_name=_b("measure", "措施"), on_delete=models.CASCADE,
                                related_name="responsibilities")
    body = models.ForeignKey(Body, verbose_name=_b("body", "责任主体"), on_delete=models.PROTECT,
                             related_name="responsibilities")
    role = models.CharField(_b("role", "角色"), max_length=16, choices=BodyRole.choices)
    provenance = models.CharField(_b("provenance", "来源"), max_length=16, choices=Provenance.choices)
    evidence = models.TextField(_b("evidence", "依据原文"), blank=True)
    rule = models.CharField(_b("inference rule", "推断规则"), max_length=100, blank=True)
    name_as_written = models.TextField(_b("name as written", "原文名称"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_b("added by", "添加人"),
                                   on_delete=models.SET_NULL, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _b("responsibility", "责任分工")
        verbose_name_plural = _b("responsibilities", "责任分工")
        constraints = [
            models.UniqueConstraint(fields=["measure", "body", "role"], name="responsibility_unique"),
            choice_constraint("role", BodyRole, "responsibility_role_valid"),
            choice_constraint("provenance", Provenance, "responsibility_provenance_valid"),
        ]
        # a body's measures from the index alone (the body filter; the FK's own index has no measure)
        indexes = [models.Index(fields=["body", "measure"], name="responsibility_body_measure")]

    def __str__(self) -> str:
        return f"{self.body} ({self.role})"


class TimeFrame(models.Model):
    measure = models.ForeignKey(Measure, verbose_name=_b("measure", "措施"), on_delete=models.CASCADE,
                                related_name="time_frames")
    expression = models.TextField(_b("expression", "原文表述"))
    kind = models.CharField(_b("kind", "类型"), max_length=16, choices=TimeFrameKind.choices)
    start = models.DateField(_b("start", "开始"), null=True, blank=True)
    end = models.DateField(_b("end", "结束"), null=True, blank=True)
    anchor = models.TextField(_b("anchored to", "推算依据"), blank=True)
    # ISO 8601 duration: a recurrence's interval (每5年 -> P5Y) or a duration's length (1个月 -> P1M)
    period = models.CharField(_b("period", "周期或时长"), max_length=16, blank=True)
    due = models.DateField(_b("first due date", "首次到期"), null=True, blank=True)
    needs_review = models.BooleanField(_b("needs review", "待核实"), default=False)
    provenance = models.CharField(_b("provenance", "来源"), max_length=16, choices=Provenance.choices,
                                  default=Provenance.EXPLICIT)

    class Meta:
        verbose_name = _b("time frame", "时限")
        verbose_name_plural = _b("time frames", "时限")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="time_frame_end_after_start",
            ),
            choice_constraint("kind", TimeFrameKind, "time_frame_kind_valid"),
            choice_constraint("provenance", Provenance, "time_frame_provenance_valid"),
        ]
        indexes = [
            models.Index(fields=["end"]),
            # a measure's time frames from the index alone: overdue (an end before the day), its earliest end,
            # the timeline of a few thousand measures. The end is INCLUDEd, not a key: on SQLite (no INCLUDE) this
            # stays an index on the measure, whose order (then id) the export's lists of time frames follow.
            models.Index(fields=["measure"], include=["end", "start", "kind", "expression"],
                         name="time_frame_measure_end"),
        ]

    def __str__(self) -> str:
        return self.expression


class Target(models.Model):
    """A quantity a measure names; with a comparator it is a target (a red line is `ge`)."""

    measure = models.ForeignKey(Measure, verbose_name=_b("measure", "措施"), on_delete=models.CASCADE,
                                related_name="targets")
    expression = models.TextField(_b("expression", "原文表述"))
    indicator = models.TextField(_b("indicator", "指标"), blank=True)
    comparator = models.CharField(_b("comparator", "比较"), max_length=8, choices=Comparator.choices, blank=True)
    value = models.DecimalField(_b("value", "数值"), max_digits=24, decimal_places=6)
    upper_value = models.DecimalField(
        _b("upper value of a range", "区间上限"), max_digits=24, decimal_places=6, null=True, blank=True
    )
    unit = models.CharField(_b("unit", "单位"), max_length=20, blank=True)
    normalised_value = models.DecimalField(_b("normalised value", "标准化数值"), max_digits=30, decimal_places=6)
    normalised_unit = models.CharField(_b("normalised unit", "标准单位"), max_length=20, blank=True)
    provenance = models.CharField(_b("provenance", "来源"), max_length=16, choices=Provenance.choices,
                                  default=Provenance.EXPLICIT)

    class Meta:
        verbose_name = _b("target / quantity", "目标与数量")
        verbose_name_plural = _b("targets / quantities", "目标与数量")
        constraints = [
            models.CheckConstraint(
                condition=Q(comparator="") | Q(comparator__in=Comparator.values), name="target_comparator_valid"
            ),
            choice_constraint("provenance", Provenance, "target_provenance_valid"),
        ]
        # the targets chart of a few thousand measures from the index alone
        indexes = [models.Index(fields=["measure"], include=["normalised_unit", "normalised_value"],
                                name="target_measure_values")]

    def __str__(self) -> str:
        return self.expression


class StatusUpdate(models.Model):
    """The history of a measure's status; the latest effective entry is its current status."""

    measure = models.ForeignKey(Measure, verbose_name=_b("measure", "措施"), on_delete=models.CASCADE,
                                related_name="status_updates")
    status = models.CharField(_b("status", "状态"), max_length=24, choices=Status.choices)
    effective_date = models.DateField(_b("effective date", "生效日期"))
    ended_on = models.DateField(
        _b("current until", "有效至"), null=True, blank=True, editable=False,
        help_text="the next entry's effective date (empty while current): the entry is the status on the days "
                  "from effective_date up to, not including, this one; kept by tracker.status",
    )
    source = models.CharField(_b("recorded by", "记录方式"), max_length=16, choices=StatusSource.choices)
    note = models.TextField(_b("evidence note", "依据说明"), blank=True)
    evidence_url = models.URLField(_b("evidence URL", "依据链接"), max_length=1000, blank=True)
    evidence_document = models.ForeignKey(
        Document, verbose_name=_b("evidence document", "依据文件"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="evidence_for",
    )
    evidence_link = models.ForeignKey(
        "MeasureLink", verbose_name=_b("evidence link", "依据关联"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="status_evidence_for", help_text="the accepted lineage link this entry was confirmed from",
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_b("recorded by", "记录人"),
                               on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(_b("created", "创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _b("status update", "状态更新")
        verbose_name_plural = _b("status updates", "状态更新")
        ordering = ["measure", "effective_date", "created_at"]
        constraints = [
            choice_constraint("status", Status, "status_update_status_valid"),
            choice_constraint("source", StatusSource, "status_update_source_valid"),
        ]
        indexes = [
            models.Index(fields=["measure", "effective_date", "created_at"]),
            # "status as of a date" as a range query: the entries of some statuses current on that day
            models.Index(fields=["status", "effective_date", "ended_on", "measure"], name="status_update_current"),
            models.Index(fields=["effective_date"], name="status_update_effective"),  # is any entry dated later?
        ]

    def __str__(self) -> str:
        return f"{self.status} @ {self.effective_date}"


class Variant(models.Model):
    """Where two witnesses of a measure read differently: the chosen reading and the other, with why."""

    measure = models.ForeignKey(Measure, verbose_name=_b("measure", "措施"), on_delete=models.CASCADE,
                                related_name="variants")
    chosen_source = models.ForeignKey(SourceFile, verbose_name=_b("source of the chosen reading", "采用文本来源"),
                                      on_delete=models.CASCADE, related_name="+")
    other_source = models.ForeignKey(SourceFile, verbose_name=_b("source of the other reading", "异文来源"),
                                     on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_b("offset in the chosen text", "在采用文本中的位置"))
    chosen_reading = models.TextField(_b("chosen reading", "采用文本"))
    other_reading = models.TextField(_b("other reading", "异文"))
    reason = models.CharField(_b("reason", "取舍理由"), max_length=300)

    class Meta:
        verbose_name = _b("variant reading", "异文")
        verbose_name_plural = _b("variant readings", "异文")
        ordering = ["measure", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "other_source", "position"], name="variant_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.chosen_reading} / {self.other_reading}"


class ImportRun(models.Model):
    started_at = models.DateTimeField(_b("started", "开始"), auto_now_add=True)
    finished_at = models.DateTimeField(_b("finished", "结束"), null=True, blank=True)
    trigger = models.CharField(_b("started by", "触发方式"), max_length=40, default="command")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_b("user", "用户"), on_delete=models.SET_NULL,
                             null=True, blank=True)
    outcome = models.CharField(
        _b("outcome", "结果"), max_length=16, choices=ImportOutcome.choices, default=ImportOutcome.RUNNING
    )
    paths = models.JSONField(_b("files", "文件"), default=list)
    inserted = models.PositiveIntegerField(_b("inserted", "新增"), default=0)
    updated = models.PositiveIntegerField(_b("updated", "更新"), default=0)
    unchanged = models.PositiveIntegerField(_b("unchanged", "未变"), default=0)
    failed = models.PositiveIntegerField(_b("failed files", "失败文件"), default=0)
    errors = models.JSONField(_b("errors", "错误"), default=list, blank=True)
    report = models.JSONField(_b("report", "报告"), default=dict, blank=True)
    # An uploaded file's bytes while its run waits for a worker (tracker.tasks); emptied when the run finishes.
    upload = models.BinaryField(null=True, editable=False)

    class Meta:
        verbose_name = _b("import run", "导入记录")
        verbose_name_plural = _b("import runs", "导入记录")
        ordering = ["-started_at"]
        constraints = [choice_constraint("outcome", ImportOutcome, "import_run_outcome_valid")]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.outcome}"


# The review queue's order: the suggestions still to decide, then the decided and manual links.
SUGGESTIONS_FIRST = Case(When(review="suggested", then=Value(0)), default=Value(1))


class MeasureLink(models.Model):
    """Lineage: a later measure carries an earlier one of another document forward, with a relation, a score,
    the two passages that show it (spans of each measure's `text`), where it came from and a person's review.

    Written by `tracker.lineage` (inferred, suggested) and by people (review decisions, manual links); a
    recomputation never touches a decided or manual link.
    """

    from_measure = models.ForeignKey(Measure, verbose_name=_b("later measure", "后续措施"), on_delete=models.CASCADE,
                                     related_name="links_out")
    to_measure = models.ForeignKey(Measure, verbose_name=_b("earlier measure", "在先措施"), on_delete=models.CASCADE,
                                   related_name="links_in")
    relation = models.CharField(_b("relation", "关系"), max_length=16, choices=LinkRelation.choices)
    score = models.DecimalField(_b("score", "得分"), max_digits=5, decimal_places=4, default=1)
    from_span_start = models.PositiveIntegerField(_b("later passage start", "后续段落起点"))
    from_span_end = models.PositiveIntegerField(_b("later passage end", "后续段落终点"))
    to_span_start = models.PositiveIntegerField(_b("earlier passage start", "在先段落起点"))
    to_span_end = models.PositiveIntegerField(_b("earlier passage end", "在先段落终点"))
    provenance = models.CharField(_b("provenance", "来源"), max_length=16, choices=LinkProvenance.choices,
                                  default=LinkProvenance.MANUAL)
    method = models.CharField(_b("method and version", "方法与版本"), max_length=60, blank=True,
                              help_text="the linker's method name and version, for inferred links")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_b("added by", "添加人"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    review = models.CharField(_b("review", "审核"), max_length=16, choices=LinkReview.choices,
                              default=LinkReview.SUGGESTED, db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_b("reviewed by", "审核人"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_b("reviewed at", "审核时间"), null=True, blank=True)
    created_at = models.DateTimeField(_b("created", "创建时间"), auto_now_add=True)
    history = HistoricalRecords()  # review decisions and relation changes are part of the audit trail

    class Meta:
        verbose_name = _b("measure link", "措施关联")
        verbose_name_plural = _b("measure links", "措施关联")
        constraints = [
            models.UniqueConstraint(fields=["from_measure", "to_measure"], name="measure_link_unique_pair"),
            models.CheckConstraint(condition=~Q(from_measure=F("to_measure")), name="measure_link_not_self"),
            choice_constraint("relation", LinkRelation, "measure_link_relation_valid"),
            choice_constraint("provenance", LinkProvenance, "measure_link_provenance_valid"),
            choice_constraint("review", LinkReview, "measure_link_review_valid"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=1), name="measure_link_score_range"),
            models.CheckConstraint(condition=Q(from_span_end__gte=F("from_span_start"))
                                   & Q(to_span_end__gte=F("to_span_start")), name="measure_link_spans_ordered"),
        ]
        indexes = [
            models.Index(fields=["review", "-score"], name="measure_link_queue"),
            # the admin's review queue, in its order (MeasureLinkAdmin): a page of 25 read off the index
            models.Index(SUGGESTIONS_FIRST, F("score").desc(), "id", name="measure_link_review_queue"),
            models.Index(fields=["-score", "id"], name="measure_link_best_first"),  # the API's list, best first
        ]

    def __str__(self) -> str:
        return f"{self.from_measure} → {self.to_measure} ({self.relation})"

    def passages(self) -> tuple[str, str]:
        """The later and the earlier passage that show the link."""
        return (self.from_measure.text[self.from_span_start:self.from_span_end],
                self.to_measure.text[self.to_span_start:self.to_span_end])


class StatusProposal(models.Model):
    """What an accepted link says of the earlier measure's status, dated at the later document's date. Nothing
    changes a status until a person confirms it (tracker.reviews.confirm_proposal): then it is an ordinary
    status entry by that person, with the link as its evidence."""

    link = models.OneToOneField(MeasureLink, verbose_name=_b("link", "关联"), on_delete=models.CASCADE,
                                related_name="status_proposal")
    measure = models.ForeignKey(Measure, verbose_name=_b("measure", "措施"), on_delete=models.CASCADE,
                                related_name="status_proposals")
    status = models.CharField(_b("proposed status", "建议状态"), max_length=24, choices=Status.choices)
    effective_date = models.DateField(_b("effective date", "生效日期"), null=True, blank=True,
                                      help_text="the later document's date; empty when it has none")
    state = models.CharField(_b("state", "处理状态"), max_length=16, choices=ProposalState.choices,
                             default=ProposalState.OPEN, db_index=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_b("decided by", "处理人"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_b("decided at", "处理时间"), null=True, blank=True)
    status_update = models.OneToOneField(StatusUpdate, verbose_name=_b("status entry", "状态记录"), null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="proposal")

    class Meta:
        verbose_name = _b("status proposal", "状态建议")
        verbose_name_plural = _b("status proposals", "状态建议")
        constraints = [
            choice_constraint("status", Status, "status_proposal_status_valid"),
            choice_constraint("state", ProposalState, "status_proposal_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.measure} → {self.status} ({self.state})"


class Watch(models.Model):
    """A person watching a measure, a document or a body: they get a digest of what happened to it since the
    last one (tracker.watches)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_b("user", "用户"), on_delete=models.CASCADE,
                             related_name="watches")
    measure = models.ForeignKey(Measure, verbose_name=_b("measure", "措施"), on_delete=models.CASCADE, null=True,
                                blank=True, related_name="watches")
    document = models.ForeignKey(Document, verbose_name=_b("document", "文件"), on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="watches")
    body = models.ForeignKey(Body, verbose_name=_b("body", "责任主体"), on_delete=models.CASCADE, null=True,
                             blank=True, related_name="watches")
    created_at = models.DateTimeField(_b("watching since", "关注时间"), auto_now_add=True)
    reported_until = models.DateTimeField(
        _b("reported until", "已通报至"), null=True, blank=True,
        help_text="the last digest covered what happened before this moment",
    )

    class Meta:
        verbose_name = _b("watch", "关注")
        verbose_name_plural = _b("watches", "关注")
        ordering = ["user", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(measure__isnull=False, document__isnull=True, body__isnull=True)
                           | Q(measure__isnull=True, document__isnull=False, body__isnull=True)
                           | Q(measure__isnull=True, document__isnull=True, body__isnull=False)),
                name="watch_one_target",
            ),
            models.UniqueConstraint(fields=["user", "measure"], name="watch_measure_once"),
            models.UniqueConstraint(fields=["user", "document"], name="watch_document_once"),
            models.UniqueConstraint(fields=["user", "body"], name="watch_body_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.target}"

    @property
    def target(self):
        return self.measure or self.document or self.body


# -- the dashboards' summary (kept by tracker.summary; never edited) -------------------------------------------

NO_END = datetime.date.max  # the earliest end of a measure without a dated time frame: never overdue
NO_START = datetime.date.min  # TimeFrameTally/Total: a time frame without a start (a unique key holds no NULL)
ANY_ROLE = ""  # BodyTally/BodyTotal: in any role


class DocumentTally(models.Model):
    """How many of a document's measures (withdrawn ones aside) have each combination of status, having a
    responsible body and earliest end of a time frame: what the overview counts, per document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=24, choices=Status.choices)
    has_body = models.BooleanField()
    earliest_end = models.DateField()  # overdue on a day after it while the status is open; NO_END: no time frame
    measures = models.PositiveIntegerField()
    # of those measures, for the data-quality page: how many have a time frame, need review; their variants
    with_time_frame = models.PositiveIntegerField(default=0)
    needs_review = models.PositiveIntegerField(default=0)
    variants = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["document"], name="document_tally_document")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.status}: {self.measures}"


class BodyTally(models.Model):
    """How many of a document's measures (withdrawn ones aside) in each status and with each earliest end of a
    time frame a body is responsible for, in a role, or in any role (`role` empty: each measure once, whatever
    its roles): the overview, the status counts and the documents of one body's measures."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices)
    earliest_end = models.DateField(default=NO_END)  # as DocumentTally's: overdue on a day after it, while open
    measures = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["document"], name="body_tally_document"),
            # one body's measures over every document (a dashboard filtered to a body), read from the index alone
            models.Index(fields=["body", "status", "document"], include=["earliest_end", "measures"],
                         condition=models.Q(role=ANY_ROLE), name="body_tally_any_role"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} {self.body_id} {self.role or '*'} {self.status}: {self.measures}"


class StatusTotal(models.Model):
    """DocumentTally summed over every document: the overview of the whole table in a few thousand rows."""

    status = models.CharField(max_length=24, choices=Status.choices)
    has_body = models.BooleanField()
    earliest_end = models.DateField()
    measures = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["status", "has_body", "earliest_end"],
                                               name="status_total_unique")]

    def __str__(self) -> str:
        return f"{self.status} {self.earliest_end}: {self.measures}"


class DocumentsWithStatus(models.Model):
    """How many documents have measures in a status (`status` empty: in any status)."""

    status = models.CharField(max_length=24, blank=True, unique=True)
    documents = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.status or '*'}: {self.documents}"


class BodyTotal(models.Model):
    """BodyTally summed over every document: the bodies chart of the whole table in a few thousand rows."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=16, blank=True)
    status = models.CharField(max_length=24, choices=Status.choices)
    measures = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "role", "status"], name="body_total_unique")]

    def __str__(self) -> str:
        return f"{self.body_id} {self.role or '*'} {self.status}: {self.measures}"


class TopicTally(models.Model):
    """How many of a document's measures in each status a body is responsible for (in any role) under a topic:
    the bodies × topics heatmap, per document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=24, choices=Status.choices)
    measures = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["document"], name="topic_tally_document")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.body_id} × {self.topic_id} {self.status}: {self.measures}"


class TopicTotal(models.Model):
    """TopicTally summed over every document."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=24, choices=Status.choices)
    measures = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["body", "topic", "status"], name="topic_total_unique")]

    def __str__(self) -> str:
        return f"{self.body_id} × {self.topic_id} {self.status}: {self.measures}"


class TimeFrameTally(models.Model):
    """How many of a document's measures in each status carry a time frame as written (recurrences aside): the
    timeline, per document. A missing start is NO_START, a missing end NO_END."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    expression = models.TextField()
    kind = models.CharField(max_length=16, choices=TimeFrameKind.choices)
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=24, choices=Status.choices)
    measures = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["document"], name="time_frame_tally_document")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.expression} {self.status}: {self.measures}"


class TimeFrameTotal(models.Model):
    """TimeFrameTally summed over every document."""

    expression = models.TextField()
    kind = models.CharField(max_length=16, choices=TimeFrameKind.choices)
    start = models.DateField()
    end = models.DateField()
    status = models.CharField(max_length=24, choices=Status.choices)
    measures = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["expression", "kind", "start", "end", "status"],
                                               name="time_frame_total_unique")]

    def __str__(self) -> str:
        return f"{self.expression} {self.status}: {self.measures}"


class TargetTally(models.Model):
    """How many quantities of each normalised value and unit a document's measures in each status carry: the
    targets chart, per document."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    normalised_unit = models.CharField(max_length=20, blank=True)
    normalised_value = models.DecimalField(max_digits=30, decimal_places=6)
    status = models.CharField(max_length=24, choices=Status.choices)
    targets = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["document"], name="target_tally_document")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.normalised_value} {self.normalised_unit} {self.status}: {self.targets}"


class TargetTotal(models.Model):
    """TargetTally summed over every document."""

    normalised_unit = models.CharField(max_length=20, blank=True)
    normalised_value = models.DecimalField(max_digits=30, decimal_places=6)
    status = models.CharField(max_length=24, choices=Status.choices)
    targets = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["normalised_unit", "normalised_value", "status"],
                                               name="target_total_unique")]

    def __str__(self) -> str:
        return f"{self.normalised_value} {self.normalised_unit} {self.status}: {self.targets}"


class CarriedTally(models.Model):
    """How many links (not rejected) carry a document's items into later documents: the carry-forward page's bare
    address opens on the document with the most. Kept by tracker.summary.refresh_carried, which the writers of
    links call (tracker.lineage, tracker.reviews)."""

    document = models.OneToOneField(Document, on_delete=models.CASCADE, primary_key=True, related_name="+")
    links = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(F("links").desc(), "document", name="carried_tally_most")]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.links}"


class WordFrequency(models.Model):
    """How many current (not withdrawn) measures hold a word of their search words: the linker's IDF, one
    indexed look-up a word (tracker.lineage.word_counts keeps it, in the writers' transactions)."""

    word = models.TextField(primary_key=True)
    measures = models.IntegerField()  # not Positive: PostgreSQL checks a constraint on the row an upsert
    # proposes (a word's change, -1) before it finds the row to update

    def __str__(self) -> str:
        return f"{self.word}: {self.measures}"
