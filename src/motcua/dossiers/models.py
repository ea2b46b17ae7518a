"""E-dossiers (hồ sơ): one model for every channel — online on this site, at
the counter, by post and synchronised from the National Public Service
Portal — and every state of the national status list (DESIGN.md §4).

Writes go through ``dossiers.actions``; this module holds fields,
constraints, derived facts and QuerySet vocabulary only.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.constants import (
    CLOCK_RUNNING_STATES,
    OPEN_STATES,
    TERMINAL_STATES,
    ApplicantKind,
    Channel,
    DeliveryMethod,
    DossierStatus,
    FileKind,
)


class DossierSequence(models.Model):
    """The last number given for ``prefix`` (unit code and day) — the
    ``NNNN`` of ``<unit code>-<YYMMDD>-<NNNN>``. Incremented under a row lock
    in the same transaction that saves the dossier, so numbers are unique and
    gap-free: a rolled-back submission gives its number back."""

    prefix = models.CharField(max_length=64, unique=True)
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("dossier number sequence")
        verbose_name_plural = _("dossier number sequences")

    def __str__(self) -> str:
        return f"{self.prefix}: {self.last_number}"


class DossierQuerySet(models.QuerySet["Dossier"]):
    def submitted(self) -> DossierQuerySet:
        """Everything but unsent drafts."""
        return self.exclude(status=DossierStatus.DRAFT)

    def drafts(self) -> DossierQuerySet:
        return self.filter(status=DossierStatus.DRAFT)

    def open(self) -> DossierQuerySet:
        return self.filter(status__in=OPEN_STATES)

    def of_applicant(self, user) -> DossierQuerySet:  # type: ignore[no-untyped-def]
        """The dossiers of a citizen's own account ("Hồ sơ của tôi")."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(applicant_user_id=user.pk)

    def visible_to(self, user, *, roles=None) -> DossierQuerySet:  # type: ignore[no-untyped-def]
        """Dossiers handled by units in the subtrees where ``user`` holds a
        role (one of ``roles``); drafts are never visible to staff."""
        from motcua.org.models import Unit

        return self.submitted().filter(unit__in=Unit.objects.visible_to(user, roles=roles))

    def overdue(self, now: datetime | None = None) -> DossierQuerySet:
        """Open dossiers whose due instant has passed (late is derived, never
        a state)."""
        return self.open().filter(due_at__lt=now or timezone.now())


