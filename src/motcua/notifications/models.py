"""The outbox and everything around it: messages and their delivery
attempts, templates, preferences, verified phones and one-time codes,
campaigns, campaign opt-outs and inbound SMS.

``Message`` rows are written in the same transaction as the change that
causes them (``actions.queue_message``); workers claim them with a
conditional UPDATE and a lease, so any number of workers may run and a
worker that dies leaves nothing behind but a lease that expires.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.notifications.constants import (
    AttemptOutcome,
    CampaignStatus,
    CampaignTopic,
    Channel,
    CodePurpose,
    Event,
    InboundSource,
    InboundStatus,
    MessageStatus,
    Priority,
    SuppressionReason,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


def _sysadmin_anywhere(user: AnyUser) -> bool:
    from motcua.org.constants import Role
    from motcua.org.selectors import has_role

    return has_role(user, [Role.SYSADMIN])


class MessageQuerySet(models.QuerySet["Message"]):
    def visible_to(self, user: AnyUser) -> MessageQuerySet:
        """Messages about the units where ``user`` holds a role. Messages
        tied to no unit (sign-in codes, SMS replies) are for system
        administrators only. Superusers see all."""
        from motcua.org.models import Unit

        if not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "is_superuser", False):
            return self.all()
        units = Unit.objects.visible_to(user)
        q = Q(unit__in=units)
        if _sysadmin_anywhere(user):
            q |= Q(unit__isnull=True)
        return self.filter(q)

    def for_object(self, obj: models.Model) -> MessageQuerySet:
        """Messages about one object (a dossier, a feedback item)."""
        return self.filter(
            related_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            related_id=str(obj.pk),
        )

    def pending(self) -> MessageQuerySet:
        return self.filter(status__in=[MessageStatus.QUEUED, MessageStatus.SENDING])

    def due(self, now=None) -> MessageQuerySet:
        """Rows a worker may claim now: queued and due, or claimed by a
        worker whose lease has run out (it died or hung)."""
        now = now or timezone.now()
        return self.filter(
            Q(status=MessageStatus.QUEUED, next_attempt_at__lte=now)
            | Q(status=MessageStatus.SENDING, lease_expires_at__lt=now)
        )

    def failed(self) -> MessageQuerySet:
        return self.filter(status__in=[MessageStatus.FAILED, MessageStatus.UNDELIVERED])


class Message(models.Model):
    """One e-mail or SMS to one recipient: an outbox row.

    The content is rendered when the row is written, so the log shows what
    was sent even after a template changes. ``idempotency_key`` is unique:
    queuing the same key twice returns the first row and sends once."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(
        _("recipient"), max_length=254, help_text=_("E-mail address, or phone number as +84…")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notification_messages",
    )
    event = models.CharField(_("event"), max_length=64, choices=Event.choices)
    context = models.JSONField(_("context"), default=dict, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    segments = models.PositiveSmallIntegerField(_("SMS segments"), default=0)
    encoding = models.CharField(_("SMS encoding"), max_length=8, blank=True)
    related_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    related_id = models.CharField(_("object id"), max_length=64, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    campaign = models.ForeignKey(
        "Campaign",
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    quiet_hours = models.BooleanField(_("only within the campaign sending hours"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=8)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_by = models.CharField(_("worker"), max_length=64, blank=True)
    lease_expires_at = models.DateTimeField(_("lease expires"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    provider_message_id = models.CharField(
        _("gateway message id"), max_length=100, blank=True, db_index=True
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)
    redacted = models.BooleanField(_("content removed after sending"), default=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The workers' scan: only rows still to send are in this index.
            models.Index(
                fields=["priority", "next_attempt_at"],
                condition=Q(status__in=["queued", "sending"]),
                name="notif_msg_due_idx",
            ),
            models.Index(fields=["related_type", "related_id"], name="notif_msg_related_idx"),
            models.Index(fields=["status", "created_at"], name="notif_msg_status_idx"),
            models.Index(fields=["campaign", "status"], name="notif_msg_campaign_idx"),
            models.Index(fields=["recipient", "created_at"], name="notif_msg_recipient_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} #{self.pk} → {self.masked_recipient}"

    @property
    def masked_recipient(self) -> str:
        """The address with its middle hidden, for lists (NĐ 356/2025:
        show personal data only where needed)."""
        value = self.recipient
        if self.channel == Channel.SMS and len(value) > 6:
            national = "0" + value[3:] if value.startswith("+84") else value
            return f"{national[:4]}***{national[-3:]}"
        if "@" in value:
            local, _, domain = value.partition("@")
            return f"{local[:2]}***@{domain}"
        return value

    @property
    def is_waiting_for_retry(self) -> bool:
        return self.status == MessageStatus.QUEUED and self.attempts > 0

    @property
    def may_resend(self) -> bool:
        return self.status in (
            MessageStatus.FAILED,
            MessageStatus.UNDELIVERED,
            MessageStatus.CANCELLED,
        )


class DeliveryAttempt(models.Model):
    """One try at handing a message to its gateway. Written when the
    worker claims the message and completed when the gateway answers, so a
    worker killed in between leaves an attempt marked ``abandoned`` when the
    message is claimed again."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="delivery_attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    worker = models.CharField(_("worker"), max_length=64)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=16,
        choices=AttemptOutcome.choices,
        default=AttemptOutcome.IN_PROGRESS,
    )
    error = models.TextField(_("error"), blank=True)
    provider_message_id = models.CharField(_("gateway message id"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["message", "number"]
        constraints = [
            models.UniqueConstraint(fields=["message", "number"], name="notif_attempt_uniq")
        ]

    def __str__(self) -> str:
        return f"#{self.message_id}.{self.number} {self.outcome}"


class MessageAttachment(models.Model):
    """A file sent with an e-mail (a receipt, a letter). Kept in the
    database so that it is written in the same transaction as its message."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=200)
    mimetype = models.CharField(_("type"), max_length=100)
    content = models.BinaryField(_("content"))
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class SmsPart(models.Model):
    """One part of a concatenated SMS as accepted by the SMSC, with the id
    that its delivery receipt will carry."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="sms_parts")
    number = models.PositiveSmallIntegerField(_("part"))
    provider_message_id = models.CharField(_("gateway message id"), max_length=100, db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.SENT
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("SMS part")
        verbose_name_plural = _("SMS parts")
        ordering = ["message", "number"]
        constraints = [
            models.UniqueConstraint(fields=["message", "number"], name="notif_smspart_uniq")
        ]

    def __str__(self) -> str:
        return f"#{self.message_id}/{self.number}"


class DeliveryReceipt(models.Model):
    """A delivery receipt as received (SMPP or webhook). Kept even when it
    arrives before the message it is about has been marked sent (the SMSC
    can be faster than our own bookkeeping); ``matched`` says whether it
    has been applied."""

    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    provider_message_id = models.CharField(_("gateway message id"), max_length=100, db_index=True)
    delivered = models.BooleanField(_("delivered"))
    state = models.CharField(_("state"), max_length=32, blank=True)
    error_code = models.CharField(_("error code"), max_length=32, blank=True)
    raw = models.TextField(_("as received"), blank=True)
    matched = models.BooleanField(_("applied"), default=False)

    class Meta:
        verbose_name = _("delivery receipt")
        verbose_name_plural = _("delivery receipts")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.provider_message_id} {self.state}"


class MessageTemplate(models.Model):
    """An administrator's copy of the default template of one event and
    channel (``defaults.py``). Without a row the default is used."""

    event = models.CharField(_("event"), max_length=64, choices=Event.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(
        _("HTML"),
        blank=True,
        help_text=_("Optional. Without it, the HTML e-mail is made from the text."),
    )
    strip_accents = models.BooleanField(
        _("send SMS without diacritics"),
        default=False,
        help_text=_(
            "Vietnamese with diacritics is sent as Unicode: 70 characters per SMS instead of 160."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("message template")
        verbose_name_plural = _("message templates")
        ordering = ["event", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel"], name="notif_template_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} · {self.get_channel_display()}"


class NotificationPreference(models.Model):
    """A citizen's choice for one event on one channel. Without a row the
    channel is on. Statutory events keep at least one channel on
    (``actions.do_set_preferences``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(_("event"), max_length=64, choices=Event.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    enabled = models.BooleanField(_("on"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "event", "channel"], name="notif_pref_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}/{self.channel}={self.enabled}"


class TopicSubscription(models.Model):
    """A campaign topic a subscriber chose. A subscriber with no topic
    receives every topic."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_topics"
    )
    topic = models.CharField(_("topic"), max_length=32, choices=CampaignTopic.choices)

    class Meta:
        verbose_name = _("campaign topic")
        verbose_name_plural = _("campaign topics")
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="notif_topic_uniq")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.topic}"


class VerifiedPhone(models.Model):
    """A phone number proven by an SMS code. The account's phone counts as
    verified while ``User.phone`` equals ``phone``; changing the number in
    the profile therefore needs a new code. A number is verified for one
    account at a time, since it signs in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verified_phone"
    )
    phone = models.CharField(_("phone"), max_length=16, unique=True)
    verified_at = models.DateTimeField(_("verified at"))

    class Meta:
        verbose_name = _("verified phone")
        verbose_name_plural = _("verified phones")

    def __str__(self) -> str:
        return self.phone


class OneTimeCode(models.Model):
    """An SMS code: only its salted hash is stored; it expires, counts
    wrong guesses and works once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    phone = models.CharField(_("phone"), max_length=16)
    purpose = models.CharField(_("purpose"), max_length=16, choices=CodePurpose.choices)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    attempts = models.PositiveSmallIntegerField(_("wrong attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("maximum attempts"), default=5)
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        indexes = [
            models.Index(fields=["phone", "purpose", "created_at"], name="notif_code_phone_idx")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.phone}"

    @property
    def is_usable(self) -> bool:
        return (
            self.used_at is None
            and self.attempts < self.max_attempts
            and self.expires_at > timezone.now()
        )


class Suppression(models.Model):
    """An address that must receive no campaign: set by ``HUY`` from a
    phone (even one without an account) or by an unsubscribe link."""

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    reason = models.CharField(_("reason"), max_length=32, choices=SuppressionReason.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("campaign opt-out")
        verbose_name_plural = _("campaign opt-outs")
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="notif_suppression_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.address}"


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, user: AnyUser) -> CampaignQuerySet:
        """Campaigns of the units where ``user`` is an office coordinator or
        a system administrator."""
        from motcua.org.constants import Role
        from motcua.org.models import Unit

        units = Unit.objects.visible_to(user, roles=[Role.COORDINATOR, Role.SYSADMIN])
        return self.filter(unit__in=units)


class Campaign(models.Model):
    """An information message (e-mail and/or SMS) to the subscribers who
    consented to information campaigns, filtered by place and topic."""

    title = models.CharField(_("title"), max_length=200)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("sending unit"), on_delete=models.PROTECT, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=32, choices=CampaignTopic.choices, blank=True)
    province = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("province / city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ward = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("commune / ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    send_email = models.BooleanField(_("send by e-mail"), default=True)
    send_sms = models.BooleanField(_("send by SMS"), default=False)
    email_subject = models.CharField(_("e-mail subject"), max_length=200, blank=True)
    email_text = models.TextField(_("e-mail text"), blank=True)
    sms_text = models.TextField(_("SMS text"), blank=True)
    sms_strip_accents = models.BooleanField(_("send SMS without diacritics"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    # Frozen when sending starts: what the coordinator saw and approved.
    email_recipients = models.PositiveIntegerField(_("e-mail recipients"), default=0)
    sms_recipients = models.PositiveIntegerField(_("SMS recipients"), default=0)
    sms_segments = models.PositiveIntegerField(_("SMS segments"), default=0)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == CampaignStatus.DRAFT


class InboundMessage(models.Model):
    """An SMS received from a citizen (webhook or SMPP), with the command
    it was read as and the reply queued for it."""

    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    source = models.CharField(_("source"), max_length=16, choices=InboundSource.choices)
    provider_id = models.CharField(_("gateway message id"), max_length=100, blank=True)
    sender = models.CharField(_("sender"), max_length=32)
    recipient = models.CharField(_("sent to"), max_length=32, blank=True)
    text = models.TextField(_("text"))
    command = models.CharField(_("command"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=InboundStatus.choices)
    reply = models.ForeignKey(
        Message,
        verbose_name=_("reply"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inbound SMS")
        verbose_name_plural = _("inbound SMS")
        ordering = ["-received_at"]
        constraints = [
            # A gateway that retries its webhook must not get two replies.
            models.UniqueConstraint(
                fields=["source", "provider_id"],
                condition=~Q(provider_id=""),
                name="notif_inbound_provider_uniq",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender}: {self.text[:30]}"
