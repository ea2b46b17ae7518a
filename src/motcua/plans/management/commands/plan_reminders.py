"""``python -m motcua plan_reminders``: remind units of reports due soon or
overdue. Run daily by a timer (docs/deploy.md); running it again the same
day sends nothing more."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Nhắc các đơn vị gửi báo cáo kết quả tuyên truyền sắp đến hạn hoặc đã quá hạn."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--enqueue", action="store_true", help="Queue the work for the task worker instead."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        day = options.get("date")
        if day:
            try:
                date.fromisoformat(day)
            except ValueError as exc:
                raise CommandError("--date phải có dạng YYYY-MM-DD.") from exc
        if options["enqueue"]:
            from motcua.plans.tasks import send_plan_reminders

            send_plan_reminders.enqueue(day)
            self.stdout.write("Đã xếp hàng tác vụ nhắc báo cáo.")
            return
        from motcua.plans.actions import send_due_reminders

        sent = send_due_reminders(today=date.fromisoformat(day) if day else None)
        self.stdout.write(f"Đã gửi {len(sent)} lời nhắc.")
        for log in sent:
            self.stdout.write(f"  {log.unit} · {log.period} · {log.get_kind_display()}")
