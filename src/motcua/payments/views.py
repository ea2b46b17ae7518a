"""The payer's pages: pay a dossier's fees, follow one payment, download
the receipt (biên lai).

Who may open them: the applicant signed in with the account that owns the
dossier, or whoever holds its lookup key (``?k=``, printed on the
acknowledgement), or staff of the collecting unit (``payments.access``).
Anyone else gets a 404, so codes and references cannot be probed. Nothing
needs JavaScript: the status page refreshes itself with a meta refresh
while the payment is pending.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from motcua.dossiers.models import Dossier
from motcua.payments.access import can_view_dossier_payments, can_view_payment, request_key
from motcua.payments.constants import PaymentStatus, Provider
from motcua.payments.forms import ProviderChoiceForm
from motcua.payments.models import Payment
from motcua.payments.providers.base import get_provider, registered_providers
from motcua.payments.templatetags.payment_tags import dossier_payment_summary

# What each online provider means for the payer (shown under its name).
PROVIDER_HELP = {
    Provider.VIETQR: gettext_lazy(
        "Scan the QR code with your bank's app: the account, amount and transfer note are filled "
        "in. The payment is confirmed when the bank statement arrives (usually within a working day)."
    ),
    Provider.GATEWAY: gettext_lazy(
        "Pay by domestic card, international card or e-wallet on the payment gateway's page; "
        "confirmed at once."
    ),
    Provider.DEMO: gettext_lazy(
        "A test gateway served by this site, for trying the service: no money is taken."
    ),
}
STATUS_HELP = {
    PaymentStatus.PENDING: gettext_lazy(
        "We are waiting for the confirmation of your payment. This page refreshes by itself."
    ),
    PaymentStatus.PAID: gettext_lazy(
        "Your payment has been received. Download the receipt; your dossier continues."
    ),
    PaymentStatus.FAILED: gettext_lazy(
        "The payment did not go through and no money was taken. You can try again."
    ),
    PaymentStatus.CANCELLED: gettext_lazy("The payment was cancelled. You can try again."),
    PaymentStatus.EXPIRED: gettext_lazy(
        "The payment was not completed in time. If you have already transferred the money, it "
        "will be matched when the bank statement arrives; otherwise you can try again."
    ),
    PaymentStatus.DUPLICATE: gettext_lazy(
        "The fee had already been paid another way: this payment will be refunded to you."
    ),
    PaymentStatus.REFUNDED: gettext_lazy("This payment has been refunded."),
}
REFRESH_SECONDS = 10


def _with_key(url: str, key: str) -> str:
    return f"{url}?{urlencode({'k': key})}" if key else url


def _dossier(request: HttpRequest, code: str) -> Dossier:
    dossier = (
        Dossier.objects.submitted()
        .select_related("unit", "procedure")
        .filter(code=code.strip().upper())
        .first()
    )
    if dossier is None or not can_view_dossier_payments(
        request.user, dossier, key=request_key(request)
    ):
        raise Http404
    return dossier


def online_providers(unit: Any) -> list[tuple[str, str]]:
    """(id, label) of the providers a payer may choose for ``unit``."""
    choices = []
    for provider in registered_providers():
        if not provider.online or not provider.is_available(unit):
            continue
        try:
            label = str(Provider(provider.id).label)
        except ValueError:
            label = provider.id
        choices.append((provider.id, label))
    order: list[str] = [Provider.VIETQR, Provider.GATEWAY, Provider.DEMO]
    return sorted(choices, key=lambda c: order.index(c[0]) if c[0] in order else len(order))


@require_http_methods(["GET", "POST"])
@never_cache
def pay(request: HttpRequest, code: str) -> HttpResponse:
    """``/thanh-toan/ho-so/<code>/``: what the dossier owes and how to pay
    it; posting starts a payment with the chosen provider."""
    dossier = _dossier(request, code)
    key = request_key(request)
    summary = dossier_payment_summary(dossier, key=key)
    providers = online_providers(summary.charge.unit if summary.charge else dossier.unit)
    form = ProviderChoiceForm(request.POST or None, providers=providers)
    status = 200
    errors: list[str] = []
    if request.method == "POST":
        if not summary.is_open:
            errors.append(_("This fee has already been paid or is no longer due."))
            status = 409
        elif form.is_valid():
            from motcua.payments import actions

            provider_id = form.cleaned_data["provider"]
            try:
                payment = actions.start_payment(
                    summary.charge,  # type: ignore[arg-type]  # open: checked above
                    provider=provider_id,
                    payer_name=dossier.applicant_display,
                )
            except ValidationError as exc:
                errors.extend(exc.messages)
                status = 409
            else:
                provider = get_provider(provider_id)
                if provider is None:  # unregistered since the form was shown
                    raise Http404
                result = provider.start_payment(payment, request)
                if result.redirect_url:
                    return redirect(result.redirect_url)
                if result.template:
                    context = {
                        "payment": payment,
                        "dossier": dossier,
                        "charge": summary.charge,
                        "key": key,
                        "status_url": _with_key(
                            reverse("payments:status", args=[payment.reference]), key
                        ),
                        **result.context,
                    }
                    return render(request, result.template, context)
                return redirect(
                    _with_key(reverse("payments:status", args=[payment.reference]), key)
                )
        else:
            status = 400
    return render(
        request,
        "payments/public/pay.html",
        {
            "dossier": dossier,
            "summary": summary,
            "charge": summary.charge,
            "lines": list(summary.charge.lines.all()) if summary.charge else [],
            "form": form,
            "provider_help": {k: v for k, v in PROVIDER_HELP.items()},
            "errors": errors,
            "key": key,
        },
        status=status,
    )


def _payment(request: HttpRequest, reference: str) -> Payment:
    payment = (
        Payment.objects.select_related("charge__dossier__unit", "charge__unit")
        .filter(reference=reference)
        .first()
    )
    if payment is None or not can_view_payment(request, payment):
        raise Http404
    return payment


@require_GET
@never_cache
def status(request: HttpRequest, reference: str) -> HttpResponse:
    """``/thanh-toan/<reference>/``: one payment's status and what to do
    next; refreshes every 10 s while pending; the receipt once paid."""
    payment = _payment(request, reference)
    key = request_key(request)
    dossier = payment.charge.dossier
    receipt = getattr(payment, "receipt", None) if payment.status == PaymentStatus.PAID else None
    summary = dossier_payment_summary(dossier, key=key)
    return render(
        request,
        "payments/public/status.html",
        {
            "payment": payment,
            "dossier": dossier,
            "charge": payment.charge,
            "receipt": receipt,
            "receipt_url": _with_key(reverse("payments:receipt", args=[payment.reference]), key)
            if receipt
            else "",
            "help": STATUS_HELP.get(PaymentStatus(payment.status), ""),
            "refresh": REFRESH_SECONDS if payment.status == PaymentStatus.PENDING else None,
            "retry_url": summary.pay_url if summary.is_open else "",
            "is_pending": payment.status == PaymentStatus.PENDING,
            "is_paid": payment.status == PaymentStatus.PAID,
            "key": key,
        },
    )


@require_GET
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """``/thanh-toan/bien-lai/<reference>.pdf``: the receipt of a paid
    payment, as a PDF."""
    from motcua.payments.models import Receipt
    from motcua.payments.receipts import render_receipt_pdf

    payment = _payment(request, reference)
    found = Receipt.objects.select_related("series", "payment").filter(payment=payment).first()
    if found is None:
        raise Http404
    response = HttpResponse(render_receipt_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bien-lai-{payment.reference}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
