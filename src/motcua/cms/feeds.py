"""RSS 2.0 and Atom feeds of a news section (/tin-tuc/rss/, /tin-tuc/atom/)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from motcua.cms import constants
from motcua.cms.selectors import news_list

if TYPE_CHECKING:
    from motcua.cms.models import NewsIndexPage, NewsPage


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index: NewsIndexPage) -> None:
        super().__init__()
        self.index = index

    def title(self) -> str:
        return f"{self.index.title} — {settings.MOTCUA_SITE['department']}"

    def link(self) -> str:
        return self.index.get_full_url() or settings.SITE_URL

    def description(self) -> str:
        return self.index.summary

    def feed_url(self) -> str:
        return f"{self.link()}{'atom' if self.feed_type is Atom1Feed else 'rss'}/"

    def items(self) -> list[NewsPage]:
        return list(news_list(self.index)[: constants.FEED_ITEMS])

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.summary

    def item_link(self, item: NewsPage) -> str:
        return item.get_full_url() or ""

    def item_guid(self, item: NewsPage) -> str:
        # The stable address (/trang/<id>/): the article may move or be renamed.
        return f"{settings.SITE_URL}/trang/{item.pk}/"

    item_guid_is_permalink = True

    def item_pubdate(self, item: NewsPage) -> datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: NewsPage) -> datetime | None:
        return item.last_published_at

    def item_author_name(self, item: NewsPage) -> str:
        return item.unit.name if item.unit_id else ""

    def item_categories(self, item: NewsPage) -> list[str]:
        return [c.name for c in item.categories.all()]

    def get_feed(self, obj: Any, request: Any) -> Any:
        feed = super().get_feed(obj, request)
        feed.feed["language"] = "vi"
        return feed


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.index.summary
