"""A real task worker killed with SIGKILL in the middle of a batch loses no
message and, after restart, sends none twice.

The worker is ``python -m motcua worker`` (django-tasks-db) in a subprocess
on a file database; the SMTP server on loopback kills it when the 8th
message arrives, before answering 250 — so that message is in flight, the
rest of its chunk is claimed but unsent, and a second task is untouched.
Then the worker is started again and the periodic ``send_due_messages``
runs once the lease has expired, as in production. The server must have
received every message exactly once.

A kill *after* the server's 250 and before the worker commits "sent" (one
UPDATE) would send that one message again: that is the residual
at-least-once window, documented in ``notifications/actions.py``. The test
kills before the 250 so that its count is deterministic.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from motcua.testing.servers import SmtpServer

pytestmark = pytest.mark.django_db

LEASE = 3
QUEUE = """
from django.db import transaction
from motcua.notifications.actions import queue_message
ctx = {"full_name": "Nguyễn Văn An", "code": "SYT-1", "procedure": "Thủ tục", "due_date": "01/02/2026",
       "lookup_url": "http://x/tra-cuu/", "unit": "Sở Y tế"}
for batch in (range(0, 15), range(15, 30)):
    with transaction.atomic():  # one transaction, one delivery task
        for i in batch:
            queue_message("email", f"nguoi{i:02d}@example.vn", "dossier.received", ctx,
                          idempotency_key=f"crash:{i}")
"""


def _copy_test_database(target: Path) -> None:
    """The migrated test database as a file the subprocesses can open, by
    an SQL dump (no need to run the migrations again; the backup API would
    wait forever on the test's own open transaction)."""
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    destination.executescript("\n".join(connection.connection.iterdump()))
    destination.execute("PRAGMA journal_mode=WAL")
    destination.close()


def _env(tmp_path: Path, database_url: str, smtp: SmtpServer) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "MOTCUA_VAR_DIR": str(tmp_path),
        "MOTCUA_TESTING": "0",
        "TASK_BACKEND": "database",
        "HTTPS": "0",
        "SECRET_KEY": "crash-test-only",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "5",
        "NOTIFY_LEASE_SECONDS": str(LEASE),
        "WORKER_HEARTBEAT_SECONDS": "1",
        "LOG_LEVEL": "WARNING",
        "DB_CONN_MAX_AGE": "0",
    }


def _run(env: dict[str, str], *args: str, timeout: int = 60) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(  # noqa: S603 — our interpreter, our module
        [sys.executable, "-m", "motcua", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def crash_and_recover(tmp_path: Path, database_url: str, query) -> None:
    smtp = SmtpServer().start()
    try:
        env = _env(tmp_path, database_url, smtp)
        _run(env, "shell", "-c", QUEUE)
        assert query("SELECT count(*) FROM notifications_message WHERE status = 'queued'") == 30
        assert (
            query("SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'")
            == 2
        )

        worker = subprocess.Popen(
            [sys.executable, "-m", "motcua", "worker", "--interval", "0.1"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        seen = []

        def kill_at_the_eighth(mail):
            seen.append(mail.rcpt_tos[0])
            if len(seen) == 8:
                os.kill(worker.pid, signal.SIGKILL)
                return "451 4.3.0 ket noi da dong"  # never reaches the dead client
            return None

        smtp.on_data = kill_at_the_eighth
        try:
            worker.wait(timeout=90)
        finally:
            if worker.poll() is None:
                worker.kill()
        assert worker.returncode == -signal.SIGKILL, worker.stdout.read().decode()
        smtp.on_data = None
        assert len(smtp.received) == 7
        # Killed mid-batch: 7 sent, one in flight, others claimed or waiting.
        assert query("SELECT count(*) FROM notifications_message WHERE status = 'sent'") == 7
        assert query("SELECT count(*) FROM notifications_message WHERE status = 'sending'") >= 1
        in_flight = seen[7]

        # Restart: the worker runs the untouched second task…
        _run(env, "worker", "--batch", "--interval", "0.1")
        assert query("SELECT count(*) FROM notifications_message WHERE status = 'sent'") == 22
        # …and once the dead worker's lease has run out, the periodic sweep
        # takes over what it had claimed.
        time.sleep(LEASE + 0.5)
        _run(env, "send_due_messages")
        received = sorted(m.rcpt_tos[0] for m in smtp.received)
        assert received == [f"nguoi{i:02d}@example.vn" for i in range(30)]  # each exactly once
        assert query("SELECT count(*) FROM notifications_message WHERE status = 'sent'") == 30
        outcomes = query(
            "SELECT group_concat(a.outcome, ',') FROM notifications_deliveryattempt a "
            "JOIN notifications_message m ON m.id = a.message_id WHERE m.recipient = %s",
            in_flight,
        )
        assert outcomes.split(",") == ["abandoned", "sent"]
    finally:
        smtp.stop()


def test_a_killed_worker_loses_nothing_and_sends_nothing_twice(tmp_path):
    db_file = tmp_path / "crash.sqlite3"
    if connection.vendor == "sqlite":
        _copy_test_database(db_file)
    else:  # the suite runs on PostgreSQL: build a SQLite file for this test
        _run(
            {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{db_file}",
                "MOTCUA_VAR_DIR": str(tmp_path),
                "MOTCUA_TESTING": "0",
                "HTTPS": "0",
                "SECRET_KEY": "x",
            },
            "migrate",
            "--no-input",
            "-v",
            "0",
        )

    def query(sql: str, *params: object):
        db = sqlite3.connect(db_file, timeout=30)
        try:
            return db.execute(sql.replace("%s", "?"), params).fetchone()[0]
        finally:
            db.close()

    crash_and_recover(tmp_path, f"sqlite:///{db_file}", query)
