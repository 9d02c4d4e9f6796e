"""Records of what happened: import runs (and the upload that starts one) and status entries across measures."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join

from tracker import ingest, models
from tracker.admin.base import RecordAdmin
from tracker.admin.forms import DocumentUploadForm
from tracker.i18n import bilingual as _b
from tracker.resources import say


@admin.register(models.ImportRun)
class ImportRunAdmin(RecordAdmin):
    """Runs are the ingest's record: read-only. Uploading a document file here starts one."""

    list_display = ["started_at", "trigger", "user", "outcome", "inserted", "updated", "unchanged", "withdrawn",
                    "failed"]
    list_filter = ["outcome", "trigger"]
    list_select_related = ["user"]
    readonly_fields = ["started_at", "finished_at", "trigger", "user", "outcome", "paths", "inserted", "updated",
                       "unchanged", "withdrawn", "failed", "error_list", "report"]
    exclude = ["errors"]
    change_list_template = "admin/tracker/importrun/change_list.html"

    def has_upload_permission(self, request):
        return request.user.has_perm("tracker.add_sourcefile")

    @admin.display(description=_b("withdrawn", "撤回"))
    def withdrawn(self, run):
        """Measures the run withdrew (no file carries them any more), from its report."""
        return run.report.get("counts", {}).get("withdrawn", 0)

    @admin.display(description=_b("errors", "错误"))
    def error_list(self, run):
        return format_html_join("", "<p><b>{}</b>: {}</p>", ((e["file"], e["error"]) for e in run.errors)) or "—"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_upload": self.has_upload_permission(request)}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("upload/", upload, name="tracker_importrun_upload"), *super().get_urls()]

    def upload_view(self, request):
        """Ingest an uploaded document file with the same code as `manage.py ingest`."""
        if not self.has_upload_permission(request):
            raise PermissionDenied
        form = DocumentUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            report = ingest.ingest_upload(upload.name, upload.read(), user=request.user)
            self.report_upload(request, report)
            return HttpResponseRedirect(reverse("admin:tracker_importrun_change", args=[report["run"]]))
        context = {
            **self.admin_site.each_context(request),
            "title": _b("Upload a document file", "上传文件并导入"),
            "opts": self.opts,
            "form": form,
        }
        return TemplateResponse(request, "tracker/admin/upload.html", context)

    def report_upload(self, request, report: dict) -> None:
        for file in report["files"]:
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
