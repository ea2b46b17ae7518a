"""Site search shared by every app: accent-insensitive matching and a
registry of search providers.

Matching (docs/decisions/0002-search.md). Each searchable row keeps its own
folded text: accents stripped ("đ" → "d"), lower case, every run of
non-word characters turned into one space, with a space at both ends
(``" tiep nhan ho so "``). A query is folded the same way and split into
terms; a row matches when it has a word *starting* with each term
(``search_text LIKE '% term%'``). The same plain ``LIKE`` runs on SQLite and
PostgreSQL, so "tiep nhan ho so" finds "tiếp nhận hồ sơ" and "Khanh Hoa"
finds "Khánh Hòa" on both, synchronously (no index task to wait for).

Registry. The site search page (``/tim-kiem/``, in ``cms``) lists the
results of every registered provider. An app registers its provider in its
``AppConfig.ready()``::

    from motcua.core.search import register_search_provider
    register_search_provider(ProcedureSearch())

``core`` imports no app, so the procedures app can add its results without
importing ``cms``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

from django.db.models import Q

from motcua.core.text import fold

if TYPE_CHECKING:
    from django.http import HttpRequest
    from django.utils.functional import Promise

# A query is cut to this many characters and terms: enough for any real
# question, and a bounded cost for a pasted essay.
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
MAX_TERM_CHARS = 40

_WORD = re.compile(r"\w+")


def folded_words(text: str) -> list[str]:
    """The words of ``text`` folded for search: ``"Số: 43/QĐ-SYT"`` →
    ``["so", "43", "qd", "syt"]``."""
    return _WORD.findall(fold(text or ""))


def index_text(*parts: str | None) -> str:
    """The folded text stored for a row: its words separated by single
    spaces, with a space at both ends so that ``" " + term`` only matches
    at the start of a word."""
    words: list[str] = []
    for part in parts:
        if part:
            words.extend(folded_words(str(part)))
    return f" {' '.join(words)} " if words else ""


@dataclass(frozen=True)
class SearchQuery:
    """A cleaned query: the text as typed (cut to ``MAX_QUERY_CHARS``) and
    its folded terms."""

    text: str
    terms: tuple[str, ...]
    truncated: bool = False

    @classmethod
    def parse(cls, raw: str | None) -> SearchQuery:
        raw = " ".join((raw or "").split())
        truncated = len(raw) > MAX_QUERY_CHARS
        text = raw[:MAX_QUERY_CHARS]
        words = [w[:MAX_TERM_CHARS] for w in folded_words(text)]
        truncated = truncated or len(words) > MAX_TERMS
        return cls(text=text, terms=tuple(words[:MAX_TERMS]), truncated=truncated)

    @property
    def is_empty(self) -> bool:
        return not self.terms

    @property
    def phrase(self) -> str:
        return " ".join(self.terms)


def matches(field_name: str, query: SearchQuery) -> Q:
    """Rows whose folded ``field_name`` (built by ``index_text``) has every
    term of ``query`` as a word; the last term may be the start of a word,
    as people type ("tiep nhan ho s" finds "tiếp nhận hồ sơ"). Empty query:
    every row."""
    condition = Q()
    last = len(query.terms) - 1
    for i, term in enumerate(query.terms):
        needle = f" {term}" if i == last else f" {term} "
        condition &= Q(**{f"{field_name}__contains": needle})
    return condition


def phrase_matches(field_name: str, query: SearchQuery) -> Q:
    """Rows where the terms appear together, in order (for ranking)."""
    return Q(**{f"{field_name}__contains": f" {query.phrase}"})


@dataclass(frozen=True)
class SearchHit:
    """One result as the search page shows it."""

    title: str
    url: str
    summary: str = ""
    kind: str = ""
    date: date | None = None


@dataclass
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0


class SearchProvider(Protocol):
    """What an app registers. ``key`` is stable (it appears in URLs:
    ``/tim-kiem/?q=…&loai=<key>``); ``label`` names the section."""

    key: str
    label: str | Promise
    order: int

    def search(
        self, query: SearchQuery, *, offset: int, limit: int, request: HttpRequest | None
    ) -> SearchResults: ...


_PROVIDERS: dict[str, SearchProvider] = {}


def register_search_provider(provider: SearchProvider) -> None:
    """Add (or replace, by ``key``) a provider of search results."""
    if not re.fullmatch(r"[a-z0-9-]+", provider.key):
        raise ValueError(f"search provider key must be a slug: {provider.key!r}")
    _PROVIDERS[provider.key] = provider


def unregister_search_provider(key: str) -> None:
    _PROVIDERS.pop(key, None)


def search_providers() -> list[SearchProvider]:
    """Registered providers in display order."""
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key))


def get_search_provider(key: str) -> SearchProvider | None:
    return _PROVIDERS.get(key)


def search_all(
    query: SearchQuery, *, limit: int, request: HttpRequest | None = None
) -> Iterable[tuple[SearchProvider, SearchResults]]:
    """The first ``limit`` results of each provider."""
    for provider in search_providers():
        yield provider, provider.search(query, offset=0, limit=limit, request=request)
