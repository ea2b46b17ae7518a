"""Payments API under ``/api/v1/``.

``POST /payments`` — start a payment of a dossier's open fee with an online
provider (``vietqr``, ``gateway``, ``demo`` when enabled). Who may: the
holder of the dossier's lookup key (``lookup_key`` in the body), or the
dossier's owner signed in (session cookie with the CSRF token, or
``Authorization: Bearer <token>`` from ``/tai-khoan/ma-api/``). Answers 201
with the payment reference and where to send the payer (``redirect_url``;
for VietQR also the QR ``payload`` and the transfer details).

``GET /payments/{reference}`` — a payment's status; same rule (``k`` query
parameter for the lookup key), staff of the collecting unit too.

``GET|POST /webhooks/payments/{provider}`` — the providers' server-to-server
notifications (signed; see ``payments.providers.gateway``). Answered with
HTTP 200 and the body the provider expects, whatever the outcome, so that
it stops retrying; an unknown provider, or one without notifications, 404.

A wrong key, another person's dossier and an unknown code or reference all
give the same 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.security import APIKeyCookie

from motcua.dossiers.api import BearerToken
from motcua.dossiers.models import Dossier
from motcua.payments.access import can_view_dossier_payments, can_view_payment
from motcua.payments.constants import PaymentStatus
from motcua.payments.models import Payment
from motcua.payments.providers import get_provider
from motcua.payments.providers.apply import process_webhook
from motcua.payments.providers.vietqr import VietQRProvider, qr_context

router = Router(tags=["payments"])

NOT_FOUND = "Không tìm thấy hồ sơ hoặc khoản thanh toán."


class _Anonymous:
    """Truthy marker: no account, access decided by the lookup key."""

    is_authenticated = False

    def __bool__(self) -> bool:
        return True


class PayerSession(APIKeyCookie):
    """The session of a signed-in citizen (CSRF-checked), or nobody: an
    anonymous caller is let through and must show the lookup key."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if getattr(request.user, "is_authenticated", False):
            return super()._get_key(request)  # checks CSRF for cookie-based writes
        return None

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if getattr(request.user, "is_authenticated", False):
            return request.user
        return _Anonymous()


PAYER_AUTH = [BearerToken(), PayerSession()]


# ---------------------------------------------------------------- schemas
class ErrorOut(Schema):
    detail: str


class ProblemOut(Schema):
    detail: str | list[dict[str, Any]]
    errors: list[str] = []


class StartIn(Schema):
    dossier_code: str = Field(max_length=64, description="Dossier code, e.g. SYT-260105-0001.")
    lookup_key: str = Field(
        "", max_length=16, description="The lookup key (not needed for the signed-in owner)."
    )
    provider: str = Field(max_length=16, description="vietqr, gateway or demo.")
    payer_name: str = Field("", max_length=200)


class VietQROut(Schema):
    payload: str = Field(description="EMVCo VietQR payload (CRC-16 included).")
    bank_bin: str
    bank_name: str
    account_number: str
    account_name: str
    amount: int
    transfer_note: str


class PaymentOut(Schema):
    reference: str
    dossier_code: str
    provider: str
    status: str = Field(
        description="pending, paid, failed, cancelled, expired, duplicate, refunded."
    )
    status_label: str
    amount: int = Field(description="Integer VND.")
    charge_status: str
    created_at: datetime
    paid_at: datetime | None
    transfer_note: str
    status_url: str
    receipt_url: str | None


class StartOut(PaymentOut):
    redirect_url: str = Field(description="Where to send the payer next.")
    vietqr: VietQROut | None = None


# ----------------------------------------------------------------- helpers
def _absolute(path: str) -> str:
    return path if path.startswith("http") else settings.SITE_URL + path


def _payment_out(payment: Payment, key: str = "") -> dict[str, Any]:
    from django.urls import reverse

    suffix = f"?k={key}" if key else ""
    receipt = None
    if payment.status == PaymentStatus.PAID and hasattr(payment, "receipt"):
        receipt = _absolute(reverse("payments:receipt", args=[payment.reference]) + suffix)
    return {
        "reference": payment.reference,
        "dossier_code": payment.charge.dossier.code or "",
        "provider": payment.provider,
        "status": payment.status,
        "status_label": str(PaymentStatus(payment.status).label),
        "amount": int(payment.amount),
        "charge_status": payment.charge.status,
        "created_at": payment.created_at,
        "paid_at": payment.paid_at,
        "transfer_note": payment.transfer_note,
        "status_url": _absolute(reverse("payments:status", args=[payment.reference]) + suffix),
        "receipt_url": receipt,
    }


