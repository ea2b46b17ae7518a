"""The "Phí, lệ phí" summary of one dossier, shown on "Hồ sơ của tôi", on
the lookup result and in the back office: ``{% load payment_tags %}
{% dossier_payment dossier key=… as pay %}`` (three queries, whatever the
number of charges or payments)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import template
from django.db.models import Prefetch
from django.urls import reverse

from motcua.payments.constants import ChargeStatus, PaymentStatus
from motcua.payments.models import Charge, Payment

register = template.Library()


@dataclass
class PaymentSummary:
    """The dossier's current charge (the open one, else the latest paid or
    exempted), its payments, and the links the payer needs."""

    charge: Charge | None = None
    payments: list[Payment] = field(default_factory=list)
    paid_payment: Payment | None = None
    pending_payment: Payment | None = None
    pay_url: str = ""
    receipt_url: str = ""
    status_url: str = ""

    @property
    def is_open(self) -> bool:
        return self.charge is not None and self.charge.status == ChargeStatus.OPEN

    @property
    def is_paid(self) -> bool:
        return self.charge is not None and self.charge.status == ChargeStatus.PAID

    @property
    def is_waived(self) -> bool:
        return self.charge is not None and self.charge.status == ChargeStatus.WAIVED


def _with_key(url: str, key: str) -> str:
    return f"{url}?{urlencode({'k': key})}" if key else url


def dossier_payment_summary(dossier: Any, *, key: str = "") -> PaymentSummary:
    """The summary of ``dossier``'s fees; ``key`` (the lookup key) is added
    to the links for payers who are not signed in."""
    if dossier is None or not getattr(dossier, "pk", None):
        return PaymentSummary()
    charges = list(
        Charge.objects.filter(dossier_id=dossier.pk)
        .exclude(status=ChargeStatus.CANCELLED)
        .order_by("-created_at", "-pk")
        .prefetch_related(
            "lines",
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("receipt").order_by("-created_at", "-pk"),
            ),
        )
    )
    charge = next((c for c in charges if c.status == ChargeStatus.OPEN), None) or (
        charges[0] if charges else None
    )
    if charge is None:
        return PaymentSummary()
    payments = list(charge.payments.all())
    summary = PaymentSummary(charge=charge, payments=payments)
    summary.paid_payment = next((p for p in payments if p.status == PaymentStatus.PAID), None)
    summary.pending_payment = next((p for p in payments if p.status == PaymentStatus.PENDING), None)
    if dossier.code:
        summary.pay_url = _with_key(reverse("payments:pay", args=[dossier.code]), key)
    paid = summary.paid_payment
    if paid is not None:
        summary.status_url = _with_key(reverse("payments:status", args=[paid.reference]), key)
        if hasattr(paid, "receipt"):
            summary.receipt_url = _with_key(reverse("payments:receipt", args=[paid.reference]), key)
    elif summary.pending_payment is not None:
        summary.status_url = _with_key(
            reverse("payments:status", args=[summary.pending_payment.reference]), key
        )
    return summary


@register.simple_tag
def dossier_payment(dossier: Any, key: str = "") -> PaymentSummary:
    """``{% dossier_payment dossier key=request.GET.k as pay %}``."""
    return dossier_payment_summary(dossier, key=key or "")


@register.simple_tag
def dossier_payment_by_code(code: str, key: str = "") -> PaymentSummary:
    """For the lookup result, which carries the code but not the dossier:
    only call it on a page that already checked the code and key."""
    from motcua.dossiers.models import Dossier

    dossier = Dossier.objects.filter(code=code).only("pk", "code", "lookup_key").first()
    if dossier is None:
        return PaymentSummary()
    # The page already checked the code and key (or ID number): link with the
    # stored key, whatever case the visitor typed it in.
    return dossier_payment_summary(dossier, key=dossier.lookup_key)
