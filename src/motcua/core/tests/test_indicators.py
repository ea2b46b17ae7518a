"""The indicator registry: registration, measurement, "no data", snapshots."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from motcua.core import indicators
from motcua.core.indicators import (
    NO_DATA,
    Scope,
    format_value,
    measure,
    meets,
    ratio,
    register_indicator,
    take_snapshots,
    unregister_indicator,
)
from motcua.core.models import IndicatorSnapshot

START, END = date(2026, 1, 1), date(2026, 3, 31)


@pytest.fixture
def registered():
    keys: list[str] = []

    def add(key: str, func, **kwargs):
        register_indicator(key, func, replace=True, **kwargs)
        keys.append(key)

    yield add
    for key in keys:
        unregister_indicator(key)


def test_an_indicator_no_app_registered_has_no_data(monkeypatch):
    monkeypatch.delitem(indicators._REGISTRY, "surveys.awareness_reached_rate", raising=False)
    m = measure("surveys.awareness_reached_rate", START, END)
    assert m.value is None and not m.registered and not m.has_data
    assert m.display == NO_DATA == "chưa có số liệu"
    assert m.name.startswith("Tỷ lệ người dân") and m.unit == "percent"
    unknown = measure("khong.ton.tai", START, END)
    assert unknown.name == "khong.ton.tai" and unknown.value is None


def test_registration_is_one_line_and_values_are_decimals(registered):
    registered("test.count", lambda start, end, scope: 7, name="Số thử", unit="count")
    registered(
        "test.share", lambda start, end, scope: ratio(1, 3), name="Tỷ lệ thử", unit="percent"
    )
    assert measure("test.count", START, END).value == Decimal(7)
    share = measure("test.share", START, END)
    assert share.value == Decimal("33.3333") and share.display == "33,3%"
    assert "test.count" in {i.key for i in indicators.registered_indicators()}
    assert ("test.count", "Số thử") in indicators.choices()


def test_catalogued_keys_need_only_the_function(monkeypatch, registered):
    monkeypatch.setattr(indicators, "_REGISTRY", dict(indicators._REGISTRY))
    registered("dossiers.online_share", lambda s, e, scope: 12.5)
    m = measure("dossiers.online_share", START, END)
    assert m.name == "Tỷ lệ hồ sơ nộp trực tuyến" and m.display == "12,5%"


def test_decorator_and_guard_against_two_apps_taking_one_key():
    @register_indicator("test.decorated", name="Có trang trí", unit="vnd")
    def spent(start, end, scope):
        return 1234567

    try:
        assert measure("test.decorated", START, END).display == "1.234.567 đ"
        with pytest.raises(ValueError):
            register_indicator("test.decorated", lambda s, e, sc: 1, name="Khác")
        register_indicator(
            "test.decorated", spent, name="Có trang trí", unit="vnd"
        )  # same function: fine
        with pytest.raises(ValueError):
            register_indicator("test.new_key_without_name", spent)
        with pytest.raises(ValueError):
            register_indicator("test.bad_unit", spent, name="x", unit="kg")
    finally:
        unregister_indicator("test.decorated")


def test_a_failing_indicator_is_logged_and_shows_no_data(registered, caplog):
    def broken(start, end, scope):
        raise ZeroDivisionError

    registered("test.broken", broken, name="Hỏng", unit="count")
    assert measure("test.broken", START, END).value is None
    assert "test.broken" in caplog.text


def test_scope_filters_a_unit_subtree(registered, db):
    from motcua.testing.factories import UnitFactory

    root = UnitFactory(code="S", name="Sở", kind="department")
    child = UnitFactory(code="S-1", name="Phòng", parent=root)
    other = UnitFactory(code="X", name="Khác", kind="department")
    from motcua.org.models import Unit

    assert set(Scope(root).filter(Unit.objects.all(), "")) == {root, child}
    assert set(Scope().filter(Unit.objects.all(), "")) == {root, child, other}
    # org registers the number of active units.
    assert measure("org.active_units", START, END, root).value == 2


def test_formatting_and_comparison():
    assert format_value(Decimal("90"), "percent") == "90%"
    assert format_value(Decimal("1234.5"), "count") == "1.234,5"
    assert format_value(3, "days") == "3 ngày"
    assert format_value(None, "count") == NO_DATA
    assert format_value(float("nan"), "count") == NO_DATA
    assert ratio(5, 0) is None and ratio(None, 4) is None
    assert meets(Decimal(91), Decimal(90), "higher") is True
    assert meets(Decimal(5), Decimal(3), "lower") is False
    assert meets(None, Decimal(3), "lower") is None


@pytest.mark.django_db
def test_snapshots_freeze_values_for_an_owner(registered):
    from motcua.testing.factories import UnitFactory

    unit = UnitFactory(code="S", name="Sở Y tế", kind="department")
    value = {"v": 40}
    registered("test.live", lambda s, e, scope: value["v"], name="Đang đổi", unit="percent")
    rows = take_snapshots(
        [measure("test.live", START, END, unit), measure("surveys.sipas_index", START, END)],
        owner=unit,
    )
    value["v"] = 99
    frozen = {s.key: s for s in IndicatorSnapshot.objects.for_owner(unit)}
    assert len(rows) == 2 and frozen["test.live"].value == Decimal(40)
    assert (
        frozen["test.live"].scope_unit_id == unit.pk
        and frozen["test.live"].scope_label == "Sở Y tế"
    )
    assert frozen["surveys.sipas_index"].value is None
    back = indicators.snapshot_measurement(frozen["test.live"])
    assert back.display == "40%" and measure("test.live", START, END).display == "99%"
