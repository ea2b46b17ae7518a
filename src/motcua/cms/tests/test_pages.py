"""Pages of the website: the tree every installation has, what each page
shows, and what an editor cannot publish (no summary, an image without alt
text, a document without file or year)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from motcua.cms.models import DocumentPage, HomePage, HomeSlogan, NewsCategory, NewsPage
from motcua.cms.tests.helpers import (
    add_document,
    add_guide,
    add_news,
    make_document,
    make_image,
    paragraph,
    publish,
)
from motcua.org.actions import do_update_unit

pytestmark = pytest.mark.django_db


# ------------------------------------------------------------------ tree
def test_every_installation_serves_home_and_sections_at_their_stable_urls(client, site):
    assert Page.objects.get(url_path="/home/").specific_class is HomePage
    for url in ["/", "/tin-tuc/", "/huong-dan/", "/van-ban/", "/lien-he/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="vi"' in response.text


def test_an_unknown_page_under_a_section_gets_the_vietnamese_404(client, site):
    response = client.get("/tin-tuc/khong-co-tin-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text


# ------------------------------------------------------------------ home
def test_home_shows_slogans_services_hotlines_news_and_the_portal(client, site, org):
    org.dept.hotline = "0258 3822 957"
    do_update_unit(org.dept, acting_user=None, hotline="0258 3822 957")
    do_update_unit(org.hospital, acting_user=None, hotline="0258 3000 104")
    for i, text in enumerate(["Dân chủ, nhanh gọn, đúng luật", "Hãy nộp hồ sơ điện tử"]):
        HomeSlogan.objects.create(page=site.home, text=text, sort_order=i)
    add_news(site.news, title="Tin mới về một cửa", unit=org.office)
    text = client.get("/").text
    assert "Dân chủ, nhanh gọn, đúng luật" in text
    assert 'class="banner">Hãy nộp hồ sơ điện tử' in text
    assert "Tin mới về một cửa" in text
    assert "0258 3000 104" in text and "Bệnh viện Đa khoa tỉnh" in text
    assert 'href="https://dichvucong.gov.vn"' in text
    # Every service links to its stable URL; those not built yet say so.
    for url in ["/thu-tuc/", "/tra-cuu/", "/phan-anh-kien-nghi/", "/hoi-dap/", "/khao-sat/"]:
        assert f'href="{url}"' in text
    assert text.count('class="soon"') == 0  # the surveys went live last


def test_home_search_box_searches_everything_procedures_first(client, site, org):
    from motcua.testing.procedure_factories import ProcedureFactory

    ProcedureFactory(unit=org.pharmacy, name="Cấp chứng chỉ hành nghề dược")
    text = client.get("/").text
    assert 'action="/tim-kiem/"' in text and 'href="/thu-tuc/"' in text
    results = client.get("/tim-kiem/", {"q": "chung chi hanh nghe duoc"}).text
    assert "Cấp chứng chỉ hành nghề dược" in results
    assert 'id="section-thu-tuc"' in results


# ------------------------------------------------------------------ news
def test_news_page_shows_lead_image_with_alt_and_responsive_webp(client, site, org):
    image = make_image(description="Quầy tiếp nhận hồ sơ")
    page = add_news(site.news, title="Tin có ảnh", unit=org.office, image=image)
    html = client.get(page.url).text
    lead = re.search(r'<img[^>]*fetchpriority="high"[^>]*>', html).group(0)
    assert 'alt="Quầy tiếp nhận hồ sơ"' in lead
    assert "format-webp" in lead and "srcset=" in lead
    assert re.search(r'width="\d+"', lead) and re.search(r'height="\d+"', lead)
    assert 'loading="lazy"' not in lead  # above the fold
    assert "Văn phòng Sở" in html


def test_page_alt_text_wins_over_the_image_description(site, org):
    image = make_image(description="Mô tả chung")
    page = add_news(site.news, title="Tin", unit=org.office, image=image)
    page.lead_image_alt = "Cán bộ hướng dẫn người dân"
    assert page.lead_alt == "Cán bộ hướng dẫn người dân"


def test_a_lead_image_without_any_alt_text_is_refused(site, org):
    image = make_image(description="")
    page = NewsPage(
        title="Tin",
        slug="tin",
        summary="Tóm tắt",
        unit=org.office,
        lead_image=image,
        body=paragraph("<p>x</p>"),
    )
    with pytest.raises(ValidationError) as error:
        site.news.add_child(instance=page)
    assert "lead_image_alt" in error.value.message_dict


def test_a_news_article_needs_a_title_a_summary_and_a_unit(site, org):
    page = NewsPage(title="", slug="tin", summary="", body=paragraph("<p>x</p>"))
    with pytest.raises(ValidationError) as error:
        site.news.add_child(instance=page)
    assert {"title", "summary", "unit"} <= set(error.value.message_dict)


def test_body_images_need_alt_text_or_the_decorative_mark(site, org):
    image = make_image()
    block = NewsPage.body.field.stream_block
    value = block.to_python(
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "", "decorative": False},
                    "caption": "",
                },
            }
        ]
    )
    with pytest.raises(ValidationError):
        block.clean(value)
    decorative = block.to_python(
        [
            {
                "type": "image",
                "value": {
                    "image": {"image": image.pk, "alt_text": "", "decorative": True},
                    "caption": "",
                },
            }
        ]
    )
    block.clean(decorative)


def test_body_blocks_render(client, site, org):
    image = make_image()
    document = make_document(title="Kế hoạch năm")
    body = [
        {"type": "paragraph", "value": "<p>Đoạn văn</p>"},
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "alt_text": "Ảnh trong bài", "decorative": False},
                "caption": "Chú thích ảnh",
            },
        },
        {
            "type": "gallery",
            "value": {
                "title": "Bộ ảnh",
                "images": [
                    {
                        "image": {"image": image.pk, "alt_text": f"Ảnh {i}", "decorative": False},
                        "caption": "",
                    }
                    for i in (1, 2)
                ],
            },
        },
        {"type": "document", "value": {"document": document.pk, "title": ""}},
        {
            "type": "quote",
            "value": {"text": "Dân chủ, nhanh gọn, đúng luật", "attribution": "Khẩu hiệu"},
        },
    ]
    import json

    page = NewsPage(
        title="Tin đủ khối", slug="du-khoi", summary="x", unit=org.office, body=json.dumps(body)
    )
    publish(site.news, page)
    html = client.get(page.url).text
    assert "Đoạn văn" in html and "Chú thích ảnh" in html
    assert 'alt="Ảnh trong bài"' in html and 'alt="Ảnh 2"' in html
    assert html.count('loading="lazy"') >= 3  # below the fold
    assert "Kế hoạch năm" in html and "(PDF" in html
    assert "<blockquote>" in html and "— Khẩu hiệu" in html


def test_news_index_lists_by_category_with_search_and_pagination(client, site, org):
    cchc = NewsCategory.objects.create(name="Cải cách hành chính", slug="cai-cach-hanh-chinh")
    for i in range(12):
        add_news(
            site.news,
            title=f"Tin cải cách số {i}",
            unit=org.office,
            categories=(cchc,),
            day=date(2026, 1, i + 1),
        )
    add_news(site.news, title="Bản tin sức khỏe", unit=org.office)
    first = client.get("/tin-tuc/")
    assert first.status_code == 200
    assert "Tin cải cách số 11" not in first.text or "Bản tin sức khỏe" in first.text
    assert 'rel="next"' in first.text
    assert client.get("/tin-tuc/?page=2").status_code == 200
    assert client.get("/tin-tuc/?page=abc").status_code == 200
    assert client.get("/tin-tuc/?page=999").status_code == 200
    by_category = client.get("/tin-tuc/danh-muc/cai-cach-hanh-chinh/").text
    assert "Bản tin sức khỏe" not in by_category and "Tin cải cách số 11" in by_category
    assert client.get("/tin-tuc/danh-muc/khong-co/").status_code == 404
    found = client.get("/tin-tuc/", {"q": "ban tin suc khoe"}).text
    assert "Bản tin sức khỏe" in found and "Tin cải cách số 3" not in found


def test_related_news_prefers_the_editors_choice_then_the_same_category(client, site, org):
    cchc = NewsCategory.objects.create(name="CCHC", slug="cchc")
    other = add_news(site.news, title="Tin cùng chuyên mục", unit=org.office, categories=(cchc,))
    add_news(site.news, title="Tin khác chuyên mục", unit=org.office)
    page = add_news(site.news, title="Tin chính", unit=org.office, categories=(cchc,))
    html = client.get(page.url).text
    assert "Tin cùng chuyên mục" in html and "Tin khác chuyên mục" not in html
    del other


# ---------------------------------------------------------------- guides
def test_guide_shows_numbered_steps_and_help_and_prints(client, site, org):
    guide = add_guide(
        site.guides, title="Tạo tài khoản", unit=org.office, step="<p>Mở ứng dụng VNeID.</p>"
    )
    html = client.get(guide.url).text
    assert '<ol class="steps">' in html and "Bước đầu tiên" in html and "Mở ứng dụng VNeID." in html
    assert 'class="public printable"' in html
    assert "Tạo tài khoản" in client.get("/huong-dan/").text


# ------------------------------------------------------------- documents
def test_document_needs_a_file_and_a_year(site, org):
    page = DocumentPage(
        title="Kế hoạch",
        slug="ke-hoach",
        summary="x",
        doc_type="ke-hoach",
        issuer="Sở Y tế",
        unit=org.office,
    )
    with pytest.raises(ValidationError) as error:
        site.library.add_child(instance=page)
    assert {"file", "year"} <= set(error.value.message_dict)


def test_document_year_comes_from_its_issue_date(site, org):
    page = DocumentPage(
        title="Quyết định",
        slug="quyet-dinh",
        summary="x",
        doc_type="van-ban-phap-luat",
        number="43/QĐ-SYT",
        issue_date=date(2020, 1, 30),
        issuer="Sở Y tế",
        unit=org.office,
        file=make_document(),
    )
    page = publish(site.library, page)
    assert page.year == 2020


def test_document_page_shows_number_issue_date_issuer_and_file(client, site, org):
    page = DocumentPage(
        title="Quyết định ban hành kế hoạch",
        slug="qd-43",
        summary="Ban hành Kế hoạch cải cách hành chính năm 2020.",
        doc_type="van-ban-phap-luat",
        number="43/QĐ-SYT",
        issue_date=date(2020, 1, 30),
        issuer="Sở Y tế tỉnh Khánh Hòa",
        unit=org.office,
        file=make_document(),
    )
    publish(site.library, page)
    html = client.get(page.url).text
    assert "43/QĐ-SYT" in html and "30/01/2020" in html and "Sở Y tế tỉnh Khánh Hòa" in html
    assert "/documents/" in html and 'class="public printable"' in html


def test_document_library_filters_by_type_and_year(client, site, org):
    add_document(site.library, title="Kế hoạch tuyên truyền 2020", unit=org.office, year=2020)
    add_document(
        site.library,
        title="Báo cáo chỉ số hài lòng 2024",
        unit=org.office,
        doc_type="bao-cao-hai-long",
        year=2024,
    )
    everything = client.get("/van-ban/").text
    assert (
        "Kế hoạch tuyên truyền 2020" in everything and "Báo cáo chỉ số hài lòng 2024" in everything
    )
    plans = client.get("/van-ban/", {"loai": "ke-hoach"}).text
    assert "Kế hoạch tuyên truyền 2020" in plans and "Báo cáo chỉ số hài lòng 2024" not in plans
    year = client.get("/van-ban/", {"nam": "2024"}).text
    assert "Báo cáo chỉ số hài lòng 2024" in year and "Kế hoạch tuyên truyền 2020" not in year
    words = client.get("/van-ban/", {"q": "chi so hai long"}).text
    assert "Báo cáo chỉ số hài lòng 2024" in words and "Kế hoạch tuyên truyền 2020" not in words


@pytest.mark.parametrize("query", [{"nam": "abc"}, {"nam": "1800"}, {"loai": "<script>"}])
def test_document_library_answers_a_wrong_filter_with_400_and_a_message(client, site, query):
    response = client.get("/van-ban/", query)
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert "<script>" not in response.text


# --------------------------------------------------------------- contact
def test_contact_page_reads_units_from_the_organisation_tree(client, site, org):
    do_update_unit(org.hospital, acting_user=None, hotline="0258 3000 104", email="bv@motcua.test")
    html = client.get("/lien-he/").text
    assert "Bệnh viện Đa khoa tỉnh" in html and "0258 3000 104" in html
    assert 'href="mailto:bv@motcua.test"' in html
    assert "Sở Y tế tỉnh khác" not in html  # another Department's tree
    do_update_unit(org.hospital, acting_user=None, hotline="0258 3999 999")
    assert "0258 3999 999" in client.get("/lien-he/").text


# ------------------------------------------------------ stable addresses
def test_pages_keep_a_stable_address_when_they_move_or_are_renamed(client, site, org):
    page = add_news(site.news, title="Tin", unit=org.office, slug="ten-cu")
    response = client.get(f"/trang/{page.pk}/")
    assert response.status_code == 302 and response["Location"] == "/tin-tuc/ten-cu/"
    page.slug = "ten-moi"
    page.save_revision().publish()
    assert client.get(f"/trang/{page.pk}/")["Location"] == "/tin-tuc/ten-moi/"
    page.unpublish()
    assert client.get(f"/trang/{page.pk}/").status_code == 404
    assert client.get("/trang/999999/").status_code == 404


def test_documents_keep_a_stable_address(client, site):
    document = make_document()
    response = client.get(f"/tai-lieu/{document.pk}/")
    assert response.status_code == 302 and response["Location"] == document.url
    assert client.get("/tai-lieu/999999/").status_code == 404


# ---------------------------------------------------------- public quality
def test_pages_have_canonical_and_open_graph_tags_on_the_public_address(
    client, site, org, settings
):
    settings.SITE_URL = "https://syt.example.gov.vn"
    image = make_image(description="Ảnh đại diện")
    page = add_news(
        site.news, title="Tin chia sẻ", unit=org.office, image=image, slug="tin-chia-se"
    )
    html = client.get(page.url).text
    assert '<link rel="canonical" href="https://syt.example.gov.vn/tin-tuc/tin-chia-se/">' in html
    assert '<meta property="og:title" content="Tin chia sẻ">' in html
    assert '<meta property="og:type" content="article">' in html
    assert re.search(r'<meta property="og:image" content="http[^"]+\.jpg">', html)
    assert '<meta property="og:image:alt" content="Ảnh đại diện">' in html
    home = client.get("/").text
    assert '<link rel="canonical" href="https://syt.example.gov.vn/">' in home


def test_search_text_is_folded_when_a_page_is_published(site, org):
    page = add_news(
        site.news,
        title="Tiếp nhận hồ sơ tại Khánh Hòa",
        unit=org.office,
        body="<p>Đường dây nóng</p>",
    )
    assert page.search_title == " tiep nhan ho so tai khanh hoa "
    assert " duong day nong " in page.search_text and " van phong so " in page.search_text


def test_addresses_are_letters_without_accents(site, org):
    page = NewsPage(
        title="Điện thoại đường dây nóng",
        slug="",
        summary="x",
        unit=org.office,
        body=paragraph("<p>x</p>"),
    )
    site.news.add_child(instance=page)
    assert page.slug == "dien-thoai-duong-day-nong"
    page.slug = "Sở-Y-tế-đổi-địa-chỉ"
    page.save()
    assert page.slug == "so-y-te-doi-dia-chi"


def test_stable_addresses_answer_head_requests(client, site, org):
    page = add_news(site.news, title="Tin", unit=org.office)
    assert client.head(f"/trang/{page.pk}/").status_code == 302
    assert client.head("/robots.txt").status_code == 200


def test_copying_an_article_keeps_its_fields_and_refolds_its_title(site, org):
    page = add_news(site.news, title="Tin gốc", unit=org.office, image=make_image())
    copy = page.copy(update_attrs={"title": "Bản sao", "slug": "ban-sao"}).specific
    assert copy.unit_id == org.office.pk and copy.lead_image_id == page.lead_image_id
    assert copy.search_title == " ban sao "
