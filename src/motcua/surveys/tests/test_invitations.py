"""Invitations: after a dossier's result is returned (the office action
invites on commit; the applicant rates through the dossier's code and
lookup key, once), and e-mail invitations (one token per address,
consent respected)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext

from motcua.core.models import AuditEntry
from motcua.notifications.models import Message
from motcua.surveys import standard
from motcua.surveys.actions import invite_for_dossier, send_email_invitations
from motcua.surveys.constants import AuditEvent, CampaignStatus, Channel
from motcua.surveys.models import Answer, Invitation, Response
from motcua.testing.office_factories import office_staff, take_to
from motcua.testing.procedure_factories import ProcedureFactory
from motcua.testing.survey_factories import make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(org: Any, personas: Any) -> Any:
    return office_staff(org, personas)


@pytest.fixture
def procedure(org: Any) -> Any:
    return ProcedureFactory(unit=org.pharmacy)


@pytest.fixture
def rating_campaign(org: Any) -> Any:
    # Held by the Department: the pharmacy room's dossiers land in it.
    return make_campaign(
        unit=org.dept,
        version=standard.standard_version(standard.DOSSIER_RATING_CODE),
        slug="danh-gia-ho-so",
        title="Đánh giá sau khi nhận kết quả",
        for_dossier_ratings=True,
    )


def _returned(procedure: Any, staff: Any, capture: Any) -> Any:
    with capture(execute=True):
        dossier = take_to(procedure, staff.citizen, staff, "returned")
    dossier.refresh_from_db()
    return dossier


def test_returning_a_result_invites_the_applicant_and_the_rating_lands_in_answers(
    client: Client,
    procedure: Any,
    staff: Any,
    rating_campaign: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    dossier = _returned(procedure, staff, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get(dossier=dossier)
    assert invitation.campaign == rating_campaign
    messages = Message.objects.filter(event="surveys.rating_invitation")
    assert messages.exists()
    url = f"/khao-sat/danh-gia-ho-so/?ma={dossier.code}&k={dossier.lookup_key}"
    assert any(url in m.body_text for m in messages)
    assert AuditEntry.objects.filter(event=AuditEvent.INVITATIONS_SENT).exists()

    page = client.get(url)
    assert page.status_code == 200
    assert dossier.code in page.content.decode()
    answered = client.post(url, {"q-R1": "2", "q-R3": "5", "q-R13": "Chờ lâu"})
    assert answered.status_code == 302
    response = Response.objects.get(dossier=dossier)
    assert (response.channel, response.invitation_id) == (Channel.DOSSIER, invitation.pk)
    rows = Answer.objects.filter(response=response)
    assert {(a.question.code, a.value) for a in rows if a.value is not None} == {
        ("R1", 2),
        ("R3", 5),
    }
    assert all(a.unit_id == rating_campaign.unit_id for a in rows)
    assert all(a.answered_on == timezone.localdate() for a in rows)

    again = client.get(url)
    assert again.status_code == 409
    assert gettext("This dossier has already been rated. Thank you.") in again.content.decode()
    assert client.post(url, {"q-R1": "5"}).status_code == 409
    assert Response.objects.filter(dossier=dossier).count() == 1


def test_inviting_twice_sends_once(
    procedure: Any, staff: Any, rating_campaign: Any, django_capture_on_commit_callbacks: Any
) -> None:
    dossier = _returned(procedure, staff, django_capture_on_commit_callbacks)
    count = Message.objects.filter(event="surveys.rating_invitation").count()
    first = Invitation.objects.get(dossier=dossier)
    assert invite_for_dossier(dossier) == first
    assert Message.objects.filter(event="surveys.rating_invitation").count() == count


def test_no_open_rating_campaign_means_no_invitation(
    procedure: Any, staff: Any, org: Any, django_capture_on_commit_callbacks: Any
) -> None:
    make_campaign(unit=org.dept, for_dossier_ratings=True, status=CampaignStatus.CLOSED)
    make_campaign(unit=org.other, for_dossier_ratings=True)  # another department
    dossier = _returned(procedure, staff, django_capture_on_commit_callbacks)
    assert not Invitation.objects.filter(dossier=dossier).exists()
    assert not Message.objects.filter(event="surveys.rating_invitation").exists()


def test_the_nearest_units_campaign_wins(
    procedure: Any,
    staff: Any,
    org: Any,
    rating_campaign: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    nearer = make_campaign(
        unit=org.pharmacy,
        version=rating_campaign.version,
        for_dossier_ratings=True,
    )
    dossier = _returned(procedure, staff, django_capture_on_commit_callbacks)
    assert Invitation.objects.get(dossier=dossier).campaign == nearer


def test_a_wrong_key_is_refused_and_a_rating_campaign_needs_the_dossier(
    client: Client,
    procedure: Any,
    staff: Any,
    rating_campaign: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    dossier = _returned(procedure, staff, django_capture_on_commit_callbacks)
    wrong = client.get(f"/khao-sat/danh-gia-ho-so/?ma={dossier.code}&k=ZZZZ")
    assert wrong.status_code == 404
    bare = client.get("/khao-sat/danh-gia-ho-so/")
    assert bare.status_code == 403
    assert 'name="ma"' in bare.content.decode()
    assert client.post("/khao-sat/danh-gia-ho-so/", {"q-R1": "5"}).status_code == 403
    assert not Response.objects.exists()


def test_email_invitations_one_token_per_address_and_consent_respected(
    org: Any, personas: Any
) -> None:
    from motcua.accounts.constants import ConsentPurpose
    from motcua.accounts.models import Consent

    campaign = make_campaign(unit=org.hospital, slug="nhan-thuc")
    Consent.objects.create(
        user=personas.citizen,
        purpose=ConsentPurpose.SURVEYS,
        terms_version="2026-01",
        channel="web",
        withdrawn_at=timezone.now(),
    )
    created = send_email_invitations(
        campaign,
        ["a@vidu.vn", " A@vidu.vn ", "b@vidu.vn", personas.citizen.email.upper()],
        acting_user=personas.coordinator,
    )
    assert sorted(i.email for i in created) == ["a@vidu.vn", "b@vidu.vn"]
    assert len({i.token for i in created}) == 2
    messages = Message.objects.filter(event="surveys.invitation")
    assert sorted(m.recipient for m in messages) == ["a@vidu.vn", "b@vidu.vn"]
    for invitation in created:
        assert any(f"/khao-sat/nhan-thuc/?t={invitation.token}" in m.body_text for m in messages)
    # Again: already invited, nothing new.
    assert send_email_invitations(campaign, ["a@vidu.vn"], acting_user=personas.coordinator) == []
    entry = AuditEntry.objects.filter(event=AuditEvent.INVITATIONS_SENT).first()
    assert entry is not None and entry.actor == personas.coordinator


def test_email_invitations_refuse_bad_addresses(org: Any, personas: Any) -> None:
    campaign = make_campaign(unit=org.hospital)
    with pytest.raises(ValidationError):
        send_email_invitations(campaign, ["khong-phai-email"], acting_user=personas.coordinator)
    assert not Invitation.objects.exists()
