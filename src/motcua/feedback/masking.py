"""Masking personal data in text shown publicly (Luật 91/2025: mask names
and numbers in anything public; DESIGN.md §4).

What is masked: e-mail addresses; phone numbers (mobile and fixed, with
spaces, dots or dashes, +84 or 0); ID numbers (CCCD 12 digits, CMND 9
digits, and any other run of 9 or more digits); the sender's own name
wherever it appears; and personal names introduced the Vietnamese way
("ông Nguyễn Văn A", "chị Lan", "tôi tên là …"). Each is replaced by
``MASK``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from motcua.core.text import fold, nfc

MASK = "***"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# +84 / 84 / 0 then 9–10 digits, with optional separators between groups.
_PHONE = re.compile(r"(?<!\w)(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?!\w)")
# CCCD (12), CMND (9), passport-like and any long run of digits.
_ID = re.compile(r"(?<!\w)\d(?:[\s.]?\d){8,}(?!\w)")
# A capitalised word (Vietnamese letters included).
# Words that introduce a person's name.
_HONORIFICS = (
    "ông|bà|anh|chị|em|cô|chú|bác|cháu|cụ|bé|bạn|bệnh nhân|người bệnh|"
    "bác sĩ|bác sỹ|y tá|điều dưỡng|dược sĩ|cán bộ|đồng chí|tên là|tên tôi là|tôi là|họ tên|họ và tên"
)
# Longest first, so "bác sĩ" wins over "bác".
_HONORIFIC_ALT = "|".join(sorted(_HONORIFICS.split("|"), key=len, reverse=True))
_LEAD = re.compile(rf"\b(?:{_HONORIFIC_ALT})\b[ \t:]*", re.IGNORECASE)
_NAME_WORD = re.compile(r"[ \t]*([^\W\d_]+)")


def _mask_honorific_names(text: str) -> str:
    """Replace the run of capitalised words (at most five) that follows an
    honorific: "ông Trần Văn Bình đã" -> "ông *** đã"."""
    out: list[str] = []
    pos = 0
    for lead in _LEAD.finditer(text):
        if lead.start() < pos:
            continue
        cursor, name_end = lead.end(), None
        for _ in range(5):
            word = _NAME_WORD.match(text, cursor)
            if word is None or not word.group(1)[0].isupper():
                break
            name_end = cursor = word.end()
        if name_end is not None:
            out.append(text[pos : lead.end()])
            out.append(MASK)
            pos = name_end
    out.append(text[pos:])
    return "".join(out)


def _mask_known_names(text: str, names: Iterable[str]) -> str:
    for name in names:
        name = " ".join((name or "").split())
        if len(name) < 2:
            continue
        words = [re.escape(w) for w in name.split()]
        pattern = re.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", re.IGNORECASE)
        text = pattern.sub(MASK, text)
        # Also the name typed without accents ("Nguyen Van An").
        folded_words = [re.escape(w) for w in fold(name).split()]
        if folded_words != [w.lower() for w in words]:
            pattern = re.compile(r"(?<!\w)" + r"\s+".join(folded_words) + r"(?!\w)", re.IGNORECASE)
            text = pattern.sub(MASK, text)
    return text


def mask_personal_data(text: str, *, names: Iterable[str] = ()) -> str:
    """``text`` with e-mails, phone and ID numbers, the given ``names`` and
    honorific-introduced names replaced by ``MASK``."""
    if not text:
        return ""
    text = nfc(text)
    text = _EMAIL.sub(MASK, text)
    text = _PHONE.sub(MASK, text)
    text = _ID.sub(MASK, text)
    text = _mask_known_names(text, names)
    text = _mask_honorific_names(text)
    return text
