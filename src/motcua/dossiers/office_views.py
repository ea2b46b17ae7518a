"""The back office at /can-bo/ho-so/: work queues, a dossier's staff page
with the actions the officer may take, counter and postal intake, and
file downloads. Views authorise first (``visible_to``: another unit's
dossier is a 404), clean input with a form, then call one action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.audit import record_audit
from motcua.dossiers import actions, office_selectors
from motcua.dossiers.constants import (
    OPEN_STATES,
    WITHDRAWAL_REQUEST_STATES,
    AuditEvent,
    DeliveryMethod,
    DossierStatus,
    FileKind,
    transition_for,
)
from motcua.dossiers.models import ApologyLetter, ApologyLetterStatus, Dossier, DossierFile
from motcua.dossiers.office_forms import (
    ApologyForm,
    AssignForm,
    CounterSupplementForm,
    ForwardForm,
    IntakeApplicantForm,
    IntakeForm,
    NoteForm,
    PaymentForm,
    QueueFilterForm,
    ReasonForm,
    ReturnResultForm,
    ReturnToHandlerForm,
    SupplementRequestForm,
)
from motcua.org.constants import Role
from motcua.org.decorators import staff_required
from motcua.org.models import Unit
from motcua.org.selectors import has_role
from motcua.procedures.models import Procedure

STAFF_ROLES = (Role.RECEPTION, Role.HANDLER, Role.APPROVER)
OFFICE_ROLES: list[str] = [str(r) for r in (*STAFF_ROLES, Role.LEADER)]


def _default_tab(request: HttpRequest) -> str:
    user = request.user
    if has_role(user, [Role.RECEPTION]):
        return "reception"
    if has_role(user, [Role.APPROVER]):
        return "approval"
    if has_role(user, [Role.HANDLER]):
        return "mine"
    return "all"


def _procedures_for(user: Any, roles: list[str] | None = None) -> Any:
    return (
        Procedure.objects.filter(unit__in=Unit.objects.visible_to(user, roles=roles))
        .only("pk", "name", "code", "unit_id")
        .order_by("name")
    )


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    """The queues of the officer's units: awaiting reception, assigned to
    me, awaiting my approval, due soon, overdue, results to return, all;
    with search and filters, one page at a time."""
    tab = request.GET.get("hang", "") or _default_tab(request)
    if tab not in office_selectors.TABS:
        tab = "all"
    units = list(Unit.objects.visible_to(request.user, roles=OFFICE_ROLES).order_by("path"))
    procedures = list(_procedures_for(request.user, OFFICE_ROLES))
    form = QueueFilterForm(request.GET or None, units=units, procedures=procedures)
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    filters = form.filters() if form.is_bound else office_selectors.QueueFilters()
    page_raw = request.GET.get("page", "1")
    page_number = int(page_raw) if page_raw.isdigit() else 1
    page = office_selectors.queue_page(request.user, tab, filters, page_number)
    params = request.GET.copy()
    params.pop("page", None)
    tab_params = request.GET.copy()
    for name in ("page", "hang"):
        tab_params.pop(name, None)
    counts = office_selectors.queue_counts(request.user)
    return render(
        request,
        "dossiers/office/queue.html",
        {
            "tab": tab,
            "tabs": [(key, label, counts.get(key)) for key, label in office_selectors.TABS.items()],
            "count_cap": office_selectors.COUNT_CAP,
            "form": form,
            "page": page,
            "params": params.urlencode(),
            "tab_params": tab_params.urlencode(),
            "now": timezone.now(),
            "may_intake": has_role(request.user, [Role.RECEPTION]),
        },
        status=status,
    )


# ================================================================= detail
def _staff_dossier(request: HttpRequest, pk: int) -> Dossier:
    dossier = office_selectors.staff_dossier(request.user, pk)
    if dossier is None:
        raise Http404
    return dossier


def form_links(dossier: Dossier, page: office_selectors.DossierPage) -> list[dict[str, Any]]:
    """The one-stop forms that exist for this dossier, with links to
    their PDF and DOCX (``dossier_form`` views; hidden if not installed)."""
    available: list[tuple[int, str]] = []
    if dossier.received_at:
        available.append((1, _("Mẫu 01 — Receipt and appointment")))
    if page.supplements:
        available.append((2, _("Mẫu 02 — Supplement request")))
    if dossier.status == DossierStatus.REFUSED:
        available.append((3, _("Mẫu 03 — Refusal")))
    if any(a.status == ApologyLetterStatus.APPROVED for a in page.apologies):
        available.append((4, _("Mẫu 04 — Apology and new date")))
    if dossier.status == DossierStatus.STOPPED:
        available.append((5, _("Mẫu 05 — Notice of stopped processing")))
    if dossier.received_at:
        available.append((6, _("Mẫu 06 — Processing control sheet")))
    links = []
    for number, label in available:
        urls = {}
        for ext in ("pdf", "docx"):
            for name in ("dossier_form", "office:dossier_form", "dossier_forms:dossier_form"):
                try:
                    urls[ext] = reverse(name, args=[dossier.pk, number, ext])
                    break
                except NoReverseMatch:
                    continue
        if urls:
            links.append({"number": number, "label": label, "urls": urls})
    return links


def handoff_labels() -> dict[str, str]:
    """Readable names of the steps that change no state (Mẫu 06 hand-offs)."""
    return {
        "reassign": _("Handed over to another handler"),
        "forward_for_approval": _("Sent for approval"),
        "return_to_handler": _("Returned to the handler"),
        "apology": _("Apology letter sent"),
        "request_withdrawal": _("The applicant asked to withdraw"),
    }


def _assessment_options(dossier: Dossier) -> Any:
    """The listed fees, reductions and optional fee lines the officer
    chooses from when asking for the fee (payments' selector; local
    import: payments depends on dossiers)."""
    from motcua.payments.selectors import assessment_options

    return assessment_options(dossier)


def _roles_in(user: Any, unit: Unit) -> set[str]:
    return {str(r) for r in STAFF_ROLES if has_role(user, [r], unit)}


def _may(roles: set[str], old: int, new: int) -> bool:
    transition = transition_for(old, new)
    return transition is not None and bool(roles & {str(a) for a in transition.actors})


def _detail_context(request: HttpRequest, dossier: Dossier, **forms: Any) -> dict[str, Any]:
    user = request.user
    page = office_selectors.dossier_page(dossier)
    roles = _roles_in(user, dossier.unit)
    status = dossier.status
    S = DossierStatus
    seen = {"seen_status": status}
    draft_apology = next((a for a in page.apologies if a.status == ApologyLetterStatus.DRAFT), None)
    may = {
        "receive": _may(roles, status, S.RECEIVED),
        "refuse": _may(roles, status, S.REFUSED),
        "supplement": _may(roles, status, S.SUPPLEMENT_REQUESTED),
        "payment": _may(roles, status, S.PAYMENT_REQUESTED),
        "settle": status == S.PAYMENT_REQUESTED and Role.RECEPTION in roles,
        "assign": status in (S.RECEIVED, S.IN_PROGRESS) and _may(roles, S.RECEIVED, S.IN_PROGRESS),
        "forward": status == S.IN_PROGRESS
        and Role.HANDLER in roles
        and dossier.handler_id == user.pk,
        "approve": Role.APPROVER in roles
        and status == S.IN_PROGRESS
        and dossier.approval_requested_at is not None,
        "stop": _may(roles, status, S.STOPPED),
        "return_result": _may(roles, status, S.RETURNED),
        "withdraw": Role.RECEPTION in roles
        and (
            status == S.SUBMITTED
            or (status in WITHDRAWAL_REQUEST_STATES and dossier.withdrawal_requested_at is not None)
        ),
        "counter_supplement": status == S.SUPPLEMENT_REQUESTED and Role.RECEPTION in roles,
        "apology": bool(roles & {Role.HANDLER, Role.APPROVER})
        and status in OPEN_STATES
        and dossier.due_at is not None,
        "approve_apology": Role.APPROVER in roles and draft_apology is not None,
    }
    needs_handlers = may["assign"]
    needs_approvers = may["forward"]
    open_supplement = next((s for s in page.supplements if s.is_open), None)
    labels = handoff_labels()
    for item in page.steps:
        item.handoff_label = labels.get(item.action, item.action)  # type: ignore[attr-defined]
    return {
        "dossier": dossier,
        "page": page,
        "steps": page.steps,
        "results": [f for f in page.files if f.kind == FileKind.RESULT],
        "may": may,
        "any_action": any(may.values()),
        "draft_apology": draft_apology,
        "open_supplement": open_supplement,
        "forms_links": form_links(dossier, page),
        "now": timezone.now(),
        "is_overdue": dossier.is_overdue(),
        # Late and no approved apology with a date still ahead: draft one.
        "apology_due": dossier.is_overdue()
        and not any(
            a.status == ApologyLetterStatus.APPROVED and a.new_due_at > timezone.now()
            for a in page.apologies
        ),
        "by_post": dossier.delivery_method == DeliveryMethod.POST,
        "receive_form": forms.get("receive_form") or NoteForm(initial=seen, prefix="receive"),
        "refuse_form": forms.get("refuse_form") or ReasonForm(initial=seen, prefix="refuse"),
        "supplement_form": forms.get("supplement_form")
        or SupplementRequestForm(initial=seen, prefix="supplement"),
        "payment_form": forms.get("payment_form")
        or PaymentForm(
            initial=seen,
            prefix="payment",
            options=_assessment_options(dossier) if may["payment"] else None,
        ),
        "settle_form": forms.get("settle_form") or NoteForm(initial=seen, prefix="settle"),
        "assign_form": forms.get("assign_form")
        or AssignForm(
            initial={**seen, "handler": dossier.handler_id},
            handlers=actions.assignable_handlers(dossier) if needs_handlers else [],
            prefix="assign",
        ),
        "forward_form": forms.get("forward_form")
        or ForwardForm(
            initial=seen,
            approvers=actions.assignable_approvers(dossier) if needs_approvers else [],
            prefix="forward",
        ),
        "approve_form": forms.get("approve_form") or NoteForm(initial=seen, prefix="approve"),
        "back_form": forms.get("back_form") or ReturnToHandlerForm(initial=seen, prefix="back"),
        "stop_form": forms.get("stop_form") or ReasonForm(initial=seen, prefix="stop"),
        "return_form": forms.get("return_form")
        or ReturnResultForm(
            initial={
                **seen,
                "recipient_name": dossier.delivery_name or dossier.applicant_name,
                "recipient_id_number": dossier.applicant_id_number,
            },
            by_post=dossier.delivery_method == DeliveryMethod.POST,
            prefix="return",
        ),
        "withdraw_form": forms.get("withdraw_form") or NoteForm(initial=seen, prefix="withdraw"),
        "counter_supplement_form": forms.get("counter_supplement_form")
        or CounterSupplementForm(initial=seen, prefix="csupp"),
        "apology_form": forms.get("apology_form")
        or ApologyForm(
            prefix="apology",
            initial={
                "reason": draft_apology.reason,
                "new_due_date": draft_apology.new_due_at.date(),
            }
            if draft_apology
            else None,
        ),
        "errors": forms.get("errors", []),
        "open_form": forms.get("open_form", ""),
    }


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A dossier for staff: applicant, files, history, supplement requests,
    apology letters, the forms to print and the actions this officer may
    take. Each view is logged (personal data, Luật 91/2025)."""
    dossier = _staff_dossier(request, pk)
    record_audit(dossier, request.user, AuditEvent.VIEWED)
    return render(request, "dossiers/office/detail.html", _detail_context(request, dossier))


