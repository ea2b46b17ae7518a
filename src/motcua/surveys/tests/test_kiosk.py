"""The counter kiosk: reset markup (idle and after each response), no site
navigation, no autocomplete, nothing kept between two respondents."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from motcua.surveys.constants import Channel
from motcua.surveys.models import Response
from motcua.testing.survey_factories import make_campaign, make_template

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(org: Any) -> Any:
    version = make_template(
        questions=[{"code": "A1", "required": True}, "A2", {"code": "G1", "kind": "text"}]
    )
    return make_campaign(
        unit=org.hospital,
        version=version,
        slug="quay-mot-cua",
        kiosk_idle_seconds=45,
        points=[("quay-1", "Quầy số 1")],
    )


KIOSK = "/khao-sat/quay-mot-cua/kiosk/"


def test_the_kiosk_form_resets_after_idle_time_without_javascript(
    client: Client, campaign: Any
) -> None:
    body = client.get(KIOSK).content.decode()
    assert (
        '<noscript><meta http-equiv="refresh" content="45;url=/khao-sat/quay-mot-cua/kiosk/">'
        "</noscript>" in body
    )
    # The optional script restarts the countdown on input.
    assert 'data-kiosk-idle="45"' in body
    assert 'data-kiosk-reset="/khao-sat/quay-mot-cua/kiosk/"' in body
    assert "survey-kiosk.js" in body


def test_the_kiosk_has_no_site_navigation_and_no_autocomplete(
    client: Client, campaign: Any
) -> None:
    response = client.get(KIOSK)
    body = response.content.decode()
    assert 'class="public kiosk"' in body
    # The menu is empty; the top bar and footer are hidden by the kiosk style.
    assert 'href="/thu-tuc/"' not in body.split("<footer")[0]
    assert 'class="masthead-search"' not in body
    assert (
        '<form method="post" action="/khao-sat/quay-mot-cua/kiosk/" class="sv-form" novalidate autocomplete="off"'
        in body
    )
    for tag in re.findall(r"<(?:input|textarea)[^>]*>", body):
        if 'type="hidden"' in tag:
            continue
        assert 'autocomplete="off"' in tag, tag
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_after_a_response_the_thanks_screen_returns_to_a_blank_form(
    client: Client, campaign: Any
) -> None:
    response = client.post(KIOSK + "?diem=quay-1", {"q-A1": "5", "q-G1": "Rất tốt"})
    assert response.status_code == 302
    assert response["Location"] == "/khao-sat/quay-mot-cua/kiosk/cam-on/?diem=quay-1"
    stored = Response.objects.get()
    assert (stored.channel, stored.point.code) == (Channel.KIOSK, "quay-1")
    thanks = client.get(response["Location"]).content.decode()
    target = "/khao-sat/quay-mot-cua/kiosk/?diem=quay-1"
    assert f'<noscript><meta http-equiv="refresh" content="6;url={target}"></noscript>' in thanks
    assert f'data-kiosk-idle="6" data-kiosk-reset="{target}"' in thanks
    assert "Rất tốt" not in thanks


def test_nothing_leaks_from_one_respondent_to_the_next(client: Client, campaign: Any) -> None:
    first = client.post(KIOSK, {"q-A1": "1", "q-A2": "2", "q-G1": "Người thứ nhất"})
    assert first.status_code == 302
    blank = client.get(KIOSK).content.decode()
    assert "Người thứ nhất" not in blank
    assert " checked" not in blank
    # Nothing of the answers in the session either.
    assert not any("Người" in str(v) for v in client.session.values())
    second = client.post(KIOSK, {"q-A1": "5"})
    assert second.status_code == 302
    rows = list(Response.objects.order_by("pk").values_list("channel", flat=True))
    assert rows == [Channel.KIOSK, Channel.KIOSK]
    latest = Response.objects.order_by("-pk").first()
    assert latest is not None
    assert sorted(latest.answers.values_list("question__code", flat=True)) == ["A1"]


def test_a_kiosk_error_keeps_this_respondents_answers(client: Client, campaign: Any) -> None:
    response = client.post(KIOSK, {"q-A2": "4", "q-G1": "Chưa chọn câu 1"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Chưa chọn câu 1</textarea>" in body
    assert 'href="#id_q-A1"' in body


def test_kiosk_of_a_closed_campaign_answers_410(client: Client, campaign: Any) -> None:
    campaign.status = "closed"
    campaign.save(update_fields=["status"])
    assert client.get(KIOSK).status_code == 410
