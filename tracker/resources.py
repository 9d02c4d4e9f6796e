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
from typing import NamedTuple

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Left
from django.utils import timezone
from django.utils.safestring import SafeString
from import_export import exceptions, resources
from import_export.fields import Field
from import_export.resources import Diff
from import_export.results import RowResult

from tracker import edits, summary, vocabulary
from tracker.bulk_update import in_batches
from tracker.choices import BodyRole, Status
from tracker.export import FORMULA_TRIGGERS, LIST_SEPARATOR, MEASURE_EXPORT_COLUMNS, escape_cell, measure_export_rows
from tracker.i18n import bilingual as _b
from tracker.models import Body, Measure, Responsibility, StatusUpdate
from tracker.status import LATEST_FIRST, record_statuses

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
# The changed rows the preview shows (the confirm writes them all): 70,000 shown whole were tens of MB of HTML.
PREVIEW_ROWS = 1_000
# What tracker.edits reads and writes of a measure whose heading or bodies an import changes.
EDITED_COLUMNS = ("heading", "text", "search_tokens", "edited_fields")


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


Key = tuple[str, str, str]  # a row's measure: document title, written date, path


class KnownMeasure(NamedTuple):
    """What reading a row compares with: a measure as plain values, read with the others a file names."""

    pk: int  # the fields are the columns read (`known_measures`)
    document_id: int
    heading: str
    status: str
    status_date: datetime.date | None  # of its current status
    path: str
    opening: str  # of its text, which names it when it has no heading (str(measure))


def key_of(title, written, path) -> Key:
    written = written.date() if isinstance(written, datetime.datetime) else written
    return str(title or "").strip(), str(written or "").strip(), str(path or "").strip()


class ImportedFile:
    """The columns an import reads, unescaped, column by column, and the measure each row names."""

    def __init__(self, dataset):
        self.dataset = dataset
        self.columns = {column: [unescape_cell(cell) if isinstance(cell, str) and cell.startswith("'") else cell
                                 for cell in dataset[column]] for column in READ_COLUMNS}
        self.keys = [key_of(*cells) for cells in zip(*(self.columns[column] for column in MATCH_COLUMNS), strict=True)]

    def rows(self):
        """(row number, measure key, {column: cell}) of each row, numbered from 1 as the admin shows them."""
        names = [column for column in READ_COLUMNS if column not in MATCH_COLUMNS]
        cells = zip(*(self.columns[column] for column in names), strict=True)
        for number, (key, values) in enumerate(zip(self.keys, cells, strict=True), 1):
            yield number, key, dict(zip(names, values, strict=True))

    def shown(self, number: int) -> dict:
        """A row as the admin shows a refused one."""
        cells = self.dataset[number - 1]
        return {column: unescape_cell(cell) for column, cell in zip(self.dataset.headers, cells, strict=True)}

    def repeated(self) -> list[str]:
        """The measures (title / date / path) that more than one row names."""
        return [" / ".join(key) for key, rows in Counter(self.keys).items() if rows > 1]


def known_measures(keys: list[Key]) -> dict[Key, KnownMeasure]:
    """The measures the file names, as values, in one query per READ_BATCH_SIZE paths."""
    latest = StatusUpdate.objects.filter(measure=OuterRef("pk")).order_by(*LATEST_FIRST).values("effective_date")[:1]
    titles = {title for title, _written, _path in keys}
    found = {}
    for paths in in_batches(sorted({path for *_, path in keys}), READ_BATCH_SIZE):
        measures = Measure.objects.filter(document__title__any_of=titles, path__any_of=paths).order_by().annotate(
            status_date=Subquery(latest), opening=Left("text", 30))
        rows = measures.values_list(*KnownMeasure._fields, "document__title", "document__date_written")
        for *known, title, written in rows:
            measure = KnownMeasure(*known)
            found[(title, str(written or ""), measure.path)] = measure
    return found


