"""Reminders to the units before and after a report deadline."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.calendar import WorkingCalendar
from motcua.org.constants import Role
from motcua.org.models import Membership, Unit
from motcua.plans import selectors
from motcua.plans.actions.common import (
    _emails,
    _ensure_coordinator,
    _ensure_in_force,
    _ensure_open,
    _staff_url,
    mail_on_commit,
)
from motcua.plans.constants import AuditEvent, ConsolidatedStatus, PlanStatus, ReminderKind
from motcua.plans.models import ConsolidatedReport, Plan, ReminderLog, ReportingPeriod

if TYPE_CHECKING:
    from motcua.accounts.models import User


# ============================================================= reminders
def _reminder_text(
    period: ReportingPeriod, unit: Unit, today: date, calendar: WorkingCalendar
) -> tuple[str, str]:
    plan = period.plan
    deadline = period.unit_deadline
    if today <= deadline:
        left = calendar.working_days_between(today, deadline)
        when = f"còn {left} ngày làm việc" if left else "hôm nay là ngày cuối"
    else:
        late = calendar.working_days_between(deadline, today)
        when = f"đã quá hạn {late} ngày làm việc"
    subject = (
        f"Nhắc gửi báo cáo kết quả tuyên truyền CCHC {period.doc_name} (hạn {deadline:%d/%m/%Y})"
    )
    body = (
        f"Kính gửi: {unit.name}\n\n"
        f"{plan.department.name} đề nghị đơn vị gửi báo cáo kết quả thực hiện {plan.title} "
        f"{period.doc_name}.\n"
        f"Hạn gửi báo cáo: {deadline:%d/%m/%Y} ({when}).\n\n"
        f"Lập và gửi báo cáo tại: {_staff_url('plans:report_start', period.pk, unit.pk)}\n\n"
        f"Văn phòng {plan.issuer_name}"
    )
    return subject, body


def _recipients(unit: Unit) -> list[str]:
    """The unit's focal points; its head (or its own address) if it has none."""
    return (
        _emails(unit, [Role.FOCAL_POINT])
        or _emails(unit, [Role.APPROVER, Role.LEADER])
        or ([unit.email] if unit.email else [])
    )


def _remind(
    period: ReportingPeriod,
    unit: Unit,
    kind: str,
    *,
    acting_user: User | None,
    today: date,
    calendar: WorkingCalendar,
) -> ReminderLog | None:
    recipients = _recipients(unit)
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                period=period,
                unit=unit,
                kind=kind,
                sent_on=today,
                recipients=", ".join(recipients),
                sent_by=acting_user,
            )
    except IntegrityError:
        return None  # already sent today
    subject, body = _reminder_text(period, unit, today, calendar)
    mail_on_commit(recipients, subject, body)
    record_audit(
        period,
        acting_user,
        AuditEvent.REMINDER_SENT,
        new={"unit": unit.pk, "kind": kind, "recipients": recipients},
    )
    return log


@transaction.atomic
def do_remind_unit(
    period: ReportingPeriod, unit: Unit, *, acting_user: User | None, today: date | None = None
) -> ReminderLog:
    """The coordinator reminds one unit that has not submitted."""
    _ensure_coordinator(acting_user, period.plan)
    _ensure_in_force(period.plan)
    _ensure_open(period)
    today = today or timezone.localdate()
    standing = next(
        (r for r in selectors.completeness(period, today=today) if r.unit.pk == unit.pk), None
    )
    if standing is None:
        raise ValidationError(
            _("%(unit)s is not among the units that report on this plan.") % {"unit": unit.name}
        )
    if standing.submitted:
        raise ValidationError(_("%(unit)s has already submitted its report.") % {"unit": unit.name})
    calendar = WorkingCalendar.load(min(today, period.unit_deadline) - timedelta(days=1))
    log = _remind(
        period, unit, ReminderKind.MANUAL, acting_user=acting_user, today=today, calendar=calendar
    )
    if log is None:
        raise ValidationError(_("%(unit)s has already been reminded today.") % {"unit": unit.name})
    return log


def _due_kind(deadline: date, today: date, plan: Plan, calendar: WorkingCalendar) -> str | None:
    """BEFORE when ``deadline`` is ``remind_before_days`` working days away
    or closer, OVERDUE once it has passed, else nothing."""
    if today <= deadline:
        if calendar.working_days_between(today, deadline) > plan.remind_before_days:
            return None
        return ReminderKind.BEFORE
    return ReminderKind.OVERDUE


