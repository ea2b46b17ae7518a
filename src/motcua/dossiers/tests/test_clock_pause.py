"""The deadline clock stands still while a supplement is awaited (DESIGN.md
§4): on resumption the due instant moves by the working time that passed
for working-day deadlines, by the calendar time for calendar-day ones."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from motcua.dossiers.actions import _due_after_pause
from motcua.procedures.constants import DeadlineUnit

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def _dossier(unit: str) -> SimpleNamespace:
    return SimpleNamespace(
        # Due Friday 04/12/2026 at close of business; paused Friday 27/11 09:00.
        due_at=datetime(2026, 12, 4, 17, 0, tzinfo=HCM),
        paused_at=datetime(2026, 11, 27, 9, 0, tzinfo=HCM),
        procedure_version=SimpleNamespace(deadline_unit=unit),
    )


def test_a_pause_over_a_weekend_costs_only_the_working_hours_that_passed(db):
    # Fri 09:00 → Mon 09:00 is 8 working hours (2.5 + 3.5 on Friday, 2 on
    # Monday), so the due instant moves one working day: Monday 07/12 17:00.
    resumed = datetime(2026, 11, 30, 9, 0, tzinfo=HCM)
    due = _due_after_pause(_dossier(DeadlineUnit.WORKING_DAYS), resumed)
    assert due.astimezone(HCM) == datetime(2026, 12, 7, 17, 0, tzinfo=HCM)


def test_calendar_day_deadlines_move_by_the_calendar_time(db):
    # Fri 09:00 → Sun 09:00: two calendar days, weekend included.
    resumed = datetime(2026, 11, 29, 9, 0, tzinfo=HCM)
    due = _due_after_pause(_dossier(DeadlineUnit.DAYS), resumed)
    assert due.astimezone(HCM) == datetime(2026, 12, 6, 17, 0, tzinfo=HCM)
    # The same pause on a working-day deadline costs Friday's 6 hours only.
    due = _due_after_pause(_dossier(DeadlineUnit.WORKING_DAYS), resumed)
    assert due.astimezone(HCM) == datetime(2026, 12, 7, 15, 0, tzinfo=HCM)


def test_a_pause_outside_working_hours_moves_nothing(db):
    # Paused Saturday, resumed Sunday: no working time passed.
    dossier = _dossier(DeadlineUnit.WORKING_HOURS)
    dossier.paused_at = datetime(2026, 11, 28, 9, 0, tzinfo=HCM)
    resumed = datetime(2026, 11, 29, 15, 0, tzinfo=HCM)
    assert _due_after_pause(dossier, resumed) == dossier.due_at