def known_assignments(ids: list[int]) -> dict[int, set[tuple[int, str]]]:
    """Each measure's (body id, role) assignments."""
    assignments: dict[int, set[tuple[int, str]]] = defaultdict(set)
    for batch in in_batches(ids, READ_BATCH_SIZE):
        rows = Responsibility.objects.filter(measure_id__any_of=batch).values_list("measure", "body", "role")
        for measure, body, role in rows:
            assignments[measure].add((body, role))
    return assignments


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
    """The admin's export and import of measures.

    The import keeps django-import-export's pages (the preview, the confirm, their messages and the admin's log)
    and its Result, but not its loop over rows (`import_data_inner`): that loop builds a row dict, a model
    instance, a RowResult and a dozen hook calls for every row, about a millisecond a row, which made a
    100,000-row file take minutes. Here the file is read column by column, compared with the measures it names
    read as plain values in a few queries, and written in batches of set-based statements."""

    def __init__(self, site_url: str = "", **kwargs):
        super().__init__(**kwargs)
        self.fields = {column: Field(column_name=column) for column in MEASURE_EXPORT_COLUMNS}
        self.site_url = site_url.rstrip("/")
        self.bodies_by_name: dict[str, Body] = {}
        self.file: ImportedFile | None = None

    class Meta:
        model = Measure
        fields = ()  # the columns are MEASURE_EXPORT_COLUMNS, set up in __init__
        import_order = export_order = MEASURE_EXPORT_COLUMNS
        import_id_fields = MATCH_COLUMNS
        use_transactions = True  # the confirmed import writes in one transaction

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

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, collect_failed_rows, **kwargs):
        """Read every row, then, unless one was refused, write all their changes (a dry run: show them). Only
        the rows that change something or are refused get a row of the result; its totals count them all."""
        result = self.get_result_class()()
        result.diff_headers = self.get_diff_headers()
        result.total_rows = len(dataset)
        try:
            self.before_import(dataset, **kwargs)
            changed = self.read_rows(result, raise_errors)
            if dry_run:
                self.show_changes(result, changed)
            elif not result.has_validation_errors():
                apply_changes(changed, user=kwargs.get("user"), file_name=kwargs.get("file_name"))
                result.rows = [updated_row(measure, changes) for measure, changes in changed]  # the admin logs them
        except exceptions.ImportError:
            raise
        except Exception as error:  # the file as a whole refused, with its message
            self.handle_import_error(result, error, raise_errors)
        return result

    def before_import(self, dataset, **kwargs):
        missing = [column for column in READ_COLUMNS if column not in (dataset.headers or ())]
        if missing:
            raise ValueError(say("The file lacks these columns: {}", "文件缺少以下列：{}", "、".join(missing)))
        unknown = [column for column in dataset.headers if column not in MEASURE_EXPORT_COLUMNS]
        if unknown:
            # Nothing of a file is dropped without a word: a column the import would ignore refuses the file.
            raise ValueError(say("The file has columns the import does not know (remove them): {}",
                                 "文件有无法导入的列（请删除后再导入）：{}", "、".join(unknown)))
        self.file = ImportedFile(dataset)
        repeated = self.file.repeated()
        if repeated:
            # Two rows for one measure would both apply, the second dated before the first's status or not:
            # which one a person meant is theirs to say, so the file as a whole is refused.
            raise ValueError(say("Several rows for one measure (keep one row a measure): {}",
                                 "同一措施有多行（每条措施只留一行）：{}", "；".join(repeated)))
        self.bodies_by_name = {
            name: body for body in Body.objects.only("name", "aliases") for name in (body.name, *body.aliases)
        }

    def read_rows(self, result, raise_errors: bool) -> list[tuple[KnownMeasure, RowChanges]]:
        """Each row read against its measure: the changed rows, in file order; a refused row goes to
        `result.invalid_rows` with its messages."""
        measures = known_measures(self.file.keys)
        assignments = known_assignments([measure.pk for measure in measures.values()])
        changed = []
        for number, key, row in self.file.rows():
            measure = measures.get(key)
            try:
                if measure is None:
                    raise ValidationError(say("No measure {} (measures come from ingested documents).",
                                              "找不到措施 {}（措施由导入文件生成）。", " / ".join(key)))
                changes = self.read_row(measure, row, assignments[measure.pk])
            except ValidationError as error:
                result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
                result.append_invalid_row(number, self.file.shown(number), error)
                if raise_errors:
                    raise exceptions.ImportError(error, number=number, row=row) from error
                continue
            if changes:
                changed.append((measure, changes))
        result.totals[RowResult.IMPORT_TYPE_UPDATE] = len(changed)
        result.totals[RowResult.IMPORT_TYPE_SKIP] = len(self.file.keys) - len(changed) - len(result.invalid_rows)
        return changed

    def read_row(self, measure: KnownMeasure, row: dict, assignments: set[tuple[int, str]]) -> RowChanges:
        """What the row changes, or every message of what is wrong with it (as one ValidationError)."""
        errors = {}
        changes = RowChanges()
        for reader in (self.read_heading, self.read_status):
            try:
                reader(measure, row, changes)
            except ValidationError as error:
                errors.update(error.update_error_dict({}))
        try:
            self.read_bodies(row, assignments, changes)
        except ValidationError as error:
            errors.update(error.update_error_dict({}))
        if errors:
            raise ValidationError(errors)
        return changes

    def read_heading(self, measure: KnownMeasure, row, changes: RowChanges):
        heading = str(row["heading"] or "").strip()
        if heading != measure.heading.strip():  # spreadsheets trim cells: whitespace at the ends is no edit
            changes.heading = heading

    def read_status(self, measure: KnownMeasure, row, changes: RowChanges):
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

    def read_bodies(self, row, current: set[tuple[int, str]], changes: RowChanges):
        lead = str(row["lead_body"] or "").strip()
        wanted = [(lead, BodyRole.LEAD.value)] if lead else []
        for item in split_list(row["other_bodies"]):
            name, _separator, role = item.rpartition(ROLE_SEPARATOR)
            wanted.append((name.strip(), role.strip()) if name else (item, BodyRole.PARTICIPANT.value))
        errors = [self.unknown_body_or_role(name, role) for name, role in wanted]
        if any(errors):
            raise ValidationError({"lead_body": [error for error in errors if error]})
        if {(self.bodies_by_name[name].pk, role) for name, role in wanted} != current:
            changes.assignments = {(self.bodies_by_name[name], role) for name, role in wanted}
            changes.bodies_shown = bodies_cells([(self.bodies_by_name[name].name, role) for name, role in wanted])

    def unknown_body_or_role(self, name: str, role: str) -> str:
        if name not in self.bodies_by_name:
            return say("Unknown body “{}”: register it first.", "未知责任主体“{}”：请先登记。", name)
        if role not in ROLES:
            return say("Unknown role “{}” (one of: {}).", "未知角色“{}”（可用：{}）。", role, "、".join(sorted(ROLES)))
        return ""

    def show_changes(self, result, changed: list[tuple[KnownMeasure, RowChanges]]) -> None:
        """The preview: the first PREVIEW_ROWS changed rows, each the comparison of its measure's export row as
        it is and as the row leaves it (their export rows in one query); the totals count them all. (70,000
        changed rows shown whole were tens of MB of HTML.)"""
        shown = changed[:PREVIEW_ROWS]
        before = {}
        for ids in in_batches([measure.pk for measure, _changes in shown], READ_BATCH_SIZE):
            measures = Measure.objects.filter(pk__any_of=ids)
            before.update((cells[0], list(cells)) for cells in measure_export_rows(measures, site_url=self.site_url))
        for measure, changes in shown:
            row = updated_row(measure, changes)
            row.diff = RowDiff(before[measure.pk], row_after(before[measure.pk], changes)).as_html()
            result.append_row_result(row)


