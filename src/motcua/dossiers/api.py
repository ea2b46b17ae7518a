"""Dossiers API under ``/api/v1/``.

``GET /lookup`` — public, rate-limited per client address like
``/tra-cuu/``: a dossier's public summary by code + lookup key or code +
ID-document number (the same selector as the page and the SMS command; a
wrong key and an unknown code both give 404 with the same body).

``/dossiers`` — the signed-in citizen's own dossiers: list, create a draft,
detail, fill in the applicant and delivery, upload a document, submit.
Authentication: the session cookie (with the CSRF token on writes, as every
API of the project), or ``Authorization: Bearer <token>`` with a personal
token made on ``/tai-khoan/ma-api/`` (``dossiers.tokens``). Every write
calls the action the web form calls (``dossiers.actions``); another
person's dossier is 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.security import HttpBearer, django_auth

from motcua.accounts.constants import ConsentChannel
from motcua.core.models import AdministrativeUnit
from motcua.dossiers import actions, selectors, tokens
from motcua.dossiers.constants import DossierStatus
from motcua.dossiers.forms import ApplicantForm, DeliveryForm
from motcua.dossiers.lookup_views import limit_lookups
from motcua.dossiers.models import Dossier
from motcua.procedures.models import Procedure

router = Router(tags=["dossiers"])

MAX_PAGE = 100


class BearerToken(HttpBearer):
    """``Authorization: Bearer mc_…`` — a citizen's personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = tokens.user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


AUTH = [BearerToken(), django_auth]


# ---------------------------------------------------------------- schemas
class ErrorOut(Schema):
    detail: str


class ProblemOut(Schema):
    """A refused write: ``detail`` (one sentence) and every reason in
    ``errors`` (Vietnamese, ready to show)."""

    detail: str | list[dict[str, Any]]
    errors: list[str] = []
    fields: dict[str, list[str]] = {}


class StepOut(Schema):
    at: datetime
    status: int
    status_label: str


class LookupOut(Schema):
    code: str
    procedure_code: str
    procedure_name: str
    status: int = Field(description="National status code (1–10).")
    status_label: str
    applicant: str = Field(description="The applicant's name, masked.")
    unit: str
    unit_address: str
    unit_phone: str
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    resolved_at: datetime | None
    returned_at: datetime | None
    timeliness: str = Field(
        description="not_started, on_time, early, due_day, late, closed or no_deadline."
    )
    timeliness_label: str
    on_time: bool | None
    next_step: str
    delivery_method: str
    clock_paused: bool
    history: list[StepOut]


class DossierOut(Schema):
    id: int
    code: str | None
    lookup_key: str
    status: int
    status_label: str
    procedure_code: str
    procedure_name: str
    unit: str
    created_at: datetime
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    is_overdue: bool


class DocumentSlotOut(Schema):
    requirement_id: int
    name: str
    required: bool
    files: list[int]


class FileOut(Schema):
    id: int
    name: str
    kind: str
    requirement_id: int | None
    content_type: str
    size: int
    uploaded_at: datetime


class DossierDetailOut(DossierOut):
    applicant_kind: str
    applicant_name: str
    organisation_name: str
    delivery_method: str
    postal_fee: int
    next_step: str
    lookup_url: str | None
    acknowledgement_url: str | None
    documents: list[DocumentSlotOut]
    files: list[FileOut]
    missing_documents: list[int] = Field(description="Required documents without a file.")
    history: list[StepOut]


class CreateIn(Schema):
    procedure_code: str = Field(max_length=32, description="Mã TTHC, e.g. 1.014076.")


class ApplicantIn(Schema):
    applicant_kind: str = Field("person", description="person or organisation.")
    applicant_name: str = Field(max_length=255)
    applicant_id_number: str = Field("", max_length=32)
    organisation_name: str = Field("", max_length=255)
    tax_code: str = Field("", max_length=32)
    applicant_phone: str = Field(max_length=32)
    applicant_email: str = Field("", max_length=254)
    applicant_address: str = Field(max_length=255)
    province_code: str = Field("", max_length=10, description="Official code of the province.")
    ward_code: str = Field("", max_length=10, description="Official code of the commune/ward.")


