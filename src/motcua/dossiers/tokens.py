"""Citizens' personal API tokens for the dossiers API (decision 0012).

No token model existed (notifications and plans authenticate the API with
the session cookie only); apps and scripts of citizens and businesses that
cannot keep a session use ``Authorization: Bearer <token>``. A token is
created and revoked from the account's "API tokens" page; only its SHA-256
is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from motcua.core.audit import record_audit
from motcua.core.text import clean_text
from motcua.dossiers.constants import AuditEvent
from motcua.dossiers.models import ApiToken

TOKEN_PREFIX = "mc_"  # noqa: S105 — a public marker, not a secret
MAX_TOKENS_PER_USER = 10


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def do_create_api_token(user, *, acting_user, name: str) -> tuple[ApiToken, str]:  # type: ignore[no-untyped-def]
    """A new token for ``user``: (the row, the raw token shown once).
    Older tokens beyond ``MAX_TOKENS_PER_USER`` usable ones are revoked."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = timezone.now()
    days = settings.DOSSIER_API_TOKEN_DAYS
    token = ApiToken.objects.create(
        user=user,
        name=clean_text(name)[:100] or "API",
        prefix=raw[:10],
        token_hash=hash_token(raw),
        expires_at=now + timedelta(days=days) if days > 0 else None,
    )
    extra = list(ApiToken.objects.usable(now).filter(user=user).values_list("pk", flat=True))[
        MAX_TOKENS_PER_USER:
    ]
    if extra:
        ApiToken.objects.filter(pk__in=extra).update(revoked_at=now)
    record_audit(token, acting_user, AuditEvent.API_TOKEN_CREATED, new={"name": token.name})
    return token, raw


@transaction.atomic
def do_revoke_api_token(token: ApiToken, *, acting_user) -> ApiToken:  # type: ignore[no-untyped-def]
    """Revoke ``token`` (idempotent)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_audit(token, acting_user, AuditEvent.API_TOKEN_REVOKED, old={"name": token.name})
    return token


def user_for_token(raw: str | None):  # type: ignore[no-untyped-def]
    """The active user a usable token belongs to, else ``None``. Marks the
    token used (at most once a minute, so reads do not write every time)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 100:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.usable(now)
        .select_related("user")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
