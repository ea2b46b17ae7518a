"""Reads of the notifications app: delivery logs, failures, daily counts,
campaign audiences and progress, counts for the communication plan,
preferences. Aggregations are done in SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth, TruncQuarter, TruncYear
from django.utils import timezone

from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.models import Consent
from motcua.notifications import sms as smstext
from motcua.notifications.constants import (
    EVENTS,
    Channel,
    Event,
    MessageStatus,
)
from motcua.notifications.models import (
    Campaign,
    DeliveryAttempt,
    Message,
    NotificationPreference,
    Suppression,
    TopicSubscription,
    VerifiedPhone,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    from motcua.accounts.models import User

    AnyUser = AbstractBaseUser | AnonymousUser


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# ----------------------------------------------------------------- staff
def staff_messages(user: AnyUser) -> models.QuerySet[Message]:
    """Messages ``user`` may see, with what their list rows show."""
    return (
        Message.objects.visible_to(user)
        .select_related("related_type", "unit", "campaign")
        .order_by("-created_at", "-id")
    )


def delivery_log(user: AnyUser, related_type_id: int, related_id: str) -> models.QuerySet[Message]:
    """Messages about one object (``related_type_id`` is a ContentType id)."""
    return staff_messages(user).filter(related_type_id=related_type_id, related_id=related_id)


def delivery_log_url(obj: models.Model) -> str:
    """The staff page listing the messages about ``obj`` (a dossier, a
    feedback item), for other apps to link to."""
    from django.contrib.contenttypes.models import ContentType
    from django.urls import reverse
    from django.utils.http import urlencode

    ctype = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    query = urlencode({"loai": f"{ctype.app_label}.{ctype.model}", "id": obj.pk})
    return f"{reverse('notifications:staff_messages')}?{query}"


def failed_messages(user: AnyUser) -> models.QuerySet[Message]:
    """Messages parked for staff: failed, or not delivered by the operator."""
    return staff_messages(user).filter(status__in=[MessageStatus.FAILED, MessageStatus.UNDELIVERED])


def message_attempts(message: Message) -> list[DeliveryAttempt]:
    return list(message.delivery_attempts.order_by("number"))


@dataclass
class DailyRow:
    day: date
    channel: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def daily_counts(
    messages: models.QuerySet[Message], *, days: int = 14, today: date | None = None
) -> list[DailyRow]:
    """Messages of ``messages`` (e.g. ``Message.objects.visible_to(user)``)
    created per local day, channel and status over the last ``days`` days
    (one aggregate query), newest day first."""
    today = today or timezone.localdate()
    start = datetime.combine(today - timedelta(days=days - 1), datetime.min.time(), tzinfo=_tz())
    rows = (
        messages.filter(created_at__gte=start)
        .annotate(day=TruncDate("created_at", tzinfo=_tz()))
        .values("day", "channel", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    table: dict[tuple[date, str], DailyRow] = {}
    for row in rows:
        key = (row["day"], row["channel"])
        table.setdefault(key, DailyRow(row["day"], row["channel"])).counts[row["status"]] = row["n"]
    return sorted(table.values(), key=lambda r: (r.day, r.channel), reverse=True)


def overview_counts(messages: models.QuerySet[Message]) -> dict[str, int]:
    """How many of ``messages`` wait, retry and are parked (one query)."""
    return messages.aggregate(
        queued=Count("id", filter=Q(status=MessageStatus.QUEUED, attempts=0)),
        retrying=Count("id", filter=Q(status=MessageStatus.QUEUED, attempts__gt=0)),
        sending=Count("id", filter=Q(status=MessageStatus.SENDING)),
        failed=Count("id", filter=Q(status__in=[MessageStatus.FAILED, MessageStatus.UNDELIVERED])),
    )


# ------------------------------------------------------------- campaigns
@dataclass
class Audience:
    """Who a campaign reaches: (user, address) per channel."""

    email_users: list[tuple[Any, str]]
    sms_users: list[tuple[Any, str]]


def subscribers(
    *, topic: str = "", province_id: int | None = None, ward_id: int | None = None
) -> models.QuerySet[Any]:
    """Active accounts with a current consent to information campaigns,
    in the place and with the topic asked (no topic chosen = all topics)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        is_active=True,
        pk__in=Consent.objects.current()
        .filter(purpose=ConsentPurpose.INFORMATION)
        .values("user_id"),
    )
    if province_id:
        users = users.filter(province_id=province_id)
    if ward_id:
        users = users.filter(ward_id=ward_id)
    if topic:
        any_topic = TopicSubscription.objects.filter(user=OuterRef("pk"))
        this_topic = any_topic.filter(topic=topic)
        users = users.filter(Q(Exists(this_topic)) | ~Q(Exists(any_topic)))
    return users


