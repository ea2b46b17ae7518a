"""Campaign actions: scoping, slug generation and freezing, open/close, audit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from motcua.core.models import AuditEntry
from motcua.surveys import actions
from motcua.surveys.constants import AuditEvent, CampaignStatus, TemplateKind, VersionStatus
from motcua.surveys.models import Campaign
from motcua.testing.survey_factories import make_template

pytestmark = pytest.mark.django_db


def _create(user, unit, **kw):
    today = timezone.localdate()
    defaults = {
        "version": make_template(),
        "title": "Khảo sát người bệnh ngoại trú quý IV",
        "starts_on": today,
        "ends_on": today + timedelta(days=60),
    }
    defaults.update(kw)
    return actions.create_campaign(acting_user=user, unit=unit, **defaults)


def test_focal_point_creates_a_campaign_with_an_ascii_slug_and_points(org, personas):
    campaign = _create(
        personas.focal_point,
        org.hospital,
        points=["Khoa Khám bệnh", "Khoa Nội", "Quầy thu ngân", "Khoa Nội"],
    )
    assert campaign.slug == "khao-sat-nguoi-benh-ngoai-tru-quy-iv"
    assert campaign.status == CampaignStatus.DRAFT
    assert list(campaign.points.values_list("code", "name")) == [
        ("khoa-kham-benh", "Khoa Khám bệnh"),
        ("khoa-noi", "Khoa Nội"),
        ("quay-thu-ngan", "Quầy thu ngân"),
    ]
    assert AuditEntry.objects.filter(
        event=AuditEvent.CAMPAIGN_CREATED, target_id=str(campaign.pk)
    ).exists()


def test_slugs_stay_unique(org, personas):
    first = _create(personas.focal_point, org.hospital, title="Đánh giá Đường dây nóng")
    second = _create(personas.focal_point, org.hospital, title="Đánh giá đường dây nóng")
    assert first.slug == "danh-gia-duong-day-nong"
    assert second.slug == "danh-gia-duong-day-nong-2"
    with pytest.raises(ValidationError):
        _create(personas.focal_point, org.hospital, slug="danh-gia-duong-day-nong")
    with pytest.raises(ValidationError):
        _create(personas.focal_point, org.hospital, slug="Có dấu")


def test_office_coordinator_covers_the_whole_department(org, personas):
    # The coordinator sits in Văn phòng Sở, the hospital is a sibling unit.
    campaign = _create(personas.coordinator, org.hospital)
    assert campaign.unit == org.hospital
    assert Campaign.objects.visible_to(personas.coordinator).filter(pk=campaign.pk).exists()
    assert not Campaign.objects.visible_to(personas.outsider).filter(pk=campaign.pk).exists()


def test_a_focal_point_of_another_unit_or_a_leader_may_not_create(org, personas):
    with pytest.raises(PermissionDenied):
        _create(personas.focal_point, org.pharmacy)
    with pytest.raises(PermissionDenied):
        _create(personas.leader, org.dept)  # leaders read, they do not run campaigns
    with pytest.raises(PermissionDenied):
        _create(personas.outsider, org.other)


def test_only_published_versions_and_rating_templates_for_ratings(org, personas):
    with pytest.raises(ValidationError):
        _create(
            personas.focal_point, org.hospital, version=make_template(status=VersionStatus.DRAFT)
        )
    with pytest.raises(ValidationError):
        _create(personas.focal_point, org.hospital, for_dossier_ratings=True)
    rating = _create(
        personas.focal_point,
        org.hospital,
        version=make_template(kind=TemplateKind.DOSSIER_RATING),
        for_dossier_ratings=True,
    )
    assert rating.for_dossier_ratings


def test_period_must_not_end_before_it_starts(org, personas):
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        _create(
            personas.focal_point, org.hospital, starts_on=today, ends_on=today - timedelta(days=1)
        )


def test_slug_version_and_unit_are_frozen_once_opened(org, personas):
    campaign = _create(personas.focal_point, org.hospital, points=["Khoa Nội"])
    campaign = actions.update_campaign(
        campaign,
        acting_user=personas.focal_point,
        slug="ngoai-tru-2026",
        points=["Khoa Nội", "Khoa Ngoại"],
    )
    assert campaign.slug == "ngoai-tru-2026"
    actions.open_campaign(campaign, acting_user=personas.focal_point)
    with pytest.raises(ValidationError) as excinfo:
        actions.update_campaign(campaign, acting_user=personas.focal_point, slug="doi-dia-chi")
    assert "slug" in excinfo.value.message_dict
    with pytest.raises(ValidationError):
        actions.update_campaign(campaign, acting_user=personas.focal_point, version=make_template())
    # Other fields still change, and counters are only added once posters hang.
    campaign = actions.update_campaign(
        campaign, acting_user=personas.focal_point, title="Tên mới", points=["Quầy thu ngân"]
    )
    campaign.refresh_from_db()
    assert campaign.slug == "ngoai-tru-2026"
    assert campaign.title == "Tên mới"
    assert sorted(campaign.points.values_list("name", flat=True)) == [
        "Khoa Ngoại",
        "Khoa Nội",
        "Quầy thu ngân",
    ]
    assert (
        AuditEntry.objects.filter(
            event=AuditEvent.CAMPAIGN_CHANGED, target_id=str(campaign.pk)
        ).count()
        == 2
    )


def test_open_and_close(org, personas):
    campaign = _create(personas.coordinator, org.hospital)
    campaign = actions.open_campaign(campaign, acting_user=personas.coordinator)
    assert campaign.status == CampaignStatus.OPEN
    with pytest.raises(ValidationError):
        actions.open_campaign(campaign, acting_user=personas.coordinator)
    campaign = actions.close_campaign(campaign, acting_user=personas.coordinator)
    assert campaign.status == CampaignStatus.CLOSED
    with pytest.raises(ValidationError):
        actions.close_campaign(campaign, acting_user=personas.coordinator)
    events = list(
        AuditEntry.objects.filter(target_id=str(campaign.pk), event__startswith="surveys.")
        .order_by("pk")
        .values_list("event", flat=True)
    )
    assert events == [
        AuditEvent.CAMPAIGN_CREATED,
        AuditEvent.CAMPAIGN_OPENED,
        AuditEvent.CAMPAIGN_CLOSED,
    ]
    with pytest.raises(PermissionDenied):
        actions.open_campaign(campaign, acting_user=personas.leader)


def test_a_campaign_whose_period_is_over_cannot_open(org, personas):
    today = timezone.localdate()
    campaign = _create(
        personas.focal_point,
        org.hospital,
        starts_on=today - timedelta(days=90),
        ends_on=today - timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        actions.open_campaign(campaign, acting_user=personas.focal_point)


def test_add_point_gets_a_unique_code(org, personas):
    campaign = _create(personas.focal_point, org.hospital, points=["Quầy 1"])
    point = actions.add_point(campaign, acting_user=personas.focal_point, name="Quầy 1 ")
    assert point.name == "Quầy 1"
    second = actions.add_point(campaign, acting_user=personas.focal_point, name="Quầy số 2")
    assert second.code == "quay-so-2"
