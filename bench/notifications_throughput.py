"""Outbox throughput: messages per second that the task worker hands to a
loopback SMTP server (aiosmtpd) and to a loopback SMSC (the smpp34
simulator), beside a plain smtplib / smpplib loop sending the same messages
over one connection. Prints figures and ratios; asserts nothing.

1. Builds throwaway state in a temporary ``MOTCUA_VAR_DIR`` (migrate only);
   the developer's ``var/`` is never touched.
2. E-mail: queues BENCH_MESSAGES messages (one transaction, so the delivery
   tasks are batches of NOTIFY_BATCH_SIZE), runs ``python -m motcua worker
   --batch`` and measures, on the server's clock, from the first message
   received to the last. Then sends the same messages (as bytes) with
   smtplib over one connection.
3. SMS: the same with ``SMS_GATEWAY=smpp`` against the simulator (one UCS-2
   segment each, delivery receipts on), then a plain smpplib transceiver
   loop (submit, wait for the response, read the receipts).

The worker's figure includes everything the outbox does per message: claim
(conditional UPDATE), attempt row, render-free send, mark sent, receipts.
Knobs: BENCH_MESSAGES (default 300), BENCH_KEEP=1. Results: bench/out/.
"""

from __future__ import annotations

import json
import os
import shutil
import smtplib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT_DIR = ROOT / "bench" / "out"
PY = sys.executable
N = int(os.environ.get("BENCH_MESSAGES", "300"))

QUEUE = """
import os
from django.db import transaction
from motcua.notifications.actions import queue_message
channel, n = os.environ["BENCH_CHANNEL"], int(os.environ["BENCH_N"])
ctx = {"full_name": "Nguyễn Văn An", "code": "SYT-260115-0042", "procedure": "Cấp chứng chỉ hành nghề dược",
       "due_date": "30/01/2026", "lookup_url": "http://127.0.0.1/tra-cuu/SYT-260115-0042/?k=7KQ2",
       "unit": "Sở Y tế tỉnh Khánh Hòa", "text": "Hồ sơ SYT-260115-0042 đã có kết quả, mời nhận."}
with transaction.atomic():
    for i in range(n):
        if channel == "email":
            queue_message("email", f"nguoi{i}@example.vn", "dossier.received", ctx, idempotency_key=f"b:e:{i}")
        else:
            queue_message("sms", f"+8490{i:07d}", "sms.reply", ctx, idempotency_key=f"b:s:{i}")
"""


def run(env: dict[str, str], *args: str, log: Path) -> float:
    started = time.monotonic()
    with log.open("a") as fh:
        subprocess.run([PY, "-m", "motcua", *args], env=env, check=True, stdout=fh, stderr=fh)
    return time.monotonic() - started


def span(stamps: list[float]) -> float:
    return max(stamps) - min(stamps) if len(stamps) > 1 else float("nan")


def bench_email(env: dict[str, str], log: Path) -> dict[str, float]:
    from motcua.testing.servers import SmtpServer

    with SmtpServer() as server:
        env = {
            **env,
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.port),
        }
        run({**env, "BENCH_CHANNEL": "email", "BENCH_N": str(N)}, "shell", "-c", QUEUE, log=log)
        wall = run(env, "worker", "--batch", "--interval", "0.05", log=log)
        assert len(server.received) == N, len(server.received)
        worker_span = span([m.at for m in server.received])
        raw = [(m.mail_from, m.rcpt_tos, m.data) for m in server.received]
    with SmtpServer() as server:
        started = time.monotonic()
        with smtplib.SMTP("127.0.0.1", server.port, timeout=10) as client:
            for mail_from, rcpt_tos, data in raw:
                client.sendmail(mail_from, rcpt_tos, data)
        plain_wall = time.monotonic() - started
        plain_span = span([m.at for m in server.received])
    return {
        "worker_msgs_per_s": (N - 1) / worker_span,
        "worker_wall_s": wall,
        "plain_msgs_per_s": (N - 1) / plain_span,
        "plain_wall_s": plain_wall,
    }


def bench_sms(env: dict[str, str], log: Path) -> dict[str, float]:
    import smpplib.client

    from motcua.testing.servers import SmppSimulator

    with SmppSimulator() as smsc:
        env = {
            **env,
            "SMS_GATEWAY": "smpp",
            "SMPP_HOST": "127.0.0.1",
            "SMPP_PORT": str(smsc.port),
            "SMPP_SYSTEM_ID": "motcua",
            "SMPP_PASSWORD": "secret",
        }
        run({**env, "BENCH_CHANNEL": "sms", "BENCH_N": str(N)}, "shell", "-c", QUEUE, log=log)
        wall = run(env, "worker", "--batch", "--interval", "0.05", log=log)
        submits = smsc.wait_for_submits(N)
        assert len(submits) == N, len(submits)
        worker_span = span([s.at for s in submits])
        payloads = [(s.destination_addr, s.short_message, s.data_coding) for s in submits]
    with SmppSimulator() as smsc:
        client = smpplib.client.Client(
            "127.0.0.1", smsc.port, timeout=10, allow_unknown_opt_params=True
        )
        answered: set[int] = set()
        client.set_message_sent_handler(lambda pdu, **kw: answered.add(pdu.sequence))
        client.set_message_received_handler(lambda pdu, **kw: 0)
        started = time.monotonic()
        client.connect()
        client.bind_transceiver(system_id="plain", password="secret")  # noqa: S106 — simulator
        for destination, body, coding in payloads:
            pdu = client.send_message(
                source_addr_ton=5,
                source_addr_npi=0,
                source_addr="SYT KHANHHOA",
                dest_addr_ton=1,
                dest_addr_npi=1,
                destination_addr=destination,
                short_message=body,
                data_coding=coding,
                registered_delivery=1,
            )
            while pdu.sequence not in answered:
                client.read_once(auto_send_enquire_link=False)
        plain_wall = time.monotonic() - started
        plain_span = span([s.at for s in smsc.wait_for_submits(N)])
        client.disconnect()
    return {
        "worker_msgs_per_s": (N - 1) / worker_span,
        "worker_wall_s": wall,
        "plain_msgs_per_s": (N - 1) / plain_span,
        "plain_wall_s": plain_wall,
    }


def main() -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-notif-"))
    log = OUT_DIR / "notifications-bench.log"
    log.write_text("")
    env = {
        **os.environ,
        "MOTCUA_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "MOTCUA_TESTING": "0",
        "HTTPS": "0",
        "TASK_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
        "SMS_SENDER_ID": "SYT KHANHHOA",
    }
    try:
        print(f"motcua notifications throughput — {N} messages per run, SQLite, one worker")
        run(env, "migrate", "--no-input", "-v", "0", log=log)
        results = {"messages": N, "email": bench_email(env, log), "sms": bench_sms(env, log)}
    finally:
        if os.environ.get("BENCH_KEEP") != "1":
            shutil.rmtree(tmp, ignore_errors=True)
    print(
        f"{'':8} {'worker msg/s':>13} {'plain msg/s':>12} {'ratio':>7}   (worker wall incl. start-up)"
    )
    for name in ("email", "sms"):
        r = results[name]
        r["ratio"] = r["worker_msgs_per_s"] / r["plain_msgs_per_s"]
        print(
            f"{name:8} {r['worker_msgs_per_s']:13.1f} {r['plain_msgs_per_s']:12.1f} "
            f"{r['ratio']:7.2f}   ({r['worker_wall_s']:.1f} s)"
        )
    (OUT_DIR / "notifications_throughput.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
