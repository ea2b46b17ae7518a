"""Real servers on loopback for tests and benchmarks: an SMTP server
(aiosmtpd), an SMPP 3.4 SMSC simulator (smpp34, a Rust-backed asyncio
server) and a scriptable HTTP SMS gateway. Each can be stopped and started
again on the same port, to test a gateway that is down and comes back.

aiosmtpd's ``Controller(port=0)`` does not report the port it got, so a
free port is found first (stack-notes: "bind a free port first")."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import json
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

logger = logging.getLogger(__name__)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------- SMTP
@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    at: float = field(default_factory=time.monotonic)

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=email.policy.default)  # type: ignore[return-value]


class SmtpServer:
    """aiosmtpd on 127.0.0.1. ``received`` lists accepted messages.
    ``on_data(mail) -> str | None`` may answer instead of "250 OK" (e.g.
    "451 …") — the message is then not counted as received.
    ``refuse`` lists recipients answered with 550."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.received: list[ReceivedMail] = []
        self.refuse: set[str] = set()
        self.on_data: Callable[[ReceivedMail], str | None] | None = None
        self.delay = 0.0
        self._lock = threading.Lock()
        self._controller: Any = None

    def start(self) -> SmtpServer:
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_RCPT(
                self, srv: Any, session: Any, envelope: Any, address: str, options: Any
            ) -> str:
                if address.lower() in server.refuse:
                    return "550 5.1.1 Khong co hop thu nay"
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, srv: Any, session: Any, envelope: Any) -> str:
                mail = ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), envelope.content)
                if server.delay:
                    await asyncio.sleep(server.delay)
                if server.on_data is not None:
                    answer = server.on_data(mail)
                    if answer:
                        return answer
                with server._lock:
                    server.received.append(mail)
                return "250 OK"

        self._controller = Controller(
            Handler(), hostname="127.0.0.1", port=self.port, ready_timeout=10
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def mailer_settings(self, timeout: int = 5) -> dict[str, Any]:
        """``settings.MAILERS`` pointing Django at this server."""
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": timeout},
            }
        }


# ------------------------------------------------------------------- SMPP
@dataclass
class Submit:
    session_id: str
    source_addr: str
    destination_addr: str
    esm_class: int
    data_coding: int
    registered_delivery: int
    short_message: bytes
    message_id: str = ""
    at: float = field(default_factory=time.monotonic)


