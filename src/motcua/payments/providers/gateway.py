"""``gateway``: an adapter for Vietnamese card / e-wallet gateways of the
common shape (signed redirect, signed return, signed server-to-server
notification — the shape VNPAY 2.1 made usual; several gateways copy it).

The flow:

1. ``start_payment`` redirects the payer to ``PAYMENTS_GATEWAY_URL`` with
   the order as query parameters, sorted by name, URL-encoded
   (``urllib.parse.urlencode``: spaces as ``+``), followed by the secure
   hash: ``HMAC-SHA512(PAYMENTS_GATEWAY_SECRET, <that query string>)`` in
   lower-case hex. Empty values are left out of the query and the hash.
2. The gateway sends the payer's browser back to
   ``/thanh-toan/ket-qua/gateway/`` (the *return*) and calls
   ``/api/v1/webhooks/payments/gateway`` server to server (the *IPN*,
   by GET or POST), both with the result and the same kind of hash over
   every parameter except the hash fields. Either may come first, or only
   one of them: both go through ``payments.providers.apply`` and
   ``payments.actions.confirm_payment``, which credits money once.
3. The IPN is answered with JSON ``{"RspCode": …, "Message": …}`` and HTTP
   200 whatever happened (the gateway retries on anything else):
   ``00`` confirmed (also for a reported failure, and for a second payment
   of a charge already paid, which is recorded and flagged for refund),
   ``02`` already confirmed, ``01`` order not found, ``04`` invalid amount,
   ``97`` invalid signature, ``99`` anything else.

Assumptions, configurable by subclassing (``prefix`` and ``FIELDS``): the
field names below, with the prefix ``vnp_``; the amount in VND × 100; the
dates ``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh; success is response code
``00`` (and transaction status ``00`` when the gateway sends one).

=================  ==================  =====================================
our name           on the wire         meaning
=================  ==================  =====================================
version            ``Version``         protocol version (``2.1.0``)
command            ``Command``         ``pay``
merchant           ``TmnCode``         PAYMENTS_GATEWAY_MERCHANT
amount             ``Amount``          VND × 100
currency           ``CurrCode``        ``VND``
order_ref          ``TxnRef``          ``Payment.reference``
order_info         ``OrderInfo``       ASCII text with the dossier code
order_type         ``OrderType``       ``other``
locale             ``Locale``          ``vn``
return_url         ``ReturnUrl``       our return page
ip                 ``IpAddr``          the payer's address
create_date        ``CreateDate``      now
expire_date        ``ExpireDate``      now + PAYMENTS_PENDING_MINUTES
hash               ``SecureHash``      HMAC-SHA512, hex
hash_type          ``SecureHashType``  optional, ignored
response_code      ``ResponseCode``    ``00`` = paid
transaction_status ``TransactionStatus`` ``00`` = paid (optional)
transaction_no     ``TransactionNo``   the gateway's transaction number
bank_code          ``BankCode``        payer's bank (informative)
pay_date           ``PayDate``         when paid (informative)
=================  ==================  =====================================

Settings: ``PAYMENTS_GATEWAY_URL``, ``PAYMENTS_GATEWAY_MERCHANT``,
``PAYMENTS_GATEWAY_SECRET`` (``env_secret``: also ``…_FILE``). The provider
is unavailable while any of them is empty.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone

from motcua.payments.constants import CallbackOutcome
from motcua.payments.providers.base import Notification, PaymentProvider, StartResult
from motcua.payments.vietqr import ascii_note

if TYPE_CHECKING:
    from django.http import HttpRequest

    from motcua.payments.models import Payment

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"

# IPN answers (what the gateway expects so that it stops retrying).
IPN_ANSWERS: dict[str, tuple[str, str]] = {
    CallbackOutcome.APPLIED: ("00", "Confirm Success"),
    CallbackOutcome.FAILED_PAYMENT: ("00", "Confirm Success"),
    CallbackOutcome.DUPLICATE: ("00", "Confirm Success"),
    CallbackOutcome.ALREADY_APPLIED: ("02", "Order already confirmed"),
    CallbackOutcome.UNKNOWN_ORDER: ("01", "Order not found"),
    CallbackOutcome.AMOUNT_MISMATCH: ("04", "Invalid amount"),
    CallbackOutcome.BAD_SIGNATURE: ("97", "Invalid signature"),
    CallbackOutcome.INVALID: ("99", "Invalid request"),
}


def sign(params: dict[str, str], secret: str) -> str:
    """HMAC-SHA512 (hex) of the sorted, URL-encoded, non-empty ``params``."""
    return hmac.new(secret.encode(), canonical_query(params).encode(), hashlib.sha512).hexdigest()


def canonical_query(params: dict[str, str]) -> str:
    return urlencode(sorted((k, str(v)) for k, v in params.items() if v not in ("", None)))


def local_stamp(moment: datetime) -> str:
    return timezone.localtime(moment, VN_TZ).strftime(DATE_FORMAT)


def parse_stamp(value: str) -> datetime | None:
    try:
        return datetime.strptime(value, DATE_FORMAT).replace(tzinfo=VN_TZ)
    except (TypeError, ValueError):
        return None


def request_params(request: HttpRequest) -> dict[str, str]:
    """The parameters of a return or a notification: the query string, a
    form body, or a JSON object body (gateways differ)."""
    params: dict[str, str] = {k: str(request.GET.get(k, "")) for k in request.GET}
    if request.method == "POST":
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith("application/json"):
            try:
                body = json.loads(request.body or b"{}")
            except (ValueError, UnicodeDecodeError):
                body = None
            if isinstance(body, dict):
                params.update({str(k): str(v) for k, v in body.items() if v is not None})
        else:
            params.update({k: str(request.POST.get(k, "")) for k in request.POST})
    return params


class SignedRedirectProvider(PaymentProvider):
    """The signed redirect-and-callback protocol; ``gateway`` and ``demo``
    differ only in where the payer is sent and which secret signs."""

    prefix: ClassVar[str] = "vnp_"
    version: ClassVar[str] = "2.1.0"
    accepts_webhooks: ClassVar[bool] = True
    FIELDS: ClassVar[dict[str, str]] = {
        "version": "Version",
        "command": "Command",
        "merchant": "TmnCode",
        "amount": "Amount",
        "currency": "CurrCode",
        "order_ref": "TxnRef",
        "order_info": "OrderInfo",
        "order_type": "OrderType",
        "locale": "Locale",
        "return_url": "ReturnUrl",
        "ip": "IpAddr",
        "create_date": "CreateDate",
        "expire_date": "ExpireDate",
        "hash": "SecureHash",
        "hash_type": "SecureHashType",
        "response_code": "ResponseCode",
        "transaction_status": "TransactionStatus",
        "transaction_no": "TransactionNo",
        "bank_code": "BankCode",
        "pay_date": "PayDate",
    }

    # -- configuration (overridden by the demo provider)
    def secret(self) -> str:
        raise NotImplementedError

    def merchant(self) -> str:
        raise NotImplementedError

    def gateway_url(self, payment: Payment) -> str:
        raise NotImplementedError

    def f(self, name: str) -> str:
        """The wire name of one of our field names."""
        return self.prefix + self.FIELDS[name]

    def return_url(self) -> str:
        return settings.SITE_URL + reverse("payments_providers:return", args=[self.id])

    # -- signing
    def sign(self, params: dict[str, str]) -> str:
        return sign(params, self.secret())

    def signed_query(self, params: dict[str, str]) -> str:
        """The query string with the hash appended."""
        return canonical_query(params) + "&" + urlencode({self.f("hash"): self.sign(params)})

    def verify(self, params: dict[str, str]) -> bool:
        """Whether ``params`` carry a valid hash of all the other fields
        (constant-time comparison)."""
        given = params.get(self.f("hash"), "")
        if not given or not self.secret():
            return False
        unsigned = {
            k: v for k, v in params.items() if k not in (self.f("hash"), self.f("hash_type"))
        }
        return hmac.compare_digest(given.lower().encode(), self.sign(unsigned).encode())

    # -- the order sent to the gateway
    def order_params(
        self, payment: Payment, *, ip: str = "", now: datetime | None = None
    ) -> dict[str, str]:
        now = now or timezone.now()
        minutes = int(getattr(settings, "PAYMENTS_PENDING_MINUTES", 30) or 30)
        expires = payment.expires_at or now + timedelta(minutes=minutes)
        dossier = payment.charge.dossier
        info = ascii_note(f"Thanh toan phi ho so {dossier.code or payment.reference}", 255)
        return {
            self.f("version"): self.version,
            self.f("command"): "pay",
            self.f("merchant"): self.merchant(),
            self.f("amount"): str(int(payment.amount) * 100),
            self.f("currency"): "VND",
            self.f("order_ref"): payment.reference,
            self.f("order_info"): info,
            self.f("order_type"): "other",
            self.f("locale"): "vn",
            self.f("return_url"): self.return_url(),
            self.f("ip"): ip or "127.0.0.1",
            self.f("create_date"): local_stamp(now),
            self.f("expire_date"): local_stamp(expires),
        }

    def redirect_url(self, payment: Payment, *, ip: str = "", now: datetime | None = None) -> str:
        base = self.gateway_url(payment)
        joiner = "&" if "?" in base else "?"
        return base + joiner + self.signed_query(self.order_params(payment, ip=ip, now=now))

    def start_payment(self, payment: Payment, request: HttpRequest | None) -> StartResult:
        ip = request.META.get("REMOTE_ADDR", "") if request is not None else ""
        return StartResult(redirect_url=self.redirect_url(payment, ip=ip))

    # -- what comes back
    def notification_from(self, params: dict[str, str]) -> Notification:
        """Verify and translate a return or an IPN. Never writes."""
        payload = dict(params)
        reference = params.get(self.f("order_ref"), "")[:40]
        if not self.verify(params):
            return Notification(
                outcome=CallbackOutcome.BAD_SIGNATURE, reference=reference, payload=payload
            )
        if params.get(self.f("merchant"), "") != self.merchant():
            return Notification(
                outcome=CallbackOutcome.INVALID, reference=reference, payload=payload
            )
        raw_amount = params.get(self.f("amount"), "")
        if not reference or not raw_amount.isdigit():
            return Notification(
                outcome=CallbackOutcome.INVALID, reference=reference, payload=payload
            )
        cents = int(raw_amount)
        code = params.get(self.f("response_code"), "")
        status = params.get(self.f("transaction_status"), "00")
        paid = code == "00" and status == "00"
        notification = Notification(
            outcome=CallbackOutcome.APPLIED if paid else CallbackOutcome.FAILED_PAYMENT,
            reference=reference,
            amount=cents // 100,
            provider_ref=params.get(self.f("transaction_no"), "")[:100],
            paid=paid,
            payload=payload,
            message=code,
        )
        if cents % 100:
            # Not a whole number of đồng: cannot equal any amount of ours.
            notification.outcome = CallbackOutcome.AMOUNT_MISMATCH
        return notification

    def handle_return(self, request: HttpRequest) -> Notification:
        return self.notification_from(request_params(request))

    def handle_webhook(self, request: HttpRequest) -> Notification:
        return self.notification_from(request_params(request))

    def webhook_response(self, notification: Notification) -> HttpResponse:
        code, message = IPN_ANSWERS.get(notification.outcome, ("99", "Unknown error"))
        return JsonResponse({"RspCode": code, "Message": message}, status=200)

    # -- for the demo gateway and for tests: what a gateway sends back
    def result_params(
        self,
        order: dict[str, str],
        *,
        paid: bool,
        transaction_no: str,
        now: datetime | None = None,
        bank_code: str = "NCB",
    ) -> dict[str, str]:
        """The parameters (with hash) a gateway of this shape sends back
        for ``order`` (the parameters it was given)."""
        now = now or timezone.now()
        params = {
            self.f("merchant"): order.get(self.f("merchant"), ""),
            self.f("amount"): order.get(self.f("amount"), ""),
            self.f("order_ref"): order.get(self.f("order_ref"), ""),
            self.f("order_info"): order.get(self.f("order_info"), ""),
            self.f("bank_code"): bank_code,
            self.f("response_code"): "00" if paid else "24",
            self.f("transaction_status"): "00" if paid else "02",
            self.f("transaction_no"): transaction_no,
            self.f("pay_date"): local_stamp(now),
        }
        params[self.f("hash")] = self.sign(params)
        return params


class GatewayProvider(SignedRedirectProvider):
    """The configured online gateway (card, QR wallet, internet banking)."""

    id = "gateway"
    online = True

    def secret(self) -> str:
        return getattr(settings, "PAYMENTS_GATEWAY_SECRET", "") or ""

    def merchant(self) -> str:
        return getattr(settings, "PAYMENTS_GATEWAY_MERCHANT", "") or ""

    def gateway_url(self, payment: Payment) -> str:
        return getattr(settings, "PAYMENTS_GATEWAY_URL", "") or ""

    def is_available(self, unit: Any = None) -> bool:
        return bool(self.secret() and self.merchant() and self.gateway_url(None))  # type: ignore[arg-type]
