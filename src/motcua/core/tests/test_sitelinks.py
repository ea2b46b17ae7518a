"""Evidence links to this site, checked through the resolvers apps register."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from motcua.core.sitelinks import (
    MISSING,
    SiteLink,
    register_link_resolver,
    resolve_site_link,
    site_path,
    unregister_link_resolver,
)


@pytest.fixture(autouse=True)
def _site(settings, monkeypatch):
    from motcua.core import sitelinks

    settings.SITE_URL = "https://syt.khanhhoa.gov.vn"
    # The resolvers apps register (the website's) are not part of these tests.
    monkeypatch.setattr(sitelinks, "_RESOLVERS", [])


@pytest.fixture(autouse=True)
def _only_this_modules_link_resolvers(monkeypatch):
    """The website (cms) registers its resolver for /trang/<id>/ at start-up;
    these tests check the registry with resolvers of their own."""
    from motcua.core import sitelinks

    monkeypatch.setattr(sitelinks, "_RESOLVERS", [])


@pytest.mark.parametrize(
    "url",
    [
        "",
        "http://example.com/trang/1/",
        "ftp://syt.khanhhoa.gov.vn/x",
        "javascript:alert(1)",
        "//evil.example/trang/1/",
        "trang/1/",
        "/can-bo/ke-hoach/",
        "https://syt.khanhhoa.gov.vn/admin/pages/",
        "/" + "a" * 600,
    ],
)
def test_links_elsewhere_or_to_the_staff_area_are_refused(url):
    with pytest.raises(ValidationError):
        site_path(url)


def test_links_to_this_site_keep_path_and_query():
    assert site_path("https://SYT.khanhhoa.gov.vn/tin-tuc/?trang=2") == "/tin-tuc/?trang=2"
    assert site_path(" /tai-lieu/5/ ") == "/tai-lieu/5/"


def test_resolvers_say_whether_the_page_exists():
    def pages(path):
        if not path.startswith("/trang/"):
            return None
        return (
            SiteLink(path=path, kind="page", object_id="3", title="Tin", verified=True)
            if path == "/trang/3/"
            else MISSING
        )

    assert resolve_site_link("/trang/3/").verified is False  # nobody checks yet
    register_link_resolver(pages)
    register_link_resolver(pages)  # once is enough
    try:
        assert resolve_site_link("/trang/3/").object_id == "3"
        with pytest.raises(ValidationError, match="/trang/4/"):
            resolve_site_link("https://syt.khanhhoa.gov.vn/trang/4/")
        assert resolve_site_link("/tin-tuc/").verified is False
    finally:
        unregister_link_resolver(pages)
