"""Synchronisation with the National Public Service Portal (Cổng Dịch vụ
công quốc gia, dichvucong.gov.vn) — DESIGN.md §1 and §4, domain-vn.md §4.

Since 1 July 2025 online dossiers are submitted on the portal and handled in
the provincial one-stop system; the two exchange dossiers and their status
(national codes 1–10, ``DossierStatus``). The wire format is documented in
``docs/dvcqg-format.md``; ``RecordIn`` is its schema.

* ``import_records(records)`` takes a list of portal records (the body of
  ``POST /api/v1/imports/dvcqg`` or the file of ``python -m motcua
  import_dvcqg``). Each record is checked and stored in its own transaction:
  a malformed record, an unknown procedure code or a status change the
  transition table forbids is rejected with the reason, and the others are
  kept. Idempotent by the portal's dossier id (``Dossier.external_id``): a
  re-sent record updates the dossier, never duplicates it.
* ``export_changes(since=…)`` lists the status changes (``DossierStep``
  rows) after a point in time, in the same record format, for sending back.

Status changes from the portal go through ``dossiers.actions.change_status``
with the actor ``SYSTEM`` where ``constants.TRANSITIONS`` allows it (a
payment requested or settled). Status 7 is the citizen's withdrawal
relayed by the portal: the citizen's own move where the table lets the
citizen act alone, otherwise a withdrawal *request* the one-stop office
decides on — as on this site (``do_withdraw_dossier``). Everything else
(reception, processing, results) is done in the back office and refused
here with the reason.

Documents come as links (kept in ``external_data``, not fetched: no HTTP
inside an import) or as base64 content, checked like any upload
(``uploads.check_upload``) and stored as files of the dossier, once per
content (SHA-256) however often the record is re-sent.
"""

from __future__ import annotations

import base64
import binascii
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from motcua.core.audit import record_audit
from motcua.core.search import index_text
from motcua.core.text import clean_text
from motcua.dossiers import actions, codes
from motcua.dossiers.constants import (
    CITIZEN,
    SYSTEM,
    WITHDRAWAL_REQUEST_STATES,
    ApplicantKind,
    AuditEvent,
    Channel,
    DeliveryMethod,
    DossierStatus,
    FileKind,
    transition_for,
)
from motcua.dossiers.models import Dossier, DossierFile, DossierStep
from motcua.dossiers.uploads import check_upload
from motcua.procedures.models import Procedure

logger = logging.getLogger(__name__)

FORMAT_VERSION = "1"
# Audit events of the synchronisation (core.audit: any string).
AUDIT_IMPORTED = AuditEvent.DVCQG_IMPORTED
AUDIT_SYNCED = AuditEvent.DVCQG_SYNCED
# The history step of a dossier created by an import. Not exported back:
# the portal knows it already.
IMPORT_ACTION = "dvcqg_import"


# ================================================================ schema
class _In(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


class ApplicantIn(_In):
    """Người nộp hồ sơ: a person, or an organisation with its tax code."""

    kind: Literal["person", "organisation"] = "person"
    name: str = Field(min_length=1, max_length=255, description="Full name of the submitter.")
    id_number: str = Field("", max_length=20, description="Citizen ID (CCCD).")
    organisation_name: str = Field("", max_length=255)
    tax_code: str = Field("", max_length=14)
    phone: str = Field("", max_length=16)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=255)

    @model_validator(mode="after")
    def _organisation(self) -> ApplicantIn:
        if self.kind == "organisation" and not (self.organisation_name and self.tax_code):
            raise ValueError("an organisation needs organisation_name and tax_code")
        return self


class DocumentIn(_In):
    """A document of the dossier: a link to the portal's copy, or the
    content itself (base64) with its type."""

    name: str = Field(min_length=1, max_length=255)
    url: str | None = Field(None, max_length=1000, pattern=r"^https?://")
    content_type: str = Field("", max_length=100)
    content_base64: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> DocumentIn:
        if bool(self.url) == bool(self.content_base64):
            raise ValueError("a document needs either url or content_base64")
        return self


