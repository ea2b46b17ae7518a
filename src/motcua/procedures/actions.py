"""Writes of the procedure catalogue.

A procedure's rules live in versions (``ProcedureVersion``). A draft
version is edited freely; publishing freezes it, because dossiers keep the
version they were received under. To change published rules, staff create
a new version with a later ``effective_from`` (copied from the current one),
edit it and publish it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.text import clean_text, nfc
from motcua.procedures.constants import AuditEvent, DeadlineUnit, FeeStatus
from motcua.procedures.models import (
    FeeLine,
    Procedure,
    ProcedureField,
    ProcedureVersion,
    ProcessingStep,
    RequiredDocument,
)

PROCEDURE_FIELDS = ("code", "name", "field", "unit", "online_level", "is_active")
VERSION_FIELDS = (
    "effective_from",
    "decision",
    "deadline_amount",
    "deadline_unit",
    "deadline_note",
    "fee_status",
    "fee_note",
    "fee_timing",
    "legal_basis",
    "result_type",
    "applicants",
    "conditions",
    "delivers_at_counter",
    "delivers_by_post",
    "accepts_post_submission",
    "in_person_note",
    "dossier_sets",
)
TEXT_VERSION_FIELDS = (
    "decision",
    "deadline_note",
    "fee_note",
    "result_type",
    "applicants",
)
LONG_TEXT_VERSION_FIELDS = ("legal_basis", "conditions", "in_person_note")


@dataclass
class FeeLineData:
    name: str
    amount: int
    is_optional: bool = False
    note: str = ""


@dataclass
class DocumentData:
    name: str
    copy_type: str = "original"
    quantity: int = 1
    is_required: bool = True
    note: str = ""
    template: Any = None  # an uploaded file, or None to keep / leave empty
    clear_template: bool = False
    id: int | None = None  # an existing row to update


@dataclass
class StepData:
    name: str
    role: str = ""
    share_percent: int = 0


@dataclass
class VersionContent:
    """What a version edit replaces: its facts and its three lists."""

    facts: dict[str, Any]
    fee_lines: list[FeeLineData] = field(default_factory=list)
    documents: list[DocumentData] = field(default_factory=list)
    steps: list[StepData] = field(default_factory=list)


# ----------------------------------------------------------------- helpers
def _diff(obj: Any, data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(old, new) of the fields in ``data`` whose value would change."""
    old: dict[str, Any] = {}
    new: dict[str, Any] = {}
    for name, value in data.items():
        before = getattr(obj, name)
        if before != value:
            old[name], new[name] = before, value
    return old, new


def may_edit(procedure: Procedure, user: Any) -> bool:
    """Whether ``user`` may edit ``procedure`` (catalogue roles in its unit)."""
    if user is None:
        return True  # imports and demo data run without a user
    return Procedure.objects.visible_to(user).filter(pk=procedure.pk).exists()


def _ensure_unit_allowed(unit: Any, user: Any) -> None:
    from motcua.org.constants import Role
    from motcua.org.models import Unit

    if user is None:
        return
    allowed = Unit.objects.visible_to(user, roles=[Role.SYSADMIN, Role.COORDINATOR, Role.APPROVER])
    if not allowed.filter(pk=unit.pk).exists():
        raise PermissionDenied


