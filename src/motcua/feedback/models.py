"""Feedback items (PAKN) from every channel, their attachments, the daily
code counter and the reminders sent about them."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.feedback.constants import (
    ANSWERED_STATUSES,
    OPEN_STATUSES,
    STAFF_ROLES,
    FeedbackKind,
    FeedbackStatus,
    IntakeChannel,
    Rating,
    ReminderKind,
    Topic,
)
from motcua.org.models import Unit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


class FeedbackQuerySet(models.QuerySet["FeedbackItem"]):
    def visible_to(self, user: AbstractBaseUser | AnonymousUser) -> FeedbackQuerySet:
        """Items of the units where ``user`` holds a feedback role (the
        subtree of each); others' items do not exist for them (404)."""
        return self.filter(unit__in=Unit.objects.visible_to(user, roles=STAFF_ROLES))

    def open(self) -> FeedbackQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date | None = None) -> FeedbackQuerySet:
        """Open items whose deadline has passed."""
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def published(self) -> FeedbackQuerySet:
        """Answers shown on /hoi-dap/: sent, consented to and approved for publication."""
        return self.filter(is_published=True, status__in=ANSWERED_STATUSES)

    def within_competence(self) -> FeedbackQuerySet:
        return self.exclude(status=FeedbackStatus.OUTSIDE_COMPETENCE)


class FeedbackItem(models.Model):
    """One piece of feedback, a complaint, a recommendation or a question,
    whatever channel it came by. The citizen follows it with ``code`` and
    ``lookup_key``; staff handle it in the unit concerned."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    lookup_key = models.CharField(_("lookup key"), max_length=12)
    channel = models.CharField(_("channel"), max_length=16, choices=IntakeChannel.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=FeedbackKind.choices)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit concerned"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    title = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("content"))
    dossier_code = models.CharField(_("dossier code"), max_length=40, blank=True, db_index=True)

    # Who sent it. Empty name: anonymous (allowed for some kinds).
    is_anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("full name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=16, blank=True)
    contact_address = models.CharField(_("address"), max_length=255, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_items",
    )
    consent_publish = models.BooleanField(_("agrees to publication"), default=False)

    # Channel details: hotline call, paper letter, e-mail.
    caller_line = models.CharField(_("line called"), max_length=32, blank=True)
    recording_ref = models.CharField(_("recording reference"), max_length=120, blank=True)
    letter_date = models.DateField(_("date of the letter"), null=True, blank=True)
    email_from = models.CharField(_("sender's address"), max_length=254, blank=True)
    email_message_id = models.CharField(_("message id"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    received_at = models.DateTimeField(_("received at"), db_index=True)
    due_date = models.DateField(_("deadline"), db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(null=True, blank=True)

    answer = models.TextField(_("answer"), blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    publish_approved = models.BooleanField(_("publication approved"), default=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    referral = models.TextField(_("where to go instead"), blank=True)
    transfer_count = models.PositiveSmallIntegerField(default=0)
    reopen_count = models.PositiveSmallIntegerField(default=0)

    rating = models.CharField(_("rating"), max_length=16, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("comment on the answer"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    # Publication (/hoi-dap/): masked copies, fixed when published.
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    public_title = models.CharField(max_length=200, blank=True)
    public_question = models.TextField(blank=True)
    public_answer = models.TextField(blank=True)
    public_search = models.TextField(blank=True, editable=False)
    # Staff search: code, subject, sender, content (folded, core.search).
    staff_search = models.TextField(blank=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-received_at", "-id"]
        indexes = [models.Index(fields=["unit", "status", "due_date"], name="feedback_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(is_published=True) | Q(consent_publish=True),
                name="feedback_published_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    # -- derived facts --------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_answered(self) -> bool:
        return self.status in ANSWERED_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        """Open past the deadline (late is derived, never a status)."""
        return self.is_open and self.due_date < (today or timezone.localdate())

    @property
    def answered_late(self) -> bool:
        if self.answered_at is None:
            return False
        return timezone.localdate(self.answered_at) > self.due_date

    @property
    def sender_label(self) -> str:
        return self.contact_name or str(_("Anonymous"))

    def tracking_path(self) -> str:
        from django.urls import reverse

        return reverse("feedback_track", args=[self.code]) + f"?k={self.lookup_key}"

    def history_values(self) -> dict[str, Any]:
        return {"status": self.status, "unit": self.unit_id, "assignee": self.assignee_id}


def _attachment_path(instance: FeedbackAttachment, filename: str) -> str:
    from django.utils.crypto import get_random_string

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"feedback/{timezone.now():%Y/%m}/{get_random_string(20)}.{ext}"


class FeedbackAttachment(models.Model):
    """A file sent with an item (photo, PDF, scan of a paper letter). Stored
    under a random name; shown only to staff who see the item and, for
    files the citizen sent, to the citizen with the key."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_attachment_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    is_scan = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class CodeCounter(models.Model):
    """Last number given out per day, so codes are unique under concurrency
    and never reused (a row-level UPDATE … SET last = last + 1)."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class FeedbackReminder(models.Model):
    """A reminder or escalation sent about an item, once per kind and
    deadline, so the daily command can run again without sending twice."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    due_date = models.DateField()
    recipients = models.TextField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind", "due_date"], name="feedback_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} · {self.kind} · {self.due_date}"
