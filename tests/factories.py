"""Small builders of database rows for tests that need data without running the parser."""

import datetime
import hashlib
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tracker import models
from tracker.lineage import word_counts

_counter = itertools.count(1)


def source_file(text: str = "（一）保持主要帮扶政策总体稳定。", name: str | None = None) -> models.SourceFile:
    raw = text.encode("utf-8")
    n = next(_counter)
    return models.SourceFile.objects.create(
        sha256=hashlib.sha256(raw + str(n).encode()).hexdigest(),
        name=name or f"source-{n}.txt",
        content=raw,
        encoding="utf-8",
        size=len(raw),
        text=text,
    )


def document(title: str = "关于实现巩固拓展脱贫攻坚成果同乡村振兴有效衔接的意见", **fields) -> models.Document:
    fields.setdefault("kind", "policy_document")
    fields.setdefault("date_written", datetime.date(2020, 12, 16))
    return models.Document.objects.create(identity=f"{title}|{next(_counter)}", title=title, **fields)


def body(name: str = "国家发展和改革委员会", **fields) -> models.Body:
    fields.setdefault("level", "central")
    fields.setdefault("kind", "ministry")
    return models.Body.objects.get_or_create(name=name, defaults=fields)[0]


def measure(doc: models.Document | None = None, path: str = "三/（一）", **fields) -> models.Measure:
    doc = doc or document()
    text = fields.pop("text", "保持主要帮扶政策总体稳定。过渡期内严格落实“四个不摘”要求。")
    source = fields.pop("source", None) or source_file(text)
    fields.setdefault("number_text", path.rsplit("/", 1)[-1])
    fields.setdefault("level", path.count("/") + 1)
    fields.setdefault("order", next(_counter))
    fields.setdefault("heading", text.split("。", 1)[0])
    with word_counts.following(models.Measure.objects.filter(document=doc, path=path)):  # as a writer would
        return models.Measure.objects.create(
            document=doc, path=path, text=text, source=source, span_start=0, span_end=len(text), **fields
        )


def member_of(group: str, username: str, **fields):
    """A user with a role: a member of one of the groups the migrations create (editors, analysts)."""
    user = get_user_model().objects.create_user(username, password="pw-for-tests-only", **fields)
    user.groups.add(Group.objects.get(name=group))
    return user
