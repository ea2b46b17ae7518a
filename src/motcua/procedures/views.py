"""Public catalogue pages (/thu-tuc/) and staff screens (/can-bo/thu-tuc/)."""

from __future__ import annotations

import mimetypes
from datetime import timedelta
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.documents import content_disposition
from motcua.core.models import AuditEntry
from motcua.org.constants import Role
from motcua.org.decorators import staff_required
from motcua.org.models import Unit
from motcua.procedures import actions, selectors
from motcua.procedures.constants import AuditEvent, OnlineLevel
from motcua.procedures.forms import (
    CatalogueFilterForm,
    DocumentFormSet,
    FeeLineFormSet,
    ImportForm,
    NewVersionForm,
    ProcedureForm,
    StepFormSet,
    VersionForm,
)
from motcua.procedures.models import Procedure, ProcedureField, ProcedureVersion, RequiredDocument
from motcua.procedures.spreadsheets import export_catalogue, import_catalogue, parse_catalogue

PAGE_SIZE = 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _submit_url(procedure: Procedure) -> str | None:
    if not procedure.accepts_online:
        return None
    try:
        return reverse("dossier_submit", args=[procedure.code])
    except NoReverseMatch:  # the submission service is not mounted
        return None


# ================================================================ public
def procedure_list(request: HttpRequest) -> HttpResponse:
    """The catalogue: search (accent-insensitive, ``q``), filters by field,
    online level and unit; 20 a page."""
    choices = selectors.filter_choices()
    form = CatalogueFilterForm(
        request.GET or None, fields=choices["fields"], units=choices["units"]
    )
    filters = selectors.CatalogueFilters()
    status = 200
    if form.is_bound:
        if form.is_valid():
            filters = selectors.CatalogueFilters(
                q=form.cleaned_data["q"],
                field=form.field_obj(),
                level=form.cleaned_data["mucdo"],
                unit=form.unit_obj(),
            )
        else:
            status = 400
            filters = selectors.CatalogueFilters(q=form.data.get("q", "")[:200])
    paginator = Paginator(selectors.catalogue(filters), PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    procedures = selectors.attach_current_versions(page_obj.object_list)
    for p in procedures:
        p.submit_url = _submit_url(p)  # type: ignore[attr-defined]
    params = request.GET.copy()
    params.pop("page", None)
    active = bool(filters.q or filters.field or filters.level or filters.unit)
    return render(
        request,
        "procedures/procedure_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "procedures": procedures,
            "query_string": params.urlencode(),
            "filtered": active,
            "q": filters.q,
        },
        status=status,
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One procedure with the rules in force today; printable."""
    found = selectors.public_procedure(code)
    if found is None:
        raise Http404
    procedure, version = found
    return render(
        request,
        "procedures/procedure_detail.html",
        {
            "procedure": procedure,
            "version": version,
            "documents": list(version.documents.all()),
            "fee_lines": list(version.fee_lines.all()),
            "steps": list(version.steps.all()),
            "submit_url": _submit_url(procedure),
            "upcoming": selectors.upcoming_version(procedure),
            "levels": OnlineLevel,
        },
    )


def document_template(request: HttpRequest, code: str, pk: int) -> FileResponse:
    """Download the blank form of a required document of a published
    version (current, past or upcoming)."""
    document = get_object_or_404(
        RequiredDocument.objects.select_related("version__procedure"),
        pk=pk,
        version__procedure__code=code,
        version__procedure__is_active=True,
        version__is_published=True,
    )
    if not document.template:
        raise Http404
    try:
        handle = document.template.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = PurePath(document.template.name).name
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ================================================================ staff
def _staff_procedure(request: HttpRequest, pk: int) -> Procedure:
    return get_object_or_404(selectors.editable_procedures(request.user), pk=pk)


def _staff_version(request: HttpRequest, pk: int) -> ProcedureVersion:
    return get_object_or_404(
        ProcedureVersion.objects.select_related("procedure__field", "procedure__unit").filter(
            procedure__in=selectors.editable_procedures(request.user)
        ),
        pk=pk,
    )


def _may_create(request: HttpRequest) -> bool:
    return Unit.objects.visible_to(
        request.user, roles=[Role.SYSADMIN, Role.COORDINATOR, Role.APPROVER]
    ).exists()


def _history(obj: Any) -> list[dict[str, Any]]:
    labels = dict(AuditEvent.choices)
    return [
        {
            "when": e.created_at,
            "who": e.actor_repr,
            "what": labels.get(e.event, e.event),
            "new": e.new,
        }
        for e in AuditEntry.objects.for_object(obj)[:20]
    ]


@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    """Procedures of the user's units, with versions and drafts."""
    q = (request.GET.get("q") or "")[:200]
    field = ProcedureField.objects.filter(code=request.GET.get("linhvuc") or "").first()
    paginator = Paginator(selectors.staff_list(request.user, q=q, field=field), 50)
    page_obj = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "procedures/staff/list.html",
        {
            "page_obj": page_obj,
            "procedures": page_obj.object_list,
            "q": q,
            "field": field,
            "fields": ProcedureField.objects.all(),
            "query_string": params.urlencode(),
            "may_create": _may_create(request),
        },
    )


