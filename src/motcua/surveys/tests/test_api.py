"""``/api/v1/surveys/{slug}`` and ``/api/v1/surveys/{slug}/responses``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from motcua.surveys.constants import CampaignStatus, Channel
from motcua.surveys.models import Answer, Response
from motcua.testing.survey_factories import make_campaign, make_template

pytestmark = pytest.mark.django_db

QUESTIONS = [
    {"code": "A1", "required": True},
    {"code": "B1", "min": 1},
    {"code": "G1", "kind": "number", "min": 0, "max": 200},
    {"code": "G2", "kind": "single", "choices": [("yes", "Có"), ("no", "Không")]},
    {"code": "G3", "kind": "text"},
]


@pytest.fixture
def campaign(org: Any) -> Any:
    version = make_template(questions=QUESTIONS, sections={"G": {"in_index": False}})
    return make_campaign(unit=org.hospital, version=version, slug="api-khao-sat", points=["q1"])


def _post(client: Client, slug: str, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/v1/surveys/{slug}/responses", json.dumps(body), content_type="application/json"
    )


def test_get_returns_the_questionnaire(client: Client, campaign: Any) -> None:
    response = client.get("/api/v1/surveys/api-khao-sat")
    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == "api-khao-sat"
    assert [s["code"] for s in data["sections"]] == ["A", "B", "G"]
    a1 = data["sections"][0]["questions"][0]
    assert (a1["code"], a1["kind"], a1["required"]) == ("A1", "likert", True)
    assert [lv["value"] for lv in a1["levels"]] == [1, 2, 3, 4, 5, 0]
    b1 = data["sections"][1]["questions"][0]
    assert [lv["value"] for lv in b1["levels"]] == [1, 2, 3, 4, 5]
    g2 = data["sections"][2]["questions"][1]
    assert [c["code"] for c in g2["choices"]] == ["yes", "no"]


def test_post_creates_a_response(client: Client, campaign: Any) -> None:
    response = _post(
        client,
        "api-khao-sat",
        {"answers": {"A1": 5, "G1": 110, "G2": "yes", "G3": "Tốt"}, "point": "q1", "channel": "qr"},
    )
    assert response.status_code == 201, response.content
    stored = Response.objects.get(pk=response.json()["id"])
    assert (stored.channel, stored.point.code) == (Channel.QR, "q1")
    assert Answer.objects.filter(response=stored).count() == 4


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"A1": 7}, "A1"),
        ({"A1": 4, "B1": 0}, "B1"),
        ({"A1": 4, "G1": 300}, "G1"),
        ({"A1": 4, "G2": "maybe"}, "G2"),
        ({"A1": 4, "Z1": 5}, "__all__"),
        ({"B1": 4}, "A1"),
    ],
)
def test_post_refuses_bad_answers_with_400(
    client: Client, campaign: Any, answers: dict[str, Any], key: str
) -> None:
    response = _post(client, "api-khao-sat", {"answers": answers})
    assert response.status_code == 400
    assert key in response.json()["errors"]
    assert not Response.objects.exists()


def test_post_with_a_malformed_body_is_422(client: Client, campaign: Any) -> None:
    response = _post(client, "api-khao-sat", {"answers": "A1=5"})
    assert response.status_code == 422
    response = _post(client, "api-khao-sat", {"answers": {"A1": {"x": 1}}})
    assert response.status_code == 422


def test_post_refuses_an_unknown_point_or_channel(client: Client, campaign: Any) -> None:
    assert _post(client, "api-khao-sat", {"answers": {"A1": 4}, "point": "x"}).status_code == 400
    response = _post(client, "api-khao-sat", {"answers": {"A1": 4}, "channel": "dossier"})
    assert response.status_code == 400
    assert "channel" in response.json()["errors"]


def test_closed_draft_and_rating_campaigns(client: Client, org: Any) -> None:
    closed = make_campaign(unit=org.hospital, status=CampaignStatus.CLOSED)
    draft = make_campaign(unit=org.hospital, status=CampaignStatus.DRAFT)
    rating = make_campaign(unit=org.hospital, for_dossier_ratings=True)
    assert client.get(f"/api/v1/surveys/{closed.slug}").status_code == 410
    assert _post(client, closed.slug, {"answers": {"A1": 4}}).status_code == 410
    assert client.get(f"/api/v1/surveys/{draft.slug}").status_code == 404
    assert client.get("/api/v1/surveys/khong-co").status_code == 404
    assert _post(client, rating.slug, {"answers": {"A1": 4}}).status_code == 403
    assert not Response.objects.exists()


def test_post_is_rate_limited(
    client: Client, campaign: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from motcua.surveys import views

    monkeypatch.setattr(views, "SUBMIT_LIMIT", 1)
    assert _post(client, "api-khao-sat", {"answers": {"A1": 4}}).status_code == 201
    assert _post(client, "api-khao-sat", {"answers": {"A1": 4}}).status_code == 429
    assert Response.objects.count() == 1


def test_the_openapi_schema_declares_the_error_responses(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/surveys/{slug}/responses"]["post"]
    assert {"201", "400", "404", "410", "422", "429"} <= set(post["responses"])
