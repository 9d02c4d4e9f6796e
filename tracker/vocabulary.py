"""Every controlled vocabulary of Luoshi, defined once.

Pure Python (no Django) so the parser can use it; `tracker.choices` turns each vocabulary into a Django
TextChoices class for models, validation, import-export widgets, API filters and dashboards.
Each entry is (value, English label, Chinese label). Values are stored in the database: never rename one.
"""

from __future__ import annotations

Vocabulary = tuple[tuple[str, str, str], ...]

STATUS: Vocabulary = (
    ("not_yet_rated", "Not yet rated", "未评估"),
    ("planned", "Planned", "已部署"),
    ("in_progress", "In progress", "推进中"),
    ("ongoing", "Ongoing (standing policy)", "持续实施"),
    ("achieved", "Achieved", "已完成"),
    ("partially_achieved", "Partially achieved", "部分完成"),
    ("stalled", "Stalled", "停滞"),
    ("discontinued", "Discontinued", "不再实施"),
    ("superseded", "Superseded", "已被取代"),
    ("expired", "Expired", "已到期"),
)
# Statuses under which a measure still awaits implementation: an ended time frame then means "overdue".
OPEN_STATUSES = frozenset({"not_yet_rated", "planned", "in_progress", "stalled"})

ARTICLE_KIND: Vocabulary = (
    ("policy_document", "Policy document", "政策文件"),
    ("law", "Law or regulation", "法律法规"),
    ("speech", "Speech", "讲话"),
    ("meeting_readout", "Meeting readout", "会议通稿"),
    ("phone_call_readout", "Phone call readout", "通话通稿"),
    ("inspection_report", "Inspection report", "考察报道"),
    ("quote_compilation", "Quote compilation", "论述摘编"),
    ("news", "News", "新闻"),
    ("feature_story", "Feature story", "通讯特写"),
)

BODY_ROLE: Vocabulary = (
    ("lead", "Lead", "牵头"),
    ("co_lead", "Co-lead", "共同牵头"),
    ("participant", "Participant", "参与"),
    ("implementer", "Implementer", "落实"),
    ("addressee", "Addressee", "受文对象"),
)

PROVENANCE: Vocabulary = (
    ("explicit", "Explicit in the text", "原文明示"),
    ("inferred", "Inferred by a rule", "规则推断"),
    ("manual", "Entered by a person", "人工录入"),
)

BODY_LEVEL: Vocabulary = (
    ("central", "Central", "中央"),
    ("provincial", "Provincial", "省级"),
    ("prefecture", "Prefecture", "市级"),
    ("county", "County", "县级"),
    ("township", "Township", "乡镇"),
    ("village", "Village", "村级"),
    ("unknown", "Unknown", "未知"),
)

BODY_KIND: Vocabulary = (
    ("party", "Party organ", "党的机关"),
    ("state_council", "State Council", "国务院"),
    ("ministry", "State Council ministry or commission", "国务院组成部门"),
    ("agency", "Agency or office", "直属机构与办事机构"),
    ("military", "Military", "军队"),
    ("congress", "People's congress", "人大"),
    ("judicial", "Court or procuratorate", "司法机关"),
    ("government", "Local government", "地方政府"),
    ("enterprise", "Enterprise", "企业"),
    ("society", "Social organisation", "社会组织"),
    ("sector", "Sector (government function)", "行业部门"),
    ("other", "Other", "其他"),
)

TIME_FRAME_KIND: Vocabulary = (
    ("deadline", "Deadline", "截止时间"),
    ("period", "Period", "时期"),
    ("start", "Start date", "起始时间"),
    ("recurrence", "Recurring obligation", "周期性要求"),
    ("duration", "Duration", "期限长度"),
)

COMPARATOR: Vocabulary = (
    ("eq", "Equal to", "等于"),
    ("ge", "At least (floor / red line)", "不少于"),
    ("le", "At most (ceiling)", "不超过"),
    ("gt", "More than", "超过"),
    ("lt", "Less than", "低于"),
    ("approx", "About", "约"),
)


STATUS_SOURCE: Vocabulary = (
    ("parser", "Proposed by the parser", "解析器建议"),
    ("manual", "Recorded by a person", "人工记录"),
    ("import", "Imported from a spreadsheet", "表格导入"),
)

IMPORT_OUTCOME: Vocabulary = (
    ("queued", "Queued (waiting for a worker)", "排队中"),
    ("running", "Running", "进行中"),
    ("succeeded", "Succeeded", "成功"),
    ("partial", "Some files failed", "部分失败"),
    ("failed", "Failed", "失败"),
)

# How a later measure carries an earlier one forward (tracker.lineage). A link goes from the later measure to
# the earlier one.
LINK_RELATION: Vocabulary = (
    ("restates", "Restates", "重申"),
    ("elaborates", "Elaborates", "细化"),
    ("strengthens", "Strengthens", "强化"),
    ("relaxes", "Relaxes", "放宽"),
    ("localises", "Localises", "地方落实"),
    ("supersedes", "Supersedes", "取代"),
)

# Where a link came from: a method of tracker.lineage, or a person.
LINK_PROVENANCE: Vocabulary = (
    ("inferred", "Inferred by the linker", "自动推断"),
    ("manual", "Added by a person", "人工添加"),
)

# A person's decision on a link. A recomputation never changes or re-suggests a decided link.
LINK_REVIEW: Vocabulary = (
    ("suggested", "Suggested", "待审核"),
    ("accepted", "Accepted", "已确认"),
    ("rejected", "Rejected", "已驳回"),
)
DECIDED_REVIEWS = frozenset({"accepted", "rejected"})

# The statuses an accepted link proposes for the earlier measure, the first one by default; the editor who
# confirms picks one. restates/elaborates: `in_progress` while the measure's time frame runs, `ongoing` after
# (tracker.reviews.proposed_status).
LINK_STATUS_PROPOSALS = {
    "restates": ("in_progress", "ongoing"),
    "elaborates": ("in_progress", "ongoing"),
    "strengthens": ("in_progress",),
    "localises": ("in_progress",),
    "relaxes": ("partially_achieved", "superseded"),
    "supersedes": ("superseded", "partially_achieved"),
}

PROPOSAL_STATE: Vocabulary = (
    ("open", "Awaiting a person", "待确认"),
    ("confirmed", "Confirmed", "已确认"),
    ("dismissed", "Dismissed", "已驳回"),
)

# What a watcher's digest reports (tracker.watches).
WATCH_EVENT: Vocabulary = (
    ("status_change", "Status changed", "状态变更"),
    ("became_overdue", "Became overdue", "逾期"),
    ("new_link", "Linked to another document", "新增承接关联"),
    ("fell_due", "A recurring obligation fell due", "周期性要求到期"),
)


def values(vocabulary: Vocabulary) -> frozenset[str]:
    """The stored values of a vocabulary, for validation."""
    return frozenset(value for value, _english, _chinese in vocabulary)
