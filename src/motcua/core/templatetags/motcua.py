"""Template filters loaded everywhere (``builtins`` in settings)."""

from __future__ import annotations

from django import template
from django.forms import BoundField

from motcua.core.money import format_vnd

register = template.Library()


@register.filter
def without_placeholder(bound_field: BoundField) -> str:
    """Render a form field without its placeholder: a label and a hint say
    what to type; placeholder text repeats the label, disappears while
    typing and often fails contrast (WCAG 1.4.3)."""
    bound_field.field.widget.attrs.pop("placeholder", None)
    return str(bound_field)


@register.filter
def label_text(label: str) -> str:
    """A label without its closing punctuation, to be followed by ": "."""
    return str(label).rstrip(" .:")


@register.filter
def vnd(amount: int | None) -> str:
    """``{{ 1234567|vnd }}`` -> ``1.234.567 đ``."""
    if amount in (None, ""):
        return ""
    return format_vnd(int(amount))  # type: ignore[arg-type]
