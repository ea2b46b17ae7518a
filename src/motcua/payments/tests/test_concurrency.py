"""Money under concurrency: the return of the payer's browser and the
gateway's webhook arriving at the same instant; two different payments of
one charge captured at once; receipt numbers under load.

On PostgreSQL (``make test-pg``) the threads, released together by a
barrier, really race on their own connections: only the row locks taken by
``confirm_payment`` (the charge, then the payment, ``SELECT … FOR UPDATE``)
and the state re-read under them keep the ledger right, backed by the
unique constraint "one paid payment per charge". On SQLite (table locks
that ignore ``busy_timeout`` in the shared-cache test database) the threads
take turns through a lock: that variant checks the re-read, not the race.
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import close_old_connections, connection, connections

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.payments import actions
from motcua.payments.constants import (
    CallbackKind,
    CallbackOutcome,
    ChargeStatus,
    PaymentStatus,
    RefundStatus,
)
from motcua.payments.models import Charge, Payment, ProviderCallback, Receipt, Refund
from motcua.testing.payment_factories import make_fee_dossier, make_payment


def _race(calls: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    turns = threading.Lock() if connection.vendor == "sqlite" else contextlib.nullcontext()

    def run(call: Any) -> Any:
        close_old_connections()
        try:
            barrier.wait(timeout=30)
            with turns:
                return call()
        finally:
            connections["default"].close()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.mark.django_db(transaction=True)
def test_return_and_webhook_at_the_same_instant_credit_once(org, personas):
    dossier = make_fee_dossier(org, personas)
    payment = make_payment(dossier.open_charge, provider="gateway")
    outcomes = _race(
        [
            lambda: actions.confirm_payment(
                payment.reference, amount=500_000, provider_ref="GW-7", source=CallbackKind.RETURN
            )[1],
            lambda: actions.confirm_payment(
                payment.reference, amount=500_000, provider_ref="GW-7", source=CallbackKind.WEBHOOK
            )[1],
        ]
    )
    assert sorted(outcomes) == sorted([CallbackOutcome.APPLIED, CallbackOutcome.ALREADY_APPLIED]), (
        outcomes
    )
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert Receipt.objects.filter(payment=payment).count() == 1
    assert ProviderCallback.objects.filter(payment=payment).count() == 2
    assert Charge.objects.get(pk=payment.charge_id).status == ChargeStatus.PAID
    final = Dossier.objects.get(pk=dossier.pk)
    assert final.status == DossierStatus.RESOLVED


@pytest.mark.django_db(transaction=True)
def test_two_payments_of_one_charge_captured_at_once(org, personas):
    dossier = make_fee_dossier(org, personas)
    charge = dossier.open_charge
    gateway = make_payment(charge, provider="gateway")
    bank = make_payment(charge, provider="vietqr")
    outcomes = _race(
        [
            lambda: actions.confirm_payment(gateway, amount=500_000, source=CallbackKind.WEBHOOK)[
                1
            ],
            lambda: actions.confirm_payment(bank, amount=500_000, source=CallbackKind.STATEMENT)[1],
        ]
    )
    assert sorted(outcomes) == sorted([CallbackOutcome.APPLIED, CallbackOutcome.DUPLICATE]), (
        outcomes
    )
    statuses = sorted(Payment.objects.filter(charge=charge).values_list("status", flat=True))
    assert statuses == sorted([PaymentStatus.PAID, PaymentStatus.DUPLICATE])
    duplicate = Payment.objects.get(charge=charge, status=PaymentStatus.DUPLICATE)
    assert Refund.objects.get(payment=duplicate).status == RefundStatus.REQUESTED
    assert Receipt.objects.count() == 1
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RESOLVED


@pytest.mark.django_db(transaction=True)
def test_receipt_numbers_stay_gap_free_when_charges_are_paid_at_once(org, personas):
    dossiers = [make_fee_dossier(org, personas) for _ in range(3)]
    payments = [make_payment(d.open_charge) for d in dossiers]
    outcomes = _race(
        [
            (
                lambda p=p: actions.confirm_payment(
                    p, amount=p.amount, source=CallbackKind.WEBHOOK
                )[1]
            )
            for p in payments
        ]
    )
    assert outcomes == [CallbackOutcome.APPLIED] * 3
    assert sorted(Receipt.objects.values_list("number", flat=True)) == [1, 2, 3]