def campaign_audience(campaign: Campaign) -> Audience:
    """The addresses a campaign goes to: verified e-mails and verified
    phones of the subscribers, minus opted-out addresses (three queries)."""
    from allauth.account.models import EmailAddress

    users = subscribers(
        topic=campaign.topic, province_id=campaign.province_id, ward_id=campaign.ward_id
    )
    email_users: list[tuple[Any, str]] = []
    sms_users: list[tuple[Any, str]] = []
    if campaign.send_email:
        suppressed = Suppression.objects.filter(channel=Channel.EMAIL, address=OuterRef("email"))
        rows = (
            EmailAddress.objects.filter(user__in=users, verified=True, primary=True)
            .exclude(Exists(suppressed))
            .select_related("user")
            .order_by("user_id")
        )
        email_users = [(row.user, row.email.lower()) for row in rows]
    if campaign.send_sms:
        suppressed = Suppression.objects.filter(channel=Channel.SMS, address=OuterRef("phone"))
        rows = (
            VerifiedPhone.objects.filter(user__in=users, user__phone=models.F("phone"))
            .exclude(Exists(suppressed))
            .select_related("user")
            .order_by("user_id")
        )
        sms_users = [(row.user, row.phone) for row in rows]
    return Audience(email_users, sms_users)


@dataclass
class CampaignEstimate:
    email_recipients: int
    sms_recipients: int
    sms_segments_each: int
    sms_encoding: str
    sms_segments_total: int
    sms_cost_vnd: int | None
    sms_sample: str
    email_subject_sample: str


def campaign_estimate(campaign: Campaign) -> CampaignEstimate:
    """Recipients and SMS cost before sending. The segment count is taken
    from a message rendered for one recipient (names and links vary little;
    the count is exact for campaigns whose SMS text has no name)."""
    from motcua.notifications.actions import render_campaign

    audience = campaign_audience(campaign)
    sample_user = (audience.sms_users or audience.email_users or [(None, "")])[0][0]
    sms_info = smstext.SmsInfo(smstext.GSM7, 0, 0, 160)
    sms_sample = subject = ""
    if sample_user is not None:
        if campaign.send_sms:
            rendered = render_campaign(campaign, sample_user, Channel.SMS)
            sms_sample = rendered.text
            sms_info = smstext.analyse(rendered.text)
        if campaign.send_email:
            subject = render_campaign(campaign, sample_user, Channel.EMAIL).subject
    total = sms_info.segments * len(audience.sms_users)
    price = settings.SMS_SEGMENT_PRICE_VND
    return CampaignEstimate(
        email_recipients=len(audience.email_users),
        sms_recipients=len(audience.sms_users),
        sms_segments_each=sms_info.segments,
        sms_encoding=sms_info.encoding,
        sms_segments_total=total,
        sms_cost_vnd=total * price if price else None,
        sms_sample=sms_sample,
        email_subject_sample=subject,
    )


@dataclass
class Progress:
    total: int
    queued: int
    sending: int
    sent: int
    failed: int
    cancelled: int

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.cancelled

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100


def campaign_progress(campaign: Campaign) -> Progress:
    """Counts of the campaign's messages by state (one query)."""
    sent_states = [MessageStatus.SENT, MessageStatus.DELIVERED]
    row = Message.objects.filter(campaign=campaign).aggregate(
        total=Count("id"),
        queued=Count("id", filter=Q(status=MessageStatus.QUEUED)),
        sending=Count("id", filter=Q(status=MessageStatus.SENDING)),
        sent=Count("id", filter=Q(status__in=sent_states)),
        failed=Count("id", filter=Q(status__in=[MessageStatus.FAILED, MessageStatus.UNDELIVERED])),
        cancelled=Count("id", filter=Q(status=MessageStatus.CANCELLED)),
    )
    return Progress(**{k: v or 0 for k, v in row.items()})


