"""Bilingual labels without gettext catalogues.

Luoshi's own labels come in pairs (English, Chinese) next to the thing they name, so a vocabulary stays
defined once; the active language picks one when the label is rendered.
"""

from django.utils.functional import lazy
from django.utils.translation import get_language


def _pick(english: str, chinese: str) -> str:
    language = get_language() or "zh-hans"
    return chinese if language.startswith("zh") else english


bilingual = lazy(_pick, str)
