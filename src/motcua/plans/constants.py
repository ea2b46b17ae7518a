"""Choices, workflows and fixed vocabularies of communication plans and
their reports (the seeds' "Kế hoạch tuyên truyền cải cách hành chính")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_FORCE = "in_force", _("In force")
    FINISHED = "finished", _("Finished")


class ObjectiveKind(models.TextChoices):
    GENERAL = "general", _("General objective")
    SPECIFIC = "specific", _("Specific objective")


class TopicKind(models.TextChoices):
    """Reform areas (Chương trình tổng thể CCHC), the indices the Province is
    assessed by, and anything else the Department wants to tell."""

    REFORM_AREA = "reform_area", _("Reform area")
    INDEX = "index", _("Index")
    OTHER = "other", _("Other content")


class Audience(models.TextChoices):
    STAFF = "staff", _("Party members, civil servants, public employees and workers")
    PUBLIC = "public", _("Citizens, organisations, businesses and investors")
    ALL = "all", _("Staff and the public")


class Schedule(models.TextChoices):
    CONTINUOUS = "continuous", _("Continuously through the year")
    QUARTERLY = "quarterly", _("Every quarter")
    RANGE = "range", _("From a date to a date")


class PeriodKind(models.TextChoices):
    """Reporting periods: "định kỳ hàng quý, 06 tháng và năm" (seed 004).
    The 6-month, 9-month and year reports cover the year from 1 January."""

    Q1 = "q1", _("First quarter")
    Q2 = "q2", _("Second quarter")
    Q3 = "q3", _("Third quarter")
    Q4 = "q4", _("Fourth quarter")
    H1 = "h1", _("Six months")
    M9 = "m9", _("Nine months")
    YEAR = "year", _("Year")


# (first month, last month) of each period.
PERIOD_MONTHS: dict[str, tuple[int, int]] = {
    PeriodKind.Q1: (1, 3),
    PeriodKind.Q2: (4, 6),
    PeriodKind.Q3: (7, 9),
    PeriodKind.Q4: (10, 12),
    PeriodKind.H1: (1, 6),
    PeriodKind.M9: (1, 9),
    PeriodKind.YEAR: (1, 12),
}
# Vietnamese names as documents print them ("quý I năm 2021").
PERIOD_DOC_NAMES: dict[str, str] = {
    PeriodKind.Q1: "quý I",
    PeriodKind.Q2: "quý II",
    PeriodKind.Q3: "quý III",
    PeriodKind.Q4: "quý IV",
    PeriodKind.H1: "06 tháng đầu năm",
    PeriodKind.M9: "09 tháng đầu năm",
    PeriodKind.YEAR: "năm",
}
# The periods a new plan gets: the usual administrative-reform reporting
# cycle (quarter I, 6 months, 9 months, year); quarters II-IV can be added.
DEFAULT_PERIODS = (PeriodKind.Q1, PeriodKind.H1, PeriodKind.M9, PeriodKind.YEAR)


class ReportStatus(models.TextChoices):
    """A unit's report: drafted by the focal point, approved by the unit's
    head, submitted to the Department; once submitted it never changes, a
    new version supersedes it."""

    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    SUBMITTED = "submitted", _("Submitted")
    SUPERSEDED = "superseded", _("Superseded by a new version")


# (from, to) moves of a unit report; each is one action.
REPORT_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (ReportStatus.DRAFT, ReportStatus.PENDING_APPROVAL),
        (ReportStatus.PENDING_APPROVAL, ReportStatus.APPROVED),
        (ReportStatus.PENDING_APPROVAL, ReportStatus.DRAFT),  # returned by the head
        (ReportStatus.APPROVED, ReportStatus.SUBMITTED),
        (ReportStatus.APPROVED, ReportStatus.DRAFT),  # withdrawn before submission
        (ReportStatus.SUBMITTED, ReportStatus.SUPERSEDED),
    }
)


class ConsolidatedStatus(models.TextChoices):
    """The Department's report: drafted by the Office, submitted for
    approval (its figures are frozen then), approved for issue."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded by a new version")


CONSOLIDATED_TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (ConsolidatedStatus.DRAFT, ConsolidatedStatus.SUBMITTED),
        (ConsolidatedStatus.SUBMITTED, ConsolidatedStatus.APPROVED),
        (ConsolidatedStatus.SUBMITTED, ConsolidatedStatus.SUPERSEDED),
        (ConsolidatedStatus.APPROVED, ConsolidatedStatus.SUPERSEDED),
    }
)


class EvidenceKind(models.TextChoices):
    LINK = "link", _("Link to the website")
    PHOTO = "photo", _("Photo")
    FILE = "file", _("File")


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Before the deadline")
    OVERDUE = "overdue", _("After the deadline")
    MANUAL = "manual", _("Sent by the coordinator")


class Timeliness(models.TextChoices):
    """Where a unit stands for a period (the completeness view, like DHIS2's
    reporting rates)."""

    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    IN_PROGRESS = "in_progress", _("Not submitted yet")
    OVERDUE = "overdue", _("Missing, deadline passed")
    NOT_STARTED = "not_started", _("Not started")


