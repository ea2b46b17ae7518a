"""Two real workers on PostgreSQL (CI profile, ``pg_worker``): they share
the outbox through SKIP LOCKED; one is killed with SIGKILL while sending;
after restart and the periodic sweep every message arrived exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from motcua.notifications.tests.test_worker_crash import LEASE, QUEUE, _env, _run
from motcua.testing.servers import SmtpServer

pytestmark = [pytest.mark.pg_worker, pytest.mark.django_db(transaction=True)]


def _url() -> str:
    s = connection.settings_dict
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    user = s.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{s['NAME']}"


def _query_here(sql: str, params: tuple[object, ...]):
    from django.db import connections

    try:
        with connections["default"].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]
    finally:
        if threading.current_thread() is not threading.main_thread():
            connections["default"].close()


def _query(sql: str, *params: object):
    # The SMTP handler runs in aiosmtpd's event loop, where Django refuses
    # the ORM: ask from a plain thread.
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(_query_here, sql, params).result()


def test_two_workers_one_killed_everything_arrives_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.fail("this test is for the PostgreSQL CI profile: set DATABASE_URL")
    smtp = SmtpServer().start()
    workers: dict[int, subprocess.Popen[bytes]] = {}
    try:
        env = _env(tmp_path, _url(), smtp)
        _run(env, "shell", "-c", QUEUE)
        for _ in range(2):
            proc = subprocess.Popen(
                [sys.executable, "-m", "motcua", "worker", "--interval", "0.1"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            workers[proc.pid] = proc
        killed: list[int] = []
        lock = threading.Lock()

        handler_errors: list[str] = []

        def kill_the_sender_of_the_eighth(mail):
            try:
                return _kill(mail)
            except Exception as exc:
                handler_errors.append(repr(exc))
                raise

        def _kill(mail):
            with lock:
                if killed or len(smtp.received) < 7:
                    return None
                claimed_by = _query(
                    "SELECT claimed_by FROM notifications_message WHERE recipient = %s",
                    mail.rcpt_tos[0],
                )
                pid = int(claimed_by.split(":")[0].rsplit("-", 1)[1])
                os.kill(pid, signal.SIGKILL)
                killed.append(pid)
                return "451 4.3.0 ket noi da dong"

        smtp.on_data = kill_the_sender_of_the_eighth
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            # Done when only the dead worker's task is left "running".
            if (
                killed
                and _query(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult "
                    "WHERE status IN ('READY', 'RUNNING')"
                )
                <= 1
            ):
                break
            time.sleep(0.3)
        assert killed, (
            len(smtp.received),
            _query(
                "SELECT string_agg(status || ':' || claimed_by, ',') FROM notifications_message"
            ),
            _query("SELECT string_agg(status, ',') FROM django_tasks_database_dbtaskresult"),
            handler_errors,
        )
        workers[killed[0]].wait(10)
        assert workers[killed[0]].returncode == -signal.SIGKILL
        smtp.on_data = None
        time.sleep(LEASE + 0.5)
        _run(env, "send_due_messages")
        received = sorted(m.rcpt_tos[0] for m in smtp.received)
        assert received == [f"nguoi{i:02d}@example.vn" for i in range(30)]
        assert _query("SELECT count(*) FROM notifications_message WHERE status = 'sent'") == 30
        assert (
            _query("SELECT count(*) FROM notifications_deliveryattempt WHERE outcome = 'abandoned'")
            >= 1
        )
    finally:
        for proc in workers.values():
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        smtp.stop()
