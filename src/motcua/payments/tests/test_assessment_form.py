"""The office "ask for payment" form: reductions and optional fee lines
chosen by the officer, the charge computed server-side."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.payments.constants import ChargeStatus, LineKind
from motcua.payments.models import Charge, FeeReduction
from motcua.procedures.models import FeeLine
from motcua.testing.payment_factories import make_fee_dossier, payment_staff
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(org, personas):
    return payment_staff(org, personas)


@pytest.fixture
def dossier(org, personas):
    """Resolved, no charge yet; 500 000 ₫ listed, plus an optional 200 000 ₫
    line ("depends on the case")."""
    dossier = make_fee_dossier(org, personas, stage="resolved")
    FeeLine.objects.create(
        version=dossier.procedure_version,
        position=5,
        name="Phí thẩm định bổ sung (cơ sở có kho)",
        amount=200_000,
        is_optional=True,
    )
    return dossier


def _step(dossier):
    return reverse("office:step", args=[dossier.pk, "yeu-cau-thanh-toan"])


def _post(client, dossier, **fields):
    data = {"payment-seen_status": str(DossierStatus.RESOLVED), "payment-note": ""}
    for key, value in fields.items():
        data[f"payment-{key}"] = value
    return client.post(_step(dossier), data)


def test_the_form_shows_listed_fees_reductions_for_the_procedure_and_optional_lines(
    client, dossier, staff
):
    here = FeeReduction.objects.create(name="Giảm 50 % địa bàn khó khăn", percent=50)
    only_here = FeeReduction.objects.create(
        name="Miễn cho hộ nghèo", percent=100, procedure=dossier.procedure
    )
    elsewhere = FeeReduction.objects.create(
        name="Giảm cho thủ tục khác", percent=30, procedure=ProcedureFactory(unit=dossier.unit)
    )
    unused = FeeReduction.objects.create(name="Giảm đã bỏ", percent=20, is_active=False)
    client.force_login(staff.reception)
    response = client.get(reverse("office:detail", args=[dossier.pk]))
    assert response.status_code == 200
    form = response.context["payment_form"]
    offered = {choice for choice, _label in form.fields["reduction"].choices}
    assert {here.pk, only_here.pk} <= offered
    assert elsewhere.pk not in offered and unused.pk not in offered
    body = response.content.decode()
    assert "Phí thẩm định bổ sung (cơ sở có kho)" in body
    assert 'type="checkbox" name="payment-optional_lines"' in body
    assert "<legend>" in body
    assert "500.000" in body  # the listed total


def test_a_reduction_and_a_ticked_optional_line_make_the_charge(client, dossier, staff):
    reduction = FeeReduction.objects.create(
        name="Giảm 50 % địa bàn khó khăn", percent=50, legal_basis="NĐ 31/2021/NĐ-CP"
    )
    optional = FeeLine.objects.get(version=dossier.procedure_version, is_optional=True)
    client.force_login(staff.reception)
    response = _post(
        client,
        dossier,
        reduction=str(reduction.pk),
        optional_lines=str(optional.pk),
        note="Phí thẩm định",
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    charge = Charge.objects.get(dossier=dossier)
    assert charge.status == ChargeStatus.OPEN
    assert charge.reduction == reduction
    assert charge.total == 250_000 + 100_000
    lines = list(charge.lines.order_by("position"))
    assert [(line.base_amount, line.reduction_percent, line.amount) for line in lines] == [
        (500_000, 50, 250_000),
        (200_000, 50, 100_000),
    ]
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.PAYMENT_REQUESTED


def test_without_choices_the_listed_fees_are_charged(client, dossier, staff):
    client.force_login(staff.reception)
    response = _post(client, dossier)
    assert response.status_code == 302
    charge = Charge.objects.get(dossier=dossier)
    assert charge.total == 500_000
    assert [line.kind for line in charge.lines.all()] == [LineKind.FEE]


def test_a_full_exemption_waives_the_fee_and_the_dossier_does_not_stop(client, dossier, staff):
    exemption = FeeReduction.objects.create(name="Miễn phí", percent=100)
    client.force_login(staff.reception)
    response = _post(client, dossier, reduction=str(exemption.pk))
    assert response.status_code == 302
    charge = Charge.objects.get(dossier=dossier)
    assert (charge.status, charge.total) == (ChargeStatus.WAIVED, 0)
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RESOLVED


def test_a_reduction_not_offered_is_refused_and_the_input_kept(client, dossier, staff):
    foreign = FeeReduction.objects.create(
        name="Giảm cho thủ tục khác", percent=30, procedure=ProcedureFactory(unit=dossier.unit)
    )
    FeeReduction.objects.create(name="Giảm 50 %", percent=50)
    client.force_login(staff.reception)
    response = _post(client, dossier, reduction=str(foreign.pk), note="Ghi chú đã nhập")
    assert response.status_code == 400
    assert "reduction" in response.context["payment_form"].errors
    assert "Ghi chú đã nhập" in response.content.decode()
    response = _post(client, dossier, optional_lines="999999")
    assert response.status_code == 400
    assert not Charge.objects.filter(dossier=dossier).exists()
    assert Dossier.objects.get(pk=dossier.pk).status == DossierStatus.RESOLVED


def test_a_typed_amount_must_match_the_reduced_total(client, dossier, staff):
    reduction = FeeReduction.objects.create(name="Giảm 50 %", percent=50)
    client.force_login(staff.reception)
    response = _post(client, dossier, reduction=str(reduction.pk), amount="500.000")
    assert response.status_code == 400
    assert not Charge.objects.filter(dossier=dossier).exists()
    response = _post(client, dossier, reduction=str(reduction.pk), amount="250.000")
    assert response.status_code == 302
    assert Charge.objects.get(dossier=dossier).total == 250_000


def test_the_office_queue_says_whether_the_fee_awaits_payment_or_is_paid(
    client, org, personas, staff, django_assert_max_num_queries
):
    from django.utils.translation import pgettext

    from motcua.dossiers import actions as dossier_actions

    asked = make_fee_dossier(org, personas)  # state 6 already says "payment requested"
    owing = make_fee_dossier(org, personas)
    # Reception marks it settled by hand: the dossier resumes, the fee is
    # still open (its result cannot be returned): the badge says so.
    dossier_actions.do_settle_payment(Dossier.objects.get(pk=owing.pk), acting_user=staff.reception)
    paid = make_fee_dossier(org, personas, stage="paid")
    free = make_fee_dossier(org, personas, stage="resolved")
    client.force_login(staff.reception)
    url = "/can-bo/ho-so/?hang=all"
    client.get(url)
    with django_assert_max_num_queries(24) as few:
        response = client.get(url)
    assert response.status_code == 200
    rows = {d.pk: d.fee_status for d in response.context["page"].rows}
    assert rows[asked.pk] == ChargeStatus.OPEN
    assert rows[owing.pk] == ChargeStatus.OPEN
    assert rows[paid.pk] == ChargeStatus.PAID
    assert rows[free.pk] is None
    body = response.content.decode()
    # One badge: the dossier in state 6 shows its status only.
    assert body.count(pgettext("dossier queue", "fee awaiting payment")) == 1
    assert pgettext("dossier queue", "fee paid") in body
    # More dossiers with fees: the same number of queries.
    for _ in range(3):
        make_fee_dossier(org, personas)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
