"""The satisfaction report of a unit (and its subtree) for a period: a
BÁO CÁO in the NĐ 30/2020 layout (Mẫu 1.4, "Số: …/BC-<unit>") as PDF and
DOCX, the figures as XLSX, and anonymised aggregate open data as CSV.
Document content is Vietnamese whatever the interface language.

Open data carries, per unit, period and item, only counts, means and rates:
no free text, no demographics, and no figure resting on fewer than
``OPEN_DATA_MIN_CELL`` answers (shown as "<5", its figures left empty).
"""

from __future__ import annotations

import calendar
import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from motcua.core.documents import (
    BulletList,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    render_docx,
    render_pdf,
)
from motcua.org.models import Unit
from motcua.surveys import selectors
from motcua.surveys.constants import Aggregation, RemediationStatus
from motcua.surveys.models import RemediationAction, SurveyTemplate

OPEN_DATA_MIN_CELL = 5
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII"]
AGGREGATION_TEXT: dict[str, str] = {
    Aggregation.POOLED: (
        "gộp toàn bộ câu trả lời của các phần tính chỉ số (quy tắc của Bộ Y tế: số câu trả lời "
        "mức 4 và 5 ÷ số câu trả lời)"
    ),
    Aggregation.SECTION_MEAN: "trung bình cộng kết quả các phần, trọng số bằng nhau",
    Aggregation.SECTION_WEIGHTED: "trung bình có trọng số kết quả các phần",
}
REMEDIATION_TEXT: dict[str, str] = {
    RemediationStatus.OPEN: "Chưa thực hiện",
    RemediationStatus.IN_PROGRESS: "Đang thực hiện",
    RemediationStatus.DONE: "Đã thực hiện, chờ kết quả kỳ sau",
    RemediationStatus.CLOSED: "Đã hoàn thành",
    RemediationStatus.CANCELLED: "Đã hủy",
}


def pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:.1f}%".replace(".", ",")


def num(value: Decimal | None, places: int = 2) -> str:
    return "–" if value is None else f"{value:.{places}f}".replace(".", ",")


def count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}".replace(",", ".")


def period_name(start: date, end: date) -> str:
    """ "quý II năm 2026", "6 tháng đầu năm 2026", "năm 2026", or the dates."""
    if start.day == 1 and start.year == end.year:
        months = end.month - start.month + 1
        if end.day == calendar.monthrange(end.year, end.month)[1]:
            if months == 12:
                return f"năm {start.year}"
            if months == 6 and start.month in (1, 7):
                half = "đầu" if start.month == 1 else "cuối"
                return f"6 tháng {half} năm {start.year}"
            if months == 3 and start.month in (1, 4, 7, 10):
                return f"quý {ROMAN[(start.month - 1) // 3]} năm {start.year}"
            if months == 1:
                return f"tháng {start.month:02d} năm {start.year}"
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


@dataclass(frozen=True)
class SatisfactionReport:
    template: SurveyTemplate
    unit: Unit
    start: date
    end: date
    summary: selectors.Summary
    items: list[selectors.QuestionFigure]
    units: list[selectors.UnitFigure]
    comparison: selectors.PeriodComparison
    unsatisfied: list[selectors.QuestionFigure]
    remediations: list[RemediationAction]
    threshold: int
    moh: selectors.MohFigures | None

    @property
    def period(self) -> str:
        return period_name(self.start, self.end)

    @property
    def filename_stem(self) -> str:
        return f"bao-cao-hai-long-{self.unit.code.lower()}-{self.start:%Y%m%d}-{self.end:%Y%m%d}"


def subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.subtree_of(unit)


def build_report(
    *, template: SurveyTemplate, unit: Unit, start: date, end: date
) -> SatisfactionReport:
    """Every figure of the report (a fixed number of queries)."""
    units = subtree(unit)
    ref = selectors.reference_version(template=template)
    threshold = ref.threshold if ref is not None else 80
    kwargs: dict[str, Any] = {"template": template, "units": units, "start": start, "end": end}
    with_data = Unit.objects.filter(
        pk__in=units.filter(pk__in=_units_with_campaigns(template)).values("pk")
    )
    items = selectors.question_figures(**kwargs)
    unsatisfied = sorted(
        (
            f
            for f in items
            if f.in_index and not f.small_sample and f.rate is not None and f.rate < threshold
        ),
        key=lambda f: (f.rate, f.section_code, f.question_code),
    )
    remediations = list(
        RemediationAction.objects.filter(
            unit__in=units,
            template=template,
            period_start__lte=end,
            period_end__gte=start,
        )
        .select_related("unit")
        .order_by("question_code", "due_date", "pk")
    )
    return SatisfactionReport(
        template=template,
        unit=unit,
        start=start,
        end=end,
        summary=selectors.summary(**kwargs),
        items=items,
        units=selectors.unit_table(template=template, units=with_data, start=start, end=end),
        comparison=selectors.compare_periods(**kwargs),
        unsatisfied=unsatisfied,
        remediations=remediations,
        threshold=threshold,
        moh=selectors.moh_figures(**kwargs),
    )


