"""Survey campaigns: create, change, open, close, add counters.

A campaign runs one published template version for one unit over a
period. Its slug is the address printed on the QR posters
(``/khao-sat/<slug>/``), so it is frozen once the campaign has opened; so
are the version and the unit, which every response copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.text import clean_text, strip_accents
from motcua.org.models import Unit
from motcua.surveys.constants import (
    MANAGE_ROLES,
    AuditEvent,
    CampaignStatus,
    TemplateKind,
    VersionStatus,
)
from motcua.surveys.models import Campaign, CampaignPoint, TemplateVersion, units_in_scope

if TYPE_CHECKING:
    from motcua.accounts.models import User

SLUG_MAX = 60
POINT_CODE_MAX = 32
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

__all__ = [
    "add_point",
    "close_campaign",
    "create_campaign",
    "ensure_manages",
    "managed_units",
    "open_campaign",
    "update_campaign",
]


# ------------------------------------------------------------- permissions
def managed_units(user: Any) -> Any:
    """Units whose campaigns and remediation actions ``user`` may change:
    a focal point's subtree, a coordinator's whole Department."""
    return units_in_scope(user, roles=MANAGE_ROLES)


def ensure_manages(user: Any, unit: Unit) -> None:
    """Raise ``PermissionDenied`` unless ``user`` manages surveys of ``unit``."""
    if not managed_units(user).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You do not manage surveys of this unit."))


# ------------------------------------------------------------------ helpers
def ascii_slug(text: str, *, max_length: int = SLUG_MAX) -> str:
    """An ASCII slug of Vietnamese text ("Khảo sát Đa khoa" → "khao-sat-da-khoa")."""
    slug = slugify(strip_accents(text))[:max_length].strip("-")
    return slug


def _unique_slug(base: str, *, exclude_pk: Any = None) -> str:
    base = base or "khao-sat"
    taken = set(
        Campaign.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = f"{base[: SLUG_MAX - len(suffix)].rstrip('-')}{suffix}"
        if candidate not in taken:
            return candidate
        n += 1


def _check_slug(slug: str, *, exclude_pk: Any = None) -> str:
    slug = slug.strip().lower()
    if not _SLUG_RE.match(slug) or len(slug) > SLUG_MAX:
        raise ValidationError(
            {
                "slug": _(
                    "Use only lower-case letters without accents, digits and hyphens "
                    "(at most %(n)s characters)."
                )
                % {"n": SLUG_MAX}
            }
        )
    if Campaign.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        raise ValidationError({"slug": _("Another campaign already uses this address.")})
    return slug


def _check_period(starts_on: date, ends_on: date) -> None:
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The closing date is before the opening date.")})


def _check_version(version: TemplateVersion, for_dossier_ratings: bool) -> None:
    if version.status != VersionStatus.PUBLISHED:
        raise ValidationError({"version": _("Choose a published questionnaire version.")})
    if for_dossier_ratings and version.template.kind != TemplateKind.DOSSIER_RATING:
        raise ValidationError(
            {
                "for_dossier_ratings": _(
                    "Only a campaign of the rating-after-result questionnaire can receive "
                    "ratings after results."
                )
            }
        )


def _point_specs(points: Iterable[Any]) -> list[tuple[str, str]]:
    """``points`` as (code, name): each item a name or a (code, name) pair;
    codes are generated from the names when missing, unique in the list;
    a name given twice counts once."""
    specs: list[tuple[str, str]] = []
    seen: set[str] = set()
    names: set[str] = set()
    for item in points:
        if isinstance(item, (tuple, list)):
            code, name = str(item[0]), clean_text(str(item[1]))
        else:
            code, name = "", clean_text(str(item))
        if not name or name in names:
            continue
        names.add(name)
        base = ascii_slug(code or name, max_length=POINT_CODE_MAX) or "diem"
        candidate, n = base, 2
        while candidate in seen:
            suffix = f"-{n}"
            candidate = f"{base[: POINT_CODE_MAX - len(suffix)].rstrip('-')}{suffix}"
            n += 1
        seen.add(candidate)
        specs.append((candidate, name[:255]))
    return specs


def _snapshot(campaign: Campaign) -> dict[str, Any]:
    return {
        "slug": campaign.slug,
        "title": campaign.title,
        "version": campaign.version_id,
        "unit": campaign.unit_id,
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
        "target_responses": campaign.target_responses,
        "for_dossier_ratings": campaign.for_dossier_ratings,
        "kiosk_idle_seconds": campaign.kiosk_idle_seconds,
    }


# ------------------------------------------------------------------ actions
@transaction.atomic
def create_campaign(
    *,
    acting_user: User | None,
    version: TemplateVersion,
    unit: Unit,
    title: str,
    starts_on: date,
    ends_on: date,
    slug: str | None = None,
    points: Iterable[Any] = (),
    for_dossier_ratings: bool = False,
    target_responses: int = 0,
    kiosk_idle_seconds: int | None = None,
) -> Campaign:
    """A new campaign (not yet open) of ``version`` for ``unit``. The slug
    is generated from the title (ASCII, unique) unless given; ``points``
    are counter or department names (or (code, name) pairs), one poster each."""
    ensure_manages(acting_user, unit)
    title = clean_text(title)
    if not title:
        raise ValidationError({"title": _("Enter a title.")})
    _check_period(starts_on, ends_on)
    _check_version(version, for_dossier_ratings)
    slug = _check_slug(slug) if slug else _unique_slug(ascii_slug(title))
    campaign = Campaign(
        slug=slug,
        title=title[:255],
        version=version,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        for_dossier_ratings=for_dossier_ratings,
        target_responses=max(0, int(target_responses or 0)),
        created_by=acting_user,
    )
    if kiosk_idle_seconds:
        campaign.kiosk_idle_seconds = kiosk_idle_seconds
    campaign.save()
    CampaignPoint.objects.bulk_create(
        CampaignPoint(campaign=campaign, code=code, name=name, position=i)
        for i, (code, name) in enumerate(_point_specs(points))
    )
    record_audit(
        campaign,
        acting_user,
        AuditEvent.CAMPAIGN_CREATED,
        new={**_snapshot(campaign), "points": [p.name for p in campaign.points.all()]},
    )
    return campaign


def _lock(campaign: Campaign) -> Campaign:
    return (
        Campaign.objects.select_for_update().select_related("version__template").get(pk=campaign.pk)
    )


@transaction.atomic
def update_campaign(
    campaign: Campaign,
    *,
    acting_user: User | None,
    points: Iterable[Any] | None = None,
    **changes: Any,
) -> Campaign:
    """Change a campaign. Once it has opened, its address (slug), version
    and unit are frozen: posters are printed and responses carry them.
    ``points`` replaces the list while the campaign is a draft; afterwards
    existing points stay (their posters hang) and new names are added."""
    allowed = {
        "title",
        "slug",
        "version",
        "unit",
        "starts_on",
        "ends_on",
        "target_responses",
        "for_dossier_ratings",
        "kiosk_idle_seconds",
    }
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"update_campaign: unknown fields {sorted(unknown)}")
    campaign = _lock(campaign)
    ensure_manages(acting_user, campaign.unit)
    before = _snapshot(campaign)
    opened = campaign.status != CampaignStatus.DRAFT
    if "slug" in changes and changes["slug"] is not None:
        new_slug = str(changes["slug"]).strip().lower()
        if new_slug != campaign.slug:
            if opened:
                raise ValidationError(
                    {"slug": _("The address cannot change once the campaign has opened.")}
                )
            campaign.slug = _check_slug(new_slug, exclude_pk=campaign.pk)
    for name in ("version", "unit"):
        if name in changes and changes[name] is not None:
            value = changes[name]
            if value.pk != getattr(campaign, f"{name}_id"):
                if opened:
                    raise ValidationError(
                        {name: _("This cannot change once the campaign has opened.")}
                    )
                if name == "unit":
                    ensure_manages(acting_user, value)
                setattr(campaign, name, value)
    if "title" in changes:
        title = clean_text(changes["title"] or "")
        if not title:
            raise ValidationError({"title": _("Enter a title.")})
        campaign.title = title[:255]
    for name in ("starts_on", "ends_on"):
        if changes.get(name) is not None:
            setattr(campaign, name, changes[name])
    _check_period(campaign.starts_on, campaign.ends_on)
    if "target_responses" in changes:
        campaign.target_responses = max(0, int(changes["target_responses"] or 0))
    if "for_dossier_ratings" in changes:
        campaign.for_dossier_ratings = bool(changes["for_dossier_ratings"])
    if changes.get("kiosk_idle_seconds"):
        campaign.kiosk_idle_seconds = int(changes["kiosk_idle_seconds"])
    if "version" in changes or "for_dossier_ratings" in changes:
        version = TemplateVersion.objects.select_related("template").get(pk=campaign.version_id)
        if version.pk != before["version"] or campaign.for_dossier_ratings:
            _check_version(version, campaign.for_dossier_ratings)
    campaign.save(
        update_fields=[
            "slug",
            "title",
            "version",
            "unit",
            "starts_on",
            "ends_on",
            "target_responses",
            "for_dossier_ratings",
            "kiosk_idle_seconds",
        ]
    )
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    after = _snapshot(campaign)
    for key, value in after.items():
        if before[key] != value:
            old[key], new[key] = before[key], value
    if points is not None:
        old_points, new_points = _set_points(campaign, _point_specs(points), replace=not opened)
        if old_points != new_points:
            old["points"], new["points"] = old_points, new_points
    if new:
        record_audit(campaign, acting_user, AuditEvent.CAMPAIGN_CHANGED, old=old, new=new)
    return campaign


def _set_points(
    campaign: Campaign, specs: list[tuple[str, str]], *, replace: bool
) -> tuple[list[str], list[str]]:
    existing = list(campaign.points.all())
    before = [p.name for p in existing]
    by_name = {p.name: p for p in existing}
    codes = {p.code for p in existing}
    wanted = [name for _code, name in specs]
    if replace:
        CampaignPoint.objects.filter(campaign=campaign).exclude(name__in=wanted).delete()
        codes = {p.code for p in existing if p.name in wanted}
    position = 0
    for code, name in specs:
        point = by_name.get(name)
        if point is None:
            candidate, n = code, 2
            while candidate in codes:
                suffix = f"-{n}"
                candidate = f"{code[: POINT_CODE_MAX - len(suffix)].rstrip('-')}{suffix}"
                n += 1
            codes.add(candidate)
            CampaignPoint.objects.create(
                campaign=campaign, code=candidate, name=name, position=position
            )
        elif point.position != position:
            point.position = position
            point.save(update_fields=["position"])
        position += 1
    if not replace:
        # Points no longer listed keep their poster; they go to the end.
        for point in existing:
            if point.name not in wanted:
                point.position = position
                point.save(update_fields=["position"])
                position += 1
    after = list(campaign.points.order_by("position", "pk").values_list("name", flat=True))
    return before, after


@transaction.atomic
def add_point(
    campaign: Campaign, *, acting_user: User | None, name: str, code: str = ""
) -> CampaignPoint:
    """One more counter or department (one more poster)."""
    campaign = _lock(campaign)
    ensure_manages(acting_user, campaign.unit)
    name = clean_text(name)
    if not name:
        raise ValidationError({"name": _("Enter the name of the counter or department.")})
    _old, _new = _set_points(
        campaign,
        [*((p.code, p.name) for p in campaign.points.all()), *_point_specs([(code or name, name)])],
        replace=False,
    )
    point = campaign.points.get(name=name)
    record_audit(
        campaign,
        acting_user,
        AuditEvent.CAMPAIGN_CHANGED,
        new={"point_added": {"code": point.code, "name": point.name}},
    )
    return point


@transaction.atomic
def open_campaign(campaign: Campaign, *, acting_user: User | None) -> Campaign:
    """Open a draft (or reopen a closed) campaign: respondents may answer
    between its dates. A campaign whose period is over cannot open."""
    campaign = _lock(campaign)
    ensure_manages(acting_user, campaign.unit)
    if campaign.status == CampaignStatus.OPEN:
        raise ValidationError(_("The campaign is already open."))
    if campaign.ends_on < timezone.localdate():
        raise ValidationError(
            _("The campaign's period is over: change its closing date before opening it.")
        )
    if campaign.version.status != VersionStatus.PUBLISHED:
        raise ValidationError(_("Its questionnaire version is no longer published."))
    old = campaign.status
    campaign.status = CampaignStatus.OPEN
    campaign.save(update_fields=["status"])
    record_audit(
        campaign,
        acting_user,
        AuditEvent.CAMPAIGN_OPENED,
        old={"status": old},
        new={"status": "open"},
    )
    return campaign


@transaction.atomic
def close_campaign(campaign: Campaign, *, acting_user: User | None) -> Campaign:
    """Close an open campaign: no more responses (its figures stay)."""
    campaign = _lock(campaign)
    ensure_manages(acting_user, campaign.unit)
    if campaign.status != CampaignStatus.OPEN:
        raise ValidationError(_("Only an open campaign can be closed."))
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status"])
    record_audit(
        campaign,
        acting_user,
        AuditEvent.CAMPAIGN_CLOSED,
        old={"status": "open"},
        new={"status": "closed"},
    )
    return campaign
