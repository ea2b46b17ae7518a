"""``demo``: the development gateway, named as such everywhere it shows
("Cổng thanh toán thử nghiệm — không phải ngân hàng thật").

It runs exactly the ``gateway`` protocol (signed redirect, signed return,
signed notification; see ``providers.gateway``) against pages motcua serves
itself at ``/thanh-toan/cong-demo/<reference>/``, so the whole journey can
be tried and tested without a bank. The secret is derived from
``SECRET_KEY`` (never the real gateway's). Available only when
``PAYMENTS_DEMO_ENABLED`` is on (``make run`` and DEBUG; off in production).

When the payer chooses an outcome on the demo page, the demo gateway first
delivers its server-to-server notification by calling the webhook's own
handling in-process (``providers.apply.process_webhook_params``: the same
verification and the same action as ``/api/v1/webhooks/payments/demo``;
an HTTP request to ourselves would deadlock a single-threaded development
server), then sends the browser to the signed return URL, like a real
gateway does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import salted_hmac

from motcua.payments.providers.gateway import SignedRedirectProvider

if TYPE_CHECKING:
    from motcua.payments.models import Payment

DEMO_MERCHANT = "MOTCUADEMO"


class DemoProvider(SignedRedirectProvider):
    id = "demo"
    online = True

    def secret(self) -> str:
        return salted_hmac("motcua.payments.demo-gateway", "secret", algorithm="sha256").hexdigest()

    def merchant(self) -> str:
        return DEMO_MERCHANT

    def gateway_url(self, payment: Payment) -> str:
        return settings.SITE_URL + reverse(
            "payments_providers:demo_gateway", args=[payment.reference]
        )

    def is_available(self, unit: Any = None) -> bool:
        return bool(getattr(settings, "PAYMENTS_DEMO_ENABLED", False))
