"""Question kinds, scales, template kinds, campaign and remediation statuses,
demographic bands and audit events of the survey engine (domain-vn.md §1,
§2, §4.7)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.org.constants import Role


class TemplateKind(models.TextChoices):
    SIPAS = "sipas", _("One-stop service satisfaction (SIPAS-style)")
    MOH_INPATIENT = "moh_inpatient", _("Inpatient satisfaction (MoH form 1)")
    MOH_OUTPATIENT = "moh_outpatient", _("Outpatient satisfaction (MoH form 2)")
    DOSSIER_RATING = "dossier_rating", _("Rating after a dossier's result")
    AWARENESS = "awareness", _("Public awareness survey")
    STAFF_AWARENESS = "staff_awareness", _("Staff awareness survey")
    OTHER = "other", _("Other survey")


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Scale 1–5 (0 = no opinion)")
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    NUMBER = "number", _("Number")
    TEXT = "text", _("Free text")


class Scale(models.TextChoices):
    """Labels of the five levels of a Likert question (domain-vn.md §1.3, §2.2)."""

    SATISFACTION = "satisfaction", _("Very dissatisfied … very satisfied")
    QUALITY = "quality", _("Very poor … very good")


# Level labels per scale; 0 means "not used / no opinion" and is excluded
# from every numerator and denominator (domain-vn.md §2.2).
SCALE_LABELS = {
    Scale.SATISFACTION: {
        1: _("Very dissatisfied"),
        2: _("Dissatisfied"),
        3: _("Neutral"),
        4: _("Satisfied"),
        5: _("Very satisfied"),
    },
    Scale.QUALITY: {
        1: _("Very poor"),
        2: _("Poor"),
        3: _("Average"),
        4: _("Good"),
        5: _("Very good"),
    },
}
NO_OPINION = 0
LIKERT_MIN, LIKERT_MAX = 1, 5
SATISFIED_LEVELS = (4, 5)


class ItemSource(models.TextChoices):
    """Where the wording of an item comes from (the issue asks each template
    to say which items are official and which are ours)."""

    OFFICIAL = "official", _("Official form")
    ADAPTED = "adapted", _("Adapted from an official source")
    OURS = "ours", _("Added by the Department")


class Aggregation(models.TextChoices):
    """How items are combined into a template's overall index. The SIPAS
    formula is not published (domain-vn.md §1.3): the default is the
    Ministry of Health rule, every answered item pooled."""

    POOLED = "pooled", _("All answered items pooled (Ministry of Health rule)")
    SECTION_MEAN = "section_mean", _("Mean of the section figures, equal weights")
    SECTION_WEIGHTED = "section_weighted", _("Mean of the section figures, weighted")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", pgettext_lazy("survey version", "Retired")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Channel(models.TextChoices):
    LINK = "link", _("Public link")
    QR = "qr", _("QR poster")
    KIOSK = "kiosk", _("Counter kiosk")
    DOSSIER = "dossier", _("Invitation after a dossier's result")
    EMAIL = "email", _("E-mail invitation")
    PAPER = "paper", _("Paper form entered by staff")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    OTHER = "other", _("Other / prefer not to say")


class AgeBand(models.TextChoices):
    UNDER_18 = "lt18", _("Under 18")
    FROM_18 = "18_29", _("18–29")
    FROM_30 = "30_44", _("30–44")
    FROM_45 = "45_59", _("45–59")
    FROM_60 = "60plus", _("60 and over")


class Education(models.TextChoices):
    PRIMARY = "primary", _("Primary school or less")
    SECONDARY = "secondary", _("Lower or upper secondary school")
    VOCATIONAL = "vocational", _("Vocational training or college")
    UNIVERSITY = "university", _("University or higher")


class Occupation(models.TextChoices):
    OFFICIAL = "official", _("Civil servant or public employee")
    BUSINESS = "business", _("Business owner or trader")
    WORKER = "worker", _("Worker or employee")
    FARMER = "farmer", _("Farmer or fisher")
    STUDENT = "student", _("Pupil or student")
    RETIRED = "retired", _("Retired")
    OTHER = "other", _("Other")


class RemediationStatus(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done, awaiting the next period's figure")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_REMEDIATION = (RemediationStatus.OPEN, RemediationStatus.IN_PROGRESS, RemediationStatus.DONE)

# Who runs campaigns and sees indices: the coordinator (Văn phòng Sở) for
# every unit below them; a unit's focal point and leaders for their subtree.
STAFF_ROLES = (Role.COORDINATOR, Role.FOCAL_POINT, Role.LEADER)
MANAGE_ROLES = (Role.COORDINATOR, Role.FOCAL_POINT)


class AuditEvent(models.TextChoices):
    TEMPLATE_VERSION_PUBLISHED = "surveys.version_published", _("Survey template version published")
    CAMPAIGN_CREATED = "surveys.campaign_created", _("Survey campaign created")
    CAMPAIGN_CHANGED = "surveys.campaign_changed", _("Survey campaign changed")
    CAMPAIGN_OPENED = "surveys.campaign_opened", _("Survey campaign opened")
    CAMPAIGN_CLOSED = "surveys.campaign_closed", _("Survey campaign closed")
    INVITATIONS_SENT = "surveys.invitations_sent", _("Survey invitations sent")
    RESPONSE_SUBMITTED = "surveys.response_submitted", _("Survey response submitted")
    REMEDIATION_CREATED = "surveys.remediation_created", _("Remediation action created")
    REMEDIATION_CHANGED = "surveys.remediation_changed", _("Remediation action changed")
    REPORT_PUBLISHED = "surveys.report_published", _("Satisfaction report published")
