"""The kinds a document gives itself at the end of its title (…的意见, …实施方案), the longer forms first."""

DOC_TYPES = (
    "实施意见", "指导意见", "意见", "通知", "实施方案", "方案", "决定", "决议", "建议", "规划", "纲要", "办法", "条例",
    "规定", "细则", "行动计划", "计划", "若干措施", "措施", "工作要点", "要点", "公告", "通告", "通报", "批复", "法",
)  # fmt: skip
