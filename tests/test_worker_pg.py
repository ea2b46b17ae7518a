"""A real database-backed task worker on PostgreSQL (CI profile).

Runs ``python -m motcua worker --batch`` in a subprocess against the test
database, so the task is claimed with SKIP LOCKED, run and recorded by a
separate process exactly as in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.db import connection

pytestmark = [pytest.mark.pg_worker, pytest.mark.django_db(transaction=True)]


def _url() -> str:
    s = connection.settings_dict
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    user = s.get("USER") or "postgres"
    return f"postgres://{user}@{host}:{port}/{s['NAME']}"


def test_worker_runs_queued_tasks_and_beats(settings):
    if connection.vendor != "postgresql":
        pytest.fail("this test is for the PostgreSQL CI profile: set DATABASE_URL")
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django.tasks import task_backends

    task_backends._settings = None  # type: ignore[attr-defined]
    from motcua.core.tasks import prune_task_results, prune_worker_heartbeats

    results = [prune_task_results.enqueue(days=30), prune_worker_heartbeats.enqueue(hours=1)]
    env = {
        **os.environ,
        "DATABASE_URL": _url(),
        "TASK_BACKEND": "database",
        "MOTCUA_TESTING": "0",
        "HTTPS": "0",
    }
    done = subprocess.run(
        [sys.executable, "-m", "motcua", "worker", "--batch", "--interval", "0.1"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for result in results:
        result.refresh()
        assert result.status == "SUCCESSFUL", (result.status, done.stdout, done.stderr)
        assert result.return_value == 0
