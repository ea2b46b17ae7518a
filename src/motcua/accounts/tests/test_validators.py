from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import format_phone, normalise_phone, validate_cccd


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0905 123 456", "+84905123456"),
        ("+84 905 123 456", "+84905123456"),
        ("84905123456", "+84905123456"),
        ("090.512.3456", "+84905123456"),
        ("(0258) 3822 957", "+842583822957"),
        ("0328-111-222", "+84328111222"),
    ],
)
def test_vietnamese_phone_numbers_are_normalised(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw", ["12345", "0105 123 456", "+1 202 555 0100", "09051234567", "abc", ""]
)
def test_invalid_phone_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        normalise_phone(raw)


def test_phone_display():
    assert format_phone("+84905123456") == "0905 123 456"
    assert format_phone("+842583822957") == "0258 3822957"


@pytest.mark.parametrize("good", ["056090001234", "001 203 004 005", "096123456789"])
def test_valid_cccd(good):
    validate_cccd(good)


@pytest.mark.parametrize(
    "bad", ["05609000123", "0560900012345", "00A090001234", "000090001234", "099090001234"]
)
def test_invalid_cccd(bad):
    with pytest.raises(ValidationError):
        validate_cccd(bad)
