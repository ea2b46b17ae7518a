"""Writes with business meaning on units and memberships."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.constants import AuditEvent
from motcua.core.text import clean_text, fold
from motcua.org.constants import ADMIN_ROLES, PATH_SEP, Role
from motcua.org.models import Membership, Unit
from motcua.org.selectors import has_role

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

UNIT_FIELDS = [
    "code",
    "name",
    "short_name",
    "kind",
    "parent_id",
    "address",
    "phone",
    "hotline",
    "email",
    "is_active",
]


def _ensure_admin(actor: AbstractBaseUser | None, unit: Unit | None) -> None:
    if actor is None:  # system actions (migrations, demo data, commands)
        return
    if unit is None:
        if not getattr(actor, "is_superuser", False):
            raise PermissionDenied(_("Only a superuser can create a top-level unit."))
        return
    if not has_role(actor, [Role.SYSADMIN], unit):
        raise PermissionDenied(_("You do not administer this unit."))


def _normalise(unit: Unit) -> None:
    unit.code = unit.code.strip().upper()
    unit.name = clean_text(unit.name)
    unit.short_name = clean_text(unit.short_name)
    unit.name_folded = fold(f"{unit.name} {unit.short_name}")[:255]


def _path_for(parent: Unit | None, pk: int) -> str:
    """The materialised path of a unit: its ancestors' ids, then its own.
    Ids are zero-padded so that ordering by path lists each parent before
    its children and siblings in the order they were created (as text,
    "10" would sort before "3")."""
    return f"{parent.path if parent else PATH_SEP}{pk:08d}{PATH_SEP}"


@transaction.atomic
def do_create_unit(*, acting_user: AbstractBaseUser | None, **fields: Any) -> Unit:
    """Create a unit under ``parent`` (or at the root) with its path."""
    unit = Unit(**fields)
    parent = unit.parent
    _ensure_admin(acting_user, parent)
    _normalise(unit)
    unit.path = "pending"
    unit.full_clean(exclude=["path", "name_folded"])
    unit.save()
    # The path needs the new id, so it is set in a second write.
    unit.path = _path_for(parent, unit.pk)
    unit.depth = parent.depth + 1 if parent else 0
    unit.save(update_fields=["path", "depth"])
    record_audit(
        unit, acting_user, AuditEvent.UNIT_CREATED, new={f: getattr(unit, f) for f in UNIT_FIELDS}
    )
    return unit


@transaction.atomic
def do_update_unit(unit: Unit, *, acting_user: AbstractBaseUser | None, **fields: Any) -> Unit:
    """Change a unit; moving it under another parent moves its subtree."""
    locked = Unit.objects.select_for_update().get(pk=unit.pk)
    _ensure_admin(acting_user, locked)
    before = {f: getattr(locked, f) for f in UNIT_FIELDS}
    for name, value in fields.items():
        setattr(locked, name, value)
    _normalise(locked)
    new_parent = locked.parent
    if new_parent is not None and new_parent.path.startswith(locked.path):
        raise ValidationError(
            {"parent": _("A unit cannot be placed under itself or its own sub-unit.")}
        )
    if new_parent is not None and locked.parent_id != before["parent_id"]:
        _ensure_admin(acting_user, new_parent)
    locked.full_clean(exclude=["path", "name_folded"])
    old_path = locked.path
    new_path = _path_for(new_parent, locked.pk)
    depth_change = (new_parent.depth + 1 if new_parent else 0) - locked.depth
    locked.save()
    if new_path != old_path:
        # One UPDATE rewrites the prefix of the whole subtree.
        Unit.objects.filter(path__startswith=old_path).update(
            path=Concat(Value(new_path), Substr("path", len(old_path) + 1)),
        )
        if depth_change:
            from django.db.models import F

            Unit.objects.filter(path__startswith=new_path).update(depth=F("depth") + depth_change)
        locked.refresh_from_db(fields=["path", "depth"])
    after = {f: getattr(locked, f) for f in UNIT_FIELDS}
    old = {k: v for k, v in before.items() if after[k] != v}
    new = {k: after[k] for k in old}
    if old:
        record_audit(locked, acting_user, AuditEvent.UNIT_CHANGED, old=old, new=new)
    return locked


# Wagtail admin groups that each role joins (created by Wagtail's
# migrations as "Editors" and "Moderators", renamed by cms migration 0003):
# editors draft and submit; approvers and system administrators publish.
EDITORS_GROUP = "Biên tập viên"
APPROVERS_GROUP = "Người duyệt nội dung"
ADMIN_GROUPS: dict[str, str] = {
    Role.EDITOR: EDITORS_GROUP,
    Role.APPROVER: APPROVERS_GROUP,
    Role.SYSADMIN: APPROVERS_GROUP,
}


def _sync_admin_groups(user: AbstractBaseUser) -> None:
    """Editors, approvers and system administrators get the Wagtail admin
    through its groups; the groups follow the active roles, so revoking a
    role removes the access (a group two roles share stays while either is
    held)."""
    from django.contrib.auth.models import Group

    held = set(
        Membership.objects.active()
        .filter(user_id=user.pk, role__in=list(ADMIN_ROLES))
        .values_list("role", flat=True)
    )
    wanted = {ADMIN_GROUPS[role] for role in held if role in ADMIN_GROUPS}
    for group in Group.objects.filter(name__in=set(ADMIN_GROUPS.values())):
        if group.name in wanted:
            user.groups.add(group)  # type: ignore[attr-defined]
        else:
            user.groups.remove(group)  # type: ignore[attr-defined]


@transaction.atomic
def do_sync_admin_groups(user: AbstractBaseUser) -> None:
    """Bring ``user``'s Wagtail admin groups in line with their active roles
    (e.g. for users who held a role before its group was mapped)."""
    _sync_admin_groups(user)


@transaction.atomic
def do_grant_role(
    user: AbstractBaseUser,
    unit: Unit,
    role: str,
    *,
    acting_user: AbstractBaseUser | None,
    title: str = "",
) -> Membership:
    """Give ``user`` ``role`` in ``unit`` (reactivating a revoked one)."""
    _ensure_admin(acting_user, unit)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    membership, created = Membership.objects.select_for_update().get_or_create(
        user_id=int(user.pk), unit=unit, role=role, defaults={"title": clean_text(title)}
    )
    if not created and membership.is_active:
        return membership
    if not created:
        membership.is_active = True
        membership.title = clean_text(title) or membership.title
        membership.save(update_fields=["is_active", "title"])
    if role in ADMIN_ROLES:
        _sync_admin_groups(user)
    record_audit(
        membership,
        acting_user,
        AuditEvent.MEMBERSHIP_GRANTED,
        new={"user": str(user), "unit": unit.code, "role": role},
    )
    return membership


@transaction.atomic
def do_revoke_role(membership: Membership, *, acting_user: AbstractBaseUser | None) -> Membership:
    """Withdraw a role; the row stays for the record."""
    membership = Membership.objects.select_for_update().select_related("unit").get(pk=membership.pk)
    _ensure_admin(acting_user, membership.unit)
    if not membership.is_active:
        return membership
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    if membership.role in ADMIN_ROLES:
        _sync_admin_groups(membership.user)
    record_audit(
        membership,
        acting_user,
        AuditEvent.MEMBERSHIP_REVOKED,
        old={"user": str(membership.user), "unit": membership.unit.code, "role": membership.role},
    )
    return membership
