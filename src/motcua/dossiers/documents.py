"""The submission acknowledgement (giấy xác nhận nộp hồ sơ trực tuyến): the
PDF a citizen downloads from "Hồ sơ của tôi" after submitting online.

It is not Mẫu 01 (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, TT 03/2025),
which the one-stop office issues when it receives the dossier and which
carries the return date: this one confirms what was sent and when, gives
the dossier code and lookup key, and a QR code to the lookup page
(``/tra-cuu/<code>/?k=<key>``). Layout: NĐ 30/2020 through
``core.documents.OfficialDocument``; the QR code is drawn as inline SVG
(segno), so printing makes no request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import segno
from django.conf import settings
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from motcua.core import documents as nd30
from motcua.core.documents import Block, OfficialDocument, Paragraph, Table
from motcua.core.money import format_vnd
from motcua.dossiers.constants import ApplicantKind, DeliveryMethod
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import lookup_url
from motcua.procedures.constants import CopyType, DeadlineUnit, FeeStatus

# Where the QR block goes in the NĐ 30 HTML: at the top of the body.
_BODY_MARK = '<div class="body">'
QR_SIZE_MM = 30
_EMPTY_FOOT = re.compile(r'<table class="foot">.*?</table>', re.DOTALL)

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


@dataclass
class Acknowledgement(OfficialDocument):
    """An ``OfficialDocument`` without a document number (ô 3): the
    acknowledgement is issued by the system, not entered in the register of
    outgoing documents; the dossier code is printed large beside the QR."""

    dossier_code: str = ""

    @property
    def number_line(self) -> str:
        return ""


def mask_id_number(number: str) -> str:
    """ "079203001234" → "********1234": the paper may be lost or shown."""
    number = (number or "").strip()
    if len(number) <= 4:
        return number
    return "*" * (len(number) - 4) + number[-4:]


def _when(value) -> str:  # type: ignore[no-untyped-def]
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def _deadline_text(dossier: Dossier) -> str:
    version = dossier.procedure_version
    if not version.has_deadline:
        return "chưa công bố"
    amount = version.deadline_amount
    assert amount is not None  # has_deadline
    shown = f"{int(amount):02d}" if amount == int(amount) else str(amount).replace(".", ",")
    text = f"{shown} {_DEADLINE_UNITS.get(version.deadline_unit, '')}".strip()
    text += " kể từ khi hồ sơ được tiếp nhận"
    if version.deadline_note:
        text += f" ({version.deadline_note})"
    return text


def _fee_text(dossier: Dossier) -> str:
    version = dossier.procedure_version
    if version.fee_status == FeeStatus.UNPUBLISHED:
        return "chưa công bố"
    if version.fee_status == FeeStatus.FREE:
        return "không thu phí, lệ phí"
    total = version.fee_total or 0
    return format_vnd(total)


def _delivery_text(dossier: Dossier) -> str:
    if dossier.delivery_method != DeliveryMethod.POST:
        return "Tại Bộ phận Một cửa"
    parts = [dossier.delivery_address]
    for place in (dossier.delivery_ward, dossier.delivery_province):
        if place is not None:
            parts.append(place.name)
    address = ", ".join(p for p in parts if p)
    text = f"Qua dịch vụ bưu chính công ích, gửi đến: {dossier.delivery_name}, {address}".rstrip(
        ", "
    )
    if dossier.postal_fee:
        text += f" (cước phí: {format_vnd(dossier.postal_fee)})"
    return text


def _applicant_lines(dossier: Dossier) -> list[str]:
    lines = []
    if dossier.applicant_kind == ApplicantKind.ORGANISATION and dossier.organisation_name:
        org = f"Tổ chức: {dossier.organisation_name}"
        if dossier.tax_code:
            org += f"; mã số thuế: {dossier.tax_code}"
        lines.append(org)
    person = f"Người nộp: {dossier.applicant_name}"
    if dossier.applicant_id_number:
        person += f"; số CCCD: {mask_id_number(dossier.applicant_id_number)}"
    lines.append(person)
    contact = "; ".join(
        part
        for part in (
            f"điện thoại: {dossier.applicant_phone}" if dossier.applicant_phone else "",
            f"thư điện tử: {dossier.applicant_email}" if dossier.applicant_email else "",
        )
        if part
    )
    if contact:
        lines.append(contact[0].upper() + contact[1:])
    return lines


def _documents_table(dossier: Dossier) -> Table:
    """Each required document with the files sent for it, then the files
    sent without a slot."""
    files = list(getattr(dossier, "submitted_files", None) or dossier.files.current())
    by_requirement: dict[int | None, list[str]] = {}
    for f in files:
        by_requirement.setdefault(f.requirement_id, []).append(f.original_name)
    rows = []
    for number, requirement in enumerate(dossier.procedure_version.documents.all(), start=1):
        sent = by_requirement.pop(requirement.pk, [])
        name = requirement.name + ("" if requirement.is_required else " (nếu có)")
        rows.append(
            [
                str(number),
                name,
                _COPY_TYPES.get(requirement.copy_type, ""),
                "; ".join(sent) if sent else "Không nộp",
            ]
        )
    extra = [name for names in by_requirement.values() for name in names]
    for name in extra:
        rows.append([str(len(rows) + 1), "Tài liệu khác", "", name])
    return Table(
        columns=["STT", "Tên giấy tờ", "Hình thức", "Tệp đã nộp"],
        rows=rows,
        align="clll",
        widths=[1.4, 8, 4, 5.6],
    )


def build_acknowledgement(dossier: Dossier) -> Acknowledgement:
    """The acknowledgement of a submitted ``dossier`` as an NĐ 30 document."""
    site = settings.MOTCUA_SITE
    submitted = dossier.submitted_at or timezone.now()
    body: list[Block] = [
        Paragraph(f"{site['department']} xác nhận đã nhận hồ sơ nộp trực tuyến sau đây:"),
        *[Paragraph(f"- {line}") for line in _applicant_lines(dossier)],
        Paragraph(
            f"- Nội dung yêu cầu giải quyết: {dossier.procedure_name} "
            f"(mã thủ tục {dossier.procedure.code})."
        ),
        Paragraph(f"- Thời điểm nộp: {_when(submitted)}; đơn vị giải quyết: {dossier.unit.name}."),
        Paragraph("1. Thành phần hồ sơ đã nộp:"),
        _documents_table(dossier),
        Paragraph(f"2. Thời hạn giải quyết theo quy định: {_deadline_text(dossier)}."),
        Paragraph(f"3. Phí, lệ phí: {_fee_text(dossier)}."),
        Paragraph(f"4. Hình thức nhận kết quả: {_delivery_text(dossier)}."),
        Paragraph(
            "5. Hồ sơ đang chờ Bộ phận Một cửa tiếp nhận; khi đó Giấy tiếp nhận hồ sơ và hẹn trả "
            "kết quả được gửi qua thư điện tử, tin nhắn và mục “Hồ sơ của tôi”."
        ),
    ]
    return Acknowledgement(
        parent_body=site["department"],
        issuer="Bộ phận Một cửa",
        symbol="",
        place=settings.DOSSIER_DOCUMENT_PLACE,
        doc_type="GIẤY XÁC NHẬN",
        subject="Nộp hồ sơ trực tuyến",
        issued_on=timezone.localdate(submitted),
        body=body,
        footer_lines=[
            "Giấy xác nhận do hệ thống tạo tự động, không cần chữ ký, đóng dấu. "
            f"Đường dây nóng: {site['hotline']}.",
            f"Địa chỉ: {site['address']}; thư điện tử: {site['email']}.",
        ],
        dossier_code=dossier.code or "",
    )


def _short_code() -> str:
    return f" gửi {settings.SMS_SHORT_CODE}" if settings.SMS_SHORT_CODE else ""


def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (error correction M: survives a
    crease or a smudge on paper)."""
    return segno.make(url, error="m", micro=False).svg_inline(
        scale=4, border=2, dark="#000", omitsize=True, title="Mã QR tra cứu hồ sơ"
    )