class PaymentIn(_In):
    """Phí, lệ phí as the portal knows them (integer VND)."""

    amount: int = Field(0, ge=0)
    paid: bool = False
    paid_at: datetime | None = None
    method: str = Field("", max_length=64)
    receipt_number: str = Field("", max_length=64)


class PostalIn(_In):
    """Bưu chính công ích: how the result is delivered, tracking numbers."""

    delivery_method: Literal["counter", "post"] = "counter"
    recipient_name: str = Field("", max_length=255)
    recipient_phone: str = Field("", max_length=16)
    address: str = Field("", max_length=255)
    fee: int = Field(0, ge=0)
    tracking_in: str = Field("", max_length=64)
    tracking_out: str = Field("", max_length=64)


class RecordIn(_In):
    """One dossier as the portal synchronises it (docs/dvcqg-format.md)."""

    id: str = Field(min_length=1, max_length=64, description="The portal's dossier id.")
    code: str | None = Field(None, max_length=64, description="Mã hồ sơ, kept if given.")
    procedure_code: str = Field(min_length=1, max_length=32, description="Mã TTHC.")
    status: int = Field(ge=1, le=10, description="National status code 1–10.")
    submitted_at: datetime
    due_at: datetime | None = None
    applicant: ApplicantIn
    documents: list[DocumentIn] = Field(default_factory=list, max_length=100)
    payment: PaymentIn | None = None
    postal: PostalIn | None = None
    note: str = Field("", max_length=2000, description="Reason of the status change.")


# ================================================================ outcome
Outcome = Literal["created", "updated", "unchanged", "rejected"]


@dataclass
class RecordResult:
    """What happened to one record."""

    index: int
    id: str
    outcome: Outcome
    code: str = ""
    status: int | None = None
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "id": self.id,
            "outcome": self.outcome,
            "code": self.code,
            "status": self.status,
            "errors": self.errors,
            "warnings": self.warnings,
        }


@dataclass
class ImportReport:
    """Every record's outcome, in the order received."""

    results: list[RecordResult]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.results if r.outcome == outcome)

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "received": len(self.results),
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "rejected": self.count("rejected"),
            "results": [r.as_dict() for r in self.results],
        }


class RecordRejected(Exception):
    """A record that cannot be applied; ``messages`` say why (Vietnamese)."""

    def __init__(self, *messages: str) -> None:
        super().__init__(*messages)
        self.messages = list(messages)


def _schema_errors(exc: PydanticValidationError) -> list[str]:
    out = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"]) or _("record")
        out.append(_("%(field)s: %(problem)s") % {"field": where, "problem": err["msg"]})
    return out


def _aware(value: datetime | None) -> datetime | None:
    """Naive times are Vietnam local time (the portal's convention)."""
    if value is None:
        return None
    if timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


# ================================================================ import
def import_records(records: Any, *, source: str = "api") -> ImportReport:
    """Apply a list of portal records; each in its own transaction, so the
    valid ones are kept whatever happens to the others. ``source`` (api,
    file) is written to the audit entries."""
    if not isinstance(records, list):
        raise ValidationError(_("Expected a list of dossier records."), code="not_a_list")
    results = []
    for index, raw in enumerate(records):
        raw_id = str(raw.get("id", ""))[:64] if isinstance(raw, dict) else ""
        try:
            record = RecordIn.model_validate(raw)
        except PydanticValidationError as exc:
            results.append(RecordResult(index, raw_id, "rejected", errors=_schema_errors(exc)))
            continue
        try:
            results.append(import_record(record, index=index, source=source))
        except RecordRejected as exc:
            results.append(RecordResult(index, record.id, "rejected", errors=exc.messages))
        except ValidationError as exc:
            results.append(RecordResult(index, record.id, "rejected", errors=list(exc.messages)))
    return ImportReport(results)