class DeliveryIn(Schema):
    delivery_method: str = Field("counter", description="counter or post.")
    delivery_name: str = Field("", max_length=255)
    delivery_phone: str = Field("", max_length=32)
    delivery_address: str = Field("", max_length=255)
    province_code: str = Field("", max_length=10)
    ward_code: str = Field("", max_length=10)


# ----------------------------------------------------------------- helpers
def _problem(exc: ValidationError | PermissionDenied) -> Status[dict[str, Any]]:
    """403 for a refusal, 422 with every reason for invalid data."""
    if isinstance(exc, PermissionDenied):
        return Status(403, {"detail": str(exc) or "Không được phép."})
    messages = [str(m) for m in exc.messages]
    return Status(
        422, {"detail": messages[0] if messages else "Dữ liệu không hợp lệ.", "errors": messages}
    )


def _unit_pk(code: str, *, level: str) -> int | str:
    """The id of the current administrative unit with this official code
    (the forms take ids); an unknown code is given as is, so the form
    reports it as an invalid choice."""
    if not code:
        return ""
    qs = AdministrativeUnit.objects.current()
    qs = qs.provinces() if level == "province" else qs.wards()
    pk = qs.filter(code=code).values_list("pk", flat=True).first()
    return pk if pk is not None else f"invalid:{code}"


def _own(request: HttpRequest, pk: int) -> Dossier:
    dossier = selectors.dossier_of(request.user, pk)
    if dossier is None:
        raise HttpError(404, "Không tìm thấy hồ sơ.")
    return dossier


def _summary(d: Dossier) -> dict[str, Any]:
    return {
        "id": d.pk,
        "code": d.code,
        "lookup_key": d.lookup_key,
        "status": d.status,
        "status_label": str(DossierStatus(d.status).label),
        "procedure_code": d.procedure.code,
        "procedure_name": d.procedure_name,
        "unit": d.unit.name,
        "created_at": d.created_at,
        "submitted_at": d.submitted_at,
        "received_at": d.received_at,
        "due_at": d.due_at,
        "is_overdue": d.is_overdue(),
    }


def _detail(d: Dossier) -> dict[str, Any]:
    from django.urls import reverse

    files = list(getattr(d, "current_files", []))
    by_requirement: dict[int, list[int]] = {}
    for f in files:
        if f.requirement_id:
            by_requirement.setdefault(f.requirement_id, []).append(f.pk)
    documents = sorted(d.procedure_version.documents.all(), key=lambda r: (r.position, r.pk))
    return {
        **_summary(d),
        "applicant_kind": d.applicant_kind,
        "applicant_name": d.applicant_name,
        "organisation_name": d.organisation_name,
        "delivery_method": d.delivery_method,
        "postal_fee": d.postal_fee,
        "next_step": selectors.next_step_of(d),
        "lookup_url": selectors.lookup_url(d) if d.code else None,
        "acknowledgement_url": reverse("dossier_acknowledgement", args=[d.pk]) if d.code else None,
        "documents": [
            {
                "requirement_id": r.pk,
                "name": r.name,
                "required": r.is_required,
                "files": by_requirement.get(r.pk, []),
            }
            for r in documents
        ],
        "files": [
            {
                "id": f.pk,
                "name": f.original_name,
                "kind": f.kind,
                "requirement_id": f.requirement_id,
                "content_type": f.content_type,
                "size": f.size,
                "uploaded_at": f.uploaded_at,
            }
            for f in files
        ],
        "missing_documents": [
            r.pk for r in documents if r.is_required and r.pk not in by_requirement
        ]
        if d.is_draft
        else [],
        "history": [
            {
                "at": s.created_at,
                "status": s.to_status,
                "status_label": str(DossierStatus(s.to_status).label),
            }
            for s in getattr(d, "public_steps", [])
        ],
    }


