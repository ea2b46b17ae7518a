"""The interface of a payment provider and the registry by id (STYLE.md).

A provider turns a pending :class:`~motcua.payments.models.Payment` into
something the payer can act on (``start_payment``), and turns what comes
back — the payer's browser returning (``handle_return``) or the provider's
server calling us (``handle_webhook``) — into a verified outcome that the
payments actions apply exactly once. Providers never change payment rows
themselves: they verify and translate; ``motcua.payments.actions`` writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from motcua.payments.constants import CallbackOutcome

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from motcua.payments.models import Payment


@dataclass
class StartResult:
    """What the payer is shown next: a redirect to the provider, or a page
    of ours (VietQR code and transfer details, counter instructions)."""

    redirect_url: str = ""
    template: str = ""
    context: dict[str, Any] = field(default_factory=dict)


@dataclass
class Notification:
    """A verified statement from the provider about one payment."""

    outcome: CallbackOutcome
    reference: str = ""
    amount: int | None = None
    provider_ref: str = ""
    paid: bool = False
    payload: dict[str, Any] = field(default_factory=dict)
    message: str = ""


class PaymentProvider:
    id: ClassVar[str]
    # Whether citizens may choose it online (the counter is staff-only; the
    # demo provider only when settings.PAYMENTS_DEMO_ENABLED).
    online: ClassVar[bool] = True

    def is_available(self, unit: Any) -> bool:
        return True

    def start_payment(self, payment: Payment, request: HttpRequest) -> StartResult:
        raise NotImplementedError

    def handle_return(self, request: HttpRequest) -> Notification:
        raise NotImplementedError

    def handle_webhook(self, request: HttpRequest) -> Notification:
        raise NotImplementedError

    def webhook_response(self, notification: Notification) -> HttpResponse:
        """The answer the provider expects (so that it stops retrying)."""
        raise NotImplementedError


_REGISTRY: dict[str, PaymentProvider] = {}


def register_provider(provider: PaymentProvider) -> PaymentProvider:
    _REGISTRY[provider.id] = provider
    return provider


def get_provider(provider_id: str) -> PaymentProvider | None:
    return _REGISTRY.get(provider_id)


def registered_providers() -> list[PaymentProvider]:
    return list(_REGISTRY.values())