def updated_row(measure: KnownMeasure, changes: RowChanges) -> RowResult:
    """The result's row of a measure the import changes (the admin's log and preview read it), named as
    str(measure) names it once changed."""
    row = RowResult()
    heading = measure.heading if changes.heading is None else changes.heading
    row.import_type, row.object_id = RowResult.IMPORT_TYPE_UPDATE, measure.pk
    row.object_repr = f"{measure.path} {heading or measure.opening}"
    return row


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


def apply_changes(rows: list[tuple[KnownMeasure, RowChanges]], *, user, file_name: str | None) -> None:
    """Write the rows' changes, as the importing user (tracker.edits makes them the user's own; tracker.status
    records the statuses), in a number of queries that grows with batches of rows, not with rows. Only the
    measures whose heading or bodies change are read as instances, with the fields tracker.edits writes."""
    edited_rows = [(measure.pk, changes) for measure, changes in rows if changes.heading is not None
                   or changes.assignments is not None]
    instances = {}
    for ids in in_batches([pk for pk, _changes in edited_rows], READ_BATCH_SIZE):
        instances.update(Measure.objects.filter(pk__any_of=ids).order_by().only(*EDITED_COLUMNS).in_bulk())
    edited: dict[Measure, list[str]] = {}
    for pk, changes in edited_rows:
        measure = instances[pk]
        fields = edited.setdefault(measure, [])
        if changes.heading is not None:
            measure.heading = changes.heading
            fields.append("heading")
        if changes.assignments is not None:
            fields.append("bodies")
    with summary.refreshed_once():
        edits.replace_responsibilities_of_many(
            {instances[pk]: changes.assignments for pk, changes in edited_rows if changes.assignments is not None},
            user=user,
        )
        edits.save_edits(edited, user=user)
        summary.refresh_documents(  # the dashboards count measures by body
            {measure.document_id for measure, changes in rows if changes.assignments is not None})
        note = say("Imported from {}", "表格导入：{}", file_name or "")
        statuses = [(measure.pk, changes.status, changes.status_date) for measure, changes in rows if changes.status]
        record_statuses(statuses, source="import", author=user, note=note)
