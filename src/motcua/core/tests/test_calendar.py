"""The working-day calendar: national holidays from the ``holidays`` package
(language "vi"), the ``CalendarOverride`` table on top, working days and
working hours (07:00–11:30 and 13:30–17:00, 8 hours a day)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.core import calendar
from motcua.core.actions import do_remove_calendar_override, do_set_calendar_override
from motcua.core.calendar import WorkingCalendar
from motcua.core.constants import AuditEvent, CalendarOverrideKind
from motcua.core.models import AuditEntry, CalendarOverride
from motcua.core.selectors import days_off_in_year

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=HCM)


def days_off(start: date, end: date) -> list[date]:
    cal = WorkingCalendar.load(start, end)
    return [
        date.fromordinal(n)
        for n in range(start.toordinal(), end.toordinal() + 1)
        if not cal.is_working_day(date.fromordinal(n))
    ]


# -- national calendar ------------------------------------------------------


def test_tet_2026_is_monday_16_to_friday_20_february():
    cal = WorkingCalendar()
    assert days_off(date(2026, 2, 12), date(2026, 2, 24)) == [
        date(2026, 2, 14),  # Saturday
        date(2026, 2, 15),  # Sunday
        date(2026, 2, 16),
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
        date(2026, 2, 20),
        date(2026, 2, 21),  # Saturday
        date(2026, 2, 22),  # Sunday
    ]
    assert cal.holiday_name(date(2026, 2, 16)) == "Giao thừa Tết Nguyên Đán"
    assert cal.holiday_name(date(2026, 2, 17)) == "Tết Nguyên Đán"
    assert cal.holiday_name(date(2026, 2, 20)) == "Mùng bốn Tết Nguyên Đán"


def test_tet_2027_moves_the_weekend_days_to_thursday_4_and_wednesday_10_february():
    # Mùng 1 falls on Saturday 06/02/2027 and moves to the workday before
    # (Thursday 04/02, "29 Tết"); mùng 2 on Sunday 07/02 moves to the first
    # workday after mùng 4 (Wednesday 10/02, "Mùng năm Tết"). The Prime
    # Minister's decision for 2027 may differ: that is what overrides are for.
    cal = WorkingCalendar()
    weekdays_off = [d for d in days_off(date(2027, 2, 1), date(2027, 2, 14)) if d.weekday() < 5]
    assert weekdays_off == [
        date(2027, 2, 4),
        date(2027, 2, 5),
        date(2027, 2, 8),
        date(2027, 2, 9),
        date(2027, 2, 10),
    ]
    assert cal.is_working_day(date(2027, 2, 3))
    assert cal.is_working_day(date(2027, 2, 11))
    assert cal.holiday_name(date(2027, 2, 4)) == "29 Tết"
    assert cal.holiday_name(date(2027, 2, 5)) == "Giao thừa Tết Nguyên Đán"
    assert cal.holiday_name(date(2027, 2, 6)) == "Tết Nguyên Đán"
    assert cal.holiday_name(date(2027, 2, 10)) == "Mùng năm Tết Nguyên Đán"


def test_national_day_2026_with_the_swap_for_saturday_22_august():
    cal = WorkingCalendar()
    assert days_off(date(2026, 8, 28), date(2026, 9, 4)) == [
        date(2026, 8, 29),  # Saturday
        date(2026, 8, 30),  # Sunday
        date(2026, 8, 31),  # Monday, swapped for Saturday 22/08
        date(2026, 9, 1),
        date(2026, 9, 2),
    ]
    assert cal.holiday_name(date(2026, 9, 1)) == "Quốc khánh"
    assert cal.holiday_name(date(2026, 9, 2)) == "Quốc khánh"
    assert cal.holiday_name(date(2026, 8, 31)) == "Ngày nghỉ (thay cho ngày 22/08/2026)"
    # The make-up Saturday is a working day; the Saturdays around it are not.
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 15))
    assert not cal.is_working_day(date(2026, 8, 29))


def test_24_november_2026_is_a_day_off_as_the_package_has_it():
    # holidays 0.109 adds "Ngày Văn hóa Việt Nam" from 2026 on the strength of
    # Resolution 80-NQ/TW; the Labor Code (Điều 112) has yet to be amended.
    # If it is not, a WORKING_DAY override undoes it (see below).
    cal = WorkingCalendar()
    assert not cal.is_working_day(date(2026, 11, 24))  # a Tuesday
    assert cal.holiday_name(date(2026, 11, 24)) == "Ngày Văn hóa Việt Nam"
    assert cal.holiday_name(date(2025, 11, 24)) is None


def test_ordinary_days():
    cal = WorkingCalendar()
    assert cal.is_working_day(date(2026, 3, 10))  # a Tuesday
    assert not cal.is_working_day(date(2026, 3, 14))  # a Saturday
    assert not cal.is_working_day(date(2026, 3, 15))  # a Sunday
    assert not cal.is_working_day(date(2026, 1, 1))
    assert cal.holiday_name(date(2026, 3, 10)) is None


def test_the_year_screen_lists_every_exception_to_the_week_in_2026():
    rows = days_off_in_year(2026)
    assert [(r["date"], r["working"]) for r in rows] == [
        (date(2026, 1, 1), False),
        (date(2026, 2, 16), False),
        (date(2026, 2, 17), False),
        (date(2026, 2, 18), False),
        (date(2026, 2, 19), False),
        (date(2026, 2, 20), False),
        (date(2026, 4, 27), False),  # Giỗ Tổ on Sunday 26/04, observed
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 8, 22), True),
        (date(2026, 8, 31), False),
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 11, 24), False),
    ]
    assert rows[6]["name"] == "Ngày Giỗ Tổ Hùng Vương (nghỉ bù)"
    assert all(r["override"] is None for r in rows)


# -- overrides --------------------------------------------------------------


def test_an_extra_day_off_on_a_weekday_changes_the_result():
    thursday = date(2026, 9, 3)
    assert calendar.is_working_day(thursday)
    assert calendar.add_working_days(date(2026, 8, 28), 1) == thursday
    CalendarOverride.objects.create(
        date=thursday, kind=CalendarOverrideKind.DAY_OFF, reason="Quyết định của UBND tỉnh"
    )
    assert not calendar.is_working_day(thursday)
    assert calendar.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 4)
    assert calendar.working_days_between(date(2026, 9, 2), date(2026, 9, 4)) == 1


def test_a_make_up_saturday_changes_the_result():
    saturday = date(2027, 1, 30)
    assert not calendar.is_working_day(saturday)
    assert calendar.add_working_days(date(2027, 1, 29), 1) == date(2027, 2, 1)
    CalendarOverride.objects.create(
        date=saturday, kind=CalendarOverrideKind.WORKING_DAY, reason="Thông báo hoán đổi Tết 2027"
    )
    assert calendar.is_working_day(saturday)
    assert calendar.add_working_days(date(2027, 1, 29), 1) == saturday
    assert calendar.working_days_between(date(2027, 1, 29), date(2027, 2, 1)) == 2


def test_a_working_day_override_beats_a_national_holiday():
    culture_day = date(2026, 11, 24)
    CalendarOverride.objects.create(
        date=culture_day, kind=CalendarOverrideKind.WORKING_DAY, reason="Chưa có văn bản luật"
    )
    assert calendar.is_working_day(culture_day)
    assert culture_day not in [r["date"] for r in days_off_in_year(2026)]


def test_a_day_off_override_shows_on_the_year_screen():
    CalendarOverride.objects.create(
        date=date(2026, 9, 3), kind=CalendarOverrideKind.DAY_OFF, reason="Quyết định của UBND tỉnh"
    )
    CalendarOverride.objects.create(
        date=date(2026, 8, 22), kind=CalendarOverrideKind.WORKING_DAY, reason="Thông báo"
    )
    rows = {r["date"]: r for r in days_off_in_year(2026)}
    assert rows[date(2026, 9, 3)]["working"] is False
    assert rows[date(2026, 9, 3)]["override"] == CalendarOverrideKind.DAY_OFF
    assert rows[date(2026, 8, 22)]["working"] is True
    assert rows[date(2026, 8, 22)]["override"] == CalendarOverrideKind.WORKING_DAY


def test_overrides_take_effect_at_once_and_are_never_served_stale(personas):
    thursday = date(2026, 9, 3)
    assert calendar.is_working_day(thursday)
    assert calendar.add_working_days(date(2026, 8, 28), 1) == thursday

    override = do_set_calendar_override(
        thursday,
        CalendarOverrideKind.DAY_OFF,
        "  Quyết định   của UBND tỉnh ",
        acting_user=personas.sysadmin,
    )
    assert override.reason == "Quyết định của UBND tỉnh"
    assert not calendar.is_working_day(thursday)
    assert calendar.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 4)

    do_set_calendar_override(
        thursday, CalendarOverrideKind.WORKING_DAY, "Đính chính", acting_user=personas.sysadmin
    )
    assert CalendarOverride.objects.count() == 1
    assert calendar.is_working_day(thursday)

    do_remove_calendar_override(CalendarOverride.objects.get(), acting_user=personas.sysadmin)
    assert not CalendarOverride.objects.exists()
    assert calendar.is_working_day(thursday)  # back to the national calendar

    entries = list(AuditEntry.objects.filter(event=AuditEvent.CALENDAR_CHANGED).order_by("id"))
    assert [(e.old.get("kind"), e.new.get("kind")) for e in entries] == [
        (None, "day_off"),
        ("day_off", "working_day"),
        ("working_day", None),
    ]
    assert entries[0].new["date"] == "2026-09-03"
    assert {e.actor for e in entries} == {personas.sysadmin}


def test_a_loaded_calendar_sees_only_the_window_it_loaded():
    CalendarOverride.objects.create(
        date=date(2026, 9, 3), kind=CalendarOverrideKind.DAY_OFF, reason="Quyết định"
    )
    assert not WorkingCalendar.load(date(2026, 9, 1)).is_working_day(date(2026, 9, 3))
    assert WorkingCalendar.load(date(2026, 9, 4)).is_working_day(date(2026, 9, 3))


# -- adding and counting working days ----------------------------------------


def test_adding_working_days_across_tet_2026():
    # Received Thursday 12/02/2026: the 1st working day after is Friday
    # 13/02, then Tết and two weekends, then Monday 23/02.
    assert calendar.add_working_days(date(2026, 2, 12), 1) == date(2026, 2, 13)
    assert calendar.add_working_days(date(2026, 2, 12), 2) == date(2026, 2, 23)
    assert calendar.add_working_days(date(2026, 2, 12), 5) == date(2026, 2, 26)
    assert calendar.add_working_days(date(2026, 2, 10), 10) == date(2026, 3, 3)


def test_adding_working_days_across_tet_2027():
    assert calendar.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)
    assert calendar.add_working_days(date(2027, 2, 2), 3) == date(2027, 2, 12)


def test_adding_zero_working_days_gives_the_day_or_the_next_working_one():
    assert calendar.add_working_days(date(2026, 3, 10), 0) == date(2026, 3, 10)
    assert calendar.add_working_days(date(2026, 2, 16), 0) == date(2026, 2, 23)
    with pytest.raises(ValueError):
        calendar.add_working_days(date(2026, 3, 10), -1)


def test_counting_working_days_between_dates():
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 27)) == 5
    assert calendar.working_days_between(date(2026, 2, 27), date(2026, 2, 13)) == -5
    assert calendar.working_days_between(date(2026, 3, 10), date(2026, 3, 10)) == 0
    # (Friday 21/08, Monday 24/08]: the make-up Saturday counts.
    assert calendar.working_days_between(date(2026, 8, 21), date(2026, 8, 24)) == 2


def test_counting_working_days_between_instants_uses_local_dates():
    # 18:00 UTC on Friday 13/02/2026 is 01:00 on Saturday 14/02 in Hà Nội /
    # TP.HCM; 18:00 UTC on Monday 23/02 is 01:00 on Tuesday 24/02.
    start = datetime(2026, 2, 13, 18, 0, tzinfo=UTC)
    end = datetime(2026, 2, 23, 18, 0, tzinfo=UTC)
    assert calendar.working_days_between(start, end) == 2  # 23/02 and 24/02
    # The same instants read as UTC dates would give (13/02, 23/02] = 1.
    assert calendar.working_days_between(local(2026, 2, 13, 16), local(2026, 2, 23, 9)) == 1
    assert calendar.working_days_between(end, start) == -2


# -- working hours ------------------------------------------------------------


def test_adding_working_hours_within_a_morning_and_over_lunch():
    assert calendar.add_working_hours(local(2026, 3, 10, 8), 2) == local(2026, 3, 10, 10)
    assert calendar.add_working_hours(local(2026, 3, 10, 11), 1) == local(2026, 3, 10, 14)
    # Starting before office hours counts from 07:00.
    assert calendar.add_working_hours(local(2026, 3, 10, 5, 30), 8) == local(2026, 3, 10, 17)


def test_adding_working_hours_across_a_day_boundary_and_a_weekend():
    # Friday 14/08/2026 15:00: 2 h on Friday, nothing on the weekend, then
    # 4.5 h on Monday morning and 1.5 h after lunch.
    result = calendar.add_working_hours(local(2026, 8, 14, 15), 8)
    assert result == local(2026, 8, 17, 15)
    assert result.tzinfo == HCM
    # Tuesday 16:00 + 8 h: 1 h on Tuesday, 7 h on Wednesday.
    assert calendar.add_working_hours(local(2026, 3, 10, 16), 8) == local(2026, 3, 11, 16)


def test_adding_working_hours_works_on_the_make_up_saturday_and_skips_tet():
    assert calendar.add_working_hours(local(2026, 8, 21, 15), 8) == local(2026, 8, 22, 15)
    assert calendar.add_working_hours(local(2026, 2, 13, 16), 4) == local(2026, 2, 23, 10)


def test_adding_working_hours_to_a_utc_instant_counts_in_local_time():
    # 01:00 UTC is 08:00 in Việt Nam.
    start = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
    assert calendar.add_working_hours(start, 3) == local(2026, 3, 10, 11)
    with pytest.raises(ValueError):
        calendar.add_working_hours(start, -1)


def test_working_hours_follow_the_configured_periods(settings):
    settings.MOTCUA_WORKING_PERIODS = [("08:00", "12:00"), ("13:00", "17:00")]
    assert calendar.add_working_hours(local(2026, 3, 10, 11), 2) == local(2026, 3, 10, 14)


def test_counting_working_hours_between_instants():
    assert calendar.working_hours_between(local(2026, 3, 10, 7), local(2026, 3, 10, 17)) == 8
    assert calendar.working_hours_between(local(2026, 8, 14, 15), local(2026, 8, 17, 15)) == 8
    assert calendar.working_hours_between(local(2026, 8, 17, 15), local(2026, 8, 14, 15)) == -8
