"""Indicators feedback can measure (registered on import; ``core`` imports
this module for every app). 5a and 5b follow QĐ 766/QĐ-TTg (domain-vn.md
§3.2); see ``selectors.Figures`` for what each count holds."""

from __future__ import annotations

from datetime import date
from typing import Any

from motcua.core.constants import IndicatorDirection, IndicatorUnit
from motcua.core.indicators import Scope, register_indicator
from motcua.feedback import selectors
from motcua.feedback.constants import FeedbackKind, IntakeChannel, Topic


@register_indicator("feedback.received")
def received(start: date, end: date, scope: Scope) -> int:
    """Items received in the window (all channels, within competence or not)."""
    return sum(selectors.counts_by("channel", start, end, scope).values())


@register_indicator("feedback.on_time_rate")
def on_time_rate(start: date, end: date, scope: Scope) -> Any:
    """5a: PAKN handled on time ÷ PAKN within competence."""
    return selectors.figures(start, end, scope).on_time_rate


@register_indicator("feedback.satisfaction_rate")
def satisfaction_rate(start: date, end: date, scope: Scope) -> Any:
    """5b: (Σ PAKN − unsatisfied, reopened or overdue) ÷ Σ PAKN."""
    return selectors.figures(start, end, scope).satisfaction_rate


@register_indicator(
    "feedback.average_handling_days",
    name="Thời gian trung bình trả lời phản ánh, kiến nghị (ngày làm việc)",
    unit=IndicatorUnit.DAYS,
    direction=IndicatorDirection.LOWER,
)
def average_handling_days(start: date, end: date, scope: Scope) -> Any:
    return selectors.average_handling_days(start, end, scope)


@register_indicator(
    "feedback.overdue",
    name="Số phản ánh, kiến nghị quá hạn trả lời",
    direction=IndicatorDirection.LOWER,
)
def overdue(start: date, end: date, scope: Scope) -> int:
    return selectors.figures(start, end, scope).overdue


def _count(field_name: str, value: str):
    def compute(start: date, end: date, scope: Scope) -> int:
        return selectors.counts_by(field_name, start, end, scope).get(value, 0)

    compute.__qualname__ = f"count_{field_name}_{value}"
    return compute


_CHANNEL_NAMES = {
    IntakeChannel.WEB: "qua Trang thông tin điện tử",
    IntakeChannel.HOTLINE: "qua đường dây nóng",
    IntakeChannel.MAILBOX: "qua hộp thư góp ý",
    IntakeChannel.EMAIL: "qua thư điện tử",
}
_KIND_NAMES = {
    FeedbackKind.SUGGESTION: "Số góp ý đã tiếp nhận",
    FeedbackKind.COMPLAINT: "Số phản ánh đã tiếp nhận",
    FeedbackKind.RECOMMENDATION: "Số kiến nghị đã tiếp nhận",
    FeedbackKind.QUESTION: "Số câu hỏi đã tiếp nhận",
}
_TOPIC_NAMES = {
    Topic.PROCEDURES: "thủ tục hành chính",
    Topic.MEDICAL: "khám bệnh, chữa bệnh",
    Topic.PHARMACY: "dược, mỹ phẩm",
    Topic.FOOD_SAFETY: "an toàn thực phẩm",
    Topic.INSURANCE: "bảo hiểm y tế",
    Topic.DISEASE: "phòng, chống dịch bệnh, tiêm chủng",
    Topic.CONDUCT: "thái độ, ứng xử của cán bộ, nhân viên y tế",
    Topic.OTHER: "lĩnh vực khác",
}

for _value, _phrase in _CHANNEL_NAMES.items():
    register_indicator(
        f"feedback.received_{_value}",
        _count("channel", _value),
        name=f"Số phản ánh, kiến nghị tiếp nhận {_phrase}",
    )
for _value, _name in _KIND_NAMES.items():
    register_indicator(f"feedback.kind_{_value}", _count("kind", _value), name=_name)
for _value, _phrase in _TOPIC_NAMES.items():
    register_indicator(
        f"feedback.topic_{_value}",
        _count("topic", _value),
        name=f"Số phản ánh, kiến nghị về {_phrase}",
    )
