"""Electronic receipts (biên lai thu phí, lệ phí) of paid payments.

Numbers come from the collecting unit's active ``ReceiptSeries`` (mẫu số,
ký hiệu) — the nearest one up the unit tree — and are gap-free: the series
row is locked (``select_for_update``) in the transaction that credits the
payment, so two payments confirmed at the same instant get consecutive
numbers and a rolled-back credit gives its number back. A unit without a
series gets a default one on first use: form ``PAYMENTS_RECEIPT_FORM_CODE``
(default "01BLP2-001"), symbol "<unit code>-<yy>P".

The receipt copies its parties and lines when issued, so it never changes
afterwards; the PDF is drawn from that copy (NĐ 30/2020 layout through
``core.documents``), with the amount in Vietnamese words and a QR code to
the dossier's lookup page (``/tra-cuu/<code>/?k=<key>``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

from motcua.core import documents as nd30
from motcua.core.audit import record_audit
from motcua.core.documents import Block, OfficialDocument, Paragraph, Table
from motcua.core.money import format_vnd
from motcua.payments.constants import AuditEvent, Method, Provider
from motcua.payments.models import Receipt, ReceiptSeries

if TYPE_CHECKING:
    from motcua.org.models import Unit
    from motcua.payments.models import Payment

DEFAULT_FORM_CODE = "01BLP2-001"

# ================================================================ in words
_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_GROUPS = ["", "nghìn", "triệu"]


def _three(n: int, *, leading: bool) -> str:
    """Words for 0 < n < 1000; ``leading``: the first group of the number
    (no "không trăm" in front: 25 is "hai mươi lăm", but 1 025 000 is
    "một triệu không trăm hai mươi lăm nghìn")."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 4:
            words.append("tư")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(_DIGITS[units])
    return " ".join(words)


