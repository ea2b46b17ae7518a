"""Ground-floor models shared by every app: audit log, working-day overrides,
administrative units, task-worker heartbeats.

``core`` imports no other motcua app; references to users go through
``settings.AUTH_USER_MODEL``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.constants import (
    AdministrativeLevel,
    CalendarOverrideKind,
    IndicatorDirection,
    IndicatorUnit,
)
from motcua.core.text import fold


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        """Entries about one object, newest first."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            target_id=str(obj.pk),
        ).order_by("-created_at", "-id")

    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    """One change with business meaning: who did what to which object, when,
    and the values before and after. Written in the same transaction as the
    change by ``motcua.core.audit.record_audit``; never changed afterwards."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acting user"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text so the entry still says who acted after the account is gone.
    actor_repr = models.CharField(_("acting user (as recorded)"), max_length=255, blank=True)
    event = models.CharField(_("event"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("object type"), null=True, blank=True, on_delete=models.PROTECT
    )
    target_id = models.CharField(_("object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=255, blank=True)
    old = models.JSONField(_("old values"), default=dict, blank=True)
    new = models.JSONField(_("new values"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.event} {self.target_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Audit entries cannot be deleted.")


class CalendarOverride(models.Model):
    """An exception to the national holiday calendar for one date: an extra
    day off, or a working day (typically a make-up Saturday) announced in a
    yearly swap notice that the ``holidays`` package may not know yet."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CalendarOverrideKind.choices)
    reason = models.CharField(
        _("reason"),
        max_length=255,
        help_text=_("The notice that decides it, e.g. “Thông báo 6150/TB-BLĐTBXH”."),
    )

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}: {self.get_kind_display()}"


class AdministrativeUnitQuerySet(models.QuerySet["AdministrativeUnit"]):
    def current(self) -> AdministrativeUnitQuerySet:
        """Units in force now (no end of validity)."""
        return self.filter(valid_until__isnull=True)

    def provinces(self) -> AdministrativeUnitQuerySet:
        return self.filter(level=AdministrativeLevel.PROVINCE)

    def wards(self) -> AdministrativeUnitQuerySet:
        return self.filter(level=AdministrativeLevel.COMMUNE)

    def search(self, text: str) -> AdministrativeUnitQuerySet:
        """Accent-insensitive search on the name ("nha trang" finds "Nha Trang")."""
        return self.filter(name_folded__contains=fold(text))


class AdministrativeUnit(models.Model):
    """A province or a commune-level unit (xã, phường, đặc khu) with its
    official code (mã ĐVHC). Loaded from ``core/data/administrative_units.csv``
    by a data migration; the two-level arrangement in force since 01/07/2025."""

    code = models.CharField(_("official code"), max_length=10)
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, editable=False, db_index=True)
    level = models.CharField(_("level"), max_length=16, choices=AdministrativeLevel.choices)
    division_type = models.CharField(_("type"), max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"], name="adminunit_code_uniq"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class WorkerHeartbeat(models.Model):
    """The last sign of life of one task worker, for ``/healthz``."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("task worker")
        verbose_name_plural = _("task workers")

    def __str__(self) -> str:
        return f"{self.hostname}:{self.pid}"


class RateLimitCounter(models.Model):
    """Hits of one key (e.g. ``sms-in:+84905123456``) in one fixed time
    window, for ``motcua.core.ratelimit``. A database table because
    django-ratelimit refuses the per-process memory cache and the embedded
    default has no Redis; old windows are pruned by a periodic task."""

    key = models.CharField(max_length=200)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate limit counter")
        verbose_name_plural = _("rate limit counters")
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="ratelimit_key_window_uniq"
            )
        ]
        indexes = [models.Index(fields=["window_start"], name="ratelimit_window_idx")]

    def __str__(self) -> str:
        return f"{self.key} @ {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class IndicatorSnapshotQuerySet(models.QuerySet["IndicatorSnapshot"]):
    def for_owner(self, owner: models.Model) -> IndicatorSnapshotQuerySet:
        """The values frozen for one object (e.g. a submitted report)."""
        return self.filter(
            owner_type=ContentType.objects.get_for_model(owner, for_concrete_model=False),
            owner_id=str(owner.pk),
        )


class IndicatorSnapshot(models.Model):
    """One indicator value frozen at a moment: what the registry
    (``motcua.core.indicators``) measured for a period and a scope. A report
    submitted for a period keeps its figures as these rows, so later changes
    to the data never alter it (DESIGN.md §3). The name, unit and direction
    are copied too: the snapshot still reads right if the indicator is
    renamed or unregistered later. ``value`` is empty when there was no data."""

    key = models.CharField(_("indicator"), max_length=100, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=16, choices=IndicatorUnit.choices)
    direction = models.CharField(_("direction"), max_length=8, choices=IndicatorDirection.choices)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    # The organisational unit whose subtree was measured (``org.Unit`` id,
    # kept as a plain number because ``core`` imports no app); empty: the
    # whole Department.
    scope_unit_id = models.PositiveBigIntegerField(_("unit id"), null=True, blank=True)
    scope_label = models.CharField(_("scope"), max_length=255, blank=True)
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    owner_type = models.ForeignKey(
        ContentType, verbose_name=_("frozen for"), null=True, blank=True, on_delete=models.PROTECT
    )
    owner_id = models.CharField(_("object id"), max_length=64, blank=True)

    objects = IndicatorSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator snapshot")
        verbose_name_plural = _("indicator snapshots")
        ordering = ["key", "period_start"]
        indexes = [
            models.Index(fields=["owner_type", "owner_id"], name="indsnap_owner_idx"),
            models.Index(fields=["key", "period_end"], name="indsnap_key_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}: {self.value}"
