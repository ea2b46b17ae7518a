"""Writes on core tables. Callers check permissions (core imports no app,
so it cannot know roles); ``org.views`` allows only system administrators."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from motcua.core.audit import record_audit
from motcua.core.constants import AuditEvent
from motcua.core.models import CalendarOverride
from motcua.core.text import clean_text

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser


@transaction.atomic
def do_set_calendar_override(
    day: date, kind: str, reason: str, *, acting_user: AbstractBaseUser | None
) -> CalendarOverride:
    """Make ``day`` a day off or a working day, whatever the national calendar says."""
    existing = CalendarOverride.objects.select_for_update().filter(date=day).first()
    old = {"kind": existing.kind, "reason": existing.reason} if existing else {}
    override, _ = CalendarOverride.objects.update_or_create(
        date=day, defaults={"kind": kind, "reason": clean_text(reason)}
    )
    record_audit(
        override,
        acting_user,
        AuditEvent.CALENDAR_CHANGED,
        old=old,
        new={"date": day, "kind": kind, "reason": override.reason},
    )
    return override


@transaction.atomic
def do_remove_calendar_override(
    override: CalendarOverride, *, acting_user: AbstractBaseUser | None
) -> None:
    """Return a date to the national calendar."""
    record_audit(
        override,
        acting_user,
        AuditEvent.CALENDAR_CHANGED,
        old={"date": override.date, "kind": override.kind, "reason": override.reason},
        new={},
    )
    override.delete()
