"""VietQR payloads (NAPAS 247 over EMVCo Merchant-Presented Mode) and their
QR code as SVG. Pure functions: no database, no settings.

A payload is a string of TLV fields, each ``ID`` (2 digits) + ``length``
(2 digits) + value (domain-vn.md §7.1):

- ``00`` payload format ``01``; ``01`` point of initiation: ``11`` static
  (reusable), ``12`` dynamic (one payment, used when an amount is embedded);
- ``38`` merchant account information: ``00`` NAPAS GUID ``A000000727``,
  ``01`` beneficiary (``00`` bank BIN, ``01`` account or card number),
  ``02`` service ``QRIBFTTA`` (to an account) or ``QRIBFTTC`` (to a card);
- ``53`` currency ``704`` (VND); ``54`` amount (integer VND); ``58`` ``VN``;
- ``62`` additional data: ``01`` bill number, ``08`` purpose of the
  transaction (the transfer note the bank shows, ASCII, at most 25);
- ``63`` CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no
  final XOR) over everything before it *including* ``"6304"``, as four
  upper-case, zero-padded hex digits.

The four NAPAS test vectors (QR_Format_T&C_v1.0_VN_092021, §6.1.1–6.1.4)
are reproduced byte for byte in ``tests/test_vietqr.py``.
"""

from __future__ import annotations

import re

import segno

from motcua.core.text import strip_accents

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
SERVICE_TO_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
NOTE_MAX = 25

_NOT_NOTE = re.compile(r"[^A-Za-z0-9 \-.,/]")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^[0-9A-Za-z]{1,19}$")


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE of ``data`` (UTF-8 bytes) as 4 upper-case hex
    digits. ``crc16("123456789") == "29B1"``. (Some public code uses the
    reflected polynomial 0x8408: that is a different CRC.)"""
    crc = 0xFFFF
    for byte in data.encode("utf-8"):
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    """One field: 2-digit id, 2-digit length, value (at most 99 characters)."""
    if len(value) > 99:
        raise ValueError(f"VietQR field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def ascii_note(text: str, limit: int = NOTE_MAX) -> str:
    """A transfer note banks accept: diacritics stripped (đ→d, ư→u …),
    only ASCII letters, digits, space and ``-.,/``, spaces folded, cut to
    ``limit`` characters."""
    plain = _NOT_NOTE.sub(" ", strip_accents(text))
    return _SPACES.sub(" ", plain).strip()[:limit].rstrip()


def build_payload(
    bin: str,
    account: str,
    *,
    amount: int | None = None,
    note: str = "",
    dynamic: bool = True,
    service: str = SERVICE_TO_ACCOUNT,
    bill_number: str = "",
) -> str:
    """The VietQR payload for a transfer to ``account`` (or a card number
    with ``service=QRIBFTTC``) at the bank ``bin``; ``amount`` in integer
    VND (omitted when ``None``), ``note`` the transfer note (made ASCII),
    ``dynamic`` the point of initiation (12 one-time, 11 reusable)."""
    if not _DIGITS.match(bin):
        raise ValueError("a bank BIN has six digits")
    if not _ACCOUNT.match(account):
        raise ValueError("an account or card number has 1 to 19 letters or digits")
    if service not in (SERVICE_TO_ACCOUNT, SERVICE_TO_CARD):
        raise ValueError(f"unknown VietQR service {service!r}")
    if amount is not None and (amount < 0 or len(str(int(amount))) > 13):
        raise ValueError("the amount is a non-negative integer of at most 13 digits")
    beneficiary = tlv("00", bin) + tlv("01", account)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", service)
    parts = [
        tlv("00", "01"),
        tlv("01", "12" if dynamic else "11"),
        tlv("38", merchant),
        tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(tlv("54", str(int(amount))))
    parts.append(tlv("58", COUNTRY_VN))
    additional = ""
    if bill_number:
        additional += tlv("01", ascii_note(bill_number))
    note = ascii_note(note)
    if note:
        additional += tlv("08", note)
    if additional:
        parts.append(tlv("62", additional))
    body = "".join(parts) + "6304"
    return body + crc16(body)


def parse_payload(payload: str) -> dict[str, str]:
    """The top-level fields of a payload (id → value); raises ValueError on
    a malformed string or a wrong CRC. Used by tests and by the QR page."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise ValueError("no CRC field")
    if crc16(payload[:-4]) != payload[-4:].upper():
        raise ValueError("CRC mismatch")
    fields: dict[str, str] = {}
    i = 0
    while i < len(payload):
        tag, length = payload[i : i + 2], payload[i + 2 : i + 4]
        if not length.isdigit():
            raise ValueError(f"bad length at {i}")
        value = payload[i + 4 : i + 4 + int(length)]
        if len(value) != int(length):
            raise ValueError(f"field {tag} is cut short")
        fields[tag] = value
        i += 4 + int(length)
    return fields


def qr_svg(payload: str, *, title: str = "Mã VietQR", scale: int = 5) -> str:
    """The QR code of ``payload`` as an inline SVG string (no XML
    declaration), with an accessible ``<title>`` and ``role="img"``.
    Error correction M, the usual choice of Vietnamese banking apps."""
    qr = segno.make(payload, error="m", micro=False)
    svg = qr.svg_inline(scale=scale, title=title, dark="#000", light="#fff", border=4)
    return svg.replace("<svg ", '<svg role="img" ', 1)
