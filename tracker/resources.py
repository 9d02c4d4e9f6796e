"""Spreadsheet export and import of measures (django-import-export), CSV (UTF-8 with BOM) and XLSX.

Export: the columns of `tracker.export.MEASURE_EXPORT_COLUMNS`, in that order, text cells formula-escaped.
Import: rows are matched to measures by document, document_date and path (never created: measures come from
ingesting documents). Only heading, status (with status_date) and the bodies (lead_body, other_bodies) are read;
the other columns are for reference. A changed status becomes a status-history entry by the importing user;
changed bodies and headings become the editor's own (`tracker.edits`), so a re-ingest keeps them.
Any bad row refuses the whole file: the admin's dry run shows every row's message and writes nothing.
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass
from html import escape

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.safestring import SafeString
from import_export import resources
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import Diff

from tracker import edits, summary, vocabulary
from tracker.choices import BodyRole, Status
from tracker.export import FORMULA_TRIGGERS, LIST_SEPARATOR, MEASURE_EXPORT_COLUMNS, escape_cell, measure_export_rows
from tracker.i18n import bilingual as _b
from tracker.models import Body, Measure, Responsibility, StatusUpdate
from tracker.status import LATEST_FIRST, in_batches, record_statuses

ROLE_SEPARATOR = ":"
# Values per look-up of the rows a file names (PostgreSQL takes at most 65,535 parameters a statement).
READ_BATCH_SIZE = 10_000
MATCH_COLUMNS = ("document", "document_date", "path")
# The columns an import reads; the others are for reference, so a file exported before a column was added
# still imports.
READ_COLUMNS = (*MATCH_COLUMNS, "heading", "status", "status_date", "lead_body", "other_bodies")
# A status may be written as its stored value or as its label in either language.
STATUS_SPELLINGS = {
    spelling: value for value, english, chinese in vocabulary.STATUS for spelling in (value, english, chinese)
}
ROLES = vocabulary.values(vocabulary.BODY_ROLE)


def say(english: str, chinese: str, *values) -> str:
    """A message in the active language (see tracker.i18n), with values filled in."""
    return str(_b(english, chinese)).format(*values)


# The import reads CSV text with universal newlines, so an escaped "\r" comes back as "\n".
ESCAPED_STARTS = (*FORMULA_TRIGGERS, "\n")


def unescape_cell(value):
    """Undo `escape_cell`, so an exported file imports back to the same values."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(ESCAPED_STARTS):
        return value[1:]
    return value


def with_import_state(queryset):
    """What reading a row compares with: the measure's document and the date of its current status."""
    latest_status = StatusUpdate.objects.filter(measure=OuterRef("pk")).order_by(*LATEST_FIRST)
    return queryset.select_related("document").annotate(
        status_date=Subquery(latest_status.values("effective_date")[:1])
    )


def split_list(cell) -> list[str]:
    return [item.strip() for item in str(cell or "").split(LIST_SEPARATOR) if item.strip()]


@dataclass
class RowChanges:
    """What one imported row changes in its measure (None: unchanged)."""

    heading: str | None = None
    status: str | None = None
    status_date: datetime.date | None = None
    assignments: set[tuple[Body, str]] | None = None
    bodies_shown: tuple[str, str] = ("", "")  # lead_body and other_bodies as the export will show them

    def __bool__(self) -> bool:
        return any(value is not None for value in (self.heading, self.status, self.assignments))


