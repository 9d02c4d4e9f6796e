"""Watches: a button on a measure's, a document's or a body's page to watch it (tracker.watches sends the digests),
and the list of one's own watches, where they can be stopped."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html

from tracker import models, watches
from tracker.i18n import bilingual as _b
from tracker.resources import say

WATCHABLE_BY_NAME = {model._meta.model_name: model for model in watches.WATCHABLE}


@admin.register(models.Watch)
class WatchAdmin(admin.ModelAdmin):
    """Everyone on the staff sees and stops their own watches (a superuser sees everyone's)."""

    list_display = ["target_page", "created_at", "reported_until"]
    list_select_related = ["measure", "document", "body", "user"]

    def get_queryset(self, request):
        watches_shown = super().get_queryset(request)
        return watches_shown if request.user.is_superuser else watches_shown.filter(user=request.user)

    def get_list_display(self, request):
        return ["user", *self.list_display] if request.user.is_superuser else self.list_display

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and (obj is None or self.owns(request, obj))

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False  # from the watched page's button

    def has_change_permission(self, request, obj=None):
        return False

    @staticmethod
    def owns(request, watch) -> bool:
        return request.user.is_superuser or watch.user_id == request.user.pk

    @admin.display(description=_b("watching", "关注对象"))
    def target_page(self, watch):
        target = watch.target
        url = reverse(f"admin:tracker_{target._meta.model_name}_change", args=[target.pk])
        return format_html('{}: <a href="{}">{}</a>', target._meta.verbose_name, url, target)

    def get_urls(self):
        toggle = self.admin_site.admin_view(self.toggle_view)
        return [path("toggle/<str:model_name>/<int:pk>/", toggle, name="tracker_watch_toggle"), *super().get_urls()]

    def toggle_view(self, request, model_name: str, pk: int):
        """Watch the thing, or stop watching it (a POST from the button on its page)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        model = WATCHABLE_BY_NAME.get(model_name)
        if model is None or not request.user.has_perm(f"tracker.view_{model_name}"):
            raise PermissionDenied
        target = get_object_or_404(model, pk=pk)
        if watches.unwatch(request.user, target):
            self.message_user(request, say("You no longer watch “{}”.", "已取消关注“{}”。", target))
        else:
            watches.watch(request.user, target)
            self.message_user(request, say(
                "You now watch “{}”: the digests will tell you what happens to it.",
                "已关注“{}”：动态将通过邮件摘要告诉您。", target), messages.SUCCESS)
        return HttpResponseRedirect(reverse(f"admin:tracker_{model_name}_change", args=[pk]))
