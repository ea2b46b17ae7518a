"""The seven one-stop forms of TT 03/2025/TT-VPCP (Phụ lục I, domain-vn.md
§4.1–4.2), printed from a dossier's real data as NĐ 30/2020 documents
(``core.documents``), in PDF for citizens and archives and DOCX for staff.

=====  ======================================================  ===========================
Mẫu    Form                                                    Exists when
=====  ======================================================  ===========================
01     Giấy tiếp nhận hồ sơ và hẹn trả kết quả                 the dossier was received
02     Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ                 a supplement was requested
03     Phiếu từ chối tiếp nhận giải quyết hồ sơ                the dossier was refused
04     Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết an apology letter exists
05     Thông báo dừng giải quyết hồ sơ                         processing was stopped
06     Phiếu kiểm soát quá trình giải quyết hồ sơ              the dossier was received
07     Sổ theo dõi hồ sơ                                       per unit and period (``register``)
=====  ======================================================  ===========================

``build_form(dossier, number)`` gives the document (``FormNotAvailable`` when
the event behind the form has not happened); ``render_form(document,
"pdf"|"docx")`` gives the file. The agency block is the dossier's handling
unit under its parent (e.g. "SỞ Y TẾ" / "PHÒNG NGHIỆP VỤ DƯỢC"); the place
comes from ``DOSSIER_DOCUMENT_PLACE``. Mẫu 01 carries a QR code to
``/tra-cuu/<code>/?k=<key>`` with the lookup key printed beside it, and two
signature blocks (applicant and receiving officer), as the form asks.

Mẫu 06 is built from the ``DossierStep`` history: a row per hand-off with
the time the holder got the dossier and the time they passed it on; each
row is judged against the holder's share of the deadline
(``ProcessingStep.share_percent`` of the procedure version, matched by role,
or by order when the steps name no role). Time spent waiting for the
applicant (supplement, payment) is listed but not judged, like the clock.
When the version has no steps, each hand-off is listed without a judgement.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from motcua.accounts.validators import format_phone
from motcua.core import documents as nd30
from motcua.core.calendar import WorkingCalendar
from motcua.core.documents import Block, OfficialDocument, Paragraph, Table
from motcua.core.money import format_vnd
from motcua.dossiers.constants import (
    ApplicantKind,
    DeliveryMethod,
    DossierStatus,
    FileKind,
)
from motcua.dossiers.models import ApologyLetter, ApologyLetterStatus, Dossier, DossierStep
from motcua.org.constants import Role
from motcua.procedures.constants import CopyType, DeadlineUnit, FeeStatus

if TYPE_CHECKING:
    from motcua.org.models import Unit

FORM_NUMBERS = (1, 2, 3, 4, 5, 6)
FORM_TITLES: dict[int, str] = {
    1: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    2: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    3: "Phiếu từ chối tiếp nhận giải quyết hồ sơ",
    4: "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
    5: "Thông báo dừng giải quyết hồ sơ",
    6: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    7: "Sổ theo dõi hồ sơ",
}
FILE_STEMS: dict[int, str] = {
    1: "giay-tiep-nhan",
    2: "phieu-yeu-cau-bo-sung",
    3: "phieu-tu-choi",
    4: "van-ban-xin-loi",
    5: "thong-bao-dung-giai-quyet",
    6: "phieu-kiem-soat",
}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
QR_SIZE_MM = 28

_DEADLINE_UNITS: dict[str, str] = {
    DeadlineUnit.DAYS: "ngày",
    DeadlineUnit.WORKING_DAYS: "ngày làm việc",
    DeadlineUnit.WORKING_HOURS: "giờ làm việc",
}
_COPY_TYPES: dict[str, str] = {
    CopyType.ORIGINAL: "Bản chính",
    CopyType.COPY: "Bản sao",
    CopyType.CERTIFIED_COPY: "Bản sao chứng thực",
    CopyType.ORIGINAL_OR_CERTIFIED: "Bản chính hoặc bản sao chứng thực",
}
_ROLE_LABELS: dict[str, str] = {
    Role.RECEPTION: "Bộ phận Một cửa",
    Role.HANDLER: "Chuyên viên thụ lý",
    Role.APPROVER: "Lãnh đạo phê duyệt",
}
APPLICANT_ROLE = "applicant"  # waiting for the applicant: not judged
TERMINAL = frozenset(
    {
        DossierStatus.REFUSED,
        DossierStatus.WITHDRAWN,
        DossierStatus.STOPPED,
        DossierStatus.RETURNED,
    }
)
EARLY, ON_TIME, LATE = "Trước hạn", "Đúng hạn", "Quá hạn"


class FormNotAvailable(Exception):
    """The event the form records has not happened for this dossier (for
    example Mẫu 03 of a dossier that was not refused)."""


# ================================================================ helpers
def _when(value: datetime | None) -> str:
    """ "08 giờ 30 phút, ngày 05/01/2026" (local time), or dots to fill in."""
    if value is None:
        return "…… giờ …… phút, ngày …… tháng …… năm ……"
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d} tháng {local:%m} năm {local:%Y}"


def _short_when(value: datetime | None) -> str:
    if value is None:
        return ""
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def _day(value: datetime | None) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y}" if value else ""


def _issued_on(value: datetime | None) -> Any:
    return timezone.localdate(value) if value else timezone.localdate()


def _person(user: Any) -> str:
    if user is None:
        return ""
    return str(getattr(user, "full_name", "") or getattr(user, "email", "") or "")


def _applicant(dossier: Dossier) -> str:
    if dossier.applicant_kind == ApplicantKind.ORGANISATION and dossier.organisation_name:
        name = dossier.organisation_name
        if dossier.applicant_name:
            name += f" (người nộp: {dossier.applicant_name})"
        return name
    return dossier.applicant_name or "……"


def _address(dossier: Dossier) -> str:
    parts = [dossier.applicant_address]
    for place in (dossier.applicant_ward, dossier.applicant_province):
        if place is not None:
            parts.append(place.name)
    return ", ".join(p for p in parts if p) or "……"


def _deadline_text(dossier: Dossier) -> str:
    version = dossier.procedure_version
    if not version.has_deadline:
        return "chưa công bố"
    amount = version.deadline_amount
    assert amount is not None  # has_deadline
    shown = f"{int(amount):02d}" if amount == int(amount) else str(amount).replace(".", ",")
    return f"{shown} {_DEADLINE_UNITS.get(version.deadline_unit, '')}".strip()


def _fee_text(dossier: Dossier) -> str:
    version = dossier.procedure_version
    if version.fee_status == FeeStatus.UNPUBLISHED:
        return "chưa công bố"
    if version.fee_status == FeeStatus.FREE:
        return "không thu phí, lệ phí"
    lines = list(version.fee_lines.all())
    if lines and all(line.is_optional for line in lines):
        # Every line depends on the case (e.g. GDP or GPP): no single total
        # is due; list the rates instead of printing "0 đ".
        rates = "; ".join(f"{line.name}: {format_vnd(line.amount)}" for line in lines)
        return f"theo từng trường hợp ({rates})"
    return format_vnd(version.fee_total or 0)


def _delivery_text(dossier: Dossier) -> str:
    if dossier.delivery_method != DeliveryMethod.POST:
        return f"Bộ phận Một cửa, {dossier.unit.name}"
    parts = [dossier.delivery_address]
    for place in (dossier.delivery_ward, dossier.delivery_province):
        if place is not None:
            parts.append(place.name)
    address = ", ".join(p for p in parts if p)
    return f"Qua dịch vụ bưu chính công ích, gửi đến: {dossier.delivery_name}, {address}".rstrip(
        ", "
    )


def _agency(unit: Unit) -> tuple[str, str]:
    """(parent body, issuing body) of a form issued for ``unit``: its parent
    above it, or the Department's parent body when the unit is the top."""
    parent = unit.parent
    if parent is not None:
        return parent.name, unit.name
    return settings.MOTCUA_SITE.get("parent_body", ""), unit.name


