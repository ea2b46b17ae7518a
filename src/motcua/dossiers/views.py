"""Citizen pages: the online submission at ``/nop-ho-so/<procedure code>/``
(applicant → documents → delivery → review and declaration → submitted)
and "Hồ sơ của tôi" at ``/tai-khoan/ho-so-cua-toi/``.

Every page works without JavaScript. A draft is saved at each step and
resumes from "Hồ sơ của tôi". Bad input re-renders the page with a 400,
an error summary linking to each field or upload slot, and everything
already entered (uploaded files are kept as soon as they pass the checks).
Another person's dossier answers 404.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.models import AdministrativeUnit
from motcua.dossiers import actions
from motcua.dossiers.constants import DeliveryMethod, DossierStatus, FileKind
from motcua.dossiers.forms import (
    ApplicantForm,
    DeliveryForm,
    ReviewForm,
    SupplementForm,
    WithdrawForm,
)
from motcua.dossiers.models import Dossier, DossierFile, SupplementRequest
from motcua.dossiers.selectors import dossier_of, dossiers_of, lookup_url
from motcua.dossiers.uploads import ACCEPT_ATTR
from motcua.procedures.models import Procedure

STEP_LABELS = {
    "applicant": _("Applicant"),
    "documents": _("Documents"),
    "delivery": _("Result delivery"),
    "review": _("Check and submit"),
}
STEP_URLS = {
    "applicant": "dossier_step_applicant",
    "documents": "dossier_step_documents",
    "delivery": "dossier_step_delivery",
    "review": "dossier_step_review",
}


def _step_url(dossier: Dossier, step: str) -> str:
    return reverse(STEP_URLS[step], args=[dossier.procedure.code, dossier.pk])


def resume_url(dossier: Dossier) -> str:
    """Where a draft continues: the step after the last one saved."""
    steps = actions.WIZARD_STEPS
    if dossier.draft_step in steps:
        index = min(steps.index(dossier.draft_step) + 1, len(steps) - 1)
        return _step_url(dossier, steps[index])
    return _step_url(dossier, steps[0])


def acknowledgement_url(dossier: Dossier) -> str | None:
    """The acknowledgement PDF (built in ``lookup_urls``), when installed."""
    if dossier.is_draft:
        return None
    try:
        return reverse("dossier_acknowledgement", args=[dossier.pk])
    except NoReverseMatch:
        return None


def _progress(dossier: Dossier, current: str) -> list[dict[str, Any]]:
    steps = actions.WIZARD_STEPS
    done = steps.index(dossier.draft_step) if dossier.draft_step in steps else -1
    return [
        {
            "key": key,
            "label": STEP_LABELS[key],
            "url": _step_url(dossier, key),
            "current": key == current,
            "done": i <= done,
            "number": i + 1,
        }
        for i, key in enumerate(steps)
    ]


def _wizard_context(dossier: Dossier, step: str, **extra: Any) -> dict[str, Any]:
    return {
        "dossier": dossier,
        "procedure": dossier.procedure,
        "version": dossier.procedure_version,
        "progress": _progress(dossier, step),
        "step": step,
        "step_label": STEP_LABELS[step],
        **extra,
    }


def _load_draft(request: HttpRequest, code: str, pk: int) -> Dossier:
    dossier = get_object_or_404(
        Dossier.objects.of_applicant(request.user).select_related(
            "procedure", "procedure_version", "unit"
        ),
        pk=pk,
        procedure__code=code,
    )
    return dossier


# ================================================================= start
@login_required
def submit_start(request: HttpRequest, code: str) -> HttpResponse:
    """The entry of the online form: what is needed, the citizen's drafts
    of this procedure, and "Start" (POST: creates or resumes a draft)."""
    procedure = get_object_or_404(
        Procedure.objects.published().select_related("unit", "field"), code=code
    )
    version = procedure.version_at()
    if not procedure.accepts_online or version is None:
        return render(
            request,
            "dossiers/not_online.html",
            {"procedure": procedure, "version": version},
            status=200 if version else 404,
        )
    if request.method == "POST":
        try:
            dossier = actions.do_create_draft(procedure, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("dossier_submit", code=procedure.code)
        return redirect(resume_url(dossier))
    drafts = (
        Dossier.objects.of_applicant(request.user)
        .drafts()
        .filter(procedure=procedure)
        .select_related("procedure")
        .order_by("-updated_at")
    )
    documents = list(version.documents.order_by("position", "pk"))
    return render(
        request,
        "dossiers/submit_start.html",
        {
            "procedure": procedure,
            "version": version,
            "documents": documents,
            "drafts": [(d, resume_url(d)) for d in drafts],
        },
    )


# ================================================================= steps
def _draft_or_redirect(request: HttpRequest, code: str, pk: int) -> Dossier | HttpResponse:
    dossier = _load_draft(request, code, pk)
    if not dossier.is_draft:
        messages.info(request, _("This dossier has already been submitted."))
        return redirect("dossier_mine_detail", pk=dossier.pk)
    return dossier


def _after_save(request: HttpRequest, dossier: Dossier, next_step: str) -> HttpResponse:
    if "save_draft" in request.POST:
        messages.success(
            request,
            _("Your draft has been saved. You can continue it from “My dossiers”."),
        )
        return redirect("dossier_mine")
    return redirect(_step_url(dossier, next_step))


@login_required
def step_applicant(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Step 1: the applicant, prefilled from the profile."""
    dossier = _draft_or_redirect(request, code, pk)
    if isinstance(dossier, HttpResponse):
        return dossier
    template = "dossiers/step_applicant.html"
    if request.method == "POST":
        form = ApplicantForm(request.POST, instance=dossier)
        if "reload_wards" in request.POST:
            form.errors.clear()  # re-render with what was typed; nothing saved
            return render(request, template, _wizard_context(dossier, "applicant", form=form))
        if form.is_valid():
            fields = form.action_fields()
            dossier = actions.do_save_applicant(
                Dossier.objects.get(pk=dossier.pk), acting_user=request.user, **fields
            )
            return _after_save(request, dossier, "documents")
        return render(
            request, template, _wizard_context(dossier, "applicant", form=form), status=400
        )
    form = ApplicantForm(instance=dossier)
    return render(request, template, _wizard_context(dossier, "applicant", form=form))


