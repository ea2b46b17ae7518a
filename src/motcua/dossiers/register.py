"""Sổ theo dõi hồ sơ (Mẫu 07, TT 03/2025/TT-VPCP): the register of the
dossiers a unit (and its subtree) received in a period, as XLSX for the
one-stop office and as PDF (A4 landscape, NĐ 30 header) for the archive.

One query: the dossiers with their procedure version, unit and the time
each was first handed to the handling officer (a subquery on the history).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.text import slugify

from motcua.core.documents import Paragraph, Table
from motcua.core.indicators import Scope
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.statistics import received_in

if TYPE_CHECKING:
    from motcua.org.models import Unit

TITLE = "SỔ THEO DÕI HỒ SƠ"
# The columns of the official register.
COLUMNS = [
    "TT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ (ngày, tháng, năm)",
    "Hẹn trả kết quả (ngày, tháng, năm)",
    "Chuyển hồ sơ đến cơ quan giải quyết (ngày, tháng, năm)",
    "Nhận kết quả từ cơ quan giải quyết (ngày, tháng, năm)",
    "Trả kết quả cho cá nhân, tổ chức (ngày, tháng, năm)",
    "Ký nhận",
    "Ghi chú",
]
MAX_ROWS = 20_000  # one register file; a longer period is split by the user

_NOTES: dict[int, str] = {
    DossierStatus.WITHDRAWN: "Rút hồ sơ",
    DossierStatus.STOPPED: "Dừng giải quyết",
    DossierStatus.SUPPLEMENT_REQUESTED: "Chờ bổ sung",
    DossierStatus.PAYMENT_REQUESTED: "Chờ thực hiện nghĩa vụ tài chính",
}


@dataclass
class RegisterRow:
    number: str
    code: str
    procedure: str
    sets: int
    applicant: str
    contact: str
    unit: str
    received: str
    due: str
    handed: str
    resolved: str
    returned: str
    signed_by: str
    note: str

    def values(self) -> list[Any]:
        return [
            self.number,
            self.code,
            self.procedure,
            self.sets,
            self.applicant,
            self.contact,
            self.unit,
            self.received,
            self.due,
            self.handed,
            self.resolved,
            self.returned,
            self.signed_by,
            self.note,
        ]


def _day(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y}" if value else ""


def register_queryset(start: date, end: date, unit: Unit | None) -> QuerySet[Dossier]:
    """Dossiers received in the period in ``unit``'s subtree, in register
    order (book, number, reception), with the first hand-off time."""
    handed = (
        DossierStep.objects.filter(dossier=OuterRef("pk"), to_status=DossierStatus.IN_PROGRESS)
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    return (
        received_in(start, end, Scope(unit))
        .select_related("unit", "procedure_version")
        .annotate(handed_at=Subquery(handed))
        .order_by("received_at", "pk")
    )


def register_rows(start: date, end: date, unit: Unit | None) -> list[RegisterRow]:
    rows = []
    for i, d in enumerate(register_queryset(start, end, unit)[:MAX_ROWS], start=1):
        applicant = d.applicant_name
        if d.organisation_name:
            applicant = (
                f"{d.organisation_name} ({d.applicant_name})" if applicant else d.organisation_name
            )
        contact = "; ".join(p for p in (d.applicant_address, d.applicant_phone) if p)
        note = _NOTES.get(d.status, "")
        if d.due_at and (
            (d.resolved_at and d.resolved_at > d.due_at)
            or (d.resolved_at is None and d.is_open and d.is_overdue())
        ):
            note = "; ".join(p for p in (note, "Trễ hạn") if p)
        if d.postal_tracking_out:
            note = "; ".join(p for p in (note, f"Gửi bưu chính: {d.postal_tracking_out}") if p)
        number = (
            f"{d.register_number}" + (f"/{d.register_book}" if d.register_book else "")
            if d.register_number
            else str(i)
        )
        rows.append(
            RegisterRow(
                number=number,
                code=d.code or "",
                procedure=d.procedure_name,
                sets=d.procedure_version.dossier_sets,
                applicant=applicant,
                contact=contact,
                unit=d.unit.name,
                received=_day(d.received_at),
                due=_day(d.due_at),
                handed=_day(d.handed_at),  # type: ignore[attr-defined]
                resolved=_day(d.resolved_at),
                returned=_day(d.returned_at),
                signed_by=d.result_recipient_name,
                note=note,
            )
        )
    return rows


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def register_title(start: date, end: date, unit: Unit | None) -> str:
    name = unit.name if unit is not None else settings.MOTCUA_SITE.get("department", "")
    return f"{name} — từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def export_register_xlsx(start: date, end: date, unit: Unit | None) -> bytes:
    """The register as XLSX (A4 landscape when printed)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ theo dõi hồ sơ"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(COLUMNS))
    sheet.append([register_title(start, end, unit)])
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    for r in (1, 2):
        sheet.cell(r, 1).font = Font(bold=r == 1, size=14 if r == 1 else 12, name="Times New Roman")
        sheet.cell(r, 1).alignment = Alignment(horizontal="center")
    sheet.append(COLUMNS)
    sheet.append([f"({i})" for i in range(1, len(COLUMNS) + 1)])
    for row in (3, 4):
        for cell in sheet[row]:
            cell.font = Font(bold=row == 3, name="Times New Roman", size=11)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
            cell.border = border
    for item in register_rows(start, end, unit):
        sheet.append([_safe(v) for v in item.values()])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(name="Times New Roman", size=11)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
    widths = [6, 20, 40, 9, 24, 28, 22, 12, 12, 14, 14, 14, 16, 18]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(3, index).column_letter].width = width
    sheet.freeze_panes = "A5"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = "3:4"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_register_pdf(start: date, end: date, unit: Unit | None) -> bytes:
    """The register as PDF: the NĐ 30 header of the unit, then the table,
    on A4 landscape."""
    from motcua.dossiers.official_forms import OneStopForm, render_form_pdf

    rows = register_rows(start, end, unit)
    if unit is not None and unit.parent is not None:
        parent, issuer = unit.parent.name, unit.name
    else:
        parent = settings.MOTCUA_SITE.get("parent_body", "")
        issuer = unit.name if unit is not None else settings.MOTCUA_SITE.get("department", "")
    doc = OneStopForm(
        parent_body=parent,
        issuer=issuer,
        symbol="",
        place=settings.DOSSIER_DOCUMENT_PLACE,
        doc_type=TITLE,
        subject=f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}",
        number_text=" ",
        issued_on=timezone.localdate(),
        landscape=True,
        body=[
            Table(
                columns=COLUMNS,
                rows=[[str(v) for v in r.values()] for r in rows]
                or [["", "Không có hồ sơ trong kỳ"] + [""] * (len(COLUMNS) - 2)],
                align="cclcllcccccccl",
                widths=[3, 8, 12, 3.5, 8.5, 9.5, 7.5, 6.6, 6.6, 6.6, 6.6, 6.6, 6, 6.5],
            ),
            Paragraph(f"Tổng số: {len(rows)} hồ sơ.", indent=False),
        ],
        form_number=7,
        filename=register_filename(start, end, unit, ""),
    )
    return render_form_pdf(doc)


def register_filename(start: date, end: date, unit: Unit | None, ext: str) -> str:
    code = slugify(unit.code) if unit is not None else "tat-ca"
    stem = f"so-theo-doi-ho-so-{code}-{start:%Y%m%d}-{end:%Y%m%d}"
    return f"{stem}.{ext}" if ext else stem
