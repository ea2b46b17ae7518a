"""Staff pages of payments (/can-bo/thanh-toan/): the payments of the
officer's units per period with totals and an XLSX export, counter
payments, bank statement imports and manual matching, refunds.

Every page is scoped to the units where the officer holds one of
``STAFF_ROLES`` (``visible_to``); what lies outside is a 404. Counter
payments need a cashier role of the charge's unit, refund decisions an
approver role (the actions check it again)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from motcua.dossiers.models import Dossier
from motcua.org.decorators import staff_required
from motcua.org.models import Unit
from motcua.org.selectors import has_role
from motcua.payments import reconciliation, spreadsheets
from motcua.payments.constants import (
    CASHIER_ROLES,
    REFUND_APPROVER_ROLES,
    STAFF_ROLES,
    ChargeStatus,
    LineStatus,
    PaymentStatus,
    Provider,
    RefundStatus,
)
from motcua.payments.models import (
    BankAccount,
    Charge,
    Payment,
    Refund,
    StatementImport,
    StatementLine,
)
from motcua.payments.staff_forms import (
    CounterPaymentForm,
    MatchLineForm,
    PaymentFilterForm,
    RefundCompleteForm,
    RefundDecisionForm,
    RefundRequestForm,
    StatementImportForm,
)

PAGE_SIZE = 50


def _units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.visible_to(user, roles=STAFF_ROLES)


def _messages_of(exc: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or _("You may not do this.")]


# ------------------------------------------------------------------ list
def filtered_payments(user: Any, form: PaymentFilterForm) -> QuerySet[Payment]:
    """The payments of ``user``'s units matching the form's filters (the
    form must be valid or unbound), newest first, with what a row shows
    joined."""
    qs = Payment.objects.visible_to(user).select_related(
        "charge__dossier", "charge__unit", "receipt__series"
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("don_vi"):
        unit = _units(user).filter(pk=data["don_vi"]).first()
        qs = qs.filter(charge__unit__path__startswith=unit.path) if unit else qs.none()
    if data.get("tu_ngay"):
        qs = qs.filter(created_at__date__gte=data["tu_ngay"])
    if data.get("den_ngay"):
        qs = qs.filter(created_at__date__lte=data["den_ngay"])
    if data.get("trang_thai"):
        qs = qs.filter(status=data["trang_thai"])
    if data.get("kenh"):
        qs = qs.filter(provider=data["kenh"])
    if data.get("q"):
        q = data["q"]
        qs = qs.filter(
            Q(reference__icontains=q)
            | Q(charge__dossier__code__icontains=q)
            | Q(payer_name__icontains=q)
            | Q(charge__dossier__applicant_name__icontains=q)
            | Q(transfer_note__icontains=q)
        )
    return qs.order_by("-created_at", "-pk")


def totals(qs: QuerySet[Payment]) -> dict[str, int]:
    """Counts and sums of the filtered payments, one SQL query."""
    paid = Q(status=PaymentStatus.PAID)
    result = qs.order_by().aggregate(
        count=Count("pk"),
        paid_count=Count("pk", filter=paid),
        paid_amount=Sum("amount", filter=paid),
        online_amount=Sum("amount", filter=paid & ~Q(provider=Provider.COUNTER)),
        counter_amount=Sum("amount", filter=paid & Q(provider=Provider.COUNTER)),
        pending_count=Count("pk", filter=Q(status=PaymentStatus.PENDING)),
        refund_count=Count("pk", filter=Q(status=PaymentStatus.DUPLICATE)),
    )
    return {k: int(v or 0) for k, v in result.items()}


@staff_required
@require_GET
def payment_list(request: HttpRequest) -> HttpResponse:
    """Payments of the officer's units, per unit and period, with totals."""
    units = list(_units(request.user).order_by("path"))
    if not units:
        raise PermissionDenied
    form = PaymentFilterForm(request.GET or None, units=units)
    status = 400 if form.is_bound and not form.is_valid() else 200
    qs = filtered_payments(request.user, form)
    if request.GET.get("xuat") == "xlsx" and status == 200:
        response = HttpResponse(
            spreadsheets.payments_xlsx(qs),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="thanh-toan-{stamp}.xlsx"'
        return response
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("xuat", None)
    return render(
        request,
        "payments/staff/list.html",
        {
            "form": form,
            "page_obj": page,
            "payments": page.object_list,
            "totals": totals(qs),
            "params": params.urlencode(),
            "open_lines": reconciliation.open_lines(request.user).count(),
            "pending_refunds": Refund.objects.filter(
                status__in=(RefundStatus.REQUESTED, RefundStatus.APPROVED),
                payment__charge__unit__in=_units(request.user),
            ).count(),
        },
        status=status,
    )


# ------------------------------------------------------------------ one payment
def _payment(request: HttpRequest, reference: str) -> Payment:
    payment = (
        Payment.objects.visible_to(request.user)
        .select_related("charge__dossier", "charge__unit", "recorded_by")
        .filter(reference=reference)
        .first()
    )
    if payment is None:
        raise Http404
    return payment


@staff_required
def payment_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """One payment: its charge, callbacks, receipt, refunds; request a
    refund (POST)."""
    payment = _payment(request, reference)
    form = RefundRequestForm(request.POST or None, initial={"amount": payment.amount})
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            from motcua.payments import actions

            try:
                actions.request_refund(
                    payment,
                    acting_user=request.user,  # type: ignore[arg-type]
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                )
            except (ValidationError, PermissionDenied) as exc:
                errors = _messages_of(exc)
                status = 400
            else:
                messages.success(request, _("The refund has been requested."))
                return redirect("payments_staff:refunds")
        else:
            status = 400
    receipt = getattr(payment, "receipt", None) if payment.status == PaymentStatus.PAID else None
    return render(
        request,
        "payments/staff/payment.html",
        {
            "payment": payment,
            "charge": payment.charge,
            "dossier": payment.charge.dossier,
            "lines": list(payment.charge.lines.all()),
            "callbacks": list(payment.callbacks.order_by("-received_at")[:50]),
            "refunds": list(payment.refunds.select_related("requested_by", "decided_by")),
            "receipt": receipt,
            "form": form,
            "errors": errors,
            "may_refund": payment.status in (PaymentStatus.PAID, PaymentStatus.DUPLICATE),
        },
        status=status,
    )


@staff_required
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """The receipt PDF, for staff of the unit."""
    from motcua.payments.models import Receipt
    from motcua.payments.receipts import render_receipt_pdf

    payment = _payment(request, reference)
    found = Receipt.objects.select_related("series", "payment").filter(payment=payment).first()
    if found is None:
        raise Http404
    response = HttpResponse(render_receipt_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.reference}.pdf"'
    return response


# ------------------------------------------------------------------ counter
@staff_required
def counter(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    """Record cash or card taken at the counter for the dossier's open
    charge (cashier roles of the charge's unit)."""
    dossier = (
        Dossier.objects.filter(pk=dossier_pk, unit__in=_units(request.user))
        .select_related("unit")
        .first()
    )
    if dossier is None:
        raise Http404
    charge = (
        Charge.objects.filter(dossier=dossier, status=ChargeStatus.OPEN)
        .select_related("unit", "reduction")
        .first()
    )
    may = charge is not None and has_role(request.user, CASHIER_ROLES, charge.unit)
    form = CounterPaymentForm(
        request.POST or None, initial={"payer_name": dossier.applicant_display}
    )
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not may:
            raise PermissionDenied if charge is not None else Http404
        if form.is_valid():
            from motcua.payments import actions

            try:
                payment = actions.record_counter_payment(
                    charge,  # type: ignore[arg-type]  # may: charge is not None
                    acting_user=request.user,  # type: ignore[arg-type]
                    method=form.cleaned_data["method"],
                    counter_receipt_no=form.cleaned_data["counter_receipt_no"],
                    payer_name=form.cleaned_data["payer_name"],
                )
            except (ValidationError, PermissionDenied) as exc:
                errors = _messages_of(exc)
                status = 409
            else:
                messages.success(
                    request, _("The payment has been recorded and the receipt issued.")
                )
                return redirect("payments_staff:payment", payment.reference)
        else:
            status = 400
    return render(
        request,
        "payments/staff/counter.html",
        {
            "dossier": dossier,
            "charge": charge,
            "lines": list(charge.lines.all()) if charge else [],
            "form": form,
            "may": may,
            "errors": errors,
        },
        status=status,
    )


# ------------------------------------------------------------------ statements
def _accounts(user: Any) -> list[BankAccount]:
    return list(
        BankAccount.objects.filter(unit__in=_units(user), is_active=True)
        .select_related("unit")
        .order_by("unit__path")
    )


@staff_required
def statements(request: HttpRequest) -> HttpResponse:
    """Import a bank statement (POST) and the imports done so far."""
    accounts = _accounts(request.user)
    form = StatementImportForm(request.POST or None, request.FILES or None, accounts=accounts)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            account = next(a for a in accounts if a.pk == form.cleaned_data["account"])
            try:
                statement = reconciliation.import_statement(
                    account,
                    form.cleaned_data["file"],
                    acting_user=request.user,
                    mapping=form.mapping(),
                )
            except ValidationError as exc:
                errors = list(exc.messages)
                status = 400
            else:
                return redirect("payments_staff:statement", statement.pk)
        else:
            status = 400
    imports = (
        StatementImport.objects.filter(account__unit__in=_units(request.user))
        .select_related("account__unit", "uploaded_by")
        .order_by("-created_at")[:30]
    )
    return render(
        request,
        "payments/staff/statements.html",
        {
            "form": form,
            "accounts": accounts,
            "imports": imports,
            "errors": errors,
            "demo": getattr(settings, "PAYMENTS_DEMO_ENABLED", False),
            "open_lines": reconciliation.open_lines(request.user).count(),
        },
        status=status,
    )


@staff_required
@require_GET
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: its file, the columns used, each row with its result."""
    statement = (
        StatementImport.objects.filter(pk=pk, account__unit__in=_units(request.user))
        .select_related("account__unit", "uploaded_by")
        .first()
    )
    if statement is None:
        raise Http404
    lines = statement.lines.select_related("payment__charge__dossier").order_by("row_number")
    summary = [
        (LineStatus(key).label, value)
        for key, value in (statement.summary or {}).items()
        if key in LineStatus.values and value
    ]
    return render(
        request,
        "payments/staff/statement.html",
        {"statement": statement, "lines": lines, "summary": summary},
    )


@staff_required
@require_GET
def statement_file(request: HttpRequest, pk: int) -> Any:
    """The imported file, as kept."""
    from django.http import FileResponse

    statement = StatementImport.objects.filter(
        pk=pk, account__unit__in=_units(request.user)
    ).first()
    if statement is None or not statement.file:
        raise Http404
    return FileResponse(
        statement.file.open("rb"), as_attachment=True, filename=statement.original_name
    )


def _candidates(lines: list[StatementLine]) -> dict[str, Payment]:
    refs = {ref for line in lines for ref in (line.candidates or [])}
    return {
        p.reference: p
        for p in Payment.objects.filter(reference__in=refs).select_related("charge__dossier")
    }


@staff_required
@require_GET
def unmatched(request: HttpRequest) -> HttpResponse:
    """Rows awaiting a person: unmatched or ambiguous, with candidates."""
    lines = list(reconciliation.open_lines(request.user)[:200])
    candidates = _candidates(lines)
    for line in lines:
        line.candidate_payments = [  # type: ignore[attr-defined]
            candidates[r] for r in (line.candidates or []) if r in candidates
        ]
    return render(
        request,
        "payments/staff/unmatched.html",
        {"lines": lines, "form": MatchLineForm()},
    )


def _open_line(request: HttpRequest, pk: int) -> StatementLine:
    line = reconciliation.open_lines(request.user).filter(pk=pk).first()
    if line is None:
        raise Http404
    return line


@staff_required
@require_POST
def match(request: HttpRequest, pk: int) -> HttpResponse:
    """Match one row to the payment (reference) or dossier (code) typed."""
    line = _open_line(request, pk)
    form = MatchLineForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            payment = reconciliation.resolve_payment_for_line(
                line, form.cleaned_data["payment"], acting_user=request.user
            )
            line = reconciliation.match_line(line, payment, acting_user=request.user)
        except (ValidationError, PermissionDenied) as exc:
            errors = _messages_of(exc)
        else:
            messages.success(
                request,
                _("Row %(row)d matched to payment %(ref)s.")
                % {"row": line.row_number, "ref": payment.reference},
            )
            return redirect("payments_staff:unmatched")
    else:
        errors = [str(e) for errs in form.errors.values() for e in errs]
    lines = list(reconciliation.open_lines(request.user)[:200])
    candidates = _candidates(lines)
    for item in lines:
        item.candidate_payments = [  # type: ignore[attr-defined]
            candidates[r] for r in (item.candidates or []) if r in candidates
        ]
    return render(
        request,
        "payments/staff/unmatched.html",
        {
            "lines": lines,
            "form": form,
            "errors": errors,
            "error_line": line.pk,
            "typed": request.POST.get("payment", ""),
        },
        status=400,
    )


@staff_required
@require_POST
def ignore(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one row as not a fee payment."""
    line = _open_line(request, pk)
    reconciliation.ignore_line(line, acting_user=request.user)
    messages.success(
        request, _("Row %(row)d marked as not a fee payment.") % {"row": line.row_number}
    )
    return redirect("payments_staff:unmatched")


@staff_required
@require_GET
def sample_statement(request: HttpRequest) -> HttpResponse:
    """A DEMO statement (CSV) crediting the pending VietQR payments of the
    officer's units, so that reconciliation can be tried without a bank.
    Only when PAYMENTS_DEMO_ENABLED."""
    if not getattr(settings, "PAYMENTS_DEMO_ENABLED", False):
        raise Http404
    from motcua.payments.demo import sample_statement_csv

    payments = (
        Payment.objects.visible_to(request.user)
        .filter(provider=Provider.VIETQR, status=PaymentStatus.PENDING)
        .select_related("charge__dossier")
    )
    response = HttpResponse(sample_statement_csv(payments), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sao-ke-mau-DEMO.csv"'
    return response


# ------------------------------------------------------------------ refunds
def _refunds(user: Any) -> QuerySet[Refund]:
    return Refund.objects.filter(payment__charge__unit__in=_units(user)).select_related(
        "payment__charge__dossier", "payment__charge__unit", "requested_by", "decided_by"
    )


@staff_required
def refunds(request: HttpRequest) -> HttpResponse:
    """Refunds of the officer's units: to decide, to pay back, done."""
    rows = list(_refunds(request.user).order_by("-requested_at")[:200])
    for refund in rows:
        refund.may_decide = (  # type: ignore[attr-defined]
            refund.status == RefundStatus.REQUESTED
            and refund.requested_by_id != request.user.pk
            and has_role(request.user, REFUND_APPROVER_ROLES, refund.payment.charge.unit)
        )
        refund.may_complete = refund.status == RefundStatus.APPROVED  # type: ignore[attr-defined]
    return render(
        request,
        "payments/staff/refunds.html",
        {
            "refunds": rows,
            "decision_form": RefundDecisionForm(),
            "complete_form": RefundCompleteForm(),
        },
    )


def _refund(request: HttpRequest, pk: int) -> Refund:
    refund = _refunds(request.user).filter(pk=pk).first()
    if refund is None:
        raise Http404
    return refund


@staff_required
@require_POST
def refund_decide(request: HttpRequest, pk: int) -> HttpResponse:
    refund = _refund(request, pk)
    form = RefundDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or reject."))
        return redirect("payments_staff:refunds")
    from motcua.payments import actions

    try:
        actions.decide_refund(
            refund,
            acting_user=request.user,  # type: ignore[arg-type]
            approve=form.cleaned_data["approve"],
            note=form.cleaned_data["note"],
        )
    except (ValidationError, PermissionDenied) as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The decision has been recorded."))
    return redirect("payments_staff:refunds")


@staff_required
@require_POST
def refund_complete(request: HttpRequest, pk: int) -> HttpResponse:
    refund = _refund(request, pk)
    form = RefundCompleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter the number of the refund transfer or voucher."))
        return redirect("payments_staff:refunds")
    from motcua.payments import actions

    try:
        actions.complete_refund(
            refund,
            acting_user=request.user,  # type: ignore[arg-type]
            completion_ref=form.cleaned_data["completion_ref"],
        )
    except (ValidationError, PermissionDenied) as exc:
        for message in _messages_of(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("The refund has been recorded as paid back."))
    return redirect("payments_staff:refunds")


def counter_url(dossier: Dossier) -> str:
    return reverse("payments_staff:counter", args=[dossier.pk])
