"""Mark abandoned pending payments as expired (PAYMENTS_PENDING_MINUTES).
A periodic job: run it every few minutes from the timer (docs/deploy.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.payments.tasks import expire_pending_payments


class Command(BaseCommand):
    help = "Mark pending payments older than PAYMENTS_PENDING_MINUTES as expired."

    def handle(self, *args: Any, **options: Any) -> None:
        count = expire_pending_payments()
        self.stdout.write(f"{count} payment(s) expired")
