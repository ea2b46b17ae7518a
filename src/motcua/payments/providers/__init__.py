"""Payment providers, registered by id (``base.get_provider``): ``counter``,
``vietqr``, ``gateway`` and ``demo``. Adding one: subclass
``base.PaymentProvider`` (or ``gateway.SignedRedirectProvider`` for a
gateway of the usual signed-redirect shape) and register it here."""

from __future__ import annotations

from motcua.payments.providers.base import (
    Notification,
    PaymentProvider,
    StartResult,
    get_provider,
    register_provider,
    registered_providers,
)
from motcua.payments.providers.counter import CounterProvider
from motcua.payments.providers.demo import DemoProvider
from motcua.payments.providers.gateway import GatewayProvider
from motcua.payments.providers.vietqr import VietQRProvider

register_provider(CounterProvider())
register_provider(VietQRProvider())
register_provider(GatewayProvider())
register_provider(DemoProvider())


def online_providers(unit: object) -> list[PaymentProvider]:
    """The providers a citizen may choose for a charge of ``unit``."""
    return [p for p in registered_providers() if p.online and p.is_available(unit)]


__all__ = [
    "Notification",
    "PaymentProvider",
    "StartResult",
    "get_provider",
    "online_providers",
    "register_provider",
    "registered_providers",
]