@dataclass
class Slot:
    """One upload slot: a required document of the rules (or "other")."""

    key: str
    requirement: Any
    files: list[DossierFile] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def input_id(self) -> str:
        return f"id_{self.key}"


def _slots(dossier: Dossier) -> list[Slot]:
    documents = actions.required_documents(dossier)
    slots = [Slot(f"doc_{doc.pk}", doc) for doc in documents]
    # Procedures whose documents are not listed (“chưa công bố”) still
    # take files, in one slot without a requirement.
    if not slots:
        slots.append(Slot("doc_other", None))
    by_requirement = {slot.requirement.pk if slot.requirement else None: slot for slot in slots}
    files = (
        DossierFile.objects.current()
        .filter(dossier=dossier, kind=FileKind.SUBMITTED)
        .order_by("uploaded_at", "pk")
    )
    for f in files:
        slot = by_requirement.get(f.requirement_id) or slots[-1]
        slot.files.append(f)
    return slots


def _documents_page(
    request: HttpRequest,
    dossier: Dossier,
    slots: list[Slot],
    *,
    missing: list[Any] = (),  # type: ignore[assignment]
    status: int = 200,
    note: str = "",
) -> HttpResponse:
    errors = [(slot.input_id, message) for slot in slots for message in slot.errors]
    missing_ids = {doc.pk for doc in missing}
    for slot in slots:
        if slot.requirement is not None and slot.requirement.pk in missing_ids:
            message = _("Attach “%(name)s”.") % {"name": slot.requirement.name}
            slot.errors.append(message)
            errors.append((slot.input_id, message))
    return render(
        request,
        "dossiers/step_documents.html",
        _wizard_context(
            dossier,
            "documents",
            slots=slots,
            errors=errors,
            accept=ACCEPT_ATTR,
            note=note,
            total=actions.stored_bytes(dossier),
            limits={"file": settings.DOSSIER_FILE_MAX_MB, "total": settings.DOSSIER_TOTAL_MAX_MB},
        ),
        status=status,
    )