def campaigns_for(user: AnyUser) -> models.QuerySet[Campaign]:
    """Campaigns of the user's units, with their sent counts (one query)."""
    sent_states = [MessageStatus.SENT, MessageStatus.DELIVERED]
    return (
        Campaign.objects.visible_to(user)
        .select_related("unit", "created_by")
        .annotate(
            sent_count=Count("messages", filter=Q(messages__status__in=sent_states)),
            pending_count=Count(
                "messages",
                filter=Q(messages__status__in=[MessageStatus.QUEUED, MessageStatus.SENDING]),
            ),
        )
        .order_by("-created_at", "-id")
    )


_TRUNC = {"month": TruncMonth, "quarter": TruncQuarter, "year": TruncYear}


def campaign_output_counts(
    start: date,
    end: date,
    *,
    period: str = "month",
    unit_ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """Messages sent by campaigns per period and channel, for the
    communication plan's activity outputs: ``[{"period": date, "channel":
    "sms", "campaigns": 2, "sent": 340, "delivered": 310, "segments": 680}]``.
    ``period`` is month, quarter or year (local time); ``end`` is
    inclusive; ``unit_ids`` limits to campaigns of those units."""
    trunc = _TRUNC[period]
    tz = _tz()
    qs = Message.objects.filter(
        campaign__isnull=False,
        status__in=[MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED],
        sent_at__gte=datetime.combine(start, datetime.min.time(), tzinfo=tz),
        sent_at__lt=datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=tz),
    )
    if unit_ids is not None:
        qs = qs.filter(campaign__unit_id__in=unit_ids)
    rows = (
        qs.annotate(period=trunc("sent_at", tzinfo=tz))
        .values("period", "channel")
        .annotate(
            campaigns=Count("campaign", distinct=True),
            sent=Count("id"),
            delivered=Count("id", filter=Q(status=MessageStatus.DELIVERED)),
            segments=Sum("segments"),
        )
        .order_by("period", "channel")
    )
    out = []
    for row in rows:
        value = row["period"]
        out.append(
            {
                **row,
                "period": value.date() if isinstance(value, datetime) else value,
                "segments": row["segments"] or 0,
            }
        )
    return out


def campaign_messages_sent(start: date, end: date, *, unit_path: str | None = None) -> int:
    """Campaign messages (e-mail and SMS) handed to a gateway between
    ``start`` and ``end`` (local dates, inclusive), by campaigns of units
    under ``unit_path`` (None: all). The communication plan counts these
    as activity outputs (indicator ``notifications.campaign_messages_sent``)."""
    tz = _tz()
    qs = Message.objects.filter(
        campaign__isnull=False,
        status__in=[MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED],
        sent_at__gte=datetime.combine(start, datetime.min.time(), tzinfo=tz),
        sent_at__lt=datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=tz),
    )
    if unit_path:
        qs = qs.filter(campaign__unit__path__startswith=unit_path)
    return qs.count()


# ----------------------------------------------------------- preferences
def verified_phone_of(user: User) -> str:
    """The user's phone if it is verified, else ''."""
    phone = VerifiedPhone.objects.filter(user=user).values_list("phone", flat=True).first()
    return phone if phone and phone == user.phone else ""


def preference_matrix(user: User) -> list[dict[str, Any]]:
    """The configurable events with each channel's state, for the form."""
    off = set(
        NotificationPreference.objects.filter(user=user, enabled=False).values_list(
            "event", "channel"
        )
    )
    rows = []
    for key, spec in EVENTS.items():
        if not spec.configurable:
            continue
        rows.append(
            {
                "event": key,
                "label": Event(key).label,
                "spec": spec,
                "channels": {c: (key, c) not in off for c in spec.channels},
            }
        )
    return rows


def subscribed_topics(user: User) -> list[str]:
    return list(TopicSubscription.objects.filter(user=user).values_list("topic", flat=True))


def is_subscribed(user: User) -> bool:
    return Consent.objects.current().filter(user=user, purpose=ConsentPurpose.INFORMATION).exists()
