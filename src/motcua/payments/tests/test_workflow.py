"""The fee in the dossier workflow: asked for before the result (by the
office) or before reception (on submission), the dossier resumes once
paid, exemptions do not stop it, the result waits for the fee."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.dossiers import actions as dossier_actions
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierStep
from motcua.notifications.models import Message
from motcua.payments import actions
from motcua.payments.constants import (
    CallbackKind,
    CallbackOutcome,
    ChargeStatus,
    PaymentStatus,
)
from motcua.payments.models import Charge, FeeReduction, Receipt
from motcua.payments.selectors import payable_charge
from motcua.testing.payment_factories import make_fee_dossier, make_payment, payment_staff
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_the_office_request_creates_a_charge_and_stops_the_dossier(org, personas):
    dossier = make_fee_dossier(org, personas, fee=[("Phí thẩm định", 500_000), ("Lệ phí", 100_000)])
    assert dossier.status == DossierStatus.PAYMENT_REQUESTED
    assert dossier.resume_status == DossierStatus.RESOLVED
    charge = dossier.open_charge
    assert charge.total == 600_000
    assert charge.status == ChargeStatus.OPEN
    assert [(ln.name, ln.amount) for ln in charge.lines.all()] == [
        ("Phí thẩm định", 500_000),
        ("Lệ phí", 100_000),
    ]
    assert charge.created_by == payment_staff(org, personas).reception
    step = DossierStep.objects.filter(dossier=dossier).latest("created_at", "pk")
    assert step.action == "request_payment"
    assert Message.objects.filter(
        event="dossier.payment_requested", related_id=str(dossier.pk)
    ).exists()


def test_paying_resumes_the_dossier_and_issues_a_receipt(org, personas):
    dossier = make_fee_dossier(org, personas)
    payment = make_payment(dossier.open_charge)
    paid, outcome = actions.confirm_payment(
        payment.reference, amount=500_000, provider_ref="GW-1", source=CallbackKind.WEBHOOK
    )
    assert outcome == CallbackOutcome.APPLIED
    assert paid.status == PaymentStatus.PAID
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RESOLVED
    assert dossier.resume_status is None
    assert Charge.objects.get(pk=payment.charge_id).status == ChargeStatus.PAID
    assert Receipt.objects.filter(payment=payment).count() == 1
    step = DossierStep.objects.filter(dossier=dossier).latest("created_at", "pk")
    assert step.action == "payment_settled"
    assert step.actor is None  # the system
    message = Message.objects.filter(event="payments.paid", related_id=str(dossier.pk)).first()
    assert message is not None
    receipt = Receipt.objects.get(payment=payment)
    assert message.context["receipt_url"].endswith(
        f"/thanh-toan/bien-lai/{payment.reference}.pdf?k={dossier.lookup_key}"
    )
    assert message.context["amount"] == "500.000 đ"
    assert message.context["receipt_number"].endswith(f"{receipt.number:07d}")


def test_the_result_cannot_be_returned_while_the_fee_is_open(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas, stage="resolved")
    charge = actions.request_payment(dossier, acting_user=staff.reception)
    # Force the dossier back to "resolved" with the charge still open (an
    # inconsistent state only a bug or a manual edit could make).
    Dossier.objects.filter(pk=dossier.pk).update(status=DossierStatus.RESOLVED)
    with pytest.raises(ValidationError) as raised:
        dossier_actions.do_return_result(
            Dossier.objects.get(pk=dossier.pk),
            acting_user=staff.reception,
            recipient_name="Nguyễn Văn An",
            recipient_id_number="056090001234",
        )
    assert raised.value.code == "fee_unpaid"
    assert charge.status == ChargeStatus.OPEN


def test_after_payment_the_result_is_returned(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas, stage="paid")
    assert dossier.status == DossierStatus.RESOLVED
    returned = dossier_actions.do_return_result(
        dossier,
        acting_user=staff.reception,
        recipient_name="Nguyễn Văn An",
        recipient_id_number="056090001234",
    )
    assert returned.status == DossierStatus.RETURNED


def test_a_fee_before_reception_is_asked_on_submission(org, personas):
    dossier = make_fee_dossier(org, personas, timing="before_reception")
    assert dossier.status == DossierStatus.PAYMENT_REQUESTED
    assert dossier.resume_status == DossierStatus.SUBMITTED
    charge = dossier.open_charge
    assert charge.timing == "before_reception"
    assert charge.created_by is None
    payment = make_payment(charge)
    actions.confirm_payment(payment, amount=payment.amount, source=CallbackKind.RETURN)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    # Reception can now receive it.
    staff = payment_staff(org, personas)
    received = dossier_actions.do_receive_dossier(dossier, acting_user=staff.reception)
    assert received.status == DossierStatus.RECEIVED


def test_a_free_procedure_before_reception_is_not_stopped(org, personas):
    procedure = ProcedureFactory(unit=org.pharmacy, fee=0, fee_timing="before_reception")
    dossier = make_fee_dossier(org, personas, timing="before_reception", procedure=procedure)
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.open_charge is None
    assert not Charge.objects.filter(dossier=dossier).exists()


def test_an_exemption_waives_the_charge_and_the_dossier_goes_on(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas, stage="resolved")
    exemption = FeeReduction.objects.create(name="Miễn phí theo NĐ 31/2021", percent=100)
    charge = actions.request_payment(dossier, acting_user=staff.reception, reduction=exemption)
    assert charge.status == ChargeStatus.WAIVED
    assert charge.total == 0
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RESOLVED
    assert payable_charge(dossier) is None


def test_a_second_request_while_one_is_open_is_refused(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas)
    with pytest.raises(ValidationError):
        actions.request_payment(dossier, acting_user=staff.reception)
    assert Charge.objects.filter(dossier=dossier).count() == 1


def test_an_officer_of_another_unit_cannot_request_payment(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas, stage="resolved")
    with pytest.raises(PermissionDenied):
        actions.request_payment(dossier, acting_user=staff.other_reception)
    assert not Charge.objects.filter(dossier=dossier).exists()


def test_a_cancelled_charge_can_be_assessed_again_without_another_move(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas)
    actions.cancel_charge(dossier.open_charge, acting_user=staff.reception, reason="Sai mức phí")
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.PAYMENT_REQUESTED
    reduction = FeeReduction.objects.create(name="Giảm 50% vùng khó khăn", percent=50)
    charge = actions.request_payment(dossier, acting_user=staff.reception, reduction=reduction)
    assert charge.total == 250_000
    assert Charge.objects.filter(dossier=dossier).count() == 2


def test_exempting_a_waiting_dossier_resumes_it(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas)
    actions.cancel_charge(dossier.open_charge, acting_user=staff.reception, reason="Được miễn")
    exemption = FeeReduction.objects.create(name="Miễn", percent=100)
    actions.request_payment(dossier, acting_user=staff.reception, reduction=exemption)
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RESOLVED


def test_the_typed_amount_must_match_the_assessment(org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas, stage="resolved")
    with pytest.raises(ValidationError) as raised:
        actions.request_payment(dossier, acting_user=staff.reception, amount=400_000)
    assert raised.value.code == "amount_differs"
    charge = actions.request_payment(dossier, acting_user=staff.reception, amount=500_000)
    assert charge.total == 500_000


def test_unpublished_fees_take_the_typed_amount_as_one_line(org, personas):
    staff = payment_staff(org, personas)
    procedure = ProcedureFactory(unit=org.pharmacy, fee=None)
    dossier = make_fee_dossier(org, personas, stage="resolved", procedure=procedure)
    charge = actions.request_payment(
        dossier, acting_user=staff.reception, amount=430_000, note="Lệ phí cấp giấy phép"
    )
    assert [(ln.name, ln.amount) for ln in charge.lines.all()] == [
        ("Lệ phí cấp giấy phép", 430_000)
    ]


def test_the_office_page_requests_payment_through_payments(client, org, personas):
    staff = payment_staff(org, personas)
    dossier = make_fee_dossier(org, personas, stage="resolved")
    client.force_login(staff.reception)
    from django.urls import reverse

    response = client.post(
        reverse("office:step", args=[dossier.pk, "yeu-cau-thanh-toan"]),
        {"payment-seen_status": DossierStatus.RESOLVED, "payment-amount": "", "payment-note": ""},
    )
    assert response.status_code in (302, 303, 200)
    charge = payable_charge(dossier)
    assert charge is not None and charge.total == 500_000
