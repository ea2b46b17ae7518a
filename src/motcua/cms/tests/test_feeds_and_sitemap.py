"""RSS and Atom feeds of the news, sitemap.xml and robots.txt."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from motcua.cms.models import NewsCategory
from motcua.cms.tests.helpers import add_guide, add_news

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def news(site, org, settings):
    settings.SITE_URL = "https://syt.example.gov.vn"
    NewsCategory.objects.create(name="Cải cách hành chính", slug="cai-cach-hanh-chinh")
    published = add_news(site.news, title="Tin đã đăng", unit=org.office, slug="tin-da-dang")
    add_news(site.news, title="Tin nháp", unit=org.office, live=False)
    return published


def test_rss_lists_published_news_with_public_links(client, news):
    response = client.get("/tin-tuc/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ElementTree.fromstring(response.content).find("channel")  # noqa: S314 — our own feed
    assert channel.findtext("language") == "vi"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Tin đã đăng"]
    assert items[0].findtext("link") == "https://syt.example.gov.vn/tin-tuc/tin-da-dang/"
    assert items[0].findtext("guid") == f"https://syt.example.gov.vn/trang/{news.pk}/"


def test_atom_lists_published_news(client, news):
    response = client.get("/tin-tuc/atom/")
    assert response.status_code == 200
    feed = ElementTree.fromstring(response.content)  # noqa: S314 — our own feed
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == ["Tin đã đăng"]


def test_news_pages_announce_their_feeds(client, news):
    html = client.get("/tin-tuc/").text
    assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html


def test_sitemap_lists_live_pages_and_categories_on_the_public_address(client, news, site, org):
    add_guide(site.guides, title="Hướng dẫn", unit=org.office)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.text
    for url in [
        "https://syt.example.gov.vn/",
        "https://syt.example.gov.vn/tin-tuc/",
        "https://syt.example.gov.vn/tin-tuc/tin-da-dang/",
        "https://syt.example.gov.vn/tin-tuc/danh-muc/cai-cach-hanh-chinh/",
        "https://syt.example.gov.vn/huong-dan/",
        "https://syt.example.gov.vn/van-ban/",
        "https://syt.example.gov.vn/lien-he/",
    ]:
        assert f"<loc>{url}</loc>" in body, url
    assert "Tin nháp" not in body and "localhost" not in body


def test_robots_txt_points_to_the_sitemap_and_keeps_staff_areas_out(client, settings):
    settings.SITE_URL = "https://syt.example.gov.vn"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.text
    assert "Sitemap: https://syt.example.gov.vn/sitemap.xml" in text
    for path in ("/admin/", "/can-bo/", "/tai-khoan/", "/tim-kiem/"):
        assert f"Disallow: {path}" in text
