"""Periodic maintenance tasks of the platform (thin: they call one function)."""

from __future__ import annotations

from datetime import timedelta

from django.tasks import task
from django.utils import timezone


@task()
def prune_task_results(days: int = 30) -> int:
    """Delete finished task results older than ``days``; returns how many.
    Run daily by the timer (docs/deploy.md) or enqueued by an administrator."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lt=cutoff).delete()
    return deleted


@task()
def prune_worker_heartbeats(hours: int = 24) -> int:
    """Forget workers that have not beaten for ``hours``."""
    from motcua.core.models import WorkerHeartbeat

    deleted, _ = WorkerHeartbeat.objects.filter(
        last_seen_at__lt=timezone.now() - timedelta(hours=hours)
    ).delete()
    return deleted


@task()
def prune_rate_limits(days: int = 2) -> int:
    """Forget rate-limit windows older than ``days``."""
    from motcua.core.ratelimit import prune

    return prune(timedelta(days=days))
