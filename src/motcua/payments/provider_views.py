"""Pages of the providers themselves: the return from a gateway, the
VietQR transfer page, and the demo gateway (a stand-in for a bank's page,
served by motcua, named as such).

- ``/thanh-toan/ket-qua/<provider>/``: the payer's browser back from the
  gateway with the signed result; applied like the server notification
  (whichever comes first credits, the other is a repeat), then redirected to
  the payer's status page ``payments:status``.
- ``/thanh-toan/vietqr/<reference>/``: the QR, bank, account, holder, amount
  and the note to type; confirmed later by statement reconciliation.
- ``/thanh-toan/cong-demo/<reference>/``: the demo gateway's payment page
  (``providers.demo``); only while ``PAYMENTS_DEMO_ENABLED``.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from motcua.payments.access import can_view_payment, request_key
from motcua.payments.constants import CallbackOutcome, PaymentStatus
from motcua.payments.models import Payment
from motcua.payments.providers import get_provider
from motcua.payments.providers.apply import process_return, process_webhook_params
from motcua.payments.providers.gateway import SignedRedirectProvider, parse_stamp, request_params
from motcua.payments.providers.vietqr import qr_context


def _status_url(payment: Payment) -> str:
    """The payer's status page, with the lookup key: the browser comes back
    from the gateway without its session's context (the signed return
    proves it is the payer's own round trip)."""
    url = reverse("payments:status", args=[payment.reference])
    key = payment.charge.dossier.lookup_key
    return f"{url}?{urlencode({'k': key})}" if key else url


@csrf_exempt  # gateways may POST the return; it carries its own signature
@require_http_methods(["GET", "POST"])
@never_cache
def payment_return(request: HttpRequest, provider: str) -> HttpResponse:
    """The payer's browser back from ``provider`` with the signed result."""
    found = get_provider(provider)
    if not isinstance(found, SignedRedirectProvider):
        raise Http404
    payment, notification = process_return(found, request)
    if payment is None or notification.outcome in (
        CallbackOutcome.BAD_SIGNATURE,
        CallbackOutcome.INVALID,
        CallbackOutcome.UNKNOWN_ORDER,
    ):
        return render(
            request,
            "payments/providers/return_error.html",
            {"outcome": notification.outcome},
            status=400,
        )
    return HttpResponseRedirect(_status_url(payment))


@require_GET
@never_cache
def vietqr_page(request: HttpRequest, reference: str) -> HttpResponse:
    """The VietQR code and transfer details of one payment."""
    payment = (
        Payment.objects.select_related("charge__dossier", "charge__unit")
        .filter(reference=reference, provider="vietqr")
        .first()
    )
    if payment is None or not can_view_payment(request, payment):
        raise Http404
    context = qr_context(payment)
    key = request_key(request)
    status_url = reverse("payments:status", args=[payment.reference])
    context.update(
        {
            "dossier": payment.charge.dossier,
            "status_url": f"{status_url}?{urlencode({'k': key})}" if key else status_url,
            "is_pending": payment.status == PaymentStatus.PENDING,
        }
    )
    return render(
        request,
        "payments/providers/vietqr.html",
        context,
        status=200 if context.get("account") else 409,
    )


def _demo_provider() -> SignedRedirectProvider:
    provider = get_provider("demo")
    if not isinstance(provider, SignedRedirectProvider) or not provider.is_available(None):
        raise Http404
    return provider


def _safe_return_url(request: HttpRequest, url: str) -> bool:
    hosts = {request.get_host(), urlsplit(settings.SITE_URL).netloc}
    return url_has_allowed_host_and_scheme(url, allowed_hosts=hosts, require_https=False)


@require_http_methods(["GET", "POST"])
@never_cache
def demo_gateway(request: HttpRequest, reference: str) -> HttpResponse:
    """The demo gateway's page: the signed order, its amount, and two
    buttons (paid / failed). Posting delivers the signed notification
    in-process, then redirects to the signed return URL."""
    provider = _demo_provider()
    params = request_params(request)
    choice = params.pop("outcome", "")
    params.pop("csrfmiddlewaretoken", None)
    order_ref = params.get(provider.f("order_ref"), "")
    return_url = params.get(provider.f("return_url"), "")
    valid = (
        provider.verify(params)
        and order_ref == reference
        and params.get(provider.f("merchant")) == provider.merchant()
        and params.get(provider.f("amount"), "").isdigit()
        and _safe_return_url(request, return_url)
    )
    if not valid:
        return render(
            request, "payments/providers/demo_gateway.html", {"invalid": True}, status=400
        )
    expires = parse_stamp(params.get(provider.f("expire_date"), ""))
    expired = expires is not None and expires < timezone.now()
    amount = int(params[provider.f("amount")]) // 100
    context = {
        "reference": reference,
        "amount": amount,
        "order_info": params.get(provider.f("order_info"), ""),
        "merchant": params.get(provider.f("merchant"), ""),
        "expired": expired,
        "fields": sorted(params.items()),
    }
    if request.method == "POST":
        if choice not in ("success", "failure") or (expired and choice == "success"):
            context["error"] = True
            return render(request, "payments/providers/demo_gateway.html", context, status=400)
        result = provider.result_params(
            params,
            paid=choice == "success",
            transaction_no=f"{secrets.randbelow(10**8):08d}",
        )
        # The gateway's server-to-server notification, delivered in-process
        # (see providers.demo), then the browser's return.
        process_webhook_params(provider, result)
        joiner = "&" if "?" in return_url else "?"
        return HttpResponseRedirect(return_url + joiner + urlencode(result))
    return render(request, "payments/providers/demo_gateway.html", context)
