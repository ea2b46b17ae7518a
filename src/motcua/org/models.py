"""The unit tree and who holds which role where.

Units form a tree (Province → Department → rooms and subordinate units). A
role held in a unit covers its whole subtree. Each unit stores the
materialised path of zero-padded ids from the root (``/00000001/00000004/``)
so a subtree is one
``startswith`` filter; the path is kept right by ``org.actions``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold
from motcua.org.constants import Role, UnitKind

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser

    AnyUser = AbstractBaseUser | AnonymousUser


def _active_memberships(user: AnyUser, roles: list[str] | tuple[str, ...] | None):
    qs = Membership.objects.filter(user_id=user.pk, is_active=True)
    if roles:
        qs = qs.filter(role__in=roles)
    return qs


class UnitQuerySet(models.QuerySet["Unit"]):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def subtree_of(self, *units: Unit) -> UnitQuerySet:
        """The given units and all their descendants."""
        if not units:
            return self.none()
        q = Q()
        for unit in units:
            q |= Q(path__startswith=unit.path)
        return self.filter(q)

    def visible_to(
        self, user: AnyUser, *, roles: list[str] | tuple[str, ...] | None = None
    ) -> UnitQuerySet:
        """Units in the subtrees where ``user`` holds a role (any role, or one
        of ``roles``). Superusers see every unit; anonymous users none.

        Every app scopes its data with this: ``Dossier.objects.filter(
        unit__in=Unit.objects.visible_to(user))``."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "is_superuser", False):
            return self.all()
        paths = list(
            _active_memberships(user, roles)
            .filter(unit__is_active=True)
            .values_list("unit__path", flat=True)
        )
        if not paths:
            return self.none()
        q = Q()
        for path in paths:
            q |= Q(path__startswith=path)
        return self.filter(q)

    def search(self, text: str) -> UnitQuerySet:
        """Accent-insensitive search on name and code."""
        key = fold(text)
        return self.filter(Q(name_folded__contains=key) | Q(code__icontains=text.strip()))


class Unit(models.Model):
    """An organisational unit: the Department, one of its rooms, or a
    subordinate unit (CDC, hospital, clinic, health station…)."""

    code = models.CharField(
        _("official code"),
        max_length=32,
        unique=True,
        help_text=_("The unit's official code (mã định danh), used in dossier codes."),
    )
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=512, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    hotline = models.CharField(_("hotline"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to this unit, read from the path."""
        return [int(part) for part in self.path.strip("/").split("/") if part]

    def is_within(self, other: Unit) -> bool:
        """Whether this unit is ``other`` or one of its descendants."""
        return self.path.startswith(other.path)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(is_active=True, unit__is_active=True)

    def for_user(self, user: AnyUser) -> MembershipQuerySet:
        return self.active().filter(user_id=user.pk).select_related("unit")

    def visible_to(self, user: AnyUser) -> MembershipQuerySet:
        """Memberships in units a system administrator may manage."""
        return self.filter(unit__in=Unit.objects.visible_to(user, roles=[Role.SYSADMIN]))


class Membership(models.Model):
    """``user`` holds ``role`` in ``unit`` and its subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title = models.CharField(
        _("position"),
        max_length=128,
        blank=True,
        help_text=_("E.g. “Chuyên viên”, “Trưởng phòng”."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__path", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_uniq"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
