"""The satisfaction report (BÁO CÁO, XLSX), open data and publication."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core import documents
from motcua.core.models import AuditEntry
from motcua.org.models import Unit
from motcua.surveys import reports
from motcua.surveys.actions import publish_report
from motcua.surveys.constants import AuditEvent, RemediationStatus
from motcua.surveys.models import RemediationAction
from motcua.testing.survey_factories import make_campaign, make_response, make_template

Q1 = (date(2026, 1, 1), date(2026, 3, 31))
DAY = date(2026, 2, 10)


@pytest.fixture
def data(org):
    version = make_template(threshold=80)
    hospital = make_campaign(org.hospital, version, starts_on=Q1[0], ends_on=Q1[1])
    pharmacy = make_campaign(org.pharmacy, version, starts_on=Q1[0], ends_on=Q1[1])
    # Hospital: 6 respondents, A1 always 5, A2 always 2, B1 4 → A2 at 0 %.
    for _ in range(6):
        make_response(hospital, {"A1": 5, "A2": 2, "B1": 4}, answered_on=DAY)
    # Pharmacy: 2 respondents (a cell under 5 in open data).
    for _ in range(2):
        make_response(pharmacy, {"A1": 1, "A2": 5, "B1": 5}, answered_on=DAY)
    RemediationAction.objects.create(
        unit=org.hospital,
        template=version.template,
        question_code="A2",
        item_text="Câu A2",
        period_start=Q1[0],
        period_end=Q1[1],
        observed_rate=Decimal("0.00"),
        threshold=80,
        description="Bố trí thêm ghế chờ tại khu khám bệnh",
        due_date=date(2026, 5, 30),
        status=RemediationStatus.IN_PROGRESS,
    )
    return version


def test_period_names():
    assert reports.period_name(date(2026, 4, 1), date(2026, 6, 30)) == "quý II năm 2026"
    assert reports.period_name(date(2026, 1, 1), date(2026, 6, 30)) == "6 tháng đầu năm 2026"
    assert reports.period_name(date(2026, 7, 1), date(2026, 12, 31)) == "6 tháng cuối năm 2026"
    assert reports.period_name(date(2026, 1, 1), date(2026, 12, 31)) == "năm 2026"
    assert reports.period_name(date(2026, 2, 1), date(2026, 2, 28)) == "tháng 02 năm 2026"
    assert (
        reports.period_name(date(2026, 2, 3), date(2026, 2, 20))
        == "từ ngày 03/02/2026 đến ngày 20/02/2026"
    )


def test_report_figures_and_document(org, settings, data):
    settings.SURVEYS_MIN_SAMPLE = 5  # the hospital's 6 answers per item count
    settings.SURVEYS_MAX_MOE = 100
    report = reports.build_report(template=data.template, unit=org.dept, start=Q1[0], end=Q1[1])
    assert report.summary.responses == 8
    # A2: 6 × 2 and 2 × 5 → 25 %; A1: 6 × 5 and 2 × 1 → 75 %; B1 100 %.
    assert [f.question_code for f in report.unsatisfied] == ["A2", "A1"]
    assert [r.description for r in report.remediations] == ["Bố trí thêm ghế chờ tại khu khám bệnh"]
    assert [u.unit_name for u in report.units] == [
        "Phòng Nghiệp vụ Dược",
        "Bệnh viện Đa khoa tỉnh",
    ]
    doc = reports.report_document(report)
    assert doc.doc_type == "Báo cáo" and doc.symbol == "BC-SYT"
    assert "quý I năm 2026" in doc.subject
    tables = [b for b in doc.body if isinstance(b, documents.Table)]
    assert any("Bố trí thêm ghế chờ tại khu khám bệnh" in row[1] for t in tables for row in t.rows)
    pdf = reports.report_pdf(report)
    assert pdf.startswith(b"%PDF")
    # The hospital's own report has no units table and no other unit's action.
    own = reports.build_report(template=data.template, unit=org.pharmacy, start=Q1[0], end=Q1[1])
    assert own.remediations == [] and own.summary.responses == 2


def test_xlsx_carries_the_figures(org, data):
    from openpyxl import load_workbook

    report = reports.build_report(template=data.template, unit=org.dept, start=Q1[0], end=Q1[1])
    book = load_workbook(io.BytesIO(reports.report_xlsx(report)))
    items = list(book["Theo câu hỏi"].iter_rows(values_only=True))
    assert items[0][:4] == ("Phần", "Mã", "Câu hỏi", "Số trả lời")
    a2 = next(row for row in items if row[1] == "A2")
    assert a2[3] == 8 and a2[7] == 25.0
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row}
    assert summary["Số phiếu"] == 8


def test_open_data_suppresses_small_cells(org, data):
    text = reports.open_data_csv(
        template=data.template, units=Unit.objects.subtree_of(org.dept), start=Q1[0], end=Q1[1]
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    hospital = [r for r in rows if r["ma_don_vi"] == "BV"]
    pharmacy = [r for r in rows if r["ma_don_vi"] == "SYT-NVD"]
    assert {r["ma_cau"] for r in hospital} == {"A1", "A2", "B1"}
    a2 = next(r for r in hospital if r["ma_cau"] == "A2")
    assert (a2["so_tra_loi"], a2["diem_trung_binh"], a2["ty_le_hai_long"]) == ("6", "2.00", "0.00")
    assert all(r["so_tra_loi"] == "<5" and r["ty_le_hai_long"] == "" for r in pharmacy)
    assert set(rows[0]) == set(reports.OPEN_DATA_COLUMNS)


@pytest.fixture
def publisher():
    published = []

    def publish(doc):
        published.append(doc)
        return f"/tai-lieu/{doc.filename}"

    saved = list(documents._PUBLISHERS)
    documents._PUBLISHERS[:] = [publish]
    yield published
    documents._PUBLISHERS[:] = saved


def test_publish_report(org, personas, data, publisher):
    url = publish_report(
        acting_user=personas.coordinator,
        unit=org.hospital,
        start=Q1[0],
        end=Q1[1],
        template=data.template,
    )
    assert url.endswith(".pdf") and publisher[0].content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(event=AuditEvent.REPORT_PUBLISHED)
    assert entry.actor == personas.coordinator and entry.new["unit"] == "BV"
    with pytest.raises(PermissionDenied):
        publish_report(
            acting_user=personas.focal_point,
            unit=org.hospital,
            start=Q1[0],
            end=Q1[1],
            template=data.template,
        )
    with pytest.raises(ValidationError):  # nothing to report on
        publish_report(
            acting_user=personas.coordinator,
            unit=org.hospital,
            start=Q1[0] - timedelta(days=365),
            end=Q1[1] - timedelta(days=365),
            template=data.template,
        )
    assert len(publisher) == 1


def test_publish_needs_a_document_library(org, personas, data):
    saved = list(documents._PUBLISHERS)
    documents._PUBLISHERS[:] = []
    try:
        with pytest.raises(ValidationError):
            publish_report(
                acting_user=personas.coordinator,
                unit=org.hospital,
                start=Q1[0],
                end=Q1[1],
                template=data.template,
            )
    finally:
        documents._PUBLISHERS[:] = saved
    assert not AuditEntry.objects.filter(event=AuditEvent.REPORT_PUBLISHED).exists()
