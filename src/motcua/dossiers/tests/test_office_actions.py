"""Back-office actions: reception (due date, register), refusal, supplement
(clock pause), payment, assignment, approval, stop, return of the result,
withdrawal, counter intake, and two officers acting at once."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.dossiers import actions
from motcua.dossiers.constants import (
    AuditEvent,
    Channel,
    DeliveryMethod,
    DossierStatus,
    FileKind,
)
from motcua.dossiers.models import Dossier, DossierFile, DossierStep, SupplementRequest
from motcua.notifications.constants import Event
from motcua.notifications.models import Message
from motcua.procedures.constants import DeadlineUnit
from motcua.testing.dossier_factories import fake_pdf, make_submitted, pdf_file
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


def _freeze(monkeypatch, at: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: at)


# ------------------------------------------------------------------ receive
def test_receiving_sets_the_due_date_register_number_and_tells_the_applicant(
    procedure, staff, monkeypatch
):
    dossier = make_submitted(procedure, staff.citizen)
    # Monday 07/12/2026 09:00: five working days → Monday 14/12 17:00.
    _freeze(monkeypatch, datetime(2026, 12, 7, 9, 0, tzinfo=HCM))
    done = actions.do_receive_dossier(dossier, acting_user=staff.reception)
    assert done.status == DossierStatus.RECEIVED
    assert done.received_at == datetime(2026, 12, 7, 9, 0, tzinfo=HCM)
    assert done.due_at.astimezone(HCM) == datetime(2026, 12, 14, 17, 0, tzinfo=HCM)
    assert (done.register_book, done.register_number) == ("2026", 1)
    step = DossierStep.objects.filter(dossier=done, action="receive").get()
    assert step.actor == staff.reception and step.actor_unit_id == done.unit_id
    assert Message.objects.filter(event=Event.DOSSIER_RECEIVED, related_id=done.pk).exists()
    assert AuditEntry.objects.filter(
        event=AuditEvent.STATUS_CHANGED, target_id=str(done.pk)
    ).exists()


def test_register_numbers_follow_each_other_per_unit_and_year(procedure, staff):
    numbers = [
        actions.do_receive_dossier(
            make_submitted(procedure, staff.citizen), acting_user=staff.reception
        ).register_number
        for _ in range(3)
    ]
    assert numbers == [1, 2, 3]


def test_a_dossier_received_during_tet_counts_from_the_next_working_day(
    procedure, staff, monkeypatch
):
    dossier = make_submitted(procedure, staff.citizen)
    # Saturday 06/02/2027 is Tết (04/02–10/02 off): the clock starts on
    # Thursday 11/02 07:00, and five working days end Thursday 18/02 17:00.
    _freeze(monkeypatch, datetime(2027, 2, 6, 9, 0, tzinfo=HCM))
    done = actions.do_receive_dossier(dossier, acting_user=staff.reception)
    assert actions.clock_start(done.received_at) == datetime(2027, 2, 11, 7, 0, tzinfo=HCM)
    assert done.due_at.astimezone(HCM) == datetime(2027, 2, 18, 17, 0, tzinfo=HCM)


def test_a_supplement_pause_moves_the_due_date_by_the_working_time_that_passed(
    procedure, staff, monkeypatch
):
    dossier = make_submitted(procedure, staff.citizen)
    _freeze(monkeypatch, datetime(2026, 12, 7, 9, 0, tzinfo=HCM))  # Monday
    dossier = actions.do_receive_dossier(dossier, acting_user=staff.reception)
    dossier = actions.do_assign_dossier(dossier, acting_user=staff.reception, handler=staff.handler)
    _freeze(monkeypatch, datetime(2026, 12, 8, 9, 0, tzinfo=HCM))  # Tuesday 09:00
    request = actions.do_request_supplement(
        dossier, acting_user=staff.handler, reason="Thiếu bản sao văn bằng chuyên môn."
    )
    paused = Dossier.objects.get(pk=dossier.pk)
    assert paused.status == DossierStatus.SUPPLEMENT_REQUESTED
    assert paused.paused_at == datetime(2026, 12, 8, 9, 0, tzinfo=HCM)
    assert paused.resume_status == DossierStatus.IN_PROGRESS
    # Supplied the next day at the same hour: one working day paused.
    _freeze(monkeypatch, datetime(2026, 12, 9, 9, 0, tzinfo=HCM))
    actions.do_supply_supplement(request, acting_user=staff.citizen, files=[pdf_file()])
    resumed = Dossier.objects.get(pk=dossier.pk)
    assert resumed.status == DossierStatus.IN_PROGRESS
    assert resumed.paused_at is None
    assert resumed.due_at.astimezone(HCM) == datetime(2026, 12, 15, 17, 0, tzinfo=HCM)


def test_reception_records_a_supplement_brought_to_the_counter(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "received")
    request = actions.do_request_supplement(
        dossier, acting_user=staff.reception, reason="Thiếu giấy khám sức khỏe."
    )
    actions.do_receive_supplement_at_counter(
        request, acting_user=staff.reception, note="Đã nộp bản giấy khám sức khỏe."
    )
    request.refresh_from_db()
    assert request.supplied_at is not None
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RECEIVED


# ------------------------------------------------------------------ reasons
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_refusal_or_supplement_request_without_a_reason_is_refused(procedure, staff, reason):
    dossier = make_submitted(procedure, staff.citizen)
    with pytest.raises(ValidationError):
        actions.do_refuse_dossier(dossier, acting_user=staff.reception, reason=reason)
    with pytest.raises(ValidationError):
        actions.do_request_supplement(dossier, acting_user=staff.reception, reason=reason)
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.SUBMITTED
    assert not SupplementRequest.objects.exists()


def test_refusal_keeps_the_reason_and_tells_the_applicant(procedure, staff):
    dossier = make_submitted(procedure, staff.citizen)
    done = actions.do_refuse_dossier(
        dossier, acting_user=staff.reception, reason="Không thuộc thẩm quyền."
    )
    assert done.status == DossierStatus.REFUSED
    assert done.status_note == "Không thuộc thẩm quyền."
    assert done.closed_at is not None
    assert Message.objects.filter(event=Event.DOSSIER_REFUSED, related_id=done.pk).exists()


def test_a_payment_request_and_its_settlement_go_back_where_the_dossier_was(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    actions.do_request_payment(
        dossier, acting_user=staff.handler, amount=500_000, note="Phí thẩm định"
    )
    asked = Dossier.objects.get(pk=dossier.pk)
    assert asked.status == DossierStatus.PAYMENT_REQUESTED
    assert "500.000" in asked.status_note
    message = Message.objects.filter(
        event=Event.DOSSIER_PAYMENT_REQUESTED, related_id=asked.pk
    ).first()
    assert message is not None and "500.000" in message.body_text
    with pytest.raises(ValidationError):
        actions.do_request_payment(asked, acting_user=staff.handler, amount=0)
    actions.do_settle_payment(asked, acting_user=staff.reception)
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.IN_PROGRESS


# --------------------------------------------------------------- processing
def test_assign_then_reassign_within_the_unit(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    assert dossier.handler == staff.handler
    assign = DossierStep.objects.get(dossier=dossier, action="assign")
    assert assign.assignee == staff.handler and assign.to_status == DossierStatus.IN_PROGRESS
    actions.do_assign_dossier(dossier, acting_user=staff.approver, handler=staff.handler2)
    moved = Dossier.objects.get(pk=dossier.pk)
    assert moved.handler == staff.handler2 and moved.status == DossierStatus.IN_PROGRESS
    handoff = DossierStep.objects.get(dossier=dossier, action="reassign")
    assert handoff.from_status == handoff.to_status == DossierStatus.IN_PROGRESS
    assert handoff.assignee == staff.handler2


def test_only_a_handler_of_the_unit_can_be_assigned(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "received")
    with pytest.raises(ValidationError):
        actions.do_assign_dossier(dossier, acting_user=staff.reception, handler=staff.other_handler)
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RECEIVED


def test_forwarding_needs_a_result_document_and_the_assigned_handler(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    with pytest.raises(ValidationError):
        actions.do_forward_for_approval(dossier, acting_user=staff.handler, approver=staff.approver)
    with pytest.raises(PermissionDenied):
        actions.do_forward_for_approval(
            dossier, acting_user=staff.handler2, approver=staff.approver, files=[pdf_file()]
        )
    with pytest.raises(ValidationError):
        actions.do_forward_for_approval(
            dossier, acting_user=staff.handler, approver=staff.approver, files=[fake_pdf()]
        )
    assert not DossierFile.objects.filter(dossier=dossier, kind=FileKind.RESULT).exists()
    actions.do_forward_for_approval(
        dossier, acting_user=staff.handler, approver=staff.approver, files=[pdf_file("kq.pdf")]
    )
    forwarded = Dossier.objects.get(pk=dossier.pk)
    assert forwarded.approval_requested_at is not None and forwarded.approver == staff.approver


def test_the_approver_resolves_or_sends_back(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "forwarded")
    with pytest.raises(ValidationError):
        actions.do_return_to_handler(dossier, acting_user=staff.approver, note="")
    actions.do_return_to_handler(dossier, acting_user=staff.approver, note="Sửa số giấy phép.")
    back = Dossier.objects.get(pk=dossier.pk)
    assert back.approval_requested_at is None and back.status == DossierStatus.IN_PROGRESS
    with pytest.raises(ValidationError):
        actions.do_approve_dossier(back, acting_user=staff.approver)
    actions.do_forward_for_approval(back, acting_user=staff.handler, approver=staff.approver)
    done = actions.do_approve_dossier(
        Dossier.objects.get(pk=dossier.pk), acting_user=staff.approver
    )
    assert done.status == DossierStatus.RESOLVED and done.resolved_at is not None
    assert Message.objects.filter(event=Event.DOSSIER_RESULT_READY, related_id=done.pk).exists()


def test_stopping_needs_a_reason(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    with pytest.raises(ValidationError):
        actions.do_stop_dossier(dossier, acting_user=staff.approver, reason=" ")
    done = actions.do_stop_dossier(
        dossier, acting_user=staff.approver, reason="Quá hạn bổ sung hồ sơ."
    )
    assert done.status == DossierStatus.STOPPED and done.status_note == "Quá hạn bổ sung hồ sơ."


def test_returning_at_the_counter_records_who_collected(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "resolved")
    with pytest.raises(ValidationError):
        actions.do_return_result(dossier, acting_user=staff.reception, recipient_name="An")
    done = actions.do_return_result(
        dossier,
        acting_user=staff.reception,
        recipient_name="Nguyễn Văn An",
        recipient_id_number="056090001234",
    )
    assert done.status == DossierStatus.RETURNED
    assert (done.result_recipient_name, done.result_recipient_id_number) == (
        "Nguyễn Văn An",
        "056090001234",
    )


def test_returning_by_post_records_the_tracking_number(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "resolved")
    Dossier.objects.filter(pk=dossier.pk).update(delivery_method=DeliveryMethod.POST)
    dossier.refresh_from_db()
    with pytest.raises(ValidationError):
        actions.do_return_result(dossier, acting_user=staff.reception)
    done = actions.do_return_result(
        dossier, acting_user=staff.reception, tracking_number="EE123456789VN"
    )
    assert done.postal_tracking_out == "EE123456789VN"


def test_late_never_blocks_returning_the_result(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "resolved")
    past = timezone.now() - timedelta(days=10)
    Dossier.objects.filter(pk=dossier.pk).update(due_at=past)
    dossier.refresh_from_db()
    assert dossier.finished_late is True
    done = actions.do_return_result(
        dossier,
        acting_user=staff.reception,
        recipient_name="Nguyễn Văn An",
        recipient_id_number="056090001234",
    )
    assert done.status == DossierStatus.RETURNED


def test_withdrawal_on_request_is_accepted_by_reception(procedure, staff):
    dossier = take_to(procedure, staff.citizen, staff, "in_progress")
    with pytest.raises(ValidationError):
        actions.do_accept_withdrawal(dossier, acting_user=staff.reception)
    actions.do_withdraw_dossier(dossier, acting_user=staff.citizen, reason="Nộp nhầm thủ tục.")
    done = actions.do_accept_withdrawal(
        Dossier.objects.get(pk=dossier.pk), acting_user=staff.reception
    )
    assert done.status == DossierStatus.WITHDRAWN


# ------------------------------------------------------------- concurrency
def test_two_officers_on_the_same_dossier_one_wins_the_other_is_told(procedure, staff):
    dossier = make_submitted(procedure, staff.citizen)
    first = Dossier.objects.get(pk=dossier.pk)
    second = Dossier.objects.get(pk=dossier.pk)  # stale once the first acts
    actions.do_receive_dossier(first, acting_user=staff.reception)
    with pytest.raises(actions.ConcurrentChange) as exc:
        actions.do_refuse_dossier(second, acting_user=staff.reception, reason="Thiếu giấy tờ.")
    text = " ".join(exc.value.messages)
    assert (
        str(DossierStatus.RECEIVED.label) in text or "Được tiếp nhận" in text or "Received" in text
    )
    after = Dossier.objects.get(pk=dossier.pk)
    assert after.status == DossierStatus.RECEIVED and after.status_note == ""
    assert DossierStep.objects.filter(dossier=dossier, action="refuse").count() == 0


def test_a_second_receive_of_the_same_dossier_changes_nothing(procedure, staff):
    dossier = make_submitted(procedure, staff.citizen)
    stale = Dossier.objects.get(pk=dossier.pk)
    actions.do_receive_dossier(dossier, acting_user=staff.reception)
    with pytest.raises(actions.ConcurrentChange):
        actions.do_receive_dossier(stale, acting_user=staff.reception)
    assert DossierStep.objects.filter(dossier=dossier, action="receive").count() == 1
    assert Dossier.objects.get(pk=dossier.pk).register_number == 1


# ------------------------------------------------------------------- intake
def test_counter_intake_creates_and_receives_with_scans(procedure, staff):
    dossier = actions.do_intake_dossier(
        procedure,
        acting_user=staff.reception,
        channel=Channel.COUNTER,
        applicant={
            "applicant_kind": "person",
            "applicant_name": "Lê Thị Cúc",
            "applicant_id_number": "056190001111",
            "applicant_phone": "+84905000111",
        },
        scans=[pdf_file("don.pdf"), pdf_file("bang.pdf")],
    )
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.channel == Channel.COUNTER
    assert dossier.code.startswith(procedure.unit.code + "-")
    assert dossier.lookup_key and dossier.due_at and dossier.register_number == 1
    assert dossier.applicant_user is None
    assert DossierFile.objects.filter(dossier=dossier, kind=FileKind.SCAN).count() == 2
    assert list(DossierStep.objects.filter(dossier=dossier).values_list("action", flat=True)) == [
        "intake",
        "receive",
    ]
    # No account: the message goes to the phone written on the dossier.
    assert Message.objects.filter(
        event=Event.DOSSIER_RECEIVED, related_id=dossier.pk, recipient="+84905000111"
    ).exists()


def test_postal_intake_needs_the_tracking_number_and_a_bad_scan_registers_nothing(procedure, staff):
    applicant = {"applicant_name": "Lê Thị Cúc", "applicant_id_number": "056190001111"}
    with pytest.raises(ValidationError):
        actions.do_intake_dossier(
            procedure, acting_user=staff.reception, channel=Channel.POST, applicant=applicant
        )
    with pytest.raises(ValidationError):
        actions.do_intake_dossier(
            procedure,
            acting_user=staff.reception,
            channel=Channel.POST,
            applicant=applicant,
            postal_tracking_in="RR987654321VN",
            scans=[pdf_file(), fake_pdf()],
        )
    assert not Dossier.objects.exists()
    done = actions.do_intake_dossier(
        procedure,
        acting_user=staff.reception,
        channel=Channel.POST,
        applicant=applicant,
        postal_tracking_in="RR987654321VN",
    )
    assert done.postal_tracking_in == "RR987654321VN" and done.channel == Channel.POST


def test_intake_is_for_reception_of_the_procedures_unit(procedure, staff):
    with pytest.raises(PermissionDenied):
        actions.do_intake_dossier(
            procedure,
            acting_user=staff.other_reception,
            channel=Channel.COUNTER,
            applicant={"applicant_name": "Lê Thị Cúc"},
        )
