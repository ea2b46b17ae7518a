"""Site search (/tim-kiem/): accent-insensitive on whichever database runs
the suite — SQLite by default, PostgreSQL with
``DATABASE_URL=postgres://… pytest src/motcua/cms`` — and any input
answers normally."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import connection

from motcua.cms.tests.helpers import add_document, add_guide, add_news
from motcua.core.search import (
    SearchHit,
    SearchQuery,
    SearchResults,
    index_text,
    register_search_provider,
    unregister_search_provider,
)

pytestmark = pytest.mark.django_db


def test_folding_of_stored_text_and_queries():
    assert index_text("Số: 43/QĐ-SYT", "Khánh Hòa") == " so 43 qd syt khanh hoa "
    query = SearchQuery.parse("  Tiếp   NHẬN hồ sơ ")
    assert query.terms == ("tiep", "nhan", "ho", "so")
    assert SearchQuery.parse("<script>alert(1)</script>").terms == (
        "script",
        "alert",
        "1",
        "script",
    )
    assert SearchQuery.parse("!!! ... ").is_empty
    long = SearchQuery.parse("hồ sơ " * 500)
    assert long.truncated and len(long.terms) <= 12 and len(long.text) <= 200


@pytest.fixture
def pages(site, org):
    return {
        "news": add_news(
            site.news,
            title="Tiếp nhận hồ sơ trực tuyến tại Sở Y tế",
            unit=org.office,
            summary="Bộ phận một cửa tiếp nhận hồ sơ mọi ngày làm việc.",
        ),
        "guide": add_guide(
            site.guides,
            title="Đến Bộ phận Một cửa",
            unit=org.office,
            step="<p>Địa chỉ: 04 Phan Chu Trinh, phường Nha Trang, tỉnh Khánh Hòa.</p>",
        ),
        "document": add_document(
            site.library, title="Kế hoạch tuyên truyền", unit=org.office, number="43/QĐ-SYT"
        ),
        "draft": add_news(site.news, title="Tiếp nhận bản nháp", unit=org.office, live=False),
    }


def _titles(client, q: str, **extra: str) -> str:
    response = client.get("/tim-kiem/", {"q": q, **extra})
    assert response.status_code == 200
    return response.text


def test_accentless_words_find_accented_pages(client, pages):
    # Runs on the suite's database: SQLite, or PostgreSQL under DATABASE_URL.
    assert connection.vendor in ("sqlite", "postgresql")
    text = _titles(client, "tiep nhan ho so")
    assert "Tiếp nhận hồ sơ trực tuyến tại Sở Y tế" in text
    assert "Đến Bộ phận Một cửa" in _titles(client, "Khanh Hoa")
    assert "Kế hoạch tuyên truyền" in _titles(client, "43/QD-SYT")


def test_accents_and_their_unicode_forms_do_not_matter(client, pages):
    for q in [
        "tiếp nhận hồ sơ",
        "TIẾP NHẬN HỒ SƠ",
        unicodedata.normalize("NFD", "tiếp nhận hồ sơ"),
        "khánh hoà",
    ]:
        assert "Tiếp nhận hồ sơ trực tuyến" in _titles(
            client, q
        ) or "Đến Bộ phận Một cửa" in _titles(client, q), q


def test_the_last_word_may_be_unfinished_and_others_are_whole_words(client, pages):
    assert "Tiếp nhận hồ sơ trực tuyến" in _titles(client, "tiep nhan ho s")
    assert "Tiếp nhận hồ sơ trực tuyến" not in _titles(client, "tie nhan")


def test_drafts_are_not_found(client, pages):
    assert "Tiếp nhận bản nháp" not in _titles(client, "ban nhap")


def test_the_news_section_search_uses_the_same_folding(client, pages):
    assert "Tiếp nhận hồ sơ trực tuyến" in client.get("/tin-tuc/", {"q": "tiep nhan"}).text


@pytest.mark.parametrize("q", ["", "   ", "!!!"])
def test_an_empty_query_asks_for_words(client, db, q):
    response = client.get("/tim-kiem/", {"q": q})
    assert response.status_code == 200
    assert 'name="q"' in response.text


def test_a_very_long_query_answers_normally(client, pages):
    response = client.get("/tim-kiem/", {"q": "tiếp nhận hồ sơ " * 2000})
    assert response.status_code == 200
    assert 'class="notice notice--warn"' in response.text


def test_script_in_a_query_is_escaped_everywhere(client, pages):
    q = '"><script>alert(1)</script>'
    for url in ["/tim-kiem/", "/tin-tuc/", "/van-ban/"]:
        response = client.get(url, {"q": q})
        assert response.status_code == 200, url
        assert "<script>alert(1)</script>" not in response.text, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text, url


def test_one_kind_of_result_is_paginated_and_a_wrong_kind_is_400(client, site, org):
    for i in range(13):
        add_news(site.news, title=f"Thông báo tiếp nhận số {i}", unit=org.office)
    page_one = client.get("/tim-kiem/", {"q": "thong bao", "loai": "trang"})
    assert page_one.status_code == 200 and 'rel="next"' in page_one.text
    page_two = client.get("/tim-kiem/", {"q": "thong bao", "loai": "trang", "page": "2"})
    assert page_two.status_code == 200 and 'rel="prev"' in page_two.text
    assert (
        client.get("/tim-kiem/", {"q": "thong bao", "loai": "trang", "page": "x"}).status_code
        == 200
    )
    assert client.get("/tim-kiem/", {"q": "thong bao", "loai": "khong-co"}).status_code == 400


class FakeProvider:
    """Another app's results, added through core.search."""

    key = "thu-nghiem"
    label = "Thử nghiệm"
    order = 5

    def search(self, query, *, offset, limit, request):
        if "duoc" not in query.terms:
            return SearchResults()
        hit = SearchHit(title="Hỏi đáp thử nghiệm về dược", url="/hoi-dap/1/", kind="Hỏi đáp")
        return SearchResults(hits=[hit], total=1)


def test_other_apps_add_their_results_through_the_registry(client, pages):
    register_search_provider(FakeProvider())
    try:
        text = _titles(client, "chung chi duoc")
        assert "Hỏi đáp thử nghiệm về dược" in text
        assert text.index('id="section-thu-nghiem"') < text.index('id="section-trang"')
    finally:
        unregister_search_provider("thu-nghiem")


def test_procedures_are_searchable_so_the_portal_notice_is_gone(client, pages):
    # The procedures app registers "thu-tuc"; the "not searchable here yet"
    # notice pointing to dichvucong.gov.vn was for the time before it.
    assert "dichvucong.gov.vn</a></p>" not in _titles(client, "duoc")
