"""The fee line of Mẫu 01: a total when one is due, the rates when every
line depends on the case (GDP or GPP…), never a misleading "0 đ"."""

from __future__ import annotations

import pytest

from motcua.dossiers.official_forms import _fee_text
from motcua.testing.office_factories import office_staff, take_to
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_a_fixed_fee_is_printed_as_its_total(org, personas):
    staff = office_staff(org, personas)
    procedure = ProcedureFactory(unit=org.pharmacy, fee=500_000)
    dossier = take_to(procedure, personas.citizen, staff, "received")
    assert _fee_text(dossier) == "500.000 đ"


def test_case_dependent_fees_are_listed_not_summed_to_zero(org, personas):
    staff = office_staff(org, personas)
    procedure = ProcedureFactory(
        unit=org.pharmacy, fee=[("Cơ sở bán buôn (GDP)", 4_000_000), ("Nhà thuốc (GPP)", 1_000_000)]
    )
    procedure.current_version.fee_lines.update(is_optional=True)
    dossier = take_to(procedure, personas.citizen, staff, "received")
    text = _fee_text(dossier)
    assert "0 đ" not in text.replace("000 đ", "")
    assert "Cơ sở bán buôn (GDP): 4.000.000 đ" in text and "Nhà thuốc (GPP): 1.000.000 đ" in text
