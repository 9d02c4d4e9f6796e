"""Template helpers of the admin pages: bilingual labels, status badges, the watch button."""

from django import template
from django.utils.html import format_html

from tracker.i18n import bilingual
from tracker.watches import is_watching

register = template.Library()


@register.simple_tag
def bi(english: str, chinese: str) -> str:
    """`{% bi "English" "中文" %}`: a label in the active language, like tracker.i18n.bilingual in code."""
    return str(bilingual(english, chinese))


@register.simple_tag
def status_badge(measure) -> str:
    """A measure's status as a coloured label (tracker/static/tracker/admin.css)."""
    return format_html('<span class="lu-status lu-status-{}">{}</span>', measure.status, measure.get_status_display())


@register.inclusion_tag("tracker/watches/button.html", takes_context=True)
def watch_button(context, target):
    """The button on a measure's, document's or body's page that watches it or stops watching it."""
    user = context["request"].user
    return {"target": target, "model_name": target._meta.model_name, "csrf_token": context.get("csrf_token"),
            "watching": is_watching(user, target)}
