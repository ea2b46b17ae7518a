"""Website views outside the page tree: site search, robots.txt, the
stable addresses of pages and documents."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail.documents import get_document_model
from wagtail.models import Page

from motcua.cms import constants
from motcua.cms.selectors import is_coming_soon
from motcua.core.search import (
    SearchQuery,
    get_search_provider,
    search_all,
    search_providers,
)


@dataclass
class ResultsPage:
    """The part of Django's paginator page the pagination template reads."""

    number: int
    num_pages: int

    @property
    def paginator(self) -> ResultsPage:
        return self

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(raw: str | None) -> int:
    try:
        return max(1, min(int(raw or 1), 10_000))
    except ValueError:
        return 1


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    """``/tim-kiem/?q=…``: pages and documents of the website, and every
    other app's results (``core.search`` providers), accents ignored. With
    ``loai=<provider>`` one kind of result, paginated. Any input answers
    normally: an empty query asks for words, a long one is cut, everything
    is escaped."""
    query = SearchQuery.parse(request.GET.get("q"))
    kind = request.GET.get("loai", "").strip()
    provider = get_search_provider(kind) if kind else None
    status = 200
    error = ""
    if kind and provider is None:
        status = 400
        error = _("This kind of result does not exist; all results are shown.")
    context: dict[str, object] = {
        "query": query,
        "q": query.text,
        "provider": provider,
        "providers": search_providers(),
        "error": error,
        "procedures_coming": get_search_provider("thu-tuc") is None and is_coming_soon("/thu-tuc/"),
    }
    if not query.is_empty:
        if provider is not None:
            number = _page_number(request.GET.get("page"))
            per_page = constants.SEARCH_PER_PAGE
            results = provider.search(
                query, offset=(number - 1) * per_page, limit=per_page, request=request
            )
            num_pages = max(1, math.ceil(results.total / per_page))
            if number > num_pages:
                number = num_pages
                results = provider.search(
                    query, offset=(number - 1) * per_page, limit=per_page, request=request
                )
            context.update(results=results, page_obj=ResultsPage(number, num_pages))
        else:
            context["sections"] = list(
                search_all(query, limit=constants.SEARCH_SECTION_LIMIT, request=request)
            )
    return render(request, "cms/search.html", context, status=status)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /can-bo/",
        "Disallow: /tai-khoan/",
        "Disallow: /tim-kiem/",
        "Disallow: /dev/",
        "",
        f"Sitemap: {settings.SITE_URL}/sitemap.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def page_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """``/trang/<id>/``: the stable address of a page, which the
    communication plan cites; it leads to wherever the page is now."""
    page = get_object_or_404(Page.objects.live(), pk=pk)
    url = page.get_url(request=request)
    if not url or page.depth < 2:
        raise Http404
    return redirect(url)


@require_safe
def document_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    """``/tai-lieu/<id>/``: the stable address of an uploaded document
    file; Wagtail's own address also carries the file name, which changes
    when the file is replaced."""
    document = get_object_or_404(get_document_model(), pk=pk)
    return redirect(document.url)
