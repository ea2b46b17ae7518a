"""``counter``: cash or card at the one-stop counter. Citizens do not start
it online; the cashier records the payment with the receipt number through
``payments.actions.record_counter_payment`` (staff pages), which goes
through ``confirm_payment`` like every other provider."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from motcua.payments.providers.base import PaymentProvider, StartResult

if TYPE_CHECKING:
    from django.http import HttpRequest

    from motcua.payments.models import Payment


class CounterProvider(PaymentProvider):
    id = "counter"
    online = False
    accepts_webhooks = False

    def is_available(self, unit: Any = None) -> bool:
        return True

    def start_payment(self, payment: Payment, request: HttpRequest | None) -> StartResult:
        """Nothing to redirect to: the payer pays at the counter of the
        collecting unit; shows where."""
        return StartResult(
            template="payments/providers/counter.html",
            context={"payment": payment, "unit": payment.charge.unit},
        )