def _clean_procedure_fields(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if "code" in out:
        out["code"] = clean_text(out["code"]).replace(" ", "")
    if "name" in out:
        out["name"] = clean_text(out["name"])
    return out


def _clean_version_facts(facts: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in facts.items() if k in VERSION_FIELDS}
    for name in TEXT_VERSION_FIELDS:
        if name in out:
            out[name] = clean_text(out[name] or "")
    for name in LONG_TEXT_VERSION_FIELDS:
        if name in out:
            out[name] = nfc(out[name] or "").strip()
    if "deadline_amount" in out:
        amount = out["deadline_amount"]
        if amount is None or amount == "":
            out["deadline_amount"] = None
            out["deadline_unit"] = ""
        else:
            out["deadline_amount"] = Decimal(str(amount))
    return out


def _check_version_facts(facts: dict[str, Any]) -> None:
    amount = facts.get("deadline_amount")
    unit = facts.get("deadline_unit", "")
    if amount is not None and unit not in DeadlineUnit.values:
        raise ValidationError(_("Choose how the deadline is counted."), code="deadline_unit")
    if amount is not None and amount < 0:
        raise ValidationError(_("The deadline cannot be negative."), code="deadline_amount")


def _check_content(facts: dict[str, Any], content: VersionContent) -> None:
    _check_version_facts(facts)
    status = facts.get("fee_status")
    if status == FeeStatus.CHARGED and not content.fee_lines:
        raise ValidationError(
            _("Add at least one fee line, or choose “No fee” or “Not yet published”."),
            code="fee_lines",
        )
    if status != FeeStatus.CHARGED and content.fee_lines:
        raise ValidationError(
            _(
                "Fee lines are only kept when the fees are “as listed”: remove them or change the fee status."
            ),
            code="fee_lines",
        )
    for line in content.fee_lines:
        if line.amount < 0:
            raise ValidationError(_("A fee cannot be negative."), code="fee_amount")
    total = sum(s.share_percent for s in content.steps)
    if content.steps and total > 100:
        raise ValidationError(
            _("The steps' shares of the deadline add up to %(total)s%%; they may not exceed 100%%.")
            % {"total": total},
            code="step_shares",
        )


# ----------------------------------------------------------------- procedures
@transaction.atomic
def do_create_procedure(
    *,
    acting_user: Any,
    code: str,
    name: str,
    field: ProcedureField,
    unit: Any,
    online_level: str,
    is_active: bool = True,
) -> Procedure:
    """Add a procedure to the catalogue (no version yet)."""
    _ensure_unit_allowed(unit, acting_user)
    data = _clean_procedure_fields(
        {
            "code": code,
            "name": name,
            "field": field,
            "unit": unit,
            "online_level": online_level,
            "is_active": is_active,
        }
    )
    if not data["code"] or not data["name"]:
        raise ValidationError(_("A procedure needs a code and a name."), code="required")
    if Procedure.objects.filter(code__iexact=data["code"]).exists():
        raise ValidationError(
            _("A procedure with code %(code)s already exists.") % {"code": data["code"]},
            code="duplicate",
        )
    procedure = Procedure(**data)
    procedure.search_text = procedure.build_search_text()
    try:
        with transaction.atomic():
            procedure.save()
    except IntegrityError as exc:  # a concurrent create with the same code
        raise ValidationError(
            _("A procedure with code %(code)s already exists.") % {"code": data["code"]},
            code="duplicate",
        ) from exc
    record_audit(
        procedure,
        acting_user,
        AuditEvent.PROCEDURE_CREATED,
        new={"code": procedure.code, "name": procedure.name, "unit": unit.code},
    )
    return procedure


@transaction.atomic
def do_update_procedure(procedure: Procedure, *, acting_user: Any, **fields: Any) -> Procedure:
    """Change the catalogue identity (code, name, field, unit, level, in use)."""
    procedure = (
        Procedure.objects.select_for_update().select_related("field", "unit").get(pk=procedure.pk)
    )
    if not may_edit(procedure, acting_user):
        raise PermissionDenied
    data = _clean_procedure_fields({k: v for k, v in fields.items() if k in PROCEDURE_FIELDS})
    if "unit" in data:
        _ensure_unit_allowed(data["unit"], acting_user)
    if "code" in data:
        if not data["code"]:
            raise ValidationError(_("A procedure needs a code and a name."), code="required")
        if Procedure.objects.filter(code__iexact=data["code"]).exclude(pk=procedure.pk).exists():
            raise ValidationError(
                _("A procedure with code %(code)s already exists.") % {"code": data["code"]},
                code="duplicate",
            )
    old, new = _diff(procedure, data)
    if not new:
        return procedure
    for name, value in data.items():
        setattr(procedure, name, value)
    procedure.search_text = procedure.build_search_text()
    procedure.save(update_fields=[*data.keys(), "search_text", "updated_at"])
    record_audit(procedure, acting_user, AuditEvent.PROCEDURE_CHANGED, old=old, new=new)
    return procedure


# ----------------------------------------------------------------- versions
def _copy_children(source: ProcedureVersion, target: ProcedureVersion) -> None:
    FeeLine.objects.bulk_create(
        [
            FeeLine(
                version=target,
                position=f.position,
                name=f.name,
                amount=f.amount,
                is_optional=f.is_optional,
                note=f.note,
            )
            for f in source.fee_lines.all()
        ]
    )
    RequiredDocument.objects.bulk_create(
        [
            RequiredDocument(
                version=target,
                position=d.position,
                name=d.name,
                copy_type=d.copy_type,
                quantity=d.quantity,
                is_required=d.is_required,
                template=d.template.name if d.template else "",
                note=d.note,
            )
            for d in source.documents.all()
        ]
    )
    ProcessingStep.objects.bulk_create(
        [
            ProcessingStep(
                version=target,
                position=s.position,
                name=s.name,
                role=s.role,
                share_percent=s.share_percent,
            )
            for s in source.steps.all()
        ]
    )


@transaction.atomic
def do_create_version(
    procedure: Procedure,
    *,
    acting_user: Any,
    effective_from: date,
    copy_from: ProcedureVersion | None = None,
    **facts: Any,
) -> ProcedureVersion:
    """A new draft version from ``effective_from``. Its facts, fee lines,
    documents and steps are copied from ``copy_from`` (default: the newest
    version) so staff only change what changed."""
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    if not may_edit(procedure, acting_user):
        raise PermissionDenied
    if procedure.versions.filter(effective_from=effective_from).exists():
        raise ValidationError(
            _("This procedure already has a version from %(date)s.")
            % {"date": effective_from.strftime("%d/%m/%Y")},
            code="duplicate_version",
        )
    if copy_from is None:
        copy_from = procedure.versions.order_by("-effective_from", "-pk").first()
    elif copy_from.procedure_id != procedure.pk:
        raise ValidationError(_("That version belongs to another procedure."), code="wrong_version")
    base: dict[str, Any] = {}
    if copy_from is not None:
        base = {name: getattr(copy_from, name) for name in VERSION_FIELDS}
    base.update(_clean_version_facts(facts))
    base["effective_from"] = effective_from
    _check_version_facts(base)
    version = ProcedureVersion(
        procedure=procedure, is_published=False, created_by=_user(acting_user), **base
    )
    version.save()
    if copy_from is not None:
        _copy_children(copy_from, version)
    record_audit(
        version,
        acting_user,
        AuditEvent.VERSION_CREATED,
        new={"effective_from": effective_from, "copied_from": copy_from.pk if copy_from else None},
    )
    return version


def _user(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None


def _locked_draft(version: ProcedureVersion, acting_user: Any) -> ProcedureVersion:
    version = (
        ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
    )
    if not may_edit(version.procedure, acting_user):
        raise PermissionDenied
    if version.is_published:
        raise ValidationError(
            _(
                "A published version cannot be changed: dossiers keep the rules they were received under. Create a new version instead."
            ),
            code="published",
        )
    return version


@transaction.atomic
def do_update_version(
    version: ProcedureVersion, *, acting_user: Any, content: VersionContent
) -> ProcedureVersion:
    """Replace a draft version's facts, fee lines, documents and steps.
    Form templates of documents that stay are kept unless cleared."""
    version = _locked_draft(version, acting_user)
    facts = _clean_version_facts(content.facts)
    merged = {name: getattr(version, name) for name in VERSION_FIELDS} | facts
    _check_content(merged, content)
    if (
        "effective_from" in facts
        and facts["effective_from"] != version.effective_from
        and version.procedure.versions.filter(effective_from=facts["effective_from"])
        .exclude(pk=version.pk)
        .exists()
    ):
        raise ValidationError(
            _("This procedure already has a version from %(date)s.")
            % {"date": facts["effective_from"].strftime("%d/%m/%Y")},
            code="duplicate_version",
        )
    old, new = _diff(version, facts)
    for name, value in facts.items():
        setattr(version, name, value)
    version.save(update_fields=list(facts.keys()) or None)

    version.fee_lines.all().delete()
    FeeLine.objects.bulk_create(
        [
            FeeLine(
                version=version,
                position=i,
                name=clean_text(f.name),
                amount=int(f.amount),
                is_optional=f.is_optional,
                note=clean_text(f.note),
            )
            for i, f in enumerate(content.fee_lines)
        ]
    )
    existing = {d.pk: d for d in version.documents.all()}
    kept: set[int] = set()
    for i, d in enumerate(content.documents):
        row = existing.get(d.id) if d.id else None
        if row is None:
            row = RequiredDocument(version=version)
        row.position = i
        row.name = clean_text(d.name)
        row.copy_type = d.copy_type
        row.quantity = d.quantity
        row.is_required = d.is_required
        row.note = clean_text(d.note)
        if d.template:
            row.template = d.template
        elif d.clear_template:
            row.template = ""
        row.save()
        kept.add(row.pk)
    version.documents.exclude(pk__in=kept).delete()
    version.steps.all().delete()
    ProcessingStep.objects.bulk_create(
        [
            ProcessingStep(
                version=version,
                position=i,
                name=clean_text(s.name),
                role=s.role,
                share_percent=s.share_percent,
            )
            for i, s in enumerate(content.steps)
        ]
    )
    new["fee_lines"] = [f"{f.name}: {f.amount}" for f in content.fee_lines]
    new["documents"] = [d.name for d in content.documents]
    new["steps"] = [f"{s.name} ({s.share_percent}%)" for s in content.steps]
    record_audit(version, acting_user, AuditEvent.VERSION_CHANGED, old=old, new=new)
    return version


@transaction.atomic
def do_publish_version(version: ProcedureVersion, *, acting_user: Any) -> ProcedureVersion:
    """Publish a draft version: from its ``effective_from`` it is shown on
    the public page and used for new dossiers. It cannot be edited again."""
    version = _locked_draft(version, acting_user)
    facts = {name: getattr(version, name) for name in VERSION_FIELDS}
    content = VersionContent(
        facts=facts,
        fee_lines=[FeeLineData(name=f.name, amount=f.amount) for f in version.fee_lines.all()],
        steps=[StepData(name=s.name, share_percent=s.share_percent) for s in version.steps.all()],
    )
    _check_content(facts, content)
    version.is_published = True
    version.save(update_fields=["is_published"])
    record_audit(
        version,
        acting_user,
        AuditEvent.VERSION_PUBLISHED,
        old={"is_published": False},
        new={"is_published": True, "effective_from": version.effective_from},
    )
    return version


@transaction.atomic
def do_delete_draft_version(version: ProcedureVersion, *, acting_user: Any) -> None:
    """Discard a draft version (published versions stay forever)."""
    version = _locked_draft(version, acting_user)
    record_audit(
        version.procedure,
        acting_user,
        AuditEvent.VERSION_CHANGED,
        old={"draft_version": version.effective_from},
        new={"draft_version": None},
    )
    version.delete()


def today() -> date:
    return timezone.localdate()
