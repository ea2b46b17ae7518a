"""Validation and normalisation of Vietnamese identity numbers and phones."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_NON_DIGITS = re.compile(r"[\s.\-()]")


def normalise_cccd(value: str) -> str:
    """Digits only; spaces and dots typed between groups are dropped."""
    return _NON_DIGITS.sub("", value or "")


def validate_cccd(value: str) -> None:
    """Căn cước / CCCD: exactly 12 digits; the first three are a province
    code (001–096) under the 2016 numbering (Thông tư 07/2016/TT-BCA)."""
    digits = normalise_cccd(value)
    if not digits.isdigit() or len(digits) != 12:
        raise ValidationError(
            _("The citizen ID number (CCCD) must have exactly 12 digits."), code="cccd_length"
        )
    if not 1 <= int(digits[:3]) <= 96:
        raise ValidationError(
            _("The first three digits of a citizen ID number are a province code from 001 to 096."),
            code="cccd_province",
        )


# Mobile prefixes in use after the 2018 conversion from 11 to 10 digits, and
# fixed lines (02x area codes). Numbers are stored as E.164: +84xxxxxxxxx.
_MOBILE = re.compile(r"^(3[2-9]|5[2-9]|7[06-9]|8[1-9]|9\d)\d{7}$")
_FIXED = re.compile(r"^2\d{9}$")


def normalise_phone(value: str) -> str:
    """``0905 123 456``, ``+84 905 123 456`` or ``84905123456`` ->
    ``+84905123456``. Raises ``ValidationError`` for anything else."""
    raw = _NON_DIGITS.sub("", value or "")
    if raw.startswith("+84"):
        national = raw[3:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        national = raw[2:]
    elif raw.startswith("0"):
        national = raw[1:]
    else:
        national = raw
    national = national.lstrip("0") if raw.startswith("+840") else national
    if not national.isdigit() or not (_MOBILE.match(national) or _FIXED.match(national)):
        raise ValidationError(
            _("Enter a Vietnamese phone number, for example 0905 123 456 or +84 905 123 456."),
            code="phone",
        )
    return f"+84{national}"


def validate_phone(value: str) -> None:
    normalise_phone(value)


def format_phone(e164: str) -> str:
    """``+84905123456`` -> ``0905 123 456`` for display."""
    if not e164 or not e164.startswith("+84"):
        return e164 or ""
    national = "0" + e164[3:]
    if len(national) == 10 and national[1] != "2":
        return f"{national[:4]} {national[4:7]} {national[7:]}"
    return f"{national[:4]} {national[4:]}"
