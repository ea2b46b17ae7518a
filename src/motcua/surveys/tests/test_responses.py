"""``submit_response``: every bad input refused, good input stored with the
denormalised fields the indices group by."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.surveys.actions import submit_response
from motcua.surveys.constants import AuditEvent, CampaignStatus, Channel
from motcua.surveys.models import Answer, Response
from motcua.testing.survey_factories import make_campaign, make_response, make_template

pytestmark = pytest.mark.django_db

QUESTIONS = [
    "A1",
    {"code": "A2", "required": True},
    {"code": "B1", "min": 1},
    {"code": "G1", "kind": "number", "min": 0, "max": 200},
    {
        "code": "G2",
        "kind": "single",
        "choices": [("yes", "Có"), ("no", "Không"), ("other", "Khác")],
    },
    {"code": "G3", "kind": "multiple", "choices": ["web", "sms", "zalo"]},
    {"code": "G4", "kind": "text"},
]


@pytest.fixture
def campaign(org: Any) -> Any:
    version = make_template(questions=QUESTIONS, sections={"G": {"in_index": False}})
    return make_campaign(unit=org.hospital, version=version, points=["quay-1"])


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, Any]:
    return exc.value.message_dict


def test_it_stores_every_kind_of_answer_with_denormalised_fields(campaign: Any) -> None:
    point = campaign.points.get()
    response = submit_response(
        campaign,
        answers={
            "A1": 0,
            "A2": "5",
            "B1": 4,
            "G1": 120,
            "G2": "other",
            "G2.other": "Chưa quyết định",
            "G3": ["web", "zalo", "web"],
            "G4": "Cảm ơn",
        },
        channel=Channel.QR,
        point=point,
        demographics={"sex": "female", "age_band": "30_44"},
    )
    assert response.version_id == campaign.version_id
    assert response.unit_id == campaign.unit_id
    assert response.answered_on == timezone.localdate()
    assert response.is_complete
    assert (response.sex, response.age_band, response.point_id) == ("female", "30_44", point.pk)
    rows = Answer.objects.filter(response=response).select_related("question", "choice")
    assert rows.count() == 8  # G3 is two rows (the repeat dropped)
    by_code = {}
    for row in rows:
        assert row.unit_id == campaign.unit_id
        assert row.campaign_id == campaign.pk
        assert row.answered_on == response.answered_on
        by_code.setdefault(row.question.code, []).append(row)
    assert by_code["A1"][0].value == 0
    assert by_code["A2"][0].value == 5
    assert by_code["G1"][0].value == 120
    assert by_code["G2"][0].choice.code == "other"
    assert by_code["G2"][0].text == "Chưa quyết định"
    assert sorted(r.choice.code for r in by_code["G3"]) == ["web", "zalo"]
    assert by_code["G4"][0].text == "Cảm ơn"
    assert AuditEntry.objects.filter(event=AuditEvent.RESPONSE_SUBMITTED).count() == 1


def test_partial_answers_are_stored_and_marked_incomplete(campaign: Any) -> None:
    response = submit_response(campaign, answers={"A2": 3, "B1": None}, channel=Channel.LINK)
    assert not response.is_complete
    assert Answer.objects.filter(response=response).count() == 1


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"A2": 6}, "A2"),
        ({"A2": -1}, "A2"),
        ({"A2": "bốn"}, "A2"),
        ({"A2": True}, "A2"),
        ({"A2": 3, "B1": 0}, "B1"),  # B1 has no "no opinion"
        ({"A2": 3, "G1": 201}, "G1"),
        ({"A2": 3, "G1": -5}, "G1"),
        ({"A2": 3, "G1": "12.5"}, "G1"),
        ({"A2": 3, "G2": "maybe"}, "G2"),
        ({"A2": 3, "G2": ["yes"]}, "G2"),
        ({"A2": 3, "G3": ["web", "fax"]}, "G3"),
        ({"A2": 3, "G4": 12}, "G4"),
        ({"A2": 3, "G4": "x" * 4001}, "G4"),
        ({"A1": 3}, "A2"),  # required
    ],
)
def test_it_refuses_bad_answers(campaign: Any, answers: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        submit_response(campaign, answers=answers, channel=Channel.LINK)
    assert field in _errors(exc)
    assert not Response.objects.exists()
    assert not Answer.objects.exists()


def test_it_refuses_questions_of_another_version(campaign: Any) -> None:
    other = make_template(questions=["Z9"])
    z9 = other.questions.get()
    with pytest.raises(ValidationError) as exc:
        submit_response(campaign, answers={"A2": 4, "Z9": 5}, channel=Channel.LINK)
    assert "Z9" in " ".join(_errors(exc)[NON_FIELD_ERRORS])
    assert not Answer.objects.filter(question=z9).exists()


def test_a_new_version_does_not_accept_the_old_versions_codes(org: Any) -> None:
    v1 = make_template(questions=["A1", "A2"])
    v2 = make_template(questions=["A1", "A3"], template=v1.template, number=2)
    campaign = make_campaign(unit=org.hospital, version=v2)
    with pytest.raises(ValidationError):
        submit_response(campaign, answers={"A2": 4}, channel=Channel.LINK)
    response = submit_response(campaign, answers={"A1": 4}, channel=Channel.LINK)
    assert response.answers.get().question.version_id == v2.pk


def test_it_refuses_an_empty_response(campaign: Any) -> None:
    campaign.version.questions.filter(code="A2").update(required=False)
    with pytest.raises(ValidationError) as exc:
        submit_response(campaign, answers={}, channel=Channel.LINK)
    assert exc.value.code == "empty"


def test_all_questions_required_when_partial_answers_are_not_allowed(org: Any) -> None:
    version = make_template(questions=["A1", "A2"], allows_partial=False)
    campaign = make_campaign(unit=org.hospital, version=version)
    with pytest.raises(ValidationError) as exc:
        submit_response(campaign, answers={"A1": 4}, channel=Channel.LINK)
    assert "A2" in _errors(exc)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"status": CampaignStatus.CLOSED}, "closed"),
        ({"status": CampaignStatus.DRAFT}, "not_open"),
        ({"ends_on": date.today() - timedelta(days=2)}, "closed"),
        (
            {
                "starts_on": date.today() + timedelta(days=2),
                "ends_on": date.today() + timedelta(days=9),
            },
            "not_open",
        ),
    ],
)
def test_it_refuses_a_campaign_that_is_not_open(
    org: Any, kwargs: dict[str, Any], code: str
) -> None:
    if "ends_on" in kwargs and "starts_on" not in kwargs:
        kwargs["starts_on"] = kwargs["ends_on"] - timedelta(days=30)
    campaign = make_campaign(unit=org.hospital, **kwargs)
    with pytest.raises(ValidationError) as exc:
        submit_response(campaign, answers={"A1": 4}, channel=Channel.LINK)
    assert exc.value.code == code
    assert not Response.objects.exists()


def test_a_point_of_another_campaign_is_refused(campaign: Any, org: Any) -> None:
    other = make_campaign(unit=org.hospital, points=["quay-9"])
    with pytest.raises(ValidationError):
        submit_response(campaign, answers={"A2": 4}, channel=Channel.QR, point=other.points.get())


def test_demographics_outside_the_choices_are_refused(campaign: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        submit_response(
            campaign, answers={"A2": 4}, channel=Channel.LINK, demographics={"sex": "robot"}
        )
    assert "sex" in _errors(exc)
    with pytest.raises(ValidationError):
        submit_response(
            campaign, answers={"A2": 4}, channel=Channel.LINK, demographics={"ethnic": "kinh"}
        )


def test_free_text_is_stored_nfc_as_typed(campaign: Any) -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn <b>rất</b> hài lòng")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    response = submit_response(campaign, answers={"A2": 5, "G4": decomposed}, channel=Channel.LINK)
    text = response.answers.get(question__code="G4").text
    assert text == "Nguyễn <b>rất</b> hài lòng"
    assert unicodedata.is_normalized("NFC", text)


def test_a_dossier_is_rated_once(campaign: Any, org: Any, personas: Any) -> None:
    from motcua.testing.dossier_factories import make_submitted
    from motcua.testing.procedure_factories import ProcedureFactory

    dossier = make_submitted(ProcedureFactory(unit=org.pharmacy), personas.citizen)
    submit_response(campaign, answers={"A2": 5}, channel=Channel.DOSSIER, dossier=dossier)
    with pytest.raises(ValidationError) as exc:
        submit_response(campaign, answers={"A2": 1}, channel=Channel.DOSSIER, dossier=dossier)
    assert exc.value.code == "duplicate"
    assert Response.objects.filter(dossier=dossier).count() == 1


def test_an_invitation_token_is_used_once(campaign: Any) -> None:
    from motcua.surveys.models import Invitation

    invitation = Invitation.objects.create(campaign=campaign, token="t" * 32, email="a@b.vn")
    submit_response(campaign, answers={"A2": 5}, channel=Channel.EMAIL, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.used_at is not None
    with pytest.raises(ValidationError) as exc:
        submit_response(campaign, answers={"A2": 2}, channel=Channel.EMAIL, invitation=invitation)
    assert exc.value.code == "duplicate"


def test_answered_on_is_the_local_date(campaign: Any) -> None:
    # 23:30 on 1 March in Hà Nội is 16:30 UTC: the local date is what counts.
    late = timezone.make_aware(datetime(2026, 3, 1, 23, 30))
    response = submit_response(
        campaign, answers={"A2": 4}, channel=Channel.LINK, now=late, check_campaign=False
    )
    assert response.answered_on == date(2026, 3, 1)
    assert response.answers.get().answered_on == date(2026, 3, 1)


def test_make_response_dates_answers_anywhere(campaign: Any) -> None:
    response = make_response(
        campaign, {"A2": 2, "G1": 80}, answered_on=date(2025, 6, 30), point="quay-1"
    )
    assert response.answered_on == date(2025, 6, 30)
    assert set(response.answers.values_list("answered_on", flat=True)) == {date(2025, 6, 30)}
    assert response.point.code == "quay-1"