def _qr_block(dossier: Dossier) -> str:
    url = lookup_url(dossier)
    svg = qr_svg(url).replace("<svg ", '<svg width="100%" height="100%" ', 1)
    return mark_safe(  # noqa: S308 — every value below is escaped or generated
        '<table style="width:100%;border-collapse:collapse;margin:4pt 0 10pt">'
        "<tr>"
        '<td style="vertical-align:middle;font-size:14pt;line-height:1.5">'
        f'<p style="text-indent:0">Mã hồ sơ: <b style="font-size:16pt">{escape(dossier.code or "")}</b></p>'
        f'<p style="text-indent:0">Mã tra cứu: <b style="font-size:16pt">{escape(dossier.lookup_key)}</b></p>'
        '<p style="font-size:11pt;line-height:1.3;text-indent:0;text-align:left">Tra cứu: quét mã QR; hoặc nhập mã hồ sơ và '
        f"mã tra cứu tại {escape(settings.SITE_URL)}/tra-cuu/; hoặc soạn tin "
        f"TRACUU {escape(dossier.code or '')} {escape(dossier.lookup_key)}{escape(_short_code())}.</p>"
        "</td>"
        f'<td style="width:{QR_SIZE_MM + 4}mm;text-align:right;vertical-align:middle">'
        f'<div style="width:{QR_SIZE_MM}mm;height:{QR_SIZE_MM}mm;margin-left:auto">'
        f"{svg}"
        "</div></td>"
        "</tr></table>"
    )


def render_acknowledgement_html(dossier: Dossier) -> str:
    """The acknowledgement as the HTML printed to PDF (NĐ 30 layout with the
    QR block at the top of the body)."""
    html = nd30.render_html(build_acknowledgement(dossier))
    if _BODY_MARK not in html:  # the NĐ 30 template changed: fail loudly
        raise RuntimeError("core/documents/nd30.html has no body block for the QR code")
    html = html.replace(_BODY_MARK, _BODY_MARK + _qr_block(dossier), 1)
    # No signature and no "Nơi nhận": the empty footer table would only push
    # the address lines onto a second page.
    return _EMPTY_FOOT.sub("", html, count=1)


def render_acknowledgement_pdf(dossier: Dossier) -> bytes:
    """The acknowledgement as a PDF (A4, NĐ 30), printed without any request."""
    from weasyprint import HTML

    html = HTML(
        string=render_acknowledgement_html(dossier),
        base_url="file:///",
        # The same fetcher as every NĐ 30 document: the fonts, nothing else.
        url_fetcher=nd30._fonts_only_fetcher(),
    )
    return html.write_pdf()


def acknowledgement_filename(dossier: Dossier) -> str:
    return f"giay-xac-nhan-{slugify(dossier.code or str(dossier.pk))}.pdf"
