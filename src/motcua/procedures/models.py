"""The procedure catalogue (bộ thủ tục hành chính của Sở Y tế).

A ``Procedure`` is the catalogue entry: its national code (mã TTHC), name,
field and handling unit, which filters and search use. The rules a dossier
is handled under — deadline, fees, required documents, steps, legal basis,
delivery options — live in ``ProcedureVersion`` rows, each in force from its
``effective_from`` date, so a dossier keeps the version it was received under
(``Dossier.procedure_version``) when the rules change later.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.search import SearchQuery, index_text, matches
from motcua.core.text import fold
from motcua.procedures.constants import (
    ONLINE_LEVELS,
    CopyType,
    DeadlineUnit,
    FeeStatus,
    FeeTiming,
    OnlineLevel,
)


def _today() -> date:
    return timezone.localdate()


class ProcedureField(models.Model):
    """A field (lĩnh vực) of procedures: Dược, Mỹ phẩm, Khám bệnh, chữa bệnh…"""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ProcedureQuerySet(models.QuerySet["Procedure"]):
    def active(self) -> ProcedureQuerySet:
        return self.filter(is_active=True)

    def published(self) -> ProcedureQuerySet:
        """Active procedures that have a version in force today: what the
        public catalogue lists."""
        today = _today()
        return (
            self.active()
            .filter(versions__is_published=True, versions__effective_from__lte=today)
            .distinct()
        )

    def online(self) -> ProcedureQuerySet:
        return self.filter(online_level__in=ONLINE_LEVELS)

    def search(self, text: str) -> ProcedureQuerySet:
        """Accent-insensitive search on code, name and field ("chung chi hanh
        nghe duoc" finds "Chứng chỉ hành nghề dược")."""
        query = SearchQuery.parse(text)
        if query.is_empty:
            return self
        return self.filter(matches("search_text", query))

    def visible_to(self, user) -> ProcedureQuerySet:  # type: ignore[no-untyped-def]
        """Procedures staff may edit: handled by a unit in their subtree
        where they hold a role that manages the catalogue."""
        from motcua.org.constants import Role
        from motcua.org.models import Unit

        units = Unit.objects.visible_to(
            user, roles=[Role.SYSADMIN, Role.COORDINATOR, Role.APPROVER]
        )
        return self.filter(unit__in=units)

    def with_current_version_id(self, at: date | None = None) -> ProcedureQuerySet:
        """Annotate ``current_version_id``: the published version in force at
        ``at`` (today), in one subquery."""
        at = at or _today()
        newest = (
            ProcedureVersion.objects.filter(
                procedure=OuterRef("pk"), is_published=True, effective_from__lte=at
            )
            .order_by("-effective_from", "-pk")
            .values("pk")[:1]
        )
        return self.annotate(current_version_id=Subquery(newest))


class Procedure(models.Model):
    """One administrative procedure in the catalogue."""

    code = models.CharField(
        _("procedure code"),
        max_length=32,
        unique=True,
        help_text=_(
            "The national procedure code (mã TTHC) from the national database, e.g. 1.014076."
        ),
    )
    name = models.CharField(_("name"), max_length=500)
    field = models.ForeignKey(
        ProcedureField,
        verbose_name=_("field"),
        on_delete=models.PROTECT,
        related_name="procedures",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("handling unit"),
        on_delete=models.PROTECT,
        related_name="procedures",
        help_text=_("The unit that receives and handles dossiers of this procedure."),
    )
    online_level = models.CharField(
        _("online level"), max_length=16, choices=OnlineLevel.choices, default=OnlineLevel.OFFLINE
    )
    is_active = models.BooleanField(_("in use"), default=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["field__position", "name"]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def build_search_text(self) -> str:
        """The folded text the catalogue search matches (kept by actions)."""
        return index_text(self.code, self.name, self.field.name if self.field_id else "")

    @property
    def name_folded(self) -> str:
        return fold(self.name)

    @property
    def accepts_online(self) -> bool:
        """Whether citizens may submit a dossier on this site."""
        return self.is_active and self.online_level in ONLINE_LEVELS

    def version_at(self, at: date | None = None) -> ProcedureVersion | None:
        """The published version in force on ``at`` (today by default)."""
        return (
            self.versions.filter(is_published=True, effective_from__lte=at or _today())
            .order_by("-effective_from", "-pk")
            .first()
        )


class ProcedureVersionQuerySet(models.QuerySet["ProcedureVersion"]):
    def published(self) -> ProcedureVersionQuerySet:
        return self.filter(is_published=True)

    def in_force(self, at: date | None = None) -> ProcedureVersionQuerySet:
        return self.published().filter(effective_from__lte=at or _today())


class ProcedureVersion(models.Model):
    """The rules of a procedure from ``effective_from`` on.

    Empty facts stay empty (``None`` / blank): the public page then says
    "chưa công bố" instead of inventing a deadline or a fee."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), on_delete=models.CASCADE, related_name="versions"
    )
    effective_from = models.DateField(_("effective from"), default=_today)
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published versions are shown and used for new dossiers."),
    )
    decision = models.CharField(
        _("publication decision"),
        max_length=255,
        blank=True,
        help_text=_("The decision that published these rules (quyết định công bố), if known."),
    )
    deadline_amount = models.DecimalField(
        _("deadline"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Statutory processing time; 0 means on receipt. Empty when not published."),
    )
    deadline_unit = models.CharField(
        _("deadline unit"), max_length=16, choices=DeadlineUnit.choices, blank=True
    )
    deadline_note = models.CharField(
        _("deadline note"),
        max_length=500,
        blank=True,
        help_text=_("E.g. “05 ngày làm việc nếu phải bổ sung hồ sơ”."),
    )
    fee_status = models.CharField(
        _("fees"), max_length=16, choices=FeeStatus.choices, default=FeeStatus.UNPUBLISHED
    )
    fee_note = models.CharField(_("fee note"), max_length=500, blank=True)
    fee_timing = models.CharField(
        _("fee paid"), max_length=20, choices=FeeTiming.choices, default=FeeTiming.BEFORE_RESULT
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    result_type = models.CharField(
        _("result"),
        max_length=500,
        blank=True,
        help_text=_("What the applicant receives, e.g. “Chứng chỉ hành nghề dược”."),
    )
    applicants = models.CharField(
        _("who may apply"), max_length=500, blank=True, help_text=_("Đối tượng thực hiện.")
    )
    conditions = models.TextField(_("conditions"), blank=True)
    delivers_at_counter = models.BooleanField(_("result at the counter"), default=True)
    delivers_by_post = models.BooleanField(_("result by post"), default=False)
    accepts_post_submission = models.BooleanField(_("accepts dossiers by post"), default=False)
    in_person_note = models.TextField(
        _("how to submit in person or by post"),
        blank=True,
        help_text=_("Where and when; shown when the procedure cannot be submitted online."),
    )
    dossier_sets = models.PositiveSmallIntegerField(
        _("number of sets"), default=1, validators=[MinValueValidator(1)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProcedureVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "effective_from"], name="procedure_version_date_uniq"
            ),
            models.CheckConstraint(
                condition=Q(deadline_amount__isnull=True) | ~Q(deadline_unit=""),
                name="procedure_version_deadline_has_unit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} ({self.effective_from:%d/%m/%Y})"

    @property
    def has_deadline(self) -> bool:
        return self.deadline_amount is not None and bool(self.deadline_unit)

    @property
    def fee_total(self) -> int | None:
        """Sum of the fee lines in VND; ``None`` when fees are unpublished.
        Uses prefetched ``fee_lines`` when present."""
        if self.fee_status == FeeStatus.UNPUBLISHED:
            return None
        if self.fee_status == FeeStatus.FREE:
            return 0
        return sum(line.amount for line in self.fee_lines.all() if not line.is_optional)


class FeeLine(models.Model):
    """One fee or charge (phí, lệ phí) of a version, in integer VND."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="fee_lines",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("fee"), max_length=255)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    is_optional = models.BooleanField(
        _("depends on the case"),
        default=False,
        help_text=_("E.g. one of several rates; not added to the total."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("fee line")
        verbose_name_plural = _("fee lines")
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class RequiredDocument(models.Model):
    """One document of the dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("document"), max_length=500)
    copy_type = models.CharField(
        _("original or copy"), max_length=32, choices=CopyType.choices, default=CopyType.ORIGINAL
    )
    quantity = models.PositiveSmallIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    is_required = models.BooleanField(_("required"), default=True)
    template = models.FileField(
        _("form template"),
        upload_to="procedures/templates/%Y/",
        blank=True,
        help_text=_("A blank form the applicant fills in (PDF or DOCX)."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class ProcessingStep(models.Model):
    """One step of the processing, with its share of the deadline (used by
    the processing control sheet, Mẫu 06)."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("step"), max_length=255)
    role = models.CharField(
        _("done by"),
        max_length=32,
        blank=True,
        help_text=_("The role that does this step (reception, handler, approver…)."),
    )
    share_percent = models.PositiveSmallIntegerField(
        _("share of the deadline (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("processing step")
        verbose_name_plural = _("processing steps")
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.name
