"""A small rate limiter on the database (fixed windows).

django-ratelimit refuses the per-process memory cache and the embedded
default has no Redis, so limits that must hold across the web processes and
the task worker (SMS codes, inbound SMS per sender) count hits in
``RateLimitCounter``. Each hit is one UPDATE (or one INSERT for the first
hit of a window), atomic on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from motcua.core.models import RateLimitCounter


@dataclass(frozen=True)
class RateLimitResult:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends


def _window_start(now: datetime, window: int) -> datetime:
    epoch = int(now.timestamp())
    return datetime.fromtimestamp(epoch - epoch % window, tz=now.tzinfo)


def hit(key: str, *, limit: int, window: int, now: datetime | None = None) -> RateLimitResult:
    """Count one hit of ``key``; allowed while the window holds at most
    ``limit`` hits. ``window`` is in seconds. Refused hits are counted too,
    so hammering does not open the limit early."""
    now = now or timezone.now()
    start = _window_start(now, window)
    key = key[:200]
    with transaction.atomic():
        updated = RateLimitCounter.objects.filter(key=key, window_start=start).update(
            count=F("count") + 1
        )
        if not updated:
            try:
                # A savepoint: a concurrent first hit may win the INSERT.
                with transaction.atomic():
                    RateLimitCounter.objects.create(key=key, window_start=start, count=1)
            except IntegrityError:
                RateLimitCounter.objects.filter(key=key, window_start=start).update(
                    count=F("count") + 1
                )
        count = (
            RateLimitCounter.objects.filter(key=key, window_start=start)
            .values_list("count", flat=True)
            .get()
        )
    retry_after = int((start + timedelta(seconds=window) - now).total_seconds()) + 1
    return RateLimitResult(count <= limit, count, limit, max(retry_after, 1))


def peek(key: str, *, limit: int, window: int, now: datetime | None = None) -> bool:
    """Whether one more hit would still be allowed (counts nothing)."""
    now = now or timezone.now()
    count = (
        RateLimitCounter.objects.filter(key=key[:200], window_start=_window_start(now, window))
        .values_list("count", flat=True)
        .first()
    )
    return (count or 0) < limit


def prune(older_than: timedelta = timedelta(days=2)) -> int:
    """Delete counters of windows that started before ``older_than`` ago."""
    deleted, _ = RateLimitCounter.objects.filter(
        window_start__lt=timezone.now() - older_than
    ).delete()
    return deleted