# step slug → (form class, context name, prefix)
STEPS: dict[str, tuple[Any, str, str]] = {
    "tiep-nhan": (NoteForm, "receive_form", "receive"),
    "tu-choi": (ReasonForm, "refuse_form", "refuse"),
    "yeu-cau-bo-sung": (SupplementRequestForm, "supplement_form", "supplement"),
    "yeu-cau-thanh-toan": (PaymentForm, "payment_form", "payment"),
    "da-thanh-toan": (NoteForm, "settle_form", "settle"),
    "phan-cong": (AssignForm, "assign_form", "assign"),
    "trinh-duyet": (ForwardForm, "forward_form", "forward"),
    "phe-duyet": (NoteForm, "approve_form", "approve"),
    "tra-lai-xu-ly": (ReturnToHandlerForm, "back_form", "back"),
    "dung-xu-ly": (ReasonForm, "stop_form", "stop"),
    "tra-ket-qua": (ReturnResultForm, "return_form", "return"),
    "rut-ho-so": (NoteForm, "withdraw_form", "withdraw"),
    "nhan-bo-sung": (CounterSupplementForm, "counter_supplement_form", "csupp"),
    "xin-loi": (ApologyForm, "apology_form", "apology"),
}


def _bound_form(request: HttpRequest, dossier: Dossier, step: str) -> Any:
    form_class, _name, prefix = STEPS[step]
    if form_class is AssignForm:
        return AssignForm(
            request.POST, handlers=actions.assignable_handlers(dossier), prefix=prefix
        )
    if form_class is ForwardForm:
        return ForwardForm(
            request.POST,
            request.FILES,
            approvers=actions.assignable_approvers(dossier),
            prefix=prefix,
        )
    if form_class is PaymentForm:
        return PaymentForm(request.POST, options=_assessment_options(dossier), prefix=prefix)
    if form_class is ReturnResultForm:
        return ReturnResultForm(
            request.POST, by_post=dossier.delivery_method == DeliveryMethod.POST, prefix=prefix
        )
    return form_class(request.POST, prefix=prefix)