@dataclass
class _Upload:
    name: str
    upload: SimpleUploadedFile
    sha256: str
    content_type: str
    extension: str
    size: int


def _decode_documents(record: RecordIn, known_hashes: set[str]) -> list[_Upload]:
    """Check every base64 document (size, real type) before anything is
    written; a bad one rejects the record."""
    out: list[_Upload] = []
    stored = 0
    for position, doc in enumerate(record.documents):
        if not doc.content_base64:
            continue
        try:
            content = base64.b64decode(doc.content_base64, validate=True)
        except (binascii.Error, ValueError):
            raise RecordRejected(
                _("documents.%(n)s: “%(name)s” is not valid base64.")
                % {"n": position, "name": doc.name}
            ) from None
        upload = SimpleUploadedFile(doc.name, content, content_type=doc.content_type)
        # The dossier's limit (DOSSIER_TOTAL_MAX_MB) covers the whole batch.
        checked = check_upload(upload, already_stored=stored)
        if checked.sha256 in known_hashes:
            continue
        stored += checked.size
        known_hashes.add(checked.sha256)
        out.append(
            _Upload(
                checked.name,
                upload,
                checked.sha256,
                checked.sniffed.content_type,
                checked.sniffed.extension,
                checked.size,
            )
        )
        upload.seek(0)
    return out


def _links(record: RecordIn) -> list[dict[str, str]]:
    return [{"name": clean_text(d.name), "url": d.url} for d in record.documents if d.url]


def _applicant_fields(record: RecordIn) -> dict[str, Any]:
    a = record.applicant
    person = a.kind == "person"
    return {
        "applicant_kind": ApplicantKind.PERSON if person else ApplicantKind.ORGANISATION,
        "applicant_name": clean_text(a.name),
        "applicant_id_number": clean_text(a.id_number),
        "organisation_name": "" if person else clean_text(a.organisation_name),
        "tax_code": "" if person else clean_text(a.tax_code),
        "applicant_phone": clean_text(a.phone),
        "applicant_email": clean_text(a.email),
        "applicant_address": clean_text(a.address),
    }


def _delivery_fields(record: RecordIn) -> dict[str, Any]:
    p = record.postal
    if p is None:
        return {}
    fields: dict[str, Any] = {
        "delivery_method": DeliveryMethod.POST
        if p.delivery_method == "post"
        else DeliveryMethod.COUNTER,
        "delivery_name": clean_text(p.recipient_name),
        "delivery_phone": clean_text(p.recipient_phone),
        "delivery_address": clean_text(p.address),
        "postal_fee": p.fee,
    }
    # Tracking numbers are only ever added: an empty value does not erase
    # what the back office recorded.
    if p.tracking_in:
        fields["postal_tracking_in"] = clean_text(p.tracking_in)
    if p.tracking_out:
        fields["postal_tracking_out"] = clean_text(p.tracking_out)
    return fields


def _external_data(record: RecordIn, previous: dict[str, Any] | None = None) -> dict[str, Any]:
    data = dict(previous or {})
    data["portal_status"] = record.status
    if record.due_at is not None:
        # Kept, not applied: the deadline runs from reception here (NĐ 118/2025;
        # domain-vn.md §4.5), which sets ``due_at``.
        data["portal_due_at"] = _aware(record.due_at).isoformat()  # type: ignore[union-attr]
    data["documents"] = _links(record)
    if record.payment is not None:
        data["payment"] = record.payment.model_dump(mode="json")
    if record.postal is not None:
        data["postal"] = record.postal.model_dump(mode="json")
    return data


def _store_files(uploads: list[_Upload]) -> list[DossierFile]:
    """Write the files to storage (outside the transaction, STYLE.md);
    the rows are saved by the caller, which deletes the files if the
    record is rolled back."""
    rows = []
    for item in uploads:
        row = DossierFile(
            kind=FileKind.SUBMITTED,
            original_name=item.name,
            content_type=item.content_type,
            size=item.size,
            sha256=item.sha256,
        )
        # The stored name takes the extension of the real type (uploads.sniff).
        row.file.save(f"dvcqg.{item.extension}", item.upload, save=False)
        rows.append(row)
    return rows


