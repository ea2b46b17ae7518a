"""``due_at_for``: calendar days (BLDS 2015 Điều 147–148), working days and
working hours over Tết 2026 (16–20/02/2026) and the override table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.core.constants import CalendarOverrideKind
from motcua.core.models import CalendarOverride
from motcua.procedures.constants import DeadlineUnit
from motcua.procedures.selectors import due_at, due_at_for
from motcua.testing.procedure_factories import ProcedureFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.django_db


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 30) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VN)


def test_working_days_skip_weekends_and_tet_and_end_at_close_of_business():
    result = due_at(5, DeadlineUnit.WORKING_DAYS, at(2026, 2, 13))  # Friday before Tết
    assert result.due_at == datetime(2026, 2, 27, 17, 0, tzinfo=VN)
    skipped = [d.day for d in result.days_off]
    assert skipped == [date(2026, 2, d) for d in range(14, 23)]
    reasons = {d.day: d.reason for d in result.days_off}
    assert reasons[date(2026, 2, 14)] == "Thứ Bảy" and reasons[date(2026, 2, 15)] == "Chủ nhật"
    assert "Tết" in reasons[date(2026, 2, 17)]


def test_calendar_days_do_not_count_the_start_day():
    # Monday 02/03/2026 + 10 days = Thursday 12/03/2026, a working day.
    result = due_at(10, DeadlineUnit.DAYS, at(2026, 3, 2))
    assert result.due_at == datetime(2026, 3, 12, 17, 0, tzinfo=VN)
    assert result.days_off == []


def test_calendar_days_ending_on_a_day_off_move_to_the_next_working_day():
    # Friday 06/02/2026 + 10 days = 16/02, first day of Tết: the period ends
    # at the end of the next working day, Monday 23/02 (BLDS 2015 Điều 148).
    result = due_at(10, DeadlineUnit.DAYS, at(2026, 2, 6))
    assert result.due_at == datetime(2026, 2, 23, 17, 0, tzinfo=VN)
    assert [d.day for d in result.days_off] == [date(2026, 2, d) for d in range(16, 23)]


def test_calendar_days_ending_on_a_sunday():
    # Monday 02/03/2026 + 20 = Sunday 22/03 -> Monday 23/03.
    result = due_at(20, DeadlineUnit.DAYS, at(2026, 3, 2))
    assert result.due_at == datetime(2026, 3, 23, 17, 0, tzinfo=VN)
    assert [d.reason for d in result.days_off] == ["Chủ nhật"]


def test_working_hours_skip_nights_lunch_and_days_off():
    result = due_at(2, DeadlineUnit.WORKING_HOURS, at(2026, 2, 13, 16, 0))
    assert result.due_at == datetime(2026, 2, 23, 8, 0, tzinfo=VN)
    assert len(result.days_off) == 9
    lunch = due_at(1, DeadlineUnit.WORKING_HOURS, at(2026, 3, 2, 11, 0))
    assert lunch.due_at == datetime(2026, 3, 2, 14, 0, tzinfo=VN)


def test_an_override_day_off_is_skipped_and_named():
    CalendarOverride.objects.create(date=date(2026, 3, 4), kind=CalendarOverrideKind.DAY_OFF)
    result = due_at(3, DeadlineUnit.WORKING_DAYS, at(2026, 3, 2))  # Mon -> Tue, (Wed off), Thu, Fri
    assert result.due_at == datetime(2026, 3, 6, 17, 0, tzinfo=VN)
    assert [(d.day, d.reason) for d in result.days_off] == [(date(2026, 3, 4), "Ngày nghỉ")]


def test_zero_means_on_receipt_and_half_days_count_in_hours():
    start = at(2026, 3, 2, 10, 0)
    assert due_at(0, DeadlineUnit.DAYS, start).due_at == start
    half = due_at(Decimal("0.5"), DeadlineUnit.WORKING_DAYS, at(2026, 3, 2, 7, 0))
    assert half.due_at == datetime(2026, 3, 2, 11, 0, tzinfo=VN)  # 4 of the 8 hours


def test_due_at_for_uses_the_version_and_gives_none_when_unpublished(org):
    proc = ProcedureFactory(unit=org.pharmacy, deadline=(20, DeadlineUnit.WORKING_DAYS))
    result = due_at_for(proc.current_version, at(2026, 2, 13))
    assert result.is_known and result.unit == DeadlineUnit.WORKING_DAYS
    assert result.due_at.date() == date(2026, 3, 20)
    unknown = ProcedureFactory(unit=org.pharmacy, deadline=None)
    assert due_at_for(unknown.current_version, at(2026, 2, 13)).due_at is None


def test_it_refuses_negative_naive_and_absurd_input():
    with pytest.raises(ValueError):
        due_at(-1, DeadlineUnit.DAYS, at(2026, 3, 2))
    with pytest.raises(ValueError):
        due_at(1, DeadlineUnit.DAYS, datetime(2026, 3, 2, 9, 0))
    with pytest.raises(ValueError):
        due_at(5000, DeadlineUnit.WORKING_DAYS, at(2026, 3, 2))
    with pytest.raises(ValueError):
        due_at(1, "weeks", at(2026, 3, 2))


def test_computing_a_due_date_costs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        due_at(30, DeadlineUnit.WORKING_DAYS, at(2026, 2, 13))
