"""Vocabularies of the procedure catalogue (bộ thủ tục hành chính).

Online levels follow NĐ 42/2022 (domain-vn.md §4.6); deadline units are set
per procedure version (domain-vn.md §4.5)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OnlineLevel(models.TextChoices):
    """NĐ 42/2022/NĐ-CP: two levels of online public service, or none."""

    FULL = "full", _("Fully online")  # DVC trực tuyến toàn trình
    PARTIAL = "partial", _("Partly online")  # DVC trực tuyến một phần
    OFFLINE = "offline", _("In person or by post only")


# Levels at which a citizen may start a dossier on this site.
ONLINE_LEVELS = frozenset({OnlineLevel.FULL, OnlineLevel.PARTIAL})


class DeadlineUnit(models.TextChoices):
    """How the statutory time is counted (domain-vn.md §4.5)."""

    DAYS = "days", _("days")  # ngày (calendar days)
    WORKING_DAYS = "working_days", _("working days")
    WORKING_HOURS = "working_hours", _("working hours")


class CopyType(models.TextChoices):
    """What form a required document must take (bản chính, bản sao…)."""

    ORIGINAL = "original", _("Original")
    COPY = "copy", pgettext_lazy("document", "Copy")
    CERTIFIED_COPY = "certified_copy", _("Certified copy")
    ORIGINAL_OR_CERTIFIED = "original_or_certified", _("Original or certified copy")


class FeeStatus(models.TextChoices):
    """Whether the fee of a version is known: "chưa công bố" is shown when it
    is not (domain-vn.md §8 marks several fees NOT FOUND)."""

    CHARGED = "charged", _("Fees as listed")
    FREE = "free", _("No fee")
    UNPUBLISHED = "unpublished", _("Not yet published")


class FeeTiming(models.TextChoices):
    """When the fee is paid (the payments issue wires this to the workflow)."""

    BEFORE_RECEPTION = "before_reception", _("Before the dossier is received")
    BEFORE_RESULT = "before_result", _("Before the result is returned")


class DeliveryOption(models.TextChoices):
    COUNTER = "counter", _("At the one-stop counter")
    POST = "post", _("By public postal service")


class AuditEvent(models.TextChoices):
    PROCEDURE_CREATED = "procedures.procedure_created", _("Procedure created")
    PROCEDURE_CHANGED = "procedures.procedure_changed", _("Procedure changed")
    VERSION_CREATED = "procedures.version_created", _("Procedure version created")
    VERSION_CHANGED = "procedures.version_changed", _("Procedure version changed")
    VERSION_PUBLISHED = "procedures.version_published", _("Procedure version published")
    CATALOGUE_IMPORTED = "procedures.catalogue_imported", _("Procedure catalogue imported")
