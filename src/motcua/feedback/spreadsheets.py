"""XLSX export of feedback items (openpyxl)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone

from motcua.feedback.models import FeedbackItem

HEADERS = [
    "Mã số",
    "Ngày tiếp nhận",
    "Kênh",
    "Loại",
    "Lĩnh vực",
    "Đơn vị",
    "Tiêu đề",
    "Người gửi",
    "Trạng thái",
    "Hạn trả lời",
    "Ngày trả lời",
    "Đúng hạn",
    "Người xử lý",
    "Đánh giá",
    "Công khai",
]


def _safe(value: str) -> str:
    """Text that a spreadsheet will not run as a formula (CSV/XLSX injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def export_items(items: Iterable[FeedbackItem]) -> bytes:
    """One row per item (the queryset should join unit and assignee)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Phản ánh, kiến nghị"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for item in items:
        answered = timezone.localtime(item.answered_at) if item.answered_at else None
        sheet.append(
            [
                item.code,
                timezone.localtime(item.received_at).strftime("%d/%m/%Y %H:%M"),
                str(item.get_channel_display()),
                str(item.get_kind_display()),
                str(item.get_topic_display()),
                item.unit.name,
                _safe(item.title),
                _safe(item.contact_name or "Ẩn danh"),
                str(item.get_status_display()),
                item.due_date.strftime("%d/%m/%Y"),
                answered.strftime("%d/%m/%Y %H:%M") if answered else "",
                ("Có" if not item.answered_late else "Không") if answered else "",
                (item.assignee.full_name or item.assignee.email) if item.assignee else "",
                str(item.get_rating_display()) if item.rating else "",
                "Có" if item.is_published else "",
            ]
        )
    widths = [20, 17, 14, 12, 22, 30, 40, 22, 20, 12, 17, 9, 22, 14, 9]
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
