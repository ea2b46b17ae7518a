"""Choices shared by every app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarOverrideKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day")


class AdministrativeLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    COMMUNE = "commune", _("Commune / ward")


class AuditEvent(models.TextChoices):
    """Events written to the audit log. Apps add their own values as plain
    strings named ``<app>.<event>``; these are the foundation's."""

    UNIT_CREATED = "org.unit_created", _("Unit created")
    UNIT_CHANGED = "org.unit_changed", _("Unit changed")
    MEMBERSHIP_GRANTED = "org.membership_granted", _("Role granted")
    MEMBERSHIP_REVOKED = "org.membership_revoked", _("Role revoked")
    PROFILE_CHANGED = "accounts.profile_changed", _("Profile changed")
    CONSENT_GIVEN = "accounts.consent_given", _("Consent given")
    CONSENT_WITHDRAWN = "accounts.consent_withdrawn", _("Consent withdrawn")
    CALENDAR_CHANGED = "core.calendar_changed", _("Calendar exception changed")


# Working hours per working day, for deadlines counted in "giờ làm việc".
WORKING_HOURS_PER_DAY = 8


class IndicatorDirection(models.TextChoices):
    """Whether a larger measured value is better (coverage, on-time rate) or
    worse (overdue dossiers, complaints)."""

    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorUnit(models.TextChoices):
    """What an indicator's value counts."""

    PERCENT = "percent", _("Percent")
    COUNT = "count", _("Count")
    VND = "vnd", _("Đồng (VND)")
    DAYS = "days", _("Days")
