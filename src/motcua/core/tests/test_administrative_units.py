"""The administrative units loaded by ``core/migrations/0002`` from
``core/data/administrative_units.csv``: the arrangement in force since
01/07/2025 (Nghị quyết 202/2025/QH15)."""

from __future__ import annotations

import csv
import datetime
import importlib
import unicodedata
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Count

from motcua.core.constants import AdministrativeLevel
from motcua.core.models import AdministrativeUnit
from motcua.core.text import fold

pytestmark = pytest.mark.django_db

migration = importlib.import_module("motcua.core.migrations.0002_load_administrative_units")

# The 6 thành phố trực thuộc trung ương of 01/07/2025. vietnam-provinces
# 2026.9.0 also marks Quảng Ninh, Bắc Ninh and Đồng Nai as such; the file
# follows the resolution instead (see scripts/generate-admin-units.py).
CENTRAL_CITIES = {
    "01": "Thành phố Hà Nội",
    "31": "Thành phố Hải Phòng",
    "46": "Thành phố Huế",
    "48": "Thành phố Đà Nẵng",
    "79": "Thành phố Hồ Chí Minh",
    "92": "Thành phố Cần Thơ",
}


def test_counts_and_levels():
    assert AdministrativeUnit.objects.provinces().count() == 34
    assert AdministrativeUnit.objects.wards().count() == 3321
    assert AdministrativeUnit.objects.count() == 34 + 3321
    assert AdministrativeUnit.objects.current().count() == 34 + 3321
    assert set(AdministrativeUnit.objects.values_list("valid_from", flat=True)) == {
        datetime.date(2025, 7, 1)
    }
    types = dict(
        AdministrativeUnit.objects.wards()
        .values_list("division_type")
        .annotate(n=Count("id"))
        .values_list("division_type", "n")
    )
    assert types == {"xã": 2621, "phường": 687, "đặc khu": 13}


def test_every_commune_has_a_province_parent_and_provinces_have_none():
    assert not AdministrativeUnit.objects.wards().filter(parent__isnull=True).exists()
    assert (
        not AdministrativeUnit.objects.wards()
        .exclude(parent__level=AdministrativeLevel.PROVINCE)
        .exists()
    )
    assert not AdministrativeUnit.objects.provinces().filter(parent__isnull=False).exists()
    # Every province has communes.
    assert not AdministrativeUnit.objects.provinces().filter(children__isnull=True).exists()


def test_codes_are_unique_per_level_and_written_with_leading_zeros():
    for level, width in ((AdministrativeLevel.PROVINCE, 2), (AdministrativeLevel.COMMUNE, 5)):
        codes = list(AdministrativeUnit.objects.filter(level=level).values_list("code", flat=True))
        assert len(codes) == len(set(codes))
        assert all(len(code) == width and code.isdigit() for code in codes), level
    assert AdministrativeUnit.objects.get(level="commune", code="00004").name == "Phường Ba Đình"


def test_khanh_hoa_and_its_wards():
    province = AdministrativeUnit.objects.provinces().get(code="56")
    assert province.name == "Tỉnh Khánh Hòa"
    assert province.division_type == "tỉnh"
    wards = province.children.all()
    assert wards.count() == 65
    assert {w.level for w in wards} == {AdministrativeLevel.COMMUNE}
    nha_trang = wards.get(name="Phường Nha Trang")
    assert nha_trang.code == "22366"
    assert nha_trang.division_type == "phường"
    # What the demo data looks up (motcua.org.demo).
    assert wards.filter(name__icontains="Nha Trang").count() == 4
    assert wards.filter(division_type="đặc khu").get().name == "Đặc khu Trường Sa"


def test_names_are_nfc_trimmed_and_carry_their_type():
    prefixes = {
        "tỉnh": "Tỉnh ",
        "thành phố trung ương": "Thành phố ",
        "xã": "Xã ",
        "phường": "Phường ",
        "đặc khu": "Đặc khu ",
    }
    for name, division_type, folded in AdministrativeUnit.objects.values_list(
        "name", "division_type", "name_folded"
    ):
        assert unicodedata.is_normalized("NFC", name), name
        assert name == " ".join(name.split()), name
        assert name.startswith(prefixes[division_type]), name
        assert folded == fold(name), name


def test_the_six_centrally_run_cities_of_2025():
    cities = dict(
        AdministrativeUnit.objects.provinces()
        .filter(division_type="thành phố trung ương")
        .values_list("code", "name")
    )
    assert cities == CENTRAL_CITIES
    provinces = AdministrativeUnit.objects.provinces().filter(division_type="tỉnh")
    assert provinces.count() == 28
    assert all(p.name.startswith("Tỉnh ") for p in provinces)
    for code, name in (("22", "Tỉnh Quảng Ninh"), ("24", "Tỉnh Bắc Ninh"), ("75", "Tỉnh Đồng Nai")):
        assert AdministrativeUnit.objects.provinces().get(code=code).name == name


def test_accent_insensitive_search():
    names = set(
        AdministrativeUnit.objects.wards().search("nha trang").values_list("name", flat=True)
    )
    assert "Phường Nha Trang" in names
    assert names == {
        "Phường Nha Trang",
        "Phường Bắc Nha Trang",
        "Phường Nam Nha Trang",
        "Phường Tây Nha Trang",
    }
    assert set(AdministrativeUnit.objects.search("NHA TRANG")) == set(
        AdministrativeUnit.objects.search("Nha Trang")
    )
    da_lat = set(AdministrativeUnit.objects.search("da lat"))
    assert len(da_lat) == 5
    assert all("Đà Lạt" in unit.name for unit in da_lat)
    assert all(unit.parent.code == "68" for unit in da_lat)  # Tỉnh Lâm Đồng
    assert set(AdministrativeUnit.objects.search("đà lạt")) == da_lat
    assert set(AdministrativeUnit.objects.search(unicodedata.normalize("NFD", "Đà  Lạt"))) == da_lat
    assert set(AdministrativeUnit.objects.provinces().search("ho chi minh")) == {
        AdministrativeUnit.objects.get(level="province", code="79")
    }
    assert not AdministrativeUnit.objects.search("không có nơi này").exists()


def test_the_migration_folds_names_exactly_like_core_text():
    samples = [
        "Đặc khu Trường Sa",
        "Xã Ea H'Leo",
        "  Phường   Cửa  Nam ",
        "ĐỒNG HỚI",
        "Xã Thuận Hoà",
    ]
    samples.append(unicodedata.normalize("NFD", "Phường Nguyễn Uý"))
    for text in samples:
        assert migration._fold(text) == fold(text), text


def test_the_data_file_matches_the_database():
    with migration.CSV_PATH.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["level", "code", "name", "division_type", "parent_code", "valid_from"]
    assert len(rows) == 34 + 3321
    in_db = set(
        AdministrativeUnit.objects.values_list(
            "level", "code", "name", "division_type", "parent__code"
        )
    )
    in_file = {
        (r["level"], r["code"], r["name"], r["division_type"], r["parent_code"] or None)
        for r in rows
    }
    assert in_db == in_file


def test_the_migration_is_idempotent_and_reversible():
    editor = SimpleNamespace(connection=connection)
    migration.load(apps, editor)  # everything is already there: nothing is added
    assert AdministrativeUnit.objects.count() == 34 + 3321
    migration.unload(apps, editor)
    assert not AdministrativeUnit.objects.exists()
    migration.load(apps, editor)
    assert AdministrativeUnit.objects.provinces().count() == 34
    assert AdministrativeUnit.objects.wards().count() == 3321
    assert AdministrativeUnit.objects.wards().get(code="22366").parent.code == "56"
