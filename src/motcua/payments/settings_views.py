"""Payment settings at /can-bo/thanh-toan/cai-dat/ (namespace
``payments_staff``): the collecting bank accounts of a unit with their
statement columns, receipt series, fee reductions.

For system administrators (``SETTINGS_ROLES``) of the unit, scoped with
``Unit.objects.visible_to(user, roles=SETTINGS_ROLES)``: an officer
administering no unit gets 403, an object outside the administrator's
units 404. Every write goes through ``payments.actions.save_*`` (audit
``SETTINGS_CHANGED`` with old and new values)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from motcua.org.decorators import staff_required
from motcua.org.models import Unit
from motcua.payments import actions, selectors
from motcua.payments.models import BankAccount, FeeReduction, ReceiptSeries
from motcua.payments.settings_forms import (
    BankAccountForm,
    FeeReductionForm,
    ReceiptSeriesForm,
    date_format_label,
)
from motcua.procedures.models import Procedure

# Fields of the forms the actions' errors are attached to (by error code).
_ERROR_FIELDS = {
    "next_number": "next_number",
    "next_number_down": "next_number",
    "number_width": "number_width",
    "series_used": "symbol",
    "duplicate": "symbol",
    "percent": "percent",
}


def _units(request: HttpRequest) -> list[Unit]:
    units = list(selectors.settings_units(request.user).order_by("path"))
    if not units:
        raise PermissionDenied
    return units


def _apply_errors(form: Any, exc: ValidationError | PermissionDenied) -> list[str]:
    """Attach an action's refusal to the form's fields where it belongs;
    return the rest for the error summary."""
    if isinstance(exc, PermissionDenied):
        return [str(exc) or _("You may not do this.")]
    rest: list[str] = []
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            target = {"bank_bin": "bank", "bank_name": "bank"}.get(name, name)
            for error in errors:
                for message in error.messages:
                    if target in form.fields:
                        form.add_error(target, message)
                    else:
                        rest.append(message)
        return rest
    for error in exc.error_list:
        name = _ERROR_FIELDS.get(getattr(error, "code", "") or "") or ""
        for message in error.messages:
            if name and name in form.fields:
                form.add_error(name, message)
            else:
                rest.append(message)
    return rest


@staff_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The bank accounts, receipt series and fee reductions of the
    administrator's units."""
    units = _units(request)
    overview = selectors.settings_overview(request.user)
    labels = _mapping_labels()
    for item in overview["accounts"]:
        mapping = item.statement_mapping or {}
        item.mapping_display = [  # type: ignore[attr-defined]
            (
                label,
                date_format_label(str(mapping[key])) if key == "date_format" else mapping[key],
            )
            for key, label in labels
            if mapping.get(key) not in (None, "")
        ]
    return render(
        request,
        "payments/staff/settings_index.html",
        {"units": units, **overview},
    )


def _mapping_labels() -> list[tuple[str, str]]:
    """The statement columns in the words of the account form."""
    return [
        ("date", _("Date column")),
        ("amount", _("Credit amount column")),
        ("note", _("Transfer note column")),
        ("reference", _("Bank reference column")),
        ("header_row", _("Header row")),
        ("date_format", _("Date format")),
    ]


