"""The website's provider for the site search (``core.search``): every
live, public page an editor wrote — news, guides, documents, other pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from motcua.core.search import SearchHit, SearchQuery, SearchResults

if TYPE_CHECKING:
    from django.http import HttpRequest


class PageSearch:
    key = "trang"
    label = _("News, guides, documents and pages")
    order = 50

    def search(
        self, query: SearchQuery, *, offset: int, limit: int, request: HttpRequest | None
    ) -> SearchResults:
        from django.contrib.contenttypes.models import ContentType

        from motcua.cms.selectors import content_pages

        if query.is_empty:
            return SearchResults()
        qs = content_pages().matching(query)
        total = qs.count()
        hits = []
        for page in qs.only(
            "id", "title", "summary", "date", "url_path", "content_type_id", "path", "depth"
        )[offset : offset + limit]:
            model = ContentType.objects.get_for_id(page.content_type_id).model_class()
            hits.append(
                SearchHit(
                    title=page.title,
                    url=page.get_url(request=request) or "",
                    summary=page.summary,
                    kind=str(model._meta.verbose_name).capitalize() if model else "",
                    date=page.date,
                )
            )
        return SearchResults(hits=hits, total=total)
