"""Background tasks of the outbox (thin: ids in, one action)."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task

# A delivery task also takes over rows left behind for this long (a worker
# that died, a retry task that was lost): the embedded default has no timer.
SWEEP_OVERDUE = timedelta(seconds=60)


@task()
def deliver_messages_task(message_ids: list[int]) -> dict[str, int]:
    """Deliver these outbox rows (enqueued on commit by ``queue_message``),
    then up to one batch of rows overdue by a minute or more."""
    from django.conf import settings

    from motcua.notifications.actions import deliver_messages, send_due_messages

    report = deliver_messages(message_ids).as_dict()
    swept = send_due_messages(limit=settings.NOTIFY_BATCH_SIZE, overdue=SWEEP_OVERDUE)
    return {**report, "swept": swept.sent + swept.failed + swept.retrying}


@task()
def send_due_messages_task(limit: int = 500) -> dict[str, int]:
    """Deliver whatever is due (retries, expired leases)."""
    from motcua.notifications.actions import send_due_messages

    return send_due_messages(limit=limit).as_dict()