class MeasureLoader(BaseInstanceLoader):
    """Finds the measures of all rows in one go, keyed by (document title, written date, path)."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        keys = {self.key(row) for row in dataset.dict} if dataset and dataset.headers else set()
        titles = {title for title, _date, _path in keys}
        self.measures: dict[tuple[str, str, str], Measure] = {}
        for paths in in_batches(sorted({path for *_, path in keys}), READ_BATCH_SIZE):
            for m in with_import_state(Measure.objects.filter(document__title__in=titles, path__in=paths)):
                self.measures[(m.document.title, str(m.document.date_written or ""), m.path)] = m
        # each measure's (body id, role) assignments, read as plain values rather than as model instances
        self.assignments: dict[int, set[tuple[int, str]]] = defaultdict(set)
        for ids in in_batches([measure.pk for measure in self.measures.values()], READ_BATCH_SIZE):
            responsibilities = Responsibility.objects.filter(measure__in=ids)
            for measure, body, role in responsibilities.values_list("measure", "body", "role"):
                self.assignments[measure].add((body, role))

    @staticmethod
    def key(row) -> tuple[str, str, str]:
        title, written, path = (unescape_cell(row.get(column)) for column in MATCH_COLUMNS)
        written = written.date() if isinstance(written, datetime.datetime) else written
        return str(title or "").strip(), str(written or "").strip(), str(path or "").strip()

    def get_instance(self, row):
        return self.measures.get(self.key(row))


def repeated_measures(dataset) -> list[str]:
    """The measures (title / date / path) that more than one row of the file names."""
    rows_per_measure = Counter(MeasureLoader.key(row) for row in dataset.dict)
    return [" / ".join(key) for key, rows in rows_per_measure.items() if rows > 1]


class RowDiff(Diff):
    """The preview's comparison of a measure's export row as it is and as the imported row leaves it: a changed
    cell shown whole, struck out and then inserted, in the markup of the framework's character diff (which, run
    on every changed cell, took most of the time of a large preview)."""

    def __init__(self, before: list, after: list):  # not super().__init__(), which reads the instance field by field
        self.left, self.right, self.new = before, after, False

    def as_html(self):
        return [
            SafeString(f"<span>{shown(old)}</span>" if old == new else
                       f'<del style="background:#ffe6e6;">{shown(old)}</del>'
                       f'<ins style="background:#e6ffe6;">{shown(new)}</ins>')
            for old, new in zip(map(str, self.left), map(str, self.right), strict=True)
        ]


def shown(cell: str) -> str:
    """A cell as diff_match_patch's diff_prettyHtml shows text."""
    return escape(cell, quote=False).replace("\n", "&para;<br>")


COLUMN = {name: number for number, name in enumerate(MEASURE_EXPORT_COLUMNS)}
STATUS_LABELS = dict(Status.choices)


def row_after(before: list, changes: "RowChanges") -> list:
    """The export row of a measure once `changes` are written."""
    after = list(before)
    if changes.heading is not None:
        after[COLUMN["heading"]] = changes.heading
    if changes.status is not None:
        after[COLUMN["status"]], after[COLUMN["status_label"]] = changes.status, str(STATUS_LABELS[changes.status])
        after[COLUMN["status_date"]] = changes.status_date.isoformat()
    if changes.assignments is not None:
        after[COLUMN["lead_body"]], after[COLUMN["other_bodies"]] = changes.bodies_shown
    return after


