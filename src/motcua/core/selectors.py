"""Reads on core tables."""

from __future__ import annotations

from datetime import date, timedelta

from motcua.core.calendar import WorkingCalendar
from motcua.core.models import AuditEntry, CalendarOverride


def days_off_in_year(year: int) -> list[dict[str, object]]:
    """Every weekday off and every working weekend day in ``year``, with the
    reason, for the calendar screen (one query for the overrides)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    cal = WorkingCalendar.load(start, end)
    rows: list[dict[str, object]] = []
    day = start
    while day <= end:
        working = cal.is_working_day(day)
        weekend = day.weekday() >= 5
        if working == weekend:  # an exception to the weekly rhythm
            rows.append(
                {
                    "date": day,
                    "working": working,
                    "name": cal.holiday_name(day) or "",
                    "override": cal.overrides.get(day),
                }
            )
        day += timedelta(days=1)
    return rows


def overrides_in_year(year: int) -> list[CalendarOverride]:
    return list(CalendarOverride.objects.filter(date__year=year).order_by("date"))


def audit_entries():
    """The audit log, newest first, with actors and types loaded."""
    return AuditEntry.objects.select_related("actor", "target_type").order_by("-created_at", "-id")
