"""Deliver what is due in the outbox: retries whose time has come, messages
of a worker that died (expired lease), messages whose task was lost.

Run every minute by a timer (docs/deploy.md); several may run at once."""

from __future__ import annotations

from typing import Any

from django.core.management import BaseCommand

from motcua.notifications.actions import send_due_messages


class Command(BaseCommand):
    help = "Gửi các tin nhắn, thư đến hạn trong hàng đợi (thử lại, tiếp quản tin của tiến trình đã dừng)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--limit", type=int, default=2000, help="At most this many messages.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_due_messages(limit=options["limit"])
        if options["verbosity"] >= 1:
            self.stdout.write(
                "sent={sent} retrying={retrying} failed={failed} skipped={skipped} "
                "deferred={deferred}".format(**report.as_dict())
            )
