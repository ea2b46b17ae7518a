"""Run a task worker with a heartbeat that /healthz reads.

Wraps django-tasks-db's ``db_worker``; a small thread records a heartbeat
row every ``WORKER_HEARTBEAT_SECONDS`` so a stuck or dead worker shows up.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from django.conf import settings
from django.core.management import BaseCommand, call_command
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.crypto import get_random_string

from motcua.core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat(worker_id: str, started_at: Any) -> None:
    """Write or refresh this worker's heartbeat row."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen_at": timezone.now(),
        },
    )


class Heartbeat(threading.Thread):
    def __init__(self, worker_id: str) -> None:
        super().__init__(name="motcua-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.started_at = timezone.now()
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.is_set():
            try:
                close_old_connections()
                beat(self.worker_id, self.started_at)
            except Exception:  # a missed beat is reported by /healthz, not fatal
                logger.warning("worker heartbeat failed", exc_info=True)
            finally:
                connection.close()
            self.stop_event.wait(settings.WORKER_HEARTBEAT_SECONDS)


class Command(BaseCommand):
    help = "Chạy tiến trình xử lý tác vụ nền (task worker) có ghi nhịp tim cho /healthz."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--queue-name", default="*")
        parser.add_argument("--interval", type=float, default=1.0)
        parser.add_argument(
            "--batch", action="store_true", help="Process what is queued, then exit."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = f"{socket.gethostname()[:20]}-{os.getpid()}-{get_random_string(6)}"
        heartbeat = Heartbeat(worker_id)
        beat(worker_id, heartbeat.started_at)
        heartbeat.start()
        try:
            call_command(
                "db_worker",
                queue_name=options["queue_name"],
                interval=options["interval"],
                batch=options["batch"],
                worker_id=worker_id,
                reload=False,
                verbosity=options["verbosity"],
            )
        finally:
            heartbeat.stop_event.set()
            WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