class MeasureResource(resources.ModelResource):
    def __init__(self, site_url: str = "", **kwargs):
        super().__init__(**kwargs)
        self.fields = {column: Field(column_name=column) for column in MEASURE_EXPORT_COLUMNS}
        self.site_url = site_url.rstrip("/")
        self.bodies_by_name: dict[str, Body] = {}
        self.changes: dict[int, RowChanges] = {}
        self.to_write: list[tuple[Measure, RowChanges]] = []
        self.loader: MeasureLoader | None = None

    class Meta:
        model = Measure
        fields = ()  # the columns are MEASURE_EXPORT_COLUMNS, set up in __init__
        import_order = export_order = MEASURE_EXPORT_COLUMNS
        import_id_fields = MATCH_COLUMNS
        instance_loader_class = MeasureLoader
        use_transactions = True  # the confirmed import writes in one transaction
        report_skipped = False  # the preview lists the rows that change something
        # Large files (issue 15): rows are read one by one, but their changes are written together after the
        # last row (`after_import`, in batches), with no savepoint a row; the preview's comparison comes from
        # the export rows read up front (MeasureLoader), not from two queries a row and a copy of each measure.
        use_bulk = True
        skip_diff = True

    # Export

    def export(self, queryset=None, **kwargs):
        """The rows of the streaming export (tracker.export), formula-escaped, as a tablib Dataset."""
        dataset = tablib.Dataset(headers=MEASURE_EXPORT_COLUMNS)
        for row in measure_export_rows(queryset, site_url=self.site_url):
            dataset.append([escape_cell(cell) for cell in row])
        return dataset

    # Import

    def import_data(self, *args, **kwargs):
        """The result the import page shows: without DEBUG, errors keep their message but lose their traceback,
        which names server paths."""
        result = super().import_data(*args, **kwargs)
        if not settings.DEBUG:
            for error in [*result.base_errors, *(e for _, errors in result.row_errors() for e in errors)]:
                error.traceback = ""
        return result

    def before_import(self, dataset, **kwargs):
        missing = [column for column in READ_COLUMNS if column not in (dataset.headers or ())]
        if missing:
            dataset.wipe()  # the file as a whole is refused: no row-by-row messages to add
            raise ValueError(say("The file lacks these columns: {}", "文件缺少以下列：{}", "、".join(missing)))
        unknown = [column for column in dataset.headers if column not in MEASURE_EXPORT_COLUMNS]
        if unknown:
            # Nothing of a file is dropped without a word: a column the import would ignore refuses the file.
            dataset.wipe()
            raise ValueError(say("The file has columns the import does not know (remove them): {}",
                                 "文件有无法导入的列（请删除后再导入）：{}", "、".join(unknown)))
        repeated = repeated_measures(dataset)
        if repeated:
            # Two rows for one measure would both apply, the second dated before the first's status or not:
            # which one a person meant is theirs to say, so the file as a whole is refused.
            dataset.wipe()
            raise ValueError(say("Several rows for one measure (keep one row a measure): {}",
                                 "同一措施有多行（每条措施只留一行）：{}", "；".join(repeated)))
        self.bodies_by_name = {
            name: body for body in Body.objects.only("name", "aliases") for name in (body.name, *body.aliases)
        }

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = unescape_cell(value)

    def get_or_init_instance(self, instance_loader, row):
        self.loader = instance_loader
        return super().get_or_init_instance(instance_loader, row)

    def init_instance(self, row=None):
        path = " / ".join(str(row.get(column) or "") for column in MATCH_COLUMNS)
        raise ValidationError(
            say("No measure {} (measures come from ingested documents).", "找不到措施 {}（措施由导入文件生成）。", path)
        )

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        changes = RowChanges()
        for reader in (self.read_heading, self.read_status, self.read_bodies):
            try:
                reader(instance, row, changes)
            except ValidationError as error:
                errors.update(error.update_error_dict({}))
        if errors:
            raise ValidationError(errors)
        self.changes[instance.pk] = changes

    def read_heading(self, measure, row, changes: RowChanges):
        heading = str(row["heading"] or "").strip()
        if heading != measure.heading.strip():  # spreadsheets trim cells: whitespace at the ends is no edit
            changes.heading = heading

    def read_status(self, measure, row, changes: RowChanges):
        spelled = str(row["status"] or "").strip()
        status = STATUS_SPELLINGS.get(spelled)
        if status is None:
            raise ValidationError({"status": say("Unknown status “{}”.", "未知状态“{}”。", spelled)})
        effective = parse_date(row["status_date"]) or timezone.localdate()
        if status == measure.status:
            return
        if measure.status_date and effective < measure.status_date:
            message = say(
                "A new status must be dated on or after the current one ({}).",
                "新状态的日期不能早于当前状态的日期（{}）。",
                measure.status_date,
            )
            raise ValidationError({"status_date": message})
        changes.status, changes.status_date = status, effective

    def read_bodies(self, measure, row, changes: RowChanges):
        lead = str(row["lead_body"] or "").strip()
        wanted = [(lead, BodyRole.LEAD.value)] if lead else []
        for item in split_list(row["other_bodies"]):
            name, _separator, role = item.rpartition(ROLE_SEPARATOR)
            wanted.append((name.strip(), role.strip()) if name else (item, BodyRole.PARTICIPANT.value))
        errors = [self.unknown_body_or_role(name, role) for name, role in wanted]
        if any(errors):
            raise ValidationError({"lead_body": [error for error in errors if error]})
        assignments = {(self.bodies_by_name[name], role) for name, role in wanted}
        if {(body.pk, role) for body, role in assignments} != self.loader.assignments[measure.pk]:
            changes.assignments = assignments
            changes.bodies_shown = bodies_cells([(self.bodies_by_name[name].name, role) for name, role in wanted])

    def unknown_body_or_role(self, name: str, role: str) -> str:
        if name not in self.bodies_by_name:
            return say("Unknown body “{}”: register it first.", "未知责任主体“{}”：请先登记。", name)
        if role not in ROLES:
            return say("Unknown role “{}” (one of: {}).", "未知角色“{}”（可用：{}）。", role, "、".join(sorted(ROLES)))
        return ""

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not import_validation_errors and not self.changes.get(instance.pk)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.to_write.append((instance, self.changes.pop(instance.pk)))

    def after_import(self, dataset, result, **kwargs):
        """The preview (a dry run) shows each changed row and writes nothing; a confirmed import writes every
        row's changes at once, unless a row was refused."""
        if kwargs.get("dry_run"):
            self.show_changes([row for row in result.rows if row.import_type == row.IMPORT_TYPE_UPDATE])
        elif not result.has_errors() and not result.has_validation_errors():
            apply_changes(self.to_write, user=kwargs.get("user"), file_name=kwargs.get("file_name"))

    def show_changes(self, rows) -> None:
        """Each changed row's comparison of the measure's export row as it is and as the row leaves it (the
        export rows of the changed measures in one query)."""
        changes = {measure.pk: row_changes for measure, row_changes in self.to_write}
        before = {}
        for ids in in_batches([row.object_id for row in rows], READ_BATCH_SIZE):
            measures = Measure.objects.filter(pk__in=ids)
            before.update((cells[0], list(cells)) for cells in measure_export_rows(measures, site_url=self.site_url))
        for row in rows:
            now = before[row.object_id]
            row.diff = RowDiff(now, row_after(now, changes[row.object_id])).as_html()


