"""Every write of fees and payments with business meaning.

Money is credited in exactly one place, :func:`confirm_payment`; every
provider (counter, VietQR statement rows, the gateway, the demo gateway)
ends there. It locks the charge, then the payment (always in that order,
like every action here that touches both, so two writers never deadlock),
re-reads both under the lock and decides:

- unknown reference → ``UNKNOWN_ORDER``, nothing changes;
- amount different from the payment's → ``AMOUNT_MISMATCH``, nothing changes;
- payment already credited → ``ALREADY_APPLIED`` (a repeated webhook, or the
  return and the webhook arriving together);
- charge no longer open (paid by another payment, cancelled) → the payment
  becomes ``DUPLICATE`` and a refund is requested: never credited twice;
- otherwise the payment and the charge are ``PAID``, a receipt is issued
  from the unit's series, the dossier resumes (``dossiers`` actions), and the
  applicant is told on commit.

Each call writes a ``ProviderCallback`` row, whatever the outcome. The
database backs the rule with a unique constraint (one paid payment per
charge), so even a bug here cannot credit a charge twice.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.money import format_vnd
from motcua.core.text import clean_text, strip_accents
from motcua.dossiers.models import Dossier
from motcua.org.constants import Role
from motcua.org.models import Unit
from motcua.org.selectors import has_role
from motcua.payments.constants import (
    CASHIER_ROLES,
    REFUND_APPROVER_ROLES,
    SETTINGS_ROLES,
    STAFF_ROLES,
    AuditEvent,
    CallbackKind,
    CallbackOutcome,
    ChargeStatus,
    Method,
    PaymentStatus,
    Provider,
    RefundStatus,
)
from motcua.payments.fees import LineDraft, assess_fees, total_of
from motcua.payments.models import (
    BankAccount,
    Charge,
    ChargeLine,
    FeeReduction,
    Payment,
    ProviderCallback,
    Receipt,
    ReceiptSeries,
    Refund,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User

__all__ = [
    "AlreadyPaid",
    "LineDraft",
    "assess_fees",
    "cancel_charge",
    "cancel_charge_on_close",
    "complete_refund",
    "confirm_payment",
    "decide_refund",
    "fail_payment",
    "record_counter_payment",
    "request_payment",
    "request_payment_on_submission",
    "request_refund",
    "save_bank_account",
    "save_fee_reduction",
    "save_receipt_series",
    "start_payment",
    "transfer_note_for",
]

logger = logging.getLogger(__name__)

# Who may assess or cancel a fee in the dossier's unit (the roles that may
# ask for payment in the transition table).
ASSESSOR_ROLES = (Role.RECEPTION, Role.HANDLER, Role.APPROVER)
# Refunds are paid back by the cashier or decided by an approver.
REFUND_COMPLETER_ROLES = (*CASHIER_ROLES, *REFUND_APPROVER_ROLES)
# Providers whose payer pays online (QĐ 766 group 4b counts these).
ONLINE_PROVIDERS = (Provider.VIETQR, Provider.GATEWAY, Provider.DEMO)

_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
TRANSFER_NOTE_MAX = 25  # EMVCo tag 62-08, NAPAS: at most 25 ASCII characters


class AlreadyPaid(ValidationError):
    """The charge is not open any more (paid, exempted or cancelled)."""


# ====================================================================== helpers
def _pending_minutes() -> int:
    return int(getattr(settings, "PAYMENTS_PENDING_MINUTES", 30))


def _new_reference() -> str:
    """Our order id: "TT" and 10 characters without look-alikes (0/O, 1/I/L),
    readable over the phone; unique in the table (checked on insert)."""
    return "TT" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(10))


def transfer_note_for(dossier_code: str, reference: str) -> str:
    """The bank transfer note (nội dung chuyển khoản) of a VietQR payment:
    "HS <dossier code>" with the code's dashes kept, e.g.
    "HS SYT-NVD-260115-0042" (22 characters), so that both the officer and
    the statement matcher recognise the dossier. ASCII only (banks strip or
    mangle diacritics) and at most 25 characters (EMVCo tag 62-08); a code
    too long for that gives "HS <payment reference>" instead."""
    note = strip_accents(f"HS {dossier_code}").encode("ascii", "ignore").decode()
    if len(note) > TRANSFER_NOTE_MAX or not dossier_code:
        note = f"HS {reference}"
    return note[:TRANSFER_NOTE_MAX]


def _ensure_roles(user: User | None, roles: Iterable[str], unit: Any, message: str) -> None:
    if user is None or not has_role(user, list(roles), unit):
        raise PermissionDenied(message)


def _lock_charge(charge: Charge | int) -> Charge:
    pk = charge.pk if isinstance(charge, Charge) else charge
    return (
        Charge.objects.select_for_update(of=("self",)).select_related("dossier", "unit").get(pk=pk)
    )


def _callback(
    *,
    provider: str,
    kind: str,
    payment: Payment | None,
    outcome: str,
    payload: dict[str, Any] | None,
) -> ProviderCallback:
    return ProviderCallback.objects.create(
        provider=provider or "",
        kind=kind,
        payment=payment,
        outcome=outcome,
        payload=payload or {},
    )


def _save_lines(charge: Charge, lines: Sequence[LineDraft]) -> None:
    ChargeLine.objects.bulk_create(
        [
            ChargeLine(
                charge=charge,
                position=line.position,
                kind=line.kind,
                name=line.name,
                base_amount=line.base_amount,
                reduction_percent=line.reduction_percent,
                amount=line.amount,
            )
            for line in lines
        ]
    )


def _lines_summary(lines: Sequence[LineDraft]) -> list[dict[str, Any]]:
    return [{"name": line.name, "amount": line.amount, "kind": line.kind} for line in lines]


# =================================================================== assessment
def _assessed(
    dossier: Dossier,
    *,
    reduction: FeeReduction | None,
    extra_lines: Iterable[Any],
    amount: int | None,
    note: str,
) -> list[LineDraft]:
    lines = assess_fees(dossier, reduction=reduction, extra_lines=extra_lines)
    if amount is None:
        return lines
    # The officer typed the amount (the office form): it must be what the
    # procedure's fees come to; when the fees are not published, it becomes
    # the one fee line.
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError(_("Enter the amount in đồng, e.g. 500.000."), code="amount")
    fee_lines = [line for line in lines if line.kind != "postal"]
    if not fee_lines:
        from motcua.payments.constants import LineKind

        name = (note or "Phí, lệ phí giải quyết thủ tục hành chính")[:255]
        lines = [LineDraft(LineKind.FEE, name, amount, 0, amount, 0)] + [
            LineDraft(
                line.kind, line.name, line.base_amount, line.reduction_percent, line.amount, i + 1
            )
            for i, line in enumerate(lines)
        ]
    elif total_of(lines) != amount:
        raise ValidationError(
            _("The procedure's fees come to %(total)s, not %(amount)s. Check the amount.")
            % {"total": format_vnd(total_of(lines)), "amount": format_vnd(amount)},
            code="amount_differs",
        )
    return lines


@transaction.atomic
def request_payment(
    dossier: Dossier,
    *,
    acting_user: User | None,
    reduction: FeeReduction | None = None,
    extra_lines: Iterable[Any] = (),
    note: str = "",
    timing: str | None = None,
    amount: int | None = None,
    expected_status: int | None = None,
) -> Charge:
    """Assess the dossier's fees and ask the applicant to pay them.

    Creates the charge and its lines; when the total is 0 (no fee, or an
    exemption of 100 %) the charge is ``WAIVED`` and the dossier does not
    stop. Otherwise the dossier moves to "payment requested" (6) through
    ``dossiers.actions.do_request_payment`` (the officer's role in the
    dossier's unit is checked there; ``acting_user=None`` is the system) and
    the applicant is told (event ``dossier.payment_requested``).

    A dossier already waiting for payment with no open charge (its charge
    was cancelled to be corrected) gets the new charge without another move.
    ``amount``: what the officer typed on the office form (checked against
    the assessment). Raises ``ValidationError`` when a charge is already open.
    """
    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.constants import DossierStatus
    from motcua.procedures.constants import FeeTiming

    locked = (
        Dossier.objects.select_for_update()
        .select_related("unit", "procedure_version")
        .get(pk=dossier.pk)
    )
    if expected_status is not None and locked.status != expected_status and acting_user:
        # Someone changed the dossier since the officer's page: the dossier
        # action raises its "changed meanwhile" error (same message as every
        # office action) before changing anything.
        dossier_actions.do_request_payment(
            locked, acting_user=acting_user, amount=1, expected_status=expected_status
        )
    if acting_user is not None:
        _ensure_roles(
            acting_user,
            ASSESSOR_ROLES,
            locked.unit,
            _("Your role does not allow this action on this dossier."),
        )
    if Charge.objects.filter(dossier=locked, status=ChargeStatus.OPEN).exists():
        raise ValidationError(
            _("A fee has already been requested for this dossier and is awaiting payment."),
            code="charge_open",
        )
    note = clean_text(note or "")
    lines = _assessed(
        locked, reduction=reduction, extra_lines=extra_lines, amount=amount, note=note
    )
    total = total_of(lines)
    waiting = locked.status == DossierStatus.PAYMENT_REQUESTED
    charge = Charge.objects.create(
        dossier=locked,
        unit=locked.unit,
        status=ChargeStatus.OPEN if total > 0 else ChargeStatus.WAIVED,
        total=total,
        reduction=reduction,
        timing=timing or locked.procedure_version.fee_timing or FeeTiming.BEFORE_RESULT,
        note=note[:500],
        created_by=acting_user
        if acting_user is not None and acting_user.is_authenticated
        else None,
    )
    _save_lines(charge, lines)
    record_audit(
        charge,
        acting_user,
        AuditEvent.CHARGE_CREATED if total > 0 else AuditEvent.CHARGE_WAIVED,
        new={
            "dossier": locked.code,
            "total": total,
            "reduction": reduction.percent if reduction else 0,
            "lines": _lines_summary(lines),
        },
    )
    if total == 0:
        if waiting:
            # Exempted after all: the dossier goes back to where it was.
            if acting_user is None:
                dossier_actions.do_settle_payment_system(locked, note=_("Fee exempted."))
            else:
                dossier_actions.do_settle_payment(locked, acting_user=acting_user, note=note)
        return charge
    if waiting:
        dossier_actions.notify_applicant(
            locked,
            "dossier.payment_requested",
            {"amount": format_vnd(total), "reason": note},
            key=f"charge:{charge.pk}:requested",
        )
    elif acting_user is None:
        dossier_actions.do_request_payment_system(locked, amount=total, note=note)
    else:
        dossier_actions.do_request_payment(locked, acting_user=acting_user, amount=total, note=note)
    return charge


def request_payment_on_submission(dossier: Dossier) -> Charge | None:
    """For a procedure paid before reception (``FeeTiming.BEFORE_RECEPTION``)
    with a fee: on submission the system asks for it (the dossier waits in
    state 6, then resumes to "submitted" for reception once paid). Called by
    ``dossiers.actions.do_submit_dossier`` inside its transaction, so a
    submitted dossier never lacks its charge. ``None`` when nothing is owed
    now."""
    from motcua.procedures.constants import FeeStatus, FeeTiming

    version = dossier.procedure_version
    if version.fee_timing != FeeTiming.BEFORE_RECEPTION or version.fee_status != FeeStatus.CHARGED:
        return None
    if total_of(assess_fees(dossier)) <= 0:
        return None
    return request_payment(dossier, acting_user=None, timing=FeeTiming.BEFORE_RECEPTION)


@transaction.atomic
def cancel_charge(charge: Charge, *, acting_user: User, reason: str) -> Charge:
    """Cancel an open charge (assessed wrongly, or the dossier ended): its
    pending payments are cancelled too, so a late capture of one of them
    becomes a duplicate flagged for refund, never a credit. The dossier
    stays where it is (the officer assesses again with ``request_payment``,
    which may exempt it)."""
    reason = clean_text(reason or "")
    if not reason:
        raise ValidationError(_("Write the reason for cancelling the fee."), code="required")
    locked = _lock_charge(charge)
    _ensure_roles(
        acting_user, ASSESSOR_ROLES, locked.unit, _("Your role does not allow cancelling this fee.")
    )
    if locked.status != ChargeStatus.OPEN:
        raise AlreadyPaid(_("Only a fee awaiting payment can be cancelled."), code="not_open")
    return _cancel_locked_charge(locked, acting_user=acting_user, reason=reason)


def _cancel_locked_charge(locked: Charge, *, acting_user: User | None, reason: str) -> Charge:
    """Cancel ``locked`` (an open charge, locked by the caller) and its
    pending payments, with the audit entry."""
    now = timezone.now()
    locked.status = ChargeStatus.CANCELLED
    locked.cancelled_at = now
    locked.note = (f"{locked.note} — {reason}" if locked.note else reason)[:500]
    locked.save(update_fields=["status", "cancelled_at", "note"])
    Payment.objects.filter(charge=locked, status=PaymentStatus.PENDING).update(
        status=PaymentStatus.CANCELLED
    )
    record_audit(
        locked,
        acting_user,
        AuditEvent.CHARGE_CANCELLED,
        old={"status": ChargeStatus.OPEN},
        new={"status": ChargeStatus.CANCELLED, "reason": reason},
    )
    return locked


def cancel_charge_on_close(
    dossier: Dossier, *, acting_user: User | None, reason: str
) -> Charge | None:
    """The dossier has ended without a result (refused, withdrawn, stopped):
    its open charge, if any, is cancelled with its pending payments, so a
    late capture becomes a duplicate flagged for refund and never a credit.

    Called by ``dossiers.actions.common.change_status`` inside the
    transaction of the move, which has already checked that the actor (the
    officer, the citizen withdrawing, or ``None`` for the system) may make
    it: no role is checked again here (a citizen holds no assessor role).
    Returns the cancelled charge, or ``None`` when none was open."""
    found = (
        Charge.objects.filter(dossier_id=dossier.pk, status=ChargeStatus.OPEN)
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        return None
    locked = _lock_charge(found)
    if locked.status != ChargeStatus.OPEN:  # pragma: no cover — the dossier row is locked
        return None
    text = clean_text(reason or "") or "Hồ sơ đã kết thúc, không còn phải nộp phí"
    return _cancel_locked_charge(locked, acting_user=acting_user, reason=text)


# ===================================================================== payments
@transaction.atomic
def start_payment(
    charge: Charge,
    *,
    provider: str,
    payer_name: str = "",
    now: datetime | None = None,
) -> Payment:
    """A pending payment of the whole charge through ``provider``.

    Refuses (``AlreadyPaid``) when the charge is not open. A payment of the
    same provider still pending and not expired is reused (a reload of the
    VietQR page shows the same code and note). The reference is unique; a
    VietQR payment carries the transfer note (``transfer_note_for``)."""
    if provider not in Provider.values:
        raise ValidationError(_("This payment method is not available."), code="provider")
    now = now or timezone.now()
    locked = _lock_charge(charge)
    if locked.status != ChargeStatus.OPEN:
        if locked.status == ChargeStatus.PAID:
            message = _("This fee has already been paid.")
        else:
            message = _("No payment is due for this dossier.")
        raise AlreadyPaid(message, code="not_open")
    existing = (
        Payment.objects.filter(
            charge=locked,
            provider=provider,
            status=PaymentStatus.PENDING,
            amount=locked.total,
        )
        .exclude(expires_at__lte=now)
        .order_by("-created_at")
        .first()
    )
    if existing is not None:
        return existing
    payer = clean_text(payer_name or "")[:200] or locked.dossier.applicant_display
    for _attempt in range(5):
        reference = _new_reference()
        payment = Payment(
            charge=locked,
            provider=provider,
            reference=reference,
            amount=locked.total,
            payer_name=payer[:200],
            expires_at=now + timedelta(minutes=_pending_minutes()),
            transfer_note=(
                transfer_note_for(locked.dossier.code or "", reference)
                if provider == Provider.VIETQR
                else ""
            ),
            method=Method.TRANSFER if provider == Provider.VIETQR else "",
        )
        try:
            with transaction.atomic():
                payment.save()
            break
        except IntegrityError:  # a reference drawn twice: draw again
            continue
    else:  # pragma: no cover — 31^10 references
        raise RuntimeError("could not draw a unique payment reference")
    record_audit(
        payment,
        None,
        AuditEvent.PAYMENT_STARTED,
        new={"charge": locked.pk, "provider": provider, "amount": payment.amount},
    )
    return payment


def _resolve_payment(payment_or_reference: Payment | str) -> Payment | None:
    if isinstance(payment_or_reference, Payment):
        return payment_or_reference
    reference = (payment_or_reference or "").strip()
    if not reference:
        return None
    return Payment.objects.filter(reference=reference).first()


def _request_duplicate_refund(payment: Payment, reason: str) -> Refund:
    refund = Refund.objects.create(
        payment=payment,
        amount=payment.amount,
        reason=reason,
        status=RefundStatus.REQUESTED,
        requested_by=None,
    )
    record_audit(
        refund,
        None,
        AuditEvent.REFUND_REQUESTED,
        new={"payment": payment.reference, "amount": payment.amount, "automatic": True},
    )
    return refund


def _resume_dossier(charge: Charge, acting_user: User | None) -> None:
    """Send the dossier back to where it was, if it is waiting for this fee."""
    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.constants import DossierStatus

    dossier = Dossier.objects.select_for_update().get(pk=charge.dossier_id)
    if dossier.status != DossierStatus.PAYMENT_REQUESTED:
        return
    if acting_user is not None and has_role(acting_user, CASHIER_ROLES, dossier.unit):
        dossier_actions.do_settle_payment(dossier, acting_user=acting_user)
    else:
        dossier_actions.do_settle_payment_system(dossier)


def _notify_paid(payment: Payment, receipt: Any) -> None:
    from motcua.dossiers import actions as dossier_actions
    from motcua.payments.receipts import receipt_display_number, receipt_url

    dossier = Dossier.objects.select_related("unit", "applicant_user").get(
        pk=payment.charge.dossier_id
    )
    dossier_actions.notify_applicant(
        dossier,
        "payments.paid",
        {
            "amount": format_vnd(payment.amount),
            "receipt_number": receipt_display_number(receipt),
            "receipt_url": receipt_url(receipt),
            "provider": str(Provider(payment.provider).label),
        },
        key=f"payment:{payment.pk}:paid",
    )


@transaction.atomic
def confirm_payment(
    payment_or_reference: Payment | str,
    *,
    amount: int,
    provider_ref: str = "",
    method: str = "",
    source: str,
    payload: dict[str, Any] | None = None,
    acting_user: User | None = None,
    provider: str = "",
) -> tuple[Payment | None, str]:
    """Apply a verified "paid" statement about a payment (see the module
    docstring). Returns the payment (``None`` for an unknown reference) and
    the ``CallbackOutcome``. ``source``: a ``CallbackKind``; ``provider``:
    only needed to log a callback whose reference is unknown."""
    payload = dict(payload or {})
    found = _resolve_payment(payment_or_reference)
    if found is None:
        _callback(
            provider=provider,
            kind=source,
            payment=None,
            outcome=CallbackOutcome.UNKNOWN_ORDER,
            payload={"reference": str(payment_or_reference), **payload},
        )
        return None, CallbackOutcome.UNKNOWN_ORDER
    # Lock order: the charge, then the payment (see the module docstring).
    charge = _lock_charge(found.charge_id)
    payment = Payment.objects.select_for_update().get(pk=found.pk)
    provider = payment.provider

    def log(outcome: str) -> tuple[Payment, str]:
        _callback(provider=provider, kind=source, payment=payment, outcome=outcome, payload=payload)
        return payment, outcome

    if isinstance(amount, bool) or not isinstance(amount, int) or amount != payment.amount:
        return log(CallbackOutcome.AMOUNT_MISMATCH)
    if payment.status in (
        PaymentStatus.PAID,
        PaymentStatus.DUPLICATE,
        PaymentStatus.REFUNDED,
    ):
        return log(CallbackOutcome.ALREADY_APPLIED)
    now = timezone.now()
    old_status = payment.status
    payment.paid_at = now
    payment.provider_ref = (provider_ref or payment.provider_ref)[:100]
    if method:
        payment.method = method
    elif not payment.method:
        payment.method = Method.ONLINE if provider in (Provider.GATEWAY, Provider.DEMO) else ""
    if acting_user is not None and payment.recorded_by_id is None:
        payment.recorded_by = acting_user
    if charge.status != ChargeStatus.OPEN:
        # Paid by another payment (or cancelled, or exempted) meanwhile: the
        # money is recorded, never credited, and flagged for refund.
        payment.status = PaymentStatus.DUPLICATE
        payment.save(update_fields=["status", "paid_at", "provider_ref", "method", "recorded_by"])
        if charge.status == ChargeStatus.PAID:
            reason = (
                f"Thanh toán trùng: khoản phí của hồ sơ {charge.dossier.code} đã được "
                f"thanh toán trước đó; hoàn trả {format_vnd(payment.amount)}."
            )
        else:
            reason = (
                f"Thanh toán cho khoản phí không còn phải nộp (hồ sơ {charge.dossier.code}); "
                f"hoàn trả {format_vnd(payment.amount)}."
            )
        _request_duplicate_refund(payment, reason)
        record_audit(
            payment,
            acting_user,
            AuditEvent.PAYMENT_DUPLICATE,
            old={"status": old_status},
            new={"status": payment.status, "charge_status": charge.status, "source": source},
        )
        return log(CallbackOutcome.DUPLICATE)
    payment.status = PaymentStatus.PAID
    payment.save(update_fields=["status", "paid_at", "provider_ref", "method", "recorded_by"])
    charge.status = ChargeStatus.PAID
    charge.paid_at = now
    charge.save(update_fields=["status", "paid_at"])
    # Other attempts still pending for this charge can no longer be paid.
    Payment.objects.filter(charge=charge, status=PaymentStatus.PENDING).exclude(
        pk=payment.pk
    ).update(status=PaymentStatus.CANCELLED)
    record_audit(
        payment,
        acting_user,
        AuditEvent.PAYMENT_PAID,
        old={"status": old_status},
        new={
            "status": payment.status,
            "amount": payment.amount,
            "provider": provider,
            "provider_ref": payment.provider_ref,
            "source": source,
        },
    )
    from motcua.payments.receipts import issue_receipt

    receipt = issue_receipt(payment)
    _resume_dossier(charge, acting_user)
    _notify_paid(payment, receipt)
    return log(CallbackOutcome.APPLIED)


@transaction.atomic
def fail_payment(
    payment: Payment | str,
    *,
    source: str,
    payload: dict[str, Any] | None = None,
    provider: str = "",
) -> tuple[Payment | None, str]:
    """The provider says the payment failed (declined, cancelled by the
    payer). A pending payment becomes ``FAILED``; a payment already paid is
    not touched (a failure reported after a success changes nothing)."""
    payload = dict(payload or {})
    found = _resolve_payment(payment)
    if found is None:
        _callback(
            provider=provider,
            kind=source,
            payment=None,
            outcome=CallbackOutcome.UNKNOWN_ORDER,
            payload={"reference": str(payment), **payload},
        )
        return None, CallbackOutcome.UNKNOWN_ORDER
    _lock_charge(found.charge_id)
    locked = Payment.objects.select_for_update().get(pk=found.pk)
    if locked.status in (PaymentStatus.PAID, PaymentStatus.DUPLICATE, PaymentStatus.REFUNDED):
        outcome = CallbackOutcome.ALREADY_APPLIED
    else:
        outcome = CallbackOutcome.FAILED_PAYMENT
        if locked.status == PaymentStatus.PENDING:
            locked.status = PaymentStatus.FAILED
            locked.save(update_fields=["status"])
            record_audit(
                locked,
                None,
                AuditEvent.PAYMENT_FAILED,
                old={"status": PaymentStatus.PENDING},
                new={"status": PaymentStatus.FAILED, "source": source},
            )
    _callback(
        provider=locked.provider, kind=source, payment=locked, outcome=outcome, payload=payload
    )
    return locked, outcome


@transaction.atomic
def record_counter_payment(
    charge: Charge,
    *,
    acting_user: User,
    method: str,
    counter_receipt_no: str,
    payer_name: str = "",
) -> Payment:
    """The one-stop cashier records a payment in cash or by card at the
    counter, with the number of the receipt given there. Goes through
    ``confirm_payment`` like every other payment (receipt, dossier resumed,
    applicant told)."""
    locked = _lock_charge(charge)
    _ensure_roles(
        acting_user,
        CASHIER_ROLES,
        locked.unit,
        _("Only the one-stop reception of this unit records payments at the counter."),
    )
    if method not in (Method.CASH, Method.CARD):
        raise ValidationError(_("Choose cash or card."), code="method")
    receipt_no = clean_text(counter_receipt_no or "")
    if not receipt_no:
        raise ValidationError(
            _("Enter the number of the receipt given at the counter."), code="required"
        )
    payment = start_payment(locked, provider=Provider.COUNTER, payer_name=payer_name)
    payment.counter_receipt_no = receipt_no[:40]
    payment.recorded_by = acting_user
    payment.save(update_fields=["counter_receipt_no", "recorded_by"])
    record_audit(
        payment,
        acting_user,
        AuditEvent.COUNTER_PAYMENT,
        new={"method": method, "counter_receipt_no": payment.counter_receipt_no},
    )
    paid, outcome = confirm_payment(
        payment,
        amount=payment.amount,
        method=method,
        source=CallbackKind.RETURN,
        payload={
            "counter": True,
            "method": method,
            "counter_receipt_no": payment.counter_receipt_no,
        },
        acting_user=acting_user,
    )
    assert paid is not None and outcome == CallbackOutcome.APPLIED, outcome
    paid.refresh_from_db()
    return paid


# ====================================================================== refunds
def _refundable(payment: Payment) -> int:
    taken = (
        Refund.objects.filter(payment=payment)
        .exclude(status=RefundStatus.REJECTED)
        .aggregate(s=Sum("amount"))["s"]
    )
    return payment.amount - int(taken or 0)


@transaction.atomic
def request_refund(payment: Payment, *, acting_user: User, amount: int, reason: str) -> Refund:
    """Ask for money to be paid back (paid twice, paid for a dossier that
    was refused or withdrawn…), with the reason. An approver of the unit
    who did not ask decides (``decide_refund``)."""
    charge = _lock_charge(payment.charge_id)
    locked = Payment.objects.select_for_update().get(pk=payment.pk)
    _ensure_roles(
        acting_user, STAFF_ROLES, charge.unit, _("Your role does not allow requesting a refund.")
    )
    reason = clean_text(reason or "")
    if not reason:
        raise ValidationError(_("Write the reason for the refund."), code="required")
    if locked.status not in (PaymentStatus.PAID, PaymentStatus.DUPLICATE):
        raise ValidationError(_("Only money received can be refunded."), code="not_paid")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationError(_("Enter the amount in đồng, e.g. 500.000."), code="amount")
    left = _refundable(locked)
    if amount > left:
        raise ValidationError(
            _("At most %(amount)s can still be refunded on this payment.")
            % {"amount": format_vnd(left)},
            code="too_much",
        )
    refund = Refund.objects.create(
        payment=locked, amount=amount, reason=reason, requested_by=acting_user
    )
    record_audit(
        refund,
        acting_user,
        AuditEvent.REFUND_REQUESTED,
        new={"payment": locked.reference, "amount": amount, "reason": reason},
    )
    return refund


@transaction.atomic
def decide_refund(refund: Refund, *, acting_user: User, approve: bool, note: str = "") -> Refund:
    """An approver or leader of the unit approves or rejects a requested
    refund; never the person who asked for it (four eyes). A rejection
    needs a note."""
    locked = (
        Refund.objects.select_for_update(of=("self",))
        .select_related("payment__charge__unit")
        .get(pk=refund.pk)
    )
    _ensure_roles(
        acting_user,
        REFUND_APPROVER_ROLES,
        locked.payment.charge.unit,
        _("Only an approver of this unit decides refunds."),
    )
    if locked.requested_by_id is not None and locked.requested_by_id == acting_user.pk:
        raise PermissionDenied(_("A refund is decided by someone other than the person who asked."))
    if locked.status != RefundStatus.REQUESTED:
        raise ValidationError(_("This refund has already been decided."), code="decided")
    note = clean_text(note or "")
    if not approve and not note:
        raise ValidationError(_("Write why the refund is rejected."), code="required")
    old = locked.status
    locked.status = RefundStatus.APPROVED if approve else RefundStatus.REJECTED
    locked.decided_by = acting_user
    locked.decided_at = timezone.now()
    locked.decision_note = note[:500]
    locked.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    record_audit(
        locked,
        acting_user,
        AuditEvent.REFUND_DECIDED,
        old={"status": old},
        new={"status": locked.status, "note": locked.decision_note},
    )
    return locked


@transaction.atomic
def complete_refund(refund: Refund, *, acting_user: User, completion_ref: str) -> Refund:
    """The approved amount has been paid back (bank transfer or cash), with
    its reference. When the whole payment has been paid back, the payment
    becomes ``REFUNDED``."""
    locked = (
        Refund.objects.select_for_update(of=("self",))
        .select_related("payment__charge__unit")
        .get(pk=refund.pk)
    )
    _ensure_roles(
        acting_user,
        REFUND_COMPLETER_ROLES,
        locked.payment.charge.unit,
        _("Your role does not allow recording a refund."),
    )
    if locked.status != RefundStatus.APPROVED:
        raise ValidationError(_("Only an approved refund can be paid back."), code="not_approved")
    ref = clean_text(completion_ref or "")
    if not ref:
        raise ValidationError(
            _("Enter the reference of the transfer or receipt of the refund."), code="required"
        )
    locked.status = RefundStatus.COMPLETED
    locked.completed_at = timezone.now()
    locked.completion_ref = ref[:100]
    locked.save(update_fields=["status", "completed_at", "completion_ref"])
    payment = Payment.objects.select_for_update().get(pk=locked.payment_id)
    paid_back = (
        Refund.objects.filter(payment=payment, status=RefundStatus.COMPLETED).aggregate(
            s=Sum("amount")
        )["s"]
        or 0
    )
    if paid_back >= payment.amount and payment.status != PaymentStatus.REFUNDED:
        old = payment.status
        payment.status = PaymentStatus.REFUNDED
        payment.save(update_fields=["status"])
        record_audit(
            payment,
            acting_user,
            AuditEvent.REFUND_COMPLETED,
            old={"status": old},
            new={"status": payment.status},
        )
    record_audit(
        locked,
        acting_user,
        AuditEvent.REFUND_COMPLETED,
        new={"completion_ref": locked.completion_ref, "amount": locked.amount},
    )
    return locked


# ===================================================================== settings
# Bank accounts, receipt series and fee reductions are configured by the
# system administrators of a unit (``SETTINGS_ROLES``); each write records
# ``SETTINGS_CHANGED`` with the old and new values.
def _ensure_settings_role(user: User, unit: Any, message: str) -> None:
    if user is None or not has_role(user, list(SETTINGS_ROLES), unit):
        raise PermissionDenied(message)


def _values(obj: Any, fields: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _settings_audit(
    target: Any, acting_user: User, kind: str, old: dict[str, Any] | None, new: dict[str, Any]
) -> None:
    if old is not None:
        changed = [k for k in new if old.get(k) != new[k]]
        old = {k: old[k] for k in changed}
        new = {k: new[k] for k in changed}
    record_audit(
        target,
        acting_user,
        AuditEvent.SETTINGS_CHANGED,
        old={"kind": kind, **old} if old is not None else {"kind": kind},
        new={"kind": kind, **new},
    )


ACCOUNT_FIELDS = (
    "unit_id",
    "bank_bin",
    "bank_name",
    "account_number",
    "account_name",
    "is_active",
    "statement_mapping",
)
# The statement columns an administrator sets (reconciliation.DEFAULT_MAPPING
# applies to what is left empty); other keys (delimiter, encoding) are kept.
MAPPING_FIELDS = ("date", "amount", "note", "reference", "header_row", "date_format")


@transaction.atomic
def save_bank_account(
    account: BankAccount | None,
    *,
    acting_user: User,
    unit: Unit | None = None,
    bank_bin: str,
    bank_name: str,
    account_number: str,
    account_name: str,
    is_active: bool,
    statement_mapping: dict[str, Any] | None = None,
) -> BankAccount:
    """Create (``account=None``, in ``unit``) or change a unit's collecting
    account. A unit collects on one account at a time: activating this one
    deactivates the unit's other active account in the same transaction
    (VietQR codes shown from then on carry the new account). The unit of an
    existing account does not change (its statements stay with it)."""
    if account is not None:
        account = (
            BankAccount.objects.select_for_update(of=("self",))
            .select_related("unit")
            .get(pk=account.pk)
        )
        unit = account.unit
    if unit is None:
        raise ValidationError(_("Choose the unit."), code="unit")
    _ensure_settings_role(
        acting_user, unit, _("Only a system administrator of this unit changes its bank accounts.")
    )
    bank_bin = (bank_bin or "").strip()
    account_number = (account_number or "").replace(" ", "").strip()
    data = {
        "bank_bin": bank_bin,
        "bank_name": clean_text(bank_name or "")[:120],
        "account_number": account_number,
        "account_name": clean_text(account_name or "")[:120],
    }
    old_mapping = dict(account.statement_mapping or {}) if account is not None else {}
    mapping = {k: v for k, v in old_mapping.items() if k not in MAPPING_FIELDS}
    for key in MAPPING_FIELDS:
        value = (statement_mapping or {}).get(key)
        if isinstance(value, str):
            value = clean_text(value)
        if value not in (None, ""):
            mapping[key] = value
    old = _values(account, ACCOUNT_FIELDS) if account is not None else None
    target = account or BankAccount(unit=unit)
    for name, value in data.items():
        setattr(target, name, value)
    target.is_active = bool(is_active)
    target.statement_mapping = mapping
    target.full_clean(exclude=["unit"])
    if target.is_active:
        # One active account per unit (database constraint): the previous
        # one is switched off first, under lock, in this transaction.
        others = BankAccount.objects.select_for_update().filter(unit=unit, is_active=True)
        if target.pk:
            others = others.exclude(pk=target.pk)
        for other in others:
            other.is_active = False
            other.save(update_fields=["is_active"])
            _settings_audit(
                other, acting_user, "bank_account", {"is_active": True}, {"is_active": False}
            )
    target.save()
    _settings_audit(target, acting_user, "bank_account", old, _values(target, ACCOUNT_FIELDS))
    return target


SERIES_FIELDS = ("unit_id", "form_code", "symbol", "next_number", "number_width", "is_active")


@transaction.atomic
def save_receipt_series(
    series: ReceiptSeries | None,
    *,
    acting_user: User,
    unit: Unit | None = None,
    form_code: str,
    symbol: str,
    next_number: int,
    number_width: int,
    is_active: bool,
) -> ReceiptSeries:
    """Create or change a unit's receipt series (mẫu số, ký hiệu). Receipt
    numbers are gap-free and never reused: the next number may only go up
    (checked under the lock ``issue_receipt`` takes, so a receipt issued
    meanwhile is seen); the form code and symbol of a series that has issued
    receipts do not change (they are printed on them). Activating a series
    deactivates the unit's other active one."""
    if series is not None:
        series = (
            ReceiptSeries.objects.select_for_update(of=("self",))
            .select_related("unit")
            .get(pk=series.pk)
        )
        unit = series.unit
    if unit is None:
        raise ValidationError(_("Choose the unit."), code="unit")
    _ensure_settings_role(
        acting_user,
        unit,
        _("Only a system administrator of this unit changes its receipt series."),
    )
    form_code = clean_text(form_code or "").upper()
    symbol = clean_text(symbol or "").upper()
    if not form_code or not symbol:
        raise ValidationError(_("Enter the form number and the symbol."), code="required")
    if isinstance(next_number, bool) or not isinstance(next_number, int) or next_number < 1:
        raise ValidationError(_("The next number is a whole number from 1."), code="next_number")
    if not isinstance(number_width, int) or not 1 <= number_width <= 10:
        raise ValidationError(_("Digits: from 1 to 10."), code="number_width")
    if len(str(next_number)) > number_width:
        raise ValidationError(
            _("The next number has more digits than the series prints."), code="number_width"
        )
    if series is not None:
        if next_number < series.next_number:
            raise ValidationError(
                _(
                    "Receipt numbers never go back: the next number is %(current)d and may only go up."
                )
                % {"current": series.next_number},
                code="next_number_down",
            )
        issued = Receipt.objects.filter(series=series).exists()
        if issued and (form_code != series.form_code or symbol != series.symbol):
            raise ValidationError(
                _(
                    "This series has issued receipts: its form number and symbol cannot change. Create a new series instead."
                ),
                code="series_used",
            )
    clash = ReceiptSeries.objects.filter(form_code=form_code, symbol=symbol)
    if series is not None:
        clash = clash.exclude(pk=series.pk)
    if clash.exists():
        raise ValidationError(
            _("A series with this form number and symbol already exists."), code="duplicate"
        )
    old = _values(series, SERIES_FIELDS) if series is not None else None
    target = series or ReceiptSeries(unit=unit)
    target.form_code = form_code[:20]
    target.symbol = symbol[:20]
    target.next_number = next_number
    target.number_width = number_width
    target.is_active = bool(is_active)
    if target.is_active:
        others = ReceiptSeries.objects.select_for_update().filter(unit=unit, is_active=True)
        if target.pk:
            others = others.exclude(pk=target.pk)
        for other in others:
            other.is_active = False
            other.save(update_fields=["is_active"])
            _settings_audit(
                other, acting_user, "receipt_series", {"is_active": True}, {"is_active": False}
            )
    try:
        with transaction.atomic():
            target.save()
    except IntegrityError:  # the same form code and symbol saved meanwhile
        raise ValidationError(
            _("A series with this form number and symbol already exists."), code="duplicate"
        ) from None
    _settings_audit(target, acting_user, "receipt_series", old, _values(target, SERIES_FIELDS))
    return target


REDUCTION_FIELDS = (
    "name",
    "percent",
    "legal_basis",
    "procedure_id",
    "applies_to_postal",
    "is_active",
)


def _ensure_reduction_scope(user: User, procedure: Any) -> None:
    message = _("Only a system administrator changes fee reductions.")
    if procedure is None:
        # A reduction for every procedure: any system administrator
        # (configuration of the whole site, like message templates).
        _ensure_settings_role(user, None, message)
    else:
        _ensure_settings_role(user, procedure.unit, message)


@transaction.atomic
def save_fee_reduction(
    reduction: FeeReduction | None,
    *,
    acting_user: User,
    name: str,
    percent: int,
    legal_basis: str = "",
    procedure: Any = None,
    applies_to_postal: bool = False,
    is_active: bool = True,
) -> FeeReduction:
    """Create or change an exemption or reduction officers may apply when
    assessing a fee (e.g. 50 % in disadvantaged areas, NĐ 31/2021; 100 % is
    an exemption). One limited to a procedure is changed by a system
    administrator of the procedure's unit; one for every procedure by any
    system administrator. Charges already assessed keep their amounts (the
    reduction is never deleted, only taken out of use)."""
    if reduction is not None:
        reduction = (
            FeeReduction.objects.select_for_update(of=("self",))
            .select_related("procedure__unit")
            .get(pk=reduction.pk)
        )
        _ensure_reduction_scope(acting_user, reduction.procedure)
    _ensure_reduction_scope(acting_user, procedure)
    name = clean_text(name or "")
    if not name:
        raise ValidationError(_("Enter the name of the reduction."), code="required")
    if isinstance(percent, bool) or not isinstance(percent, int) or not 1 <= percent <= 100:
        raise ValidationError(_("The reduction is from 1 to 100 %."), code="percent")
    old = _values(reduction, REDUCTION_FIELDS) if reduction is not None else None
    target = reduction or FeeReduction()
    target.name = name[:255]
    target.percent = percent
    target.legal_basis = clean_text(legal_basis or "")[:500]
    target.procedure = procedure
    target.applies_to_postal = bool(applies_to_postal)
    target.is_active = bool(is_active)
    target.save()
    _settings_audit(target, acting_user, "fee_reduction", old, _values(target, REDUCTION_FIELDS))
    return target