def _units_with_campaigns(template: SurveyTemplate) -> Any:
    from motcua.surveys.models import Campaign

    return Campaign.objects.filter(version__template=template).values("unit_id")


# ------------------------------------------------------------- the BÁO CÁO
def report_document(report: SatisfactionReport) -> OfficialDocument:
    s = report.summary
    cmp = report.comparison
    unit = report.unit
    site = settings.MOTCUA_SITE
    body: list[Any] = [
        Paragraph(
            f"Thực hiện kế hoạch khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ, "
            f"{unit.name} báo cáo kết quả khảo sát “{report.template.name}” {report.period} "
            f"như sau:"
        ),
        Heading("I. KẾT QUẢ CHUNG"),
        Paragraph(
            f"Số phiếu khảo sát thu về: {count(s.responses)} phiếu; số người có ý kiến đánh giá: "
            f"{count(s.respondents)}; số câu trả lời được tính: {count(s.answered)} (không tính "
            f"câu trả lời “không sử dụng, không có ý kiến”)."
        ),
        BulletList(
            [
                f"Tỷ lệ hài lòng chung: {pct(s.rate)}"
                + (f" (sai số ±{num(s.moe, 1)} điểm phần trăm)" if s.moe is not None else "")
                + ".",
                f"Điểm trung bình: {num(s.mean)}/5.",
                f"Chỉ số hài lòng toàn diện (tỷ lệ người có mọi câu trả lời ở mức 4 hoặc 5): "
                f"{pct(s.comprehensive_rate)}.",
                f"So với kỳ trước ({cmp.previous_start:%d/%m/%Y}–{cmp.previous_end:%d/%m/%Y}: "
                f"{pct(cmp.previous.rate)}): "
                + (
                    "chưa có số liệu để so sánh."
                    if cmp.delta_rate is None
                    else f"{'tăng' if cmp.delta_rate >= 0 else 'giảm'} "
                    f"{num(abs(cmp.delta_rate), 1)} điểm phần trăm."
                ),
            ]
        ),
    ]
    moh = report.moh
    if moh is not None and (moh.expectation_answered or moh.return_answered):
        lines = []
        if moh.expectation_answered:
            lines.append(
                f"Mức đáp ứng so với mong đợi (câu G1), trung bình: {pct(moh.expectation_mean)} "
                f"({count(moh.expectation_answered)} câu trả lời)."
            )
        if moh.return_answered:
            lines.append(
                f"Tỷ lệ sẵn sàng quay lại hoặc giới thiệu (câu G2): {pct(moh.return_rate)} "
                f"({count(moh.return_answered)} câu trả lời)."
            )
        body.append(BulletList(lines))
    if s.small_sample:
        body.append(
            Paragraph(
                "Lưu ý: số người trả lời còn ít (mẫu nhỏ), kết quả chỉ mang tính tham khảo.",
                italic=True,
            )
        )
    body.append(
        Paragraph(
            f"Cách tính: tỷ lệ hài lòng = số câu trả lời mức 4 (hài lòng) và 5 (rất hài lòng) ÷ số "
            f"câu trả lời; chỉ số chung {AGGREGATION_TEXT.get(s.aggregation, '')}. Sai số ở độ tin "
            f"cậy 95%.",
            italic=True,
        )
    )
    body.append(Heading("II. KẾT QUẢ THEO TỪNG PHẦN VÀ TỪNG CÂU HỎI"))
    body.append(
        Table(
            ["Phần", "Số câu trả lời", "Điểm trung bình", "Tỷ lệ hài lòng"],
            [
                [f"{sec.code}. {sec.title}", count(sec.answered), num(sec.mean), pct(sec.rate)]
                for sec in s.sections
                if sec.in_index
            ],
            align="lrrr",
            widths=[6, 2, 2, 2],
            caption="Bảng 1. Kết quả theo phần",
        )
    )
    body.append(
        Table(
            ["Mã", "Nội dung", "Số trả lời", "Điểm TB", "Tỷ lệ hài lòng"],
            [
                [
                    f.question_code,
                    f.text + (" (mẫu nhỏ)" if f.small_sample else ""),
                    count(f.answered),
                    num(f.mean),
                    pct(f.rate),
                ]
                for f in report.items
            ],
            align="llrrr",
            widths=[1, 7, 1.6, 1.4, 1.8],
            caption="Bảng 2. Kết quả theo câu hỏi",
        )
    )
    if len(report.units) > 1:
        body.append(Heading("III. KẾT QUẢ THEO ĐƠN VỊ"))
        body.append(
            Table(
                ["Đơn vị", "Số phiếu", "Tỷ lệ hài lòng", "Toàn diện", "Xếp hạng"],
                [
                    [
                        u.unit_name,
                        count(u.responses),
                        pct(u.rate),
                        pct(u.comprehensive_rate),
                        str(u.rank) if u.rank else ("mẫu nhỏ" if u.responses else "–"),
                    ]
                    for u in report.units
                ],
                align="lrrrc",
                widths=[6, 1.6, 2, 1.8, 1.6],
                caption="Bảng 3. Kết quả theo đơn vị (đơn vị có mẫu nhỏ không xếp hạng)",
            )
        )
    n = 3 if len(report.units) > 1 else 2
    body.append(Heading(f"{ROMAN[n]}. NHỮNG ĐIỂM CHƯA HÀI LÒNG VÀ BIỆN PHÁP KHẮC PHỤC"))
    if report.unsatisfied:
        body.append(
            Paragraph(
                f"Các nội dung có tỷ lệ hài lòng dưới ngưỡng {report.threshold}%: "
                + "; ".join(
                    f"{f.question_code} – {f.text} ({pct(f.rate)})" for f in report.unsatisfied
                )
                + "."
            )
        )
    else:
        body.append(
            Paragraph(f"Không có nội dung nào có tỷ lệ hài lòng dưới ngưỡng {report.threshold}%.")
        )
    if report.remediations:
        body.append(
            Table(
                ["Mã", "Biện pháp khắc phục", "Đơn vị", "Hạn", "Tình trạng"],
                [
                    [
                        r.question_code,
                        r.description,
                        r.unit.name,
                        f"{r.due_date:%d/%m/%Y}",
                        REMEDIATION_TEXT.get(r.status, r.status),
                    ]
                    for r in report.remediations
                ],
                align="lllcl",
                widths=[1, 5.5, 2.6, 1.7, 2.2],
                caption="Bảng 4. Biện pháp khắc phục điểm chưa hài lòng",
            )
        )
    body.append(Heading(f"{ROMAN[n + 1]}. ĐỀ XUẤT, KIẾN NGHỊ"))
    body.append(
        Paragraph(
            "Tiếp tục duy trì khảo sát thường xuyên; các đơn vị có điểm chưa hài lòng hoàn thành "
            "biện pháp khắc phục đúng hạn và đánh giá lại ở kỳ khảo sát tiếp theo."
        )
    )
    body.append(
        Paragraph(
            f"Trên đây là báo cáo kết quả khảo sát sự hài lòng {report.period} của {unit.name}./."
        )
    )
    parent = unit.parent.name if unit.parent is not None else site.get("parent_body", "")
    return OfficialDocument(
        issuer=unit.name,
        parent_body=parent,
        symbol=f"BC-{unit.code}",
        place=getattr(settings, "DOSSIER_DOCUMENT_PLACE", "Khánh Hòa"),
        year=report.end.year,
        doc_type="Báo cáo",
        subject=f"Kết quả khảo sát sự hài lòng của người dân, tổ chức {report.period}",
        body=body,
        copies_to=[f"{parent} (để báo cáo)" if parent else "Lãnh đạo đơn vị", "Lưu: VT"],
        signer_authority="",
        signer_title="THỦ TRƯỞNG ĐƠN VỊ",
        signer_name="",
    )


