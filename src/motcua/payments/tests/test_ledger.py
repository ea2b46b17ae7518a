"""Starting and confirming payments: the single place money is credited,
and every way a statement about a payment can be wrong or repeated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.payments import actions
from motcua.payments.constants import (
    CallbackKind,
    CallbackOutcome,
    ChargeStatus,
    Method,
    PaymentStatus,
    RefundStatus,
)
from motcua.payments.models import Charge, Payment, ProviderCallback, Receipt, Refund
from motcua.payments.selectors import (
    charges_for_dossier,
    online_payment_share,
    payable_charge,
    payments_list,
)
from motcua.payments.tasks import expire_pending_payments
from motcua.testing.payment_factories import make_fee_dossier, make_payment, payment_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(org, personas):
    return make_fee_dossier(org, personas)


def test_start_payment_makes_a_unique_reference_and_reuses_a_pending_one(dossier):
    first = make_payment(dossier.open_charge)
    assert first.status == PaymentStatus.PENDING
    assert first.amount == 500_000
    assert first.reference.startswith("TT") and len(first.reference) == 12
    assert make_payment(dossier.open_charge) == first
    other = make_payment(dossier.open_charge, provider="gateway")
    assert other != first and other.reference != first.reference


def test_a_vietqr_payment_carries_the_dossier_code_in_ascii(dossier):
    payment = make_payment(dossier.open_charge, provider="vietqr")
    assert payment.transfer_note == f"HS {dossier.code}"
    assert len(payment.transfer_note) <= 25
    assert payment.transfer_note.isascii()


def test_a_too_long_code_falls_back_to_the_reference():
    note = actions.transfer_note_for("SYT-PHONG-NGHIEP-VU-DUOC-260115-0042", "TTABCDEFGHJK")
    assert note == "HS TTABCDEFGHJK"


def test_an_expired_pending_payment_is_not_reused(dossier):
    first = make_payment(dossier.open_charge)
    later = timezone.now() + timedelta(minutes=31)
    second = actions.start_payment(dossier.open_charge, provider="demo", now=later)
    assert second != first


def test_start_payment_refuses_a_paid_charge(org, personas):
    paid = make_fee_dossier(org, personas, stage="paid")
    charge = Charge.objects.get(dossier=paid)
    with pytest.raises(actions.AlreadyPaid) as raised:
        make_payment(charge)
    assert "paid" in str(raised.value.messages[0]) or raised.value.code == "not_open"


def test_start_payment_refuses_an_unknown_provider(dossier):
    with pytest.raises(ValidationError):
        actions.start_payment(dossier.open_charge, provider="bitcoin")


def test_an_unknown_reference_changes_nothing(dossier):
    payment, outcome = actions.confirm_payment(
        "TTKHONGCOXYZ", amount=500_000, source=CallbackKind.WEBHOOK, provider="gateway"
    )
    assert payment is None and outcome == CallbackOutcome.UNKNOWN_ORDER
    callback = ProviderCallback.objects.get()
    assert callback.outcome == CallbackOutcome.UNKNOWN_ORDER
    assert callback.payload["reference"] == "TTKHONGCOXYZ"
    assert payable_charge(dossier) is not None


def test_a_different_amount_changes_nothing(dossier):
    payment = make_payment(dossier.open_charge)
    _result, outcome = actions.confirm_payment(payment, amount=499_999, source=CallbackKind.WEBHOOK)
    assert outcome == CallbackOutcome.AMOUNT_MISMATCH
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.PAYMENT_REQUESTED
    assert not Receipt.objects.exists()
    assert ProviderCallback.objects.get().outcome == CallbackOutcome.AMOUNT_MISMATCH


def test_a_repeated_confirmation_is_applied_once(dossier):
    payment = make_payment(dossier.open_charge)
    _p, first = actions.confirm_payment(payment, amount=500_000, source=CallbackKind.RETURN)
    _p, second = actions.confirm_payment(
        payment.reference, amount=500_000, source=CallbackKind.WEBHOOK
    )
    assert (first, second) == (CallbackOutcome.APPLIED, CallbackOutcome.ALREADY_APPLIED)
    assert Receipt.objects.count() == 1
    assert ProviderCallback.objects.filter(payment=payment).count() == 2
    assert Charge.objects.get(pk=dossier.open_charge.pk).status == ChargeStatus.PAID


def test_a_second_payment_of_a_paid_charge_is_flagged_for_refund(dossier):
    charge = dossier.open_charge
    demo = make_payment(charge)
    bank = make_payment(charge, provider="vietqr")
    actions.confirm_payment(demo, amount=500_000, source=CallbackKind.WEBHOOK)
    payment, outcome = actions.confirm_payment(
        bank, amount=500_000, provider_ref="FT123", source=CallbackKind.STATEMENT
    )
    assert outcome == CallbackOutcome.DUPLICATE
    assert payment.status == PaymentStatus.DUPLICATE
    refund = Refund.objects.get(payment=bank)
    assert refund.status == RefundStatus.REQUESTED
    assert refund.requested_by is None
    assert refund.amount == 500_000
    assert refund.reason.startswith("Thanh toán trùng")
    assert Receipt.objects.count() == 1
    assert Payment.objects.filter(charge=charge, status=PaymentStatus.PAID).count() == 1


def test_a_failure_after_success_changes_nothing(dossier):
    payment = make_payment(dossier.open_charge)
    actions.confirm_payment(payment, amount=500_000, source=CallbackKind.WEBHOOK)
    _p, outcome = actions.fail_payment(payment, source=CallbackKind.RETURN)
    assert outcome == CallbackOutcome.ALREADY_APPLIED
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


def test_a_failed_payment_can_be_followed_by_a_success(dossier):
    payment = make_payment(dossier.open_charge)
    _p, outcome = actions.fail_payment(payment, source=CallbackKind.RETURN, payload={"code": "24"})
    assert outcome == CallbackOutcome.FAILED_PAYMENT
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    # Out of order: the webhook says it was paid after all.
    _p, outcome = actions.confirm_payment(payment, amount=500_000, source=CallbackKind.WEBHOOK)
    assert outcome == CallbackOutcome.APPLIED


def test_expired_payments_are_marked_and_a_late_callback_still_credits(dossier):
    payment = make_payment(dossier.open_charge)
    assert expire_pending_payments(now=timezone.now() + timedelta(minutes=5)) == 0
    assert expire_pending_payments(now=timezone.now() + timedelta(minutes=31)) == 1
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.EXPIRED
    _p, outcome = actions.confirm_payment(payment, amount=500_000, source=CallbackKind.STATEMENT)
    assert outcome == CallbackOutcome.APPLIED


def test_a_late_callback_for_an_expired_payment_of_a_paid_charge_is_a_duplicate(dossier):
    stale = make_payment(dossier.open_charge, provider="vietqr")
    Payment.objects.filter(pk=stale.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    expire_pending_payments()
    fresh = make_payment(dossier.open_charge)
    actions.confirm_payment(fresh, amount=500_000, source=CallbackKind.WEBHOOK)
    _p, outcome = actions.confirm_payment(stale, amount=500_000, source=CallbackKind.STATEMENT)
    assert outcome == CallbackOutcome.DUPLICATE


def test_the_expire_command(dossier, capsys):
    payment = make_payment(dossier.open_charge)
    Payment.objects.filter(pk=payment.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    call_command("expire_payments")
    assert "1 payment(s) expired" in capsys.readouterr().out
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.EXPIRED


def test_the_counter_records_cash_and_resumes_the_dossier(org, personas, dossier):
    staff = payment_staff(org, personas)
    payment = actions.record_counter_payment(
        dossier.open_charge,
        acting_user=staff.reception,
        method=Method.CASH,
        counter_receipt_no="PT-000123",
    )
    assert payment.status == PaymentStatus.PAID
    assert payment.provider == "counter"
    assert payment.method == Method.CASH
    assert payment.recorded_by == staff.reception
    assert payment.counter_receipt_no == "PT-000123"
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RESOLVED
    assert payment.receipt.total == 500_000


def test_the_counter_needs_a_cashier_of_the_unit_and_a_receipt_number(org, personas, dossier):
    staff = payment_staff(org, personas)
    with pytest.raises(PermissionDenied):
        actions.record_counter_payment(
            dossier.open_charge,
            acting_user=staff.other_reception,
            method=Method.CASH,
            counter_receipt_no="1",
        )
    with pytest.raises(PermissionDenied):
        actions.record_counter_payment(
            dossier.open_charge,
            acting_user=staff.handler,
            method=Method.CASH,
            counter_receipt_no="1",
        )
    with pytest.raises(ValidationError):
        actions.record_counter_payment(
            dossier.open_charge,
            acting_user=staff.reception,
            method=Method.CASH,
            counter_receipt_no=" ",
        )
    assert not Payment.objects.exists()


def test_cancelling_a_charge_cancels_its_pending_payments(org, personas, dossier):
    staff = payment_staff(org, personas)
    payment = make_payment(dossier.open_charge)
    actions.cancel_charge(dossier.open_charge, acting_user=staff.reception, reason="Nhầm")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    _p, outcome = actions.confirm_payment(payment, amount=500_000, source=CallbackKind.WEBHOOK)
    assert outcome == CallbackOutcome.DUPLICATE
    assert Refund.objects.filter(payment=payment).exists()


def test_selectors(org, personas, dossier, django_assert_max_num_queries):
    staff = payment_staff(org, personas)
    for _ in range(3):
        paid = make_fee_dossier(org, personas, stage="paid")
    make_payment(dossier.open_charge, provider="vietqr")
    with django_assert_max_num_queries(3):
        rows = list(payments_list(staff.reception))
        for row in rows:
            (row.charge.dossier.code, row.charge.unit.name, getattr(row, "receipt", None))
    assert len(rows) == 4
    assert list(payments_list(staff.other_reception)) == []
    assert len(payments_list(staff.reception, status=PaymentStatus.PAID)) == 3
    assert len(payments_list(staff.reception, provider="vietqr")) == 1
    assert len(payments_list(staff.reception, unit=org.hospital)) == 0
    charges = charges_for_dossier(paid)
    assert len(charges) == 1 and charges[0].status == ChargeStatus.PAID
    today = timezone.localdate()
    share = online_payment_share(today, today)
    # Three paid by the demo gateway, one still open: 3 of 4.
    assert share == {"numerator": 3, "denominator": 4, "share": 75.0}


def test_counter_payments_are_not_online(org, personas, dossier):
    staff = payment_staff(org, personas)
    actions.record_counter_payment(
        dossier.open_charge, acting_user=staff.reception, method=Method.CARD, counter_receipt_no="9"
    )
    today = timezone.localdate()
    assert online_payment_share(today, today)["numerator"] == 0
    assert online_payment_share(today, today, unit=org.other)["share"] is None
