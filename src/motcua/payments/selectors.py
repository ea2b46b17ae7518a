"""Reads of fees and payments: the charge a dossier can pay now, a
dossier's charges, the staff payments list (unit-scoped, one query) and the
QĐ 766 group 4b online-payment share (aggregated in SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from motcua.org.models import Unit
from motcua.payments.constants import ChargeStatus, Provider
from motcua.payments.models import Charge, ChargeLine, FeeReduction, Payment

if TYPE_CHECKING:
    from motcua.dossiers.models import Dossier

# Providers whose payer pays online (QĐ 766 group 4b counts these; the
# counter does not).
ONLINE_PROVIDERS = (Provider.VIETQR, Provider.GATEWAY, Provider.DEMO)


def payable_charge(dossier: Dossier) -> Charge | None:
    """The open charge of ``dossier`` (at most one, a database constraint),
    with its lines; ``None`` when nothing is owed now."""
    return (
        Charge.objects.filter(dossier=dossier, status=ChargeStatus.OPEN)
        .select_related("unit", "dossier")
        .prefetch_related(Prefetch("lines", queryset=ChargeLine.objects.order_by("position", "pk")))
        .first()
    )


def charges_for_dossier(dossier: Dossier) -> list[Charge]:
    """Every charge of ``dossier``, newest first, with lines, payments and
    their receipts (three queries whatever the number of charges)."""
    return list(
        Charge.objects.filter(dossier=dossier)
        .select_related("unit", "reduction")
        .prefetch_related(
            Prefetch("lines", queryset=ChargeLine.objects.order_by("position", "pk")),
            Prefetch(
                "payments",
                queryset=Payment.objects.select_related("receipt", "receipt__series").order_by(
                    "-created_at"
                ),
            ),
        )
        .order_by("-created_at", "-pk")
    )


def _day_start(day: date | datetime) -> datetime:
    if isinstance(day, datetime):
        return day
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _day_end(day: date | datetime) -> datetime:
    if isinstance(day, datetime):
        return day
    return datetime.combine(day, time.max, tzinfo=timezone.get_current_timezone())


def payments_list(
    user: Any,
    *,
    unit: Unit | None = None,
    start: date | datetime | None = None,
    end: date | datetime | None = None,
    status: str | None = None,
    provider: str | None = None,
) -> QuerySet[Payment]:
    """Payments of the units ``user`` sees as staff (``STAFF_ROLES``),
    optionally of ``unit`` and its subtree, started between ``start`` and
    ``end`` (local days, inclusive), by status and provider. One query:
    charge, dossier, unit, receipt and who recorded it come along."""
    qs = Payment.objects.visible_to(user)
    if unit is not None:
        qs = qs.filter(charge__unit__path__startswith=unit.path)
    if start is not None:
        qs = qs.filter(created_at__gte=_day_start(start))
    if end is not None:
        qs = qs.filter(created_at__lte=_day_end(end))
    if status:
        qs = qs.filter(status=status)
    if provider:
        qs = qs.filter(provider=provider)
    return qs.select_related(
        "charge",
        "charge__dossier",
        "charge__unit",
        "receipt",
        "receipt__series",
        "recorded_by",
    ).order_by("-created_at", "-pk")


def online_payment_share(
    start: date | datetime, end: date | datetime, unit: Unit | None = None
) -> dict[str, Any]:
    """QĐ 766/QĐ-TTg group 4b: dossiers paid online ÷ dossiers with a
    financial obligation (domain-vn.md §3.2), for charges assessed between
    ``start`` and ``end`` (local days, inclusive) in ``unit``'s subtree.

    A dossier has a financial obligation when it got a charge with a
    positive total that was not cancelled (open or paid); it was paid
    online when a charge of it was settled by an online provider (VietQR,
    gateway, demo) rather than at the counter. One SQL query.
    Returns ``{"numerator", "denominator", "share"}`` (share in %, ``None``
    when there is no obligation in the period)."""
    qs = Charge.objects.filter(
        created_at__gte=_day_start(start),
        created_at__lte=_day_end(end),
        total__gt=0,
        status__in=(ChargeStatus.OPEN, ChargeStatus.PAID),
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    figures = qs.aggregate(
        denominator=Count("dossier", distinct=True),
        numerator=Count(
            "dossier",
            distinct=True,
            filter=Q(
                status=ChargeStatus.PAID,
                payments__status="paid",
                payments__provider__in=ONLINE_PROVIDERS,
            ),
        ),
    )
    denominator = int(figures["denominator"] or 0)
    numerator = int(figures["numerator"] or 0)
    share = round(numerator * 100 / denominator, 2) if denominator else None
    return {"numerator": numerator, "denominator": denominator, "share": share}


# ------------------------------------------------------------------ assessment
@dataclass
class AssessmentOptions:
    """What the officer chooses from when asking for a dossier's fee: the
    fees always charged (with the postal line), the reductions in use for
    its procedure, and the version's optional fee lines ("depends on the
    case")."""

    listed: list[Any] = field(default_factory=list)
    reductions: list[FeeReduction] = field(default_factory=list)
    optional_lines: list[Any] = field(default_factory=list)

    @property
    def listed_total(self) -> int:
        return sum(line.amount for line in self.listed)


def reductions_for(procedure_id: int | None) -> QuerySet[FeeReduction]:
    """Reductions in use for ``procedure_id``: those limited to it and those
    for every procedure."""
    return FeeReduction.objects.filter(is_active=True).filter(
        Q(procedure__isnull=True) | Q(procedure_id=procedure_id)
    )


def assessment_options(dossier: Dossier) -> AssessmentOptions:
    """The assessment choices of ``dossier`` (three small queries)."""
    from motcua.payments.fees import assess_fees
    from motcua.procedures.constants import FeeStatus

    version = dossier.procedure_version
    fee_lines = list(version.fee_lines.all())
    optional = (
        [line for line in fee_lines if line.is_optional and line.amount > 0]
        if version.fee_status == FeeStatus.CHARGED
        else []
    )
    return AssessmentOptions(
        listed=assess_fees(dossier),
        reductions=list(reductions_for(dossier.procedure_id).order_by("percent", "name")),
        optional_lines=optional,
    )


# ------------------------------------------------------------------ settings
def settings_units(user: Any) -> QuerySet[Unit]:
    """Units whose payment settings ``user`` manages (system administrators;
    superusers manage all)."""
    from motcua.payments.constants import SETTINGS_ROLES

    return Unit.objects.visible_to(user, roles=list(SETTINGS_ROLES))


def settings_overview(user: Any) -> dict[str, Any]:
    """Bank accounts, receipt series (with how many receipts each issued)
    and fee reductions ``user`` manages: one query per list."""
    from motcua.org.selectors import has_role
    from motcua.payments.constants import SETTINGS_ROLES
    from motcua.payments.models import BankAccount, ReceiptSeries

    units = settings_units(user)
    reductions = FeeReduction.objects.select_related("procedure").order_by("-is_active", "name")
    if not has_role(user, list(SETTINGS_ROLES)):
        reductions = reductions.none()
    else:
        reductions = reductions.filter(Q(procedure__isnull=True) | Q(procedure__unit__in=units))
    return {
        "accounts": list(
            BankAccount.objects.filter(unit__in=units)
            .select_related("unit")
            .order_by("unit__path", "-is_active", "pk")
        ),
        "series": list(
            ReceiptSeries.objects.filter(unit__in=units)
            .select_related("unit")
            .annotate(issued=Count("receipts"))
            .order_by("unit__path", "-is_active", "pk")
        ),
        "reductions": list(reductions),
    }
