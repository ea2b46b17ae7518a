"""Template filters of the dossier pages."""

from __future__ import annotations

from django import template

from motcua.accounts.validators import format_phone

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """``+84905123456`` → ``0905 123 456`` (as people write it)."""
    return format_phone(value or "")
