"""``python -m motcua feedback_reminders``: remind handlers of feedback due
soon and escalate to the unit's approvers and leaders when due soon and
overdue. Run daily by a timer (docs/deploy.md); running it again the same
day sends nothing more."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Nhắc xử lý phản ánh, kiến nghị sắp đến hạn và báo cáo lãnh đạo khi sắp hạn, quá hạn."

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
            from motcua.feedback.tasks import send_feedback_reminders

            send_feedback_reminders.enqueue(day)
            self.stdout.write("Đã xếp hàng tác vụ nhắc xử lý phản ánh, kiến nghị.")
            return
        from motcua.feedback.actions import send_due_reminders

        sent = send_due_reminders(today=date.fromisoformat(day) if day else None)
        self.stdout.write(f"Đã gửi {len(sent)} lời nhắc.")
        for reminder in sent:
            self.stdout.write(
                f"  {reminder.item.code} · {reminder.get_kind_display()} · {reminder.recipients}"
            )