def _step_by(dossier: Dossier, *statuses: int) -> DossierStep | None:
    """The last history step that moved the dossier into one of ``statuses``."""
    steps = [s for s in _steps(dossier) if s.to_status in statuses]
    return steps[-1] if steps else None


def _steps(dossier: Dossier) -> list[DossierStep]:
    cached = getattr(dossier, "_form_steps", None)
    if cached is None:
        cached = list(
            DossierStep.objects.filter(dossier=dossier)
            .select_related("actor", "actor_unit", "assignee")
            .order_by("created_at", "pk")
        )
        dossier._form_steps = cached  # type: ignore[attr-defined]
    return cached


def load_dossier(pk: int, queryset: Any = None) -> Dossier:
    """A dossier with what every form reads, in a few queries."""
    from motcua.procedures.models import ProcessingStep, RequiredDocument

    qs = queryset if queryset is not None else Dossier.objects.all()
    return (
        qs.select_related(
            "unit__parent",
            "procedure",
            "procedure_version",
            "applicant_province",
            "applicant_ward",
            "delivery_province",
            "delivery_ward",
            "handler",
            "approver",
        )
        .prefetch_related(
            Prefetch(
                "procedure_version__documents",
                queryset=RequiredDocument.objects.order_by("position", "pk"),
            ),
            "procedure_version__fee_lines",
            Prefetch(
                "procedure_version__steps",
                queryset=ProcessingStep.objects.order_by("position", "pk"),
            ),
        )
        .get(pk=pk)
    )


# ================================================================ documents
@dataclass
class OneStopForm(OfficialDocument):
    """An ``OfficialDocument`` whose ô 3 shows what the form is filed under
    (usually the dossier code), with optional extras the NĐ 30 template has
    no slot for: a QR block at the top of the body and two signature blocks
    side by side (applicant and officer)."""

    form_number: int = 0
    number_text: str = ""
    qr_url: str = ""
    qr_caption: Sequence[str] = ()
    signatures: Sequence[tuple[str, str, str]] = ()  # (title, hint, name)
    filename: str = "mau.pdf"
    landscape: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def number_line(self) -> str:
        if self.number_text:
            return self.number_text
        return super().number_line