# Outputs a unit reports for an activity (and an activity expects): whole
# numbers, never negative. (field suffix, label, document label)
OUTPUTS: tuple[tuple[str, object, str], ...] = (
    ("articles", _("Articles and news items"), "Tin, bài"),
    ("publications", _("Leaflets, posters and other printed items"), "Ấn phẩm (tờ rơi, pa nô…)"),
    ("sessions", _("Meetings, conferences and training sessions"), "Hội nghị, buổi"),
    ("participants", _("Participants"), "Lượt người tham dự"),
    ("messages", _("SMS and e-mail messages"), "Tin nhắn, thư điện tử"),
    ("broadcasts", _("Radio, TV broadcasts and video clips"), "Phát thanh, truyền hình, video"),
)
OUTPUT_FIELDS: tuple[str, ...] = tuple(name for name, _label, _doc in OUTPUTS)
# Column headings of tables (name, short label).
# A context keeps these short words apart from the same words elsewhere
# ("Sessions" of a login).
OUTPUT_COLUMNS: tuple[tuple[str, object], ...] = (
    ("articles", pgettext_lazy("communication output", "Articles")),
    ("publications", pgettext_lazy("communication output", "Printed items")),
    ("sessions", pgettext_lazy("communication output", "Sessions")),
    ("participants", pgettext_lazy("communication output", "Participants")),
    ("messages", pgettext_lazy("communication output", "Messages")),
    ("broadcasts", pgettext_lazy("communication output", "Broadcasts")),
)

# Indicators shown beside a unit's report and frozen in it when submitted
# (counted automatically, never typed): campaigns sent through the
# notifications app, articles published on the website.
AUTO_INDICATORS: tuple[str, ...] = (
    "notifications.campaign_messages_sent",
    "cms.articles_published",
)
# Indicators of the consolidated report's statistics section, grouped as
# the issue lists them (QĐ 766/QĐ-TTg groups; domain-vn.md §3).
REPORT_INDICATOR_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Mức độ hài lòng", ("surveys.satisfaction_rate", "surveys.sipas_index")),
    (
        "Tiếp nhận, xử lý phản ánh, kiến nghị",
        ("feedback.received", "feedback.on_time_rate", "feedback.satisfaction_rate"),
    ),
    (
        "Hồ sơ thủ tục hành chính, dịch vụ công trực tuyến",
        (
            "dossiers.received",
            "dossiers.online_share",
            "dossiers.on_time_rate",
            "dossiers.online_payment_share",
        ),
    ),
    ("Khắc phục điểm chưa hài lòng", ("surveys.remediation_done", "surveys.remediation_open")),
    (
        "Tuyên truyền trên Trang thông tin điện tử và qua tin nhắn",
        ("cms.articles_published", "notifications.campaign_messages_sent"),
    ),
)


class AuditEvent(models.TextChoices):
    """Audit-log events of this app (``core.audit.record_audit``)."""

    PLAN_CREATED = "plans.plan_created", _("Plan created")
    PLAN_CHANGED = "plans.plan_changed", _("Plan changed")
    PLAN_ISSUED = "plans.plan_issued", _("Plan issued")
    PLAN_FINISHED = "plans.plan_finished", _("Plan finished")
    PLAN_COPIED = "plans.plan_copied", _("Plan copied to another year")
    OBJECTIVE_CHANGED = "plans.objective_changed", _("Plan objective changed")
    TARGET_CHANGED = "plans.target_changed", _("Plan target changed")
    ACTIVITY_CHANGED = "plans.activity_changed", _("Activity changed")
    ACTIVITIES_IMPORTED = "plans.activities_imported", _("Activities imported")
    PERIOD_CHANGED = "plans.period_changed", _("Reporting period changed")
    PERIOD_CLOSED = "plans.period_closed", _("Reporting period closed")
    PERIOD_REOPENED = "plans.period_reopened", _("Reporting period reopened")
    REPORT_CREATED = "plans.report_created", _("Unit report started")
    REPORT_CHANGED = "plans.report_changed", _("Unit report changed")
    REPORT_SENT_FOR_APPROVAL = "plans.report_sent_for_approval", _("Unit report sent for approval")
    REPORT_APPROVED = "plans.report_approved", _("Unit report approved")
    REPORT_RETURNED = "plans.report_returned", _("Unit report returned")
    REPORT_SUBMITTED = "plans.report_submitted", _("Unit report submitted")
    REPORT_REVISED = "plans.report_revised", _("Unit report superseded by a new version")
    EVIDENCE_ADDED = "plans.evidence_added", _("Evidence added")
    EVIDENCE_REMOVED = "plans.evidence_removed", _("Evidence removed")
    REMINDER_SENT = "plans.reminder_sent", _("Report reminder sent")
    CONSOLIDATED_CREATED = "plans.consolidated_created", _("Consolidated report drafted")
    CONSOLIDATED_CHANGED = "plans.consolidated_changed", _("Consolidated report changed")
    CONSOLIDATED_SUBMITTED = "plans.consolidated_submitted", _("Consolidated report submitted")
    CONSOLIDATED_APPROVED = "plans.consolidated_approved", _("Consolidated report approved")
    CONSOLIDATED_REVISED = "plans.consolidated_revised", _("Consolidated report superseded")
    CONSOLIDATED_PUBLISHED = "plans.consolidated_published", _("Consolidated report published")
    CATALOGUE_CHANGED = "plans.catalogue_changed", _("Topics or forms list changed")


# Upload limits for evidence (bytes) and the types accepted, checked by
# content, not by name.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 500
