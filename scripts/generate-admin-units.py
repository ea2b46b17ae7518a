#!/usr/bin/env python3
"""Produce ``src/motcua/core/data/administrative_units.csv``: Vietnam's 34
provinces and 3,321 commune-level units (xã, phường, đặc khu) in force since
01/07/2025, with their official codes (mã ĐVHC). The data migration
``core/migrations/0002_load_administrative_units.py`` loads the file; this
script is run by hand, once, when the list changes.

Source and licence
------------------
The names and codes are the official list of the General Statistics Office
(Tổng cục Thống kê / Cục Thống kê, https://danhmuchanhchinh.nso.gov.vn/),
as packaged by the PyPI package ``vietnam-provinces`` (GPL-3.0-or-later,
https://github.com/sunshine-tech/VietnamProvinces). Because the package is
GPL it is NOT a dependency of motcua: it is installed in a throwaway
directory and used only offline to write the CSV; the CSV holds public
government data (names and codes), not the package's code.

How it was run (vietnam-provinces 2026.9.0, Python 3.13)
--------------------------------------------------------
    /work/main/.venv/bin/python -m venv /tmp/vpenv
    /tmp/vpenv/bin/python -m pip install --target /tmp/vp2026 vietnam-provinces==2026.9.0
    PYTHONPATH=/tmp/vp2026 /tmp/vpenv/bin/python scripts/generate-admin-units.py

Why 2026.9.0, with three provinces corrected
--------------------------------------------
* 2025.10.1 took its ward codes from the *draft* decision on the code list
  (chinhphu.vn "dự thảo"); 2026.1.0 and later use the official list of
  danhmuchanhchinh.nso.gov.vn. The two versions hold the same 3,321 units,
  but 128 of them have a different code (29 in Hà Nội alone), and 2025.10.1
  has untidy names (double spaces, "Đắk song", "Đăk BLa", typographic
  apostrophes). So the ward codes and names come from 2026.9.0.
* 2026.9.0 marks Quảng Ninh (22), Bắc Ninh (24) and Đồng Nai (75) as
  "thành phố trung ương" ("Thành phố Quảng Ninh"...). The arrangement of
  01/07/2025 (Nghị quyết 202/2025/QH15) has 6 centrally-run cities (Hà Nội,
  Hải Phòng, Huế, Đà Nẵng, Thành phố Hồ Chí Minh, Cần Thơ) and 28 provinces,
  and every row of the file is valid from 2025-07-01, so the file follows
  the resolution: CENTRAL_CITIES below decides the type and the prefix of
  every province name. A later upgrade, once its resolution and date are
  known, belongs in a new migration (valid_until on the old row, a new row
  valid from the new date), not in this file.
* Small clean-ups: NFC, runs of spaces folded, a lower-case type prefix
  ("xã Bắc Sơn", code 06325) capitalised. Spelling is otherwise kept as the
  source gives it (it mixes "Hòa" and "Hoà" tone placement, as the official
  list does); search folds accents, so both are found.

Output columns: level (province|commune, motcua.core.constants.AdministrativeLevel),
code (2 digits for provinces, 5 for communes, leading zeros kept), name (with
its type: "Tỉnh Khánh Hòa", "Phường Nha Trang"), division_type, parent_code
(the province's code for a commune, empty for a province), valid_from.
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from importlib.metadata import version
from pathlib import Path

PACKAGE_VERSION = "2026.9.0"
VALID_FROM = "2025-07-01"
OUT = Path(__file__).resolve().parent.parent / "src/motcua/core/data/administrative_units.csv"

# Nghị quyết 202/2025/QH15: the 6 thành phố trực thuộc trung ương from 01/07/2025.
CENTRAL_CITIES = {
    "01": "Hà Nội",
    "31": "Hải Phòng",
    "46": "Huế",
    "48": "Đà Nẵng",
    "79": "Hồ Chí Minh",
    "92": "Cần Thơ",
}
PROVINCE_TYPES = {"tỉnh": "Tỉnh", "thành phố trung ương": "Thành phố"}
COMMUNE_TYPES = {"xã": "Xã", "phường": "Phường", "đặc khu": "Đặc khu"}
_SPACES = re.compile(r"\s+")


def tidy(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def with_prefix(name: str, prefixes: dict[str, str], division_type: str) -> str:
    """The name with its type prefix, capitalised as in the official list."""
    for prefix in prefixes.values():
        if name.lower().startswith(prefix.lower() + " "):
            name = name[len(prefix) + 1 :]
            break
    return f"{prefixes[division_type]} {name}"


def main() -> int:
    installed = version("vietnam-provinces")
    if installed != PACKAGE_VERSION:
        print(f"expected vietnam-provinces {PACKAGE_VERSION}, found {installed}", file=sys.stderr)
        return 1
    from vietnam_provinces import Province, Ward

    rows: list[dict[str, str]] = []
    communes: list[dict[str, str]] = []
    for province in Province.iter_all():
        pcode = f"{int(province.code):02d}"
        source_type = str(province.division_type.value)
        division_type = "thành phố trung ương" if pcode in CENTRAL_CITIES else "tỉnh"
        name = with_prefix(tidy(province.name), PROVINCE_TYPES, division_type)
        if division_type != source_type:
            print(f"{pcode}: {province.name!r} ({source_type}) -> {name!r} ({division_type})")
        rows.append(
            {
                "level": "province",
                "code": pcode,
                "name": name,
                "division_type": division_type,
                "parent_code": "",
                "valid_from": VALID_FROM,
            }
        )
        for ward in Ward.iter_by_province(province.code):
            wtype = str(ward.division_type.value)
            name = with_prefix(tidy(ward.name), COMMUNE_TYPES, wtype)
            if name != ward.name:
                print(f"{int(ward.code):05d}: {ward.name!r} -> {name!r}")
            communes.append(
                {
                    "level": "commune",
                    "code": f"{int(ward.code):05d}",
                    "name": name,
                    "division_type": wtype,
                    "parent_code": pcode,
                    "valid_from": VALID_FROM,
                }
            )
    rows.sort(key=lambda r: r["code"])
    communes.sort(key=lambda r: r["code"])

    # The file must be what the migration and the tests expect.
    assert len(rows) == 34, len(rows)
    assert len(communes) == 3321, len(communes)
    assert sum(r["division_type"] == "thành phố trung ương" for r in rows) == 6
    assert len({r["code"] for r in rows}) == 34
    assert len({r["code"] for r in communes}) == 3321
    assert {r["parent_code"] for r in communes} == {r["code"] for r in rows}
    assert all(len(r["name"]) <= 120 for r in rows + communes)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows + communes)
    print(f"wrote {len(rows)} provinces and {len(communes)} communes to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
