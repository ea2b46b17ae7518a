from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.core import ratelimit
from motcua.core.models import RateLimitCounter

pytestmark = pytest.mark.django_db


def test_hits_are_counted_per_key_and_window():
    now = timezone.now().replace(minute=10, second=0, microsecond=0)
    results = [ratelimit.hit("k", limit=2, window=3600, now=now).allowed for _ in range(3)]
    assert results == [True, True, False]
    assert ratelimit.hit("other", limit=2, window=3600, now=now).allowed
    assert not ratelimit.peek("k", limit=2, window=3600, now=now)
    later = now + timedelta(hours=1)
    assert ratelimit.hit("k", limit=2, window=3600, now=later).allowed
    refused = ratelimit.hit("k", limit=0, window=3600, now=later)
    assert not refused.allowed and 0 < refused.retry_after <= 3600


def test_old_windows_are_pruned():
    old = timezone.now() - timedelta(days=3)
    ratelimit.hit("k", limit=1, window=60, now=old)
    ratelimit.hit("k", limit=1, window=60)
    assert ratelimit.prune() == 1
    assert RateLimitCounter.objects.count() == 1
