"""Sổ theo dõi hồ sơ (Mẫu 07): the official columns, one row per dossier
received in the period in the unit's subtree, XLSX and PDF, scoped views."""

from __future__ import annotations

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers import register
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierStep
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
URLS = "motcua.dossiers.tests.forms_test_urls"
S = DossierStatus
START, END = date(2025, 10, 1), date(2025, 10, 31)


def at(day: int, hour: int, month: int = 10) -> datetime:
    return datetime(2025, month, day, hour, 0, tzinfo=VN)


@pytest.fixture
def dossiers(org, personas):
    pharmacy = ProcedureFactory(unit=org.pharmacy, name="Cấp chứng chỉ hành nghề dược")
    hospital = ProcedureFactory(unit=org.hospital)
    returned = make_dossier(procedure=pharmacy, status=S.RETURNED, applicant_name="Lê Văn Cường")
    Dossier.objects.filter(pk=returned.pk).update(
        received_at=at(6, 8),
        due_at=at(20, 17),
        resolved_at=at(17, 9),
        returned_at=at(17, 15),
        register_book="2025",
        register_number=5,
        result_recipient_name="Lê Văn Cường",
        applicant_address="05 Yersin",
    )
    DossierStep.objects.create(
        dossier=returned,
        action="assign",
        from_status=S.RECEIVED,
        to_status=S.IN_PROGRESS,
        created_at=at(7, 9),
    )
    late = make_dossier(procedure=pharmacy, status=S.IN_PROGRESS)
    Dossier.objects.filter(pk=late.pk).update(received_at=at(8, 8), due_at=at(9, 17))
    other = make_dossier(procedure=hospital, status=S.RECEIVED)
    Dossier.objects.filter(pk=other.pk).update(received_at=at(8, 8), due_at=at(30, 17))
    outside = make_dossier(procedure=pharmacy, status=S.RECEIVED)
    Dossier.objects.filter(pk=outside.pk).update(received_at=at(8, 8, month=11))
    return returned, late, other


def test_rows_follow_the_official_columns(dossiers, org):
    returned, late, _other = dossiers
    rows = register.register_rows(START, END, org.pharmacy)
    assert [r.code for r in rows] == [returned.code, late.code]
    first = rows[0]
    assert first.values() == [
        "5/2025",
        returned.code,
        "Cấp chứng chỉ hành nghề dược",
        1,
        "Lê Văn Cường",
        "05 Yersin; +84905123456",
        org.pharmacy.name,
        "06/10/2025",
        "20/10/2025",
        "07/10/2025",
        "17/10/2025",
        "17/10/2025",
        "Lê Văn Cường",
        "",
    ]
    assert rows[1].note == "Trễ hạn"
    assert len(register.COLUMNS) == len(first.values())


def test_xlsx_and_pdf(dossiers, org):
    returned, late, other = dossiers
    book = load_workbook(io.BytesIO(register.export_register_xlsx(START, END, org.dept)))
    sheet = book.active
    assert sheet["A1"].value == "SỔ THEO DÕI HỒ SƠ"
    assert [c.value for c in sheet[3]] == register.COLUMNS
    codes = [row[1].value for row in sheet.iter_rows(min_row=5)]
    assert sorted(codes) == sorted([returned.code, late.code, other.code])
    from pypdf import PdfReader

    pdf = register.export_register_pdf(START, END, org.pharmacy)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = "".join(text.split())
    assert "SỔTHEODÕIHỒSƠ" in flat and returned.code in flat and other.code not in flat
    assert "Tổngsố:2hồsơ" in flat


def test_register_query_count(dossiers, org, django_assert_num_queries):
    with django_assert_num_queries(1):
        register.register_rows(START, END, org.dept)


@pytest.mark.urls(URLS)
def test_register_view_is_scoped_and_downloads(client, dossiers, personas, org):
    returned, _late, other = dossiers
    client.force_login(personas.handler)
    params = {"tu": "2025-10-01", "den": "2025-10-31"}
    page = client.get(reverse("dossier_register"), params)
    assert page.status_code == 200
    body = page.content.decode()
    assert returned.code in body and other.code not in body
    xlsx = client.get(reverse("dossier_register"), {**params, "format": "xlsx"})
    assert xlsx.status_code == 200 and "so-theo-doi-ho-so" in xlsx["Content-Disposition"]
    pdf = client.get(reverse("dossier_register"), {**params, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")
    assert (
        client.get(reverse("dossier_register"), {**params, "don_vi": org.hospital.pk}).status_code
        == 400
    )
    assert client.get(reverse("dossier_register"), {**params, "format": "csv"}).status_code == 404


@pytest.mark.urls(URLS)
def test_register_page_query_count(client, dossiers, personas, django_assert_max_num_queries):
    client.force_login(personas.handler)
    with django_assert_max_num_queries(14):
        client.get(reverse("dossier_register"), {"tu": "2025-10-01", "den": "2025-10-31"})
