"""Background tasks of plans (thin: they call one action)."""

from __future__ import annotations

from datetime import date

from django.tasks import task


@task()
def send_plan_reminders(day: str | None = None) -> int:
    """Remind the units whose reports are due or overdue (see
    ``actions.send_due_reminders``); ``day`` is an ISO date for tests and
    catch-up runs. Returns how many reminders went out."""
    from motcua.plans.actions import send_due_reminders

    return len(send_due_reminders(today=date.fromisoformat(day) if day else None))
