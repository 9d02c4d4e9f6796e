"""The measure export's columns and cell escaping, shared by the admin's import-export resource, the
streaming CSV export (`/export/measures.csv`, `manage.py export_measures`) and the API's CSV output.

Column names are a public interface: scripts and spreadsheets depend on them. Add columns at the end.
"""

MEASURE_EXPORT_COLUMNS: tuple[str, ...] = (
    "id",  # the measure's database id (informational; imports match on document + path)
    "document",  # the document's title
    "document_date",  # its written date, ISO: with the title it identifies the document
    "path",  # canonical path in the document, e.g. 七/（十九）
    "heading",
    "status",  # a value of tracker.vocabulary.STATUS
    "status_date",  # effective date of the current status, ISO
    "lead_body",  # canonical name of the lead body (first, when several)
    "other_bodies",  # other responsible bodies, "；"-separated, each "name:role"
    "time_frame_start",  # earliest start of the measure's time frames, ISO
    "time_frame_end",  # latest end, ISO
    "targets",  # "；"-separated expressions
    "topics",  # "；"-separated names
    "url",  # link to the measure in the admin
)
LIST_SEPARATOR = "；"

# Spreadsheet programs run a cell that starts with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value):
    """Make a text cell inert in spreadsheets by prefixing a quote; numbers and dates stay as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value

