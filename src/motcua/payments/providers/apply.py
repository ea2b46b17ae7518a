"""Turn a verified provider :class:`Notification` into its effect, once.

Used by the return page (``provider_views.payment_return``), the webhook
(``api.payment_webhook``) and the demo gateway (which calls
:func:`process_webhook_params` in-process instead of an HTTP request to
itself). Money is credited only by ``payments.actions.confirm_payment``;
what is refused here (bad signature, malformed, unknown order, another
provider's order, a different amount) changes nothing but is logged as a
``ProviderCallback`` row.
"""

from __future__ import annotations

import logging
from typing import Any

from motcua.payments.constants import CallbackKind, CallbackOutcome, Method
from motcua.payments.models import Payment, ProviderCallback
from motcua.payments.providers.base import Notification, PaymentProvider

logger = logging.getLogger(__name__)

REFUSED = (
    CallbackOutcome.BAD_SIGNATURE,
    CallbackOutcome.INVALID,
    CallbackOutcome.UNKNOWN_ORDER,
    CallbackOutcome.AMOUNT_MISMATCH,
)


def log_refused_callback(
    provider_id: str, kind: str, outcome: str, payload: dict[str, Any], payment: Payment | None
) -> None:
    """Keep a refused callback (nothing else changes)."""
    ProviderCallback.objects.create(
        provider=provider_id,
        kind=kind,
        outcome=outcome,
        payload=payload,
        payment=payment,
    )
    logger.warning("payment callback refused: %s %s %s", provider_id, kind, outcome)


def apply_notification(
    provider: PaymentProvider, notification: Notification, *, kind: str
) -> tuple[Payment | None, Notification]:
    """Apply ``notification`` (from ``provider``, by ``kind`` return or
    webhook). Returns the payment (when the order is ours) and the
    notification with its final outcome."""
    payment = (
        Payment.objects.select_related("charge__dossier")
        .filter(reference=notification.reference, provider=provider.id)
        .first()
        if notification.reference
        else None
    )
    outcome = notification.outcome
    if outcome not in REFUSED:
        if payment is None:
            # Unknown here, or an order of another provider: never let one
            # provider's signature settle another provider's payment.
            outcome = CallbackOutcome.UNKNOWN_ORDER
        elif notification.amount != payment.amount:
            outcome = CallbackOutcome.AMOUNT_MISMATCH
    if outcome in REFUSED:
        log_refused_callback(
            provider.id,
            kind,
            outcome,
            notification.payload,
            payment if outcome != CallbackOutcome.BAD_SIGNATURE else None,
        )
        notification.outcome = CallbackOutcome(outcome)
        return payment, notification
    assert payment is not None
    from motcua.payments import actions  # the ledger: the one place money is credited

    if notification.paid:
        payment, result = actions.confirm_payment(
            payment,
            amount=int(notification.amount or 0),
            provider_ref=notification.provider_ref,
            method=Method.ONLINE,
            source=CallbackKind(kind),
            payload=notification.payload,
        )
    else:
        payment, result = actions.fail_payment(
            payment, source=CallbackKind(kind), payload=notification.payload
        )
    notification.outcome = CallbackOutcome(result)
    return payment, notification


def process_return(provider: PaymentProvider, request: Any) -> tuple[Payment | None, Notification]:
    return apply_notification(provider, provider.handle_return(request), kind=CallbackKind.RETURN)


def process_webhook(provider: PaymentProvider, request: Any) -> tuple[Payment | None, Notification]:
    return apply_notification(provider, provider.handle_webhook(request), kind=CallbackKind.WEBHOOK)


def process_webhook_params(
    provider: Any, params: dict[str, str]
) -> tuple[Payment | None, Notification]:
    """The webhook handling of a signed-redirect provider for parameters
    already in hand (the demo gateway's in-process notification)."""
    return apply_notification(
        provider, provider.notification_from(params), kind=CallbackKind.WEBHOOK
    )
