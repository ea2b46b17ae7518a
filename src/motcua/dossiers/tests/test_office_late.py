"""Late dossiers: the periodic warning to handler and approver (once), and
the apology letter (Mẫu 04) drafted by the handler, approved by an
approver, sent to the citizen and shown in "Hồ sơ của tôi" — without
changing the legal due date."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.dossiers import actions
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import ApologyLetter, Dossier, DossierStep
from motcua.notifications.constants import Event
from motcua.notifications.models import Message
from motcua.procedures.constants import DeadlineUnit
from motcua.testing.office_factories import office_staff, take_to
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def staff(org, personas):
    return office_staff(org, personas)


@pytest.fixture
def procedure(org):
    return ProcedureFactory(unit=org.pharmacy, deadline=(5, DeadlineUnit.WORKING_DAYS))


def _staff_messages(dossier):
    return Message.objects.filter(event=Event.DOSSIER_STAFF_DEADLINE, related_id=str(dossier.pk))


def test_due_soon_and_overdue_are_reported_once_to_handler_and_approver(procedure, staff, settings):
    settings.DOSSIER_DUE_SOON_WORKING_HOURS = 8
    # Monday 07/12/2026 09:00.
    now = datetime(2026, 12, 7, 9, 0, tzinfo=HCM)
    soon = take_to(procedure, staff.citizen, staff, "forwarded")
    late = take_to(procedure, staff.citizen, staff, "in_progress")
    later = take_to(procedure, staff.citizen, staff, "in_progress")
    Dossier.objects.filter(pk=soon.pk).update(due_at=datetime(2026, 12, 7, 16, 0, tzinfo=HCM))
    Dossier.objects.filter(pk=late.pk).update(due_at=datetime(2026, 12, 4, 17, 0, tzinfo=HCM))
    Dossier.objects.filter(pk=later.pk).update(due_at=datetime(2026, 12, 20, 17, 0, tzinfo=HCM))

    assert actions.mark_late_dossiers(now) == {"due_soon": 1, "overdue": 1}
    assert set(_staff_messages(soon).values_list("recipient", flat=True)) == {
        staff.handler.email,
        staff.approver.email,
    }
    assert list(_staff_messages(late).values_list("recipient", flat=True)) == [staff.handler.email]
    assert "quá hạn" in _staff_messages(late).get().subject
    assert not _staff_messages(later).exists()
    assert Dossier.objects.get(pk=soon.pk).due_soon_notified_at == now
    assert Dossier.objects.get(pk=late.pk).late_notified_at == now

    # Idempotent: a second run (the next hour) sends nothing more.
    assert actions.mark_late_dossiers(now + timedelta(hours=1)) == {"due_soon": 0, "overdue": 0}
    assert Message.objects.filter(event=Event.DOSSIER_STAFF_DEADLINE).count() == 3


def test_a_dossier_paused_before_its_due_date_is_not_late(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    actions.do_request_supplement(dossier, acting_user=staff.handler, reason="Thiếu giấy tờ.")
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() + timedelta(hours=1))
    assert actions.mark_late_dossiers(timezone.now() + timedelta(days=3))["overdue"] == 0


def test_the_command_runs_and_reports(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() - timedelta(days=1))
    out = io.StringIO()
    call_command("mark_late_dossiers", stdout=out)
    assert "quá hạn: 1" in out.getvalue()
    out = io.StringIO()
    call_command("mark_late_dossiers", stdout=out)
    assert "quá hạn: 0" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("mark_late_dossiers", "--at", "hôm qua")


def test_the_task_runs_the_same(procedure, staff):
    from motcua.dossiers.tasks import mark_late_dossiers_task

    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() - timedelta(days=1))
    result = mark_late_dossiers_task.enqueue()
    assert result.return_value == {"due_soon": 0, "overdue": 1}


def test_apology_drafted_approved_sent_and_shown_without_moving_the_due_date(
    client, procedure, staff
):
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    Dossier.objects.filter(pk=dossier.pk).update(due_at=timezone.now() - timedelta(days=1))
    dossier.refresh_from_db()
    legal_due = dossier.due_at
    new_date = timezone.now() + timedelta(days=7)
    with pytest.raises(ValidationError):
        actions.do_draft_apology(dossier, acting_user=staff.handler, reason="", new_due_at=new_date)
    with pytest.raises(ValidationError):
        actions.do_draft_apology(
            dossier,
            acting_user=staff.handler,
            reason="Chờ ý kiến Cục.",
            new_due_at=timezone.now() - timedelta(hours=1),
        )
    with pytest.raises(PermissionDenied):
        actions.do_draft_apology(
            dossier, acting_user=staff.reception, reason="Chờ ý kiến Cục.", new_due_at=new_date
        )
    letter = actions.do_draft_apology(
        dossier,
        acting_user=staff.handler,
        reason="Cần lấy ý kiến thẩm định của Cục Quản lý Dược.",
        new_due_at=new_date,
    )
    # Drafting again updates the draft rather than doubling it.
    again = actions.do_draft_apology(
        dossier,
        acting_user=staff.handler,
        reason="Cần lấy ý kiến thẩm định của Cục Quản lý Dược (đã gửi văn bản).",
        new_due_at=new_date,
    )
    assert again.pk == letter.pk and ApologyLetter.objects.count() == 1
    assert not Message.objects.filter(event=Event.DOSSIER_APOLOGY).exists()
    with pytest.raises(PermissionDenied):
        actions.do_approve_apology(letter, acting_user=staff.handler)

    approved = actions.do_approve_apology(letter, acting_user=staff.approver)
    assert approved.status == "approved" and approved.number == "1/PXL-SYT-NVD"
    assert approved.previous_due_at == legal_due
    assert Dossier.objects.get(pk=dossier.pk).due_at == legal_due  # not silently changed
    message = Message.objects.get(event=Event.DOSSIER_APOLOGY, recipient=staff.citizen.email)
    assert timezone.localtime(new_date).strftime("%d/%m/%Y") in message.body_text
    step = DossierStep.objects.get(dossier=dossier, action="apology")
    assert step.is_public and step.to_status == DossierStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        actions.do_approve_apology(approved, acting_user=staff.approver)

    client.force_login(staff.citizen)
    page = client.get(f"/tai-khoan/ho-so/{dossier.pk}/").content.decode()
    assert "1/PXL-SYT-NVD" in page
    assert "Cục Quản lý Dược (đã gửi văn bản)" in page
    assert timezone.localtime(new_date).strftime("%d/%m/%Y") in page