# -------------------------------------------------------------- endpoints
@router.post(
    "/payments",
    auth=PAYER_AUTH,
    response={
        201: StartOut,
        400: ErrorOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ProblemOut,
        422: ProblemOut,
    },
    summary="Start a payment of a dossier's open fee",
)
def start_payment(request: HttpRequest, payload: StartIn) -> Any:
    """Creates (or reuses) a pending payment with ``provider``. 409 when
    the dossier owes nothing (paid, exempted, not yet assessed); 422 for a
    provider that is unknown or not available for the collecting unit."""
    from motcua.payments import actions
    from motcua.payments.selectors import payable_charge

    user = request.auth  # type: ignore[attr-defined]
    dossier = (
        Dossier.objects.select_related("unit")
        .filter(code=payload.dossier_code.strip().upper())
        .exclude(code__isnull=True)
        .first()
    )
    if dossier is None or not can_view_dossier_payments(
        user, dossier, key=payload.lookup_key.strip()
    ):
        raise HttpError(404, NOT_FOUND)
    charge = payable_charge(dossier)
    if charge is None:
        return Status(409, {"detail": "Hồ sơ không có khoản phí nào đang chờ nộp.", "errors": []})
    provider = get_provider(payload.provider.strip())
    if provider is None or not provider.online or not provider.is_available(charge.unit):
        message = "Hình thức thanh toán không có hoặc không dùng được cho hồ sơ này."
        return Status(422, {"detail": message, "errors": [message]})
    try:
        payment = actions.start_payment(
            charge,
            provider=provider.id,
            payer_name=payload.payer_name.strip() or dossier.applicant_name,
        )
    except ValidationError as exc:
        messages = [str(m) for m in exc.messages]
        return Status(409, {"detail": messages[0] if messages else "", "errors": messages})
    payment = Payment.objects.select_related("charge__dossier", "charge__unit").get(pk=payment.pk)
    result = provider.start_payment(payment, request)
    key = payload.lookup_key.strip() or dossier.lookup_key
    body = {**_payment_out(payment, key), "redirect_url": _absolute(result.redirect_url)}
    if isinstance(provider, VietQRProvider):
        context = qr_context(payment)
        account = context.get("account")
        if account is not None:
            body["vietqr"] = {
                "payload": context["payload"],
                "bank_bin": account.bank_bin,
                "bank_name": account.bank_name,
                "account_number": account.account_number,
                "account_name": account.account_name,
                "amount": int(payment.amount),
                "transfer_note": context["note"],
            }
    return Status(201, body)


@router.get(
    "/payments/{reference}",
    auth=PAYER_AUTH,
    response={200: PaymentOut, 400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ProblemOut},
    summary="A payment's status",
)
def payment_status(
    request: HttpRequest,
    reference: str,
    k: str = Query("", max_length=16, description="The dossier's lookup key."),
) -> Any:
    payment = (
        Payment.objects.select_related("charge__dossier", "charge__unit")
        .filter(reference=reference[:40])
        .first()
    )
    if payment is None:
        raise HttpError(404, NOT_FOUND)
    if not can_view_payment(request, payment, key=k.strip()):
        raise HttpError(404, NOT_FOUND)
    return _payment_out(payment, k.strip())


@router.api_operation(
    ["GET", "POST"],
    "/webhooks/payments/{provider}",
    response={200: dict[str, Any], 400: ErrorOut, 404: ErrorOut, 422: ProblemOut},
    summary="A payment provider's server-to-server notification",
)
# Called by the provider's server, never by a browser with our cookies: no
# CSRF check (the notification carries its own signature).
@csrf_exempt
def payment_webhook(request: HttpRequest, provider: str) -> Any:
    """Verified (signature, order, amount) and applied once; the answer is
    the provider's own (gateway: ``{"RspCode": "00", "Message": …}``)."""
    found = get_provider(provider)
    if found is None or not getattr(found, "accepts_webhooks", False):
        raise HttpError(404, "Không có nhà cung cấp thanh toán này.")
    if not found.is_available(None):
        raise HttpError(404, "Nhà cung cấp thanh toán này không được bật.")
    _payment, notification = process_webhook(found, request)
    response: HttpResponse = found.webhook_response(notification)
    return response
