"""Serve the whole platform: gunicorn (static files by whitenoise) and one
task worker, started and stopped together. Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.core.management import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) và một tiến trình tác vụ nền cùng nhau."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--web-workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2"))
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--no-worker", action="store_true", help="Web server only.")

    def handle(self, *args: Any, **options: Any) -> None:
        env = os.environ.copy()
        env.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
        bind = f"{options['host']}:{options['port']}"
        web_cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "motcua.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["web_workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "10",
            "--timeout",
            "60",
            # Several servers may run on one machine (tests, bench): no shared control socket.
            "--no-control-socket",
        ]
        # The commands are built here from our own interpreter and options.
        procs: list[subprocess.Popen[bytes]] = [subprocess.Popen(web_cmd, env=env)]  # noqa: S603
        uses_worker = settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
        if uses_worker and not options["no_worker"]:
            worker_cmd = [sys.executable, "-m", "motcua", "worker", "--verbosity", "1"]
            procs.append(subprocess.Popen(worker_cmd, env=env))  # noqa: S603

        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"motcua: http://{bind}/  (Ctrl-C để dừng / to stop)")
        exit_code = 0
        try:
            while not stopping:
                for proc in procs:
                    code = proc.poll()
                    if code is not None:
                        # One part died: stop the other, so nothing runs half-way.
                        self.stderr.write(f"motcua: process {proc.args[2]} exited with {code}")
                        exit_code = code or 1
                        stopping = True
                time.sleep(0.3)
        finally:
            for proc in procs:
                if proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
            deadline = time.monotonic() + 15
            for proc in procs:
                try:
                    proc.wait(timeout=max(0.1, deadline - time.monotonic()))
                except subprocess.TimeoutExpired:
                    proc.kill()
        if exit_code:
            sys.exit(exit_code)