@staff_required
def procedure_create(request: HttpRequest) -> HttpResponse:
    if not _may_create(request):
        raise PermissionDenied
    form = ProcedureForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            procedure = actions.do_create_procedure(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(
                    "code" if "code" in message.lower() or "mã" in message.lower() else None,
                    message,
                )
        else:
            messages.success(
                request, _("The procedure has been added. Now add its rules as a first version.")
            )
            return redirect("procedures:staff_detail", pk=procedure.pk)
    return render(
        request,
        "procedures/staff/procedure_form.html",
        {"form": form, "procedure": None},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def procedure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _staff_procedure(request, pk)
    initial = {
        "code": procedure.code,
        "name": procedure.name,
        "field": procedure.field_id,
        "unit": procedure.unit_id,
        "online_level": procedure.online_level,
        "is_active": procedure.is_active,
    }
    form = ProcedureForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_procedure(procedure, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The procedure has been saved."))
            return redirect("procedures:staff_detail", pk=procedure.pk)
    return render(
        request,
        "procedures/staff/procedure_form.html",
        {"form": form, "procedure": procedure},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A procedure with all its versions (in force, upcoming, past, drafts)."""
    procedure = _staff_procedure(request, pk)
    versions = list(
        procedure.versions.order_by("-effective_from", "-pk").select_related("created_by")
    )
    current = procedure.version_at()
    tomorrow = timezone.localdate() + timedelta(days=1)
    return render(
        request,
        "procedures/staff/detail.html",
        {
            "procedure": procedure,
            "versions": versions,
            "current": current,
            "today": timezone.localdate(),
            "new_version_form": NewVersionForm(
                initial={"effective_from": tomorrow if versions else timezone.localdate()}
            ),
            "history": _history(procedure),
        },
    )


@staff_required
@require_POST
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _staff_procedure(request, pk)
    form = NewVersionForm(request.POST)
    if form.is_valid():
        try:
            version = actions.do_create_version(
                procedure,
                acting_user=request.user,
                effective_from=form.cleaned_data["effective_from"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("effective_from", message)
        else:
            messages.success(
                request,
                _(
                    "A draft version has been created from the newest rules. Change what differs, then publish it."
                ),
            )
            return redirect("procedures:version_edit", pk=version.pk)
    versions = list(
        procedure.versions.order_by("-effective_from", "-pk").select_related("created_by")
    )
    return render(
        request,
        "procedures/staff/detail.html",
        {
            "procedure": procedure,
            "versions": versions,
            "current": procedure.version_at(),
            "today": timezone.localdate(),
            "new_version_form": form,
            "history": _history(procedure),
        },
        status=400,
    )


def _version_initial(version: ProcedureVersion) -> dict[str, Any]:
    return {name: getattr(version, name) for name in actions.VERSION_FIELDS}


def _formsets(request: HttpRequest, version: ProcedureVersion) -> tuple[Any, Any, Any]:
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    fees = FeeLineFormSet(
        data,
        prefix="phi",
        initial=[
            {"name": f.name, "amount": f.amount, "is_optional": f.is_optional, "note": f.note}
            for f in version.fee_lines.all()
        ],
    )
    docs = DocumentFormSet(
        data,
        files,
        prefix="giayto",
        initial=[
            {
                "id": d.pk,
                "name": d.name,
                "copy_type": d.copy_type,
                "quantity": d.quantity,
                "is_required": d.is_required,
                "note": d.note,
            }
            for d in version.documents.all()
        ],
    )
    steps = StepFormSet(
        data,
        prefix="buoc",
        initial=[
            {"name": s.name, "role": s.role, "share_percent": s.share_percent}
            for s in version.steps.all()
        ],
    )
    return fees, docs, steps


@staff_required
def version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a draft version (facts, fee lines, documents with their form
    templates, steps); a published version is shown read-only."""
    version = _staff_version(request, pk)
    templates = {d.pk: d for d in version.documents.all()}
    if version.is_published:
        return render(
            request,
            "procedures/staff/version_view.html",
            {
                "version": version,
                "procedure": version.procedure,
                "documents": list(templates.values()),
                "fee_lines": list(version.fee_lines.all()),
                "steps": list(version.steps.all()),
                "history": _history(version),
            },
        )
    form = VersionForm(request.POST or None, initial=_version_initial(version))
    fees, docs, steps = _formsets(request, version)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        status = 400
        if all([form.is_valid(), fees.is_valid(), docs.is_valid(), steps.is_valid()]):
            content = actions.VersionContent(
                facts=form.cleaned_data,
                fee_lines=[
                    actions.FeeLineData(
                        name=r["name"],
                        amount=r["amount"],
                        is_optional=r["is_optional"],
                        note=r["note"],
                    )
                    for r in fees.rows()
                ],
                documents=[
                    actions.DocumentData(
                        id=r.get("id") if r.get("id") in templates else None,
                        name=r["name"],
                        copy_type=r["copy_type"],
                        quantity=r["quantity"],
                        is_required=r["is_required"],
                        note=r["note"],
                        template=r.get("template"),
                        clear_template=r.get("clear_template", False),
                    )
                    for r in docs.rows()
                ],
                steps=[
                    actions.StepData(
                        name=r["name"], role=r["role"], share_percent=r["share_percent"]
                    )
                    for r in steps.rows()
                ],
            )
            try:
                actions.do_update_version(version, acting_user=request.user, content=content)
            except ValidationError as exc:
                errors = list(exc.messages)
            else:
                messages.success(request, _("The draft version has been saved."))
                if "publish" in request.POST:
                    return redirect(reverse("procedures:version_publish", args=[version.pk]))
                return redirect("procedures:version_edit", pk=version.pk)
    # Existing templates, shown next to each document row.
    for f in docs.forms:
        doc_id = f.initial.get("id")
        f.existing_template = templates[doc_id].template if doc_id in templates else None  # type: ignore[attr-defined]
    return render(
        request,
        "procedures/staff/version_form.html",
        {
            "version": version,
            "procedure": version.procedure,
            "form": form,
            "fees": fees,
            "docs": docs,
            "steps": steps,
            "action_errors": errors,
        },
        status=status,
    )


@staff_required
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and publish (POST) a draft version."""
    version = _staff_version(request, pk)
    if version.is_published:
        return redirect("procedures:version_edit", pk=version.pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            actions.do_publish_version(version, acting_user=request.user)
        except ValidationError as exc:
            errors = list(exc.messages)
        else:
            messages.success(request, _("The version has been published."))
            return redirect("procedures:staff_detail", pk=version.procedure_id)
    return render(
        request,
        "procedures/staff/version_publish.html",
        {
            "version": version,
            "procedure": version.procedure,
            "errors": errors,
            "today": timezone.localdate(),
            "current": version.procedure.version_at(),
        },
        status=400 if errors else 200,
    )


@staff_required
@require_POST
def version_delete(request: HttpRequest, pk: int) -> HttpResponse:
    version = _staff_version(request, pk)
    procedure_id = version.procedure_id
    try:
        actions.do_delete_draft_version(version, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("procedures:version_edit", pk=version.pk)
    messages.success(request, _("The draft version has been discarded."))
    return redirect("procedures:staff_detail", pk=procedure_id)


@staff_required
def catalogue_export(request: HttpRequest) -> HttpResponse:
    """The user's procedures as .xlsx, in the columns import reads."""
    content = export_catalogue(selectors.editable_procedures(request.user))
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = content_disposition(f"danh-muc-thu-tuc-{stamp}.xlsx")
    return response


@staff_required
def catalogue_import(request: HttpRequest) -> HttpResponse:
    """Import procedures and versions from .xlsx: all rows or none."""
    if not _may_create(request):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    row_errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        parsed = parse_catalogue(form.cleaned_data["file"], user=request.user)
        row_errors = parsed.errors
        if not row_errors:
            try:
                summary = import_catalogue(
                    parsed, acting_user=request.user, publish=form.cleaned_data["publish"]
                )
            except ValidationError as exc:
                row_errors = list(exc.messages)
            else:
                messages.success(
                    request,
                    _("Imported: %(created)s new procedures, %(versions)s versions.")
                    % {"created": summary.created, "versions": summary.versions},
                )
                return redirect("procedures:staff_list")
    return render(
        request,
        "procedures/staff/import.html",
        {"form": form, "row_errors": row_errors},
        status=400 if request.method == "POST" else 200,
    )
