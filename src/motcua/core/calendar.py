"""The working-day calendar for deadlines.

Base: Vietnam's public holidays from the ``holidays`` package (Bộ luật Lao
động 2019, Điều 112; Tết and Quốc khánh moves, substituted days and make-up
Saturdays it knows). On top: the admin-editable ``CalendarOverride`` table,
because yearly swap notices for public servants may postdate the package.

Working hours: the periods in ``MOTCUA_WORKING_PERIODS`` (8 hours a day by
default), used for deadlines counted in "giờ làm việc".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.utils import timezone

from motcua.core.constants import CalendarOverrideKind

# How far ahead a calendar loads overrides; a deadline beyond this is an error.
_MAX_SPAN_DAYS = 3 * 366


@lru_cache(maxsize=64)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year, language="vi")


def _periods() -> list[tuple[time, time]]:
    raw = getattr(settings, "MOTCUA_WORKING_PERIODS", None) or [
        ("07:00", "11:30"),
        ("13:30", "17:00"),
    ]
    return [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in raw]


def _local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass
class WorkingCalendar:
    """A calendar with the override rows of a window loaded once, so that
    computing many dates costs one query."""

    overrides: dict[date, str] = field(default_factory=dict)

    @classmethod
    def load(cls, start: date, end: date | None = None) -> WorkingCalendar:
        """Load the override rows between ``start`` and ``end`` (default: three years on)."""
        from motcua.core.models import CalendarOverride

        end = end or start + timedelta(days=_MAX_SPAN_DAYS)
        rows = CalendarOverride.objects.filter(date__range=(start, end)).values_list("date", "kind")
        return cls(overrides=dict(rows))

    # -- days ---------------------------------------------------------------
    def holiday_name(self, day: date) -> str | None:
        """The national holiday's Vietnamese name, if ``day`` is one."""
        return _national(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        """Override first; then national holidays; then weekends, except the
        make-up Saturdays the package knows."""
        kind = self.overrides.get(day)
        if kind == CalendarOverrideKind.DAY_OFF:
            return False
        if kind == CalendarOverrideKind.WORKING_DAY:
            return True
        national = _national(day.year)
        if day in national:
            return False
        if day in getattr(national, "weekend_workdays", ()):
            return True
        return day.weekday() < 5

    def next_working_day(self, day: date, *, include_today: bool = False) -> date:
        """The first working day after ``day`` (or ``day`` itself if allowed)."""
        current = day if include_today else day + timedelta(days=1)
        limit = day + timedelta(days=_MAX_SPAN_DAYS)
        while not self.is_working_day(current):
            current += timedelta(days=1)
            if current > limit:
                raise ValueError("no working day found within three years")
        return current

    def add_working_days(self, start: date, days: int) -> date:
        """The ``days``-th working day after ``start``; with 0, ``start`` if it
        is a working day, else the next one. A deadline of N working days from
        a receipt on ``start`` falls on this date."""
        if days < 0:
            raise ValueError("days must be zero or more")
        if days == 0:
            return self.next_working_day(start, include_today=True)
        current = start
        for _ in range(days):
            current = self.next_working_day(current)
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]: 0 when ``end`` is not after ``start``;
        negative when ``end`` is before (days overdue, counted backwards)."""
        if end == start:
            return 0
        sign = 1
        if end < start:
            start, end, sign = end, start, -1
        count = 0
        current = start
        while current < end:
            current += timedelta(days=1)
            if self.is_working_day(current):
                count += 1
        return sign * count

    # -- hours --------------------------------------------------------------
    def _day_periods(self, day: date) -> list[tuple[datetime, datetime]]:
        tz = _local_tz()
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, a, tzinfo=tz), datetime.combine(day, b, tzinfo=tz))
            for a, b in _periods()
        ]

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """The instant when ``hours`` working hours after ``start`` have passed.
        Time outside working periods (nights, lunch, days off) does not count."""
        if hours < 0:
            raise ValueError("hours must be zero or more")
        remaining = timedelta(hours=hours)
        current = timezone.localtime(start, _local_tz())
        day = current.date()
        limit = day + timedelta(days=_MAX_SPAN_DAYS)
        while day <= limit:
            for begin, finish in self._day_periods(day):
                if current >= finish:
                    continue
                current = max(current, begin)
                available = finish - current
                if remaining <= available:
                    return current + remaining
                remaining -= available
                current = finish
            day += timedelta(days=1)
            current = datetime.combine(day, time.min, tzinfo=_local_tz())
        raise ValueError("deadline beyond three years")

    def working_hours_between(self, start: datetime, end: datetime) -> float:
        """Working hours between two instants (negative if ``end`` is earlier)."""
        if end < start:
            return -self.working_hours_between(end, start)
        tz = _local_tz()
        start_l, end_l = timezone.localtime(start, tz), timezone.localtime(end, tz)
        total = timedelta()
        day = start_l.date()
        while day <= end_l.date():
            for begin, finish in self._day_periods(day):
                a, b = max(begin, start_l), min(finish, end_l)
                if b > a:
                    total += b - a
            day += timedelta(days=1)
        return total.total_seconds() / 3600


def _calendar_for(start: date) -> WorkingCalendar:
    return WorkingCalendar.load(start)


def is_working_day(day: date) -> bool:
    """Whether public offices work on ``day``."""
    return WorkingCalendar.load(day, day).is_working_day(day)


def add_working_days(start: date, days: int) -> date:
    """See ``WorkingCalendar.add_working_days``."""
    return _calendar_for(start).add_working_days(start, days)


def add_working_hours(start: datetime, hours: float) -> datetime:
    """See ``WorkingCalendar.add_working_hours``."""
    return _calendar_for(timezone.localtime(start, _local_tz()).date()).add_working_hours(
        start, hours
    )


def working_days_between(start: datetime | date, end: datetime | date) -> int:
    """Working days between two instants or dates, by their local dates."""
    tz = _local_tz()
    a = timezone.localtime(start, tz).date() if isinstance(start, datetime) else start
    b = timezone.localtime(end, tz).date() if isinstance(end, datetime) else end
    return WorkingCalendar.load(min(a, b), max(a, b)).working_days_between(a, b)


def working_hours_between(start: datetime, end: datetime) -> float:
    """See ``WorkingCalendar.working_hours_between``."""
    tz = _local_tz()
    a, b = sorted([timezone.localtime(start, tz).date(), timezone.localtime(end, tz).date()])
    return WorkingCalendar.load(a, b).working_hours_between(start, end)
