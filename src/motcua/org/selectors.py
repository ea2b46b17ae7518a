"""Reads about units and roles that other apps use for permission checks."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from motcua.org.constants import ADMIN_ROLES
from motcua.org.models import Membership, Unit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def memberships_of(user: AbstractBaseUser | AnonymousUser) -> list[Membership]:
    """The user's active roles with their units, in tree order (one query)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Membership.objects.for_user(user).order_by("unit__path", "role"))


def is_staff_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user holds any role in any active unit (or is superuser)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return Membership.objects.active().filter(user_id=cast(int, user.pk)).exists()


def has_role(
    user: AbstractBaseUser | AnonymousUser,
    roles: Iterable[str],
    unit: Unit | None = None,
) -> bool:
    """Whether ``user`` holds one of ``roles`` in ``unit`` (or an ancestor of
    it, since a role covers the subtree). Without ``unit``: anywhere."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    qs = Membership.objects.active().filter(user_id=cast(int, user.pk), role__in=list(roles))
    if unit is None:
        return qs.exists()
    return qs.filter(unit_id__in=unit.ancestor_ids()).exists()


def may_use_admin(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Editors and system administrators use the Wagtail admin."""
    return has_role(user, ADMIN_ROLES)


def unit_tree() -> list[Unit]:
    """All units in tree order with their parent loaded (one query)."""
    return list(Unit.objects.select_related("parent").order_by("path"))
