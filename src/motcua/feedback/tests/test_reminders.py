"""Reminders before the deadline and escalation to the unit's approvers
and leaders when due soon and overdue; idempotent; the command."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from motcua.feedback.actions import send_due_reminders
from motcua.feedback.constants import ReminderKind
from motcua.feedback.models import FeedbackItem, FeedbackReminder
from motcua.notifications.constants import Event
from motcua.notifications.models import Message

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def item(make_item, settings):
    settings.FEEDBACK_REMIND_DAYS = 2
    settings.FEEDBACK_ESCALATE_DAYS = 1
    # Received Mon 01/06/2026, question: 7 working days -> due Wed 10/06.
    it = make_item("assigned", received_at=datetime(2026, 6, 1, 9, 0, tzinfo=HCM))
    assert it.due_date == date(2026, 6, 10)
    return it


def _reminders():
    return sorted((r.kind, r.recipients) for r in FeedbackReminder.objects.all())


def test_nothing_is_sent_while_the_deadline_is_far(item):
    assert send_due_reminders(today=date(2026, 6, 5)) == []


def test_the_handler_is_reminded_two_working_days_before(item, personas):
    sent = send_due_reminders(today=date(2026, 6, 8))  # Mon: 2 working days left
    assert [(r.kind, r.recipients) for r in sent] == [
        (ReminderKind.REMINDER, personas.handler.email)
    ]
    message = Message.objects.get(event=Event.FEEDBACK_STAFF_REMINDER)
    assert item.code in message.subject and f"/can-bo/phan-anh/{item.pk}/" in message.body_text


def test_due_soon_and_overdue_escalate_to_the_units_approver(item, personas):
    send_due_reminders(today=date(2026, 6, 8))
    send_due_reminders(today=date(2026, 6, 9))  # 1 working day left: escalate
    send_due_reminders(today=date(2026, 6, 11))  # overdue
    assert _reminders() == sorted(
        [
            (ReminderKind.REMINDER, personas.handler.email),
            (ReminderKind.DUE_SOON, personas.approver.email),
            (ReminderKind.OVERDUE, f"{personas.handler.email}, {personas.approver.email}"),
        ]
    )


def test_running_twice_sends_nothing_more(item):
    first = send_due_reminders(today=date(2026, 6, 11))
    messages = Message.objects.count()
    assert send_due_reminders(today=date(2026, 6, 11)) == []
    assert Message.objects.count() == messages and len(first) == 1


def test_answered_items_are_not_chased(item, personas):
    from motcua.feedback import actions

    item = actions.do_draft_answer(item, acting_user=personas.handler, answer="Trả lời")
    item = actions.do_approve_answer(item, acting_user=personas.approver)
    actions.do_send_answer(item, acting_user=personas.approver)
    assert send_due_reminders(today=date(2026, 6, 11)) == []


def test_a_unit_without_approvers_escalates_to_the_departments_leader(
    make_item, org, personas, settings
):
    it = make_item(received_at=datetime(2026, 6, 1, 9, 0, tzinfo=HCM), unit=org.hospital)
    send_due_reminders(today=date(2026, 6, 11))
    assert (
        FeedbackReminder.objects.get(item=it, kind=ReminderKind.OVERDUE).recipients
        == personas.leader.email
    )


def test_a_reopened_item_is_chased_again_for_its_new_deadline(item, personas):
    send_due_reminders(today=date(2026, 6, 11))
    FeedbackItem.objects.filter(pk=item.pk).update(due_date=date(2026, 6, 20))
    send_due_reminders(today=date(2026, 6, 22))
    assert FeedbackReminder.objects.filter(item=item, kind=ReminderKind.OVERDUE).count() == 2


def test_the_command_runs_for_a_given_day(item):
    out = io.StringIO()
    call_command("feedback_reminders", "--date", "2026-06-11", stdout=out)
    assert "1" in out.getvalue() and item.code in out.getvalue()
    out = io.StringIO()
    call_command("feedback_reminders", "--date", "2026-06-11", stdout=out)
    assert "Đã gửi 0 lời nhắc." in out.getvalue()


def test_the_command_refuses_a_bad_date():
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("feedback_reminders", "--date", "11/06/2026")


def test_the_task_sends_the_same_reminders(item):
    from motcua.feedback.tasks import send_feedback_reminders

    result = send_feedback_reminders.enqueue("2026-06-11")
    assert FeedbackReminder.objects.filter(item=item).count() == 1
    assert result is not None
