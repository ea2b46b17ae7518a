"""Inbound SMS webhook: ``POST /api/v1/webhooks/sms``.

A brandname provider (or an SMS-to-HTTP bridge) posts each SMS a citizen
sends to the short code, and delivery receipts of what we sent, as JSON::

    {"type": "mo", "id": "abc123", "from": "84905123456", "to": "8088", "text": "TRACUU SYT-1"}
    {"type": "receipt", "id": "msg-42", "status": "delivered", "error": ""}

Authentication: ``X-Timestamp`` (Unix seconds, within five minutes) and
``X-Signature: sha256=<hex>``, the HMAC-SHA256 of ``"<timestamp>.<raw
body>"`` with the shared secret ``SMS_WEBHOOK_SECRET``. A bad or missing
signature gets 403 before the body is read, and changes nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Literal

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyHeader

from motcua.notifications import actions
from motcua.notifications.constants import InboundSource
from motcua.notifications.transports import ReceiptEvent

MAX_SKEW_SECONDS = 300


def sign(body: bytes, timestamp: str, secret: str) -> str:
    """The signature a sender puts in ``X-Signature`` (also for tests and
    for providers' integration guides)."""
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


class WebhookSignature(APIKeyHeader):
    """HMAC signature of the raw body with a timestamp against replays."""

    param_name = "X-Signature"

    def authenticate(self, request: HttpRequest, key: str | None) -> bool:
        secret = settings.SMS_WEBHOOK_SECRET
        timestamp = request.headers.get("X-Timestamp", "")
        if not secret:
            raise HttpError(403, "Webhook không được bật (chưa đặt SMS_WEBHOOK_SECRET).")
        try:
            fresh = abs(time.time() - int(timestamp)) <= MAX_SKEW_SECONDS
        except ValueError:
            fresh = False
        if not key or not fresh:
            raise HttpError(403, "Thiếu chữ ký hoặc dấu thời gian không hợp lệ.")
        if not hmac.compare_digest(key, sign(request.body, timestamp, secret)):
            raise HttpError(403, "Chữ ký không hợp lệ.")
        return True


router = Router(tags=["webhooks"])


class InboundSmsIn(Schema):
    type: Literal["mo", "receipt"] = "mo"
    id: str = Field("", max_length=100, description="The provider's id of this SMS or receipt.")
    sender: str = Field("", alias="from", max_length=32, description="Sender, e.g. 84905123456.")
    to: str = Field("", max_length=32, description="The short code or brandname it was sent to.")
    text: str = Field("", max_length=1000)
    status: str = Field("", max_length=32, description="Receipts: delivered, failed, DELIVRD…")
    error: str = Field("", max_length=32)


class InboundSmsOut(Schema):
    status: Literal["accepted"]
    command: str = ""
    answered: bool = False


class ErrorOut(Schema):
    detail: str


_DELIVERED = {"delivered", "delivrd", "success", "ok", "2"}


@router.post(
    "/webhooks/sms",
    auth=WebhookSignature(),
    response={200: InboundSmsOut, 400: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Inbound SMS and delivery receipts",
)
def sms_webhook(request: HttpRequest, payload: InboundSmsIn) -> dict[str, object]:
    """Receive an SMS sent to the short code (the command is answered by
    SMS through the outbox) or a delivery receipt. Idempotent on ``id``."""
    if payload.type == "receipt":
        if not payload.id:
            raise HttpError(400, "Biên nhận thiếu mã tin nhắn (id).")
        actions.record_receipt(
            ReceiptEvent(
                provider_message_id=payload.id,
                delivered=payload.status.lower() in _DELIVERED,
                state=payload.status,
                error_code=payload.error,
                raw=request.body.decode("utf-8", "replace")[:2000],
            )
        )
        return {"status": "accepted"}
    if not payload.sender or not payload.text.strip():
        raise HttpError(400, "Tin nhắn thiếu số gửi (from) hoặc nội dung (text).")
    inbound = actions.handle_inbound_sms(
        payload.sender,
        payload.text,
        source=InboundSource.WEBHOOK,
        recipient=payload.to,
        provider_id=payload.id,
    )
    return {"status": "accepted", "command": inbound.command, "answered": bool(inbound.reply_id)}