def _below_billion(n: int, *, leading: bool) -> str:
    groups: list[str] = []
    for index in range(2, -1, -1):
        value = (n // 1000**index) % 1000
        if value:
            text = _three(value, leading=leading and not groups)
            groups.append(f"{text} {_GROUPS[index]}".strip())
    return " ".join(groups)


def number_in_words_vi(n: int) -> str:
    """``1250000`` → "một triệu hai trăm năm mươi nghìn" (lower case)."""
    if n < 0:
        return "âm " + number_in_words_vi(-n)
    if n == 0:
        return "không"
    billions, rest = divmod(n, 1_000_000_000)
    parts = []
    if billions:
        parts.append(number_in_words_vi(billions) + " tỷ")
    if rest:
        parts.append(_below_billion(rest, leading=not billions))
    return " ".join(parts)


def amount_in_words_vi(amount: int) -> str:
    """The amount as written on a receipt: ``500000`` → "Năm trăm nghìn đồng"."""
    text = number_in_words_vi(int(amount)) + " đồng"
    return text[0].upper() + text[1:]


# ================================================================= issuing
def _default_symbol(unit: Unit) -> str:
    yy = timezone.localdate().strftime("%y")
    code = re.sub(r"[^A-Z0-9-]", "", unit.code.upper())
    return f"{code}-{yy}P"[-20:]


def _series_for(unit: Unit) -> ReceiptSeries:
    """The active series of ``unit`` or of its nearest ancestor, locked; a
    default one for ``unit`` when there is none (created in a savepoint: of
    two first payments at once, the second finds the first's series)."""
    ancestors = unit.ancestor_ids() or [unit.pk]
    for _attempt in range(2):
        found = {
            s.unit_id: s
            for s in ReceiptSeries.objects.select_for_update().filter(
                unit_id__in=ancestors, is_active=True
            )
        }
        for unit_id in reversed(ancestors):
            if unit_id in found:
                return found[unit_id]
        try:
            with transaction.atomic():
                return ReceiptSeries.objects.create(
                    unit=unit,
                    form_code=getattr(settings, "PAYMENTS_RECEIPT_FORM_CODE", DEFAULT_FORM_CODE)
                    or DEFAULT_FORM_CODE,
                    symbol=_default_symbol(unit),
                )
        except IntegrityError:
            continue
    raise RuntimeError(f"no receipt series for unit {unit.pk}")


def issue_receipt(payment: Payment) -> Receipt:
    """The receipt of a paid ``payment`` (idempotent: the existing one if it
    has one). Must run inside the transaction that credits the payment."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("issue_receipt() must run inside the payment's transaction")
    existing = Receipt.objects.filter(payment=payment).first()
    if existing is not None:
        return existing
    charge = payment.charge
    dossier = charge.dossier
    series = _series_for(charge.unit)
    number = series.next_number
    series.next_number = number + 1
    series.save(update_fields=["next_number"])
    lines = [
        {
            "name": line.name,
            "kind": line.kind,
            "base_amount": line.base_amount,
            "reduction_percent": line.reduction_percent,
            "amount": line.amount,
        }
        for line in charge.lines.all()
    ]
    receipt = Receipt.objects.create(
        payment=payment,
        series=series,
        number=number,
        issued_at=payment.paid_at or timezone.now(),
        issuer_name=charge.unit.name,
        payer_name=(payment.payer_name or dossier.applicant_display or dossier.applicant_name)[
            :200
        ],
        payer_address=(dossier.applicant_address or "")[:500],
        dossier_code=dossier.code or "",
        lines=lines,
        total=payment.amount,
    )
    record_audit(
        receipt,
        None,
        AuditEvent.RECEIPT_ISSUED,
        new={
            "series": f"{series.form_code} {series.symbol}",
            "number": number,
            "payment": payment.reference,
            "total": payment.amount,
        },
    )
    return receipt


def receipt_display_number(receipt: Receipt) -> str:
    """ "01BLP2-001 SYT-26P 0000042" (mẫu số, ký hiệu, số)."""
    series = receipt.series
    return f"{series.form_code} {series.symbol} {receipt.number:0{series.number_width}d}"


def receipt_url(receipt: Receipt) -> str:
    """Where the applicant downloads the receipt (sent in the "paid"
    message): ``SITE_URL/thanh-toan/bien-lai/<reference>.pdf?k=<lookup
    key>`` — the key lets someone without an account open it."""
    from django.urls import reverse

    payment = receipt.payment
    path = reverse("payments:receipt", args=[payment.reference])
    return f"{settings.SITE_URL}{path}?k={payment.charge.dossier.lookup_key}"


def receipt_filename(receipt: Receipt) -> str:
    return f"bien-lai-{slugify(receipt.series.symbol)}-{receipt.number:07d}.pdf"


# ===================================================================== PDF
_BODY_MARK = '<div class="body">'
_EMPTY_FOOT = re.compile(r'<table class="foot">.*?</table>', re.DOTALL)
QR_SIZE_MM = 28

_METHODS: dict[str, str] = {
    Method.CASH: "Tiền mặt",
    Method.CARD: "Thẻ tại quầy",
    Method.TRANSFER: "Chuyển khoản ngân hàng",
    Method.ONLINE: "Thanh toán trực tuyến",
}
_PROVIDERS: dict[str, str] = {
    Provider.COUNTER: "Tại Bộ phận Một cửa",
    Provider.VIETQR: "Chuyển khoản qua mã VietQR",
    Provider.GATEWAY: "Cổng thanh toán trực tuyến",
    Provider.DEMO: "Cổng thanh toán thử nghiệm (không có giá trị thanh toán)",
}


@dataclass
class ReceiptDocument(OfficialDocument):
    """The biên lai: NĐ 30 header with "Số: 0000042" and no register
    symbol after it (the form and symbol are printed under the title)."""

    receipt_number: str = ""

    @property
    def number_line(self) -> str:
        return f"Số: {self.receipt_number}"


def _when(value: Any) -> str:
    local = timezone.localtime(value)
    return f"{local:%H} giờ {local:%M} phút, ngày {local:%d/%m/%Y}"


def build_receipt(receipt: Receipt) -> ReceiptDocument:
    """The receipt as an NĐ 30 document (data from the frozen copy)."""
    site = settings.MOTCUA_SITE
    payment = receipt.payment
    series = receipt.series
    dossier = payment.charge.dossier
    rows = []
    for i, line in enumerate(receipt.lines, start=1):
        percent = int(line.get("reduction_percent") or 0)
        rows.append(
            [
                str(i),
                str(line.get("name", "")),
                format_vnd(int(line.get("base_amount", line.get("amount", 0))), symbol=False),
                f"{percent} %" if percent else "—",
                format_vnd(int(line.get("amount", 0)), symbol=False),
            ]
        )
    rows.append(["", "Tổng cộng", "", "", format_vnd(int(receipt.total), symbol=False)])
    how = _PROVIDERS.get(payment.provider, payment.provider)
    if payment.method in _METHODS and payment.provider == Provider.COUNTER:
        how += f" ({_METHODS[payment.method].lower()})"
    reference = f"Mã giao dịch: {payment.reference}"
    if payment.provider_ref:
        reference += f"; mã của ngân hàng, cổng thanh toán: {payment.provider_ref}"
    if payment.counter_receipt_no:
        reference += f"; số phiếu thu tại quầy: {payment.counter_receipt_no}"
    body: list[Block] = [
        Paragraph(f"Đơn vị thu: {receipt.issuer_name}.", indent=False),
        Paragraph(f"Người nộp: {receipt.payer_name}.", indent=False),
        *(
            [Paragraph(f"Địa chỉ: {receipt.payer_address}.", indent=False)]
            if receipt.payer_address
            else []
        ),
        Paragraph(
            f"Nội dung thu: phí, lệ phí giải quyết hồ sơ {receipt.dossier_code} "
            f"({dossier.procedure_name}).",
            indent=False,
        ),
        Table(
            columns=["STT", "Khoản thu", "Mức thu (đồng)", "Giảm", "Số tiền (đồng)"],
            rows=rows,
            align="clrcr",
            widths=[1.2, 8.6, 3.4, 1.8, 3.4],
            total=True,
        ),
        Paragraph(f"Số tiền bằng chữ: {amount_in_words_vi(receipt.total)}.", indent=False),
        Paragraph(f"Hình thức nộp: {how}; thời điểm: {_when(receipt.issued_at)}.", indent=False),
        Paragraph(f"{reference}.", indent=False),
    ]
    return ReceiptDocument(
        parent_body=site["department"],
        issuer=receipt.issuer_name,
        symbol="",
        place=settings.DOSSIER_DOCUMENT_PLACE,
        doc_type="BIÊN LAI THU PHÍ, LỆ PHÍ",
        subject="(Biên lai điện tử)",
        issued_on=timezone.localdate(receipt.issued_at),
        body=body,
        footer_lines=[
            "Biên lai điện tử do hệ thống tạo khi nhận được khoản nộp, không cần chữ ký, "
            f"đóng dấu. Đường dây nóng: {site['hotline']}.",
            f"Địa chỉ: {site['address']}; thư điện tử: {site['email']}.",
        ],
        receipt_number=f"{receipt.number:0{series.number_width}d}",
    )


def _qr_block(receipt: Receipt) -> str:
    from motcua.dossiers.documents import qr_svg
    from motcua.dossiers.selectors import lookup_url

    dossier = receipt.payment.charge.dossier
    url = lookup_url(dossier)
    svg = qr_svg(url).replace("<svg ", '<svg width="100%" height="100%" ', 1)
    series = receipt.series
    return mark_safe(  # noqa: S308 — every value below is escaped or generated
        '<p style="text-indent:0;text-align:center;margin:0 0 4pt">'
        f"Mẫu số: {escape(series.form_code)} — Ký hiệu: {escape(series.symbol)} — "
        f"Số: {receipt.number:0{series.number_width}d}</p>"
        '<table style="width:100%;border-collapse:collapse;margin:2pt 0 8pt">'
        "<tr>"
        '<td style="vertical-align:middle;font-size:13pt;line-height:1.4">'
        f'<p style="text-indent:0">Số tiền: <b style="font-size:16pt">{escape(format_vnd(receipt.total))}</b></p>'
        f'<p style="text-indent:0">Hồ sơ: <b>{escape(dossier.code or "")}</b> — mã tra cứu: <b>{escape(dossier.lookup_key)}</b></p>'
        '<p style="font-size:11pt;line-height:1.3;text-indent:0;text-align:left">Kiểm tra biên lai và '
        "tình trạng hồ sơ: quét mã QR, hoặc nhập mã hồ sơ và mã tra cứu tại "
        f"{escape(settings.SITE_URL)}/tra-cuu/.</p>"
        "</td>"
        f'<td style="width:{QR_SIZE_MM + 4}mm;text-align:right;vertical-align:middle">'
        f'<div style="width:{QR_SIZE_MM}mm;height:{QR_SIZE_MM}mm;margin-left:auto">'
        f"{svg}"
        "</div></td>"
        "</tr></table>"
    )


def render_receipt_html(receipt: Receipt) -> str:
    html = nd30.render_html(build_receipt(receipt))
    if _BODY_MARK not in html:  # the NĐ 30 template changed: fail loudly
        raise RuntimeError("core/documents/nd30.html has no body block for the QR code")
    html = html.replace(_BODY_MARK, _BODY_MARK + _qr_block(receipt), 1)
    # No hand signature on an electronic receipt: drop the empty footer table.
    return _EMPTY_FOOT.sub("", html, count=1)


def render_receipt_pdf(receipt: Receipt) -> bytes:
    """The receipt as a PDF (A4, NĐ 30), printed without any request."""
    from weasyprint import HTML

    html = HTML(
        string=render_receipt_html(receipt),
        base_url="file:///",
        url_fetcher=nd30._fonts_only_fetcher(),
    )
    return html.write_pdf()