def report_pdf(report: SatisfactionReport) -> bytes:
    return render_pdf(report_document(report))


def report_docx(report: SatisfactionReport) -> bytes:
    return render_docx(report_document(report))


# ------------------------------------------------------------------ XLSX
def report_xlsx(report: SatisfactionReport) -> bytes:
    """The report's figures: summary, items, units, comparison."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    s = report.summary
    bold = Font(bold=True)
    rows: list[list[Any]] = [
        ["Báo cáo kết quả khảo sát sự hài lòng"],
        ["Đơn vị", report.unit.name],
        ["Mẫu phiếu", report.template.name],
        ["Kỳ", f"{report.start:%d/%m/%Y} – {report.end:%d/%m/%Y}"],
        [],
        ["Số phiếu", s.responses],
        ["Số người có ý kiến", s.respondents],
        ["Số câu trả lời được tính", s.answered],
        ["Điểm trung bình", _float(s.mean)],
        ["Tỷ lệ hài lòng (%)", _float(s.rate)],
        ["Sai số 95% (điểm %)", _float(s.moe)],
        ["Chỉ số hài lòng toàn diện (%)", _float(s.comprehensive_rate)],
        ["Mẫu nhỏ", "có" if s.small_sample else "không"],
        ["Tỷ lệ hài lòng kỳ trước (%)", _float(report.comparison.previous.rate)],
    ]
    for row in rows:
        ws.append(row)
    ws["A1"].font = bold
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 50

    items = wb.create_sheet("Theo câu hỏi")
    header = [
        "Phần",
        "Mã",
        "Câu hỏi",
        "Số trả lời",
        "Không ý kiến",
        "Điểm TB",
        "Số hài lòng",
        "Tỷ lệ hài lòng (%)",
        "Sai số (điểm %)",
        "Mẫu nhỏ",
        "Tính chỉ số",
    ]
    items.append(header)
    for f in report.items:
        items.append(
            [
                f.section_code,
                f.question_code,
                f.text,
                f.answered,
                f.no_opinion,
                _float(f.mean),
                f.satisfied,
                _float(f.rate),
                _float(f.moe),
                "có" if f.small_sample else "không",
                "có" if f.in_index else "không",
            ]
        )
    units = wb.create_sheet("Theo đơn vị")
    units.append(
        ["Đơn vị", "Số phiếu", "Điểm TB", "Tỷ lệ hài lòng (%)", "Toàn diện (%)", "Sai số", "Hạng"]
    )
    for u in report.units:
        units.append(
            [
                u.unit_name,
                u.responses,
                _float(u.mean),
                _float(u.rate),
                _float(u.comprehensive_rate),
                _float(u.moe),
                u.rank if u.rank else ("mẫu nhỏ" if u.responses else ""),
            ]
        )
    for sheet in (items, units):
        for cell in sheet[1]:
            cell.font = bold
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# ------------------------------------------------------------- open data
OPEN_DATA_COLUMNS = [
    "ma_don_vi",
    "ten_don_vi",
    "tu_ngay",
    "den_ngay",
    "mau_phieu",
    "phan",
    "ma_cau",
    "noi_dung",
    "so_tra_loi",
    "diem_trung_binh",
    "ty_le_hai_long",
    "sai_so",
    "mau_nho",
]


def open_data_csv(*, template: SurveyTemplate, units: Any, start: date, end: date) -> str:
    """Per unit and Likert item: answers, mean, rate (CSV, UTF-8). Cells
    under ``OPEN_DATA_MIN_CELL`` answers show "<5" and no figures."""
    figures = selectors.question_figures(
        template=template, units=units, start=start, end=end, by_unit=True
    )
    known = {
        pk: (code, name)
        for pk, code, name in Unit.objects.filter(pk__in={f.unit_id for f in figures}).values_list(
            "pk", "code", "name"
        )
    }
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OPEN_DATA_COLUMNS)
    for f in figures:
        hidden = f.answered < OPEN_DATA_MIN_CELL
        writer.writerow(
            [
                *known.get(f.unit_id or 0, ("", "")),
                start.isoformat(),
                end.isoformat(),
                template.code,
                f.section_code,
                f.question_code,
                f.text,
                f"<{OPEN_DATA_MIN_CELL}" if hidden else f.answered,
                "" if hidden or f.mean is None else f.mean,
                "" if hidden or f.rate is None else f.rate,
                "" if hidden or f.moe is None else f.moe,
                "1" if f.small_sample else "0",
            ]
        )
    return out.getvalue()