_BODY_MARK = '<div class="body">'
# One page for the usual receipt: tighter paragraphs and signature space.
_COMPACT_CSS = ".body p { margin: 0 0 3pt; } .sign-space { height: 20mm; }\n"
# The register's fourteen columns on A4 landscape.
_LANDSCAPE_CSS = (
    "table.data { font-size: 9pt; } "
    "table.data th, table.data td { padding: 1pt 2pt; overflow-wrap: anywhere; }\n"
)
_FOOT = re.compile(r'<table class="foot">.*?</table>', re.DOTALL)


def _qr_svg(url: str) -> str:
    import segno

    return segno.make(url, error="m", micro=False).svg_inline(
        scale=4, border=2, dark="#000", omitsize=True, title="Mã QR tra cứu hồ sơ"
    )


def _qr_html(doc: OneStopForm) -> str:
    svg = _qr_svg(doc.qr_url).replace("<svg ", '<svg width="100%" height="100%" ', 1)
    lines = "".join(
        f'<p style="text-indent:0;text-align:left">{escape(line)}</p>' for line in doc.qr_caption
    )
    return (
        '<table style="width:100%;border-collapse:collapse;margin:2pt 0 8pt"><tr>'
        f'<td style="vertical-align:middle;font-size:13pt;line-height:1.4">{lines}</td>'
        f'<td style="width:{QR_SIZE_MM + 4}mm;text-align:right;vertical-align:middle">'
        f'<div style="width:{QR_SIZE_MM}mm;height:{QR_SIZE_MM}mm;margin-left:auto">{svg}</div>'
        "</td></tr></table>"
    )


def _signatures_html(doc: OneStopForm) -> str:
    cells = "".join(
        '<td style="width:50%;text-align:center;vertical-align:top">'
        f'<p class="sign">{escape(title)}</p>'
        f'<p style="font-style:italic;font-size:13pt">{escape(hint)}</p>'
        '<div class="sign-space"></div>'
        f'<p class="sign">{escape(name)}</p></td>'
        for title, hint, name in doc.signatures
    )
    return f'<table class="foot"><tr>{cells}</tr></table>'


def render_form_html(doc: OneStopForm) -> str:
    """The form as the HTML printed to PDF: the NĐ 30 template with the QR
    block and the two signature blocks where the form has them."""
    html = nd30.render_html(doc)
    if doc.qr_url:
        if _BODY_MARK not in html:  # the NĐ 30 template changed: fail loudly
            raise RuntimeError("core/documents/nd30.html has no body block for the QR code")
        html = html.replace(_BODY_MARK, _BODY_MARK + _qr_html(doc), 1)
    if doc.signatures:
        html = _FOOT.sub(lambda _m: _signatures_html(doc), html, count=1)
    css = _COMPACT_CSS + (_LANDSCAPE_CSS if doc.landscape else "")
    html = html.replace("</style>", css + "</style>", 1)
    if doc.landscape:
        html = html.replace("size: A4 portrait;", "size: A4 landscape;", 1)
    return html


def render_form_pdf(doc: OneStopForm) -> bytes:
    from weasyprint import HTML

    html = HTML(
        string=render_form_html(doc),
        base_url="file:///",
        url_fetcher=nd30._fonts_only_fetcher(),
    )
    return html.write_pdf()