def _render_form(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    return render(request, f"payments/staff/{template}", context, status=status)


# ------------------------------------------------------------------ accounts
@staff_required
def account(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add (``pk=None``) or change a collecting bank account."""
    units = _units(request)
    existing = None
    if pk is not None:
        existing = BankAccount.objects.filter(pk=pk, unit__in=units).select_related("unit").first()
        if existing is None:
            raise Http404
    initial = BankAccountForm.initial_for(existing) if existing else {"is_active": True}
    form = BankAccountForm(
        request.POST or None, units=units, editing=existing is not None, initial=initial
    )
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            unit = None if existing else next(u for u in units if u.pk == data["unit"])
            try:
                saved = actions.save_bank_account(
                    existing,
                    acting_user=request.user,  # type: ignore[arg-type]
                    unit=unit,
                    bank_bin=data["bin"],
                    bank_name=data["name"],
                    account_number=data["account_number"],
                    account_name=data["account_name"],
                    is_active=data["is_active"],
                    statement_mapping=form.mapping(),
                )
            except (ValidationError, PermissionDenied) as exc:
                errors = _apply_errors(form, exc)
                status = 403 if isinstance(exc, PermissionDenied) else 400
            else:
                messages.success(
                    request,
                    _("The account %(account)s has been saved.") % {"account": str(saved)},
                )
                return redirect("payments_staff:settings")
        else:
            status = 400
    return _render_form(
        request,
        "settings_account.html",
        {"form": form, "account": existing, "errors": errors},
        status=status,
    )


# ------------------------------------------------------------------ series
@staff_required
def series(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add (``pk=None``) or change a receipt series."""
    units = _units(request)
    existing = None
    if pk is not None:
        existing = (
            ReceiptSeries.objects.filter(pk=pk, unit__in=units).select_related("unit").first()
        )
        if existing is None:
            raise Http404
    initial = (
        {
            "form_code": existing.form_code,
            "symbol": existing.symbol,
            "next_number": existing.next_number,
            "number_width": existing.number_width,
            "is_active": existing.is_active,
        }
        if existing
        else None
    )
    form = ReceiptSeriesForm(
        request.POST or None, units=units, editing=existing is not None, initial=initial
    )
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            unit = None if existing else next(u for u in units if u.pk == data["unit"])
            try:
                saved = actions.save_receipt_series(
                    existing,
                    acting_user=request.user,  # type: ignore[arg-type]
                    unit=unit,
                    form_code=data["form_code"],
                    symbol=data["symbol"],
                    next_number=data["next_number"],
                    number_width=data["number_width"],
                    is_active=data["is_active"],
                )
            except (ValidationError, PermissionDenied) as exc:
                errors = _apply_errors(form, exc)
                status = 403 if isinstance(exc, PermissionDenied) else 400
            else:
                messages.success(
                    request,
                    _("The receipt series %(series)s has been saved.") % {"series": str(saved)},
                )
                return redirect("payments_staff:settings")
        else:
            status = 400
    return _render_form(
        request,
        "settings_series.html",
        {"form": form, "series": existing, "errors": errors},
        status=status,
    )


# ------------------------------------------------------------------ reductions
@staff_required
def reduction(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add (``pk=None``) or change a fee reduction."""
    units = _units(request)
    procedures = list(
        Procedure.objects.filter(unit__in=units)
        .only("pk", "code", "name", "unit_id")
        .order_by("name")
    )
    existing = None
    if pk is not None:
        existing = (
            FeeReduction.objects.filter(pk=pk)
            .filter(Q(procedure__isnull=True) | Q(procedure__unit__in=units))
            .select_related("procedure")
            .first()
        )
        if existing is None:
            raise Http404
    initial = (
        {
            "name": existing.name,
            "percent": existing.percent,
            "legal_basis": existing.legal_basis,
            "procedure": existing.procedure_id,
            "applies_to_postal": existing.applies_to_postal,
            "is_active": existing.is_active,
        }
        if existing
        else None
    )
    form = FeeReductionForm(request.POST or None, procedures=procedures, initial=initial)
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = actions.save_fee_reduction(
                    existing,
                    acting_user=request.user,  # type: ignore[arg-type]
                    name=data["name"],
                    percent=data["percent"],
                    legal_basis=data["legal_basis"],
                    procedure=data["procedure"],
                    applies_to_postal=data["applies_to_postal"],
                    is_active=data["is_active"],
                )
            except (ValidationError, PermissionDenied) as exc:
                errors = _apply_errors(form, exc)
                status = 403 if isinstance(exc, PermissionDenied) else 400
            else:
                messages.success(
                    request,
                    _("The fee reduction “%(name)s” has been saved.") % {"name": saved.name},
                )
                return redirect("payments_staff:settings")
        else:
            status = 400
    return _render_form(
        request,
        "settings_reduction.html",
        {"form": form, "reduction": existing, "errors": errors},
        status=status,
    )