class Dossier(models.Model):
    """One dossier, whatever the channel it came by."""

    code = models.CharField(
        _("dossier code"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Given on submission: <unit code>-<YYMMDD>-<NNNN>."),
    )
    lookup_key = models.CharField(_("lookup key"), max_length=16, blank=True)
    status = models.PositiveSmallIntegerField(
        _("status"), choices=DossierStatus.choices, default=DossierStatus.DRAFT, db_index=True
    )
    # Where to go back to after a supplement or a payment.
    resume_status = models.PositiveSmallIntegerField(
        _("status to resume"), choices=DossierStatus.choices, null=True, blank=True
    )
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.ONLINE
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("procedure"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion",
        verbose_name=_("rules applied"),
        on_delete=models.PROTECT,
        related_name="dossiers",
        help_text=_("The version of the procedure the dossier is handled under."),
    )
    # Snapshot of the name at submission: the catalogue may rename it later.
    procedure_name = models.CharField(_("procedure"), max_length=500)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="dossiers",
    )

    # The applicant (người nộp / tổ chức). Personal data: collect only what the
    # procedure needs (Luật 91/2025).
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dossiers",
    )
    applicant_kind = models.CharField(
        _("applicant"), max_length=16, choices=ApplicantKind.choices, default=ApplicantKind.PERSON
    )
    applicant_name = models.CharField(_("full name"), max_length=255, blank=True)
    applicant_id_number = models.CharField(
        _("ID document number"),
        max_length=20,
        blank=True,
        db_index=True,
        help_text=_("Citizen ID (CCCD) of the person who submits."),
    )
    organisation_name = models.CharField(_("organisation name"), max_length=255, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True, db_index=True)
    applicant_phone = models.CharField(_("phone"), max_length=16, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=255, blank=True)
    applicant_province = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("province / city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_ward = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("commune / ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Delivery of the result.
    delivery_method = models.CharField(
        _("result delivery"),
        max_length=16,
        choices=DeliveryMethod.choices,
        default=DeliveryMethod.COUNTER,
    )
    delivery_name = models.CharField(_("recipient"), max_length=255, blank=True)
    delivery_phone = models.CharField(_("recipient phone"), max_length=16, blank=True)
    delivery_address = models.CharField(_("delivery address"), max_length=255, blank=True)
    delivery_province = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("delivery province / city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivery_ward = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("delivery commune / ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    postal_fee = models.PositiveIntegerField(_("postal fee (VND)"), default=0)
    postal_tracking_in = models.CharField(
        _("postal tracking number (received)"), max_length=64, blank=True
    )
    postal_tracking_out = models.CharField(
        _("postal tracking number (result)"), max_length=64, blank=True
    )

    # The wizard: where the citizen is, and what they declared.
    draft_step = models.CharField(max_length=32, blank=True)
    declared_at = models.DateTimeField(_("declaration accepted at"), null=True, blank=True)
    # A double click or a retried request creates one dossier, not two.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    # Portal synchronisation (dichvucong.gov.vn): the portal's own id.
    external_id = models.CharField(
        _("portal dossier id"), max_length=64, unique=True, null=True, blank=True
    )

    # What the portal sent that has no column of its own (payment and postal
    # data as synchronised), kept as received.
    external_data = models.JSONField(_("portal data"), default=dict, blank=True)
    external_synced_at = models.DateTimeField(_("synchronised at"), null=True, blank=True)

    # Timeline.
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True, db_index=True)
    paused_at = models.DateTimeField(
        _("clock paused at"),
        null=True,
        blank=True,
        help_text=_("While a supplement is awaited the deadline clock stops."),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("result returned at"), null=True, blank=True)
    closed_at = models.DateTimeField(
        _("closed at"), null=True, blank=True, help_text=_("Refused, withdrawn or stopped.")
    )
    due_soon_notified_at = models.DateTimeField(
        _("warned that it will be late at"), null=True, blank=True
    )
    late_notified_at = models.DateTimeField(_("reported late at"), null=True, blank=True)
    withdrawal_requested_at = models.DateTimeField(
        _("withdrawal requested at"), null=True, blank=True
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    # Back office (the next issue fills these).
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_dossiers",
    )
    approval_requested_at = models.DateTimeField(
        _("sent for approval at"),
        null=True,
        blank=True,
        help_text=_("Set when the handler forwards the draft result to the approver."),
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers_to_approve",
    )
    result_recipient_name = models.CharField(_("result collected by"), max_length=255, blank=True)
    result_recipient_id_number = models.CharField(
        _("ID number of the person collecting"), max_length=20, blank=True
    )
    register_book = models.CharField(_("register book"), max_length=32, blank=True)
    register_number = models.PositiveIntegerField(_("register number"), null=True, blank=True)
    status_note = models.TextField(
        _("note to the applicant"),
        blank=True,
        help_text=_("Reason for a refusal, a stop, or what the applicant must do next."),
    )
    search_text = models.TextField(editable=False, default="")

    objects = DossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "status", "due_at"], name="dossier_queue_idx"),
            models.Index(fields=["applicant_user", "-created_at"], name="dossier_applicant_idx"),
            # Back-office queues (/can-bo/ho-so/): awaiting reception and
            # results to return by state and age; my dossiers; my approvals.
            models.Index(
                fields=["status", "unit", "submitted_at"], name="dossier_status_queue_idx"
            ),
            models.Index(fields=["handler", "status", "due_at"], name="dossier_handler_idx"),
            models.Index(fields=["approver", "approval_requested_at"], name="dossier_approver_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=DossierStatus.DRAFT) | Q(code__isnull=False),
                name="dossier_code_after_draft",
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk} ({self.get_status_display()})"

    # Derived facts -------------------------------------------------------

    @property
    def is_draft(self) -> bool:
        return self.status == DossierStatus.DRAFT

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES

    @property
    def is_closed(self) -> bool:
        return self.status in TERMINAL_STATES

    @property
    def clock_running(self) -> bool:
        return self.status in CLOCK_RUNNING_STATES and self.paused_at is None

    def is_overdue(self, now: datetime | None = None) -> bool:
        """Open and past the due instant. A finished dossier is judged by
        ``finished_late``."""
        if not self.is_open or self.due_at is None:
            return False
        if self.paused_at is not None:
            return self.paused_at > self.due_at
        return (now or timezone.now()) > self.due_at

    @property
    def finished_at(self) -> datetime | None:
        return self.resolved_at

    @property
    def finished_late(self) -> bool | None:
        """Resolved after the due instant; ``None`` while unresolved."""
        if self.resolved_at is None or self.due_at is None:
            return None
        return self.resolved_at > self.due_at

    @property
    def applicant_display(self) -> str:
        if self.applicant_kind == ApplicantKind.ORGANISATION and self.organisation_name:
            return self.organisation_name
        return self.applicant_name

    @property
    def citizen_may_withdraw(self) -> bool:
        from motcua.dossiers.constants import CITIZEN_WITHDRAWS_ALONE, WITHDRAWAL_REQUEST_STATES

        if self.status in CITIZEN_WITHDRAWS_ALONE:
            return True
        return self.status in WITHDRAWAL_REQUEST_STATES and self.withdrawal_requested_at is None


