"""The site-search provider (``core.search``) of the catalogue: published
procedures appear first in /tim-kiem/."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.core.search import SearchHit, SearchQuery, SearchResults, matches

if TYPE_CHECKING:
    from django.http import HttpRequest


class ProcedureSearch:
    key = "thu-tuc"
    label = _("Administrative procedures")
    order = 10

    def search(
        self, query: SearchQuery, *, offset: int, limit: int, request: HttpRequest | None
    ) -> SearchResults:
        from motcua.procedures.selectors import published_procedures

        if query.is_empty:
            return SearchResults()
        qs = (
            published_procedures()
            .filter(matches("search_text", query))
            .order_by("field__position", "name", "pk")
        )
        total = qs.count()
        hits = [
            SearchHit(
                title=p.name,
                url=reverse("procedure_detail", args=[p.code]),
                summary=f"{p.code} · {p.field.name} · {p.unit.name}",
                kind=str(_("Procedure")),
            )
            for p in qs[offset : offset + limit]
        ]
        return SearchResults(hits=hits, total=total)
