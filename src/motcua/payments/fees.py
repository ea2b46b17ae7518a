"""Fee assessment: what a dossier owes, as lines, before anything is saved.

Pure: reads the dossier's procedure version (its fee lines) and the
delivery the applicant chose; writes nothing (``actions.request_payment``
saves the result as a ``Charge``).

Rules (domain-vn.md §8; issue 7):
- every non-optional fee line of the version; optional lines ("depends on
  the case") only when the officer picks them, passed as ``extra_lines``
  ``(name, amount)``;
- a fee reduction (``FeeReduction``: e.g. 50 % in disadvantaged areas under
  NĐ 31/2021; 100 % is an exemption) reduces every fee line, and the postal
  line only when ``applies_to_postal``;
- the postal line (cước bưu chính công ích) when the applicant chose postal
  delivery, at ``dossier.postal_fee`` (recorded when the delivery was
  chosen, ``dossiers.actions.postal_fee_for``).

Rounding: money is integer VND (the đồng has no minor unit). A reduced
amount is ``base × (100 − percent) / 100`` rounded half up to the đồng,
line by line (so the receipt's lines add up to its total): 1 001 đ at
50 % is 501 đ (500.5 rounds up), 999 đ at 50 % is 500 đ.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.core.text import clean_text
from motcua.payments.constants import LineKind

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier
    from motcua.payments.models import FeeReduction

POSTAL_LINE_NAME = "Cước dịch vụ bưu chính công ích (chuyển trả kết quả)"


@dataclass(frozen=True)
class LineDraft:
    """One line of an assessment, before it is saved as a ``ChargeLine``."""

    kind: str
    name: str
    base_amount: int
    reduction_percent: int
    amount: int
    position: int = 0


def reduce_amount(base: int, percent: int) -> int:
    """``base`` reduced by ``percent`` %, rounded half up to the đồng
    (integer arithmetic only: no float ever touches money)."""
    if percent <= 0:
        return base
    if percent >= 100:
        return 0
    return (base * (100 - percent) + 50) // 100


def _check_reduction(dossier: Dossier, reduction: FeeReduction | None) -> int:
    if reduction is None:
        return 0
    if not reduction.is_active:
        raise ValidationError(_("This fee reduction is no longer in use."), code="reduction")
    if reduction.procedure_id and reduction.procedure_id != dossier.procedure_id:
        raise ValidationError(
            _("This fee reduction does not apply to this procedure."), code="reduction"
        )
    return int(reduction.percent)


def _extra(extra_lines: Iterable[Any]) -> list[tuple[str, int]]:
    """``(name, amount)`` pairs (or fee lines of the version) chosen by the
    officer; amounts are positive integer VND."""
    out = []
    for item in extra_lines:
        name, amount = (item.name, item.amount) if hasattr(item, "amount") else item
        name = clean_text(str(name or ""))
        if not name:
            raise ValidationError(_("Each fee needs a name."), code="extra_name")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            raise ValidationError(_("Enter the amount in đồng, e.g. 500.000."), code="extra_amount")
        out.append((name[:255], amount))
    return out


def assess_fees(
    dossier: Dossier,
    *,
    reduction: FeeReduction | None = None,
    extra_lines: Iterable[Any] = (),
) -> list[LineDraft]:
    """The lines ``dossier`` owes (see the module docstring for the rules).
    An empty list means nothing is owed."""
    from motcua.dossiers.constants import DeliveryMethod
    from motcua.procedures.constants import FeeStatus

    percent = _check_reduction(dossier, reduction)
    version = dossier.procedure_version
    fees: list[tuple[str, int]] = []
    if version.fee_status == FeeStatus.CHARGED:
        fees = [
            (line.name, int(line.amount))
            for line in version.fee_lines.all()
            if not line.is_optional and line.amount > 0
        ]
    fees += _extra(extra_lines)
    lines = [
        LineDraft(
            kind=LineKind.FEE,
            name=name,
            base_amount=amount,
            reduction_percent=percent,
            amount=reduce_amount(amount, percent),
            position=i,
        )
        for i, (name, amount) in enumerate(fees)
    ]
    if dossier.delivery_method == DeliveryMethod.POST and dossier.postal_fee > 0:
        postal_percent = percent if reduction is not None and reduction.applies_to_postal else 0
        lines.append(
            LineDraft(
                kind=LineKind.POSTAL,
                name=POSTAL_LINE_NAME,
                base_amount=int(dossier.postal_fee),
                reduction_percent=postal_percent,
                amount=reduce_amount(int(dossier.postal_fee), postal_percent),
                position=len(lines),
            )
        )
    return lines


def total_of(lines: Iterable[LineDraft]) -> int:
    return sum(line.amount for line in lines)
