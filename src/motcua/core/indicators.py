"""The indicator registry: measured values that plans, reports and
dashboards read without importing the apps that compute them.

An indicator has a key (``"<app>.<name>"``), a Vietnamese name, a unit
(percent, count, VND, days), a direction (higher or lower is better) and a
function that computes its value for a period and a scope::

    compute(start: date, end: date, scope: Scope) -> int | Decimal | float | None

``scope.unit`` is an ``org.Unit`` (the value covers its subtree) or ``None``
(the whole Department); ``scope.filter(qs, "unit")`` applies it to a
QuerySet. ``None`` means "no data" and is shown as "chưa có số liệu", as is
an indicator no app has registered yet, and one whose function fails (the
error is logged; a report is never blocked by one broken figure).

An app registers what it can compute in one line, either in its
``AppConfig.ready()`` or in an ``indicators.py`` module that
``CoreConfig.ready()`` imports for every installed app::

    from motcua.core.indicators import register_indicator
    register_indicator("notifications.campaign_messages_sent", compute=sent_messages)

Keys in ``KNOWN_INDICATORS`` (the QĐ 766/QĐ-TTg groups and the plans'
targets, domain-vn.md §3) need no name, unit or direction: the catalogue
gives them, so a report can name an indicator before its app exists.

Values frozen in a submitted report are ``IndicatorSnapshot`` rows
(``take_snapshots``): figures in a submitted report never change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext

from motcua.core.constants import IndicatorDirection, IndicatorUnit
from motcua.core.money import format_vnd

if TYPE_CHECKING:
    from django.db.models import Model, QuerySet

    from motcua.core.models import IndicatorSnapshot

logger = logging.getLogger(__name__)

# Document text (reports are written in Vietnamese whatever the interface
# language); screens show the same words through their own translation.
NO_DATA = "chưa có số liệu"

Number = int | float | Decimal
_FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Scope:
    """Where an indicator is measured: the subtree of ``unit`` (an
    ``org.Unit``, or anything with ``pk``, ``path`` and ``name``), or the
    whole Department when ``unit`` is ``None``."""

    unit: Any = None

    @property
    def unit_id(self) -> int | None:
        return getattr(self.unit, "pk", None)

    @property
    def label(self) -> str:
        return str(getattr(self.unit, "name", "") or "")

    def filter(self, queryset: QuerySet[Any], field: str = "unit") -> QuerySet[Any]:
        """``queryset`` limited to rows whose ``field`` (a foreign key to
        ``org.Unit``; empty for a QuerySet of units) lies in the scope's
        subtree."""
        if self.unit is None:
            return queryset
        lookup = f"{field}__path__startswith" if field else "path__startswith"
        return queryset.filter(**{lookup: self.unit.path})


Compute = Callable[[date, date, Scope], Number | None]


@dataclass(frozen=True)
class IndicatorInfo:
    """Name, unit and direction of an indicator (registered or not)."""

    key: str
    name: str
    unit: str = IndicatorUnit.COUNT
    direction: str = IndicatorDirection.HIGHER
    # E.g. "QĐ 766, nhóm 5" — where the indicator comes from.
    source: str = ""


@dataclass(frozen=True)
class Indicator(IndicatorInfo):
    """A registered indicator: its description and the function computing it."""

    compute: Compute | None = field(default=None, compare=False)
    description: str = ""


# Indicators the platform's reports name, with their Vietnamese names. An app
# registers the function for one of these keys (or a new key with its own
# name); until then reports show "chưa có số liệu".
KNOWN_INDICATORS: dict[str, IndicatorInfo] = {
    info.key: info
    for info in [
        IndicatorInfo("org.active_units", "Số cơ quan, đơn vị đang hoạt động"),
        IndicatorInfo(
            "plans.activities_done", "Số hoạt động tuyên truyền đã triển khai, có báo cáo kết quả"
        ),
        IndicatorInfo(
            "plans.activities_done_rate",
            "Tỷ lệ hoạt động tuyên truyền đã triển khai, có báo cáo kết quả",
            IndicatorUnit.PERCENT,
        ),
        IndicatorInfo(
            "plans.unit_reports_on_time_rate",
            "Tỷ lệ cơ quan, đơn vị báo cáo đúng hạn",
            IndicatorUnit.PERCENT,
        ),
        IndicatorInfo("plans.unit_reports_submitted", "Số báo cáo của cơ quan, đơn vị đã gửi"),
        IndicatorInfo("plans.articles_reported", "Số tin, bài tuyên truyền các đơn vị báo cáo"),
        IndicatorInfo(
            "plans.sessions_reported", "Số hội nghị, buổi tuyên truyền các đơn vị báo cáo"
        ),
        IndicatorInfo("plans.participants_reported", "Số lượt người tham dự các buổi tuyên truyền"),
        IndicatorInfo(
            "plans.spending",
            "Kinh phí đã sử dụng cho công tác tuyên truyền",
            IndicatorUnit.VND,
            IndicatorDirection.LOWER,
        ),
        IndicatorInfo(
            "notifications.campaign_messages_sent",
            "Số tin nhắn SMS, thư điện tử tuyên truyền đã gửi",
        ),
        IndicatorInfo(
            "cms.articles_published", "Số tin, bài đăng trên Trang thông tin điện tử của Sở"
        ),
        IndicatorInfo(
            "surveys.awareness_reached_rate",
            "Tỷ lệ người dân, tổ chức, doanh nghiệp được tiếp cận thông tin về dịch vụ công trực tuyến",
            IndicatorUnit.PERCENT,
            source="Khảo sát nhận thức",
        ),
        IndicatorInfo(
            "surveys.online_services_use_rate",
            "Tỷ lệ người dân, tổ chức, doanh nghiệp hiểu rõ và sử dụng được dịch vụ công trực tuyến",
            IndicatorUnit.PERCENT,
            source="Khảo sát nhận thức",
        ),
        IndicatorInfo(
            "surveys.staff_reform_knowledge_rate",
            "Tỷ lệ công chức, viên chức, người lao động nắm vững mục tiêu, nhiệm vụ cải cách hành chính",
            IndicatorUnit.PERCENT,
            source="Khảo sát nội bộ",
        ),
        IndicatorInfo(
            "surveys.satisfaction_rate",
            "Mức độ hài lòng trong tiếp nhận, giải quyết thủ tục hành chính",
            IndicatorUnit.PERCENT,
            source="QĐ 766/QĐ-TTg, nhóm 5",
        ),
        IndicatorInfo(
            "surveys.sipas_index",
            "Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)",
            IndicatorUnit.PERCENT,
            source="SIPAS",
        ),
        IndicatorInfo(
            "surveys.remediation_open",
            "Số điểm chưa hài lòng đang được khắc phục",
            direction=IndicatorDirection.LOWER,
        ),
        IndicatorInfo("surveys.remediation_done", "Số điểm chưa hài lòng đã khắc phục xong"),
        IndicatorInfo("feedback.received", "Số phản ánh, kiến nghị đã tiếp nhận"),
        IndicatorInfo(
            "feedback.on_time_rate",
            "Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn",
            IndicatorUnit.PERCENT,
            source="QĐ 766/QĐ-TTg, nhóm 5",
        ),
        IndicatorInfo(
            "feedback.satisfaction_rate",
            "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị",
            IndicatorUnit.PERCENT,
            source="QĐ 766/QĐ-TTg, nhóm 5",
        ),
        IndicatorInfo("dossiers.received", "Số hồ sơ thủ tục hành chính đã tiếp nhận"),
        IndicatorInfo(
            "dossiers.online_share",
            "Tỷ lệ hồ sơ nộp trực tuyến",
            IndicatorUnit.PERCENT,
            source="QĐ 766/QĐ-TTg, nhóm 4",
        ),
        IndicatorInfo(
            "dossiers.on_time_rate",
            "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
            IndicatorUnit.PERCENT,
            source="QĐ 766/QĐ-TTg, nhóm 2",
        ),
        IndicatorInfo(
            "dossiers.online_payment_share",
            "Tỷ lệ hồ sơ thanh toán trực tuyến",
            IndicatorUnit.PERCENT,
            source="QĐ 766/QĐ-TTg, nhóm 4",
        ),
    ]
}

_REGISTRY: dict[str, Indicator] = {}


def _qualname(func: Callable[..., Any]) -> str:
    return f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}"


def register_indicator(
    key: str,
    compute: Compute | None = None,
    *,
    name: str | None = None,
    unit: str | None = None,
    direction: str | None = None,
    description: str = "",
    source: str = "",
    replace: bool = False,
) -> Any:
    """Register ``compute`` under ``key``; usable as a decorator
    (``@register_indicator("plans.activities_done")``).

    Name, unit and direction default to the catalogue's for known keys and
    are required for new keys. Registering the same function twice is
    harmless (modules may be imported again); another function under a key
    already taken is an error unless ``replace=True``.
    """
    if compute is None:

        def decorator(func: Compute) -> Compute:
            register_indicator(
                key,
                func,
                name=name,
                unit=unit,
                direction=direction,
                description=description,
                source=source,
                replace=replace,
            )
            return func

        return decorator

    known = KNOWN_INDICATORS.get(key)
    if name is None and known is None:
        raise ValueError(f"indicator {key!r} is not in the catalogue: give its name and unit")
    indicator = Indicator(
        key=key,
        name=name or known.name,  # type: ignore[union-attr]
        unit=str(unit or (known.unit if known else IndicatorUnit.COUNT)),
        direction=str(direction or (known.direction if known else IndicatorDirection.HIGHER)),
        source=source or (known.source if known else ""),
        compute=compute,
        description=description,
    )
    if indicator.unit not in IndicatorUnit.values:
        raise ValueError(f"unknown indicator unit {indicator.unit!r}")
    if indicator.direction not in IndicatorDirection.values:
        raise ValueError(f"unknown indicator direction {indicator.direction!r}")
    existing = _REGISTRY.get(key)
    if (
        existing is not None
        and not replace
        and existing.compute is not None
        and _qualname(existing.compute) != _qualname(compute)
    ):
        raise ValueError(
            f"indicator {key!r} is already registered by {_qualname(existing.compute)}"
        )
    _REGISTRY[key] = indicator
    return indicator


def unregister_indicator(key: str) -> None:
    """Forget ``key`` (tests use it to restore the registry)."""
    _REGISTRY.pop(key, None)


def get_indicator(key: str) -> Indicator | None:
    """The registered indicator, or ``None``."""
    return _REGISTRY.get(key)


def indicator_info(key: str) -> IndicatorInfo:
    """Name, unit and direction of ``key``: the registered indicator, the
    catalogue entry, or the bare key (an unknown key still shows as itself)."""
    return _REGISTRY.get(key) or KNOWN_INDICATORS.get(key) or IndicatorInfo(key=key, name=key)


def registered_indicators() -> list[Indicator]:
    """Every registered indicator, by key."""
    return [_REGISTRY[k] for k in sorted(_REGISTRY)]


def choices() -> list[tuple[str, str]]:
    """(key, name) of every registered or catalogued indicator, for forms;
    names of those not computed yet say so."""
    keys = sorted(set(_REGISTRY) | set(KNOWN_INDICATORS))
    out = []
    for key in keys:
        info = indicator_info(key)
        label = info.name if key in _REGISTRY else f"{info.name} — {gettext('not measured yet')}"
        out.append((key, label))
    return out


def to_decimal(value: Number | None) -> Decimal | None:
    """A computed value as a Decimal with at most four places (``None``,
    NaN and infinities stay "no data")."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return None
    if not number.is_finite():
        return None
    number = number.quantize(_FOUR_PLACES, rounding=ROUND_HALF_UP)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def ratio(numerator: Number | None, denominator: Number | None) -> Decimal | None:
    """``numerator ÷ denominator × 100`` (QĐ 766: "Tỷ lệ = tử số ÷ mẫu số ×
    100%"), or ``None`` when there is nothing to divide by."""
    if numerator is None or not denominator:
        return None
    return to_decimal(Decimal(numerator) * 100 / Decimal(denominator))


