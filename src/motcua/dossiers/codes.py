"""Dossier codes and lookup keys (DESIGN.md §4, Codes and keys).

The code is ``<unit code>-<YYMMDD>-<NNNN>`` by default
(``DOSSIER_CODE_FORMAT``): the handling unit's code, the local date of
submission and a number that is unique and gap-free per unit and day. The
number comes from a ``DossierSequence`` row locked with ``SELECT … FOR
UPDATE`` inside the transaction that saves the dossier, so two concurrent
submissions wait for each other and a rolled-back one gives its number
back. The lookup key is short, random (``secrets``) and printed beside the
code; lookup needs both, so codes cannot be enumerated.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from motcua.dossiers.constants import LOOKUP_KEY_ALPHABET, LOOKUP_KEY_LENGTH
from motcua.dossiers.models import DossierSequence

_REQUIRED_PARTS = ("{unit", "{date", "{number")


def code_format() -> str:
    """The configured format; every part is needed for codes to be unique."""
    fmt = settings.DOSSIER_CODE_FORMAT
    missing = [part.strip("{") for part in _REQUIRED_PARTS if part not in fmt]
    if missing:
        raise ImproperlyConfigured(
            f"DOSSIER_CODE_FORMAT must contain {{unit}}, {{date}} and {{number}}; missing {missing}"
        )
    return fmt


def format_code(unit_code: str, day: date, number: int) -> str:
    """The code of the ``number``-th dossier of ``unit_code`` on ``day``."""
    return code_format().format(unit=unit_code, date=day, number=number)


def sequence_prefix(unit_code: str, day: date) -> str:
    """The ``DossierSequence`` key: one counter per unit and local day."""
    return f"{unit_code}:{day:%Y%m%d}"


def next_number(unit_code: str, day: date) -> int:
    """Take the next number of ``unit_code`` on ``day``. Must run inside the
    transaction that stores the code: the row lock is held until it ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_number() must run inside the dossier's transaction")
    # get_or_create with select_for_update: the first submission of the day
    # inserts the row; a concurrent one blocks on the unique prefix, gets an
    # IntegrityError inside get_or_create's savepoint and then locks the row.
    seq, _created = DossierSequence.objects.select_for_update().get_or_create(
        prefix=sequence_prefix(unit_code, day)
    )
    seq.last_number += 1
    seq.save(update_fields=["last_number"])
    return seq.last_number


def next_code(unit_code: str, at: datetime | None = None) -> str:
    """A new dossier code for ``unit_code`` (local date of ``at``, now)."""
    day = timezone.localdate(at or timezone.now())
    return format_code(unit_code, day, next_number(unit_code, day))


def new_lookup_key() -> str:
    """A random lookup key from an alphabet without look-alike characters."""
    return "".join(secrets.choice(LOOKUP_KEY_ALPHABET) for _ in range(LOOKUP_KEY_LENGTH))
