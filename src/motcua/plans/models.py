"""Communication plans (kế hoạch tuyên truyền cải cách hành chính), their
activities and reporting periods, the units' periodic reports with
evidence, and the Department's consolidated report.

Who sees what (server-side, in the QuerySets below): a plan is seen by
staff of the department that issued it (its units and their subtrees) and
by the coordinators of any department when it is shared as a model; a
unit report by the unit's focal point and head (their subtree) and by the
coordinators (Văn phòng Sở) of its department. Coordinators own plans and
consolidated reports.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.org.constants import Role, UnitKind
from motcua.org.models import Membership, Unit
from motcua.plans.constants import (
    PERIOD_DOC_NAMES,
    Audience,
    ConsolidatedStatus,
    EvidenceKind,
    ObjectiveKind,
    PeriodKind,
    PlanStatus,
    ReminderKind,
    ReportStatus,
    Schedule,
    TopicKind,
)

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


# ------------------------------------------------------------------ access
@dataclass
class PlanAccess:
    """What one user may reach in plans, worked out once per request (two
    queries): the paths of the units where they hold roles, the departments
    they coordinate, the units whose reports they file or approve."""

    superuser: bool = False
    member_paths: list[str] = field(default_factory=list)
    ancestor_ids: set[int] = field(default_factory=set)
    coordinated_paths: list[str] = field(default_factory=list)
    focal_paths: list[str] = field(default_factory=list)
    head_paths: list[str] = field(default_factory=list)

    @property
    def report_paths(self) -> list[str]:
        return [*self.focal_paths, *self.head_paths, *self.coordinated_paths]

    @property
    def is_coordinator(self) -> bool:
        return self.superuser or bool(self.coordinated_paths)

    @staticmethod
    def _under(path: str, paths: list[str]) -> bool:
        return any(path.startswith(p) for p in paths)

    def coordinates(self, unit: Unit) -> bool:
        """Whether the user coordinates the department ``unit`` belongs to."""
        return self.superuser or self._under(unit.path, self.coordinated_paths)

    def files_for(self, unit: Unit) -> bool:
        """Whether the user may draft ``unit``'s reports (its focal point or head)."""
        return self.superuser or self._under(unit.path, self.focal_paths + self.head_paths)

    def heads(self, unit: Unit) -> bool:
        """Whether the user approves ``unit``'s reports (APPROVER or LEADER there)."""
        return self.superuser or self._under(unit.path, self.head_paths)

    def sees_reports_of(self, unit: Unit) -> bool:
        return self.superuser or self._under(unit.path, self.report_paths)

    def path_q(self, field_name: str, paths: list[str]) -> Q:
        """``field_name`` (a unit's path) under one of ``paths``; nothing if none."""
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(**{f"{field_name}__startswith": path})
        return q


def access_for(user: AnyUser) -> PlanAccess:
    """The user's ``PlanAccess`` (kept on the user object for the request)."""
    cached = getattr(user, "_plans_access", None)
    if cached is not None:
        return cached
    access = PlanAccess()
    if getattr(user, "is_authenticated", False):
        access.superuser = bool(getattr(user, "is_superuser", False))
        rows = list(
            Membership.objects.active()
            .filter(user_id=user.pk)
            .values_list("role", "unit__path", "unit__kind")
        )
        coordinator_paths = []
        for role, path, kind in rows:
            access.member_paths.append(path)
            access.ancestor_ids.update(int(p) for p in path.strip("/").split("/") if p)
            if role == Role.FOCAL_POINT:
                access.focal_paths.append(path)
            elif role in (Role.APPROVER, Role.LEADER):
                access.head_paths.append(path)
            if role == Role.COORDINATOR:
                coordinator_paths.append((path, kind))
        if coordinator_paths:
            access.coordinated_paths = _departments_of(coordinator_paths)
    with suppress(AttributeError):
        user._plans_access = access  # type: ignore[union-attr]
    return access


