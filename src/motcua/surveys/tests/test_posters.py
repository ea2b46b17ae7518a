"""QR posters: the decoded QR carries exactly the printed address, one page
per point, A4 and A5 page sizes."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from motcua.surveys import posters
from motcua.testing.survey_factories import make_campaign

pytestmark = pytest.mark.django_db


def _decode_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    import zxingcpp
    from PIL import Image

    source = tmp_path / "poster.pdf"
    source.write_bytes(pdf)
    subprocess.run(  # noqa: S603 — fixed arguments
        ["pdftoppm", "-png", "-r", "110", str(source), str(tmp_path / "page")],  # noqa: S607
        check=True,
    )
    texts = []
    for png in sorted(tmp_path.glob("page-*.png")):
        found = zxingcpp.read_barcodes(Image.open(png))
        assert len(found) == 1, png
        texts.append(found[0].text)
    return texts


def _page_sizes_mm(pdf: bytes) -> list[tuple[int, int]]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    return [
        (round(float(p.mediabox.width) * 25.4 / 72), round(float(p.mediabox.height) * 25.4 / 72))
        for p in reader.pages
    ]


def test_each_point_gets_a_page_whose_qr_is_the_survey_address(org, settings, tmp_path):
    settings.SITE_URL = "https://motcua.khanhhoa.gov.vn"
    campaign = make_campaign(
        unit=org.hospital,
        slug="kham-benh-ngoai-tru",
        points=[("khoa-kham-benh", "Khoa Khám bệnh"), ("quay-thu-ngan", "Quầy thu ngân")],
    )
    pdf = posters.render_poster_pdf(campaign, "a4")
    assert _decode_pages(pdf, tmp_path) == [
        "https://motcua.khanhhoa.gov.vn/khao-sat/kham-benh-ngoai-tru/?diem=khoa-kham-benh&kenh=qr",
        "https://motcua.khanhhoa.gov.vn/khao-sat/kham-benh-ngoai-tru/?diem=quay-thu-ngan&kenh=qr",
    ]
    assert _page_sizes_mm(pdf) == [(210, 297), (210, 297)]


def test_a5_poster_without_points_has_one_page(org, settings, tmp_path):
    settings.SITE_URL = "http://127.0.0.1:8000"
    campaign = make_campaign(unit=org.hospital, slug="mot-cua-so-y-te")
    pdf = posters.render_poster_pdf(campaign, "a5")
    assert _page_sizes_mm(pdf) == [(148, 210)]
    assert _decode_pages(pdf, tmp_path) == [
        "http://127.0.0.1:8000/khao-sat/mot-cua-so-y-te/?kenh=qr"
    ]


def test_poster_text_names_the_facility_and_the_point(org):
    campaign = make_campaign(
        unit=org.hospital, title="Khảo sát người bệnh ngoại trú", points=[("k", "Khoa Nội")]
    )
    html = posters.render_poster_html(campaign, "a4")
    assert "Bệnh viện Đa khoa tỉnh" in html
    assert "Khoa Nội" in html
    assert "Quét mã QR để đánh giá sự hài lòng" in html
    assert posters.survey_url(campaign, campaign.points.get()) in html.replace("&amp;", "&")


def test_poster_download_is_scoped_and_sized(client, org, personas, tmp_path):
    campaign = make_campaign(unit=org.hospital, slug="poster-tai-ve")
    url = reverse("surveys_staff:poster", args=[campaign.pk])
    client.force_login(personas.focal_point)
    response = client.get(url, {"kho": "a5"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _page_sizes_mm(response.content) == [(148, 210)]
    assert client.get(url, {"kho": "a3"}).status_code == 400
    client.force_login(personas.outsider)
    assert client.get(url).status_code in (403, 404)