def _is_due(
    kind: str, previous: date | None, today: date, plan: Plan, calendar: WorkingCalendar
) -> bool:
    """Once before the deadline; after it, every ``remind_every_days`` working days."""
    if previous is None:
        return True
    if kind == ReminderKind.BEFORE:
        return False
    return calendar.working_days_between(previous, today) >= max(1, plan.remind_every_days)


def _remind_department(
    period: ReportingPeriod, today: date, calendar: WorkingCalendar
) -> ReminderLog | None:
    """Remind the Office (its coordinators) of the consolidated report due
    to the Province, until it has been submitted for approval."""
    plan = period.plan
    done = ConsolidatedReport.objects.current().filter(
        period=period, status__in=[ConsolidatedStatus.SUBMITTED, ConsolidatedStatus.APPROVED]
    )
    kind = _due_kind(period.department_deadline, today, plan, calendar)
    if kind is None or done.exists():
        return None
    department = plan.department
    previous = (
        ReminderLog.objects.filter(period=period, unit=department, kind=kind)
        .order_by("-sent_on")
        .values_list("sent_on", flat=True)
        .first()
    )
    if not _is_due(kind, previous, today, plan, calendar):
        return None
    recipients = list(
        Membership.objects.active()
        .filter(role=Role.COORDINATOR, unit__path__startswith=department.path, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                period=period,
                unit=department,
                kind=kind,
                sent_on=today,
                recipients=", ".join(recipients),
            )
    except IntegrityError:
        return None
    deadline = period.department_deadline
    subject = (
        f"Nhắc hoàn thành báo cáo tổng hợp kết quả tuyên truyền CCHC {period.doc_name} "
        f"(hạn {deadline:%d/%m/%Y})"
    )
    body = (
        f"Báo cáo tổng hợp kết quả thực hiện {plan.title} {period.doc_name} gửi "
        f"{plan.report_to or 'cấp trên'} có hạn ngày {deadline:%d/%m/%Y}.\n\n"
        f"Tình hình báo cáo của các đơn vị và báo cáo tổng hợp: "
        f"{_staff_url('plans:period_detail', plan.pk, period.pk)}"
    )
    mail_on_commit(recipients, subject, body)
    record_audit(
        period,
        None,
        AuditEvent.REMINDER_SENT,
        new={"unit": department.pk, "kind": kind, "recipients": recipients},
    )
    return log


def _remind_units(
    period: ReportingPeriod, today: date, calendar: WorkingCalendar
) -> list[ReminderLog]:
    """Remind each expected unit of ``period`` that has not submitted."""
    plan = period.plan
    kind = _due_kind(period.unit_deadline, today, plan, calendar)
    if kind is None:
        return []
    rows = [r for r in selectors.completeness(period, today=today) if not r.submitted]
    last = dict(
        ReminderLog.objects.filter(period=period, kind=kind, unit__in=[r.unit for r in rows])
        .order_by("sent_on")
        .values_list("unit_id", "sent_on")
    )
    sent = []
    for row in rows:
        if not _is_due(kind, last.get(row.unit.pk), today, plan, calendar):
            continue
        with transaction.atomic():
            log = _remind(period, row.unit, kind, acting_user=None, today=today, calendar=calendar)
        if log is not None:
            sent.append(log)
    return sent


def send_due_reminders(*, today: date | None = None) -> list[ReminderLog]:
    """Remind the units that have not submitted: once when the deadline is
    ``remind_before_days`` working days away or closer, and every
    ``remind_every_days`` working days after it has passed; the same for
    the Office and the Department's consolidated report. Run daily by a
    timer (``python -m motcua plan_reminders``); safe to run many times a
    day. Nothing is sent on days off."""
    today = today or timezone.localdate()
    calendar = WorkingCalendar.load(today - timedelta(days=400), today + timedelta(days=400))
    if not calendar.is_working_day(today):
        return []
    sent: list[ReminderLog] = []
    periods = ReportingPeriod.objects.filter(
        plan__status=PlanStatus.IN_FORCE,
        closed_at__isnull=True,
        ends_on__lt=today + timedelta(days=62),
    ).select_related("plan__department")
    for period in periods:
        sent += _remind_units(period, today, calendar)
        with transaction.atomic():
            office = _remind_department(period, today, calendar)
        if office is not None:
            sent.append(office)
    return sent
