"""Website addresses outside the page tree (the pages themselves are served
by Wagtail's catch-all at the end of ``motcua.urls``)."""

from __future__ import annotations

from django.conf import settings
from django.urls import path, re_path
from django.views.decorators.cache import cache_control
from django.views.static import serve
from wagtail.contrib.sitemaps.views import sitemap

from motcua.cms import views

urlpatterns = [
    path("tim-kiem/", views.search, name="site_search"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("trang/<int:pk>/", views.page_by_id, name="page_by_id"),
    path("tai-lieu/<int:pk>/", views.document_by_id, name="document_by_id"),
]

if settings.SERVE_MEDIA_IMAGES:
    # The embedded default has no front web server: image renditions (only
    # those; documents go through Wagtail's view, which checks privacy) are
    # served from MEDIA_ROOT. A front server does this in production.
    urlpatterns.append(
        re_path(
            r"^media/(?P<path>images/[^/]+)$",
            cache_control(max_age=86400, public=True)(serve),
            {"document_root": settings.MEDIA_ROOT},
            name="media_images",
        )
    )
