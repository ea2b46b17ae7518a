"""Channels, statuses and the catalogue of notification events.

An *event* is what happened (a dossier's result is ready, a phone number is
being verified); each event has a default template per channel in
``defaults.py`` that a system administrator may replace by an edited copy.
Apps that send refer to events by key (``Event.DOSSIER_RESULT_READY``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class MessageStatus(models.TextChoices):
    """Life of an outbox row. ``queued`` rows with attempts behind them are
    waiting for a retry; ``failed`` rows are parked for staff to resend."""

    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    UNDELIVERED = "undelivered", _("Not delivered")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses that still need a worker.
PENDING_STATUSES = (MessageStatus.QUEUED, MessageStatus.SENDING)
# Statuses that count as "handed over to the gateway".
SENT_STATUSES = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.UNDELIVERED)


class AttemptOutcome(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    SENT = "sent", _("Sent")
    TEMPORARY = "temporary", _("Temporary failure, will retry")
    PERMANENT = "permanent", _("Permanent failure")
    ABANDONED = "abandoned", _("Worker stopped during the attempt")


class Priority(models.IntegerChoices):
    """Lower is sooner: a sign-in code must not wait behind a campaign."""

    URGENT = 0, _("Urgent")
    NORMAL = 5, _("Normal")
    BULK = 9, _("Bulk")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class CampaignTopic(models.TextChoices):
    """Topics of information campaigns that subscribers choose from."""

    PROCEDURES = "procedures", _("Administrative procedures and online services")
    VACCINATION = "vaccination", _("Vaccination")
    DISEASE = "disease", _("Disease prevention")
    FOOD_SAFETY = "food_safety", _("Food safety")
    INSURANCE = "insurance", _("Health insurance")
    PHARMACY = "pharmacy", _("Medicines and pharmacies")


class CodePurpose(models.TextChoices):
    VERIFY_PHONE = "verify_phone", _("Verify a phone number")
    LOGIN = "login", _("Sign in by phone")


class InboundSource(models.TextChoices):
    WEBHOOK = "webhook", _("HTTP webhook")
    SMPP = "smpp", _("SMPP")
    DEV = "dev", _("Development page")


class InboundStatus(models.TextChoices):
    ANSWERED = "answered", _("Answered")
    RATE_LIMITED = "rate_limited", _("Rate-limited, not answered")
    IGNORED = "ignored", _("Ignored")


class SuppressionReason(models.TextChoices):
    SMS_HUY = "sms_huy", _("Sent HUY by SMS")
    UNSUBSCRIBE_LINK = "unsubscribe_link", _("Unsubscribe link")
    STAFF = "staff", _("Entered by staff")


class AuditEvent(models.TextChoices):
    """Audit-log events of this app (``core.audit.record_audit``)."""

    MESSAGE_RESENT = "notifications.message_resent", _("Message resent")
    TEMPLATE_CHANGED = "notifications.template_changed", _("Message template changed")
    TEMPLATE_RESET = "notifications.template_reset", _("Message template reset to default")
    PREFERENCES_CHANGED = "notifications.preferences_changed", _("Notification preferences changed")
    PHONE_VERIFIED = "notifications.phone_verified", _("Phone number verified")
    PHONE_SIGN_IN = "notifications.phone_sign_in", _("Signed in with an SMS code")
    CAMPAIGN_CREATED = "notifications.campaign_created", _("Campaign created")
    CAMPAIGN_CHANGED = "notifications.campaign_changed", _("Campaign changed")
    CAMPAIGN_SENT = "notifications.campaign_sent", _("Campaign sent")
    CAMPAIGN_CANCELLED = "notifications.campaign_cancelled", _("Campaign cancelled")
    UNSUBSCRIBED = "notifications.unsubscribed", _("Unsubscribed from campaigns")


class Event(models.TextChoices):
    """Template keys. Apps pass these to ``queue_message`` / ``notify_user``."""

    PHONE_VERIFICATION = "account.phone_verification", _("Phone number verification code")
    PHONE_LOGIN = "account.phone_login", _("Sign-in code")
    DOSSIER_RECEIVED = "dossier.received", _("Dossier received")
    DOSSIER_SUPPLEMENT_REQUESTED = "dossier.supplement_requested", _("Supplement requested")
    DOSSIER_PAYMENT_REQUESTED = "dossier.payment_requested", _("Fee payment requested")
    DOSSIER_RESULT_READY = "dossier.result_ready", _("Result ready")
    DOSSIER_SUBMITTED = "dossier.submitted", _("Dossier submitted online")
    DOSSIER_SUPPLEMENT_SUPPLIED = "dossier.supplement_supplied", _("Supplement sent")
    DOSSIER_WITHDRAWAL_REQUESTED = "dossier.withdrawal_requested", _("Withdrawal requested")
    DOSSIER_WITHDRAWN = "dossier.withdrawn", _("Dossier withdrawn")
    DOSSIER_REFUSED = "dossier.refused", _("Dossier not accepted")
    DOSSIER_STOPPED = "dossier.stopped", _("Processing stopped")
    DOSSIER_APOLOGY = "dossier.apology", _("Apology for a late dossier, with the new date")
    DOSSIER_STAFF_DEADLINE = "dossier.staff_deadline", _("Dossier due soon or late (staff)")
    FEEDBACK_ANSWERED = "feedback.answered", _("Feedback answered")
    FEEDBACK_RECEIVED = "feedback.received", _("Feedback received")
    FEEDBACK_TRANSFERRED = "feedback.transferred", _("Feedback transferred to another unit")
    FEEDBACK_OUTSIDE_COMPETENCE = (
        "feedback.outside_competence",
        _("Feedback outside our competence"),
    )
    FEEDBACK_STAFF_REMINDER = "feedback.staff_reminder", _("Feedback due soon or overdue (staff)")
    SMS_REPLY = "sms.reply", _("Reply to an SMS command")
    CAMPAIGN = "campaign.message", _("Information campaign")
    SURVEY_INVITATION = "surveys.invitation", _("Survey invitation (e-mail)")
    SURVEY_RATING_INVITATION = (
        "surveys.rating_invitation",
        _("Invitation to rate the service after a dossier's result"),
    )
    PAYMENT_PAID = "payments.paid", _("Fee payment received, with the receipt")


@dataclass(frozen=True)
class EventSpec:
    """What the platform knows about one event.

    ``statutory``: the law makes us tell the person (a result is ready, a
    supplement is requested); preferences may move it between channels but
    never switch it off on every channel. ``configurable``: shown on the
    citizen's preferences page. ``redact``: the body (a one-time code) is
    blanked once it has been handed to the gateway.
    """

    key: str
    channels: tuple[str, ...]
    description: StrOrPromise
    statutory: bool = False
    configurable: bool = False
    redact: bool = False
    priority: int = Priority.NORMAL
    # Variables the template may use, with sample values for the preview.
    sample: dict[str, Any] = field(default_factory=dict)


_DOSSIER_SAMPLE = {
    "full_name": "Nguyễn Văn An",
    "code": "SYT-260115-0042",
    "procedure": "Cấp chứng chỉ hành nghề dược",
    "due_date": "30/01/2026",
    "lookup_url": "https://syt.example.gov.vn/tra-cuu/SYT-260115-0042/?k=7KQ2",
    "unit": "Sở Y tế tỉnh Khánh Hòa",
    "hotline": "0258 3822 957",
}

EVENTS: dict[str, EventSpec] = {
    spec.key: spec
    for spec in [
        EventSpec(
            Event.PHONE_VERIFICATION,
            (Channel.SMS,),
            _("Sent when a person verifies the phone number of their account."),
            redact=True,
            priority=Priority.URGENT,
            sample={"code": "482915", "minutes": 5},
        ),
        EventSpec(
            Event.PHONE_LOGIN,
            (Channel.SMS,),
            _("Sent when a citizen signs in with their phone number."),
            redact=True,
            priority=Priority.URGENT,
            sample={"code": "482915", "minutes": 5},
        ),
        EventSpec(
            Event.DOSSIER_RECEIVED,
            (Channel.EMAIL, Channel.SMS),
            _("A dossier has been received and has a due date."),
            configurable=True,
            sample=_DOSSIER_SAMPLE,
        ),
        EventSpec(
            Event.DOSSIER_SUPPLEMENT_REQUESTED,
            (Channel.EMAIL, Channel.SMS),
            _("The office asks the applicant to supplement the dossier."),
            statutory=True,
            configurable=True,
            sample={**_DOSSIER_SAMPLE, "reason": "Thiếu bản sao văn bằng chuyên môn."},
        ),
        EventSpec(
            Event.DOSSIER_PAYMENT_REQUESTED,
            (Channel.EMAIL, Channel.SMS),
            _("A fee must be paid before processing continues."),
            configurable=True,
            sample={**_DOSSIER_SAMPLE, "amount": "500.000 đồng"},
        ),
        EventSpec(
            Event.DOSSIER_RESULT_READY,
            (Channel.EMAIL, Channel.SMS),
            _("The result of a dossier is ready to be collected or delivered."),
            statutory=True,
            configurable=True,
            sample=_DOSSIER_SAMPLE,
        ),
        EventSpec(
            Event.DOSSIER_SUBMITTED,
            (Channel.EMAIL, Channel.SMS),
            _("A dossier has been submitted online: its code and lookup key."),
            statutory=True,
            configurable=True,
            sample={**_DOSSIER_SAMPLE, "key": "7KQ2MX", "submitted_at": "15/01/2026 09:12"},
        ),
        EventSpec(
            Event.DOSSIER_SUPPLEMENT_SUPPLIED,
            (Channel.EMAIL, Channel.SMS),
            _("The applicant's supplement has been sent to the office."),
            configurable=True,
            sample=_DOSSIER_SAMPLE,
        ),
        EventSpec(
            Event.DOSSIER_WITHDRAWAL_REQUESTED,
            (Channel.EMAIL, Channel.SMS),
            _("The applicant asked to withdraw a dossier; the office decides."),
            configurable=True,
            sample={**_DOSSIER_SAMPLE, "reason": "Tôi nộp nhầm thủ tục."},
        ),
        EventSpec(
            Event.DOSSIER_WITHDRAWN,
            (Channel.EMAIL, Channel.SMS),
            _("A dossier has been withdrawn."),
            configurable=True,
            sample={**_DOSSIER_SAMPLE, "reason": "Tôi nộp nhầm thủ tục."},
        ),
        EventSpec(
            Event.DOSSIER_REFUSED,
            (Channel.EMAIL, Channel.SMS),
            _("A dossier was not accepted, with the reason."),
            statutory=True,
            configurable=True,
            sample={
                **_DOSSIER_SAMPLE,
                "reason": "Thủ tục không thuộc thẩm quyền giải quyết của Sở.",
            },
        ),
        EventSpec(
            Event.DOSSIER_STOPPED,
            (Channel.EMAIL, Channel.SMS),
            _("Processing of a dossier was stopped, with the reason."),
            statutory=True,
            configurable=True,
            sample={**_DOSSIER_SAMPLE, "reason": "Quá thời hạn bổ sung hồ sơ."},
        ),
        EventSpec(
            Event.DOSSIER_APOLOGY,
            (Channel.EMAIL, Channel.SMS),
            _("A dossier will be late: the office apologises and gives a new date (Mẫu 04)."),
            statutory=True,
            configurable=True,
            sample={
                **_DOSSIER_SAMPLE,
                "reason": "Cần lấy ý kiến thẩm định của Cục Quản lý Dược.",
                "new_due_date": "06/02/2026",
            },
        ),
        EventSpec(
            Event.DOSSIER_STAFF_DEADLINE,
            (Channel.EMAIL,),
            _("Staff: a dossier is due soon or overdue (handler and approver)."),
            sample={
                "full_name": "Trần Văn Lý",
                "code": "SYT-NVD-260115-0042",
                "procedure": "Cấp chứng chỉ hành nghề dược",
                "unit": "Phòng Nghiệp vụ Dược",
                "due_date": "17:00 30/01/2026",
                "situation": "sắp đến hạn giải quyết",
                "handler": "Trần Văn Lý",
                "staff_url": "https://syt.example.gov.vn/can-bo/ho-so/42/",
            },
        ),
        EventSpec(
            Event.FEEDBACK_ANSWERED,
            (Channel.EMAIL, Channel.SMS),
            _("A feedback item or question has been answered."),
            configurable=True,
            sample={
                "full_name": "Nguyễn Văn An",
                "code": "PA-2026-0007",
                "answer_url": "https://syt.example.gov.vn/hoi-dap/",
            },
        ),
        EventSpec(
            Event.FEEDBACK_RECEIVED,
            (Channel.EMAIL, Channel.SMS),
            _("A feedback item or question has been received: its code, key and deadline."),
            configurable=True,
            sample={
                "full_name": "Nguyễn Văn An",
                "code": "PAKN-260115-0007",
                "key": "7KQ2MX",
                "due_date": "29/01/2026",
                "unit": "Phòng Nghiệp vụ Dược",
                "tracking_url": "https://syt.example.gov.vn/phan-anh-kien-nghi/PAKN-260115-0007/?k=7KQ2MX",
            },
        ),
        EventSpec(
            Event.FEEDBACK_TRANSFERRED,
            (Channel.EMAIL, Channel.SMS),
            _("A feedback item has been transferred to another unit for handling."),
            configurable=True,
            sample={
                "full_name": "Nguyễn Văn An",
                "code": "PAKN-260115-0007",
                "unit": "Bệnh viện Đa khoa tỉnh Khánh Hòa",
                "tracking_url": "https://syt.example.gov.vn/phan-anh-kien-nghi/PAKN-260115-0007/?k=7KQ2MX",
            },
        ),
        EventSpec(
            Event.FEEDBACK_OUTSIDE_COMPETENCE,
            (Channel.EMAIL, Channel.SMS),
            _("A feedback item is outside the Department's competence: where to go instead."),
            statutory=True,
            configurable=True,
            sample={
                "full_name": "Nguyễn Văn An",
                "code": "PAKN-260115-0007",
                "referral": "Bảo hiểm xã hội tỉnh Khánh Hòa, 02 Lê Thánh Tôn, Nha Trang.",
                "tracking_url": "https://syt.example.gov.vn/phan-anh-kien-nghi/PAKN-260115-0007/?k=7KQ2MX",
            },
        ),
        EventSpec(
            Event.FEEDBACK_STAFF_REMINDER,
            (Channel.EMAIL,),
            _("Staff: a feedback item is due soon or overdue (reminder or escalation)."),
            sample={
                "full_name": "Trần Văn Lý",
                "code": "PAKN-260115-0007",
                "title": "Hỏi về thủ tục cấp chứng chỉ hành nghề dược",
                "unit": "Phòng Nghiệp vụ Dược",
                "due_date": "29/01/2026",
                "situation": "sắp đến hạn",
                "assignee": "Trần Văn Lý",
                "staff_url": "https://syt.example.gov.vn/can-bo/phan-anh/12/",
            },
        ),
        EventSpec(
            Event.SMS_REPLY,
            (Channel.SMS,),
            _("The answer to an SMS command (TRACUU, HUY, help)."),
            priority=Priority.URGENT,
            sample={"text": "Ho so SYT-260115-0042: dang xu ly, hen tra 30/01/2026."},
        ),
        EventSpec(
            Event.CAMPAIGN,
            (Channel.EMAIL, Channel.SMS),
            _("The envelope of an information campaign: its text, then the way to unsubscribe."),
            priority=Priority.BULK,
            sample={
                "full_name": "Nguyễn Văn An",
                "title": "Tiêm chủng mở rộng tháng 3",
                "text": "Từ ngày 01/3, các trạm y tế tổ chức tiêm chủng mở rộng cho trẻ dưới 5 tuổi.",
                "unsubscribe_url": "https://syt.example.gov.vn/huy-nhan-tin/abc/",
                "unsubscribe_sms": "Tu choi: soan HUY gui 8088",
            },
        ),
        EventSpec(
            Event.PAYMENT_PAID,
            (Channel.EMAIL, Channel.SMS),
            _("A fee payment has been received: the amount, the receipt number and its link."),
            configurable=True,
            sample={
                **_DOSSIER_SAMPLE,
                "amount": "500.000 đ",
                "receipt_number": "01BLP2-001 SYT-26P 0000042",
                "receipt_url": "https://syt.example.gov.vn/thanh-toan/bien-lai/TT7KQ2MXA9BC.pdf?k=7KQ2",
                "provider": "Chuyển khoản VietQR",
            },
        ),
    ]
}


EVENTS.update(
    {
        spec.key: spec
        for spec in [
            EventSpec(
                Event.SURVEY_INVITATION,
                (Channel.EMAIL,),
                _("An invitation to answer a satisfaction survey, with a personal link."),
                priority=Priority.BULK,
                sample={
                    "survey": "Khảo sát sự hài lòng người bệnh ngoại trú quý I/2026",
                    "unit": "Bệnh viện Đa khoa tỉnh",
                    "survey_url": "https://syt.example.gov.vn/khao-sat/bv-ngoai-tru-2026-q1/?t=abc",
                    "ends_on": "31/03/2026",
                },
            ),
            EventSpec(
                Event.SURVEY_RATING_INVITATION,
                (Channel.EMAIL, Channel.SMS),
                _("After a dossier's result is returned: a link to rate the service."),
                configurable=True,
                sample={
                    **_DOSSIER_SAMPLE,
                    "survey": "Đánh giá sự hài lòng sau khi nhận kết quả",
                    "survey_url": "https://syt.example.gov.vn/khao-sat/danh-gia/?ma=SYT-260115-0042&k=7KQ2",
                },
            ),
        ]
    }
)


def event_spec(key: str) -> EventSpec:
    """The spec of ``key``; raises ``KeyError`` for an unknown event."""
    return EVENTS[key]


# Longest texts we accept in templates and campaigns.
SMS_MAX_CHARS = 612  # 9 UCS-2 parts would be 603; GSM-7 4 parts 612
EMAIL_SUBJECT_MAX = 200
