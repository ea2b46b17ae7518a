"""Deadlines in working days per kind, across holidays (core.calendar)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from motcua.core.constants import CalendarOverrideKind
from motcua.core.models import CalendarOverride
from motcua.feedback.actions import deadline_for
from motcua.feedback.constants import FeedbackKind

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_question_received_before_tet_is_due_seven_working_days_after_it():
    # Fri 13/02/2026; Tết 16–20/02 and the weekends do not count:
    # 23, 24, 25, 26, 27/02, 02/03, 03/03.
    received = datetime(2026, 2, 13, 16, 0, tzinfo=HCM)
    assert deadline_for(FeedbackKind.QUESTION, received) == date(2026, 3, 3)


def test_a_complaint_across_30_april_and_1_may(settings):
    settings.FEEDBACK_DEADLINE_DAYS = {**settings.FEEDBACK_DEADLINE_DAYS, "phan_anh": 3}
    # Tue 28/04/2026: 29/04 (1), 30/04 and 01/05 holidays, weekend, 04/05 (2), 05/05 (3).
    assert deadline_for(FeedbackKind.COMPLAINT, date(2026, 4, 28)) == date(2026, 5, 5)


def test_an_override_day_off_moves_the_deadline(settings):
    settings.FEEDBACK_DEADLINE_DAYS = {**settings.FEEDBACK_DEADLINE_DAYS, "hoi_dap": 2}
    assert deadline_for(FeedbackKind.QUESTION, date(2026, 6, 1)) == date(2026, 6, 3)
    CalendarOverride.objects.create(date=date(2026, 6, 2), kind=CalendarOverrideKind.DAY_OFF)
    assert deadline_for(FeedbackKind.QUESTION, date(2026, 6, 1)) == date(2026, 6, 4)


def test_the_receipt_time_is_read_in_vietnam_time():
    # 23:30 UTC on Sunday is 06:30 on Monday in Hanoi.
    received = datetime(2026, 6, 7, 23, 30, tzinfo=ZoneInfo("UTC"))
    assert deadline_for(FeedbackKind.QUESTION, received) == date(2026, 6, 17)
