"""What the communication plan reads from the website: the addresses it
cites are checked (core.sitelinks), and the number of articles published
(core.indicators, ``cms.articles_published``)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from motcua.cms.tests.helpers import add_guide, add_news, make_document
from motcua.core.indicators import Scope, get_indicator
from motcua.core.sitelinks import resolve_site_link

pytestmark = pytest.mark.django_db


def test_stable_and_current_addresses_of_pages_are_verified(site, org, settings):
    page = add_news(site.news, title="Tin đã đăng", unit=org.office, slug="tin-da-dang")
    for url in [
        f"/trang/{page.pk}/",
        "/tin-tuc/tin-da-dang/",
        f"{settings.SITE_URL}/tin-tuc/tin-da-dang/?utm=x",
    ]:
        link = resolve_site_link(url)
        assert link.verified and link.kind == "page" and link.object_id == str(page.pk), url
        assert link.title == "Tin đã đăng"
    assert resolve_site_link("/tin-tuc/").verified
    assert resolve_site_link("/tin-tuc/rss/").verified


def test_documents_are_verified_by_their_stable_address(site):
    document = make_document(title="Kế hoạch 2020")
    link = resolve_site_link(f"/tai-lieu/{document.pk}/")
    assert link.kind == "document" and link.title == "Kế hoạch 2020" and link.verified
    assert resolve_site_link(document.url).kind == "document"


def test_unpublished_or_missing_pages_are_refused(site, org):
    draft = add_news(site.news, title="Nháp", unit=org.office, live=False, slug="nhap")
    for url in [
        f"/trang/{draft.pk}/",
        "/trang/999999/",
        "/tin-tuc/nhap/",
        "/tai-lieu/999999/",
        "/tin-tuc/danh-muc/khong-co/",
    ]:
        with pytest.raises(ValidationError):
            resolve_site_link(url)


def test_addresses_of_other_services_are_left_to_them(site):
    assert not resolve_site_link("/thu-tuc/1.001/").verified


def test_articles_published_in_a_period_by_unit(site, org):
    add_news(site.news, title="Văn phòng 1", unit=org.office)
    add_news(site.news, title="Bệnh viện", unit=org.hospital)
    add_guide(site.guides, title="Hướng dẫn", unit=org.office)
    add_news(site.news, title="Nháp", unit=org.office, live=False)
    indicator = get_indicator("cms.articles_published")
    assert indicator is not None
    today = timezone.localdate()
    assert indicator.compute(today, today, Scope()) == 3
    assert indicator.compute(today, today, Scope(org.office)) == 2
    assert indicator.compute(today, today, Scope(org.dept)) == 3
    last_year = date(today.year - 1, 1, 1)
    assert indicator.compute(last_year, last_year + timedelta(days=30), Scope()) == 0


def test_other_apps_publish_approved_documents_to_the_library(client, site, org):
    from motcua.cms.models import DocumentPage, WebsiteSettings
    from motcua.cms.tests.helpers import PDF
    from motcua.core.documents import DocumentToPublish, publish_document

    settings = WebsiteSettings.load()
    settings.department = org.dept
    settings.save()
    document = DocumentToPublish(
        title="Báo cáo kết quả tuyên truyền cải cách hành chính quý I",
        filename="bao-cao-quy-1.pdf",
        content=PDF,
        description="Báo cáo tổng hợp quý I của Sở Y tế.",
        issued_on=date(2026, 4, 5),
    )
    url = publish_document(document)
    page = DocumentPage.objects.get()
    assert url == f"/trang/{page.pk}/" and page.live
    assert (page.doc_type, page.year, page.unit, page.issuer) == (
        "bao-cao",
        2026,
        org.dept,
        "Sở Y tế",
    )
    assert page.slug == "bao-cao-ket-qua-tuyen-truyen-cai-cach-hanh-chinh-quy-i"
    assert client.get(url, follow=True).status_code == 200
    assert publish_document(document) != url  # a second copy gets its own address
