"""Fee assessment: fee lines, optional lines, reductions, postal fee,
rounding half up to the đồng."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.dossiers.constants import DeliveryMethod
from motcua.payments.constants import LineKind
from motcua.payments.fees import assess_fees, reduce_amount, total_of
from motcua.payments.models import FeeReduction
from motcua.procedures.models import FeeLine
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("base", "percent", "expected"),
    [
        (500_000, 50, 250_000),
        (1_001, 50, 501),  # 500.5 rounds half up
        (999, 50, 500),  # 499.5 rounds half up
        (1_000, 33, 670),
        (25_000, 0, 25_000),
        (25_000, 100, 0),
    ],
)
def test_reduced_amounts_round_half_up_to_the_dong(base, percent, expected):
    assert reduce_amount(base, percent) == expected


def _dossier(org, fee=500_000, **fields):
    procedure = ProcedureFactory(unit=org.pharmacy, fee=fee)
    return make_dossier(procedure=procedure, **fields)


def test_the_fee_lines_of_the_version_are_assessed(org):
    dossier = _dossier(org, fee=[("Phí thẩm định", 500_000), ("Lệ phí", 100_000)])
    lines = assess_fees(dossier)
    assert [(ln.kind, ln.name, ln.amount) for ln in lines] == [
        (LineKind.FEE, "Phí thẩm định", 500_000),
        (LineKind.FEE, "Lệ phí", 100_000),
    ]
    assert total_of(lines) == 600_000


def test_optional_lines_only_when_chosen(org):
    dossier = _dossier(org)
    FeeLine.objects.create(
        version=dossier.procedure_version, name="Phí cấp lại", amount=200_000, is_optional=True
    )
    assert total_of(assess_fees(dossier)) == 500_000
    lines = assess_fees(dossier, extra_lines=[("Phí cấp lại", 200_000)])
    assert total_of(lines) == 700_000


def test_a_free_or_unpublished_procedure_owes_nothing(org):
    assert assess_fees(_dossier(org, fee=0)) == []
    assert assess_fees(_dossier(org, fee=None)) == []


def test_postal_delivery_adds_the_postal_line(org):
    dossier = _dossier(org, delivery_method=DeliveryMethod.POST, postal_fee=25_000)
    lines = assess_fees(dossier)
    assert [(ln.kind, ln.amount) for ln in lines] == [
        (LineKind.FEE, 500_000),
        (LineKind.POSTAL, 25_000),
    ]


def test_a_reduction_applies_to_fees_and_to_postage_only_when_said(org):
    dossier = _dossier(org, fee=1_001, delivery_method=DeliveryMethod.POST, postal_fee=25_000)
    half = FeeReduction.objects.create(name="Giảm 50% vùng khó khăn", percent=50)
    lines = assess_fees(dossier, reduction=half)
    assert [(ln.base_amount, ln.reduction_percent, ln.amount) for ln in lines] == [
        (1_001, 50, 501),
        (25_000, 0, 25_000),
    ]
    half.applies_to_postal = True
    lines = assess_fees(dossier, reduction=half)
    assert [ln.amount for ln in lines] == [501, 12_500]


def test_an_exemption_makes_the_fee_zero(org):
    dossier = _dossier(org)
    exempt = FeeReduction.objects.create(name="Miễn", percent=100)
    assert total_of(assess_fees(dossier, reduction=exempt)) == 0


def test_a_reduction_of_another_procedure_or_inactive_is_refused(org):
    dossier = _dossier(org)
    other = ProcedureFactory(unit=org.pharmacy)
    wrong = FeeReduction.objects.create(name="Khác", percent=50, procedure=other)
    with pytest.raises(ValidationError):
        assess_fees(dossier, reduction=wrong)
    old = FeeReduction.objects.create(name="Cũ", percent=50, is_active=False)
    with pytest.raises(ValidationError):
        assess_fees(dossier, reduction=old)


@pytest.mark.parametrize("amount", [0, -5, 1.5, "100000", True])
def test_bad_extra_amounts_are_refused(org, amount):
    with pytest.raises(ValidationError):
        assess_fees(_dossier(org), extra_lines=[("Phí", amount)])
