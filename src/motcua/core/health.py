"""Checks behind ``/healthz``: database, task worker, storage."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from motcua.core.models import WorkerHeartbeat


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "down"; the type is reported
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True, "vendor": connection.vendor}


def check_worker() -> dict[str, Any]:
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.endswith("ImmediateBackend"):
        return {"ok": True, "mode": "immediate"}
    try:
        last = (
            WorkerHeartbeat.objects.order_by("-last_seen_at")
            .values_list("last_seen_at", flat=True)
            .first()
        )
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    if last is None:
        return {"ok": False, "error": "no worker has started", "last_heartbeat": None}
    stale = timezone.now() - last > timedelta(seconds=settings.WORKER_STALE_SECONDS)
    alive = WorkerHeartbeat.objects.filter(
        last_seen_at__gte=timezone.now() - timedelta(seconds=settings.WORKER_STALE_SECONDS)
    ).count()
    result: dict[str, Any] = {"ok": not stale, "last_heartbeat": last.isoformat(), "workers": alive}
    if stale:
        result["error"] = f"no heartbeat for more than {settings.WORKER_STALE_SECONDS} s"
    return result


def check_storage() -> dict[str, Any]:
    name = f"healthz/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        default_storage.delete(saved)
    except Exception as exc:
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def run_checks() -> dict[str, Any]:
    checks = {
        "database": check_database(),
        "worker": check_worker(),
        "storage": check_storage(),
    }
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "error", "checks": checks}
