"""Completeness of a period (on time / late / missing per unit, computed in
SQL) and the reminders before and after a deadline, on the working-day
calendar."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from motcua.core.actions import do_set_calendar_override
from motcua.plans import actions, selectors
from motcua.plans.constants import ReminderKind, Timeliness
from motcua.plans.models import ReminderLog, UnitReport
from motcua.plans.tests.conftest import file_report
from motcua.testing.factories import UnitFactory, make_member

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _submitted_on(report: UnitReport, day: date) -> None:
    UnitReport.objects.filter(pk=report.pk).update(
        submitted_at=datetime.combine(day, time(10), tzinfo=TZ), deadline_when_submitted=None
    )


def test_completeness_counts_on_time_late_and_missing(plan, org, people):
    q1 = plan.q1  # deadline 07/04/2026
    on_time = file_report(
        q1, org.hospital, plan.a1, focal=people.focal_point, head=people.hospital_head
    )
    _submitted_on(on_time, date(2026, 4, 7))
    late = file_report(
        q1, org.pharmacy, plan.a2, focal=people.pharmacy_focal, head=people.pharmacy_head
    )
    _submitted_on(late, date(2026, 4, 8))
    rows = {r.unit.code: r for r in selectors.completeness(q1, today=date(2026, 4, 20))}
    assert rows["BV"].timeliness == Timeliness.ON_TIME
    assert rows["SYT-NVD"].timeliness == Timeliness.LATE
    assert rows["SYT-VP"].timeliness == Timeliness.OVERDUE
    summary = selectors.summarise(list(rows.values()))
    assert (summary.expected, summary.on_time, summary.late, summary.missing) == (3, 1, 1, 1)
    assert summary.rate_display == "66,7%"
    assert selectors.period_rates(plan.plan)[q1.pk] == summary
    # Before the deadline, a unit without a report is not missing yet.
    early = {r.unit.code: r for r in selectors.completeness(q1, today=date(2026, 4, 1))}
    assert early["SYT-VP"].timeliness == Timeliness.NOT_STARTED


def test_a_new_version_keeps_the_first_submission_date(plan, org, people):
    report = file_report(
        plan.q1, org.hospital, plan.a1, focal=people.focal_point, head=people.hospital_head
    )
    _submitted_on(report, date(2026, 4, 6))
    new = actions.do_revise_report(report, acting_user=people.focal_point, reason="Sửa số liệu")
    actions.do_send_report_for_approval(new, acting_user=people.focal_point)
    actions.do_approve_report(new, acting_user=people.hospital_head)
    actions.do_submit_report(new, acting_user=people.focal_point)  # today: long after the deadline
    row = next(r for r in selectors.completeness(plan.q1) if r.unit == org.hospital)
    assert row.timeliness == Timeliness.ON_TIME and row.report_id == new.pk


def test_moving_the_deadline_earlier_does_not_make_a_punctual_unit_late(plan, org, people):
    actions.do_update_period(
        plan.q1,
        acting_user=people.coordinator,
        unit_deadline=date(2026, 12, 31),
        department_deadline=date(2026, 12, 31),
    )
    report = file_report(
        plan.q1, org.hospital, plan.a1, focal=people.focal_point, head=people.hospital_head
    )
    assert report.deadline_when_submitted == date(2026, 12, 31)
    actions.do_update_period(
        plan.q1,
        acting_user=people.coordinator,
        unit_deadline=date(2026, 4, 7),
        department_deadline=date(2026, 4, 14),
    )
    row = next(r for r in selectors.completeness(plan.q1) if r.unit == org.hospital)
    assert row.timeliness == Timeliness.ON_TIME


def test_completeness_page_has_a_fixed_number_of_queries(
    plan, org, people, client, django_assert_max_num_queries
):
    client.force_login(people.coordinator)
    url = reverse("plans:period_detail", args=[plan.plan.pk, plan.q1.pk])
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.status_code == 200
    units = [
        UnitFactory(code=f"TYT{i}", name=f"Trạm Y tế số {i}", parent=org.dept) for i in range(12)
    ]
    actions.do_set_reporting_units(
        plan.plan, [*plan.plan.reporting_units.all(), *units], acting_user=people.coordinator
    )
    for unit in units[:6]:
        focal = make_member("focal_point", unit)
        file_report(plan.q1, unit, plan.a3, focal=focal, head=people.leader)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert response.text.count("Trạm Y tế số") >= 12


def test_reminders_before_and_after_the_deadline(
    plan, org, people, django_capture_on_commit_callbacks
):
    # Q1 deadline: Tuesday 07/04/2026; remind 3 working days before, then
    # every 3 working days after it has passed.
    file_report(plan.q1, org.hospital, plan.a1, focal=people.focal_point, head=people.hospital_head)
    assert actions.send_due_reminders(today=date(2026, 3, 30)) == []  # 6 working days before
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = actions.send_due_reminders(today=date(2026, 4, 2))  # 3 working days before
    assert {(log.unit.code, log.kind) for log in sent} == {
        ("SYT-VP", ReminderKind.BEFORE),
        ("SYT-NVD", ReminderKind.BEFORE),
    }
    # The hospital has submitted: nobody there is reminded.
    assert all(people.focal_point.email not in m.to for m in mail.outbox)
    message = next(m for m in mail.outbox if people.pharmacy_focal.email in m.to)
    assert "07/04/2026" in message.subject and "còn 3 ngày làm việc" in message.body
    assert f"/can-bo/ke-hoach/ky-bao-cao/{plan.q1.pk}/don-vi/{org.pharmacy.pk}/" in message.body
    assert actions.send_due_reminders(today=date(2026, 4, 2)) == []  # idempotent
    assert actions.send_due_reminders(today=date(2026, 4, 3)) == []  # once before
    assert actions.send_due_reminders(today=date(2026, 4, 4)) == []  # Saturday
    with django_capture_on_commit_callbacks(execute=True):
        overdue = actions.send_due_reminders(today=date(2026, 4, 8))
    assert {log.kind for log in overdue} == {ReminderKind.OVERDUE}
    message = next(m for m in reversed(mail.outbox) if people.pharmacy_focal.email in m.to)
    assert "đã quá hạn 1 ngày làm việc" in message.body
    # Two working days later the units are not reminded again; the Office
    # is, as the consolidated report is due on Tuesday 14/04/2026.
    assert plan.q1.department_deadline == date(2026, 4, 14)
    with django_capture_on_commit_callbacks(execute=True):
        office_logs = actions.send_due_reminders(today=date(2026, 4, 10))
    assert [(log.unit.code, log.kind) for log in office_logs] == [("SYT", ReminderKind.BEFORE)]
    office = next(m for m in reversed(mail.outbox) if people.coordinator.email in m.to)
    assert "báo cáo tổng hợp" in office.subject and "14/04/2026" in office.subject
    later = actions.send_due_reminders(today=date(2026, 4, 13))  # 3 working days later
    assert sorted((log.unit.code, log.kind) for log in later) == [
        ("SYT-NVD", ReminderKind.OVERDUE),
        ("SYT-VP", ReminderKind.OVERDUE),
    ]
    # Once the consolidated report is submitted, the Office is not reminded any more.
    report = actions.do_draft_consolidated(plan.q1, acting_user=people.coordinator)
    actions.do_submit_consolidated(report, acting_user=people.coordinator)
    assert all(
        log.unit.code != "SYT" for log in actions.send_due_reminders(today=date(2026, 4, 16))
    )


def test_reminders_follow_the_calendar_overrides(plan, people):
    do_set_calendar_override(date(2026, 4, 2), "day_off", "Nghỉ bù", acting_user=None)
    assert actions.send_due_reminders(today=date(2026, 4, 2)) == []


def test_the_coordinator_reminds_a_late_unit(
    plan, org, people, client, django_capture_on_commit_callbacks
):
    client.force_login(people.coordinator)
    url = reverse("plans:period_remind", args=[plan.plan.pk, plan.q1.pk, org.pharmacy.pk])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [people.pharmacy_focal.email]
    assert ReminderLog.objects.get().kind == ReminderKind.MANUAL
    response = client.post(url)  # again today
    assert response.status_code == 400
    # A unit that has submitted is not reminded; a focal point cannot remind.
    file_report(plan.q1, org.hospital, plan.a1, focal=people.focal_point, head=people.hospital_head)
    with pytest.raises(ValidationError):
        actions.do_remind_unit(plan.q1, org.hospital, acting_user=people.coordinator)
    client.force_login(people.focal_point)
    assert client.post(url).status_code in (403, 404)


def test_the_command_and_the_task_send_the_reminders(plan, people, capsys):
    call_command("plan_reminders", "--date", "2026-04-02")
    assert "Đã gửi 3 lời nhắc." in capsys.readouterr().out
    from motcua.plans.tasks import send_plan_reminders

    assert send_plan_reminders.enqueue("2026-04-08").return_value == 3
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("plan_reminders", "--date", "02/04/2026")