def render_form_docx(doc: OneStopForm) -> bytes:
    """The form as DOCX: the NĐ 30 document, then the QR picture at the top
    of the body and the two signature blocks in the footer table."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    content = nd30.render_docx(doc)
    if not doc.qr_url and not doc.signatures:
        return content
    document = Document(io.BytesIO(content))
    if doc.signatures:
        footer = document.tables[-1]
        cells = footer.rows[0].cells
        for cell, (title, hint, name) in zip(cells, doc.signatures, strict=False):
            for paragraph in list(cell.paragraphs):
                paragraph._p.getparent().remove(paragraph._p)
            nd30._para(cell, title, size=13, bold=True)
            nd30._para(cell, hint, size=13, italic=True)
            for _ in range(4):
                nd30._para(cell, "", size=13)
            nd30._para(cell, name, size=13, bold=True)
    if doc.qr_url:
        import segno

        png = io.BytesIO()
        segno.make(doc.qr_url, error="m", micro=False).save(png, kind="png", scale=6, border=2)
        png.seek(0)
        # At the top of the body (before its first paragraph): the QR code
        # at the right, then the code and the lookup key.
        first = doc.body[0] if doc.body else None
        anchor = None
        for paragraph in document.paragraphs:
            if isinstance(first, Paragraph) and paragraph.text.strip() == first.text:
                anchor = paragraph
                break
        picture = document.add_paragraph()
        picture.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        picture.add_run().add_picture(png, width=Mm(QR_SIZE_MM))
        captions = [
            nd30._para(document._body, line, size=13, align="left", space_after=3)
            for line in doc.qr_caption
        ]
        if anchor is not None:
            for element in (picture, *captions):
                anchor._p.addprevious(element._p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_form(doc: OneStopForm, ext: str) -> bytes:
    """``doc`` as ``pdf`` or ``docx``."""
    if ext == "pdf":
        return render_form_pdf(doc)
    if ext == "docx":
        return render_form_docx(doc)
    raise ValueError(f"unknown format: {ext!r}")


def form_filename(doc: OneStopForm, ext: str) -> str:
    return f"{doc.filename}.{ext}"


# ================================================================ availability
def latest_apology(dossier: Dossier, *, approved_only: bool = False) -> ApologyLetter | None:
    qs = ApologyLetter.objects.filter(dossier=dossier).select_related("approved_by", "drafted_by")
    if approved_only:
        qs = qs.filter(status=ApologyLetterStatus.APPROVED)
    return qs.order_by("-drafted_at", "-pk").first()


def available_forms(dossier: Dossier, *, for_citizen: bool = False) -> list[int]:
    """The form numbers that exist for ``dossier`` (the links to show). The
    applicant may download Mẫu 01 after reception and an approved Mẫu 04;
    staff every form whose event has happened (one query for 02 and 04)."""
    out: list[int] = []
    received = dossier.received_at is not None
    if received:
        out.append(1)
    if for_citizen:
        if latest_apology(dossier, approved_only=True) is not None:
            out.append(4)
        return out
    if dossier.supplement_requests.exists():
        out.append(2)
    if dossier.status == DossierStatus.REFUSED:
        out.append(3)
    if ApologyLetter.objects.filter(dossier=dossier).exists():
        out.append(4)
    if dossier.status == DossierStatus.STOPPED:
        out.append(5)
    if received:
        out.append(6)
    return out


def build_form(
    dossier: Dossier, number: int, *, for_citizen: bool = False, request_id: int | None = None
) -> OneStopForm:
    """Mẫu ``number`` (1–6) of ``dossier``; ``FormNotAvailable`` when its event
    has not happened (or, for the applicant, is not theirs to download)."""
    builders = {
        1: build_receipt,
        2: build_supplement_request,
        3: build_refusal,
        4: build_apology,
        5: build_stop_notice,
        6: build_control_sheet,
    }
    if number not in builders:
        raise FormNotAvailable(number)
    if for_citizen and number not in (1, 4):
        raise FormNotAvailable(number)
    if number == 4:
        return build_apology(dossier, approved_only=for_citizen)
    if number == 2:
        return build_supplement_request(dossier, request_id=request_id)
    return builders[number](dossier)  # type: ignore[operator]


def _base(dossier: Dossier, number: int, **values: Any) -> OneStopForm:
    parent, issuer = _agency(dossier.unit)
    values.setdefault("issued_on", timezone.localdate())
    return OneStopForm(
        parent_body=parent,
        issuer=issuer,
        symbol="",
        place=settings.DOSSIER_DOCUMENT_PLACE,
        subject=values.pop("subject", ""),
        form_number=number,
        # The code is in the body (a long code would wrap in the narrow ô 3).
        number_text=values.pop("number_text", "\u00a0"),
        filename=f"{FILE_STEMS[number]}-{slugify(dossier.code or str(dossier.pk))}",
        **values,
    )


def _heading_lines(dossier: Dossier, intro: str, *, code: bool = True) -> list[Block]:
    lines: list[Block] = [
        Paragraph(intro),
        Paragraph(f"Tiếp nhận hồ sơ của: {_applicant(dossier)}"),
        Paragraph(f"Địa chỉ: {_address(dossier)}"),
        Paragraph(
            f"Số điện thoại: {format_phone(dossier.applicant_phone) or '……'}"
            f"        Email: {dossier.applicant_email or '……'}"
        ),
        Paragraph(f"Nội dung yêu cầu giải quyết: {dossier.procedure_name}"),
    ]
    if code:
        lines.append(Paragraph(f"Mã hồ sơ: {dossier.code or ''}"))
    return lines


# ---------------------------------------------------------------- Mẫu 01
def _documents_table(dossier: Dossier) -> Table:
    """Each required document with how many were handed in and in what
    form; scans and files without a slot after them."""
    files = list(
        dossier.files.current()
        .filter(kind__in=[FileKind.SUBMITTED, FileKind.SCAN, FileKind.SUPPLEMENT])
        .order_by("uploaded_at", "pk")
    )
    by_requirement: dict[int | None, list[str]] = {}
    for f in files:
        by_requirement.setdefault(f.requirement_id, []).append(f.original_name)
    rows: list[list[str]] = []
    for requirement in dossier.procedure_version.documents.all():
        sent = by_requirement.pop(requirement.pk, [])
        if not sent and not requirement.is_required:
            continue
        rows.append(
            [
                str(len(rows) + 1),
                requirement.name,
                _COPY_TYPES.get(requirement.copy_type, ""),
                f"{requirement.quantity:02d}" if sent else "Chưa nộp",
            ]
        )
    for names in by_requirement.values():
        for name in names:
            rows.append([str(len(rows) + 1), name, "Bản chụp/bản điện tử", "01"])
    return Table(
        columns=[
            "TT",
            "Tên loại giấy tờ",
            "Hình thức (bản chính, bản sao hoặc bản chụp)",
            "Số lượng",
        ],
        rows=rows,
        align="clcc",
        widths=[1.2, 9, 5.5, 2.3],
    )


def build_receipt(dossier: Dossier) -> OneStopForm:
    """Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả."""
    if dossier.received_at is None:
        raise FormNotAvailable(1)
    from motcua.dossiers.selectors import lookup_url

    receiver = _step_by(dossier, DossierStatus.RECEIVED)
    register = (
        f"Vào Sổ theo dõi hồ sơ, Quyển số: {dossier.register_book or '……'}, "
        f"Số thứ tự: {dossier.register_number or '……'}"
    )
    body: list[Block] = [
        *_heading_lines(dossier, f"Bộ phận Một cửa, {dossier.unit.name}", code=False),
        Paragraph("1. Thành phần hồ sơ nộp gồm:"),
        _documents_table(dossier),
        Paragraph(f"2. Số lượng hồ sơ: {dossier.procedure_version.dossier_sets:02d} (bộ)"),
        Paragraph(f"3. Thời gian giải quyết hồ sơ theo quy định là: {_deadline_text(dossier)}"),
        Paragraph(f"4. Thời gian nhận hồ sơ: {_when(dossier.received_at)}"),
        Paragraph(f"5. Thời gian trả kết quả giải quyết hồ sơ: {_when(dossier.due_at)}"),
        Paragraph(f"6. Đăng ký nhận kết quả tại: {_delivery_text(dossier)}"),
        Paragraph(f"7. Phí, lệ phí: {_fee_text(dossier)}"),
        Paragraph(register),
    ]
    return _base(
        dossier,
        1,
        doc_type="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        subject="",
        issued_on=timezone.localdate(dossier.received_at),
        body=body,
        qr_url=lookup_url(dossier),
        qr_caption=[
            f"Mã hồ sơ: {dossier.code}",
            f"Mã tra cứu: {dossier.lookup_key} (tra cứu tại {settings.SITE_URL}/tra-cuu/ "
            "hoặc quét mã QR)",
        ],
        signatures=[
            ("NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", dossier.applicant_name),
            (
                "NGƯỜI TIẾP NHẬN HỒ SƠ",
                "(Ký và ghi rõ họ tên)",
                _person(receiver and receiver.actor),
            ),
        ],
        footer_lines=[
            "Ghi chú: Giấy tiếp nhận hồ sơ và hẹn trả kết quả được lập thành 02 liên; 01 liên "
            "chuyển kèm theo Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại Bộ phận "
            "Một cửa; 01 liên giao cho cá nhân, tổ chức nộp hồ sơ.",
        ],
    )


# ---------------------------------------------------------------- Mẫu 02
def build_supplement_request(dossier: Dossier, *, request_id: int | None = None) -> OneStopForm:
    """Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (the latest request,
    or ``request_id``)."""
    requests = dossier.supplement_requests.select_related("requested_by").order_by(
        "-requested_at", "-pk"
    )
    if request_id is not None:
        requests = requests.filter(pk=request_id)
    supplement = requests.first()
    if supplement is None:
        raise FormNotAvailable(2)
    legal = (dossier.procedure_version.legal_basis or "").strip().splitlines()
    basis = "; ".join(line.strip(" -;.") for line in legal if line.strip()) or (
        f"quy định về thủ tục {dossier.procedure_name}"
    )
    items = [line.strip(" -") for line in supplement.reason.splitlines() if line.strip()]
    body: list[Block] = [
        Paragraph(f"Hồ sơ của: {_applicant(dossier)}"),
        Paragraph(f"Nội dung yêu cầu giải quyết: {dossier.procedure_name}"),
        Paragraph(f"Mã hồ sơ: {dossier.code}"),
        Paragraph(f"Căn cứ quy định tại: {basis}."),
        Paragraph("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:"),
        *[Paragraph(f"{i}. {item}") for i, item in enumerate(items, start=1)],
    ]
    if supplement.respond_by:
        body.append(
            Paragraph(f"Thời hạn bổ sung, hoàn thiện hồ sơ: {_when(supplement.respond_by)}.")
        )
    body += [
        Paragraph(
            "Hồ sơ bổ sung được nộp trực tuyến tại mục “Hồ sơ của tôi” hoặc trực tiếp tại Bộ phận "
            "Một cửa. Thời gian chờ bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết."
        ),
        Paragraph(
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với "
            f"{_person(supplement.requested_by) or '……'}, số điện thoại "
            f"{settings.MOTCUA_SITE.get('hotline', '……')} để được hướng dẫn./."
        ),
    ]
    return _base(
        dossier,
        2,
        doc_type="PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        subject="",
        issued_on=timezone.localdate(supplement.requested_at),
        body=body,
        signatures=[
            ("", "", ""),
            ("NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", _person(supplement.requested_by)),
        ],
    )


# ---------------------------------------------------------------- Mẫu 03
def build_refusal(dossier: Dossier) -> OneStopForm:
    """Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ (reason: ``status_note``)."""
    if dossier.status != DossierStatus.REFUSED:
        raise FormNotAvailable(3)
    step = _step_by(dossier, DossierStatus.REFUSED)
    reason = (dossier.status_note or (step.note if step else "")).strip()
    body: list[Block] = [
        *_heading_lines(dossier, f"Bộ phận Một cửa, {dossier.unit.name}:"),
        Paragraph(
            f"Qua xem xét, Bộ phận Một cửa, {dossier.unit.name} thông báo không tiếp nhận, giải "
            "quyết hồ sơ này với lý do cụ thể như sau:"
        ),
        *nd30.paragraphs(reason or "……"),
        Paragraph("Xin thông báo cho ông/bà được biết và thực hiện."),
        Paragraph(
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà có thể tra cứu các quy định "
            f"giải quyết thủ tục hành chính tại {settings.SITE_URL}/thu-tuc/ hoặc liên hệ số điện "
            f"thoại {settings.MOTCUA_SITE.get('hotline', '……')} để được hướng dẫn./."
        ),
    ]
    return _base(
        dossier,
        3,
        doc_type="PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        subject="",
        issued_on=_issued_on(dossier.closed_at or (step.created_at if step else None)),
        body=body,
        signatures=[
            ("NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", dossier.applicant_name),
            ("NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", _person(step and step.actor)),
        ],
    )


# ---------------------------------------------------------------- Mẫu 04
def build_apology(dossier: Dossier, *, approved_only: bool = False) -> OneStopForm:
    """Mẫu 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết, from
    the latest apology letter (a draft is marked "DỰ THẢO")."""
    letter = latest_apology(dossier, approved_only=approved_only)
    if letter is None:
        raise FormNotAvailable(4)
    previous_due = letter.previous_due_at or dossier.due_at
    applicant = _applicant(dossier)
    body: list[Block] = [
        Paragraph(
            f"Ngày {_day(dossier.received_at) or '……'}, {dossier.unit.name} tiếp nhận giải quyết "
            f"hồ sơ của ông/bà/tổ chức: {applicant}."
        ),
        Paragraph(f"Nội dung yêu cầu giải quyết: {dossier.procedure_name}."),
        Paragraph(f"Mã hồ sơ: {dossier.code}."),
        Paragraph(f"Thời hẹn trả kết quả giải quyết hồ sơ: {_when(previous_due)}."),
        Paragraph(
            f"Tuy nhiên đến nay, {dossier.unit.name} chưa trả kết quả giải quyết hồ sơ của "
            "ông/bà/tổ chức đúng thời hạn, lý do:"
        ),
        *nd30.paragraphs(letter.reason),
        Paragraph(
            "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của ông/bà/tổ chức. "
            f"{dossier.unit.name} xin lỗi ông/bà/tổ chức và đề nghị gia hạn thời gian giải quyết, "
            f"hẹn lại thời gian trả kết quả vào {_when(letter.new_due_at)}."
        ),
        Paragraph("Xin trân trọng cảm ơn sự hợp tác của ông/bà/tổ chức./."),
    ]
    approved = letter.status == ApologyLetterStatus.APPROVED
    return _base(
        dossier,
        4,
        doc_type="",
        subject="xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ",
        number_text=(
            # The number given on approval is already "N/PXL-<unit code>".
            f"Số: {letter.number}" if letter.number else f"Số:{nd30.BLANK}/PXL-{dossier.unit.code}"
        ),
        issued_on=timezone.localdate(letter.approved_at) if letter.approved_at else None,
        year=timezone.localdate().year,
        recipients=[applicant],
        body=body,
        copies_to=["Như trên", f"Lưu: VT, {dossier.unit.code}"],
        signer_title=f"LÃNH ĐẠO {dossier.unit.name.upper()}",
        signer_name=_person(letter.approved_by) if approved else "",
        draft=not approved,
    )


# ---------------------------------------------------------------- Mẫu 05
def build_stop_notice(dossier: Dossier) -> OneStopForm:
    """Mẫu 05: Thông báo dừng giải quyết hồ sơ (reason: ``status_note``)."""
    if dossier.status != DossierStatus.STOPPED:
        raise FormNotAvailable(5)
    step = _step_by(dossier, DossierStatus.STOPPED)
    reason = (dossier.status_note or (step.note if step else "")).strip()
    applicant = _applicant(dossier)
    body: list[Block] = [
        Paragraph(
            f"Ngày {_day(dossier.received_at) or '……'}, {dossier.unit.name} đã tiếp nhận hồ sơ "
            f"của ông/bà/tổ chức: {applicant}."
        ),
        Paragraph(f"Nội dung yêu cầu giải quyết: {dossier.procedure_name}."),
        Paragraph(f"Mã hồ sơ: {dossier.code}."),
        Paragraph(
            f"Qua xem xét, {dossier.unit.name} thông báo dừng giải quyết hồ sơ nêu trên với lý do:"
        ),
        *nd30.paragraphs(reason or "……"),
        Paragraph(
            "Ông/bà/tổ chức được nhận lại hồ sơ đã nộp (nếu có) tại Bộ phận Một cửa. "
            "Xin thông báo để ông/bà/tổ chức được biết./."
        ),
    ]
    when = dossier.closed_at or (step.created_at if step else None)
    return _base(
        dossier,
        5,
        doc_type="THÔNG BÁO",
        subject="Về việc dừng giải quyết hồ sơ",
        number_text=f"Số:{nd30.BLANK}/TB-{dossier.unit.code}",
        issued_on=_issued_on(when),
        recipients=[applicant],
        body=body,
        copies_to=["Như trên", f"Lưu: VT, {dossier.unit.code}"],
        signer_title=f"LÃNH ĐẠO {dossier.unit.name.upper()}",
        signer_name=_person(step.actor) if step else "",
    )


# ---------------------------------------------------------------- Mẫu 06
@dataclass
class ControlRow:
    """One hand-off of Mẫu 06: who gave the dossier to whom, when the
    holder got it (in) and passed it on (out), and the judgement."""

    number: int
    giver: str
    receiver: str
    role: str
    time_in: datetime
    time_out: datetime | None
    hours_used: float | None = None
    hours_allowed: float | None = None
    result: str = ""  # EARLY / ON_TIME / LATE / "" (not judged)
    note: str = ""


def _holder_role(step: DossierStep) -> str | None:
    """Who holds the dossier after ``step``: a role, the applicant (clock
    paused), or ``None`` when the step ends processing."""
    to = step.to_status
    action = step.action or ""
    if to in TERMINAL:
        return None
    if to in (DossierStatus.SUPPLEMENT_REQUESTED, DossierStatus.PAYMENT_REQUESTED):
        return APPLICANT_ROLE
    if to == DossierStatus.RESOLVED:
        return Role.RECEPTION  # the result waits at the counter
    if "forward" in action or "approval" in action:
        return Role.APPROVER
    if to == DossierStatus.IN_PROGRESS:
        return Role.HANDLER
    return Role.RECEPTION  # received (awaiting assignment) or submitted again


def _label(step: DossierStep, role: str) -> str:
    if role == APPLICANT_ROLE:
        return "Tổ chức, cá nhân (chờ bổ sung, thực hiện nghĩa vụ tài chính)"
    name = _person(step.assignee) if step.assignee_id else ""
    label = _ROLE_LABELS.get(role, "")
    if role == Role.RECEPTION and not name:
        return label
    return f"{label}: {name}" if name else label


def _giver(step: DossierStep) -> str:
    name = _person(step.actor)
    unit = step.actor_unit.name if step.actor_unit_id and step.actor_unit else ""
    if not name:
        return (
            "Tổ chức, cá nhân"
            if step.from_status == DossierStatus.SUPPLEMENT_REQUESTED
            else "Hệ thống"
        )
    return f"{name} ({unit})" if unit else name


def _total_hours(dossier: Dossier, calendar: WorkingCalendar) -> float | None:
    """The deadline in working hours from reception to the due instant
    (pauses already pushed the due instant, so they are added back)."""
    version = dossier.procedure_version
    if not version.has_deadline or dossier.received_at is None:
        return None
    amount = float(version.deadline_amount or 0)
    if version.deadline_unit == DeadlineUnit.WORKING_HOURS:
        return amount
    if version.deadline_unit == DeadlineUnit.WORKING_DAYS:
        from motcua.procedures.selectors import _hours_per_day

        return amount * _hours_per_day()
    from motcua.procedures.selectors import due_at_for

    due = due_at_for(version, dossier.received_at, calendar=calendar).due_at
    if due is None:
        return None
    return calendar.working_hours_between(dossier.received_at, due)


def control_rows(dossier: Dossier, *, now: datetime | None = None) -> list[ControlRow]:
    """The rows of Mẫu 06 from the dossier's history (see the module doc)."""
    now = now or timezone.now()
    steps = _steps(dossier)
    start = next((i for i, s in enumerate(steps) if s.to_status == DossierStatus.RECEIVED), None)
    if start is None:
        return []
    steps = steps[start:]
    first_day = timezone.localdate(steps[0].created_at)
    calendar = WorkingCalendar.load(first_day, timezone.localdate(now))
    rows: list[ControlRow] = []
    for i, step in enumerate(steps):
        role = _holder_role(step)
        if role is None:
            break
        following = steps[i + 1] if i + 1 < len(steps) else None
        time_out = following.created_at if following else None
        rows.append(
            ControlRow(
                number=len(rows) + 1,
                giver=_giver(step),
                receiver=_label(step, role),
                role=role,
                time_in=step.created_at,
                time_out=time_out,
                hours_used=calendar.working_hours_between(step.created_at, time_out or now),
                note="" if time_out else "Đang xử lý",
            )
        )
    _judge(dossier, rows, calendar)
    return rows


