"""Activities to and from XLSX: a round trip, and a file with bad rows
refused whole with the row numbers."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from motcua.plans.spreadsheets import COLUMNS, export_activities, parse_activities

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "Hoạt động"
    sheet.append([title for _key, title in COLUMNS])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(**values: object) -> list[object]:
    keys = [key for key, _title in COLUMNS]
    row: list[object] = [""] * len(keys)
    for key, value in values.items():
        row[keys.index(key)] = value
    return row


def test_export_then_import_round_trip(plan, people, client):
    content = export_activities(plan.plan)
    sheet = load_workbook(io.BytesIO(content))["Hoạt động"]
    assert [c.value for c in sheet[1]][:3] == ["Mã", "Tên hoạt động", "Mô tả"]
    assert sheet.max_row == 4
    # Change a title in "Excel" and add a row, then import.
    book = load_workbook(io.BytesIO(content))
    ws = book["Hoạt động"]
    ws["B2"] = "Đăng tin, bài về dịch vụ công trực tuyến và Cổng DVC Quốc gia"
    ws.append(
        _row(
            title="Hội nghị đối thoại với doanh nghiệp dược",
            topics="Cải cách thủ tục hành chính, cơ chế một cửa, một cửa liên thông; sipas",
            forms="gap-mat-doi-thoai",
            audience="Người dân, tổ chức, doanh nghiệp",
            lead_unit="syt-nvd",
            all_units="Không",
            schedule="01/05/2026 - 31/05/2026",
            budget_vnd="3.000.000",
            expected_sessions=1,
            expected_participants=80,
        )
    )
    out = io.BytesIO()
    book.save(out)
    client.force_login(people.coordinator)
    upload = SimpleUploadedFile("hoat-dong.xlsx", out.getvalue(), content_type=XLSX)
    response = client.post(
        reverse("plans:activities_import", args=[plan.plan.pk]), {"file": upload}
    )
    assert response.status_code == 302
    assert plan.plan.activities.count() == 4
    plan.a1.refresh_from_db()
    assert plan.a1.title.endswith("Cổng DVC Quốc gia")
    assert list(plan.a1.coordinating_units.values_list("code", flat=True)) == ["BV"]
    new = plan.plan.activities.get(title__startswith="Hội nghị đối thoại")
    assert new.code == "HĐ01" or new.code.startswith("HĐ")
    assert new.budget_vnd == 3_000_000 and new.expected_participants == 80
    assert new.schedule == "range" and new.starts_on.day == 1 and new.ends_on.month == 5
    assert set(new.topics.values_list("code", flat=True)) == {"thu-tuc-hanh-chinh", "sipas"}


def test_bad_rows_are_reported_by_number_and_nothing_is_imported(plan, people, client):
    content = _book(
        [
            _row(code="M1", title="Đúng", lead_unit="SYT-VP"),
            _row(code="M2", title="", lead_unit="KHONGCO", budget_vnd="-5"),
            _row(
                code="M3",
                title="Sai lịch",
                lead_unit="SYT-VP",
                schedule="tháng 13",
                forms="bồ câu đưa thư",
            ),
            _row(code="M1", title="Trùng mã", lead_unit="KHAC"),
        ]
    )
    result = parse_activities(content, plan.plan)
    joined = "\n".join(result.errors)
    assert "Row 3" in joined or "Dòng 3" in joined
    assert "KHONGCO" in joined and "bồ câu đưa thư" in joined
    assert "Row 5" in joined or "Dòng 5" in joined  # duplicate code; unit of another department
    assert not any(e.startswith(("Row 2", "Dòng 2")) for e in result.errors)
    client.force_login(people.coordinator)
    upload = SimpleUploadedFile("hoat-dong.xlsx", content, content_type=XLSX)
    response = client.post(
        reverse("plans:activities_import", args=[plan.plan.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert "KHONGCO" in response.text
    assert plan.plan.activities.count() == 3  # not even the good row


def test_a_file_that_is_not_a_workbook_is_refused(plan, people, client):
    client.force_login(people.coordinator)
    for name, content in (("x.xlsx", b"PK\x03\x04not really a zip"), ("x.csv", b"Ma,Ten\nM1,A\n")):
        upload = SimpleUploadedFile(name, content, content_type=XLSX)
        response = client.post(
            reverse("plans:activities_import", args=[plan.plan.pk]), {"file": upload}
        )
        assert response.status_code == 400
        assert ".xlsx" in response.text
    response = client.post(reverse("plans:activities_import", args=[plan.plan.pk]), {})
    assert response.status_code == 400


def test_export_download(plan, people, client):
    client.force_login(people.focal_point)
    response = client.get(reverse("plans:activities_export", args=[plan.plan.pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(response.content))["Danh mục"].max_row > 10
