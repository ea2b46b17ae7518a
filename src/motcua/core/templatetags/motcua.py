"""Template filters loaded everywhere (``builtins`` in settings)."""

from __future__ import annotations

from django import template

from motcua.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """``{{ 1234567|vnd }}`` -> ``1.234.567 đ``."""
    if amount in (None, ""):
        return ""
    return format_vnd(int(amount))  # type: ignore[arg-type]
