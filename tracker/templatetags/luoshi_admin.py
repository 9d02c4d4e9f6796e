"""Template helpers of the admin pages: bilingual labels and status badges."""

from django import template
from django.utils.html import format_html

from tracker.i18n import bilingual

register = template.Library()


@register.simple_tag
def bi(english: str, chinese: str) -> str:
    """`{% bi "English" "中文" %}`: a label in the active language, like tracker.i18n.bilingual in code."""
    return str(bilingual(english, chinese))


@register.simple_tag
def status_badge(measure) -> str:
    """A measure's status as a coloured label (tracker/static/tracker/admin.css)."""
    return format_html('<span class="lu-status lu-status-{}">{}</span>', measure.status, measure.get_status_display())
