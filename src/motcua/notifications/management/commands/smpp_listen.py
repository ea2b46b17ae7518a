"""Keep an SMPP transceiver bind open to receive delivery receipts and
mobile-originated SMS (TRACUU, HUY…), and answer them through the outbox.

Run one per deployment when ``SMS_GATEWAY=smpp`` (docs/deploy.md). Workers
that send also read receipts on their own binds; this process covers the
time when nothing is being sent. Stop with SIGTERM or Ctrl-C."""

from __future__ import annotations

import logging
import signal
import time
from typing import Any

from django.conf import settings
from django.core.management import BaseCommand, CommandError
from django.db import close_old_connections, connection

from motcua.notifications.actions import process_gateway_events
from motcua.notifications.transports import SmppGateway, TransportError

logger = logging.getLogger(__name__)


def listen(
    gateway: SmppGateway,
    *,
    max_events: int | None = None,
    timeout: float | None = None,
    keepalive: float = 30.0,
    stop: Any = None,
) -> int:
    """Read and process events until ``max_events`` were handled, ``timeout``
    seconds passed or ``stop()`` says so. Reconnects after a lost session
    (waiting a little longer each time). Returns the events handled."""
    handled = 0
    deadline = time.monotonic() + timeout if timeout else None
    last_beat = time.monotonic()
    pause = 1.0
    while True:
        if stop is not None and stop():
            break
        if deadline is not None and time.monotonic() > deadline:
            break
        if max_events is not None and handled >= max_events:
            break
        try:
            events = gateway.poll(wait=0.5)
            if time.monotonic() - last_beat > keepalive:
                gateway.enquire_link()
                last_beat = time.monotonic()
            pause = 1.0
        except TransportError as exc:
            logger.warning("SMPP session lost: %s; reconnecting in %.0f s", exc, pause)
            time.sleep(pause)
            pause = min(pause * 2, 60)
            continue
        if events:
            if not connection.in_atomic_block:  # a long-lived process: fresh connections
                close_old_connections()
            process_gateway_events(events)
            handled += len(events)
    return handled


class Command(BaseCommand):
    help = "Nhận biên nhận và tin nhắn đến qua SMPP (giữ một phiên transceiver)."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.SMS_GATEWAY != "smpp":
            raise CommandError("SMS_GATEWAY is not 'smpp': nothing to listen to.")
        stopping = False

        def stop_signal(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop_signal)
        signal.signal(signal.SIGINT, stop_signal)
        gateway = SmppGateway()
        self.stdout.write(f"SMPP: {settings.SMPP['host']}:{settings.SMPP['port']}")
        try:
            listen(gateway, stop=lambda: stopping)
        finally:
            gateway.close()
