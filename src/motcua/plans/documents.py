"""The Department's consolidated report as a BÁO CÁO in the NĐ 30/2020
layout (Mẫu 1.4, "Số: …/BC-SYT"), built from its frozen figures (or the
live ones for a draft, printed with "DỰ THẢO"), and the plan itself as a
KẾ HOẠCH. Document content is Vietnamese whatever the interface language.
"""

from __future__ import annotations

from typing import Any

from motcua.core.documents import (
    BulletList,
    Heading,
    OfficialDocument,
    Paragraph,
    Table,
    paragraphs,
)
from motcua.core.indicators import format_value
from motcua.core.money import format_vnd
from motcua.plans import selectors
from motcua.plans.constants import ConsolidatedStatus, ObjectiveKind
from motcua.plans.models import ConsolidatedReport, Plan

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def _n(value: Any) -> str:
    return format_value(int(value or 0), "count")


def _money(value: Any) -> str:
    return format_vnd(int(value or 0), symbol=False)


def _names(rows: list[dict[str, Any]], *kinds: str) -> str:
    return ", ".join(r["unit"] for r in rows if r.get("timeliness") in kinds)


def _outputs_sentence(
    totals: dict[str, Any], period_name: str, completeness: dict[str, Any]
) -> str:
    parts = [
        f"{_n(totals.get('articles'))} tin, bài",
        f"{_n(totals.get('publications'))} ấn phẩm (tờ rơi, tờ gấp, pa nô, áp phích)",
        f"{_n(totals.get('sessions'))} hội nghị, buổi tuyên truyền với "
        f"{_n(totals.get('participants'))} lượt người tham dự",
        f"{_n(totals.get('messages'))} tin nhắn, thư điện tử",
        f"{_n(totals.get('broadcasts'))} chương trình phát thanh, truyền hình, video clip",
    ]
    return (
        f"Trong {period_name}, {completeness['submitted']}/{completeness['expected']} cơ quan, "
        f"đơn vị đã gửi báo cáo kết quả với {_n(totals.get('activities'))} hoạt động tuyên truyền "
        f"được triển khai, gồm: {'; '.join(parts)}. Tổng kinh phí thực hiện: "
        f"{_money(totals.get('spending'))} đồng."
    )


def _group_table(rows: list[dict[str, Any]], title: str, totals: dict[str, Any]) -> Table:
    body = []
    for i, row in enumerate(rows, start=1):
        body.append(
            [
                str(i),
                row["name"] or "Khác",
                _n(row["activities"]),
                _n(row["articles"]),
                _n(row["publications"]),
                _n(row["sessions"]),
                _n(row["participants"]),
                _n(row["messages"]),
                _money(row["spending"]),
            ]
        )
    body.append(
        [
            "",
            "Tổng cộng",
            _n(totals.get("activities")),
            _n(totals.get("articles")),
            _n(totals.get("publications")),
            _n(totals.get("sessions")),
            _n(totals.get("participants")),
            _n(totals.get("messages")),
            _money(totals.get("spending")),
        ]
    )
    return Table(
        columns=[
            "TT",
            title,
            "Hoạt động",
            "Tin, bài",
            "Ấn phẩm",
            "Buổi",
            "Lượt người",
            "Tin nhắn, thư",
            "Kinh phí (đồng)",
        ],
        rows=body,
        align="clrrrrrrr",
        widths=[0.6, 3.3, 1.2, 1.0, 1.1, 0.9, 1.2, 1.2, 1.8],
        total=True,
    )


