"""Records of what happened: import runs (and the upload that starts one) and status entries across measures."""

import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from tracker import models, tasks
from tracker.admin.base import RecordAdmin
from tracker.admin.forms import DocumentUploadForm
from tracker.choices import ImportOutcome
from tracker.i18n import bilingual as _b
from tracker.resources import say

WAITING = (ImportOutcome.QUEUED, ImportOutcome.RUNNING)


@admin.register(models.ImportRun)
class ImportRunAdmin(RecordAdmin):
    """Runs are the ingest's record: read-only. Uploading a document file here starts one."""

    list_display = ["started_at", "trigger", "user", "outcome", "inserted", "updated", "unchanged", "withdrawn",
                    "failed"]
    list_filter = ["outcome", "trigger"]
    list_select_related = ["user"]
    readonly_fields = ["started_at", "finished_at", "trigger", "user", "outcome", "paths", "inserted", "updated",
                       "unchanged", "withdrawn", "failed", "error_list", "report_shown"]
    exclude = ["errors", "report"]
    change_list_template = "admin/tracker/importrun/change_list.html"
    change_form_template = "admin/tracker/importrun/change_form.html"

    def has_upload_permission(self, request):
        return request.user.has_perm("tracker.add_sourcefile")

    @admin.display(description=_b("withdrawn", "撤回"))
    def withdrawn(self, run):
        """Measures the run withdrew (no file carries them any more), from its report."""
        return run.report.get("counts", {}).get("withdrawn", 0)

    @admin.display(description=_b("errors", "错误"))
    def error_list(self, run):
        return format_html_join("", "<p><b>{}</b>: {}</p>", ((e["file"], e["error"]) for e in run.errors)) or "—"

    @admin.display(description=_b("report", "报告"))
    def report_shown(self, run):
        """The ingest's report (what `manage.py ingest --json` prints), readable."""
        return format_html("<pre>{}</pre>", json.dumps(run.report, ensure_ascii=False, indent=2))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": self.has_upload_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="tracker_importrun_upload"), *super().get_urls()]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("upload")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A run still queued or running refreshes its page until it has finished."""
        waiting = self.get_queryset(request).filter(pk=object_id, outcome__in=WAITING).exists()
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "refresh": waiting})

    def upload_view(self, request):
        """Queue an uploaded document file for a worker, which ingests it with the same code as `manage.py
        ingest`; the run's page then shows it queued, running and finished."""
        if not self.has_upload_permission(request):
            raise PermissionDenied
        form = DocumentUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            run = tasks.enqueue_upload(upload.name, upload.read(), user=request.user)
            if run.outcome in WAITING:
                self.message_user(request, say("{} is queued: a worker will ingest it, and this page shows when.",
                                               "{} 已排队：将由后台任务导入，本页会显示进度。", upload.name))
            else:  # the immediate backend ingested it already
                self.report_upload(request, run)
            return HttpResponseRedirect(reverse("admin:tracker_importrun_change", args=[run.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _b("Upload a document file", "上传文件并导入"),
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "tracker/admin/upload.html", context)

    def report_upload(self, request, run: models.ImportRun) -> None:
        if "files" not in run.report:  # the run broke off before any file's report; its error says why
            for error in run.errors:
                self.message_user(request, say("{} failed: {}", "{} 导入失败：{}", ", ".join(run.paths),
                                               error["error"]), messages.ERROR)
        for file in run.report.get("files", []):
            if file["outcome"] == "failed":
                self.message_user(request, say("{} failed: {}", "{} 导入失败：{}", file["path"], file["error"]),
                                  messages.ERROR)
            else:
                counts = (file["path"], file["inserted"], file["updated"], file["unchanged"], file["withdrawn"])
                self.message_user(request, say("{}: {} new, {} updated, {} unchanged, {} withdrawn measures.",
                                               "{}：新增 {}、更新 {}、未变 {}、撤回 {} 条措施。", *counts),
                                  messages.WARNING if file["withdrawn"] else messages.SUCCESS)


@admin.register(models.StatusUpdate)
class StatusUpdateAdmin(RecordAdmin):
    """All status entries, across measures; append-only (new ones come from "record a status change")."""

    list_display = ["measure", "status", "effective_date", "source", "author", "created_at"]
    list_filter = ["status", "source"]
    list_select_related = ["measure", "author"]
    date_hierarchy = "effective_date"
