"""Refunds: requested with a reason, decided by an approver of the unit
who did not ask, paid back with a reference."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.payments import actions
from motcua.payments.constants import CallbackKind, PaymentStatus, RefundStatus
from motcua.payments.models import Payment, Refund
from motcua.testing.payment_factories import make_fee_dossier, make_payment, payment_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(org, personas):
    dossier = make_fee_dossier(org, personas, stage="paid")
    return Payment.objects.get(charge__dossier=dossier, status=PaymentStatus.PAID)


def test_the_full_refund_path(org, personas, paid):
    staff = payment_staff(org, personas)
    refund = actions.request_refund(
        paid, acting_user=staff.reception, amount=500_000, reason="Hồ sơ bị từ chối"
    )
    assert refund.status == RefundStatus.REQUESTED
    with pytest.raises(ValidationError):
        actions.complete_refund(refund, acting_user=staff.reception, completion_ref="FT1")
    refund = actions.decide_refund(refund, acting_user=staff.approver, approve=True)
    assert refund.status == RefundStatus.APPROVED and refund.decided_by == staff.approver
    refund = actions.complete_refund(refund, acting_user=staff.reception, completion_ref="FT99")
    assert refund.status == RefundStatus.COMPLETED and refund.completion_ref == "FT99"
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.REFUNDED


def test_a_partial_refund_keeps_the_payment_paid_and_caps_the_rest(org, personas, paid):
    staff = payment_staff(org, personas)
    refund = actions.request_refund(
        paid, acting_user=staff.reception, amount=100_000, reason="Thu thừa"
    )
    with pytest.raises(ValidationError):
        actions.request_refund(paid, acting_user=staff.reception, amount=400_001, reason="Quá")
    actions.decide_refund(refund, acting_user=staff.approver, approve=True)
    actions.complete_refund(refund, acting_user=staff.reception, completion_ref="PC-1")
    paid.refresh_from_db()
    assert paid.status == PaymentStatus.PAID


def test_the_requester_cannot_approve(org, personas, paid):
    staff = payment_staff(org, personas)
    refund = actions.request_refund(paid, acting_user=staff.approver, amount=1_000, reason="Thử")
    with pytest.raises(PermissionDenied):
        actions.decide_refund(refund, acting_user=staff.approver, approve=True)
    assert Refund.objects.get(pk=refund.pk).status == RefundStatus.REQUESTED


def test_only_an_approver_of_the_unit_decides(org, personas, paid):
    staff = payment_staff(org, personas)
    refund = actions.request_refund(paid, acting_user=staff.reception, amount=1_000, reason="Thử")
    for user in (staff.reception, staff.handler, staff.other_approver):
        with pytest.raises(PermissionDenied):
            actions.decide_refund(refund, acting_user=user, approve=True)
    # A leader of the Department (above the room) may.
    decided = actions.decide_refund(refund, acting_user=staff.leader, approve=True)
    assert decided.status == RefundStatus.APPROVED


def test_a_rejection_needs_a_note_and_frees_the_amount(org, personas, paid):
    staff = payment_staff(org, personas)
    refund = actions.request_refund(paid, acting_user=staff.reception, amount=500_000, reason="Thử")
    with pytest.raises(ValidationError):
        actions.decide_refund(refund, acting_user=staff.approver, approve=False)
    actions.decide_refund(refund, acting_user=staff.approver, approve=False, note="Không có căn cứ")
    with pytest.raises(ValidationError):
        actions.decide_refund(refund, acting_user=staff.approver, approve=True)
    again = actions.request_refund(paid, acting_user=staff.reception, amount=500_000, reason="Lại")
    assert again.amount == 500_000


def test_requests_need_a_reason_and_money_received(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas)
    pending = make_payment(dossier.open_charge)
    with pytest.raises(ValidationError):
        actions.request_refund(pending, acting_user=staff.reception, amount=1, reason="Thử")
    actions.confirm_payment(pending, amount=500_000, source=CallbackKind.WEBHOOK)
    with pytest.raises(ValidationError):
        actions.request_refund(pending, acting_user=staff.reception, amount=1, reason="  ")
    with pytest.raises(PermissionDenied):
        actions.request_refund(pending, acting_user=staff.other_reception, amount=1, reason="x")


def test_a_duplicate_gets_an_automatic_refund_to_decide(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas)
    first = make_payment(dossier.open_charge)
    second = make_payment(dossier.open_charge, provider="vietqr")
    actions.confirm_payment(first, amount=500_000, source=CallbackKind.WEBHOOK)
    actions.confirm_payment(second, amount=500_000, source=CallbackKind.STATEMENT)
    refund = Refund.objects.get(payment=second)
    assert refund.requested_by is None
    refund = actions.decide_refund(refund, acting_user=staff.approver, approve=True)
    actions.complete_refund(refund, acting_user=staff.reception, completion_ref="FT-HOAN")
    second.refresh_from_db()
    assert second.status == PaymentStatus.REFUNDED