def import_record(record: RecordIn, *, index: int = 0, source: str = "api") -> RecordResult:
    """Create or update the dossier of one valid record. Raises
    ``RecordRejected`` (nothing written) when it cannot be applied."""
    procedure = Procedure.objects.select_related("unit").filter(code=record.procedure_code).first()
    if procedure is None:
        raise RecordRejected(
            _("Unknown procedure code “%(code)s”.") % {"code": record.procedure_code}
        )
    existing_hashes = set(
        DossierFile.objects.filter(dossier__external_id=record.id).values_list("sha256", flat=True)
    )
    uploads = _decode_documents(record, existing_hashes)
    rows = _store_files(uploads)
    try:
        with transaction.atomic():
            dossier = Dossier.objects.select_for_update().filter(external_id=record.id).first()
            if dossier is None:
                result = _create(record, procedure, rows, index=index, source=source)
            else:
                result = _update(dossier, record, procedure, rows, index=index, source=source)
    except BaseException:
        for row in rows:
            row.file.delete(save=False)
        raise
    return result


def _create(
    record: RecordIn,
    procedure: Procedure,
    files: list[DossierFile],
    *,
    index: int,
    source: str,
) -> RecordResult:
    if record.status != DossierStatus.SUBMITTED:
        raise RecordRejected(
            _(
                "A dossier not yet known here must come with status 1 (submitted); "
                "it came with status %(status)s."
            )
            % {"status": record.status}
        )
    submitted_at = _aware(record.submitted_at)
    assert submitted_at is not None
    version = procedure.version_at(timezone.localdate(submitted_at)) or procedure.version_at()
    if version is None:
        raise RecordRejected(
            _("The procedure “%(code)s” has no published rules.") % {"code": procedure.code}
        )
    if record.code:
        code = clean_text(record.code)
        if Dossier.objects.filter(code=code).exists():
            raise RecordRejected(
                _("The code “%(code)s” is already used by another dossier.") % {"code": code}
            )
    else:
        code = codes.next_code(procedure.unit.code, submitted_at)
    now = timezone.now()
    applicant = _applicant_fields(record)
    dossier = Dossier(
        status=DossierStatus.SUBMITTED,
        channel=Channel.DVCQG,
        code=code,
        lookup_key=codes.new_lookup_key(),
        procedure=procedure,
        procedure_version=version,
        procedure_name=procedure.name,
        unit_id=procedure.unit_id,
        submitted_at=submitted_at,
        external_id=record.id,
        external_data=_external_data(record),
        external_synced_at=now,
        **applicant,
        **_delivery_fields(record),
    )
    dossier.search_text = index_text(
        code,
        procedure.name,
        applicant["applicant_name"],
        applicant["organisation_name"],
        applicant["tax_code"],
    )
    try:
        # A savepoint: the same portal id imported twice at once hits the
        # unique external_id; the loser is rejected and may be re-sent.
        with transaction.atomic():
            dossier.save()
    except IntegrityError:
        raise RecordRejected(
            _("This dossier is being imported by another request; send it again.")
        ) from None
    for row in files:
        row.dossier = dossier
        row.save()
    DossierStep.objects.create(
        dossier=dossier,
        action=IMPORT_ACTION,
        from_status=None,
        to_status=DossierStatus.SUBMITTED,
        note=_("Synchronised from the National Public Service Portal."),
        is_public=True,
        created_at=submitted_at,
    )
    record_audit(
        dossier,
        None,
        AUDIT_IMPORTED,
        new={"external_id": record.id, "source": source, "files": len(files)},
    )
    return RecordResult(index, record.id, "created", code=code, status=dossier.status)


