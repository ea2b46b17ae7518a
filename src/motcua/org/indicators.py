"""Indicators the organisation can measure now (motcua.core.indicators)."""

from __future__ import annotations

from datetime import date

from motcua.core.indicators import Scope, register_indicator
from motcua.org.models import Unit


@register_indicator("org.active_units")
def active_units(start: date, end: date, scope: Scope) -> int:
    """Active units in the scope (the unit itself included); the count is
    today's, whatever the period."""
    return scope.filter(Unit.objects.active(), "").count()
