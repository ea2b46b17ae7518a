"""Kinds, channels, topics, statuses and the transition table of feedback
(phản ánh, kiến nghị, góp ý, hỏi đáp: PAKN)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.org.constants import Role


class FeedbackKind(models.TextChoices):
    SUGGESTION = "gop_y", _("Suggestion")
    COMPLAINT = "phan_anh", _("Complaint")
    RECOMMENDATION = "kien_nghi", _("Recommendation")
    QUESTION = "hoi_dap", _("Question")


class IntakeChannel(models.TextChoices):
    """Where an item came from. Under the national rules, feedback received
    on paper, by phone or by e-mail is entered into the same system."""

    WEB = "web", _("Website form")
    HOTLINE = "hotline", _("Hotline")
    MAILBOX = "mailbox", _("Mailbox (paper letter)")
    EMAIL = "email", _("E-mail")


class Topic(models.TextChoices):
    PROCEDURES = "procedures", _("Administrative procedures")
    MEDICAL = "medical", _("Medical examination and treatment")
    PHARMACY = "pharmacy", _("Medicines, cosmetics and pharmacies")
    FOOD_SAFETY = "food_safety", _("Food safety")
    INSURANCE = "insurance", _("Health insurance")
    DISEASE = "disease", _("Disease prevention and vaccination")
    CONDUCT = "conduct", _("Conduct of officials and health workers")
    OTHER = "other", _("Other")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    ASSIGNED = "assigned", _("Assigned")
    DRAFTED = "drafted", _("Answer awaiting approval")
    APPROVED = "approved", _("Answer approved")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    OUTSIDE_COMPETENCE = "outside", _("Outside our competence")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class ReminderKind(models.TextChoices):
    REMINDER = "reminder", _("Reminder before the deadline")
    DUE_SOON = "due_soon", _("Escalation: due soon")
    OVERDUE = "overdue", _("Escalation: overdue")


# Items still being handled (the deadline runs).
OPEN_STATUSES: tuple[str, ...] = (
    FeedbackStatus.RECEIVED,
    FeedbackStatus.CLASSIFIED,
    FeedbackStatus.ASSIGNED,
    FeedbackStatus.DRAFTED,
    FeedbackStatus.APPROVED,
)
# Items that have an answer the citizen can read and rate.
ANSWERED_STATUSES: tuple[str, ...] = (FeedbackStatus.ANSWERED, FeedbackStatus.CLOSED)

# (from, to) moves each action may make; anything else is refused.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "classify": (FeedbackStatus.RECEIVED, FeedbackStatus.CLASSIFIED),
    "assign": (FeedbackStatus.RECEIVED, FeedbackStatus.CLASSIFIED, FeedbackStatus.ASSIGNED),
    "draft": (FeedbackStatus.ASSIGNED, FeedbackStatus.DRAFTED),
    "return": (FeedbackStatus.DRAFTED,),
    "approve": (FeedbackStatus.DRAFTED,),
    "send": (FeedbackStatus.APPROVED,),
    "close": (FeedbackStatus.ANSWERED,),
    "transfer": OPEN_STATUSES,
    "decline": OPEN_STATUSES,
    "rate": ANSWERED_STATUSES,
    "reopen": ANSWERED_STATUSES,
    "publish": ANSWERED_STATUSES,
}

# Roles that see a unit's feedback (each covers the unit's subtree).
STAFF_ROLES: tuple[str, ...] = (Role.RECEPTION, Role.HANDLER, Role.APPROVER, Role.LEADER)
# Who may do what, in the unit concerned (or an ancestor).
INTAKE_ROLES: tuple[str, ...] = (Role.RECEPTION, Role.HANDLER, Role.APPROVER, Role.LEADER)
ROUTING_ROLES: tuple[str, ...] = (Role.RECEPTION, Role.APPROVER, Role.LEADER)
HANDLER_ROLES: tuple[str, ...] = (Role.HANDLER, Role.APPROVER)
APPROVER_ROLES: tuple[str, ...] = (Role.APPROVER, Role.LEADER)
SEND_ROLES: tuple[str, ...] = (Role.RECEPTION, Role.APPROVER, Role.LEADER)
ESCALATION_ROLES: tuple[str, ...] = (Role.APPROVER, Role.LEADER)


class AuditEvent(models.TextChoices):
    """Audit-log events of this app (``core.audit.record_audit``)."""

    RECEIVED = "feedback.received", _("Feedback received")
    CLASSIFIED = "feedback.classified", _("Feedback classified")
    ASSIGNED = "feedback.assigned", _("Feedback assigned")
    DRAFTED = "feedback.drafted", _("Answer drafted")
    RETURNED = "feedback.returned", _("Draft answer returned")
    APPROVED = "feedback.approved", _("Answer approved")
    SENT = "feedback.sent", _("Answer sent")
    PUBLISHED = "feedback.published", _("Answer published")
    UNPUBLISHED = "feedback.unpublished", _("Answer withdrawn from publication")
    CLOSED = "feedback.closed", _("Feedback closed")
    TRANSFERRED = "feedback.transferred", _("Feedback transferred")
    DECLINED = "feedback.declined", _("Outside our competence")
    RATED = "feedback.rated", _("Rated by the citizen")
    REOPENED = "feedback.reopened", _("Reopened by the citizen")
    REMINDED = "feedback.reminded", _("Reminder or escalation sent")


# Characters of lookup keys: no 0/O, 1/I/L, which are misread on paper.
KEY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_LENGTH = 6