def _judge(dossier: Dossier, rows: list[ControlRow], calendar: WorkingCalendar) -> None:
    """Give each judged row its allowed hours and its result."""
    version_steps = list(dossier.procedure_version.steps.all())
    total = _total_hours(dossier, calendar)
    if not version_steps or total is None:
        return
    by_role: dict[str, float] = {}
    if all(s.role for s in version_steps):
        for s in version_steps:
            by_role[s.role] = by_role.get(s.role, 0.0) + s.share_percent
    judged = [r for r in rows if r.role != APPLICANT_ROLE]
    used_by_role: dict[str, float] = {}
    for index, row in enumerate(judged):
        if by_role:
            share = by_role.get(row.role)
            if share is None:
                continue
            # Several hand-offs to the same role share its part of the deadline.
            used_before = used_by_role.get(row.role, 0.0)
            used_by_role[row.role] = used_before + (row.hours_used or 0.0)
            allowed = total * share / 100 - used_before
        else:
            if index >= len(version_steps):
                continue
            allowed = total * version_steps[index].share_percent / 100
        row.hours_allowed = max(allowed, 0.0)
        if row.time_out is None:
            # Still with this holder: late only once its share is spent.
            if (row.hours_used or 0) > row.hours_allowed:
                row.result = LATE
            continue
        used = round(row.hours_used or 0.0, 2)
        allowed_r = round(row.hours_allowed, 2)
        row.result = EARLY if used < allowed_r else ON_TIME if used == allowed_r else LATE


