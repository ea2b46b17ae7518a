"""The single way to write the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from motcua.core.models import AuditEntry

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any]:
    import json

    if not values:
        return {}
    return json.loads(json.dumps(values, cls=DjangoJSONEncoder, default=str))


def record_audit(
    target: models.Model | None,
    actor: AbstractBaseUser | AnonymousUser | None,
    event: str,
    *,
    old: dict[str, Any] | None = None,
    new: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction of the change it
    records, so both are committed together or not at all."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_repr=(str(user) if user is not None else "")[:255],
        event=str(event),
        target_type=(
            ContentType.objects.get_for_model(target, for_concrete_model=False)
            if target is not None
            else None
        ),
        target_id=str(target.pk) if target is not None else "",
        target_repr=(str(target) if target is not None else "")[:255],
        old=_jsonable(old),
        new=_jsonable(new),
        ip_address=ip_address,
    )


def changed_fields(
    obj: models.Model, before: dict[str, Any], fields: list[str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """(old, new) dicts limited to the fields whose value changed."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for name in fields:
        after = getattr(obj, name)
        if before.get(name) != after:
            old[name] = before.get(name)
            new[name] = after
    return old, new
