"""The site-search provider (``core.search``) of published answers: they
appear in /tim-kiem/ with their masked question."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from motcua.core.search import SearchHit, SearchQuery, SearchResults

if TYPE_CHECKING:
    from django.http import HttpRequest


class AnswerSearch:
    key = "hoi-dap"
    label = _("Questions and answers")
    order = 40

    def search(
        self, query: SearchQuery, *, offset: int, limit: int, request: HttpRequest | None
    ) -> SearchResults:
        from motcua.feedback.selectors import published_answers

        if query.is_empty:
            return SearchResults()
        qs = published_answers(query=query)
        total = qs.count()
        hits = [
            SearchHit(
                title=item.public_title,
                url=reverse("feedback_answer", args=[item.code]),
                summary=Truncator(item.public_question).chars(240),
                kind=str(_("Question and answer")),
                date=item.published_at.date() if item.published_at else None,
            )
            for item in qs[offset : offset + limit]
        ]
        return SearchResults(hits=hits, total=total)
