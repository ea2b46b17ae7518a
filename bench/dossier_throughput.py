"""Dossier throughput through the production server on loopback. Prints
figures; asserts nothing.

For SQLite (the embedded default) and, when it answers, PostgreSQL
(``BENCH_PG_URL``, default ``postgres://postgres@127.0.0.1:5432/postgres``;
a throwaway database ``motcua_bench_dossiers_<pid>`` is created and
dropped):

1. Throwaway state in a temporary ``MOTCUA_VAR_DIR`` (migrate and
   collectstatic, as ``make run``), then a bench procedure (online, two
   required documents), ``BENCH_CONCURRENCY`` citizens with complete
   profiles and a personal API token each, and ``BENCH_LOOKUP_DOSSIERS``
   submitted dossiers to look up.
2. ``python -m motcua serve`` (gunicorn + task worker) on a free port.
3. Submissions per second: each client, as its own citizen, runs the whole
   online submission through the API — create the draft, upload two PDF
   documents, submit (code, key and the outbox message) — back to back for
   ``BENCH_DURATION`` seconds after a warm-up.
4. Lookups per second: ``GET /tra-cuu/<code>/?k=<key>`` (the QR target,
   the page a citizen opens) with keep-alive clients, and the same load on
   ``bench/minimal_app.py`` under the same gunicorn settings; the ratio is
   the figure. The lookup limit per address is lifted for the bench
   (``DOSSIER_LOOKUP_LIMIT``): every request still counts its hit.

Knobs: BENCH_DURATION (s, 10), BENCH_WARMUP (s, 2), BENCH_CONCURRENCY (8),
BENCH_SKIP_PG=1, BENCH_PG_URL, WEB_CONCURRENCY / WEB_THREADS, BENCH_KEEP=1.
JSON results and logs go to bench/out/.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from http_throughput import (  # the shared harness
    BENCH_DIR,
    CONCURRENCY,
    DURATION,
    HOST,
    OUT_DIR,
    PY,
    ROOT,
    WARMUP,
    Server,
    free_port,
    gunicorn_args,
    load_test,
    log_findings,
    percentile,
    product_env,
    run_step,
)

LOOKUP_DOSSIERS = int(os.environ.get("BENCH_LOOKUP_DOSSIERS", "50"))
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + b"0" * 20_000

PREPARE = r"""
import json, os
import django
django.setup()
from django.db import transaction
from motcua.core.models import AdministrativeUnit
from motcua.dossiers import actions, tokens
from motcua.org.actions import do_create_unit
from motcua.org.constants import UnitKind
from motcua.org.models import Unit
from motcua.testing.procedure_factories import ProcedureFactory
from motcua.accounts.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

n = int(os.environ["BENCH_CLIENTS"])
lookups = int(os.environ["BENCH_LOOKUPS"])
pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
unit = Unit.objects.filter(code="BENCH").first() or do_create_unit(
    acting_user=None, code="BENCH", name="Phòng Nghiệp vụ Dược (bench)", kind=UnitKind.ROOM
)
procedure = ProcedureFactory(unit=unit, code="9.999999", name="Thủ tục đo hiệu năng", documents=2)
ward = AdministrativeUnit.objects.current().wards().select_related("parent").order_by("pk").first()
out = {"procedure": procedure.code, "tokens": [], "lookups": []}
for i in range(n + 1):
    user = User.objects.create_user(
        email=f"bench{i}@motcua.test", password=None, full_name=f"Nguyễn Văn Đo {i}",
        id_number=f"0792030{i:05d}", phone=f"+8490512{i:04d}", address_line="1 Trần Phú",
        province=ward.parent, ward=ward,
    )
    _row, raw = tokens.do_create_api_token(user, acting_user=user, name="bench")
    out["tokens"].append(raw)
# Dossiers to look up, submitted through the actions.
owner = User.objects.get(email=f"bench{n}@motcua.test")
for i in range(lookups):
    d = actions.do_create_draft(procedure, acting_user=owner)
    for req in procedure.current_version.documents.all():
        actions.do_attach_file(d, acting_user=owner, upload=SimpleUploadedFile("a.pdf", pdf), requirement=req)
    d = actions.do_submit_dossier(d, acting_user=owner, token=f"bench-{i}")
    out["lookups"].append([d.code, d.lookup_key])