def bodies_cells(assignments: list[tuple[str, str]]) -> tuple[str, str]:
    """lead_body and other_bodies as the export shows (body name, role) pairs: the first lead, then the rest."""
    lead = next((pair for pair in assignments if pair[1] == BodyRole.LEAD), None)
    others = [f"{name}{ROLE_SEPARATOR}{role}" for name, role in assignments if (name, role) != lead]
    return (lead[0] if lead else "", LIST_SEPARATOR.join(others))


def parse_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date) or not value:
        return value or None
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(
            {"status_date": say("Not a date: “{}” (use YYYY-MM-DD).", "日期格式错误：“{}”（应为 YYYY-MM-DD）。", value)}
        ) from None


def apply_changes(rows: list[tuple[Measure, RowChanges]], *, user, file_name: str | None) -> None:
    """Write the rows' changes, as the importing user (tracker.edits makes them the user's own; tracker.status
    records the statuses), in a number of queries that grows with batches of rows, not with rows."""
    edited: dict[Measure, list[str]] = {}
    for measure, changes in rows:
        if changes.heading is not None:
            measure.heading = changes.heading
            edited.setdefault(measure, []).append("heading")
        if changes.assignments is not None:
            edited.setdefault(measure, []).append("bodies")
    edits.replace_responsibilities_of_many(
        {measure: changes.assignments for measure, changes in rows if changes.assignments is not None}, user=user
    )
    edits.save_edits(edited, user=user)
    summary.refresh_documents(  # the dashboards count measures by body
        {measure.document_id for measure, changes in rows if changes.assignments is not None})
    note = say("Imported from {}", "表格导入：{}", file_name or "")
    statuses = [(measure, changes.status, changes.status_date) for measure, changes in rows if changes.status]
    record_statuses(statuses, source="import", author=user, note=note)
