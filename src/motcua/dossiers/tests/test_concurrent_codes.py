"""Concurrent submissions get unique, gap-free codes.

Not marked ``pg_worker``, so it runs in ``make test-pg`` (PostgreSQL,
``-m "not e2e and not pg_worker"`` with DATABASE_URL set): there the
threads, released together by a barrier, really race on their own
connections, and only the ``DossierSequence`` row lock (``SELECT … FOR
UPDATE``; the first row of the day created under ``get_or_create``'s
savepoint) keeps the numbers apart — without it two threads read the same
last number and the unique code makes one of them fail.

It also runs in ``make test`` on SQLite, where the test database lives in
shared-cache memory: there concurrent writers get "database table is
locked" (shared-cache table locks ignore ``busy_timeout``), so the threads
take turns through a lock. That variant checks numbering across
connections, not the race; the race is PostgreSQL's (production at scale)."""

from __future__ import annotations

import contextlib
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection, connections

from motcua.dossiers import actions
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierSequence
from motcua.testing.dossier_factories import make_draft
from motcua.testing.factories import UserFactory
from motcua.testing.procedure_factories import ProcedureFactory

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_submissions_get_unique_gap_free_codes(org):
    procedure = ProcedureFactory(unit=org.pharmacy, documents=1)
    drafts = [make_draft(procedure, UserFactory(), complete=True) for _ in range(THREADS)]
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def submit(dossier: Dossier) -> str:
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            with turns:
                done = actions.do_submit_dossier(
                    dossier, acting_user=dossier.applicant_user, token=secrets.token_urlsafe(12)
                )
                return done.code
        except BaseException as exc:  # reported below, with the others
            errors.append(exc)
            raise
        finally:
            connections["default"].close()

    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(submit, drafts))
    assert not errors, errors
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in results)
    assert numbers == list(range(1, THREADS + 1)), (connection.vendor, results)
    assert len(set(results)) == THREADS
    assert Dossier.objects.filter(status=DossierStatus.SUBMITTED).count() == THREADS
    assert DossierSequence.objects.get().last_number == THREADS
