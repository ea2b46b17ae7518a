"""Online-payment indicators (QĐ 766/QĐ-TTg nhóm 4b) in the registry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from motcua.core.indicators import Scope, get_indicator
from motcua.testing.payment_factories import make_fee_dossier, make_payment, payment_staff


@pytest.mark.django_db
def test_procedures_and_amount_paid_online_count_only_online_payments(org, personas):
    from motcua.payments import actions

    online = make_fee_dossier(org, personas, stage="paid")
    counter = make_fee_dossier(org, personas, fee=300_000)
    actions.record_counter_payment(
        counter.open_charge,
        acting_user=payment_staff(org, personas).reception,
        method="cash",
        counter_receipt_no="Q1",
    )
    pending = make_fee_dossier(org, personas, fee=700_000)
    make_payment(pending.open_charge)
    today = timezone.localdate()
    start, end = today - timedelta(days=1), today
    procedures = get_indicator("payments.procedures_with_online_payment")
    amount = get_indicator("payments.online_amount")
    assert procedures.compute(start, end, Scope()) == 1
    assert amount.compute(start, end, Scope()) == 500_000
    assert amount.compute(start, end, Scope(org.other)) == 0
    assert amount.compute(today - timedelta(days=30), today - timedelta(days=2), Scope()) == 0
    assert online.code  # the paid dossier is the one counted


def test_the_catalogue_share_is_computed_by_payments():
    indicator = get_indicator("dossiers.online_payment_share")
    assert indicator is not None
    assert indicator.compute.__module__ == "motcua.payments.indicators"
