"""What the website measures for plans and reports (``core.indicators``,
imported by ``CoreConfig.ready()``)."""

from __future__ import annotations

from datetime import date

from motcua.core.indicators import Scope, register_indicator


def articles_published(start: date, end: date, scope: Scope) -> int:
    """News articles, guides and other articles (not library documents nor
    the contact page) first published between ``start`` and ``end``
    (inclusive, Vietnam time) and still online, by units of the scope."""
    from motcua.cms.models import GuidePage, NewsPage, StandardPage

    total = 0
    for model in (NewsPage, GuidePage, StandardPage):
        qs = model.objects.live().filter(first_published_at__date__range=(start, end))
        total += scope.filter(qs, "unit").count()
    return total


register_indicator(
    "cms.articles_published",
    compute=articles_published,
    description="Tin, bài (tin tức, hướng dẫn, bài viết) đăng lần đầu trong kỳ và còn đăng "
    "trên Trang thông tin điện tử, theo đơn vị đăng.",
)