print("PREP" + json.dumps(out))
"""


def prepare(env: dict[str, str], log: Path) -> dict[str, Any]:
    prep_env = dict(
        env,
        DJANGO_SETTINGS_MODULE="motcua.settings",
        BENCH_CLIENTS=str(CONCURRENCY),
        BENCH_LOOKUPS=str(LOOKUP_DOSSIERS),
        TASK_BACKEND="immediate",
    )
    proc = subprocess.run(
        [PY, "-c", PREPARE], env=prep_env, cwd=ROOT, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    with log.open("a", encoding="utf-8") as fh:
        fh.write(proc.stdout[-4000:] + proc.stderr[-4000:])
    for line in proc.stdout.splitlines():
        if line.startswith("PREP"):
            return dict(json.loads(line[4:]))
    raise RuntimeError(f"bench preparation failed:\n{proc.stderr[-3000:]}")


# ----------------------------------------------------------- submissions
def _multipart(
    fields: dict[str, str], file_field: str, name: str, data: bytes
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        )
    parts.append(
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
            f'filename="{name}"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        + data
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def submission_client(
    port: int, token: str, procedure: str, start: threading.Barrier, times: dict[str, float]
) -> dict[str, Any]:
    """One citizen submitting dossiers back to back through the API."""
    auth = {"Authorization": f"Bearer {token}"}
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    done: list[float] = []
    errors: dict[str, int] = {}

    def call(method: str, path: str, body: bytes | None, ctype: str) -> dict[str, Any]:
        conn.request(method, path, body=body, headers={**auth, "Content-Type": ctype})
        resp = conn.getresponse()
        payload = resp.read()
        if resp.status >= 300:
            raise RuntimeError(f"{method} {path.split('/')[-1]} HTTP {resp.status}")
        return dict(json.loads(payload))

    start.wait(timeout=60)
    while True:
        began = time.perf_counter()
        if began >= times["deadline"]:
            break
        try:
            draft = call(
                "POST", "/api/v1/dossiers", json.dumps({"procedure_code": procedure}).encode(),
                "application/json",
            )  # fmt: skip
            for slot in draft["documents"]:
                body, ctype = _multipart(
                    {"requirement_id": str(slot["requirement_id"])}, "file", "don.pdf", PDF
                )
                call("POST", f"/api/v1/dossiers/{draft['id']}/files", body, ctype)
            result = call("POST", f"/api/v1/dossiers/{draft['id']}/submit", b"", "application/json")
            if not result.get("code"):
                raise RuntimeError("submitted without a code")
        except (OSError, http.client.HTTPException, RuntimeError, ValueError) as exc:
            if began >= times["measure_at"]:
                name = str(exc)[:60]
                errors[name] = errors.get(name, 0) + 1
            conn.close()
            conn = http.client.HTTPConnection(HOST, port, timeout=30)
            continue
        ended = time.perf_counter()
        if began >= times["measure_at"]:
            done.append(ended - began)
    conn.close()
    return {"latencies": done, "errors": errors}


def submissions(port: int, prep: dict[str, Any]) -> dict[str, Any]:
    clients = prep["tokens"][:CONCURRENCY]
    start = threading.Barrier(len(clients) + 1)
    times: dict[str, float] = {}
    with concurrent.futures.ThreadPoolExecutor(len(clients)) as pool:
        futures = [
            pool.submit(submission_client, port, token, prep["procedure"], start, times)
            for token in clients
        ]
        now = time.perf_counter()
        times["measure_at"] = now + WARMUP
        times["deadline"] = now + WARMUP + DURATION
        start.wait(timeout=60)
        results = [f.result(timeout=WARMUP + DURATION + 120) for f in futures]
    latencies = sorted(x for r in results for x in r["latencies"])
    errors: dict[str, int] = {}
    for r in results:
        for k, v in r["errors"].items():
            errors[k] = errors.get(k, 0) + v
    return {
        "submissions": len(latencies),
        "per_second": len(latencies) / DURATION,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "errors": errors,
    }


# -------------------------------------------------------------- databases
def _pg_database() -> tuple[str, str] | None:
    """(url of a new throwaway database, its name), or None without PostgreSQL."""
    if os.environ.get("BENCH_SKIP_PG") == "1":
        return None
    try:
        import psycopg
    except ImportError:
        return None
    name = f"motcua_bench_dossiers_{os.getpid()}"
    try:
        with psycopg.connect(PG_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"PostgreSQL not used: {exc}".strip())
        return None
    base, _, _db = PG_URL.rpartition("/")
    return f"{base}/{name}", name


def _drop_pg(name: str) -> None:
    import psycopg

    with contextlib.suppress(psycopg.Error), psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_backend(label: str, tmp: Path, database_url: str | None) -> dict[str, Any]:
    var_dir = tmp / f"var-{label}"
    setup_log = tmp / f"dossiers-setup-{label}.log"
    server_log = tmp / f"dossiers-server-{label}.log"
    port = free_port()
    env = product_env(var_dir, port)
    env["DOSSIER_LOOKUP_LIMIT"] = "100000000"
    if database_url:
        env["DATABASE_URL"] = database_url
    motcua = [PY, "-m", "motcua"]
    t0 = time.monotonic()
    run_step([*motcua, "migrate", "--no-input", "-v", "0"], env, setup_log)
    run_step([*motcua, "collectstatic", "--no-input", "-v", "0"], env, setup_log)
    prep = prepare(env, setup_log)
    print(f"[{label}] state ready in {time.monotonic() - t0:.1f} s")
    server = Server(
        f"motcua serve ({label})",
        [*motcua, "serve", "--host", HOST, "--port", str(port)],
        env,
        server_log,
        port,
    )
    try:
        server.start("/healthz")
        subs = submissions(port, prep)
        code, key = prep["lookups"][0]
        lookups = load_test(f"lookup ({label})", port, f"/tra-cuu/{code}/?k={key}")
    finally:
        server.stop()
        with contextlib.suppress(OSError):
            OUT_DIR.mkdir(exist_ok=True)
            for log in (setup_log, server_log):
                if log.exists():
                    shutil.copyfile(log, OUT_DIR / log.name)
    return {
        "submissions": subs,
        "lookups": lookups,
        "server_log": log_findings(OUT_DIR / server_log.name),
    }


def main() -> int:
    keep = os.environ.get("BENCH_KEEP") == "1"
    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-dossiers-"))
    report: dict[str, Any] = {
        "config": {"duration_s": DURATION, "warmup_s": WARMUP, "concurrency": CONCURRENCY}
    }
    print(
        f"dossier bench: {CONCURRENCY} clients, {WARMUP:g} s warm-up + {DURATION:g} s, "
        f"{os.cpu_count()} CPUs; throwaway state in {tmp}"
    )
    pg = None
    try:
        report["sqlite"] = run_backend("sqlite", tmp, None)
        pg = _pg_database()
        if pg is not None:
            report["postgresql"] = run_backend("postgresql", tmp, pg[0])
        # The floor for lookups: minimal Django, same gunicorn settings.
        mport = free_port()
        minimal = Server(
            "minimal django",
            [*gunicorn_args("minimal_app:application", mport), "--pythonpath", str(BENCH_DIR)],
            {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
            tmp / "minimal-server.log",
            mport,
        )
        try:
            minimal.start("/")
            report["minimal"] = load_test("minimal django /", mport, "/")
        finally:
            minimal.stop()
    finally:
        if pg is not None:
            _drop_pg(pg[1])
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    floor = report["minimal"]["rps"]
    print()
    print("== Online submissions through the API (create, 2 uploads of 20 KB, submit)")
    print(f"{'database':<12} {'submissions':>11} {'per s':>8} {'p50 ms':>8} {'p95 ms':>8}  errors")
    for label in ("sqlite", "postgresql"):
        if label not in report:
            continue
        s = report[label]["submissions"]
        print(
            f"{label:<12} {s['submissions']:>11} {s['per_second']:>8.1f} {s['p50_ms']:>8.1f} "
            f"{s['p95_ms']:>8.1f}  {s['errors'] or '-'}"
        )
    print()
    print("== Lookups: GET /tra-cuu/<code>/?k=<key> against the minimal Django view")
    print(f"{'endpoint':<22} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'ratio':>7}  statuses")
    rows = [report[x]["lookups"] for x in ("sqlite", "postgresql") if x in report]
    for r in [*rows, report["minimal"]]:
        ratio = r["rps"] / floor if floor else float("nan")
        print(
            f"{r['label']:<22} {r['rps']:>8.1f} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
            f"{ratio:>7.3f}  {r['statuses']}"
        )
    for label in ("sqlite", "postgresql"):
        if label in report:
            found = report[label]["server_log"]
            print(f"  {label} server: access statuses {found['statuses'] or '-'}")
            for line in found["notable"][:5]:
                print(f"    ! {line}")
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / "dossier_throughput.json").write_text(
        json.dumps(report, indent=2, default=str), encoding="utf-8"
    )
    print(f"\nJSON in {(OUT_DIR / 'dossier_throughput.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
