"""The staff indices page /can-bo/khao-sat/chi-so/ and its downloads."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from motcua.surveys.generate import generate_responses
from motcua.testing.factories import UnitFactory
from motcua.testing.survey_factories import make_campaign, make_response, make_template

URL = "/can-bo/khao-sat/chi-so/"
Q1 = {"ky": "quy", "nam": "2026", "so": "1"}
DAY = date(2026, 2, 10)


@pytest.fixture
def data(org):
    version = make_template(
        questions=["A1", "A2", "B1", {"code": "T1", "kind": "text"}],
        sections={"T": {"in_index": False}},
    )
    hospital = make_campaign(
        org.hospital, version, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    pharmacy = make_campaign(
        org.pharmacy, version, starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    make_response(
        hospital,
        {"A1": 5, "A2": 4, "B1": 2, "T1": "<script>alert(1)</script> Tốt"},
        answered_on=DAY,
    )
    make_response(hospital, {"A1": 4, "A2": 0, "B1": 5}, answered_on=DAY)
    make_response(pharmacy, {"A1": 1, "A2": 2, "B1": 3}, answered_on=DAY)
    return version


def test_it_needs_a_staff_role(client, personas, data):
    assert client.get(URL).status_code == 302
    client.force_login(personas.citizen)
    assert client.get(URL).status_code == 403
    client.force_login(personas.handler)  # staff, but no survey role
    assert client.get(URL).status_code == 403


def test_coordinator_sees_figures_of_every_unit(client, personas, data):
    client.force_login(personas.coordinator)
    response = client.get(URL, {**Q1, "mau": data.template.pk})
    assert response.status_code == 200
    summary = response.context["summary"]
    # A1 5 4 1, A2 4 2, B1 2 5 3 → 8 answers, 4 satisfied.
    assert (summary.responses, summary.answered, str(summary.rate)) == (3, 8, "50.00")
    rows = {r.unit_name: r for r in response.context["unit_rows"]}
    assert set(rows) == {"Bệnh viện Đa khoa tỉnh", "Phòng Nghiệp vụ Dược"}
    html = response.content.decode()
    assert 'role="img"' in html and "<desc" in html
    # Free text is shown escaped.
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tốt" in html
    assert "<script>alert(1)</script>" not in html


def test_focal_point_sees_only_their_subtree(client, personas, data, org):
    client.force_login(personas.focal_point)  # hospital
    response = client.get(URL, {**Q1, "mau": data.template.pk})
    assert response.status_code == 200
    assert response.context["summary"].responses == 2
    assert [r.unit_name for r in response.context["unit_rows"]] == ["Bệnh viện Đa khoa tỉnh"]
    assert client.get(URL, {**Q1, "don-vi": org.pharmacy.pk}).status_code == 404
    other = make_campaign(org.pharmacy, data)
    assert client.get(URL, {"chien-dich": other.pk}).status_code == 404


def test_bad_filters_are_a_400_keeping_the_input(client, personas, data):
    client.force_login(personas.coordinator)
    response = client.get(URL, {"ky": "tuy-chon", "tu": "31/02/2026", "den": "01/01/2026"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="31/02/2026"' in html
    assert "error-summary" in html and 'href="#f-tu"' in html
    assert client.get(URL, {"ky": "quy", "so": "7"}).status_code == 400
    assert client.get(URL, {"nam": "abc"}).status_code == 400
    assert client.get(URL, {"chien-dich": "x"}).status_code == 404


def test_campaign_filter(client, personas, data, org):
    from motcua.surveys.models import Campaign

    client.force_login(personas.coordinator)
    hospital = Campaign.objects.get(unit=org.hospital)
    response = client.get(URL, {**Q1, "chien-dich": hospital.pk})
    assert response.status_code == 200
    assert response.context["summary"].responses == 2
    assert response.context["unit_rows"] == []


def test_query_count_does_not_grow_with_units(client, personas, org, django_assert_max_num_queries):
    version = make_template()
    units = [org.hospital] + [UnitFactory(parent=org.dept) for _ in range(5)]
    client.force_login(personas.coordinator)
    campaign = make_campaign(
        units[0], version, starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31)
    )
    generate_responses(campaign, 40, seed=1, start=date(2026, 1, 1), end=date(2026, 3, 31))
    params = {**Q1, "mau": version.template.pk}
    client.get(URL, params)  # warm caches (sessions, content types)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        assert client.get(URL, params).status_code == 200
    for unit in units[1:]:
        c = make_campaign(unit, version, starts_on=date(2026, 1, 1), ends_on=date(2026, 3, 31))
        generate_responses(c, 40, seed=2, start=date(2026, 1, 1), end=date(2026, 3, 31))
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(URL, params)
    assert len(response.context["unit_rows"]) == 6


def test_downloads(client, personas, data, org):
    client.force_login(personas.coordinator)
    params = {**Q1, "mau": data.template.pk, "don-vi": org.dept.pk}
    pdf = client.get(reverse("surveys_indices:report", args=["pdf"]), params)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("surveys_indices:report", args=["docx"]), params)
    assert docx.status_code == 200
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.content)).namelist()
    xlsx = client.get(reverse("surveys_indices:report", args=["xlsx"]), params)
    assert xlsx.status_code == 200
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Tổng hợp", "Theo câu hỏi", "Theo đơn vị"]
    assert client.get(reverse("surveys_indices:report", args=["exe"]), params).status_code == 404
    csv = client.get(reverse("surveys_indices:open_data"), params)
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("ma_don_vi,ten_don_vi")
    assert "<script>" not in text and "Tốt" not in text  # no free text
    bad = client.get(reverse("surveys_indices:open_data"), {"ky": "quy", "so": "9"})
    assert bad.status_code == 400


def test_publish_is_for_the_coordinator(client, personas, data, org):
    from motcua.core import documents

    published = []

    def publisher(doc):
        published.append(doc)
        return "/van-ban/bao-cao-hai-long.pdf"

    documents.register_document_publisher(publisher)
    saved = list(documents._PUBLISHERS)
    documents._PUBLISHERS[:] = [publisher]
    try:
        form = {**Q1, "mau": data.template.pk, "don-vi": org.hospital.pk}
        client.force_login(personas.focal_point)
        assert client.post(reverse("surveys_indices:publish"), form).status_code == 403
        client.force_login(personas.coordinator)
        response = client.post(reverse("surveys_indices:publish"), form)
        assert response.status_code == 302
        assert len(published) == 1 and published[0].content.startswith(b"%PDF")
        assert client.get(reverse("surveys_indices:publish")).status_code == 405
    finally:
        documents._PUBLISHERS[:] = saved
        documents.unregister_document_publisher(publisher)
