"""Money is an integer number of Vietnamese đồng (VND has no minor unit)."""

from __future__ import annotations

import re

# Digits, or groups of three after one to three digits with one separator
# used throughout: "1.234.567", "1,234,567", "1 234 567". "1,5" or "12.50"
# (decimal notation) do not match, so they are refused, not read as 15 / 1250.
_AMOUNT = re.compile(r"-?(?:\d+|\d{1,3}([., ])\d{3}(?:\1\d{3})*)")


def format_vnd(amount: int | None, *, symbol: bool = True) -> str:
    """``1234567`` -> ``"1.234.567 đ"`` (Vietnamese grouping with dots)."""
    if amount is None:
        return ""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError("VND amounts are integers")
    sign = "-" if amount < 0 else ""
    grouped = f"{abs(amount):,}".replace(",", ".")
    return f"{sign}{grouped} đ" if symbol else f"{sign}{grouped}"


def parse_vnd(text: str) -> int:
    """``"1.234.567 đ"`` or ``"1,234,567"`` or ``"1234567"`` -> ``1234567``.

    Raises ``ValueError`` for anything that is not a whole number of đồng.
    """
    cleaned = text.strip().lower().removesuffix("vnđ").removesuffix("vnd").removesuffix("đ")
    cleaned = cleaned.strip()
    if not _AMOUNT.fullmatch(cleaned):
        raise ValueError(f"not an amount in đồng: {text!r}")
    return int(re.sub(r"[., ]", "", cleaned))
