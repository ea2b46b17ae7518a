"""Helpers of the provider tests (P2): a configured gateway, signed
results as the gateway would send them."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from motcua.payments.providers import get_provider

SECRET = "gateway-test-secret-0123456789abcdef"
MERCHANT = "SYTKH001"


def configure_gateway(settings: Any) -> None:
    settings.PAYMENTS_GATEWAY_URL = "https://gateway.example.test/paymentv2/vpcpay.html"
    settings.PAYMENTS_GATEWAY_MERCHANT = MERCHANT
    settings.PAYMENTS_GATEWAY_SECRET = SECRET


def gateway_result(
    payment: Any, *, paid: bool = True, provider: str = "gateway", **changes: str
) -> dict[str, str]:
    """The signed parameters the gateway sends back for ``payment``;
    ``changes`` are applied *before* signing (a consistent, signed result)."""
    p = get_provider(provider)
    order = p.order_params(payment)  # type: ignore[attr-defined]
    order.update({p.f(k): v for k, v in changes.items()})  # type: ignore[attr-defined]
    return p.result_params(order, paid=paid, transaction_no="14012345")  # type: ignore[attr-defined]


def webhook_url(params: dict[str, str], provider: str = "gateway") -> str:
    return f"/api/v1/webhooks/payments/{provider}?{urlencode(params)}"


def return_url(params: dict[str, str], provider: str = "gateway") -> str:
    return f"/thanh-toan/ket-qua/{provider}/?{urlencode(params)}"