def _run_step(request: HttpRequest, dossier: Dossier, step: str, data: dict[str, Any]) -> str:
    user: Any = request.user
    seen = data.get("seen_status")
    if step == "tiep-nhan":
        done = actions.do_receive_dossier(
            dossier, acting_user=user, expected_status=seen, note=data["note"]
        )
        return _(
            "The dossier has been received; it is due on %(date)s. Print the receipt (Mẫu 01)."
        ) % {"date": timezone.localtime(done.due_at).strftime("%d/%m/%Y") if done.due_at else "—"}
    if step == "tu-choi":
        actions.do_refuse_dossier(
            dossier, acting_user=user, reason=data["reason"], expected_status=seen
        )
        return _("The dossier has been refused and the applicant told why.")
    if step == "yeu-cau-bo-sung":
        actions.do_request_supplement(
            dossier,
            acting_user=user,
            reason=data["reason"],
            respond_by=data.get("respond_by"),
            expected_status=seen,
        )
        return _("The applicant has been asked to supplement the dossier; the deadline is paused.")
    if step == "yeu-cau-thanh-toan":
        # The fee is assessed by payments (a charge with lines; exempt → no
        # stop), which moves the dossier through do_request_payment.
        from motcua.payments.actions import request_payment

        request_payment(
            dossier,
            acting_user=user,
            amount=data.get("amount"),
            note=data["note"],
            reduction=data.get("reduction"),
            extra_lines=data.get("optional_lines") or (),
            expected_status=seen,
        )
        return _("The applicant has been asked to pay.")
    if step == "da-thanh-toan":
        actions.do_settle_payment(
            dossier, acting_user=user, note=data["note"], expected_status=seen
        )
        return _("The payment has been recorded.")
    if step == "phan-cong":
        actions.do_assign_dossier(
            dossier,
            acting_user=user,
            handler=data["handler"],
            note=data["note"],
            expected_status=seen,
        )
        return _("The dossier has been assigned.")
    if step == "trinh-duyet":
        actions.do_forward_for_approval(
            dossier,
            acting_user=user,
            approver=data["approver"],
            files=data["results"],
            note=data["note"],
            expected_status=seen,
        )
        return _("The result has been sent for approval.")
    if step == "phe-duyet":
        actions.do_approve_dossier(
            dossier, acting_user=user, note=data["note"], expected_status=seen
        )
        return _("The result has been approved; the applicant has been told it is ready.")
    if step == "tra-lai-xu-ly":
        actions.do_return_to_handler(
            dossier, acting_user=user, note=data["note"], expected_status=seen
        )
        return _("The draft result has been returned to the handler.")
    if step == "dung-xu-ly":
        actions.do_stop_dossier(
            dossier, acting_user=user, reason=data["reason"], expected_status=seen
        )
        return _("Processing has been stopped and the applicant told why.")
    if step == "tra-ket-qua":
        actions.do_return_result(
            dossier,
            acting_user=user,
            recipient_name=data.get("recipient_name", ""),
            recipient_id_number=data.get("recipient_id_number", ""),
            tracking_number=data.get("tracking_number", ""),
            expected_status=seen,
        )
        return _("The result has been returned.")
    if step == "rut-ho-so":
        actions.do_accept_withdrawal(dossier, acting_user=user, expected_status=seen)
        return _("The dossier has been withdrawn.")
    if step == "nhan-bo-sung":
        supplement = dossier.supplement_requests.filter(supplied_at__isnull=True).first()
        if supplement is None:
            raise ValidationError(_("No supplement is requested for this dossier at the moment."))
        actions.do_receive_supplement_at_counter(
            supplement, acting_user=user, note=data["note"], expected_status=seen
        )
        return _("The supplement has been recorded; the deadline runs again.")
    if step == "xin-loi":
        actions.do_draft_apology(
            dossier, acting_user=user, reason=data["reason"], new_due_at=data["new_due_date"]
        )
        return _("The apology letter has been drafted; an approver must sign it off.")
    raise Http404


