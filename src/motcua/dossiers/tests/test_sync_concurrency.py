"""The same portal record imported by several requests at once gives one
dossier (idempotent by ``external_id``), and every request gets an answer.

On PostgreSQL (``make test-pg``) the threads, released together by a
barrier, race on their own connections: one inserts the dossier, the
others either wait on the row lock and find it (``unchanged``) or hit the
unique ``external_id`` inside the savepoint and are rejected with a
message asking to send again. On SQLite (shared-cache memory database)
the threads take turns, as in ``test_concurrent_codes``."""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection, connections

from motcua.dossiers import sync
from motcua.dossiers.models import Dossier
from motcua.testing.procedure_factories import ProcedureFactory

THREADS = 6

RECORD = {
    "id": "DVCQG-RACE",
    "procedure_code": "1.014076",
    "status": 1,
    "submitted_at": "2026-11-20T09:15:00+07:00",
    "applicant": {"name": "Phạm Thu Hà", "id_number": "056190009876", "phone": "0905333444"},
}


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_of_one_record_make_one_dossier(org):
    ProcedureFactory(unit=org.pharmacy, code="1.014076")
    barrier = threading.Barrier(THREADS)
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def run(_: int) -> sync.RecordResult:
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            with turns:
                return sync.import_records([dict(RECORD)]).results[0]
        finally:
            connections["default"].close()

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(run, range(THREADS)))
    outcomes = sorted(r.outcome for r in results)
    assert outcomes.count("created") == 1, outcomes
    assert set(outcomes) <= {"created", "unchanged", "rejected"}
    for r in results:
        if r.outcome == "rejected":
            assert r.errors
    assert Dossier.objects.filter(external_id="DVCQG-RACE").count() == 1
