"""/thu-tuc/ and /thu-tuc/<code>/: search without accents, filters,
"chưa công bố", "Nộp trực tuyến", printable page, form templates."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext

from motcua.procedures.models import RequiredDocument
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def _names(response) -> str:
    return response.content.decode()


def test_the_urls_are_the_stable_ones():
    assert reverse("procedure_list") == "/thu-tuc/"
    assert reverse("procedure_detail", args=["1.014076"]) == "/thu-tuc/1.014076/"


def test_search_without_accents_finds_the_procedure(client, catalogue):
    response = client.get("/thu-tuc/", {"q": "chung chi hanh nghe duoc"})
    assert response.status_code == 200
    html = _names(response)
    assert "Cấp Chứng chỉ hành nghề dược theo hình thức xét hồ sơ" in html
    assert "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược" not in html
    # Decomposed input (NFD) finds it too.
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Chứng chỉ hành nghề")
    assert "xét hồ sơ" in _names(client.get("/thu-tuc/", {"q": nfd}))


def test_drafts_and_inactive_procedures_are_not_listed(client, catalogue):
    html = _names(client.get("/thu-tuc/"))
    assert "Thủ tục chưa công bố dược" not in html
    assert client.get("/thu-tuc/9.999999/").status_code == 404


def test_filters_by_field_level_and_unit(client, catalogue, org):
    html = _names(client.get("/thu-tuc/", {"linhvuc": "kcb"}))
    assert "quảng cáo dịch vụ" in html and "kinh doanh dược" not in html
    html = _names(client.get("/thu-tuc/", {"mucdo": "online"}))
    assert "kinh doanh dược" in html and "xét hồ sơ" not in html
    html = _names(client.get("/thu-tuc/", {"mucdo": "offline"}))
    assert "xét hồ sơ" in html and "kinh doanh dược" not in html
    html = _names(client.get("/thu-tuc/", {"donvi": org.hospital.code}))
    assert "quảng cáo dịch vụ" in html and "xét hồ sơ" not in html


def test_an_unknown_filter_value_is_a_400_with_an_error_summary(client, catalogue):
    response = client.get("/thu-tuc/", {"linhvuc": "khong-co", "q": "duoc"})
    assert response.status_code == 400
    assert 'class="error-summary"' in _names(response)
    assert 'value="duoc"' in _names(response)  # what was typed stays


def test_the_list_shows_deadline_fee_and_the_online_button(client, catalogue):
    html = _names(client.get("/thu-tuc/"))
    assert "20 " + gettext("days") in html
    assert "500.000 đ" in html
    assert gettext("not yet published") in html  # the KCB advertisement procedure
    assert reverse("dossier_submit", args=["1.014076"]) in html
    assert reverse("dossier_submit", args=["SYT-DUOC-02"]) not in html


def test_the_list_makes_a_fixed_number_of_queries(
    client, catalogue, org, django_assert_max_num_queries
):
    for i in range(25):
        ProcedureFactory(unit=org.pharmacy, field=catalogue.duoc, name=f"Thủ tục dược thử số {i}")
    with django_assert_max_num_queries(10):
        response = client.get("/thu-tuc/", {"q": "duoc"})
    assert response.status_code == 200
    with django_assert_max_num_queries(10):
        client.get("/thu-tuc/", {"page": "2"})


def test_pagination_keeps_the_filters(client, catalogue, org):
    for i in range(25):
        ProcedureFactory(unit=org.pharmacy, field=catalogue.duoc, name=f"Thủ tục dược thử số {i}")
    html = _names(client.get("/thu-tuc/", {"linhvuc": "duoc"}))
    assert "?linhvuc=duoc&amp;page=2" in html


def test_the_detail_page_of_an_online_procedure(client, catalogue):
    response = client.get("/thu-tuc/1.014076/")
    assert response.status_code == 200
    html = _names(response)
    assert reverse("dossier_submit", args=["1.014076"]) in html
    assert "4.000.000 đ" in html and "1.000.000 đ" in html
    assert "procedures.css" in html  # the print styles
    assert 'class="public printable proc-page"' in html


def test_the_detail_page_says_where_to_submit_when_not_online(client, catalogue, settings):
    html = _names(client.get("/thu-tuc/SYT-DUOC-02/"))
    assert reverse("dossier_submit", args=["SYT-DUOC-02"]) not in html
    assert settings.MOTCUA_SITE["address"] in html
    assert "Nộp tại Bộ phận Một cửa Sở Y tế" in html  # the version's in-person note


def test_unknown_facts_say_not_yet_published(client, catalogue):
    html = _names(client.get("/thu-tuc/SYT-KCB-02/"))
    assert html.count(gettext("not yet published")) >= 2  # deadline and fees


def test_markup_in_catalogue_text_is_shown_as_text(client, org):
    ProcedureFactory(code="1.000001", name="<script>alert(1)</script> Cấp phép", unit=org.pharmacy)
    html = _names(client.get("/thu-tuc/1.000001/"))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_a_form_template_is_downloadable_only_from_a_published_version(client, catalogue):
    doc = catalogue.gcn.current_version.documents.first()
    doc.template.save("don-de-nghi.docx", ContentFile(b"PK\x03\x04 test"), save=True)
    html = _names(client.get("/thu-tuc/1.014076/"))
    url = reverse("procedure_document_template", args=["1.014076", doc.pk])
    assert url in html
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")
    assert "attachment" in response["Content-Disposition"]
    hidden = RequiredDocument.objects.filter(version__procedure=catalogue.draft_only).first()
    hidden.template.save("x.docx", ContentFile(b"PK\x03\x04"), save=True)
    assert (
        client.get(reverse("procedure_document_template", args=["9.999999", hidden.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("procedure_document_template", args=["SYT-DUOC-02", doc.pk])).status_code
        == 404
    )


def test_upcoming_rules_are_announced(client, catalogue):
    from datetime import timedelta

    from django.utils import timezone

    from motcua.testing.procedure_factories import ProcedureVersionFactory

    ProcedureVersionFactory(
        catalogue.cchn, effective_from=timezone.localdate() + timedelta(days=10), fee=700_000
    )
    html = _names(client.get("/thu-tuc/SYT-DUOC-02/"))
    assert "500.000 đ" in html and "700.000 đ" not in html  # the rules in force today


def test_procedures_appear_in_the_site_search(client, catalogue):
    response = client.get("/tim-kiem/", {"q": "chung chi hanh nghe duoc"})
    html = _names(response)
    assert 'id="section-thu-tuc"' in html
    assert "/thu-tuc/SYT-DUOC-02/" in html