def _field_errors(form: Any) -> list[str]:
    errors = []
    for name, errs in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errs:
            errors.append(f"{label}: {error}" if label and name != "seen_status" else str(error))
    return errors


@staff_required
@require_POST
def step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Run one action from the dossier's page. A refusal (bad input, a
    move not allowed, someone else was faster) shows the page again with
    the message and what was typed, and changes nothing."""
    if step not in STEPS:
        raise Http404
    dossier = _staff_dossier(request, pk)
    _cls, form_name, _prefix = STEPS[step]
    form = _bound_form(request, dossier, step)
    if not form.is_valid():
        context = _detail_context(
            request,
            dossier,
            **{form_name: form, "errors": _field_errors(form), "open_form": form_name},
        )
        return render(request, "dossiers/office/detail.html", context, status=400)
    try:
        text = _run_step(request, dossier, step, form.cleaned_data)
    except PermissionDenied as exc:
        message = str(exc) or _("Your role does not allow this action on this dossier.")
        dossier = _staff_dossier(request, pk)
        context = _detail_context(request, dossier, **{"errors": [message]})
        return render(request, "dossiers/office/detail.html", context, status=403)
    except ValidationError as exc:
        dossier = _staff_dossier(request, pk)
        status = 409 if getattr(exc, "code", "") == "changed_meanwhile" else 400
        extra = {"errors": exc.messages, "open_form": form_name}
        if status == 400:
            extra[form_name] = form
        context = _detail_context(request, dossier, **extra)
        return render(request, "dossiers/office/detail.html", context, status=status)
    messages.success(request, text)
    return redirect("office:detail", pk=dossier.pk)


@staff_required
@require_POST
def approve_apology(request: HttpRequest, pk: int, letter_pk: int) -> HttpResponse:
    """An approver signs off the drafted apology letter (Mẫu 04)."""
    dossier = _staff_dossier(request, pk)
    letter = get_object_or_404(ApologyLetter, pk=letter_pk, dossier=dossier)
    try:
        actions.do_approve_apology(letter, acting_user=request.user)  # type: ignore[arg-type]
    except (ValidationError, PermissionDenied) as exc:
        messages_ = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        context = _detail_context(request, dossier, errors=messages_)
        return render(
            request,
            "dossiers/office/detail.html",
            context,
            status=403 if isinstance(exc, PermissionDenied) else 400,
        )
    messages.success(request, _("The apology letter has been approved and sent to the applicant."))
    return redirect("office:detail", pk=dossier.pk)


@staff_required
def dossier_file(request: HttpRequest, pk: int, file_pk: int) -> Any:
    """Download a file of a dossier of one's units (never a public URL)."""
    dossier = _staff_dossier(request, pk)
    record = get_object_or_404(DossierFile, pk=file_pk, dossier=dossier)
    try:
        handle = record.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=record.original_name, content_type=record.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ================================================================= intake