def dossier_upload_to(instance: DossierFile, filename: str) -> str:
    # The stored name never uses what the citizen typed (the original name is
    # kept in ``original_name``): no path tricks, no personal data in paths.
    import secrets

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    now = timezone.now()
    return f"dossiers/{now:%Y/%m}/{secrets.token_hex(16)}.{ext[:8]}"


class DossierFileQuerySet(models.QuerySet["DossierFile"]):
    def current(self) -> DossierFileQuerySet:
        return self.filter(replaced_at__isnull=True)


class DossierFile(models.Model):
    """A file of a dossier: a submitted document (one slot per required
    document), a supplement, a scan made at the counter, or a result."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FileKind.choices)
    requirement = models.ForeignKey(
        "procedures.RequiredDocument",
        verbose_name=_("required document"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supplement_request = models.ForeignKey(
        "SupplementRequest",
        verbose_name=_("supplement request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    file = models.FileField(_("file"), upload_to=dossier_upload_to, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    replaced_at = models.DateTimeField(null=True, blank=True)

    objects = DossierFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "kind", "requirement__position", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class DossierStep(models.Model):
    """One entry of a dossier's history: a change of state, or a hand-off
    within a state (assignment, forwarding for approval). The citizen sees
    the public entries; the processing control sheet (Mẫu 06) is built from
    all of them."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="steps"
    )
    action = models.CharField(_("action"), max_length=32)
    from_status = models.PositiveSmallIntegerField(
        _("from"), choices=DossierStatus.choices, null=True, blank=True
    )
    to_status = models.PositiveSmallIntegerField(_("to"), choices=DossierStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    is_public = models.BooleanField(_("shown to the applicant"), default=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.action}"


class SupplementRequest(models.Model):
    """A request to supplement or complete the dossier (Mẫu 02). The
    deadline clock pauses from ``requested_at`` until ``supplied_at``."""

    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("dossier"),
        on_delete=models.CASCADE,
        related_name="supplement_requests",
    )
    reason = models.TextField(_("what is missing and why"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    respond_by = models.DateTimeField(_("respond by"), null=True, blank=True)
    supplied_at = models.DateTimeField(_("supplied at"), null=True, blank=True)
    citizen_note = models.TextField(_("applicant's note"), blank=True)

    class Meta:
        verbose_name = _("supplement request")
        verbose_name_plural = _("supplement requests")
        ordering = ["dossier", "-requested_at"]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.requested_at:%d/%m/%Y}"

    @property
    def is_open(self) -> bool:
        return self.supplied_at is None


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def usable(self, now: datetime | None = None) -> ApiTokenQuerySet:
        """Not revoked, not expired, of an active account."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, user__is_active=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiToken(models.Model):
    """A citizen's personal token for the dossiers API (``Authorization:
    Bearer <token>``), for apps and scripts that cannot keep a session.

    Only the SHA-256 of the token is stored: the token is shown once, when
    it is created, and a leaked table gives nothing usable. (A token has 256
    bits of randomness, so a fast hash is enough; passwords need a slow one.)
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        # Not "api_tokens": Wagtail's own APIToken (its admin API) has it.
        related_name="dossier_api_tokens",
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class ApologyLetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved and sent")


class ApologyLetter(models.Model):
    """Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04,
    TT 03/2025): drafted by the handler with the reason for the delay and a
    new date, signed off by an approver, then sent to the applicant. Late is
    never a reason to refuse returning the result."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="apologies"
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ApologyLetterStatus.choices,
        default=ApologyLetterStatus.DRAFT,
    )
    reason = models.TextField(_("reason for the delay"))
    new_due_at = models.DateTimeField(_("new date for the result"))
    previous_due_at = models.DateTimeField(_("previous due date"), null=True, blank=True)
    number = models.CharField(_("document number"), max_length=64, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("apology letter")
        verbose_name_plural = _("apology letters")
        ordering = ["dossier", "-drafted_at"]

    def __str__(self) -> str:
        return f"{self.dossier} · {self.get_status_display()}"
