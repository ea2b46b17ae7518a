"""Dossier codes and lookup keys."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from motcua.dossiers import codes
from motcua.dossiers.constants import LOOKUP_KEY_ALPHABET, LOOKUP_KEY_LENGTH
from motcua.dossiers.models import DossierSequence

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_codes_count_per_unit_and_local_day():
    at = datetime(2026, 1, 15, 23, 30, tzinfo=HCM)  # 16:30 UTC: still the 15th locally
    with transaction.atomic():
        assert codes.next_code("SYT", at) == "SYT-260115-0001"
        assert codes.next_code("SYT", at) == "SYT-260115-0002"
        assert codes.next_code("BV", at) == "BV-260115-0001"
        assert codes.next_code("SYT", datetime(2026, 1, 16, 0, 5, tzinfo=HCM)) == "SYT-260116-0001"


def test_a_rolled_back_submission_gives_its_number_back():
    day = date(2026, 2, 2)
    with transaction.atomic():
        assert codes.next_number("SYT", day) == 1
    try:
        with transaction.atomic():
            assert codes.next_number("SYT", day) == 2
            raise RuntimeError("the submission failed")
    except RuntimeError:
        pass
    with transaction.atomic():
        assert codes.next_number("SYT", day) == 2
    assert DossierSequence.objects.get(prefix="SYT:20260202").last_number == 2


@pytest.mark.django_db(transaction=True)
def test_numbers_are_only_taken_inside_a_transaction():
    with pytest.raises(RuntimeError):
        codes.next_number("SYT", date(2026, 1, 1))


def test_the_format_is_configurable(settings):
    settings.DOSSIER_CODE_FORMAT = "{unit}.{date:%Y%m%d}.{number:05d}"
    assert codes.format_code("000.00.31.H32", date(2026, 3, 4), 7) == "000.00.31.H32.20260304.00007"


def test_a_format_without_the_number_is_refused(settings):
    settings.DOSSIER_CODE_FORMAT = "{unit}-{date:%y%m%d}"
    with pytest.raises(ImproperlyConfigured):
        codes.format_code("SYT", date(2026, 1, 1), 1)


def test_lookup_keys_use_the_unambiguous_alphabet():
    keys = {codes.new_lookup_key() for _ in range(200)}
    assert len(keys) > 190
    for key in keys:
        assert len(key) == LOOKUP_KEY_LENGTH
        assert set(key) <= set(LOOKUP_KEY_ALPHABET)
        assert not set(key) & set("01OIL")
