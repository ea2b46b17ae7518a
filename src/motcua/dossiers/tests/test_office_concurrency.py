"""Two officers act on the same dossier at the same instant: one wins, the
other is told what happened and changes nothing.

On PostgreSQL (``make test-pg``) the threads, released together by a
barrier, really race on their own connections and only the row lock
(``SELECT … FOR UPDATE``) and the state re-checked after it keep the
dossier consistent. On SQLite (shared-cache memory, table locks that
ignore ``busy_timeout``) the threads take turns through a lock: that
variant checks the re-check, not the race."""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import close_old_connections, connection, connections

from motcua.dossiers import actions
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierStep
from motcua.testing.dossier_factories import make_submitted
from motcua.testing.office_factories import office_staff
from motcua.testing.procedure_factories import ProcedureFactory


@pytest.mark.django_db(transaction=True)
def test_receive_and_refuse_at_once_one_wins(org, personas):
    staff = office_staff(org, personas)
    procedure = ProcedureFactory(unit=org.pharmacy, documents=1)
    dossier = make_submitted(procedure, staff.citizen)
    barrier = threading.Barrier(2)
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def act(which: str) -> str:
        close_old_connections()
        stale = Dossier.objects.get(pk=dossier.pk)
        try:
            barrier.wait(timeout=30)
            with turns:
                if which == "receive":
                    actions.do_receive_dossier(stale, acting_user=staff.reception)
                else:
                    actions.do_refuse_dossier(
                        stale, acting_user=staff.reception, reason="Không thuộc thẩm quyền."
                    )
            return "won"
        except actions.ConcurrentChange:
            return "told"
        finally:
            connections["default"].close()

    with ThreadPoolExecutor(2) as pool:
        outcomes = dict(
            zip(["receive", "refuse"], pool.map(act, ["receive", "refuse"]), strict=True)
        )
    assert sorted(outcomes.values()) == ["told", "won"], outcomes
    final = Dossier.objects.get(pk=dossier.pk)
    winner = "receive" if outcomes["receive"] == "won" else "refuse"
    expected = DossierStatus.RECEIVED if winner == "receive" else DossierStatus.REFUSED
    assert final.status == expected
    assert (
        DossierStep.objects.filter(dossier=dossier, action__in=["receive", "refuse"]).count() == 1
    )
    assert (final.register_number is not None) == (winner == "receive")