def _departments_of(paths: list[tuple[str, str]]) -> list[str]:
    """The path of the department each coordinator's unit belongs to (the
    nearest ancestor that is a Department; the unit itself otherwise): the
    Văn phòng Sở coordinates its whole Department."""
    wanted = {int(p) for path, _kind in paths for p in path.strip("/").split("/") if p}
    departments = dict(
        Unit.objects.filter(pk__in=wanted, kind=UnitKind.DEPARTMENT).values_list("pk", "path")
    )
    out = []
    for path, _kind in paths:
        ids = [int(p) for p in path.strip("/").split("/") if p]
        found = next((departments[i] for i in reversed(ids) if i in departments), None)
        out.append(found or path)
    return sorted(set(out))


# ------------------------------------------------------------- catalogues
class Topic(models.Model):
    """Content of communication: a reform area (thể chế, TTHC, tổ chức bộ
    máy, công vụ, tài chính công, chính phủ số), an index (PCI, PAR INDEX,
    SIPAS, PAPI, ICT Index) or other content. A configurable list."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=TopicKind.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("communication topic")
        verbose_name_plural = _("communication topics")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class CommunicationForm(models.Model):
    """A form of communication (website article, leaflet, poster and panel,
    conference…). A configurable list."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("form of communication")
        verbose_name_plural = _("forms of communication")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------------- plans
class PlanQuerySet(models.QuerySet["Plan"]):
    def visible_to(self, user: AnyUser) -> PlanQuerySet:
        """Plans of the departments the user works in (issued by one of
        their units, an ancestor or a unit below), and the plans shared as
        models for coordinators."""
        access = access_for(user)
        if access.superuser:
            return self.all()
        if not access.member_paths:
            return self.none()
        q = Q(department_id__in=access.ancestor_ids) | access.path_q(
            "department__path", access.member_paths
        )
        if access.coordinated_paths:
            q |= Q(is_shared_model=True)
        return self.filter(q)

    def editable_by(self, user: AnyUser) -> PlanQuerySet:
        """Plans the user coordinates (the Văn phòng Sở of their department)."""
        access = access_for(user)
        if access.superuser:
            return self.all()
        return self.filter(access.path_q("department__path", access.coordinated_paths))