def _update(
    dossier: Dossier,
    record: RecordIn,
    procedure: Procedure,
    files: list[DossierFile],
    *,
    index: int,
    source: str,
) -> RecordResult:
    if dossier.procedure_id != procedure.pk:
        raise RecordRejected(
            _("The dossier “%(code)s” is of procedure %(have)s, not %(sent)s.")
            % {"code": dossier.code, "have": dossier.procedure.code, "sent": procedure.code}
        )
    if record.code and clean_text(record.code) != dossier.code:
        raise RecordRejected(
            _("The dossier of this portal id has the code “%(code)s”; a dossier keeps one code.")
            % {"code": dossier.code}
        )
    warnings: list[str] = []
    values = {**_applicant_fields(record), **_delivery_fields(record)}
    changed = [name for name, value in values.items() if getattr(dossier, name) != value]
    for name in changed:
        setattr(dossier, name, values[name])
    if {"applicant_name", "organisation_name", "tax_code"} & set(changed):
        dossier.search_text = index_text(
            dossier.code,
            dossier.procedure_name,
            dossier.applicant_name,
            dossier.organisation_name,
            dossier.tax_code,
        )
        changed.append("search_text")
    # The portal sends its own view of the status: act only when that view
    # changed. A re-sent record still saying "1" after the back office
    # received the dossier is not a request to go back.
    portal_status_before = dossier.external_data.get("portal_status")
    data = _external_data(record, dossier.external_data)
    if data != dossier.external_data:
        dossier.external_data = data
        changed.append("external_data")
    status_changed = False
    if record.status != dossier.status and record.status != portal_status_before:
        status_changed = _apply_status(dossier, record, warnings, extra_fields=changed)
    if changed and not status_changed:
        dossier.save(update_fields=[*changed, "updated_at"])
    for row in files:
        row.dossier = dossier
        row.save()
    dossier.external_synced_at = timezone.now()
    dossier.save(update_fields=["external_synced_at"])
    if changed or files:
        # Names of the fields only: the values are personal data.
        record_audit(
            dossier,
            None,
            AUDIT_SYNCED,
            new={"fields": sorted(changed), "files": len(files), "source": source},
        )
    outcome: Outcome = "updated" if (changed or files or status_changed) else "unchanged"
    return RecordResult(
        index, record.id, outcome, code=dossier.code or "", status=dossier.status, warnings=warnings
    )


def _apply_status(
    dossier: Dossier, record: RecordIn, warnings: list[str], *, extra_fields: list[str]
) -> bool:
    """Move ``dossier`` (locked) to the record's status through
    ``change_status``; returns whether the status changed (a withdrawal
    request leaves it). Raises ``RecordRejected`` otherwise."""
    old, new = dossier.status, record.status
    note = clean_text(record.note)
    if new == DossierStatus.WITHDRAWN:
        transition = transition_for(old, new)
        if transition is not None and CITIZEN in transition.actors:
            # The citizen withdrew on the portal before reception (or while
            # a supplement or payment was awaited): their own move.
            dossier.withdrawal_requested_at = timezone.now()
            dossier.withdrawal_reason = note
            actions.change_status(
                dossier,
                new,
                acting_user=None,
                actor=CITIZEN,
                action="withdraw",
                note=note,
                update_fields=[*extra_fields, "withdrawal_requested_at", "withdrawal_reason"],
            )
            return True
        if old in WITHDRAWAL_REQUEST_STATES:
            # After reception the one-stop office decides (NĐ 118/2025, rút
            # hồ sơ theo yêu cầu); the request is recorded once.
            if dossier.withdrawal_requested_at is None:
                now = timezone.now()
                dossier.withdrawal_requested_at = now
                dossier.withdrawal_reason = note
                extra_fields += ["withdrawal_requested_at", "withdrawal_reason"]
                DossierStep.objects.create(
                    dossier=dossier,
                    action="request_withdrawal",
                    from_status=old,
                    to_status=old,
                    note=note,
                    is_public=True,
                    created_at=now,
                )
            warnings.append(
                _(
                    "Withdrawal request recorded; the one-stop office decides on it "
                    "(the dossier stays “%(status)s”)."
                )
                % {"status": DossierStatus(old).label}
            )
            return False
    transition = transition_for(old, new)
    if transition is None or SYSTEM not in transition.actors:
        raise RecordRejected(
            _(
                "The portal cannot move this dossier from “%(old)s” (%(old_code)s) to "
                "“%(new)s” (%(new_code)s): that is done in the one-stop back office."
            )
            % {
                "old": DossierStatus(old).label,
                "old_code": old,
                "new": DossierStatus(new).label,
                "new_code": new,
            }
        )
    fields = list(extra_fields)
    if old == DossierStatus.PAYMENT_REQUESTED:
        # Paid: back to where the dossier was, and only there.
        if dossier.resume_status is not None and new != dossier.resume_status:
            raise RecordRejected(
                _("After the payment this dossier goes back to “%(status)s”, not to %(new)s.")
                % {"status": DossierStatus(dossier.resume_status).label, "new": new}
            )
        dossier.resume_status = None
        fields.append("resume_status")
    actions.change_status(
        dossier,
        new,
        acting_user=None,
        actor=SYSTEM,
        action=transition.action,
        note=note,
        update_fields=fields,
    )
    return True


