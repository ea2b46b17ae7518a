"""SMS text accounting: encoding, length and segments (3GPP TS 23.038/23.040).

A message whose every character is in the GSM 7-bit default alphabet (with
its extension table) is sent as GSM-7: 160 septets in one SMS, 153 per part
when concatenated (the 6-octet UDH takes 7 septets). Anything else — and
Vietnamese with diacritics is anything else, since "ơ", "ư", "ạ"… are not in
the alphabet — goes as UCS-2: 70 characters in one SMS, 67 per part.
Brandname SMS in Vietnam are often sent without accents for that reason;
templates can choose to (``strip_accents``).
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.core.text import strip_accents

GSM7 = "gsm7"
UCS2 = "ucs2"

# GSM 03.38 default alphabet (the escape 0x1B excluded) and extension table.
GSM_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = "\f^{}\\[~]|€"
_GSM_BASIC_SET = frozenset(GSM_BASIC) - {"\x1b"}
_GSM_EXT_SET = frozenset(GSM_EXTENSION)

SINGLE = {GSM7: 160, UCS2: 70}
PART = {GSM7: 153, UCS2: 67}
# A sane upper bound: operators reassemble up to 255 parts, providers far fewer.
MAX_SEGMENTS = 10


@dataclass(frozen=True)
class SmsInfo:
    """What a text costs: encoding, length in units (septets or UTF-16 code
    units), number of segments and the units per segment."""

    encoding: str
    length: int
    segments: int
    per_segment: int

    @property
    def is_unicode(self) -> bool:
        return self.encoding == UCS2


def is_gsm7(text: str) -> bool:
    return all(ch in _GSM_BASIC_SET or ch in _GSM_EXT_SET for ch in text)


def _units(ch: str, encoding: str) -> int:
    if encoding == GSM7:
        return 2 if ch in _GSM_EXT_SET else 1
    return 2 if ord(ch) > 0xFFFF else 1  # a surrogate pair in UTF-16


def split(text: str) -> list[str]:
    """The text cut into the parts it is sent in, never splitting a GSM
    escape pair or a UTF-16 surrogate pair across two parts."""
    encoding = GSM7 if is_gsm7(text) else UCS2
    total = sum(_units(ch, encoding) for ch in text)
    if total <= SINGLE[encoding]:
        return [text] if text else []
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for ch in text:
        size = _units(ch, encoding)
        if used + size > PART[encoding]:
            parts.append("".join(current))
            current, used = [], 0
        current.append(ch)
        used += size
    if current:
        parts.append("".join(current))
    return parts


def analyse(text: str) -> SmsInfo:
    """Encoding, length and segment count of ``text``."""
    encoding = GSM7 if is_gsm7(text) else UCS2
    length = sum(_units(ch, encoding) for ch in text)
    if length <= SINGLE[encoding]:
        return SmsInfo(encoding, length, 1 if text else 0, SINGLE[encoding])
    return SmsInfo(encoding, length, len(split(text)), PART[encoding])


def to_sms_text(text: str, *, strip: bool = False) -> str:
    """The text as it will be sent: white space tidied, accents stripped
    when the template asks. Characters that stay outside GSM-7 after
    stripping (e.g. “curly quotes”) are replaced by their plain forms."""
    text = "\n".join(" ".join(line.split()) for line in text.strip().splitlines())
    if not strip:
        return text
    text = strip_accents(text)
    return text.translate(_PLAIN)


_PLAIN = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
        "`": "'",
    }
)