@dataclass
class SmppSimulator:
    """An SMSC on 127.0.0.1 speaking SMPP 3.4 (smpp34's server) in a thread.

    Accepts every bind. Each submit_sm is recorded in ``submits`` and
    answered with an id ``sim-N``, or rejected with ``reject_status``; if
    the submit asks for a receipt, a deliver_sm receipt follows (``stat:
    DELIVRD``, or ``UNDELIV`` for numbers in ``undeliverable``).
    ``send_mo`` pushes a mobile-originated SMS to the bound ESMEs."""

    port: int = field(default_factory=free_port)
    submits: list[Submit] = field(default_factory=list)
    reject_status: int = 0
    undeliverable: set[str] = field(default_factory=set)
    receipts: bool = True

    def __post_init__(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._server: Any = None
        self._sessions: dict[str, Any] = {}
        self._stop_future: Any = None
        self._ready = threading.Event()
        self._counter = 0

    def start(self) -> SmppSimulator:
        self._ready.clear()
        self._thread = threading.Thread(target=self._run, name="smpp-sim", daemon=True)
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("SMPP simulator did not start")
        return self

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve())
        except asyncio.CancelledError:
            pass
        finally:
            loop.close()

    async def _serve(self) -> None:
        import smpp34

        loop = asyncio.get_running_loop()
        self._stop_future = loop.create_future()
        self._server = smpp34.Server(host="127.0.0.1", port=self.port, system_id="SIMSMSC")
        await self._server.start()
        self._ready.set()
        pending: set[asyncio.Task[Any]] = set()
        while True:
            next_event = asyncio.ensure_future(self._server.next())
            done, _ = await asyncio.wait(
                {next_event, self._stop_future}, return_when=asyncio.FIRST_COMPLETED
            )
            if self._stop_future in done:
                next_event.cancel()
                break
            try:
                event = next_event.result()
            except Exception:  # a broken session must not stop the SMSC
                logger.debug("SMPP simulator: event failed", exc_info=True)
                continue
            if isinstance(event, smpp34.Esme):
                self._sessions[event.session_id] = event
            elif isinstance(event, smpp34.Unbound):
                self._sessions.pop(event.session_id, None)
            elif isinstance(event, smpp34.SubmitSmEvent):
                receipt = self._on_submit(event)
                if receipt is not None:
                    # Sent from its own task: the SMSC keeps accepting submits
                    # while a receipt waits for the ESME's deliver_sm_resp.
                    task = asyncio.ensure_future(receipt)
                    pending.add(task)
                    task.add_done_callback(pending.discard)
        for task in list(pending):
            task.cancel()
        for esme in list(self._sessions.values()):
            with contextlib.suppress(Exception):  # the peer may be gone already
                await asyncio.wait_for(esme.unbind(), 1)
        with contextlib.suppress(Exception):  # stopping is best effort
            await asyncio.wait_for(self._server.stop(), 5)

    def _on_submit(self, event: Any) -> Any:
        submit = Submit(
            session_id=event.session_id,
            source_addr=event.source_addr,
            destination_addr=event.destination_addr,
            esm_class=event.esm_class,
            data_coding=event.data_coding,
            registered_delivery=event.registered_delivery,
            short_message=bytes(event.short_message),
        )
        if self.reject_status:
            event.reject(self.reject_status)
            self.submits.append(submit)
            return None
        self._counter += 1
        submit.message_id = f"sim-{self._counter}"
        event.accept(message_id=submit.message_id)
        self.submits.append(submit)
        esme = self._sessions.get(event.session_id)
        if not (self.receipts and submit.registered_delivery & 1 and esme is not None):
            return None
        stat = "UNDELIV" if submit.destination_addr in self.undeliverable else "DELIVRD"
        err = "001" if stat == "UNDELIV" else "000"
        text = (
            f"id:{submit.message_id} sub:001 dlvrd:001 submit date:2601011200 "
            f"done date:2601011201 stat:{stat} err:{err} text:"
        )

        async def send_receipt() -> None:
            # The ESME may have gone away; a real SMSC would retry later.
            with contextlib.suppress(Exception):
                await esme.deliver_sm(
                    destination_addr=submit.source_addr,
                    source_addr=submit.destination_addr,
                    esm_class=0x04,
                    short_message=text.encode(),
                )

        return send_receipt()

    def send_mo(self, sender: str, text: str, *, short_code: str = "8088") -> None:
        """A citizen texts ``text`` from ``sender`` (e.g. 84905123456)."""
        if not self._sessions:
            raise RuntimeError("no ESME bound")
        ascii_only = all(ord(ch) < 128 for ch in text)
        payload = text.encode("ascii") if ascii_only else text.encode("utf-16-be")

        async def push() -> None:
            for esme in list(self._sessions.values()):
                with contextlib.suppress(Exception):  # the ESME went away
                    await esme.deliver_sm(
                        destination_addr=short_code,
                        source_addr=sender,
                        data_coding=0 if ascii_only else 8,
                        short_message=payload,
                    )
                return

        assert self._loop is not None
        # Not waited for: the ESME answers the deliver_sm only when it reads.
        asyncio.run_coroutine_threadsafe(push(), self._loop)

    def wait_for_submits(self, n: int, timeout: float = 10) -> list[Submit]:
        deadline = time.monotonic() + timeout
        while len(self.submits) < n and time.monotonic() < deadline:
            time.sleep(0.02)
        return list(self.submits)

    def wait_bound(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while not self._sessions and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self) -> None:
        loop = self._loop
        if loop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop has already ended
            loop.call_soon_threadsafe(
                lambda: self._stop_future.done() or self._stop_future.set_result(None)
            )
        if self._thread is not None:
            self._thread.join(15)
        self._sessions.clear()
        self._loop = None

    def __enter__(self) -> SmppSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def smpp_settings(self, timeout: int = 5) -> dict[str, Any]:
        return {
            "host": "127.0.0.1",
            "port": self.port,
            "system_id": "motcua",
            "password": "secret",
            "system_type": "",
            "source_ton": 5,
            "source_npi": 0,
            "timeout": timeout,
        }


def reassemble(submits: list[Submit]) -> str:
    """The text of a (possibly concatenated) message from its submit_sm."""
    parts = []
    for submit in submits:
        body = submit.short_message
        if submit.esm_class & 0x40:
            body = body[body[0] + 1 :]
        parts.append(
            body.decode("utf-16-be") if submit.data_coding == 8 else body.decode("latin-1")
        )
    return "".join(parts)


# ------------------------------------------------------------------- HTTP
class HttpGatewayServer:
    """A scriptable brandname HTTP API on 127.0.0.1. ``responses`` is a
    list of (status, body) answered in turn (the last one repeats);
    ``requests`` records (method, path, headers, body)."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.responses: list[tuple[int, Any]] = [(200, {"code": "0", "id": "gw-1"})]
        self.requests: list[dict[str, Any]] = []
        self.delay = 0.0
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/send"

    def start(self) -> HttpGatewayServer:
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                gateway.requests.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": body,
                    }
                )
                if gateway.delay:
                    time.sleep(gateway.delay)
                status, payload = (
                    gateway.responses.pop(0) if len(gateway.responses) > 1 else gateway.responses[0]
                )
                raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_POST = _answer
            do_GET = _answer

            def log_message(self, *args: Any) -> None:
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> HttpGatewayServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
