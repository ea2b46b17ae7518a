"""A small published catalogue over the ``org`` fixture's units."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from motcua.procedures.constants import DeadlineUnit, OnlineLevel
from motcua.testing.procedure_factories import ProcedureFactory, make_field


@pytest.fixture
def catalogue(org) -> SimpleNamespace:
    duoc = make_field("duoc", "Dược", 1)
    kcb = make_field("kcb", "Khám bệnh, chữa bệnh", 2)
    cchn = ProcedureFactory(
        code="SYT-DUOC-02",
        name="Cấp Chứng chỉ hành nghề dược theo hình thức xét hồ sơ",
        unit=org.pharmacy,
        field=duoc,
        online=False,
        documents=4,
        fee=500_000,
        deadline=(20, DeadlineUnit.DAYS),
        effective_from=date(2025, 7, 1),
    )
    gcn = ProcedureFactory(
        code="1.014076",
        name="Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược",
        unit=org.pharmacy,
        field=duoc,
        online=OnlineLevel.FULL,
        fee=[("GDP", 4_000_000), ("GPP", 1_000_000)],
        deadline=(30, DeadlineUnit.DAYS),
    )
    quang_cao = ProcedureFactory(
        code="SYT-KCB-02",
        name="Cấp giấy xác nhận nội dung quảng cáo dịch vụ khám bệnh, chữa bệnh",
        unit=org.hospital,
        field=kcb,
        online=False,
        documents=0,
        fee=None,
        deadline=None,
        effective_from=date(2025, 7, 1),
    )
    draft_only = ProcedureFactory(
        code="9.999999",
        name="Thủ tục chưa công bố dược",
        unit=org.pharmacy,
        field=duoc,
        published=False,
    )
    return SimpleNamespace(
        duoc=duoc, kcb=kcb, cchn=cchn, gcn=gcn, quang_cao=quang_cao, draft_only=draft_only
    )