def _hours_text(hours: float | None) -> str:
    if hours is None:
        return ""
    whole = round(hours * 60)
    h, m = divmod(whole, 60)
    return f"{h} giờ {m:02d} phút" if m else f"{h} giờ"


def build_control_sheet(dossier: Dossier, *, now: datetime | None = None) -> OneStopForm:
    """Mẫu 06: Phiếu kiểm soát quá trình giải quyết hồ sơ."""
    if dossier.received_at is None:
        raise FormNotAvailable(6)
    rows = control_rows(dossier, now=now)
    table_rows = [
        [
            str(r.number),
            f"Giao: {r.giver}; nhận: {r.receiver}",
            _short_when(r.time_in),
            _short_when(r.time_out),
            (
                f"{_hours_text(r.hours_used)}"
                + (f" / {_hours_text(r.hours_allowed)}" if r.hours_allowed is not None else "")
            ),
            r.result,
            r.note,
        ]
        for r in rows
    ]
    body: list[Block] = [
        Paragraph(f"(Kèm theo hồ sơ của: {_applicant(dossier)})", indent=False, align="center"),
        Paragraph(f"Mã hồ sơ: {dossier.code}", indent=False),
        Paragraph(
            f"(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Quyển số: "
            f"{dossier.register_book or '……'}, Số thứ tự: {dossier.register_number or '……'})",
            indent=False,
        ),
        Paragraph(f"Nội dung yêu cầu giải quyết: {dossier.procedure_name}", indent=False),
        Paragraph(f"Cơ quan giải quyết hồ sơ: {dossier.unit.name}", indent=False),
        Paragraph(
            f"Thời gian nhận hồ sơ: {_when(dossier.received_at)}; hẹn trả kết quả: "
            f"{_when(dossier.due_at)}.",
            indent=False,
        ),
        Table(
            columns=[
                "TT",
                "Giao, nhận hồ sơ",
                "Thời gian nhận",
                "Thời gian giao",
                "Thời gian thực hiện / được giao (giờ làm việc)",
                "Kết quả (trước hạn/ đúng hạn/ quá hạn)",
                "Ghi chú",
            ],
            rows=table_rows or [["", "Chưa có bước xử lý", "", "", "", "", ""]],
            align="clccccl",
            widths=[0.8, 5.2, 2.4, 2.4, 2.8, 2.2, 1.8],
        ),
    ]
    if not list(dossier.procedure_version.steps.all()):
        body.append(
            Paragraph(
                "Quy trình của thủ tục chưa phân bổ thời hạn cho từng bước: các bước được liệt kê, "
                "không đánh giá trước hạn, đúng hạn, quá hạn.",
                italic=True,
            )
        )
    return _base(
        dossier,
        6,
        doc_type="PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        subject="",
        issued_on=timezone.localdate(dossier.received_at),
        body=body,
    )