def _vn_number(value: Decimal, places: int) -> str:
    """``1234.5`` -> ``"1.234,5"`` (Vietnamese: dot groups, decimal comma)."""
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def format_value(value: Decimal | Number | None, unit: str) -> str:
    """A value as a report prints it: ``85,5%``, ``1.234``, ``1.234.567 đ``,
    or "chưa có số liệu"."""
    number = to_decimal(value)
    if number is None:
        return NO_DATA
    if unit == IndicatorUnit.PERCENT:
        return f"{_vn_number(number, 1)}%"
    if unit == IndicatorUnit.VND:
        return format_vnd(int(number.to_integral_value(rounding=ROUND_HALF_UP)))
    if unit == IndicatorUnit.DAYS:
        return f"{_vn_number(number, 1)} ngày"
    return _vn_number(number, 1)


def meets(value: Decimal | None, target: Decimal | None, direction: str) -> bool | None:
    """Whether ``value`` reaches ``target`` in ``direction``; ``None`` if
    either is missing."""
    if value is None or target is None:
        return None
    if direction == IndicatorDirection.LOWER:
        return value <= target
    return value >= target


@dataclass(frozen=True)
class Measurement:
    """A value measured (or frozen) for one indicator, period and scope."""

    key: str
    name: str
    unit: str
    direction: str
    value: Decimal | None
    start: date
    end: date
    scope_unit_id: int | None = None
    scope_label: str = ""
    registered: bool = True

    @property
    def has_data(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        return format_value(self.value, self.unit)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (the value as a string, exact)."""
        return {
            "key": self.key,
            "name": self.name,
            "unit": self.unit,
            "direction": self.direction,
            "value": None if self.value is None else str(self.value),
            "display": self.display,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "scope_unit_id": self.scope_unit_id,
            "scope_label": self.scope_label,
            "registered": self.registered,
        }


def measure(key: str, start: date, end: date, unit: Any = None) -> Measurement:
    """The value of ``key`` from ``start`` to ``end`` (both included) for
    ``unit``'s subtree (``None``: the whole Department). Never raises for a
    missing or failing indicator: the value is then ``None``."""
    scope = Scope(unit)
    indicator = _REGISTRY.get(key)
    info = indicator_info(key)
    value: Decimal | None = None
    if indicator is not None and indicator.compute is not None:
        try:
            value = to_decimal(indicator.compute(start, end, scope))
        except Exception:
            logger.exception("indicator %s failed for %s–%s (%s)", key, start, end, scope.label)
            value = None
    return Measurement(
        key=key,
        name=info.name,
        unit=info.unit,
        direction=info.direction,
        value=value,
        start=start,
        end=end,
        scope_unit_id=scope.unit_id,
        scope_label=scope.label,
        registered=indicator is not None,
    )


def measure_many(
    keys: Iterable[str], start: date, end: date, unit: Any = None
) -> dict[str, Measurement]:
    """``measure`` for several keys (same period and scope), by key."""
    return {key: measure(key, start, end, unit) for key in dict.fromkeys(keys)}


def take_snapshots(
    measurements: Iterable[Measurement], *, owner: Model | None = None
) -> list[IndicatorSnapshot]:
    """Freeze measurements as ``IndicatorSnapshot`` rows (one INSERT),
    attached to ``owner`` (e.g. the report being submitted). Call it in the
    transaction of the change that freezes them."""
    from django.contrib.contenttypes.models import ContentType

    from motcua.core.models import IndicatorSnapshot

    owner_type = (
        ContentType.objects.get_for_model(owner, for_concrete_model=False) if owner else None
    )
    rows = [
        IndicatorSnapshot(
            key=m.key,
            name=m.name[:255],
            unit=m.unit,
            direction=m.direction,
            value=m.value,
            period_start=m.start,
            period_end=m.end,
            scope_unit_id=m.scope_unit_id,
            scope_label=m.scope_label[:255],
            owner_type=owner_type,
            owner_id=str(owner.pk) if owner is not None else "",
        )
        for m in measurements
    ]
    return IndicatorSnapshot.objects.bulk_create(rows)


def snapshot_measurement(snapshot: IndicatorSnapshot) -> Measurement:
    """A frozen row read back as a ``Measurement``."""
    return Measurement(
        key=snapshot.key,
        name=snapshot.name,
        unit=snapshot.unit,
        direction=snapshot.direction,
        value=None if snapshot.value is None else to_decimal(snapshot.value),
        start=snapshot.period_start,
        end=snapshot.period_end,
        scope_unit_id=snapshot.scope_unit_id,
        scope_label=snapshot.scope_label,
        registered=True,
    )


def autodiscover() -> None:
    """Import ``<app>.indicators`` of every installed app (they register on
    import). Run by ``CoreConfig.ready()``."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("indicators")
