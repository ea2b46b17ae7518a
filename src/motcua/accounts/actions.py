"""Writes on accounts: profile changes and consent records."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.constants import TERMS_VERSION
from motcua.accounts.models import Consent, User
from motcua.core.audit import record_audit
from motcua.core.constants import AuditEvent

PROFILE_FIELDS = ["full_name", "id_number", "phone", "address_line", "province_id", "ward_id"]


@transaction.atomic
def do_update_profile(user: User, *, acting_user: User, **fields: Any) -> User:
    """Save profile fields (already cleaned by ``ProfileForm``) and record
    what changed. Personal data changes are audited (NĐ 356/2025)."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = {f: getattr(locked, f) for f in PROFILE_FIELDS}
    for name, value in fields.items():
        setattr(locked, name, value)
    after = {f: getattr(locked, f) for f in PROFILE_FIELDS}
    changed = [f for f in PROFILE_FIELDS if before[f] != after[f]]
    if not changed:
        return locked
    locked.save(update_fields=[f.removesuffix("_id") for f in changed])
    # Values of identity fields are not copied into the log, only the fact.
    masked = {"id_number", "phone"}
    record_audit(
        locked,
        acting_user,
        AuditEvent.PROFILE_CHANGED,
        old={f: ("***" if f in masked and before[f] else before[f]) for f in changed},
        new={f: ("***" if f in masked and after[f] else after[f]) for f in changed},
    )
    return locked


@transaction.atomic
def do_give_consent(
    user: User, purpose: str, *, channel: str, acting_user: User | None = None
) -> Consent:
    """Record consent to ``purpose`` under the current terms version. Giving
    it again under the same version changes nothing."""
    current = (
        Consent.objects.select_for_update().current().filter(user=user, purpose=purpose).first()
    )
    if current is not None:
        if current.terms_version == TERMS_VERSION:
            return current
        current.withdrawn_at = timezone.now()
        current.save(update_fields=["withdrawn_at"])
    consent = Consent.objects.create(
        user=user, purpose=purpose, terms_version=TERMS_VERSION, channel=channel
    )
    record_audit(
        consent,
        acting_user or user,
        AuditEvent.CONSENT_GIVEN,
        new={"purpose": purpose, "terms_version": TERMS_VERSION, "channel": channel},
    )
    return consent


@transaction.atomic
def do_withdraw_consent(consent: Consent, *, acting_user: User) -> Consent:
    """Withdraw a consent; the record stays, with the time of withdrawal."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        return consent
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    record_audit(
        consent, acting_user, AuditEvent.CONSENT_WITHDRAWN, old={"purpose": consent.purpose}
    )
    return consent
