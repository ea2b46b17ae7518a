"""Periodic jobs of payments: thin (STYLE.md), one action each.

``expire_pending_payments`` marks attempts the payer abandoned as expired
(``PAYMENTS_PENDING_MINUTES`` after they started, ``Payment.expires_at``),
so the lists show what is really awaited. Expiry changes no money: a late
callback or statement row for an expired payment still credits it when the
charge is open, and makes it a duplicate flagged for refund otherwise
(``actions.confirm_payment``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from motcua.core.audit import record_audit
from motcua.payments.constants import AuditEvent, PaymentStatus
from motcua.payments.models import Payment


def expire_pending_payments(now: datetime | None = None) -> int:
    """Pending payments past their expiry (or, without one, older than
    ``PAYMENTS_PENDING_MINUTES``) become ``EXPIRED``; one UPDATE and one
    audit entry listing them. Returns how many."""
    now = now or timezone.now()
    minutes = int(getattr(settings, "PAYMENTS_PENDING_MINUTES", 30))
    due = Q(expires_at__lte=now) | Q(
        expires_at__isnull=True, created_at__lte=now - timedelta(minutes=minutes)
    )
    with transaction.atomic():
        ids = list(
            Payment.objects.select_for_update(skip_locked=True)
            .filter(due, status=PaymentStatus.PENDING)
            .values_list("pk", "reference")
        )
        if not ids:
            return 0
        count = Payment.objects.filter(
            pk__in=[pk for pk, _ref in ids], status=PaymentStatus.PENDING
        ).update(status=PaymentStatus.EXPIRED)
        record_audit(
            None,
            None,
            AuditEvent.PAYMENT_FAILED,
            new={"expired": [ref for _pk, ref in ids], "count": count},
        )
    return count


@task()
def expire_pending_payments_task() -> int:
    """Run every few minutes by the timer (``manage.py expire_payments``)."""
    return expire_pending_payments()