def _form_problem(form: Any) -> Status[dict[str, Any]]:
    fields = {name: [str(e) for e in errors] for name, errors in form.errors.items()}
    messages = [m for errors in fields.values() for m in errors]
    return Status(
        422,
        {
            "detail": messages[0] if messages else "Dữ liệu không hợp lệ.",
            "errors": messages,
            "fields": fields,
        },
    )


# -------------------------------------------------------------- endpoints
@router.get(
    "/lookup",
    response={200: LookupOut, 400: ErrorOut, 404: ErrorOut, 422: ProblemOut, 429: ErrorOut},
    summary="Look up a dossier by code and lookup key (or ID-document number)",
)
def lookup(
    request: HttpRequest,
    code: str = Query(..., max_length=64, description="Dossier code, e.g. SYT-260105-0001."),
    key: str = Query("", max_length=16, description="Lookup key printed on the acknowledgement."),
    id_number: str = Query(
        "", max_length=20, description="Or: the applicant's CCCD number or the tax code."
    ),
) -> Any:
    """The public summary (status, dates, handling unit, timeliness, next
    step, masked name). 404 for an unknown code and a wrong key alike."""
    if not (key or id_number):
        raise HttpError(400, "Cần mã tra cứu (key) hoặc số giấy tờ (id_number).")
    limited = limit_lookups(request)
    if not limited.allowed:
        raise HttpError(429, "Tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
    result = selectors.lookup_dossier(code, key=key, id_number="" if key else id_number)
    if result is None:
        raise HttpError(404, "Không tìm thấy hồ sơ với mã và mã tra cứu (hoặc số giấy tờ) này.")
    return {
        "code": result.code,
        "procedure_code": result.procedure_code,
        "procedure_name": result.procedure_name,
        "status": result.status,
        "status_label": result.status_label,
        "applicant": result.applicant_masked,
        "unit": result.unit_name,
        "unit_address": result.unit_address,
        "unit_phone": result.unit_phone,
        "submitted_at": result.submitted_at,
        "received_at": result.received_at,
        "due_at": result.due_at,
        "resolved_at": result.resolved_at,
        "returned_at": result.returned_at,
        "timeliness": result.timeliness,
        "timeliness_label": result.timeliness_label,
        "on_time": result.is_on_time,
        "next_step": result.next_step,
        "delivery_method": result.delivery_method,
        "clock_paused": result.clock_paused,
        "history": [
            {"at": s.at, "status": s.status, "status_label": s.status_label} for s in result.steps
        ],
    }


@router.get(
    "/dossiers",
    auth=AUTH,
    response={200: list[DossierOut], 401: ErrorOut, 422: ProblemOut},
    summary="My dossiers",
)
def list_dossiers(
    request: HttpRequest,
    status: int | None = Query(None, ge=0, le=10, description="Only this status."),
    limit: int = Query(50, ge=1, le=MAX_PAGE),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Any:
    """The signed-in citizen's dossiers (drafts included), newest first."""
    qs = selectors.dossiers_of(request.user)
    if status is not None:
        qs = qs.filter(status=status)
    return [_summary(d) for d in qs[offset : offset + limit]]


@router.post(
    "/dossiers",
    auth=AUTH,
    response={
        201: DossierDetailOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ProblemOut,
    },
    summary="Start a dossier (a draft prefilled from the profile)",
)
def create_dossier(request: HttpRequest, payload: CreateIn) -> Any:
    procedure = Procedure.objects.published().filter(code=payload.procedure_code.strip()).first()
    if procedure is None:
        raise HttpError(404, "Không tìm thấy thủ tục.")
    try:
        dossier = actions.do_create_draft(procedure, acting_user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        return _problem(exc)
    return Status(201, _detail(_own(request, dossier.pk)))


@router.get(
    "/dossiers/{dossier_id}",
    auth=AUTH,
    response={200: DossierDetailOut, 401: ErrorOut, 404: ErrorOut, 422: ProblemOut},
    summary="One of my dossiers",
)
def get_dossier(request: HttpRequest, dossier_id: int) -> Any:
    return _detail(_own(request, dossier_id))


@router.put(
    "/dossiers/{dossier_id}/applicant",
    auth=AUTH,
    response={
        200: DossierDetailOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ProblemOut,
    },
    summary="Fill in the applicant of a draft",
)
def put_applicant(request: HttpRequest, dossier_id: int, payload: ApplicantIn) -> Any:
    dossier = _own(request, dossier_id)
    data = payload.dict()
    data["applicant_province"] = _unit_pk(data.pop("province_code"), level="province")
    data["applicant_ward"] = _unit_pk(data.pop("ward_code"), level="ward")
    form = ApplicantForm(data, instance=dossier)
    if not form.is_valid():
        return _form_problem(form)
    try:
        actions.do_save_applicant(dossier, acting_user=request.user, **form.action_fields())
    except (ValidationError, PermissionDenied) as exc:
        return _problem(exc)
    return _detail(_own(request, dossier_id))


@router.put(
    "/dossiers/{dossier_id}/delivery",
    auth=AUTH,
    response={
        200: DossierDetailOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ProblemOut,
    },
    summary="Choose how the result is delivered (counter or post)",
)
def put_delivery(request: HttpRequest, dossier_id: int, payload: DeliveryIn) -> Any:
    dossier = _own(request, dossier_id)
    data = payload.dict()
    data["delivery_province"] = _unit_pk(data.pop("province_code"), level="province")
    data["delivery_ward"] = _unit_pk(data.pop("ward_code"), level="ward")
    form = DeliveryForm(data, instance=dossier, version=dossier.procedure_version)
    if not form.is_valid():
        return _form_problem(form)
    try:
        actions.do_save_delivery(dossier, acting_user=request.user, **form.action_fields())
    except (ValidationError, PermissionDenied) as exc:
        return _problem(exc)
    return _detail(_own(request, dossier_id))


@router.post(
    "/dossiers/{dossier_id}/files",
    auth=AUTH,
    response={
        201: FileOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ProblemOut,
    },
    summary="Upload a document (PDF, JPG, PNG or DOCX) into a draft",
)
def upload_file(
    request: HttpRequest,
    dossier_id: int,
    file: UploadedFile = File(..., description="The document."),  # noqa: B008
    requirement_id: int | None = Form(None, description="The required document it is for."),
) -> Any:
    dossier = _own(request, dossier_id)
    requirement = None
    if requirement_id is not None:
        requirement = next(
            (r for r in dossier.procedure_version.documents.all() if r.pk == requirement_id), None
        )
        if requirement is None:
            raise HttpError(422, "Giấy tờ này không thuộc hồ sơ.")
    try:
        record = actions.do_attach_file(
            dossier, acting_user=request.user, upload=file, requirement=requirement
        )
    except (ValidationError, PermissionDenied) as exc:
        return _problem(exc)
    return Status(
        201,
        {
            "id": record.pk,
            "name": record.original_name,
            "kind": record.kind,
            "requirement_id": record.requirement_id,
            "content_type": record.content_type,
            "size": record.size,
            "uploaded_at": record.uploaded_at,
        },
    )


@router.post(
    "/dossiers/{dossier_id}/submit",
    auth=AUTH,
    response={
        200: DossierDetailOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ProblemOut,
    },
    summary="Submit a draft (idempotent: a retry returns the submitted dossier)",
)
def submit_dossier(request: HttpRequest, dossier_id: int) -> Any:
    """Gives the code and lookup key and sends the message with both. A
    draft missing required documents is refused with 422 listing them."""
    dossier = _own(request, dossier_id)
    try:
        # One token per dossier: a retried request finds it submitted.
        actions.do_submit_dossier(
            dossier,
            acting_user=request.user,
            token=f"api:{dossier.pk}",
            consent_channel=ConsentChannel.API,
        )
    except (ValidationError, PermissionDenied) as exc:
        return _problem(exc)
    return _detail(_own(request, dossier_id))