@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Register a dossier handed in at the counter or received by post;
    it is received at once and the receipt (Mẫu 01) offered to print."""
    if not has_role(request.user, [Role.RECEPTION]):
        raise PermissionDenied
    # Procedures in force (published, not repealed) of the units this
    # officer receives for.
    procedures = (
        Procedure.objects.published()
        .filter(unit__in=Unit.objects.visible_to(request.user, roles=[Role.RECEPTION]))
        .select_related("unit")
        .order_by("name")
    )
    status = 200
    errors: list[str] = []
    if request.method == "POST":
        form = IntakeForm(request.POST, request.FILES, procedures=procedures, prefix="intake")
        applicant = IntakeApplicantForm(request.POST, prefix="a", instance=Dossier())
        if form.is_valid() and applicant.is_valid():
            data = form.cleaned_data
            try:
                dossier = actions.do_intake_dossier(
                    data["procedure"],
                    acting_user=request.user,  # type: ignore[arg-type]
                    channel=data["channel"],
                    applicant=applicant.action_fields(),
                    delivery_method=data["delivery_method"],
                    postal_tracking_in=data["postal_tracking_in"],
                    scans=data["scans"],
                )
            except (ValidationError, PermissionDenied) as exc:
                errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
                status = 400
            else:
                messages.success(
                    request,
                    _(
                        "Dossier %(code)s registered and received (lookup key %(key)s). Print the receipt (Mẫu 01) for the applicant."
                    )
                    % {"code": dossier.code, "key": dossier.lookup_key},
                )
                return redirect("office:detail", pk=dossier.pk)
        else:
            status = 400
    else:
        form = IntakeForm(procedures=procedures, prefix="intake")
        applicant = IntakeApplicantForm(prefix="a", instance=Dossier())
    return render(
        request,
        "dossiers/office/intake.html",
        {"form": form, "applicant": applicant, "errors": errors},
        status=status,
    )
