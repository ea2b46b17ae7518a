"""``python -m motcua mark_late_dossiers``: e-mail the handler and approver
once when an open dossier will be due within DOSSIER_DUE_SOON_WORKING_HOURS
working hours, and once when it is overdue. Run hourly by the timer
(docs/deploy.md); running it again sends nothing more."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management import BaseCommand, CommandError
from django.utils import timezone


class Command(BaseCommand):
    help = "Báo cán bộ hồ sơ sắp đến hạn và quá hạn giải quyết (mỗi hồ sơ một lần)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--at", help="Run as if it were this instant (ISO 8601, e.g. 2026-12-07T09:00)."
        )
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the task worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        at = None
        if options.get("at"):
            try:
                at = datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError("--at phải có dạng YYYY-MM-DDTHH:MM.") from exc
            if timezone.is_naive(at):
                at = timezone.make_aware(at)
        if options["enqueue"]:
            if at is not None:
                raise CommandError("--at không dùng cùng --enqueue.")
            from motcua.dossiers.tasks import mark_late_dossiers_task

            mark_late_dossiers_task.enqueue()
            self.stdout.write("Đã xếp hàng tác vụ báo hồ sơ sắp đến hạn, quá hạn.")
            return
        from motcua.dossiers.actions import mark_late_dossiers

        counts = mark_late_dossiers(at)
        self.stdout.write(
            f"Sắp đến hạn: {counts['due_soon']} hồ sơ; quá hạn: {counts['overdue']} hồ sơ."
        )
