"""Staff screens: scoping (404 outside one's units), forms, open/close
buttons, remediation pages, query counts of the lists."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from motcua.surveys import actions
from motcua.surveys.constants import CampaignStatus, RemediationStatus
from motcua.surveys.models import Campaign, RemediationAction
from motcua.testing.survey_factories import make_campaign, make_response, make_template

pytestmark = pytest.mark.django_db


def _dates(start: date, end: date) -> dict[str, str]:
    return {"starts_on": start.strftime("%d/%m/%Y"), "ends_on": end.strftime("%d/%m/%Y")}


def test_list_shows_my_units_campaigns_with_counts(
    client, org, personas, django_assert_max_num_queries
):
    mine = make_campaign(unit=org.hospital, title="Khảo sát ngoại trú BV")
    make_campaign(unit=org.other, title="Khảo sát tỉnh khác")
    for _ in range(3):
        make_response(mine, {"A1": 5})
    for i in range(30):
        make_campaign(unit=org.hospital, title=f"Chiến dịch {i}")
    client.force_login(personas.focal_point)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("surveys_staff:campaign_list"))
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count == 31
    assert "Khảo sát tỉnh khác" not in response.content.decode()
    row = Campaign.objects.get(title="Khảo sát ngoại trú BV")
    response = client.get(reverse("surveys_staff:campaign_list"), {"q": "ngoại trú"})
    found = list(response.context["page_obj"])
    assert [c.pk for c in found] == [row.pk]
    assert found[0].response_count == 3


def test_campaign_outside_my_units_is_404(client, org, personas):
    pharmacy = make_campaign(unit=org.pharmacy)
    client.force_login(personas.focal_point)  # focal point of the hospital
    for name in ("campaign_detail", "campaign_edit", "poster"):
        assert client.get(reverse(f"surveys_staff:{name}", args=[pharmacy.pk])).status_code == 404
    assert (
        client.post(reverse("surveys_staff:campaign_close", args=[pharmacy.pk])).status_code == 404
    )


def test_leader_reads_but_may_not_change(client, org, personas):
    campaign = make_campaign(unit=org.hospital, status=CampaignStatus.DRAFT)
    client.force_login(personas.leader)
    assert (
        client.get(reverse("surveys_staff:campaign_detail", args=[campaign.pk])).status_code == 200
    )
    assert (
        client.post(reverse("surveys_staff:campaign_open", args=[campaign.pk])).status_code == 403
    )
    assert client.get(reverse("surveys_staff:campaign_create")).status_code == 403


def test_coordinator_creates_opens_and_closes_through_the_forms(client, org, personas):
    version = make_template()
    today = timezone.localdate()
    client.force_login(personas.coordinator)
    response = client.post(
        reverse("surveys_staff:campaign_create"),
        {
            "title": "Khảo sát người bệnh ngoại trú",
            "version": version.pk,
            "unit": org.hospital.pk,
            **_dates(today, today + timedelta(days=90)),
            "points": "Khoa Khám bệnh\nKhoa Nội\n\nQuầy thu ngân",
            "target_responses": "300",
            "kiosk_idle_seconds": "90",
        },
    )
    campaign = Campaign.objects.get(title="Khảo sát người bệnh ngoại trú")
    assert response.status_code == 302
    assert campaign.points.count() == 3
    assert campaign.target_responses == 300
    detail = reverse("surveys_staff:campaign_detail", args=[campaign.pk])
    client.post(reverse("surveys_staff:campaign_open", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.OPEN
    page = client.get(detail).content.decode()
    assert f"/khao-sat/{campaign.slug}/" in page
    assert f"/can-bo/khao-sat/chi-so/?chien-dich={campaign.pk}" in page
    assert reverse("surveys_staff:poster", args=[campaign.pk]) + "?kho=a5" in page
    # The slug field is locked now; a forged value is ignored.
    response = client.post(
        reverse("surveys_staff:campaign_edit", args=[campaign.pk]),
        {
            "title": "Khảo sát người bệnh ngoại trú",
            "slug": "dia-chi-khac",
            **_dates(today, today + timedelta(days=90)),
            "points": "Khoa Khám bệnh",
        },
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.slug == "khao-sat-nguoi-benh-ngoai-tru"
    client.post(reverse("surveys_staff:campaign_close", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CLOSED


def test_bad_input_keeps_what_was_typed(client, org, personas):
    client.force_login(personas.focal_point)
    response = client.post(
        reverse("surveys_staff:campaign_create"),
        {
            "title": "Khảo sát thử nghiệm",
            "version": make_template().pk,
            "unit": org.pharmacy.pk,  # not managed by this focal point
            "starts_on": "31/02/2026",
            "ends_on": "01/01/2026",
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert {"unit", "starts_on"} <= set(form.errors)
    assert "Khảo sát thử nghiệm" in response.content.decode()


def test_remediation_pages(client, org, personas, django_assert_max_num_queries):
    campaign = make_campaign(unit=org.hospital)
    template = campaign.version.template
    today = timezone.localdate()
    for i in range(25):
        actions.create_remediation(
            acting_user=personas.focal_point,
            unit=org.hospital,
            template=template,
            question_code="A1" if i % 2 else "B1",
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            observed_rate=Decimal("55"),
            threshold=80,
            responses=50,
            description=f"Biện pháp {i}",
            due_date=date(2026, 4, 1) if i == 0 else today + timedelta(days=30),
            campaign=campaign,
        )
    overdue = RemediationAction.objects.get(description="Biện pháp 0")
    client.force_login(personas.coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("surveys_staff:remediation_list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 25
    response = client.get(reverse("surveys_staff:remediation_list"), {"trang_thai": "qua-han"})
    if overdue.due_date < today:
        assert [a.pk for a in response.context["page_obj"]] == [overdue.pk]
    url = reverse("surveys_staff:remediation_detail", args=[overdue.pk])
    # Closing without evidence is refused with the form kept.
    response = client.post(
        url,
        {
            "description": "Biện pháp 0",
            "due_date": "01/04/2026",
            "status": "closed",
            "evidence": "",
        },
    )
    assert response.status_code == 400
    assert "evidence" in response.context["form"].errors
    response = client.post(
        url,
        {
            "description": "Biện pháp 0",
            "due_date": "01/04/2026",
            "status": "closed",
            "evidence": "Đã lắp biển chỉ dẫn <script>.",
        },
    )
    assert response.status_code == 302
    overdue.refresh_from_db()
    assert overdue.status == RemediationStatus.CLOSED
    page = client.get(url).content.decode()
    assert "<script>." not in page
    # Outside the scope: 404.
    client.force_login(personas.outsider)
    assert client.get(url).status_code == 404


def test_from_figures_button(client, org, personas, settings):
    settings.SURVEYS_MAX_MOE = 20
    campaign = make_campaign(unit=org.hospital, starts_on=date(2026, 1, 1))
    for i in range(40):
        make_response(
            campaign, {"A1": 5 if i < 10 else 1, "A2": 5, "B1": 5}, answered_on=date(2026, 2, 1)
        )
    client.force_login(personas.focal_point)
    url = reverse("surveys_staff:from_figures", args=[campaign.pk])
    response = client.post(
        url, {"start": "01/01/2026", "end": "31/03/2026", "due_date": "30/06/2026"}
    )
    assert response.status_code == 302
    assert list(RemediationAction.objects.values_list("question_code", flat=True)) == ["A1"]
    response = client.post(url, {"start": "01/01/2026", "end": "bad", "due_date": "30/06/2026"})
    assert response.status_code == 400
