"""Reads of the procedure catalogue: the public list with its filters, one
procedure with the rules in force, the staff lists, and the due date of a
dossier (``due_at_for``) that the dossiers app calls when it receives one.

Deadlines (domain-vn.md §4.5, §5):

- **ngày** (calendar days) — Bộ luật Dân sự 2015, Điều 147: the day the
  period starts from is not counted; Điều 148: the period ends at the end of
  its last day, and when that day is a weekend or public holiday, at the end
  of the next working day.
- **ngày làm việc** — the N-th working day after the start date
  (``core.calendar``: national holidays, make-up Saturdays and the
  ``CalendarOverride`` table).
- **giờ làm việc** — working hours of ``MOTCUA_WORKING_PERIODS`` counted from
  the start instant.

A day-based period ends at the close of business (the end of the last
working period, 17:00 by default) of its last day: results are handed out
during office hours, and the receipt (Mẫu 01) gives a time of day. A
general "after 15:00 counts from the next working day" rule was NOT FOUND
(it exists only for some procedures), so it is not applied.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.calendar import WorkingCalendar
from motcua.procedures.constants import ONLINE_LEVELS, DeadlineUnit, OnlineLevel
from motcua.procedures.models import (
    FeeLine,
    Procedure,
    ProcedureField,
    ProcedureVersion,
)

if TYPE_CHECKING:
    from motcua.org.models import Unit

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


# ================================================================ due dates
@dataclass(frozen=True)
class DayOff:
    """A day that was not counted (or that pushed the end of the period)."""

    day: date
    reason: str  # the holiday's Vietnamese name, "Thứ Bảy", "Chủ nhật" or "Ngày nghỉ"


@dataclass(frozen=True)
class DueDate:
    """When a period that starts at ``start`` ends. ``due_at`` is ``None``
    when the deadline is not published ("chưa công bố")."""

    start: datetime
    due_at: datetime | None
    amount: Decimal | None
    unit: str
    days_off: list[DayOff] = field(default_factory=list)

    @property
    def is_known(self) -> bool:
        return self.due_at is not None


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _close_of_business(day: date) -> datetime:
    """The end of the last working period of ``day`` (17:00 by default)."""
    periods = getattr(settings, "MOTCUA_WORKING_PERIODS", None) or [
        ("07:00", "11:30"),
        ("13:30", "17:00"),
    ]
    end = max(time.fromisoformat(b) for _a, b in periods)
    return datetime.combine(day, end, tzinfo=_tz())


def _reason(calendar: WorkingCalendar, day: date) -> str:
    name = calendar.holiday_name(day)
    if name:
        return str(name)
    if day in calendar.overrides:
        return "Ngày nghỉ"
    return WEEKDAY_NAMES[day.weekday()]


def _days_off(calendar: WorkingCalendar, first: date, last: date) -> list[DayOff]:
    out = []
    day = first
    while day <= last:
        if not calendar.is_working_day(day):
            out.append(DayOff(day=day, reason=_reason(calendar, day)))
        day += timedelta(days=1)
    return out


def due_at(
    amount: Decimal | int | float | None,
    unit: str,
    start: datetime,
    *,
    calendar: WorkingCalendar | None = None,
) -> DueDate:
    """The end of a period of ``amount`` ``unit`` starting at ``start``.

    Raises ``ValueError`` for a negative amount, an unknown unit, or a period
    that would end more than three years ahead."""
    if timezone.is_naive(start):
        raise ValueError("start must be an aware datetime")
    local = timezone.localtime(start, _tz())
    if amount is None or not unit:
        return DueDate(start=local, due_at=None, amount=None, unit=unit or "")
    value = Decimal(str(amount))
    if value < 0:
        raise ValueError("amount must be zero or more")
    if value > 3 * 366 or (unit == DeadlineUnit.WORKING_HOURS and value > 3 * 250 * 8):
        raise ValueError("deadline beyond three years")
    start_day = local.date()
    calendar = calendar or WorkingCalendar.load(start_day)
    if unit == DeadlineUnit.WORKING_HOURS:
        end = calendar.add_working_hours(local, float(value))
        skipped = _days_off(calendar, start_day + timedelta(days=1), end.date() - timedelta(days=1))
        return DueDate(start=local, due_at=end, amount=value, unit=unit, days_off=skipped)
    if value == 0:
        # "0 ngày": settled on receipt (domain-vn.md §8, TTBYT declarations).
        return DueDate(start=local, due_at=local, amount=value, unit=unit)
    if unit == DeadlineUnit.WORKING_DAYS:
        whole = int(value)
        if value != whole:
            # Half days and the like: count the fraction in working hours.
            hours = float(value) * _hours_per_day()
            end = calendar.add_working_hours(local, hours)
            skipped = _days_off(calendar, start_day + timedelta(days=1), end.date())
            return DueDate(start=local, due_at=end, amount=value, unit=unit, days_off=skipped)
        last = calendar.add_working_days(start_day, whole)
        skipped = _days_off(calendar, start_day + timedelta(days=1), last)
        return DueDate(
            start=local, due_at=_close_of_business(last), amount=value, unit=unit, days_off=skipped
        )
    if unit == DeadlineUnit.DAYS:
        # BLDS 2015 Điều 147: the start day is not counted; Điều 148: a last
        # day that is a day off moves the end to the next working day.
        last = start_day + timedelta(days=math.ceil(value))
        end_day = calendar.next_working_day(last, include_today=True)
        skipped = _days_off(calendar, last, end_day - timedelta(days=1))
        return DueDate(
            start=local,
            due_at=_close_of_business(end_day),
            amount=value,
            unit=unit,
            days_off=skipped,
        )
    raise ValueError(f"unknown deadline unit: {unit!r}")


def _hours_per_day() -> float:
    periods = getattr(settings, "MOTCUA_WORKING_PERIODS", None) or [
        ("07:00", "11:30"),
        ("13:30", "17:00"),
    ]
    total = timedelta()
    for a, b in periods:
        total += datetime.combine(date.min, time.fromisoformat(b)) - datetime.combine(
            date.min, time.fromisoformat(a)
        )
    return total.total_seconds() / 3600


def due_at_for(
    version: ProcedureVersion, start: datetime, *, calendar: WorkingCalendar | None = None
) -> DueDate:
    """The due instant of a dossier handled under ``version`` whose clock
    starts at ``start`` (reception), with the days off that were skipped.
    ``due_at`` is ``None`` when the version's deadline is "chưa công bố".

    One query (the calendar overrides) unless a ``calendar`` is passed."""
    return due_at(version.deadline_amount, version.deadline_unit, start, calendar=calendar)


# ================================================================ public catalogue
@dataclass
class CatalogueFilters:
    """Cleaned filters of the public list (all optional)."""

    q: str = ""
    field: ProcedureField | None = None
    level: str = ""
    unit: Unit | None = None


def published_procedures() -> Any:
    """Procedures the public catalogue lists, with field and unit joined."""
    return Procedure.objects.published().select_related("field", "unit")


def catalogue(filters: CatalogueFilters) -> Any:
    """The public list, filtered. Order: field, then name."""
    qs = published_procedures()
    if filters.q:
        qs = qs.search(filters.q)
    if filters.field is not None:
        qs = qs.filter(field=filters.field)
    if filters.level == "online":
        qs = qs.filter(online_level__in=ONLINE_LEVELS)
    elif filters.level:
        qs = qs.filter(online_level=filters.level)
    if filters.unit is not None:
        qs = qs.filter(unit=filters.unit)
    return qs.order_by("field__position", "field__name", "name", "pk")


def attach_current_versions(
    procedures: Iterable[Procedure], at: date | None = None
) -> list[Procedure]:
    """Set ``procedure.current`` to the version in force (fee lines
    prefetched) for each procedure of a page: two queries for the page."""
    procedures = list(procedures)
    if not procedures:
        return procedures
    ids = (
        Procedure.objects.filter(pk__in=[p.pk for p in procedures])
        .with_current_version_id(at)
        .values_list("pk", "current_version_id")  # type: ignore[misc]
    )
    by_procedure: dict[int, int | None] = dict(ids)
    versions = {
        v.pk: v
        for v in ProcedureVersion.objects.filter(pk__in=[v for v in by_procedure.values() if v])
        .prefetch_related("fee_lines")
        .only(
            "pk",
            "procedure_id",
            "effective_from",
            "deadline_amount",
            "deadline_unit",
            "deadline_note",
            "fee_status",
            "fee_note",
        )
    }
    for p in procedures:
        version_id = by_procedure.get(p.pk)
        p.current = versions.get(version_id) if version_id else None  # type: ignore[attr-defined]
    return procedures


def filter_choices() -> dict[str, list[Any]]:
    """Fields and units that have published procedures (for the filters)."""
    from motcua.org.models import Unit

    published = Procedure.objects.published()
    fields = list(
        ProcedureField.objects.filter(procedures__in=published)
        .annotate(n=Count("procedures", distinct=True))
        .order_by("position", "name")
    )
    units = list(
        Unit.objects.filter(procedures__in=published)
        .annotate(n=Count("procedures", distinct=True))
        .order_by("path")
    )
    return {"fields": fields, "units": units}


def version_with_details(version_id: int) -> ProcedureVersion:
    """A version with its fee lines, documents and steps prefetched."""
    return ProcedureVersion.objects.prefetch_related(
        Prefetch("fee_lines", queryset=FeeLine.objects.order_by("position", "pk")),
        "documents",
        "steps",
    ).get(pk=version_id)


def public_procedure(
    code: str, at: date | None = None
) -> tuple[Procedure, ProcedureVersion] | None:
    """A published procedure by code with the version in force, or ``None``."""
    procedure = published_procedures().with_current_version_id(at).filter(code=code).first()
    if procedure is None or procedure.current_version_id is None:  # type: ignore[attr-defined]
        return None
    return procedure, version_with_details(procedure.current_version_id)  # type: ignore[attr-defined]


def upcoming_version(procedure: Procedure, at: date | None = None) -> ProcedureVersion | None:
    """The next published version that takes effect after ``at`` (today)."""
    return (
        procedure.versions.published()
        .filter(effective_from__gt=at or timezone.localdate())
        .order_by("effective_from")
        .first()
    )


# ================================================================ staff
def editable_procedures(user: Any) -> Any:
    """Procedures ``user`` may edit (their units' subtree, catalogue roles)."""
    return Procedure.objects.visible_to(user).select_related("field", "unit")


def staff_list(user: Any, *, q: str = "", field: ProcedureField | None = None) -> Any:
    """The staff list, with counts of versions and drafts in the same query."""
    qs = editable_procedures(user).annotate(
        version_count=Count("versions", distinct=True),
        draft_count=Count("versions", filter=Q(versions__is_published=False), distinct=True),
    )
    if q:
        qs = qs.search(q)
    if field is not None:
        qs = qs.filter(field=field)
    return qs.with_current_version_id().order_by("field__position", "field__name", "name", "pk")


def online_level_label(level: str) -> str:
    """Short Vietnamese-translated label of an online level."""
    labels: dict[str, str] = {
        OnlineLevel.FULL: _("Fully online"),
        OnlineLevel.PARTIAL: _("Partly online"),
        OnlineLevel.OFFLINE: _("In person or by post only"),
    }
    return str(labels.get(level, level))
