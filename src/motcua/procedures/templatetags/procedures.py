"""Display helpers of the catalogue pages: deadlines and fees, with
"chưa công bố" where a fact is not published."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from motcua.core.money import format_vnd
from motcua.procedures.constants import DeadlineUnit, FeeStatus

register = template.Library()


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


@register.filter
def deadline(version: object) -> str:
    """ "20 ngày", "03 ngày làm việc" style text; "not yet published" when empty."""
    amount = getattr(version, "deadline_amount", None)
    unit = getattr(version, "deadline_unit", "")
    if amount is None or not unit:
        return _("not yet published")
    if amount == 0:
        return _("on receipt of the dossier")
    labels = {
        DeadlineUnit.DAYS: _("days"),
        DeadlineUnit.WORKING_DAYS: _("working days"),
        DeadlineUnit.WORKING_HOURS: _("working hours"),
    }
    return f"{_number(Decimal(amount))} {labels.get(unit, unit)}"


@register.filter
def fee_summary(version: object) -> str:
    """The total of the fee lines, "No fee" or "not yet published"."""
    status = getattr(version, "fee_status", FeeStatus.UNPUBLISHED)
    if status == FeeStatus.UNPUBLISHED:
        return _("not yet published")
    if status == FeeStatus.FREE:
        return _("No fee")
    lines = list(version.fee_lines.all())  # type: ignore[attr-defined]
    fixed = [line for line in lines if not line.is_optional]
    if fixed:
        return format_vnd(sum(line.amount for line in fixed))
    if lines:
        low, high = min(line.amount for line in lines), max(line.amount for line in lines)
        if low == high:
            return format_vnd(low)
        return _("from %(low)s to %(high)s, depending on the case") % {
            "low": format_vnd(low),
            "high": format_vnd(high),
        }
    return _("not yet published")
