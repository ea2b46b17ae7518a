"""Load the 34 provinces and 3,321 commune-level units in force since
01/07/2025 from ``core/data/administrative_units.csv`` (written by
``scripts/generate-admin-units.py``).

Self-contained on purpose: only the standard library and the historical
model, so later changes to the app code cannot break it. Idempotent: a row
whose (level, code, valid_from) already exists is skipped. The reverse
deletes the rows of the file (communes first, then provinces).
"""

import csv
import datetime
import re
import unicodedata
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "administrative_units.csv"
PROVINCE = "province"
COMMUNE = "commune"
BATCH_SIZE = 500

# A copy of motcua.core.text.fold as it was when this migration was written.
_SPACES = re.compile(r"\s+")
_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def _fold(text):
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )
    return _SPACES.sub(" ", stripped.lower()).strip()


def _read_rows():
    with CSV_PATH.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            row = {key: unicodedata.normalize("NFC", value.strip()) for key, value in row.items()}
            row["valid_from"] = datetime.date.fromisoformat(row["valid_from"])
            yield row


def _chunks(items, size=BATCH_SIZE):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load(apps, schema_editor):
    Unit = apps.get_model("core", "AdministrativeUnit")
    db = schema_editor.connection.alias
    units = Unit.objects.using(db)
    rows = list(_read_rows())
    existing = set(units.values_list("level", "code", "valid_from"))

    def build(row, parent_id=None):
        return Unit(
            code=row["code"],
            name=row["name"],
            name_folded=_fold(row["name"]),
            level=row["level"],
            division_type=row["division_type"],
            parent_id=parent_id,
            valid_from=row["valid_from"],
        )

    def is_new(row):
        return (row["level"], row["code"], row["valid_from"]) not in existing

    provinces = [r for r in rows if r["level"] == PROVINCE]
    units.bulk_create([build(r) for r in provinces if is_new(r)], batch_size=BATCH_SIZE)

    # Parents by (code, valid_from), read back from the database: bulk_create
    # does not set primary keys on every backend, and some may predate this run.
    parent_ids = {
        (code, valid_from): pk
        for pk, code, valid_from in units.filter(level=PROVINCE).values_list(
            "pk", "code", "valid_from"
        )
    }
    communes = []
    for row in rows:
        if row["level"] != COMMUNE or not is_new(row):
            continue
        parent_id = parent_ids.get((row["parent_code"], row["valid_from"]))
        if parent_id is None:
            raise ValueError(f"commune {row['code']}: no province {row['parent_code']}")
        communes.append(build(row, parent_id))
    units.bulk_create(communes, batch_size=BATCH_SIZE)


def unload(apps, schema_editor):
    Unit = apps.get_model("core", "AdministrativeUnit")
    units = Unit.objects.using(schema_editor.connection.alias)
    rows = list(_read_rows())
    for level in (COMMUNE, PROVINCE):
        keys = {}
        for row in rows:
            if row["level"] == level:
                keys.setdefault(row["valid_from"], []).append(row["code"])
        for valid_from, codes in keys.items():
            for chunk in _chunks(codes):
                units.filter(level=level, valid_from=valid_from, code__in=chunk).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load, unload, elidable=False),
    ]
