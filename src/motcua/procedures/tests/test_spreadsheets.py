"""XLSX export and import of the catalogue: round trip, all or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from motcua.procedures.constants import DeadlineUnit, FeeStatus, OnlineLevel
from motcua.procedures.models import Procedure
from motcua.procedures.spreadsheets import (
    SHEET_PROCEDURES,
    export_catalogue,
    import_catalogue,
    parse_catalogue,
)
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload(content: bytes, name: str = "danh-muc.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def _edit(content: bytes, edit) -> bytes:
    book = load_workbook(io.BytesIO(content))
    edit(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_export_writes_the_columns_import_reads_and_the_round_trip_changes_nothing(personas, org):
    ProcedureFactory(
        code="1.014076",
        unit=org.pharmacy,
        fee=[("GDP", 4_000_000), ("GPP", 1_000_000)],
        online=OnlineLevel.FULL,
    )
    ProcedureFactory(
        code="SYT-KCB-02", unit=org.pharmacy, fee=None, deadline=None, documents=0, online=False
    )
    content = export_catalogue(Procedure.objects.all())
    book = load_workbook(io.BytesIO(content))
    main = book[SHEET_PROCEDURES]
    rows = list(main.iter_rows(values_only=True))
    assert rows[0][0] == "Mã TTHC" and {r[0] for r in rows[1:]} == {"1.014076", "SYT-KCB-02"}
    kcb = next(r for r in rows if r[0] == "SYT-KCB-02")
    assert kcb[8] is None and kcb[11] == "Chưa công bố"

    parsed = parse_catalogue(_upload(content), user=personas.approver)
    assert parsed.errors == []
    gcn = next(p for p in parsed.procedures if p.code == "1.014076")
    assert [f.amount for f in gcn.fee_lines] == [4_000_000, 1_000_000] and len(gcn.documents) == 2


def test_import_creates_procedures_with_draft_versions(client, personas, org):
    ProcedureFactory(code="1.000001", unit=org.pharmacy, name="Mẫu")
    content = export_catalogue(Procedure.objects.all())

    def edit(book):
        main = book[SHEET_PROCEDURES]
        main.append(
            [
                "1.002600",
                "Cấp số tiếp nhận Phiếu công bố sản phẩm mỹ phẩm",
                "Mỹ phẩm",
                org.pharmacy.code,
                "Một phần",
                "Có",
                "01/07/2025",
                "",
                3,
                "ngày làm việc",
                "05 ngày làm việc nếu phải bổ sung",
                "Theo các khoản",
                "",
                "Khi nộp hồ sơ",
                "Số tiếp nhận",
                "",
                "",
                "",
                "Có",
                "Không",
                "Có",
                "",
                1,
            ]
        )
        book["Phí, lệ phí"].append(["1.002600", "Phí thẩm định", "500.000", "Không", ""])
        book["Thành phần hồ sơ"].append(
            ["1.002600", "Phiếu công bố sản phẩm mỹ phẩm", "Bản chính", 1, "Có", ""]
        )
        book["Các bước"].append(["1.002600", "Tiếp nhận", "Bộ phận Một cửa", 10])

    client.force_login(personas.approver)
    response = client.post("/can-bo/thu-tuc/nhap/", {"file": _upload(_edit(content, edit))})
    assert response.status_code == 302, response.content.decode()[-3000:]
    proc = Procedure.objects.get(code="1.002600")
    assert (
        proc.online_level == OnlineLevel.PARTIAL
        and proc.field.name == "Mỹ phẩm"
        and proc.unit == org.pharmacy
    )
    version = proc.versions.get()
    assert not version.is_published
    assert version.deadline_amount == 3 and version.deadline_unit == DeadlineUnit.WORKING_DAYS
    assert version.fee_status == FeeStatus.CHARGED and [
        f.amount for f in version.fee_lines.all()
    ] == [500_000]
    assert version.fee_timing == "before_reception" and version.accepts_post_submission
    assert [d.name for d in version.documents.all()] == ["Phiếu công bố sản phẩm mỹ phẩm"]
    assert [s.role for s in version.steps.all()] == ["reception"]


def test_a_file_with_a_bad_row_is_refused_whole(client, personas, org):
    content = export_catalogue(Procedure.objects.none())

    def edit(book):
        main = book[SHEET_PROCEDURES]
        main.append(
            [
                "1.000010",
                "Thủ tục đúng",
                "Dược",
                org.pharmacy.code,
                "Trực tiếp",
                "Có",
                "01/07/2025",
                "",
                20,
                "ngày",
                "",
                "Chưa công bố",
            ]
        )
        main.append(
            [
                "1.000011",
                "Thủ tục sai",
                "Dược",
                "KHONG-CO",
                "Cả tuần",
                "Có",
                "31/02/2025",
                "",
                "hai mươi",
                "tuần",
                "",
                "Chưa công bố",
            ]
        )
        main.append(["1.000012", "Đơn vị người khác", "Dược", org.other.code, "Trực tiếp"])

    client.force_login(personas.approver)
    response = client.post("/can-bo/thu-tuc/nhap/", {"file": _upload(_edit(content, edit))})
    assert response.status_code == 400
    html = response.content.decode()
    assert "row 3" in html or "dòng 3" in html
    assert "KHONG-CO" in html and org.other.code in html
    assert not Procedure.objects.filter(code__in=["1.000010", "1.000011", "1.000012"]).exists()


def test_a_published_version_is_never_overwritten_by_import(personas, org):
    proc = ProcedureFactory(code="1.000020", unit=org.pharmacy)
    content = export_catalogue(Procedure.objects.filter(pk=proc.pk))
    unchanged = parse_catalogue(_upload(content), user=personas.approver)
    assert import_catalogue(unchanged, acting_user=personas.approver).versions == 0

    def edit(book):
        book[SHEET_PROCEDURES]["I2"] = 25  # a different deadline for the same date

    content = _edit(content, edit)
    parsed = parse_catalogue(_upload(content), user=personas.approver)
    with pytest.raises(Exception) as exc:
        import_catalogue(parsed, acting_user=personas.approver)
    assert "1.000020" in str(exc.value)
    assert proc.versions.count() == 1


def test_a_file_that_is_not_a_workbook_is_refused(client, personas):
    client.force_login(personas.approver)
    response = client.post("/can-bo/thu-tuc/nhap/", {"file": _upload(b"not a zip at all")})
    assert response.status_code == 400 and 'class="error-summary"' in response.content.decode()


def test_export_is_scoped_to_the_users_units(client, personas, org):
    ProcedureFactory(code="1.000030", unit=org.pharmacy)
    ProcedureFactory(code="1.000031", unit=org.other)
    client.force_login(personas.approver)
    response = client.get("/can-bo/thu-tuc/xuat.xlsx")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    codes = [
        r[0]
        for r in load_workbook(io.BytesIO(response.content))[SHEET_PROCEDURES].iter_rows(
            min_row=2, values_only=True
        )
    ]
    assert codes == ["1.000030"]
