"""The admin: where editors correct and track measures and analysts look and export.

Roles (groups made by migration 0003_admin_roles): `editors` edit measures, record statuses, fix bodies and
import; `analysts` view and export. Parsed provenance is read-only, statuses change only through recorded,
dated entries (tracker.status), a person's changes of a measure go through tracker.edits, measures are never
bulk-deleted, and every edit is in the audit trail.

    measures.py     the measure list and page: editing, status changes, spreadsheet import and export
    extractions.py  responsibilities, time frames and targets across measures: read-only lists
    documents.py    documents, source files, witnesses and variants: what the parser read
    registry.py     bodies and topics
    records.py      import runs (and uploads) and status entries
    links.py        links between measures (lineage)
    watches.py      watching a measure, document or body, and one's own watches
    base.py, filters.py, forms.py   what the pages share
"""

from django.contrib import admin

from tracker.admin import documents, extractions, links, measures, records, registry, watches
from tracker.i18n import bilingual as _b

__all__ = ["documents", "extractions", "links", "measures", "records", "registry", "watches"]

admin.site.site_header = "Luoshi 落实"
admin.site.site_title = "Luoshi 落实"
admin.site.index_title = _b("Policy measures", "政策措施落实跟踪")
