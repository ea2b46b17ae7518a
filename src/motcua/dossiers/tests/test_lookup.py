"""Lookup: the selector behind /tra-cuu/, the QR link, the API and SMS."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.dossiers import selectors
from motcua.dossiers.constants import ApplicantKind, DeliveryMethod, DossierStatus
from motcua.dossiers.selectors import Timeliness, lookup_dossier, mask_name
from motcua.testing.lookup_factories import make_dossier
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(org):
    return ProcedureFactory(unit=org.pharmacy, name="Cấp chứng chỉ hành nghề dược")


# ------------------------------------------------------------- selector
def test_it_finds_a_dossier_by_code_and_key_whatever_the_case_and_spaces(procedure):
    d = make_dossier(procedure=procedure, code="SYT-NVD-260105-0001", lookup_key="AB23CD")
    result = lookup_dossier(" syt-nvd-260105-0001 ", key="ab 23cd")
    assert result is not None
    assert result.code == "SYT-NVD-260105-0001"
    assert result.status == DossierStatus.SUBMITTED
    assert result.unit_name == d.unit.name
    assert result.procedure_name == "Cấp chứng chỉ hành nghề dược"


def test_it_finds_a_dossier_by_code_and_id_number(procedure):
    make_dossier(procedure=procedure, code="C-1", applicant_id_number="079203001234")
    assert lookup_dossier("C-1", id_number="079 203 001 234") is not None
    assert lookup_dossier("C-1", id_number="079203001235") is None


def test_it_finds_an_organisation_dossier_by_its_tax_code(procedure):
    make_dossier(
        procedure=procedure,
        code="C-2",
        applicant_kind=ApplicantKind.ORGANISATION,
        organisation_name="Công ty TNHH Dược Biển Xanh",
        tax_code="4201234567",
        applicant_id_number="",
    )
    result = lookup_dossier("C-2", id_number="4201234567")
    assert result is not None
    assert result.applicant_masked == "C*** t* T*** D*** B*** X***"


def test_a_wrong_key_and_an_unknown_code_give_the_same_answer(procedure):
    make_dossier(procedure=procedure, code="C-3", lookup_key="KEY234")
    assert lookup_dossier("C-3", key="KEY235") is None
    assert lookup_dossier("C-4", key="KEY234") is None
    assert lookup_dossier("C-3", key="") is None
    assert lookup_dossier("C-3", id_number="") is None


def test_a_dossier_without_a_stored_id_is_not_found_by_an_empty_or_dummy_number(procedure):
    make_dossier(procedure=procedure, code="C-5", applicant_id_number="", tax_code="")
    assert lookup_dossier("C-5", id_number="ZZZZZZ") is None
    make_dossier(procedure=procedure, code="C-6", lookup_key="")
    assert lookup_dossier("C-6", key="ZZZZZZ") is None


def test_drafts_are_never_found(procedure):
    draft = make_dossier(procedure=procedure, status=DossierStatus.DRAFT)
    assert draft.code is None
    assert lookup_dossier("None", key="ZZZZZZ") is None


def test_it_masks_the_applicant_name():
    assert mask_name("Nguyễn Văn An") == "N***** V** A*"
    assert mask_name("  Lê   Ý ") == "L* Ý*"
    assert mask_name("") == ""


def test_it_shows_only_public_steps_without_notes(procedure):
    d = make_dossier(procedure=procedure, status=DossierStatus.IN_PROGRESS)
    d.steps.filter(to_status=DossierStatus.IN_PROGRESS).update(is_public=False)
    result = lookup_dossier(d.code, key=d.lookup_key)
    assert [s.status for s in result.steps] == [DossierStatus.SUBMITTED, DossierStatus.RECEIVED]
    assert not hasattr(result.steps[0], "note")


@pytest.mark.parametrize(
    ("status", "extra", "expected"),
    [
        (DossierStatus.SUBMITTED, {}, Timeliness.NOT_STARTED),
        (DossierStatus.RECEIVED, {}, Timeliness.ON_TIME),
        (DossierStatus.IN_PROGRESS, {"overdue": True}, Timeliness.LATE),
        (DossierStatus.RESOLVED, {"resolved_late": False}, Timeliness.EARLY),
        (DossierStatus.RETURNED, {"resolved_late": True}, Timeliness.LATE),
        (DossierStatus.REFUSED, {}, Timeliness.CLOSED),
        (DossierStatus.RECEIVED, {"due_at": None}, Timeliness.NO_DEADLINE),
    ],
)
def test_it_says_whether_the_dossier_is_on_time(procedure, status, extra, expected):
    d = make_dossier(procedure=procedure, status=status, **extra)
    result = lookup_dossier(d.code, key=d.lookup_key)
    assert result.timeliness == expected
    assert result.is_on_time is {
        Timeliness.LATE: False,
        Timeliness.ON_TIME: True,
        Timeliness.EARLY: True,
    }.get(expected)


def test_a_supplement_pauses_the_clock_and_is_not_late_when_paused_before_the_due_date(procedure):
    d = make_dossier(procedure=procedure, status=DossierStatus.SUPPLEMENT_REQUESTED)
    d.due_at = timezone.now() - timedelta(hours=1)
    d.paused_at = d.due_at - timedelta(days=2)
    d.save(update_fields=["due_at", "paused_at"])
    result = lookup_dossier(d.code, key=d.lookup_key)
    assert result.timeliness == Timeliness.ON_TIME
    assert result.clock_paused


def test_the_next_step_depends_on_the_state_and_the_delivery(procedure):
    every = {}
    for status in DossierStatus:
        d = make_dossier(procedure=procedure, status=status)
        every[status] = selectors.next_step_of(d)
        assert every[status], status
        assert selectors.next_step_of(d, short=True), status
    assert "Hồ sơ của tôi" in every[DossierStatus.SUPPLEMENT_REQUESTED]
    by_post = make_dossier(
        procedure=procedure, status=DossierStatus.RESOLVED, delivery_method=DeliveryMethod.POST
    )
    assert selectors.next_step_of(by_post) != every[DossierStatus.RESOLVED]
    asked = make_dossier(
        procedure=procedure, status=DossierStatus.RECEIVED, withdrawal_requested_at=timezone.now()
    )
    assert "rút hồ sơ" in selectors.next_step_of(asked)


# ------------------------------------------------------------------ pages
def _strip_volatile(html: str, code: str) -> str:
    # Per-request values: CSP nonces and the (masked) CSRF token of the
    # language switch.
    html = re.sub(r'nonce="[^"]*"', "", html)
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return html.replace(code, "CODE")


def test_the_form_page_works_without_parameters(client):
    response = client.get("/tra-cuu/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="ma"' in html and 'name="k"' in html and 'name="cccd"' in html
    assert reverse("dossier_lookup") == "/tra-cuu/"


def test_the_home_page_form_parameters_give_the_summary(client, procedure):
    d = make_dossier(
        procedure=procedure, status=DossierStatus.RECEIVED, applicant_name="Nguyễn Văn An"
    )
    response = client.get("/tra-cuu/", {"ma": d.code.lower(), "k": d.lookup_key})
    assert response.status_code == 200
    html = response.content.decode()
    assert d.code in html
    assert "N***** V** A*" in html
    assert "Nguyễn Văn An" not in html
    assert "ghi chú nội bộ" not in html  # notes of the history are not public
    assert d.unit.name in html
    assert timezone.localtime(d.due_at).strftime("%d/%m/%Y") in html


def test_the_qr_link_shows_the_status(client, procedure):
    d = make_dossier(procedure=procedure, status=DossierStatus.IN_PROGRESS)
    url = selectors.lookup_url(d, absolute=False)
    assert url == f"/tra-cuu/{d.code}/?k={d.lookup_key}"
    response = client.get(url)
    assert response.status_code == 200
    assert str(DossierStatus.IN_PROGRESS.label) in response.content.decode() or "Đang" in (
        response.content.decode()
    )
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )


def test_the_qr_link_without_a_key_asks_for_it(client, procedure):
    d = make_dossier(procedure=procedure)
    response = client.get(f"/tra-cuu/{d.code}/")
    assert response.status_code == 200
    assert f'value="{d.code}"' in response.content.decode()


def test_a_wrong_key_and_an_unknown_code_give_the_same_page(client, procedure):
    d = make_dossier(procedure=procedure, code="SYT-NVD-260105-0007", lookup_key="KEY234")
    wrong_key = client.get(f"/tra-cuu/{d.code}/?k=KEY235")
    unknown = client.get("/tra-cuu/SYT-NVD-260105-0008/?k=KEY234")
    assert wrong_key.status_code == unknown.status_code == 404
    assert _strip_volatile(wrong_key.content.decode(), "SYT-NVD-260105-0007").replace(
        "KEY235", "KEY"
    ) == _strip_volatile(unknown.content.decode(), "SYT-NVD-260105-0008").replace("KEY234", "KEY")
    # The same through the form parameters.
    a = client.get("/tra-cuu/", {"ma": d.code, "k": "KEY235"})
    b = client.get("/tra-cuu/", {"ma": "SYT-NVD-260105-0008", "k": "KEY235"})
    assert a.status_code == b.status_code == 404
    assert _strip_volatile(a.content.decode(), "SYT-NVD-260105-0007") == _strip_volatile(
        b.content.decode(), "SYT-NVD-260105-0008"
    )


def test_a_code_without_key_or_id_is_an_error_that_keeps_what_was_typed(client):
    response = client.get("/tra-cuu/", {"ma": "SYT-1", "k": "", "cccd": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert 'href="#id_k"' in html
    assert 'value="SYT-1"' in html


def test_lookups_are_rate_limited_per_client_address(client, procedure, settings):
    settings.DOSSIER_LOOKUP_LIMIT = 3
    d = make_dossier(procedure=procedure)
    for _ in range(3):
        assert client.get("/tra-cuu/", {"ma": d.code, "k": "WRONG2"}).status_code == 404
    response = client.get("/tra-cuu/", {"ma": d.code, "k": d.lookup_key})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Bạn đã thử quá nhiều lần" in html  # Vietnamese, as the site's 429 page
    assert f'value="{d.code}"' in html  # nothing typed is lost
    # Another address is not limited.
    other = client.get("/tra-cuu/", {"ma": d.code, "k": d.lookup_key}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_behind_trusted_proxies_the_forwarded_address_is_limited(rf, settings):
    from motcua.dossiers.lookup_views import client_ip

    settings.AXES_IPWARE_PROXY_COUNT = 1
    request = rf.get(
        "/tra-cuu/", HTTP_X_FORWARDED_FOR="203.0.113.7, 10.0.0.1", REMOTE_ADDR="10.0.0.2"
    )
    assert client_ip(request) == "10.0.0.1"
    settings.AXES_IPWARE_PROXY_COUNT = None
    assert client_ip(request) == "10.0.0.2"


def test_markup_in_a_dossier_is_shown_as_text(client, procedure):
    d = make_dossier(procedure=procedure, procedure_name="<script>alert(1)</script> Cấp phép")
    html = client.get(selectors.lookup_url(d, absolute=False)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Cấp phép" in html


def test_the_lookup_page_costs_a_fixed_number_of_queries(
    client, procedure, django_assert_max_num_queries
):
    d = make_dossier(procedure=procedure, status=DossierStatus.RETURNED)
    url = selectors.lookup_url(d, absolute=False)
    client.get(url)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200


def test_a_wrong_key_and_an_unknown_code_cost_the_same_single_query(
    procedure, django_assert_num_queries
):
    # Timing must not tell whether a code exists: one query either way; the
    # history is read only after the key matched.
    make_dossier(procedure=procedure, code="C-9", lookup_key="KEY999")
    with django_assert_num_queries(1):
        assert lookup_dossier("C-9", key="WRONG9") is None
    with django_assert_num_queries(1):
        assert lookup_dossier("C-404", key="WRONG9") is None
