"""``vietqr``: a dynamic VietQR per payment for a bank transfer to the
collecting unit's account (``BankAccount``: the unit's own active account,
or the nearest ancestor's). The QR carries the amount and the ASCII
transfer note with the dossier code (``Payment.transfer_note``, made by
``payments.actions.start_payment``). There is no callback: the payment is
confirmed when an officer imports the bank statement and its row is
matched (``payments.reconciliation``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from motcua.payments import vietqr
from motcua.payments.models import BankAccount
from motcua.payments.providers.base import PaymentProvider, StartResult

if TYPE_CHECKING:
    from django.http import HttpRequest

    from motcua.payments.models import Payment


def account_for(unit: Any) -> BankAccount | None:
    """The active account of ``unit`` or of its nearest ancestor."""
    if unit is None:
        return None
    return (
        BankAccount.objects.filter(unit_id__in=unit.ancestor_ids() or [unit.pk], is_active=True)
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


def qr_context(payment: Payment) -> dict[str, Any]:
    """What the QR page shows: the account, the amount, the note to type
    and the QR (payload and SVG). Empty ``account`` when none is set up."""
    account = account_for(payment.charge.unit)
    if account is None:
        return {"payment": payment, "account": None}
    payload = vietqr.build_payload(
        account.bank_bin,
        account.account_number,
        amount=int(payment.amount),
        note=payment.transfer_note or payment.reference,
        dynamic=True,
    )
    return {
        "payment": payment,
        "account": account,
        "payload": payload,
        "qr_svg": vietqr.qr_svg(payload, title=f"Mã VietQR chuyển khoản {payment.amount} đồng"),
        "note": payment.transfer_note or payment.reference,
    }


class VietQRProvider(PaymentProvider):
    id = "vietqr"
    online = True
    accepts_webhooks = False

    def is_available(self, unit: Any = None) -> bool:
        return account_for(unit) is not None

    def page_url(self, payment: Payment) -> str:
        return reverse("payments_providers:vietqr", args=[payment.reference]) + (
            f"?k={payment.charge.dossier.lookup_key}"
        )

    def start_payment(self, payment: Payment, request: HttpRequest | None) -> StartResult:
        return StartResult(
            redirect_url=self.page_url(payment),
            template="payments/providers/vietqr.html",
            context=qr_context(payment),
        )
