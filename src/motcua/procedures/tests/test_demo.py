"""The demo catalogue: domain-vn.md §8 facts, idempotent."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext

from motcua.org import demo as org_demo
from motcua.procedures import demo
from motcua.procedures.constants import DeadlineUnit, FeeStatus, OnlineLevel
from motcua.procedures.models import FeeLine, Procedure, ProcedureVersion, RequiredDocument

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Procedure.objects.count(),
        ProcedureVersion.objects.count(),
        FeeLine.objects.count(),
        RequiredDocument.objects.count(),
    )


def test_demo_is_idempotent_and_has_the_facts_of_section_8(client):
    org_demo.load(io.StringIO())
    demo.load(io.StringIO())
    first = _counts()
    demo.load(io.StringIO())
    assert _counts() == first and first[0] == len(demo.PROCEDURES)

    gcn = Procedure.objects.get(code="1.014076")
    v = gcn.version_at()
    assert gcn.online_level == OnlineLevel.FULL and gcn.unit.code == "SYT-NVD"
    assert (v.deadline_amount, v.deadline_unit) == (Decimal(30), DeadlineUnit.DAYS)
    assert sorted(f.amount for f in v.fee_lines.all()) == [500_000, 1_000_000, 4_000_000]
    assert v.documents.filter(is_required=True).count() >= 2

    attp = Procedure.objects.get(code="SYT-ATTP-01")
    v = attp.version_at()
    assert attp.online_level == OnlineLevel.PARTIAL and attp.accepts_online
    assert (v.deadline_amount, v.deadline_unit) == (Decimal(20), DeadlineUnit.WORKING_DAYS)
    assert [f.amount for f in v.fee_lines.all()] == [700_000] and v.documents.count() == 5
    assert "mã nội bộ" in v.legal_basis

    qc = Procedure.objects.get(code="1.002483").version_at()
    assert qc.deadline_amount is None and qc.fee_status == FeeStatus.UNPUBLISHED
    cfs = Procedure.objects.get(code="1.009566").version_at()
    assert (
        cfs.fee_status == FeeStatus.UNPUBLISHED and cfs.deadline_unit == DeadlineUnit.WORKING_DAYS
    )
    assert Procedure.objects.get(code="1.002600").version_at().deadline_amount == 3

    assert (
        Procedure.objects.filter(online_level__in=[OnlineLevel.FULL, OnlineLevel.PARTIAL]).count()
        == 2
    )
    html = client.get("/thu-tuc/1.002483/").content.decode()
    assert gettext("not yet published") in html
    assert (
        "Cấp Chứng chỉ hành nghề dược"
        in client.get("/thu-tuc/", {"q": "chung chi hanh nghe duoc"}).content.decode()
    )
