"""Consent purposes and channels (Luật 91/2025, NĐ 356/2025: consent per
purpose, verifiable, never pre-ticked)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    TERMS = "terms", _("Processing my personal data to provide online public services")
    NOTIFICATIONS = "notifications", _("Receiving SMS and e-mail about my dossiers")
    INFORMATION = "information", _("Receiving information campaigns from the Department")
    SURVEYS = "surveys", _("Being contacted for satisfaction surveys")


class ConsentChannel(models.TextChoices):
    WEB = "web", _("Website")
    COUNTER = "counter", _("At the counter")
    SMS = "sms", _("SMS")
    API = "api", _("API")


# Raise when the text a person agrees to changes; records keep the version.
TERMS_VERSION = "2026-01"