def consolidated_document(report: ConsolidatedReport) -> Any:
    """The report as an ``OfficialDocument`` (DOCX and PDF)."""
    period = report.period
    plan = period.plan
    figures = selectors.frozen_or_live_figures(report)
    totals = figures["totals"]
    completeness = figures["completeness"]
    issuer = plan.issuer_name
    body: list[Any] = [
        Paragraph(
            f"Thực hiện {plan.citation}; {issuer} báo cáo kết quả thông tin, tuyên truyền "
            f"cải cách hành chính {period.doc_name} như sau:"
        ),
        Heading("I. TÌNH HÌNH TRIỂN KHAI THỰC HIỆN"),
        *paragraphs(report.situation),
        Heading("II. KẾT QUẢ THỰC HIỆN"),
        Heading("1. Kết quả thực hiện các hoạt động tuyên truyền", 2),
        Paragraph(_outputs_sentence(totals, period.doc_name, completeness)),
        Heading("a) Theo hình thức tuyên truyền", 3),
        _group_table(figures["by_form"], "Hình thức tuyên truyền", totals),
        Heading("b) Theo nội dung tuyên truyền", 3),
        _group_table(figures["by_topic"], "Nội dung tuyên truyền", totals),
        Heading("c) Theo cơ quan, đơn vị thực hiện", 3),
        _group_table(figures["by_unit"], "Cơ quan, đơn vị", totals),
    ]
    if len(figures["by_form"]) > 1 or len(figures["by_topic"]) > 1:
        body.append(
            Paragraph(
                "Ghi chú: một hoạt động có thể thuộc nhiều hình thức, nội dung nên tổng các dòng "
                "có thể lớn hơn dòng tổng cộng.",
                italic=True,
            )
        )
    body.append(Heading("2. Kết quả thực hiện các chỉ tiêu của Kế hoạch", 2))
    if figures["targets"]:
        body.append(
            Table(
                columns=["TT", "Chỉ tiêu", "Kế hoạch", "Thực hiện", "Đánh giá"],
                rows=[
                    [str(i), t["name"], t["target"], t["value"], t["status"]]
                    for i, t in enumerate(figures["targets"], start=1)
                ],
                align="clccc",
                widths=[0.6, 6.2, 1.6, 2.0, 1.6],
            )
        )
        body.append(
            Paragraph(
                "Số liệu thực hiện tính lũy kế từ ngày 01/01 đến hết kỳ báo cáo, theo hệ thống "
                "chỉ số của Sở; “chưa có số liệu” là chỉ số chưa được đo lường trong kỳ.",
                italic=True,
            )
        )
    else:
        body.append(Paragraph("Kế hoạch không đặt chỉ tiêu đo lường."))
    body.append(Heading("3. Một số chỉ số về chất lượng phục vụ người dân, tổ chức", 2))
    for index, group in enumerate(figures["indicator_groups"]):
        letter = "abcdefgh"[index]
        body.append(Heading(f"{letter}) {group['title']}", 3))
        body.append(BulletList([f"{item['name']}: {item['display']}." for item in group["items"]]))
    body.append(Heading("4. Tình hình gửi báo cáo của các cơ quan, đơn vị", 2))
    sentence = (
        f"Có {completeness['submitted']}/{completeness['expected']} cơ quan, đơn vị gửi báo cáo "
        f"(đạt {completeness['rate']}), trong đó {completeness['on_time']} đơn vị gửi đúng hạn"
    )
    late = _names(completeness["rows"], "late")
    if completeness["late"]:
        sentence += f", {completeness['late']} đơn vị gửi muộn ({late})"
    missing = _names(completeness["rows"], "in_progress", "overdue", "not_started")
    if completeness["missing"]:
        sentence += f"; {completeness['missing']} đơn vị chưa gửi báo cáo ({missing})"
    body.append(Paragraph(sentence + "."))
    if figures.get("narratives"):
        body.append(Heading("5. Một số kết quả nổi bật của các cơ quan, đơn vị", 2))
        body.append(
            BulletList(
                [f"{item['unit']}: {_shorten(item['text'])}" for item in figures["narratives"]]
            )
        )
    body += [Heading("III. ĐÁNH GIÁ CHUNG"), *paragraphs(report.assessment)]
    body += [Heading("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI"), *paragraphs(report.next_steps)]
    if report.proposals.strip():
        body += [Heading("V. KIẾN NGHỊ, ĐỀ XUẤT"), *paragraphs(report.proposals)]
    body.append(
        Paragraph(
            f"Trên đây là báo cáo kết quả thông tin, tuyên truyền cải cách hành chính "
            f"{period.doc_name} của {issuer}./."
        )
    )
    return OfficialDocument(
        issuer=issuer,
        parent_body=plan.parent_body,
        symbol=plan.report_symbol,
        number=report.number,
        place=plan.place,
        issued_on=report.issued_on,
        year=period.ends_on.year if report.issued_on is None else None,
        doc_type="Báo cáo",
        subject=report.subject,
        recipients=report.lines("recipients"),
        body=body,
        copies_to=report.lines("copies_to"),
        signer_authority=report.signer_authority,
        signer_title=report.signer_title,
        signer_name=report.signer_name,
        draft=report.status != ConsolidatedStatus.APPROVED,
    )


