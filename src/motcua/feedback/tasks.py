"""Background tasks of feedback (thin: they call one action)."""

from __future__ import annotations

from datetime import date

from django.tasks import task


@task()
def send_feedback_reminders(day: str | None = None) -> int:
    """Reminders and escalations due today (``actions.send_due_reminders``);
    ``day`` is an ISO date for tests and catch-up runs."""
    from motcua.feedback.actions import send_due_reminders

    return len(send_due_reminders(today=date.fromisoformat(day) if day else None))
