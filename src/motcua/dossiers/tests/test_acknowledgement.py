"""The submission acknowledgement PDF (giấy xác nhận nộp hồ sơ trực tuyến)."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from motcua.dossiers import documents, selectors
from motcua.dossiers.constants import DeliveryMethod, DossierStatus, FileKind
from motcua.dossiers.models import DossierFile
from motcua.testing.factories import UserFactory
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return _flat(" ".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def dossier(org, personas):
    procedure = ProcedureFactory(
        unit=org.pharmacy, code="1.014076", name="Cấp chứng chỉ hành nghề dược"
    )
    d = make_dossier(
        procedure=procedure,
        user=personas.citizen,
        code="SYT-NVD-260105-0001",
        lookup_key="AB23CD",
        applicant_name="Nguyễn Văn An",
        applicant_id_number="079203001234",
        delivery_method=DeliveryMethod.POST,
        delivery_name="Nguyễn Văn An",
        delivery_address="12 Trần Phú",
        postal_fee=25000,
    )
    first = procedure.current_version.documents.order_by("position").first()
    DossierFile.objects.create(
        dossier=d,
        kind=FileKind.SUBMITTED,
        requirement=first,
        file=ContentFile(b"%PDF-1.4\n", name="don.pdf"),
        original_name="don-de-nghi.pdf",
        content_type="application/pdf",
        size=9,
        sha256="0" * 64,
    )
    return d


def test_the_owner_downloads_the_acknowledgement_with_code_key_and_documents(
    client, personas, dossier
):
    client.force_login(personas.citizen)
    url = reverse("dossier_acknowledgement", args=[dossier.pk])
    assert url == f"/tai-khoan/ho-so/{dossier.pk}/giay-xac-nhan.pdf"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "giay-xac-nhan-syt-nvd-260105-0001.pdf" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "GIẤY XÁC NHẬN" in text
    assert "Mã hồ sơ: SYT-NVD-260105-0001" in text  # beside the QR code
    assert "AB23CD" in text
    assert "Cấp chứng chỉ hành nghề dược" in text
    assert "don-de-nghi.pdf" in text
    assert "Không nộp" in text  # the second document has no file
    assert "********1234" in text and "079203001234" not in text
    assert "25.000 đ" in text
    assert "20 ngày" in text
    assert "TRACUU SYT-NVD-260105-0001 AB23CD" in text


def test_the_pdf_carries_the_qr_code_of_the_lookup_link(dossier):
    html = documents.render_acknowledgement_html(dossier)
    url = selectors.lookup_url(dossier)
    assert url.endswith("/tra-cuu/SYT-NVD-260105-0001/?k=AB23CD")
    qr = documents.qr_svg(url)
    # The same modules segno draws for the URL, inside the body.
    path = re.search(r' d="([^"]+)"', qr).group(1)
    assert path in html
    assert html.index(path) > html.index('<div class="body">')


def test_another_person_gets_404(client, dossier):
    client.force_login(UserFactory())
    response = client.get(reverse("dossier_acknowledgement", args=[dossier.pk]))
    assert response.status_code == 404


def test_a_draft_has_no_acknowledgement(client, personas, org):
    draft = make_dossier(user=personas.citizen, status=DossierStatus.DRAFT)
    client.force_login(personas.citizen)
    assert client.get(reverse("dossier_acknowledgement", args=[draft.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, dossier):
    response = client.get(reverse("dossier_acknowledgement", args=[dossier.pk]))
    assert response.status_code == 302
    assert "/tai-khoan/" in response["Location"]


def test_unpublished_facts_say_chua_cong_bo(org, personas):
    procedure = ProcedureFactory(unit=org.pharmacy, deadline=None, fee=None)
    d = make_dossier(procedure=procedure, user=personas.citizen)
    text = _pdf_text(documents.render_acknowledgement_pdf(d))
    assert "Thời hạn giải quyết theo quy định: chưa công bố" in text
    assert "Phí, lệ phí: chưa công bố" in text