@login_required
def step_documents(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Step 2: one upload slot per document of the rules. Files that pass
    the checks are kept at once, whatever happens to the others."""
    dossier = _draft_or_redirect(request, code, pk)
    if isinstance(dossier, HttpResponse):
        return dossier
    if request.method != "POST":
        return _documents_page(request, dossier, _slots(dossier))
    failed = False
    remove = request.POST.get("remove")
    if remove:
        target = DossierFile.objects.filter(
            pk=remove if remove.isdigit() else 0, dossier=dossier, kind=FileKind.SUBMITTED
        ).first()
        if target is not None:
            actions.do_remove_file(target, acting_user=request.user)
    slots = _slots(dossier)
    for slot in slots:
        for upload in request.FILES.getlist(slot.key):
            try:
                actions.do_attach_file(
                    dossier, acting_user=request.user, upload=upload, requirement=slot.requirement
                )
            except ValidationError as exc:
                slot.errors.extend(exc.messages)
                failed = True
    slots = _slots(dossier) if not failed else _merge_errors(_slots(dossier), slots)
    if failed:
        return _documents_page(request, dossier, slots, status=400)
    if remove or "upload" in request.POST:
        return _documents_page(request, dossier, slots)
    if "save_draft" not in request.POST:
        missing = actions.missing_documents(dossier)
        if missing:
            return _documents_page(request, dossier, slots, missing=missing, status=400)
    dossier = actions.do_mark_documents_step(dossier, acting_user=request.user)
    return _after_save(request, dossier, "delivery")


def _merge_errors(fresh: list[Slot], old: list[Slot]) -> list[Slot]:
    errors = {slot.key: slot.errors for slot in old}
    for slot in fresh:
        slot.errors = errors.get(slot.key, [])
    return fresh


@login_required
def step_delivery(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Step 3: at the counter, or by post with the fee shown."""
    dossier = _draft_or_redirect(request, code, pk)
    if isinstance(dossier, HttpResponse):
        return dossier
    template = "dossiers/step_delivery.html"
    version = dossier.procedure_version

    def page(form: DeliveryForm, status: int = 200) -> HttpResponse:
        context = _wizard_context(
            dossier,
            "delivery",
            form=form,
            fee_home=settings.DOSSIER_POSTAL_FEE_VND,
            fee_other=settings.DOSSIER_POSTAL_FEE_OTHER_PROVINCE_VND,
            home_province=AdministrativeUnit.objects.current()
            .provinces()
            .filter(code=settings.DOSSIER_HOME_PROVINCE_CODE)
            .first(),
        )
        return render(request, template, context, status=status)

    if request.method == "POST":
        form = DeliveryForm(request.POST, instance=dossier, version=version)
        if "reload_wards" in request.POST:
            form.errors.clear()
            return page(form)
        if form.is_valid():
            try:
                dossier = actions.do_save_delivery(
                    Dossier.objects.get(pk=dossier.pk),
                    acting_user=request.user,
                    **form.action_fields(),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
                return page(form, 400)
            return _after_save(request, dossier, "review")
        return page(form, 400)
    form = DeliveryForm(instance=dossier, version=version)
    choices = list(form.fields["delivery_method"].choices)
    if len(choices) == 1:
        form = DeliveryForm(
            instance=dossier, version=version, initial={"delivery_method": choices[0][0]}
        )
    return page(form)


def _review_context(dossier: Dossier, form: ReviewForm, **extra: Any) -> dict[str, Any]:
    slots = _slots(dossier)
    problems = actions.incomplete_steps(dossier)
    missing = {doc.pk for doc in actions.missing_documents(dossier)}
    return _wizard_context(
        dossier,
        "review",
        form=form,
        slots=slots,
        missing=missing,
        problems=problems,
        fee_total=dossier.procedure_version.fee_total,
        fee_lines=list(dossier.procedure_version.fee_lines.all()),
        **extra,
    )


@login_required
def step_review(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Step 4: everything once more ("kiểm tra lại"), the declaration and
    consent, and submit."""
    dossier = _load_draft(request, code, pk)
    template = "dossiers/step_review.html"
    if request.method == "POST":
        form = ReviewForm(request.POST)
        # A retried POST after success: the token finds the dossier.
        if not dossier.is_draft:
            if dossier.submission_token and request.POST.get("token") == dossier.submission_token:
                return redirect("dossier_submitted", code=code, pk=dossier.pk)
            return redirect("dossier_mine_detail", pk=dossier.pk)
        if not form.is_valid():
            return render(request, template, _review_context(dossier, form), status=400)
        try:
            dossier = actions.do_submit_dossier(
                dossier, acting_user=request.user, token=form.cleaned_data["token"]
            )
        except actions.MissingDocuments as exc:
            return _documents_page(
                request,
                dossier,
                _slots(dossier),
                missing=exc.missing,
                status=400,
                note=_("The dossier was not submitted: some required documents are missing."),
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
            form.data = form.data.copy()
            form.data["token"] = secrets.token_urlsafe(24)
            return render(request, template, _review_context(dossier, form), status=400)
        return redirect("dossier_submitted", code=code, pk=dossier.pk)
    if not dossier.is_draft:
        return redirect("dossier_mine_detail", pk=dossier.pk)
    form = ReviewForm(initial={"token": secrets.token_urlsafe(24)})
    return render(request, template, _review_context(dossier, form))


@login_required
def submitted(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The confirmation: the dossier code and the lookup key."""
    dossier = _load_draft(request, code, pk)
    if dossier.is_draft:
        return redirect(resume_url(dossier))
    return render(
        request,
        "dossiers/submitted.html",
        {
            "dossier": dossier,
            "lookup_url": lookup_url(dossier),
            "lookup_path": lookup_url(dossier, absolute=False),
            "acknowledgement_url": acknowledgement_url(dossier),
        },
    )


# ============================================================ my dossiers
MY_PAGE_SIZE = 20


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    """ "Hồ sơ của tôi": drafts to continue, then the submitted dossiers."""
    mine = dossiers_of(request.user)
    drafts = list(mine.drafts().order_by("-updated_at")[:50])
    open_requests = Prefetch(
        "supplement_requests",
        queryset=SupplementRequest.objects.filter(supplied_at__isnull=True),
        to_attr="open_requests",
    )
    submitted_qs = mine.submitted().prefetch_related(open_requests).order_by("-submitted_at", "-pk")
    page = Paginator(submitted_qs, MY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dossiers/my_list.html",
        {
            "drafts": [(d, resume_url(d)) for d in drafts],
            "page_obj": page,
            "dossiers": page.object_list,
        },
    )


def _my_dossier(request: HttpRequest, pk: int) -> Dossier:
    dossier = dossier_of(request.user, pk)
    if dossier is None:
        raise Http404
    return dossier


def _detail_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    supplement_form: SupplementForm | None = None,
    supplement_errors: list[str] = (),  # type: ignore[assignment]
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    files = getattr(dossier, "current_files", [])
    requests_ = getattr(dossier, "all_supplement_requests", [])
    open_request = next((r for r in requests_ if r.is_open), None)
    if dossier.status != DossierStatus.SUPPLEMENT_REQUESTED:
        open_request = None
    return render(
        request,
        "dossiers/my_detail.html",
        {
            "dossier": dossier,
            "steps": getattr(dossier, "public_steps", []),
            "submitted_files": [f for f in files if f.kind in (FileKind.SUBMITTED, FileKind.SCAN)],
            "supplement_files": [f for f in files if f.kind == FileKind.SUPPLEMENT],
            "result_files": [f for f in files if f.kind == FileKind.RESULT],
            "supplement_requests": requests_,
            "open_request": open_request,
            "open_request_files": [
                f for f in files if open_request and f.supplement_request_id == open_request.pk
            ],
            "supplement_form": supplement_form or SupplementForm(),
            "supplement_errors": supplement_errors,
            "withdraw_form": withdraw_form or WithdrawForm(),
            "may_withdraw": dossier.citizen_may_withdraw,
            "withdraws_alone": dossier.status == DossierStatus.SUBMITTED,
            "lookup_path": lookup_url(dossier, absolute=False) if dossier.code else "",
            "acknowledgement_url": acknowledgement_url(dossier),
            "accept": ACCEPT_ATTR,
            "by_post": dossier.delivery_method == DeliveryMethod.POST,
        },
        status=status,
    )


@login_required
def my_dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One dossier: status history, due date, documents, staff requests,
    results, supplement upload and withdrawal."""
    dossier = _my_dossier(request, pk)
    if dossier.is_draft:
        return redirect(resume_url(dossier))
    return _detail_page(request, dossier)


@login_required
def my_dossier_file(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    """Download one of the citizen's own files (never a public media URL)."""
    dossier = get_object_or_404(Dossier.objects.of_applicant(request.user), pk=pk)
    record = get_object_or_404(DossierFile.objects.current(), pk=file_pk, dossier=dossier)
    try:
        handle = record.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return FileResponse(
        handle, as_attachment=True, filename=record.original_name, content_type=record.content_type
    )


@login_required
@require_POST
def my_dossier_supplement(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    """Upload files for an open supplement request, and send it."""
    dossier = _my_dossier(request, pk)
    supplement = get_object_or_404(SupplementRequest, pk=request_pk, dossier=dossier)
    form = SupplementForm(request.POST)
    errors: list[str] = []
    remove = request.POST.get("remove")
    if remove and remove.isdigit():
        target = DossierFile.objects.filter(
            pk=remove, dossier=dossier, supplement_request=supplement
        ).first()
        if target is not None:
            try:
                actions.do_remove_file(target, acting_user=request.user)
            except ValidationError as exc:
                errors.extend(exc.messages)
    for upload in request.FILES.getlist("files"):
        try:
            actions.do_attach_file(
                dossier,
                acting_user=request.user,
                upload=upload,
                kind=FileKind.SUPPLEMENT,
                supplement_request=supplement,
            )
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors or not form.is_valid():
        return _detail_page(
            request,
            _my_dossier(request, pk),
            supplement_form=form,
            supplement_errors=errors,
            status=400,
        )
    if remove or "upload" in request.POST:
        return _detail_page(request, _my_dossier(request, pk), supplement_form=form)
    try:
        actions.do_supply_supplement(
            supplement, acting_user=request.user, note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        return _detail_page(
            request,
            _my_dossier(request, pk),
            supplement_form=form,
            supplement_errors=exc.messages,
            status=400,
        )
    messages.success(request, _("Your supplement has been sent to the one-stop office."))
    return redirect("dossier_mine_detail", pk=dossier.pk)


@login_required
@require_POST
def my_dossier_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Withdraw (before reception) or ask to withdraw (afterwards)."""
    dossier = _my_dossier(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, dossier, withdraw_form=form, status=400)
    was = dossier.status
    try:
        actions.do_withdraw_dossier(
            dossier, acting_user=request.user, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            form.add_error(None, message)
        return _detail_page(request, dossier, withdraw_form=form, status=400)
    if was == DossierStatus.SUBMITTED:
        messages.success(request, _("The dossier has been withdrawn."))
    else:
        messages.success(
            request,
            _("Your request to withdraw the dossier has been sent to the one-stop office."),
        )
    return redirect("dossier_mine_detail", pk=dossier.pk)


@login_required
@require_POST
def my_draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = get_object_or_404(Dossier.objects.of_applicant(request.user).drafts(), pk=pk)
    try:
        actions.do_delete_draft(dossier, acting_user=request.user)
    except (ValidationError, PermissionDenied):
        raise Http404 from None
    messages.success(request, _("The draft has been deleted."))
    return redirect("dossier_mine")
