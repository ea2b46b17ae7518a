"""Indicators the dossiers app measures (registered on import; ``core``
imports this module for every app). Counts are over the dossiers received
in the window, classified as in ``dossiers.statistics`` (one query each);
the on-time rate is QĐ 766/QĐ-TTg nhóm 2 (chỉ số 2.1), the online share
nhóm 4."""

from __future__ import annotations

from datetime import date
from typing import Any

from motcua.core.constants import IndicatorDirection, IndicatorUnit
from motcua.core.indicators import Scope, register_indicator
from motcua.dossiers import statistics


@register_indicator("dossiers.received")
def received(start: date, end: date, scope: Scope) -> int:
    """Dossiers received (all channels) in the window."""
    return statistics.figures(start, end, scope).received


@register_indicator("dossiers.on_time_rate")
def on_time_rate(start: date, end: date, scope: Scope) -> Any:
    """2.1: resolved early or on time, or still within time ÷ those and the late ones."""
    return statistics.figures(start, end, scope).on_time_rate


@register_indicator("dossiers.online_share")
def online_share(start: date, end: date, scope: Scope) -> Any:
    """Received online (this site or the National Public Service Portal) ÷ received."""
    return statistics.figures(start, end, scope).online_share


@register_indicator("dossiers.resolved", name="Số hồ sơ thủ tục hành chính đã giải quyết")
def resolved(start: date, end: date, scope: Scope) -> int:
    return statistics.figures(start, end, scope).resolved


@register_indicator(
    "dossiers.late",
    name="Số hồ sơ thủ tục hành chính trễ hạn",
    direction=IndicatorDirection.LOWER,
)
def late(start: date, end: date, scope: Scope) -> int:
    """Resolved after the due day, or open and past due."""
    return statistics.figures(start, end, scope).late


@register_indicator(
    "dossiers.average_processing_days",
    name="Thời gian giải quyết hồ sơ thủ tục hành chính trung bình (ngày)",
    unit=IndicatorUnit.DAYS,
    direction=IndicatorDirection.LOWER,
    source="QĐ 766/QĐ-TTg, chỉ số 2.2",
)
def average_processing_days(start: date, end: date, scope: Scope) -> Any:
    return statistics.figures(start, end, scope).average_days
