"""A dossier that ends without a result (refused, withdrawn, stopped) owes
nothing more: its open charge and pending payments are cancelled in the
same transaction, and money arriving late for them is flagged for refund,
never credited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.core.models import AuditEntry
from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.payments import actions
from motcua.payments.constants import (
    AuditEvent,
    CallbackOutcome,
    ChargeStatus,
    PaymentStatus,
    RefundStatus,
)
from motcua.payments.models import Charge, Payment, Receipt, Refund
from motcua.payments.selectors import payable_charge
from motcua.testing.payment_factories import make_fee_dossier, make_payment, payment_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(org, personas):
    return payment_staff(org, personas)


def _reload(obj):
    return type(obj).objects.get(pk=obj.pk)


def _settled_by_hand(dossier, staff):
    """Reception records "payment received" without a payment: the dossier
    resumes, the charge stays open (the case where refusal or a stop meets
    an open charge)."""
    dossier_actions.do_settle_payment(
        Dossier.objects.get(pk=dossier.pk), acting_user=staff.reception, note="Đã nộp"
    )
    return Dossier.objects.get(pk=dossier.pk)


def test_accepting_a_withdrawal_cancels_the_open_charge_and_its_pending_payments(
    org, personas, staff
):
    dossier = make_fee_dossier(org, personas, timing="before_reception")
    charge = dossier.open_charge
    demo = make_payment(charge)
    vietqr = make_payment(charge, provider="vietqr")
    dossier_actions.do_withdraw_dossier(
        dossier, acting_user=personas.citizen, reason="Không còn nhu cầu"
    )
    assert _reload(charge).status == ChargeStatus.OPEN  # only asked: reception decides
    dossier_actions.do_accept_withdrawal(
        Dossier.objects.get(pk=dossier.pk), acting_user=staff.reception
    )
    charge = _reload(charge)
    assert charge.status == ChargeStatus.CANCELLED
    assert charge.cancelled_at is not None
    assert "Hồ sơ đã được rút" in charge.note and "Không còn nhu cầu" in charge.note
    assert {_reload(demo).status, _reload(vietqr).status} == {PaymentStatus.CANCELLED}
    assert payable_charge(dossier) is None
    entry = AuditEntry.objects.filter(
        event=AuditEvent.CHARGE_CANCELLED, target_id=str(charge.pk)
    ).get()
    assert entry.actor == staff.reception


def test_a_citizen_withdrawing_alone_cancels_the_charge(org, personas, staff):
    dossier = make_fee_dossier(org, personas, timing="before_reception")
    charge = dossier.open_charge
    dossier = _settled_by_hand(dossier, staff)
    assert dossier.status == DossierStatus.SUBMITTED
    dossier_actions.do_withdraw_dossier(dossier, acting_user=personas.citizen, reason="Nộp nhầm")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.WITHDRAWN
    assert _reload(charge).status == ChargeStatus.CANCELLED
    entry = AuditEntry.objects.get(event=AuditEvent.CHARGE_CANCELLED, target_id=str(charge.pk))
    assert entry.actor == personas.citizen


def test_refusing_cancels_the_open_charge(org, personas, staff):
    dossier = make_fee_dossier(org, personas, timing="before_reception")
    charge = dossier.open_charge
    dossier = _settled_by_hand(dossier, staff)
    dossier_actions.do_refuse_dossier(
        dossier, acting_user=staff.reception, reason="Hồ sơ không thuộc thẩm quyền"
    )
    charge = _reload(charge)
    assert charge.status == ChargeStatus.CANCELLED
    assert "Hồ sơ không được tiếp nhận: Hồ sơ không thuộc thẩm quyền" in charge.note


def test_stopping_cancels_the_open_charge(org, personas, staff):
    from motcua.testing.procedure_factories import ProcedureFactory

    procedure = ProcedureFactory(unit=org.pharmacy, fee=300_000)
    in_progress = _in_progress_with_open_charge(org, personas, staff, procedure)
    charge = payable_charge(in_progress)
    pending = make_payment(charge)
    dossier_actions.do_stop_dossier(
        in_progress, acting_user=staff.approver, reason="Cơ sở ngừng hoạt động"
    )
    assert Dossier.objects.get(pk=in_progress.pk).status == DossierStatus.STOPPED
    assert _reload(charge).status == ChargeStatus.CANCELLED
    assert _reload(pending).status == PaymentStatus.CANCELLED


def _in_progress_with_open_charge(org, personas, staff, procedure):
    import secrets

    from motcua.testing.dossier_factories import make_draft

    dossier = make_draft(procedure, personas.citizen, complete=True)
    dossier = dossier_actions.do_submit_dossier(
        dossier, acting_user=personas.citizen, token=secrets.token_urlsafe(16)
    )
    dossier = dossier_actions.do_receive_dossier(dossier, acting_user=staff.reception)
    dossier = dossier_actions.do_assign_dossier(
        dossier, acting_user=staff.reception, handler=staff.handler
    )
    actions.request_payment(Dossier.objects.get(pk=dossier.pk), acting_user=staff.handler)
    dossier = _settled_by_hand(dossier, staff)
    assert dossier.status == DossierStatus.IN_PROGRESS
    assert payable_charge(dossier) is not None
    return dossier


def test_money_arriving_after_the_cancellation_is_flagged_for_refund(org, personas, staff):
    dossier = make_fee_dossier(org, personas, timing="before_reception")
    charge = dossier.open_charge
    payment = make_payment(charge, provider="vietqr")
    dossier_actions.do_withdraw_dossier(dossier, acting_user=personas.citizen, reason="Rút")
    dossier_actions.do_accept_withdrawal(
        Dossier.objects.get(pk=dossier.pk), acting_user=staff.reception
    )
    # The bank took the transfer all the same (statement row, late webhook).
    paid, outcome = actions.confirm_payment(
        payment.reference, amount=payment.amount, source="statement", provider_ref="FT123"
    )
    assert outcome == CallbackOutcome.DUPLICATE
    assert paid.status == PaymentStatus.DUPLICATE
    assert _reload(charge).status == ChargeStatus.CANCELLED  # never credited
    assert not Receipt.objects.filter(payment=payment).exists()
    refund = Refund.objects.get(payment=payment)
    assert refund.status == RefundStatus.REQUESTED and refund.amount == payment.amount
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.WITHDRAWN
    # Repeated, it changes nothing more.
    _again, outcome = actions.confirm_payment(
        payment.reference, amount=payment.amount, source="webhook"
    )
    assert outcome == CallbackOutcome.ALREADY_APPLIED
    assert Refund.objects.filter(payment=payment).count() == 1
    # And no new payment can be started on the cancelled charge.
    with pytest.raises(ValidationError):
        actions.start_payment(charge, provider="demo")


def test_a_paid_charge_is_left_alone_when_the_dossier_is_refused(org, personas, staff):
    dossier = make_fee_dossier(org, personas, timing="before_reception")
    payment = make_payment(dossier.open_charge)
    actions.confirm_payment(payment, amount=payment.amount, source="webhook")
    dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.status == DossierStatus.SUBMITTED
    dossier_actions.do_refuse_dossier(dossier, acting_user=staff.reception, reason="Sai thẩm quyền")
    assert Charge.objects.get(dossier=dossier).status == ChargeStatus.PAID
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID
    assert not AuditEntry.objects.filter(event=AuditEvent.CHARGE_CANCELLED).exists()


def test_a_dossier_without_charge_closes_as_before(org, personas, staff):
    dossier = make_fee_dossier(org, personas, timing="before_reception", fee=0)
    assert dossier.status == DossierStatus.SUBMITTED
    dossier_actions.do_refuse_dossier(dossier, acting_user=staff.reception, reason="Thiếu giấy tờ")
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.REFUSED
    assert not Charge.objects.filter(dossier=dossier).exists()
