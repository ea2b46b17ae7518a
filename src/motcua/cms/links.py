"""The website's answer to "does this address on our site exist?"
(``core.sitelinks``): reports cite pages and documents as evidence of an
activity, preferably by their stable addresses ``/trang/<id>/`` and
``/tai-lieu/<id>/``."""

from __future__ import annotations

import re

from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.models import Page, Site

from motcua.core.sitelinks import MISSING, SiteLink

_STABLE_PAGE = re.compile(r"^/trang/(\d+)/?$")
_STABLE_DOCUMENT = re.compile(r"^/(?:tai-lieu|documents)/(\d+)(?:/[^/]*)?/?$")
# Addresses of other apps and of files: not pages of the tree.
_NOT_PAGES = ("/media/", "/static/", "/tim-kiem/", "/healthz", "/robots.txt", "/sitemap.xml")


def _page_link(path: str, page: Page) -> SiteLink:
    return SiteLink(path=path, kind="page", object_id=str(page.pk), title=page.title, verified=True)


def resolve_cms_link(path: str) -> SiteLink | bool | None:
    """``SiteLink`` for a live, public page or an existing document;
    ``MISSING`` for one of ours that is not (any more) published; ``None``
    for an address that is not the website's."""
    bare = path.split("?", 1)[0].split("#", 1)[0] or "/"
    if match := _STABLE_PAGE.match(bare):
        page = Page.objects.live().public().filter(pk=int(match.group(1)), depth__gt=1).first()
        return _page_link(path, page) if page else MISSING
    if match := _STABLE_DOCUMENT.match(bare):
        document = get_document_model().objects.filter(pk=int(match.group(1))).first()
        if document is None:
            return MISSING
        return SiteLink(
            path=path,
            kind="document",
            object_id=str(document.pk),
            title=document.title,
            verified=True,
        )
    if bare.startswith(_NOT_PAGES):
        return None
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    root = site.root_page
    # The deepest live page whose address starts the path; what is left
    # must be one of its routes (news categories, feeds).
    wanted = bare if bare.endswith("/") else f"{bare}/"
    prefixes = [root.url_path + "/".join(wanted.strip("/").split("/")[:n]) for n in range(0, 20)]
    candidates = [p if p.endswith("/") else f"{p}/" for p in prefixes]
    page = Page.objects.live().public().filter(url_path__in=candidates).order_by("-depth").first()
    if page is None:
        return None
    full = root.url_path + wanted.lstrip("/")
    if page.url_path == full:
        return _page_link(path, page)
    rest = "/" + full[len(page.url_path) :]
    specific = page.specific
    resolve_subpage = getattr(specific, "resolve_subpage", None)
    if resolve_subpage is not None:
        try:
            match = resolve_subpage(rest)
        except Http404:
            return MISSING
        if match.url_name == "by_category":
            from motcua.cms.models import NewsCategory

            if not NewsCategory.objects.filter(slug=match.kwargs.get("slug")).exists():
                return MISSING
        return _page_link(path, page)
    # Under a page of the tree but no such page: not published (or never was).
    return MISSING if page.depth > root.depth else None
