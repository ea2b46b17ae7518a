"""Vietnamese text helpers: NFC normalisation on input, accent folding for
search ("tiep nhan" finds "tiếp nhận"; "đ" folds to "d")."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ are letters of their own, not d + a combining mark: NFD keeps them.
_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    """Text in NFC form, so "Nguyễn" typed with combining marks equals the
    precomposed one (Vietnamese keyboards produce both)."""
    return unicodedata.normalize("NFC", text)


def clean_text(text: str) -> str:
    """NFC, trimmed, inner runs of white space folded to one space."""
    return _SPACES.sub(" ", nfc(text)).strip()


def strip_accents(text: str) -> str:
    """Vietnamese without diacritics, case kept ("Sở Y tế" -> "So Y te")."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    return unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    )


def fold(text: str) -> str:
    """Search key: accents stripped, lower case, spaces folded."""
    return _SPACES.sub(" ", strip_accents(text).lower()).strip()