def _shorten(text: str, limit: int = 500) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text.rstrip(".") + "."
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;.") + "…"


def plan_document(plan: Plan) -> OfficialDocument:
    """The plan as a KẾ HOẠCH (NĐ 30, Mẫu 1.4), from its structured content."""
    body: list[Any] = []
    bases = [line.strip() for line in plan.legal_basis.splitlines() if line.strip()]
    if bases:
        body.append(
            Paragraph("Căn cứ: " + "; ".join(b.rstrip(";.") for b in bases) + ".", italic=True)
        )
    body.append(
        Paragraph(f"{plan.issuer_name} xây dựng Kế hoạch {plan.subject_without_issuer} như sau:")
    )
    section = 0

    def heading(text: str) -> Heading:
        nonlocal section
        section += 1
        return Heading(f"{ROMAN[section - 1]}. {text}")

    body.append(heading("MỤC TIÊU, YÊU CẦU"))
    general = [o.text for o in plan.objectives.all() if o.kind == ObjectiveKind.GENERAL]
    specific = [o.text for o in plan.objectives.all() if o.kind == ObjectiveKind.SPECIFIC]
    body.append(Heading("1. Mục tiêu", 2))
    if general:
        body += [Heading("a) Mục tiêu chung", 3), *[Paragraph(t) for t in general]]
    if specific:
        body += [Heading("b) Mục tiêu cụ thể", 3), BulletList(specific)]
    targets = list(plan.targets.all())
    if targets:
        body.append(Heading("c) Chỉ tiêu đo lường", 3))
        body.append(
            Table(
                columns=["TT", "Chỉ tiêu", "Giá trị"],
                rows=[
                    [
                        str(i),
                        t.name,
                        ("≤ " if t.direction == "lower" else "≥ ")
                        + format_value(t.target_value, selectors.indicator_unit(t.indicator_key)),
                    ]
                    for i, t in enumerate(targets, start=1)
                ],
                align="clc",
                widths=[0.6, 7, 2],
            )
        )
    if plan.requirements.strip():
        body += [Heading("2. Yêu cầu", 2), *paragraphs(plan.requirements)]
    if plan.audiences.strip():
        body += [Heading("3. Đối tượng", 2), *paragraphs(plan.audiences)]
    body.append(heading("NỘI DUNG, HÌNH THỨC VÀ CÁC HOẠT ĐỘNG TUYÊN TRUYỀN"))
    activities = list(
        plan.activities.select_related("lead_unit").prefetch_related("forms", "coordinating_units")
    )
    body.append(
        Table(
            columns=[
                "TT",
                "Hoạt động",
                "Hình thức",
                "Đơn vị chủ trì",
                "Thời gian",
                "Kinh phí (đồng)",
            ],
            rows=[
                [
                    str(i),
                    a.title,
                    "; ".join(f.name for f in a.forms.all()),
                    a.lead_unit.name + ("; các phòng, đơn vị thuộc Sở" if a.all_units else ""),
                    _schedule_text(a),
                    _money(a.budget_vnd) if a.budget_vnd else "",
                ]
                for i, a in enumerate(activities, start=1)
            ],
            align="cllllr",
            widths=[0.6, 4.4, 2.4, 2.4, 1.8, 1.6],
        )
    )
    if plan.budget_source.strip():
        body += [heading("KINH PHÍ THỰC HIỆN"), *paragraphs(plan.budget_source)]
    if plan.implementation.strip():
        body += [heading("TỔ CHỨC THỰC HIỆN"), *paragraphs(plan.implementation)]
    return OfficialDocument(
        issuer=plan.issuer_name,
        parent_body=plan.parent_body,
        symbol=plan.symbol,
        number=plan.number,
        place=plan.place,
        issued_on=plan.issued_on,
        year=plan.year,
        doc_type="Kế hoạch",
        subject=plan.title,
        body=body,
        copies_to=[],
        signer_title="GIÁM ĐỐC",
        draft=plan.status == "draft",
    )


def _schedule_text(activity: Any) -> str:
    if activity.schedule == "range" and activity.starts_on and activity.ends_on:
        return f"{activity.starts_on:%d/%m/%Y} - {activity.ends_on:%d/%m/%Y}"
    if activity.schedule == "quarterly":
        return "Hằng quý"
    return "Thường xuyên"
