"""The registries people keep: responsible bodies (aliases, succession, merging duplicates) and topics."""

from django.contrib import admin, messages
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from tracker import models
from tracker.admin.base import LISTED_MEASURES, LabelledFields, LuoshiStyle, measure_link, short_heading
from tracker.admin.forms import BodyForm, BodyMergeForm
from tracker.body_merge import merge_bodies
from tracker.i18n import bilingual as _b
from tracker.resources import say


@admin.register(models.Body)
class BodyAdmin(LuoshiStyle, LabelledFields, SimpleHistoryAdmin):
    form = BodyForm
    list_display = ["name", "english_name", "level", "kind", "alias_list", "successor", "measure_count",
                    "needs_review"]
    list_filter = ["level", "kind", "needs_review"]
    list_select_related = ["successor"]
    search_fields = ["name", "english_name"]
    autocomplete_fields = ["parent", "successor"]
    fields = [*BodyForm.Meta.fields, "predecessor_list", "measures_responsible_for"]
    readonly_fields = ["predecessor_list", "measures_responsible_for"]
    actions = ["merge"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(measures_total=Count("responsibilities__measure", distinct=True))

    @admin.display(description=_b("aliases", "别名"))
    def alias_list(self, body):
        return "、".join(body.aliases)

    @admin.display(description=_b("measures", "负责措施数"), ordering="measures_total")
    def measure_count(self, body):
        url = reverse("admin:tracker_measure_changelist") + f"?responsibilities__body__id__exact={body.pk}"
        return format_html('<a href="{}">{}</a>', url, body.measures_total)

    @admin.display(description=_b("predecessors", "前身"))
    def predecessor_list(self, body):
        return "、".join(body.predecessors.values_list("name", flat=True)) or "—"

    @admin.display(description=_b("responsible for", "负责的措施"))
    def measures_responsible_for(self, body):
        measures = (
            models.Measure.objects.filter(responsibilities__body=body).distinct()
            .select_related("document").order_by("document", "order")[:LISTED_MEASURES]
        )
        rows = ((m.document.title, measure_link(m, f"{m.path} {short_heading(m)}")) for m in measures)
        items = format_html_join("", "<div>{} · {}</div>", rows)
        everything = reverse("admin:tracker_measure_changelist") + f"?responsibilities__body__id__exact={body.pk}"
        return format_html('<div>{}<a href="{}">{}</a></div>', items, everything,
                           _b("all in the measure list", "在措施列表中查看全部"))

    def has_merge_permission(self, request):
        return request.user.has_perm("tracker.change_body") and request.user.has_perm("tracker.delete_body")

    @admin.action(description=_b("Merge duplicates", "合并重复主体"), permissions=["merge"])
    def merge(self, request, queryset):
        if queryset.count() < 2:
            self.message_user(request, _b("Select two or more bodies.", "请至少选择两个主体。"), messages.ERROR)
            return None
        form = BodyMergeForm(queryset, request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.merge_form_response(request, form, queryset)
        keep = form.cleaned_data["keep"]
        merge_bodies(keep, queryset)
        self.message_user(request, say("Merged into {}.", "已合并到“{}”。", keep.name))
        return None

    def merge_form_response(self, request, form, queryset):
        context = {
            **self.admin_site.each_context(request),
            "title": _b("Merge duplicate bodies", "合并重复主体"),
            "opts": self.opts,
            "form": form,
            "bodies": queryset,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "tracker/admin/merge_bodies.html", context)


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "english_name"]
    search_fields = ["name", "english_name"]
