"""No query per row: the news index, the document library, the search page
and the home page make the same number of queries with 3 or 9 items."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.cms.models import NewsCategory
from motcua.cms.tests.helpers import add_document, add_guide, add_news, make_image

pytestmark = pytest.mark.django_db

# Upper bounds, to notice a page growing heavier (not only per-row queries).
LIMITS = {"/tin-tuc/": 16, "/van-ban/": 14, "/tim-kiem/?q=tiep+nhan": 12, "/": 18}


def count(client, url: str) -> int:
    client.get(url)  # warm: image renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_content(site, org, n: int) -> None:
    category = NewsCategory.objects.get_or_create(name="CCHC", slug="cchc")[0]
    image = make_image()
    for i in range(n):
        add_news(
            site.news,
            title=f"Tiếp nhận hồ sơ {i}",
            unit=org.office,
            image=image,
            categories=(category,),
        )
        add_document(
            site.library, title=f"Kế hoạch tiếp nhận {i}", unit=org.office, year=2020 + i % 3
        )
        add_guide(site.guides, title=f"Hướng dẫn tiếp nhận {i}", unit=org.office)


@pytest.mark.parametrize("url", list(LIMITS))
def test_list_pages_make_a_fixed_number_of_queries(client, site, org, url):
    add_content(site, org, 3)
    few = count(client, url)
    add_content(site, org, 6)
    many = count(client, url)
    assert many == few, f"{url}: {few} queries with 3 items, {many} with 9"
    assert many <= LIMITS[url], f"{url}: {many} queries"
