"""Indicators of online payment for the dashboards and reports (QĐ
766/QĐ-TTg nhóm 4b, domain-vn.md §3.2), registered on import.

- ``dossiers.online_payment_share`` (catalogue key, nhóm 4b, 6 points):
  dossiers paid online ÷ dossiers with a financial obligation, computed by
  ``payments.selectors.online_payment_share``. The dossiers app does not
  register it: this is the real one.
- ``payments.procedures_with_online_payment``: procedures (TTHC) with at
  least one fee paid online in the window (nhóm 4b, "TTHC có giao dịch
  thanh toán trực tuyến").
- ``payments.online_amount``: đồng collected online in the window.

"Online" is every provider but the counter (VietQR transfer, gateway; the
demo provider counts too, it only exists on test sites). Windows are by
the day the payment was received, in Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Sum

from motcua.core.constants import IndicatorUnit
from motcua.core.indicators import Scope, register_indicator
from motcua.payments.constants import PaymentStatus, Provider
from motcua.payments.models import Payment


def _online_paid(start: date, end: date, scope: Scope) -> Any:
    qs = Payment.objects.filter(
        status=PaymentStatus.PAID,
        paid_at__date__gte=start,
        paid_at__date__lte=end,
    ).exclude(provider=Provider.COUNTER)
    return scope.filter(qs, "charge__unit")


@register_indicator("dossiers.online_payment_share")
def online_payment_share(start: date, end: date, scope: Scope) -> Any:
    """Dossiers paid online ÷ dossiers with a financial obligation (%)."""
    from motcua.payments import selectors

    return selectors.online_payment_share(start, end, unit=scope.unit)


@register_indicator(
    "payments.procedures_with_online_payment",
    name="Số thủ tục hành chính có giao dịch thanh toán trực tuyến",
    unit=IndicatorUnit.COUNT,
    source="QĐ 766/QĐ-TTg, nhóm 4",
)
def procedures_with_online_payment(start: date, end: date, scope: Scope) -> int:
    """Distinct procedures with a fee paid online in the window (one query)."""
    result = _online_paid(start, end, scope).aggregate(
        n=Count("charge__dossier__procedure_id", distinct=True)
    )
    return int(result["n"] or 0)


@register_indicator(
    "payments.online_amount",
    name="Số tiền phí, lệ phí thu qua thanh toán trực tuyến",
    unit=IndicatorUnit.VND,
    source="QĐ 766/QĐ-TTg, nhóm 4",
)
def online_amount(start: date, end: date, scope: Scope) -> int:
    """Đồng received online in the window (one query)."""
    return int(_online_paid(start, end, scope).aggregate(s=Sum("amount"))["s"] or 0)
