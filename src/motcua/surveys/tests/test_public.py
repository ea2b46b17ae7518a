"""Public survey pages: list with search, the questionnaire (link, QR
poster, e-mail invitation), PRG, errors keeping answers, closed and draft
campaigns, rate limit, escaping."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from motcua.surveys.constants import CampaignStatus, Channel
from motcua.surveys.models import Answer, Invitation, Response
from motcua.testing.survey_factories import make_campaign, make_response, make_template

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"code": "A1", "required": True, "text": "Biển chỉ dẫn rõ ràng"},
    "A2",
    {"code": "B1", "min": 1},
    {"code": "G1", "kind": "number", "min": 0, "max": 200},
    {"code": "G2", "kind": "multiple", "choices": [("web", "Website"), ("zalo", "Zalo")]},
    {"code": "G3", "kind": "text"},
]


@pytest.fixture
def campaign(org: Any) -> Any:
    version = make_template(questions=QUESTIONS, sections={"G": {"in_index": False}})
    return make_campaign(
        unit=org.hospital,
        version=version,
        slug="bv-ngoai-tru",
        title="Khảo sát người bệnh ngoại trú",
        points=[("khoa-kham", "Khoa Khám bệnh")],
    )


def _url(campaign: Any, **query: str) -> str:
    url = reverse("surveys:detail", args=[campaign.slug])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def _checked(body: str, name: str, value: str) -> bool:
    return (
        re.search(rf'name="{re.escape(name)}" value="{re.escape(value)}"[^>]* checked', body)
        is not None
    )


def test_urls_are_the_printed_ones(campaign: Any) -> None:
    assert reverse("surveys:index") == "/khao-sat/"
    assert reverse("surveys:detail", args=["bv-ngoai-tru"]) == "/khao-sat/bv-ngoai-tru/"
    assert reverse("surveys:kiosk", args=["bv-ngoai-tru"]) == "/khao-sat/bv-ngoai-tru/kiosk/"


def test_index_lists_open_public_campaigns_only(client: Client, org: Any, campaign: Any) -> None:
    make_campaign(unit=org.hospital, title="Đợt đã đóng", status=CampaignStatus.CLOSED)
    make_campaign(unit=org.hospital, title="Đợt nháp", status=CampaignStatus.DRAFT)
    make_campaign(unit=org.hospital, title="Đánh giá hồ sơ", for_dossier_ratings=True)
    make_campaign(
        unit=org.hospital,
        title="Đợt đã hết hạn",
        starts_on=timezone.localdate() - timedelta(days=40),
        ends_on=timezone.localdate() - timedelta(days=1),
    )
    response = client.get("/khao-sat/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Khảo sát người bệnh ngoại trú" in body
    for hidden in ("Đợt đã đóng", "Đợt nháp", "Đánh giá hồ sơ", "Đợt đã hết hạn"):
        assert hidden not in body


def test_index_searches_with_q_accents_optional(client: Client, org: Any, campaign: Any) -> None:
    make_campaign(unit=org.pharmacy, title="Khảo sát nhận thức về dịch vụ công")
    body = client.get("/khao-sat/", {"q": "ngoai tru"}).content.decode()
    assert "Khảo sát người bệnh ngoại trú" in body
    assert "nhận thức" not in body
    body = client.get("/khao-sat/", {"q": "Bệnh viện"}).content.decode()  # unit name
    assert "Khảo sát người bệnh ngoại trú" in body


def test_index_query_count_does_not_grow_with_campaigns(
    client: Client, org: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(12):
        make_campaign(unit=org.hospital)
    with django_assert_max_num_queries(6):
        response = client.get("/khao-sat/")
    assert response.status_code == 200
    assert response.content.decode().count('class="card card--link"') == 12


def test_the_questionnaire_shows_sections_likert_and_no_opinion(
    client: Client, campaign: Any
) -> None:
    response = client.get(_url(campaign))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="sv-section"') == 2 + 1  # A+B share none: A, B, G, demographics
    assert 'type="radio" name="q-A1" value="5"' in body
    assert 'name="q-A1" value="0"' in body  # no opinion allowed
    assert 'name="q-B1" value="0"' not in body  # min 1: no "no opinion"
    assert 'name="q-G2" value="zalo"' in body and 'type="checkbox"' in body
    assert 'name="sex"' in body  # optional demographics


def test_a_valid_answer_is_stored_then_redirects_to_thanks(client: Client, campaign: Any) -> None:
    response = client.post(
        _url(campaign),
        {
            "q-A1": "4",
            "q-A2": "0",
            "q-G1": "95",
            "q-G2": ["web", "zalo"],
            "q-G3": "Tốt",
            "sex": "male",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/khao-sat/bv-ngoai-tru/cam-on/"
    stored = Response.objects.get()
    assert stored.channel == Channel.LINK
    assert stored.sex == "male"
    assert Answer.objects.filter(response=stored).count() == 6
    assert client.get(response["Location"]).status_code == 200


def test_qr_poster_parameters_record_the_point_and_channel(client: Client, campaign: Any) -> None:
    url = _url(campaign, diem="khoa-kham", kenh="qr")
    page = client.get(url)
    assert "Khoa Khám bệnh" in page.content.decode()
    assert 'action="/khao-sat/bv-ngoai-tru/?diem=khoa-kham&amp;kenh=qr"' in page.content.decode()
    client.post(url, {"q-A1": "5"})
    stored = Response.objects.get()
    assert (stored.channel, stored.point.code) == (Channel.QR, "khoa-kham")


def test_errors_keep_every_answer_and_link_from_the_summary(client: Client, campaign: Any) -> None:
    response = client.post(
        _url(campaign), {"q-A2": "3", "q-G1": "500", "q-G3": "Giữ nguyên", "q-G2": ["zalo"]}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="error-summary"' in body
    assert 'href="#id_q-A1"' in body and 'id="id_q-A1"' in body  # required
    assert 'href="#id_q-G1"' in body  # out of range
    assert _checked(body, "q-A2", "3")
    assert 'name="q-G1" value="500"' in body
    assert "Giữ nguyên</textarea>" in body
    assert _checked(body, "q-G2", "zalo")
    assert not Response.objects.exists()


def test_a_forged_out_of_scale_value_is_refused(client: Client, campaign: Any) -> None:
    response = client.post(_url(campaign), {"q-A1": "9"})
    assert response.status_code == 400
    assert not Response.objects.exists()


def test_a_closed_campaign_answers_410(client: Client, campaign: Any) -> None:
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status"])
    response = client.get(_url(campaign))
    assert response.status_code == 410
    assert campaign.title in response.content.decode()
    assert client.post(_url(campaign), {"q-A1": "5"}).status_code == 410
    assert not Response.objects.exists()


def test_a_campaign_past_its_end_answers_410(client: Client, org: Any) -> None:
    today = timezone.localdate()
    ended = make_campaign(
        unit=org.hospital, starts_on=today - timedelta(days=9), ends_on=today - timedelta(days=1)
    )
    assert client.get(_url(ended)).status_code == 410


def test_a_draft_campaign_is_not_found(client: Client, org: Any) -> None:
    draft = make_campaign(unit=org.hospital, status=CampaignStatus.DRAFT)
    assert client.get(_url(draft)).status_code == 404
    assert client.post(_url(draft), {"A1": "4"}).status_code == 404
    assert client.get("/khao-sat/khong-co/").status_code == 404


def test_free_text_is_shown_escaped(client: Client, campaign: Any) -> None:
    script = "<script>alert(1)</script>"
    response = client.post(_url(campaign), {"q-G1": "abc", "q-G3": script})
    body = response.content.decode()
    assert script not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_the_rate_limit_answers_429_and_keeps_the_answers(
    client: Client, campaign: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from motcua.surveys import views

    monkeypatch.setattr(views, "SUBMIT_LIMIT", 2)
    for _ in range(2):
        assert client.post(_url(campaign), {"q-A1": "5"}).status_code == 302
    response = client.post(_url(campaign), {"q-A1": "2", "q-G3": "Lần ba"})
    assert response.status_code == 429
    body = response.content.decode()
    assert _checked(body, "q-A1", "2")
    assert "Lần ba</textarea>" in body
    assert Response.objects.count() == 2


def test_no_personal_data_is_stored(client: Client, campaign: Any) -> None:
    client.post(_url(campaign), {"q-A1": "5"}, REMOTE_ADDR="203.0.113.9")
    stored = Response.objects.values().get()
    assert "203.0.113.9" not in str(stored)
    assert "survey" not in " ".join(client.session.keys())


def test_an_email_invitation_token_opens_once(client: Client, campaign: Any) -> None:
    invitation = Invitation.objects.create(campaign=campaign, token="tok" * 8, email="a@b.vn")
    url = _url(campaign, t=invitation.token)
    assert client.get(url).status_code == 200
    assert client.post(url, {"q-A1": "4"}).status_code == 302
    stored = Response.objects.get()
    assert (stored.channel, stored.invitation_id) == (Channel.EMAIL, invitation.pk)
    again = client.get(url)
    assert again.status_code == 409
    assert gettext("This dossier has already been rated. Thank you.") in again.content.decode()
    assert client.post(url, {"q-A1": "1"}).status_code == 409
    assert Response.objects.count() == 1


def test_an_unknown_token_is_refused(client: Client, campaign: Any) -> None:
    assert client.get(_url(campaign, t="nope")).status_code == 404


def test_make_response_rows_do_not_show_on_pages(client: Client, campaign: Any) -> None:
    make_response(campaign, {"A1": 5, "G3": "bí mật"})
    assert "bí mật" not in client.get(_url(campaign)).content.decode()