# ================================================================ export
@dataclass
class ChangesPage:
    """One page of status changes, and the cursor of the next page."""

    records: list[dict[str, Any]]
    next_cursor: str | None


def _iso(value: datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def parse_cursor(cursor: str) -> tuple[datetime, int]:
    """``<ISO instant>`` or ``<ISO instant>|<step id>`` (what ``next`` gives)."""
    instant, _sep, after = cursor.partition("|")
    when = datetime.fromisoformat(instant.strip().replace("Z", "+00:00"))
    if timezone.is_naive(when):
        when = timezone.make_aware(when)
    return when, int(after) if after else 0


def export_changes(
    *, since: datetime, after_id: int = 0, limit: int | None = None, channel: str | None = None
) -> ChangesPage:
    """Status changes after ``since`` (and, at the same instant, after step
    ``after_id``), oldest first, one query. Each is a record in the import
    format plus ``change`` (action, from, to, at). Imports are left out
    (the portal sent them)."""
    limit = max(1, min(limit or settings.DVCQG_EXPORT_PAGE_SIZE, 5000))
    steps = (
        DossierStep.objects.filter(Q(created_at__gt=since) | Q(created_at=since, pk__gt=after_id))
        .exclude(action=IMPORT_ACTION)
        .exclude(dossier__status=DossierStatus.DRAFT)
        .select_related("dossier", "dossier__procedure")
        .order_by("created_at", "pk")
    )
    if channel:
        steps = steps.filter(dossier__channel=channel)
    rows = list(steps[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    records = [_export_record(step) for step in rows]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = f"{last.created_at.astimezone(UTC).isoformat()}|{last.pk}"
    return ChangesPage(records, next_cursor)


def _export_record(step: DossierStep) -> dict[str, Any]:
    d = step.dossier
    return {
        "id": d.external_id,
        "code": d.code,
        "procedure_code": d.procedure.code,
        "channel": d.channel,
        "status": step.to_status,
        "submitted_at": _iso(d.submitted_at),
        "received_at": _iso(d.received_at),
        "due_at": _iso(d.due_at),
        "resolved_at": _iso(d.resolved_at),
        "returned_at": _iso(d.returned_at),
        "applicant": {
            "kind": d.applicant_kind,
            "name": d.applicant_name,
            "id_number": d.applicant_id_number,
            "organisation_name": d.organisation_name,
            "tax_code": d.tax_code,
        },
        "postal": {
            "delivery_method": d.delivery_method,
            "tracking_in": d.postal_tracking_in,
            "tracking_out": d.postal_tracking_out,
        },
        "note": step.note if step.is_public else "",
        "change": {
            "step_id": step.pk,
            "action": step.action,
            "from_status": step.from_status,
            "to_status": step.to_status,
            "at": _iso(step.created_at),
        },
    }
