"""Transports: e-mail through Django's mailers, SMS through one gateway
interface (SMPP, a configurable HTTP gateway, a development file, memory
for tests).

Every transport raises ``TransportError(reason, permanent=…)``: a permanent
error (an invalid address, a refusal the gateway will repeat) parks the
message for staff; any other is retried with backoff. Transports know
nothing of the database: they get an ``Envelope`` or ``Sms`` and return a
``SendResult``; inbound events (delivery receipts, mobile-originated SMS)
that an SMPP session reads are handed back through ``drain_events``.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import select
import smtplib
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from email.utils import parseaddr
from pathlib import Path
from typing import Any, ClassVar, Protocol

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.notifications import sms as smstext

logger = logging.getLogger(__name__)


class TransportError(Exception):
    """A message could not be handed over. ``permanent``: retrying cannot
    help (the address is invalid, the gateway refuses the content)."""

    def __init__(self, reason: str, *, permanent: bool) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent

    def __str__(self) -> str:
        return self.reason


@dataclass
class SendResult:
    provider_message_id: str = ""
    # SMS: the gateway's id of each part, for delivery receipts.
    part_ids: list[str] = field(default_factory=list)


@dataclass
class Envelope:
    """An e-mail ready to send."""

    message_id: int
    to: str
    subject: str
    text: str
    html: str = ""
    attachments: list[tuple[str, bytes, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)
    idempotency_key: str = ""


@dataclass
class Sms:
    """An SMS ready to send: ``to`` is +84…, ``text`` already final."""

    message_id: int
    to: str
    text: str
    sender: str = ""


@dataclass
class ReceiptEvent:
    provider_message_id: str
    delivered: bool
    state: str = ""
    error_code: str = ""
    raw: str = ""


@dataclass
class MobileOriginated:
    sender: str
    recipient: str
    text: str
    provider_id: str = ""


InboundEvent = ReceiptEvent | MobileOriginated


# ----------------------------------------------------------------- e-mail
def _mail_domain() -> str:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return address.rpartition("@")[2] or "localhost"


class EmailTransport:
    """Django's default mailer (``MAILERS["default"]``: SMTP in production,
    the file backend with ``make run``, locmem in tests). One connection
    serves a whole batch."""

    name = "email"

    def __init__(self, alias: str = "default") -> None:
        self.alias = alias
        self.connection: Any = None

    def open(self) -> None:
        from django.core.mail import mailers

        if self.connection is None:
            self.connection = mailers[self.alias]
        try:
            self.connection.open()
        except (OSError, smtplib.SMTPException) as exc:
            self._reset()
            raise TransportError(
                _("The mail server cannot be reached: %(error)s") % {"error": exc},
                permanent=False,
            ) from exc

    def close(self) -> None:
        if self.connection is not None:
            with contextlib.suppress(Exception):
                self.connection.close()

    def _reset(self) -> None:
        self.close()
        self.connection = None

    def build(self, envelope: Envelope) -> Any:
        from django.core.mail import EmailMultiAlternatives

        headers = {
            # A stable Message-ID: a server that sees the same message twice
            # (the at-least-once window, see actions.deliver) may drop one.
            "Message-ID": f"<motcua.{envelope.message_id}."
            f"{hashlib.sha256(envelope.idempotency_key.encode()).hexdigest()[:16]}@{_mail_domain()}>",
            **envelope.headers,
        }
        msg = EmailMultiAlternatives(
            subject=envelope.subject,
            body=envelope.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[envelope.to],
            headers=headers,
        )
        if envelope.html:
            msg.attach_alternative(envelope.html, "text/html")
        for filename, content, mimetype in envelope.attachments:
            msg.attach(filename, content, mimetype)
        return msg

    def send(self, envelope: Envelope) -> SendResult:
        try:
            validate_email(envelope.to)
        except ValidationError as exc:
            raise TransportError(
                _("Invalid e-mail address: %(address)s") % {"address": envelope.to},
                permanent=True,
            ) from exc
        if self.connection is None:
            self.open()
        msg = self.build(envelope)
        try:
            sent = self.connection.send_messages([msg])
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()), (0, b""))
            self._reset()
            raise TransportError(
                _("The mail server refused the address (%(code)s %(text)s).")
                % {"code": code, "text": _decode(text)},
                permanent=500 <= int(code) < 600,
            ) from exc
        except smtplib.SMTPResponseException as exc:
            self._reset()
            raise TransportError(
                _("The mail server answered %(code)s %(text)s.")
                % {"code": exc.smtp_code, "text": _decode(exc.smtp_error)},
                permanent=500 <= exc.smtp_code < 600,
            ) from exc
        except (OSError, smtplib.SMTPException) as exc:
            # Disconnected, timed out, refused: the server may be back later.
            self._reset()
            raise TransportError(
                _("The mail server cannot be reached: %(error)s") % {"error": exc or type(exc)},
                permanent=False,
            ) from exc
        except (ValueError, UnicodeError) as exc:
            raise TransportError(
                _("The e-mail cannot be built: %(error)s") % {"error": exc}, permanent=True
            ) from exc
        if not sent:
            raise TransportError(_("The mail backend sent nothing."), permanent=False)
        return SendResult(provider_message_id=str(msg.extra_headers.get("Message-ID", "")))


def _decode(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


# -------------------------------------------------------------------- SMS
class SmsGateway(Protocol):
    name: str

    def open(self) -> None: ...
    def close(self) -> None: ...
    def send(self, sms: Sms) -> SendResult: ...
    def drain_events(self) -> list[InboundEvent]: ...


class _BaseGateway:
    name = "base"

    def open(self) -> None:
        return None

    def close(self) -> None:
        return None

    def drain_events(self) -> list[InboundEvent]:
        return []


class NoGateway(_BaseGateway):
    """No SMS gateway configured: every SMS fails with that reason, so
    nothing is sent by accident and staff see why."""

    name = "none"

    def send(self, sms: Sms) -> SendResult:
        raise TransportError(
            _("No SMS gateway is configured (setting SMS_GATEWAY)."), permanent=True
        )


class MemoryGateway(_BaseGateway):
    """Tests: keeps what it sends in ``outbox`` (like ``mail.outbox``);
    errors put in ``fail_next`` are raised by the next sends."""

    name = "memory"
    outbox: ClassVar[list[Sms]] = []
    fail_next: ClassVar[list[TransportError]] = []
    events: ClassVar[list[InboundEvent]] = []

    def send(self, sms: Sms) -> SendResult:
        _e164(sms.to)  # an invalid number fails as on a real gateway
        if self.fail_next:
            raise self.fail_next.pop(0)
        MemoryGateway.outbox.append(sms)
        return SendResult(provider_message_id=f"mem-{len(self.outbox)}")

    def drain_events(self) -> list[InboundEvent]:
        events, MemoryGateway.events = list(MemoryGateway.events), []
        return events


class DevFileGateway(_BaseGateway):
    """Development only: appends each SMS as a JSON line to
    ``SMS_DEV_FILE`` (``var/sms/sms.jsonl``), shown at /dev/tin-nhan/.
    Nothing leaves the machine."""

    name = "dev-file"

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path or settings.SMS_DEV_FILE)

    def send(self, sms: Sms) -> SendResult:
        phone = _e164(sms.to)
        info = smstext.analyse(sms.text)
        ref = f"dev-{uuid.uuid4().hex[:12]}"
        line = json.dumps(
            {
                "id": ref,
                "message": sms.message_id,
                "time": timezone.now().isoformat(),
                "to": phone,
                "from": sms.sender,
                "text": sms.text,
                "encoding": info.encoding,
                "segments": info.segments,
            },
            ensure_ascii=False,
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            # Several workers may append at once.
            fcntl.flock(fh, fcntl.LOCK_EX)
            fh.write(line + "\n")
            fcntl.flock(fh, fcntl.LOCK_UN)
        return SendResult(provider_message_id=ref, part_ids=[ref])


def _e164(phone: str) -> str:
    from motcua.accounts.validators import normalise_phone

    try:
        return normalise_phone(phone)
    except ValidationError as exc:
        raise TransportError(
            _("Invalid phone number: %(phone)s") % {"phone": phone}, permanent=True
        ) from exc


def _format_phone(e164: str, style: str) -> str:
    """+84905123456 as the gateway wants it: ``e164``, ``84`` or ``0``."""
    national = e164[3:]
    return {"e164": e164, "84": f"84{national}", "0": f"0{national}"}.get(style, e164)


def _dig(data: Any, path: str) -> Any:
    """``data["a"]["b"][0]`` for the path ``a.b.0``; None when absent."""
    for part in path.split(".") if path else []:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def _fill(template: Any, values: dict[str, str]) -> Any:
    """Replace ``{name}`` in every string of a parsed JSON template, so
    values are JSON-escaped by ``json.dumps`` afterwards, never by hand."""
    if isinstance(template, str):
        out = template
        for key, value in values.items():
            out = out.replace("{" + key + "}", value)
        return out
    if isinstance(template, list):
        return [_fill(item, values) for item in template]
    if isinstance(template, dict):
        return {key: _fill(value, values) for key, value in template.items()}
    return template


class HttpGateway(_BaseGateway):
    """A brandname provider's HTTP API, described by settings (``SMS_HTTP``
    in settings.py, listed in docs/configuration.md): URL, method, a JSON or
    form body template with ``{to}``, ``{text}``, ``{sender}``, ``{ref}``,
    ``{segments}``, an auth header, and where the response says success,
    retry or the message id."""

    name = "http"

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = dict(config or settings.SMS_HTTP)

    def _request(self, sms: Sms, phone: str) -> urllib.request.Request:
        cfg = self.config
        values = {
            "to": _format_phone(phone, cfg.get("phone_format", "84")),
            "text": sms.text,
            "sender": sms.sender,
            "ref": str(sms.message_id),
            "segments": str(smstext.analyse(sms.text).segments),
        }
        headers = {"User-Agent": "motcua"}
        if cfg.get("body_format", "json") == "form":
            pairs = urllib.parse.parse_qsl(cfg["body_template"], keep_blank_values=True)
            body = urllib.parse.urlencode([(k, _fill(v, values)) for k, v in pairs]).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        else:
            body = json.dumps(_fill(json.loads(cfg["body_template"]), values)).encode()
            headers["Content-Type"] = "application/json"
        auth = cfg.get("auth_header") or ""
        if ":" in auth:
            name, _sep, value = auth.partition(":")
            headers[name.strip()] = value.strip()
        method = cfg.get("method", "POST")
        url = cfg["url"]
        if method == "GET":
            url = f"{url}{'&' if '?' in url else '?'}{body.decode()}"
            body = b""
        # The URL is the operator's setting; only http(s) is accepted (send()).
        return urllib.request.Request(  # noqa: S310
            url, data=body or None, headers=headers, method=method
        )

    def send(self, sms: Sms) -> SendResult:
        if not str(self.config.get("url", "")).startswith(("http://", "https://")):
            raise TransportError(
                _("SMS_HTTP_URL must be an http:// or https:// address."), permanent=True
            )
        phone = _e164(sms.to)
        request = self._request(sms, phone)
        try:
            with urllib.request.urlopen(  # noqa: S310 — the URL is the operator's setting
                request, timeout=self.config.get("timeout", 15)
            ) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as exc:
            status, raw = exc.code, exc.read()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TransportError(
                _("The SMS gateway cannot be reached: %(error)s")
                % {"error": getattr(exc, "reason", exc)},
                permanent=False,
            ) from exc
        text = raw.decode("utf-8", "replace")[:500]
        if status >= 500 or status in (408, 429):
            raise TransportError(
                _("The SMS gateway answered HTTP %(status)s: %(text)s")
                % {"status": status, "text": text},
                permanent=False,
            )
        if status >= 400:
            raise TransportError(
                _("The SMS gateway refused the message (HTTP %(status)s): %(text)s")
                % {"status": status, "text": text},
                permanent=True,
            )
        try:
            data = json.loads(raw) if raw.strip() else {}
        except ValueError:
            data = {}
        field_path = self.config.get("success_field")
        if field_path:
            value = str(_dig(data, field_path))
            if value not in self.config.get("success_values", []):
                error = _dig(data, self.config.get("error_field", "")) or text
                retry = value in self.config.get("retry_values", [])
                raise TransportError(
                    _("The SMS gateway answered %(value)s: %(error)s")
                    % {"value": value, "error": error},
                    permanent=not retry,
                )
        provider_id = _dig(data, self.config.get("id_field", ""))
        ref = str(provider_id) if provider_id not in (None, "") else ""
        return SendResult(provider_message_id=ref, part_ids=[ref] if ref else [])


# SMPP command statuses that mean "this message will never be accepted".
_SMPP_PERMANENT = {
    0x01,  # RINVMSGLEN
    0x0A,  # RINVSRCADR
    0x0B,  # RINVDSTADR
    0x43,  # RINVESMCLASS
    0x48,  # RINVSRCTON
    0x49,  # RINVSRCNPI
    0x50,  # RINVDSTTON
    0x51,  # RINVDSTNPI
    0xC2,  # RINVPARLEN
    0xC4,  # RINVOPTPARAMVAL
}


class SmppGateway(_BaseGateway):
    """SMPP 3.4 with smpplib: one transceiver bind per process, kept open
    between messages; concatenated messages carry a UDH (8-bit reference);
    Vietnamese with diacritics goes as UCS-2 (data_coding 8). Delivery
    receipts and mobile-originated SMS read on the session are collected
    and handed to the caller by ``drain_events``."""

    name = "smpp"

    def __init__(self, config: dict[str, Any] | None = None) -> None:
        self.config = dict(config or settings.SMPP)
        self.client: Any = None
        self.events: list[InboundEvent] = []
        self._responses: dict[int, tuple[int, str]] = {}
        self._lock = threading.RLock()
        self._ref = int(time.time()) % 256

    # -- session
    def open(self) -> None:
        with self._lock:
            if self.client is not None:
                return
            import smpplib.client

            cfg = self.config
            client = smpplib.client.Client(
                cfg["host"],
                int(cfg["port"]),
                timeout=cfg.get("timeout", 10),
                allow_unknown_opt_params=True,
                logger_name="motcua.notifications.smpp",
            )
            client.set_message_received_handler(self._on_deliver)
            client.set_message_sent_handler(self._on_response)
            client.set_error_pdu_handler(self._on_error_pdu)
            try:
                client.connect()
                client.bind_transceiver(
                    system_id=cfg.get("system_id", ""),
                    password=cfg.get("password", ""),
                    system_type=cfg.get("system_type", ""),
                )
            except Exception as exc:
                with contextlib.suppress(Exception):
                    client.disconnect()
                raise TransportError(
                    _("The SMSC cannot be reached or refused the bind: %(error)s") % {"error": exc},
                    permanent=False,
                ) from exc
            self.client = client

    def close(self) -> None:
        with self._lock:
            client, self.client = self.client, None
            if client is None:
                return
            with contextlib.suppress(Exception):
                client.unbind()
            with contextlib.suppress(Exception):
                client.disconnect()

    def _drop(self) -> None:
        client, self.client = self.client, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.disconnect()

    # -- smpplib callbacks (they run inside read_once)
    def _on_response(self, pdu: Any, **kwargs: Any) -> None:
        message_id = pdu.message_id
        if isinstance(message_id, bytes):
            message_id = message_id.decode("ascii", "replace")
        self._responses[pdu.sequence] = (int(pdu.status), message_id or "")

    def _on_error_pdu(self, pdu: Any) -> None:
        # submit_sm_resp with an error status, or generic_nack.
        self._responses[pdu.sequence] = (int(pdu.status), "")

    def _on_deliver(self, pdu: Any, **kwargs: Any) -> int:
        try:
            self.events.append(parse_deliver_sm(pdu))
        except Exception:  # a malformed PDU must not break the session
            logger.warning("unreadable deliver_sm", exc_info=True)
        return 0  # ESME_ROK; smpplib wants None or 0

    # -- sending
    def _encode_parts(self, text: str) -> tuple[list[bytes], int, int]:
        import smpplib.gsm

        parts = smstext.split(text)
        gsm = smstext.is_gsm7(text)
        encode = smpplib.gsm.gsm_encode if gsm else (lambda t: t.encode("utf-16-be"))
        coding = 0 if gsm else 8
        if len(parts) <= 1:
            return [encode(text)], coding, 0
        if len(parts) > 255:
            raise TransportError(_("The SMS is too long."), permanent=True)
        self._ref = (self._ref + 1) % 256
        udh = bytes([0x05, 0x00, 0x03, self._ref, len(parts)])
        encoded = [udh + bytes([i]) + encode(part) for i, part in enumerate(parts, start=1)]
        return encoded, coding, 0x40  # esm_class: UDH indicator

    def send(self, sms: Sms) -> SendResult:
        phone = _e164(sms.to)
        parts, coding, esm_class = self._encode_parts(sms.text)
        cfg = self.config
        with self._lock:
            self.open()
            client = self.client
            try:
                self._poll_locked()  # receipts waiting on the socket; detects a dead session
            except TransportError:
                self.open()
                client = self.client
            sequences: list[int] = []
            try:
                for part in parts:
                    pdu = client.send_message(
                        source_addr_ton=cfg.get("source_ton", 5),
                        source_addr_npi=cfg.get("source_npi", 0),
                        source_addr=sms.sender,
                        dest_addr_ton=1,  # international
                        dest_addr_npi=1,  # E.164
                        destination_addr=phone.lstrip("+"),
                        short_message=part,
                        data_coding=coding,
                        esm_class=esm_class,
                        registered_delivery=1,  # ask for a delivery receipt
                    )
                    sequences.append(pdu.sequence)
                deadline = time.monotonic() + cfg.get("timeout", 10)
                while any(seq not in self._responses for seq in sequences):
                    if time.monotonic() > deadline:
                        raise TransportError(_("The SMSC did not answer in time."), permanent=False)
                    client.read_once(auto_send_enquire_link=False)
            except TransportError:
                self._drop()
                raise
            except Exception as exc:
                # Connection lost or timed out mid-message: parts may have
                # been accepted, so a retry may duplicate them (at least once).
                self._drop()
                raise TransportError(
                    _("The SMPP session failed: %(error)s") % {"error": exc or type(exc)},
                    permanent=False,
                ) from exc
            answers = [self._responses.pop(seq) for seq in sequences]
        errors = [status for status, _id in answers if status != 0]
        if errors:
            status = errors[0]
            raise TransportError(
                _("The SMSC refused the message (command status 0x%(status)08X).")
                % {"status": status},
                permanent=status in _SMPP_PERMANENT,
            )
        ids = [message_id for _status, message_id in answers]
        return SendResult(provider_message_id=ids[0], part_ids=ids)

    # -- receiving
    def _poll_locked(self, wait: float = 0.0) -> None:
        client = self.client
        if client is None:
            return
        try:
            while True:
                readable, _w, _x = select.select([client._socket], [], [], wait)
                if not readable:
                    return
                client.read_once(auto_send_enquire_link=False)
                wait = 0.0
        except Exception as exc:
            self._drop()
            raise TransportError(
                _("The SMPP session failed: %(error)s") % {"error": exc or type(exc)},
                permanent=False,
            ) from exc

    def poll(self, wait: float = 0.0) -> list[InboundEvent]:
        """Read what the SMSC sent (receipts, MO) for up to ``wait`` s."""
        with self._lock:
            self.open()
            self._poll_locked(wait)
        return self.drain_events()

    def enquire_link(self) -> None:
        """Keep an idle session alive (SMSCs drop silent binds)."""
        import smpplib.smpp

        with self._lock:
            self.open()
            try:
                self.client.send_pdu(smpplib.smpp.make_pdu("enquire_link", client=self.client))
            except Exception as exc:
                self._drop()
                raise TransportError(str(exc), permanent=False) from exc

    def drain_events(self) -> list[InboundEvent]:
        with self._lock:
            events, self.events = self.events, []
        return events


def _text_of(pdu: Any) -> str:
    raw = pdu.short_message or b""
    payload = getattr(pdu, "message_payload", None)
    if not raw and payload:
        raw = payload
    if isinstance(raw, str):
        raw = raw.encode("latin-1", "replace")
    if int(getattr(pdu, "esm_class", 0) or 0) & 0x40 and raw:
        raw = raw[raw[0] + 1 :]  # drop the UDH of one part of a long MO
    coding = int(getattr(pdu, "data_coding", 0) or 0)
    if coding == 8:
        return raw.decode("utf-16-be", "replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def parse_receipt_text(text: str) -> dict[str, str]:
    """The SMPP 3.4 Appendix B receipt text ("id:… sub:… stat:DELIVRD err:000 …")."""
    fields: dict[str, str] = {}
    for token in text.replace(" date:", "_date:").split():
        key, sep, value = token.partition(":")
        if sep:
            fields[key.lower()] = value
    return fields


_DELIVERED_STATES = {"DELIVRD", "DELIVERED", "ACCEPTD", "2"}


def parse_deliver_sm(pdu: Any) -> InboundEvent:
    """A deliver_sm as a receipt (esm_class bit 2) or an MO message."""
    source = pdu.source_addr.decode() if isinstance(pdu.source_addr, bytes) else pdu.source_addr
    dest = (
        pdu.destination_addr.decode()
        if isinstance(pdu.destination_addr, bytes)
        else pdu.destination_addr
    )
    text = _text_of(pdu)
    if int(getattr(pdu, "esm_class", 0) or 0) & 0x04:
        fields = parse_receipt_text(text)
        receipted = getattr(pdu, "receipted_message_id", None)
        if isinstance(receipted, bytes):
            receipted = receipted.decode("ascii", "replace")
        state = fields.get("stat", "")
        tlv_state = getattr(pdu, "message_state", None)
        if not state and tlv_state is not None:
            state = str(tlv_state)
        return ReceiptEvent(
            provider_message_id=(receipted or fields.get("id", "")).strip("\x00"),
            delivered=state.upper() in _DELIVERED_STATES,
            state=state,
            error_code=fields.get("err", ""),
            raw=text[:500],
        )
    return MobileOriginated(sender=source or "", recipient=dest or "", text=text)


GATEWAYS: dict[str, type[_BaseGateway]] = {
    "": NoGateway,
    "none": NoGateway,
    "memory": MemoryGateway,
    "dev-file": DevFileGateway,
    "http": HttpGateway,
    "smpp": SmppGateway,
}

_gateway_cache: dict[str, Any] = {}
_gateway_lock = threading.Lock()


def get_sms_gateway() -> Any:
    """The configured gateway, one per process (an SMPP bind is reused
    between messages)."""
    name = settings.SMS_GATEWAY
    with _gateway_lock:
        gateway = _gateway_cache.get(name)
        if gateway is None:
            try:
                gateway = GATEWAYS[name]()
            except KeyError as exc:
                raise TransportError(
                    _("Unknown SMS gateway %(name)s (setting SMS_GATEWAY).") % {"name": name},
                    permanent=True,
                ) from exc
            _gateway_cache[name] = gateway
        return gateway


def reset_gateways() -> None:
    """Close and forget the cached gateways (tests, settings changes)."""
    with _gateway_lock:
        for gateway in _gateway_cache.values():
            with contextlib.suppress(Exception):
                gateway.close()
        _gateway_cache.clear()


__all__ = [
    "GATEWAYS",
    "EmailTransport",
    "Envelope",
    "MobileOriginated",
    "ReceiptEvent",
    "SendResult",
    "Sms",
    "TransportError",
    "get_sms_gateway",
    "reset_gateways",
]
