"""Money: whole đồng as integers, shown as "1.234.567 đ"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import engines

from motcua.core.money import format_vnd, parse_vnd
from motcua.core.templatetags.motcua import vnd


def render(template: str, **context: object) -> str:
    # No {% load %}: the filter is a builtin of the Django template engine.
    return engines["django"].from_string(template).render(context)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (1234567, "1.234.567 đ"),
        (0, "0 đ"),
        (999, "999 đ"),
        (1000, "1.000 đ"),
        (150000, "150.000 đ"),
        (1_000_000_000, "1.000.000.000 đ"),
        (-1234567, "-1.234.567 đ"),
        (-500, "-500 đ"),
    ],
)
def test_amounts_are_grouped_with_dots_and_end_with_the_dong_sign(amount, expected):
    assert format_vnd(amount) == expected


def test_the_symbol_can_be_left_out_and_none_is_blank():
    assert format_vnd(1234567, symbol=False) == "1.234.567"
    assert format_vnd(-1000, symbol=False) == "-1.000"
    assert format_vnd(None) == ""


@pytest.mark.parametrize("amount", [1234.5, 1000.0, Decimal("1000"), "1000", True])
def test_anything_but_an_integer_is_refused(amount):
    with pytest.raises(TypeError):
        format_vnd(amount)


def test_the_template_filter_formats_integers():
    assert render("{{ fee|vnd }}", fee=1234567) == "1.234.567 đ"
    assert render("{{ fee|vnd }}", fee=0) == "0 đ"
    assert render("{{ fee|vnd }}", fee=-20000) == "-20.000 đ"
    assert render("Lệ phí: {{ fee|vnd }}", fee=None) == "Lệ phí: "
    assert render("{{ fee|vnd }}", fee="") == ""
    assert render("{{ missing|vnd }}") == ""


def test_the_template_filter_accepts_integer_strings_and_decimals():
    assert vnd("1234567") == "1.234.567 đ"
    assert vnd(Decimal("250000")) == "250.000 đ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567 đ", 1234567),
        ("1.234.567đ", 1234567),
        ("1,234,567", 1234567),
        ("1 234 567", 1234567),
        ("1234567", 1234567),
        ("150.000 VNĐ", 150000),
        ("150.000 vnd", 150000),
        ("0", 0),
        ("-5.000 đ", -5000),
        (" 999 ", 999),
    ],
)
def test_amounts_are_read_back(text, expected):
    assert parse_vnd(text) == expected


def test_what_is_formatted_reads_back():
    for amount in (0, 7, 1000, 1234567, -98765):
        assert parse_vnd(format_vnd(amount)) == amount


@pytest.mark.parametrize(
    "text",
    [
        "",
        "đ",
        "abc",
        "1,5",  # one and a half in Vietnamese notation, not 15
        "12.5",
        "1.000,50 đ",  # 1 000.50 đ, not 100 050
        "1.234,567",  # mixed separators
        "1234.567",
        "--5",
        "5-",
    ],
)
def test_what_is_not_a_whole_number_of_dong_is_refused(text):
    with pytest.raises(ValueError):
        parse_vnd(text)