class Plan(models.Model):
    """A communication plan for one year (Kế hoạch tuyên truyền cải cách
    hành chính), issued by a department: its legal bases, objectives and
    measured targets, activities, and the units that report on it."""

    department = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    # Header of the document (NĐ 30): as printed, so that a plan imported
    # from another department keeps its own names.
    parent_body = models.CharField(_("governing body"), max_length=200, blank=True)
    issuer_name = models.CharField(_("issuing body (as printed)"), max_length=200)
    place = models.CharField(_("place name"), max_length=100)
    number = models.CharField(_("number"), max_length=20, blank=True)
    symbol = models.CharField(_("symbol"), max_length=40, default="KH-SYT")
    report_symbol = models.CharField(_("symbol of its reports"), max_length=40, default="BC-SYT")
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    legal_basis = models.TextField(
        _("legal bases"), blank=True, help_text=_("The documents it implements, one per line.")
    )
    requirements = models.TextField(_("requirements"), blank=True)
    audiences = models.TextField(_("audiences"), blank=True)
    budget_source = models.TextField(_("budget source"), blank=True)
    implementation = models.TextField(_("organisation of implementation"), blank=True)
    report_to = models.CharField(
        _("reports are sent to"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “Ủy ban nhân dân tỉnh Khánh Hòa (qua Sở Nội vụ)”."),
    )
    reporting_units = models.ManyToManyField(
        Unit, verbose_name=_("units that report"), blank=True, related_name="+"
    )
    # Deadlines, in working days after a period ends (core.calendar).
    unit_deadline_days = models.PositiveSmallIntegerField(
        _("units report within (working days)"), default=5
    )
    department_deadline_days = models.PositiveSmallIntegerField(
        _("the Department reports within (working days)"), default=10
    )
    remind_before_days = models.PositiveSmallIntegerField(
        _("remind this many working days before the deadline"), default=3
    )
    remind_every_days = models.PositiveSmallIntegerField(
        _("after the deadline, remind every (working days)"), default=3
    )
    is_shared_model = models.BooleanField(
        _("shared as a model with other departments"), default=False
    )
    source_note = models.CharField(_("source"), max_length=255, blank=True)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("communication plan")
        verbose_name_plural = _("communication plans")
        ordering = ["-year", "title"]
        indexes = [models.Index(fields=["department", "year"], name="plan_dept_year_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def number_line(self) -> str:
        return f"{self.number or '…'}/{self.symbol}"

    @property
    def subject_without_issuer(self) -> str:
        """The title without a trailing "của Sở Y tế", to cite after it."""
        title = self.title.strip().rstrip(".")
        suffix = f" của {self.issuer_name}".lower()
        if title.lower().endswith(suffix):
            title = title[: -len(suffix)]
        return title[:1].lower() + title[1:]

    @property
    def citation(self) -> str:
        """How a report cites it: "Kế hoạch số 15/KH-SYT ngày 20/3/2021 của
        Sở Y tế về tuyên truyền cải cách hành chính năm 2021"."""
        if self.number:
            when = (
                f" ngày {self.issued_on.day}/{self.issued_on.month}/{self.issued_on.year}"
                if self.issued_on
                else ""
            )
            return (
                f"Kế hoạch số {self.number}/{self.symbol}{when} của {self.issuer_name} "
                f"về {self.subject_without_issuer}"
            )
        return f"Kế hoạch {self.subject_without_issuer} của {self.issuer_name}"

    @property
    def starts_on(self) -> date:
        return date(self.year, 1, 1)

    @property
    def ends_on(self) -> date:
        return date(self.year, 12, 31)

    def measurement_end(self, today: date | None = None) -> date:
        """Targets are measured from 1 January to today, or to 31 December
        for a past year."""
        today = today or timezone.localdate()
        return min(self.ends_on, max(self.starts_on, today))


class Objective(models.Model):
    """A general or specific objective, as the plan states it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    kind = models.CharField(_("kind"), max_length=16, choices=ObjectiveKind.choices)
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Target(models.Model):
    """A measured target: an indicator of the registry
    (``core.indicators``), the value to reach and which way is better."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="targets")
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    name = models.CharField(_("target"), max_length=300)
    indicator_key = models.CharField(_("indicator"), max_length=100)
    target_value = models.DecimalField(_("target value"), max_digits=20, decimal_places=2)
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=[("higher", _("at least")), ("lower", _("at most"))],
        default="higher",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class ActivityQuerySet(models.QuerySet["Activity"]):
    def for_unit(self, unit: Unit) -> ActivityQuerySet:
        """Activities ``unit`` carries out: it leads or coordinates them, or
        they are for every unit of the plan."""
        return self.filter(
            Q(all_units=True) | Q(lead_unit=unit) | Q(coordinating_units=unit)
        ).distinct()


class Activity(models.Model):
    """One activity of the plan: what, on which topics, in which forms, for
    whom, by which units, when, with what budget and expected outputs."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    code = models.CharField(_("code"), max_length=20)
    title = models.CharField(_("activity"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    topics = models.ManyToManyField(Topic, verbose_name=_("topics"), blank=True)
    forms = models.ManyToManyField(
        CommunicationForm, verbose_name=_("forms of communication"), blank=True
    )
    audience = models.CharField(
        _("audience"), max_length=16, choices=Audience.choices, default=Audience.ALL
    )
    lead_unit = models.ForeignKey(
        Unit, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="+"
    )
    coordinating_units = models.ManyToManyField(
        Unit, verbose_name=_("coordinating units"), blank=True, related_name="+"
    )
    all_units = models.BooleanField(_("every reporting unit takes part"), default=False)
    schedule = models.CharField(
        _("schedule"), max_length=16, choices=Schedule.choices, default=Schedule.CONTINUOUS
    )
    starts_on = models.DateField(_("from"), null=True, blank=True)
    ends_on = models.DateField(_("to"), null=True, blank=True)
    budget_vnd = models.PositiveBigIntegerField(_("budget (VND)"), default=0)
    expected_articles = models.PositiveIntegerField(_("articles and news items"), default=0)
    expected_publications = models.PositiveIntegerField(_("printed items"), default=0)
    expected_sessions = models.PositiveIntegerField(_("meetings and sessions"), default=0)
    expected_participants = models.PositiveIntegerField(_("participants"), default=0)
    expected_messages = models.PositiveIntegerField(_("SMS and e-mail messages"), default=0)
    expected_broadcasts = models.PositiveIntegerField(_("broadcasts and clips"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="activity_plan_code_uniq"),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(starts_on__lte=models.F("ends_on")),
                name="activity_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


# ------------------------------------------------------------------ periods
class ReportingPeriod(models.Model):
    """A reporting period of a plan (quarter, 6 months, 9 months, year) with
    its deadlines for the units and for the Department. A closed period
    takes no more reports."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="periods")
    kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    unit_deadline = models.DateField(_("deadline for the units"))
    department_deadline = models.DateField(_("deadline for the Department"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["ends_on", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind"], name="period_plan_kind_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_on.year}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def doc_name(self) -> str:
        """As a document names it: "quý I năm 2021", "06 tháng đầu năm 2021"."""
        name = PERIOD_DOC_NAMES[self.kind]
        return (
            f"{name} {self.starts_on.year}"
            if self.kind == PeriodKind.YEAR
            else (f"{name} năm {self.starts_on.year}")
        )


# ------------------------------------------------------------ unit reports
class UnitReportQuerySet(models.QuerySet["UnitReport"]):
    def current(self) -> UnitReportQuerySet:
        return self.filter(is_current=True)

    def visible_to(self, user: AnyUser) -> UnitReportQuerySet:
        """Reports of the units where the user is focal point or head (and
        their subtrees), and of the departments they coordinate."""
        access = access_for(user)
        if access.superuser:
            return self.all()
        return self.filter(access.path_q("unit__path", access.report_paths))


class UnitReport(models.Model):
    """A unit's report for one period of a plan: a line per activity it
    carried out, its narrative, and the figures counted automatically
    (frozen on submission). Versions: a submitted report is superseded by a
    new version, never edited."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="reports")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(default=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    revision_reason = models.TextField(_("reason for the new version"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    narrative = models.TextField(_("summary"), blank=True)
    return_comment = models.TextField(_("comment of the head"), blank=True)
    auto_figures = models.JSONField(_("figures counted automatically"), default=dict, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The deadline in force when it was submitted: a unit that met the
    # deadline it was given stays on time if the deadline is later moved.
    deadline_when_submitted = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit report")
        verbose_name_plural = _("unit reports")
        ordering = ["period", "unit__path", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"],
                condition=Q(is_current=True),
                name="unitreport_one_current",
            ),
            models.UniqueConstraint(
                fields=["period", "unit", "version"], name="unitreport_version_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == ReportStatus.DRAFT and self.is_current

    @property
    def on_time(self) -> bool | None:
        """Submitted by its deadline (the current one or the one in force
        when it was submitted); ``None`` before submission."""
        if self.submitted_at is None:
            return None
        day = timezone.localdate(self.submitted_at)
        deadlines = [self.period.unit_deadline, self.deadline_when_submitted]
        return any(d is not None and day <= d for d in deadlines)


class ActivityResult(models.Model):
    """What a unit achieved for one activity in one period: outputs
    (whole numbers), spending in đồng, what was done, and evidence."""

    report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="results")
    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="results")
    articles = models.PositiveIntegerField(_("articles and news items"), default=0)
    publications = models.PositiveIntegerField(_("printed items"), default=0)
    sessions = models.PositiveIntegerField(_("meetings and sessions"), default=0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    messages = models.PositiveIntegerField(_("SMS and e-mail messages"), default=0)
    broadcasts = models.PositiveIntegerField(_("broadcasts and clips"), default=0)
    spending_vnd = models.PositiveBigIntegerField(_("spending (VND)"), default=0)
    narrative = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("activity result")
        verbose_name_plural = _("activity results")
        ordering = ["activity__order", "activity__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "activity"], name="result_report_activity_uniq"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.activity.code}"


class Evidence(models.Model):
    """Proof of an activity's result: a link to a page or document on the
    website (by its stable address, checked), or an uploaded photo or file
    (checked for size and real type)."""

    result = models.ForeignKey(ActivityResult, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=8, choices=EvidenceKind.choices)
    title = models.CharField(_("description"), max_length=255, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    link_kind = models.CharField(max_length=32, blank=True)
    link_object_id = models.CharField(max_length=64, blank=True)
    verified = models.BooleanField(_("checked on the website"), default=False)
    # Stored under a random name chosen by ``actions.do_add_evidence``; the
    # original name is kept in ``original_name`` and never used on disk.
    file = models.FileField(_("file"), upload_to="plans/evidence/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title or self.url or self.original_name


class ReminderLog(models.Model):
    """A reminder sent to a unit about a period's report (one per kind and
    day: the periodic command can run many times a day)."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=8, choices=ReminderKind.choices)
    sent_on = models.DateField(_("date"))
    recipients = models.TextField(_("recipients"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "kind", "sent_on"], name="reminder_once_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period} · {self.kind} {self.sent_on:%d/%m/%Y}"


# ----------------------------------------------------- consolidated report
class ConsolidatedReportQuerySet(models.QuerySet["ConsolidatedReport"]):
    def current(self) -> ConsolidatedReportQuerySet:
        return self.filter(is_current=True)

    def visible_to(self, user: AnyUser) -> ConsolidatedReportQuerySet:
        """Reports of the user's own department's plans (not of plans shared
        as models); drafts only for its coordinators and its leaders."""
        access = access_for(user)
        if access.superuser:
            return self.all()
        dept = "period__plan__department__path"
        mine = Q(period__plan__department_id__in=access.ancestor_ids) | access.path_q(
            dept, access.member_paths
        )
        drafts = access.path_q(dept, access.coordinated_paths) | access.path_q(
            dept, access.head_paths
        )
        return self.filter(mine).filter(drafts | ~Q(status=ConsolidatedStatus.DRAFT))


class ConsolidatedReport(models.Model):
    """The Department's report for a period (BÁO CÁO, NĐ 30/2020 Mẫu 1.4):
    figures drafted from the submitted unit reports and the indicators,
    narrative sections the Office edits. Submitting freezes the figures
    (``figures`` and ``IndicatorSnapshot`` rows); approval follows;
    a new version, with its reason, supersedes a frozen one."""

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="consolidated_reports"
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(default=True)
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    revision_reason = models.TextField(_("reason for the new version"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ConsolidatedStatus.choices,
        default=ConsolidatedStatus.DRAFT,
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    recipients = models.TextField(_("to (Kính gửi)"), help_text=_("One recipient per line."))
    copies_to = models.TextField(
        _("copies to (Nơi nhận)"), help_text=_("One line each, the last “Lưu: VT, VP.”.")
    )
    signer_authority = models.CharField(
        _("signing authority"), max_length=100, blank=True, help_text=_("E.g. “KT. GIÁM ĐỐC”.")
    )
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    situation = models.TextField(_("I. Direction and organisation"), blank=True)
    assessment = models.TextField(_("III. Overall assessment"), blank=True)
    next_steps = models.TextField(_("IV. Tasks for the next period"), blank=True)
    proposals = models.TextField(_("V. Proposals"), blank=True)
    figures = models.JSONField(_("frozen figures"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_url = models.CharField(_("published at"), max_length=500, blank=True)

    objects = ConsolidatedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("consolidated report")
        verbose_name_plural = _("consolidated reports")
        ordering = ["period", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"], condition=Q(is_current=True), name="consolidated_one_current"
            ),
            models.UniqueConstraint(fields=["period", "version"], name="consolidated_version_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} (v{self.version})"

    @property
    def is_frozen(self) -> bool:
        return self.status != ConsolidatedStatus.DRAFT

    @property
    def is_editable(self) -> bool:
        return self.status == ConsolidatedStatus.DRAFT and self.is_current

    def lines(self, field_name: str) -> list[str]:
        return [line.strip() for line in getattr(self, field_name).splitlines() if line.strip()]
