"""HTTP throughput of the production server, on loopback. Prints figures;
asserts nothing.

1. Builds throwaway state in a temporary directory (``MOTCUA_VAR_DIR``):
   migrate, collectstatic, demo -- the steps of ``make run``. The developer's
   own ``var/`` is never touched.
2. Starts ``python -m motcua serve`` (gunicorn + task worker, as ``make run``)
   on a free 127.0.0.1 port and measures requests per second and latency
   (p50/p95) for ``/`` and ``/healthz`` with a fixed number of concurrent
   keep-alive clients (warm-up first, then a fixed duration).
3. Measures the bytes of the home page and the CSS/JS/images it references,
   raw and as sent with ``Accept-Encoding: gzip``.
4. Serves ``bench/minimal_app.py`` (Django, one view returning "ok") with the
   same gunicorn settings and measures it the same way: the ratios show what
   the product costs over Django's floor.

The client is the standard library (http.client in threads). Settings come
from the environment: BENCH_DURATION (s, default 10), BENCH_WARMUP (s, 2),
BENCH_CONCURRENCY (8), BENCH_MAX_REQUESTS (per endpoint, 200000),
WEB_CONCURRENCY / WEB_THREADS (gunicorn workers / threads, as ``serve``),
BENCH_KEEP=1 (keep the temporary directory). Results also go to bench/out/.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gzip
import http.client
import json
import math
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
OUT_DIR = BENCH_DIR / "out"
PY = sys.executable
HOST = "127.0.0.1"


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    return float(raw) if raw else default


DURATION = _env_float("BENCH_DURATION", 10.0)
WARMUP = _env_float("BENCH_WARMUP", 2.0)
CONCURRENCY = int(_env_float("BENCH_CONCURRENCY", 8))
MAX_REQUESTS = int(_env_float("BENCH_MAX_REQUESTS", 200_000))
WEB_WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
WEB_THREADS = os.environ.get("WEB_THREADS", "4")
REQUEST_TIMEOUT = 15.0
SETUP_TIMEOUT = 180.0
READY_TIMEOUT = 60.0
# What a browser sends; the product compresses HTML (GZipMiddleware) and
# whitenoise serves the precompressed static files.
BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    "Accept-Encoding": "gzip",
    "Accept-Language": "vi,en;q=0.8",
    "User-Agent": "motcua-bench/1",
}


# --------------------------------------------------------------- servers
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def product_env(var_dir: Path, port: int) -> dict[str, str]:
    """RUN_ENV of the Makefile, with every piece of state under ``var_dir``."""
    env = os.environ.copy()
    # Anything that could point at the developer's own state or services.
    for name in (
        "DATABASE_URL",
        "STATIC_ROOT",
        "MEDIA_ROOT",
        "MEDIA_STORAGE",
        "REDIS_URL",
        "TASK_BACKEND",
        "MOTCUA_TESTING",
        "DJANGO_SETTINGS_MODULE",
        "HOST",
        "PORT",
    ):
        env.pop(name, None)
    env.update(
        {
            "MOTCUA_VAR_DIR": str(var_dir),
            "HTTPS": "0",
            "DEBUG": "0",
            "DEV_MAILBOX": "1",
            "STAFF_MFA_REQUIRED": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "SITE_URL": f"http://{HOST}:{port}",
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "WEB_CONCURRENCY": WEB_WORKERS,
            "WEB_THREADS": WEB_THREADS,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def gunicorn_args(app: str, port: int) -> list[str]:
    """The gunicorn command line of ``motcua serve`` (keep in step with
    src/motcua/core/management/commands/serve.py)."""
    return [
        PY, "-m", "gunicorn", app,
        "--bind", f"{HOST}:{port}",
        "--workers", WEB_WORKERS,
        "--threads", WEB_THREADS,
        "--worker-class", "gthread",
        "--access-logfile", "-",
        "--graceful-timeout", "10",
        "--timeout", "60",
        "--no-control-socket",
    ]  # fmt: skip


def run_step(args: list[str], env: dict[str, str], log: Path) -> float:
    started = time.monotonic()
    with log.open("ab") as fh:
        fh.write(f"\n$ {' '.join(args)}\n".encode())
        fh.flush()
        subprocess.run(
            args, env=env, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
            timeout=SETUP_TIMEOUT, check=True,
        )  # fmt: skip
    return time.monotonic() - started


@dataclass
class Server:
    name: str
    args: list[str]
    env: dict[str, str]
    log: Path
    port: int
    proc: subprocess.Popen[bytes] | None = None
    started_s: float = 0.0

    def start(self, ready_path: str) -> None:
        fh = self.log.open("ab")
        t0 = time.monotonic()
        # Own session: the whole tree (serve, gunicorn arbiter and workers,
        # task worker) is one process group, stopped together.
        self.proc = subprocess.Popen(
            self.args, env=self.env, cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        fh.close()
        deadline = t0 + READY_TIMEOUT
        last = "no answer"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}\n{self.tail()}")
            try:
                status, _, _ = fetch(self.port, ready_path, timeout=2.0)
                if status == 200:
                    self.started_s = time.monotonic() - t0
                    return
                last = f"HTTP {status}"
            except OSError as exc:
                last = type(exc).__name__
            time.sleep(0.2)
        raise RuntimeError(
            f"{self.name} not ready after {READY_TIMEOUT:.0f} s ({last})\n{self.tail()}"
        )

    def stop(self) -> None:
        proc = self.proc
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)
        # Anything left in the group once the leader is gone.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        self.proc = None

    def tail(self, lines: int = 30) -> str:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])


# ---------------------------------------------------------------- client
def fetch(
    port: int, path: str, headers: dict[str, str] | None = None, timeout: float = REQUEST_TIMEOUT
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
    finally:
        conn.close()


@dataclass
class ClientResult:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    body_bytes: int = 0
    last_end: float = 0.0


def client_loop(
    port: int, path: str, start: threading.Barrier, times: dict[str, float], max_requests: int
) -> ClientResult:
    """One keep-alive client: requests back to back until the deadline or
    the request budget. Requests begun before ``measure_at`` are warm-up."""
    result = ClientResult()
    conn: http.client.HTTPConnection | None = None
    start.wait(timeout=30)
    measure_at, deadline = times["measure_at"], times["deadline"]
    sent = 0
    while sent < max_requests:
        began = time.perf_counter()
        if began >= deadline:
            break
        sent += 1
        try:
            if conn is None:
                conn = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
            conn.request("GET", path, headers=BROWSER_HEADERS)
            resp = conn.getresponse()
            body = resp.read()
            ended = time.perf_counter()
            status = resp.status
            if resp.will_close:
                conn.close()
                conn = None
        except (OSError, http.client.HTTPException) as exc:
            ended = time.perf_counter()
            if conn is not None:
                conn.close()
                conn = None
            if began >= measure_at:
                name = type(exc).__name__
                result.errors[name] = result.errors.get(name, 0) + 1
                result.last_end = ended
            continue
        if began >= measure_at:
            result.latencies.append(ended - began)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.body_bytes += len(body)
            result.last_end = ended
    if conn is not None:
        conn.close()
    return result


def percentile(sorted_values: list[float], pct: float) -> float:
    if not sorted_values:
        return float("nan")
    # Nearest rank.
    rank = max(0, min(len(sorted_values) - 1, math.ceil(pct / 100 * len(sorted_values)) - 1))
    return sorted_values[rank]


def load_test(label: str, port: int, path: str) -> dict[str, Any]:
    """CONCURRENCY clients for WARMUP + DURATION seconds on one path."""
    start = threading.Barrier(CONCURRENCY + 1)
    times: dict[str, float] = {}
    per_client = max(1, MAX_REQUESTS // CONCURRENCY)
    with concurrent.futures.ThreadPoolExecutor(CONCURRENCY) as pool:
        futures = [
            pool.submit(client_loop, port, path, start, times, per_client)
            for _ in range(CONCURRENCY)
        ]
        now = time.perf_counter()
        times["measure_at"] = now + WARMUP
        times["deadline"] = now + WARMUP + DURATION
        start.wait(timeout=30)
        results = [f.result(timeout=WARMUP + DURATION + REQUEST_TIMEOUT + 30) for f in futures]
    latencies = sorted(x for r in results for x in r.latencies)
    statuses: dict[int, int] = {}
    errors: dict[str, int] = {}
    for r in results:
        for k, v in r.statuses.items():
            statuses[k] = statuses.get(k, 0) + v
        for name, v in r.errors.items():
            errors[name] = errors.get(name, 0) + v
    window = max([r.last_end for r in results] + [times["deadline"]]) - times["measure_at"]
    count = len(latencies)
    ok = sum(v for k, v in statuses.items() if 200 <= k < 300)
    return {
        "label": label,
        "path": path,
        "requests": count,
        "ok": ok,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "errors": errors,
        "seconds": round(window, 3),
        "rps": count / window if window > 0 else 0.0,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "max_ms": (latencies[-1] * 1000) if latencies else float("nan"),
        "mean_body_bytes": (sum(r.body_bytes for r in results) / count) if count else 0,
    }


# ---------------------------------------------------------------- assets
class AssetParser(HTMLParser):
    """The CSS, JS and images a page references."""

    def __init__(self) -> None:
        super().__init__()
        self.assets: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        if tag == "link" and a.get("href"):
            rel = a.get("rel", "").lower().split()
            if "stylesheet" in rel:
                self.assets.append(("css", a["href"]))
            elif {"icon", "preload", "modulepreload"} & set(rel):
                self.assets.append(("other", a["href"]))
        elif tag == "script" and a.get("src"):
            self.assets.append(("js", a["src"]))
        elif tag == "img" and a.get("src") and not a["src"].startswith("data:"):
            self.assets.append(("other", a["src"]))


def transfer_sizes(port: int) -> dict[str, Any]:
    base = f"http://{HOST}:{port}/"
    rows: list[dict[str, Any]] = []
    problems: list[str] = []

    def measure(kind: str, path: str) -> bytes:
        status, headers, body = fetch(port, path, headers=BROWSER_HEADERS)
        encoding = headers.get("content-encoding", "")
        raw = gzip.decompress(body) if encoding == "gzip" else body
        rows.append(
            {
                "kind": kind,
                "path": path,
                "status": status,
                "raw": len(raw),
                "wire": len(body),
                "encoding": encoding or "identity",
                "cache_control": headers.get("cache-control", ""),
                "set_cookie": headers.get("set-cookie", ""),
                "vary": headers.get("vary", ""),
            }
        )
        if status != 200:
            problems.append(f"{path}: HTTP {status}")
        return raw

    html = measure("html", "/").decode("utf-8", errors="replace")
    parser = AssetParser()
    parser.feed(html)
    seen: set[str] = set()
    for kind, ref in parser.assets:
        url = urlsplit(urljoin(base, ref))
        if url.netloc != f"{HOST}:{port}":
            problems.append(f"external asset not measured: {ref}")
            continue
        path = url.path + (f"?{url.query}" if url.query else "")
        if path in seen:
            continue
        seen.add(path)
        measure(kind, path)
    return {"rows": rows, "problems": problems}


# ------------------------------------------------------- in-process checks
QUERY_PROBE = r"""
import json, os, time
import django
django.setup()
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
client = Client(HTTP_HOST="127.0.0.1", HTTP_ACCEPT_LANGUAGE="vi")
out = {}
for path in ("/", "/healthz"):
    client.get(path)
    with CaptureQueriesContext(connection) as ctx:
        resp = client.get(path)
    # Read now: the next request resets the connection's query log.
    queries = list(ctx.captured_queries)
    n = 30
    t0 = time.perf_counter()
    for _ in range(n):
        # The test client keeps the database connection; the server opens
        # one per request (CONN_MAX_AGE=0 for SQLite): do as the server does.
        connections.close_all()
        client.get(path)
    out[path] = {
        "status": resp.status_code,
        "queries": len(queries),
        "in_process_ms": (time.perf_counter() - t0) * 1000 / n,
        "sql": [q["sql"][:120] for q in queries],
    }
print("PROBE" + json.dumps(out))
"""


def query_probe(env: dict[str, str]) -> dict[str, Any]:
    """Queries and in-process time per request, through Django's test client
    on the same throwaway state (no server)."""
    probe_env = dict(env, DJANGO_SETTINGS_MODULE="motcua.settings")
    proc = subprocess.run(
        [PY, "-c", QUERY_PROBE], env=probe_env, cwd=ROOT, capture_output=True,
        text=True, timeout=120, check=False,
    )  # fmt: skip
    for line in proc.stdout.splitlines():
        if line.startswith("PROBE"):
            return dict(json.loads(line[5:]))
    return {"error": (proc.stderr or proc.stdout)[-2000:]}


# ---------------------------------------------------------------- logs
ACCESS_LINE = re.compile(r'^\S+ - \S+ \[[^\]]+\] "')
STATUS_IN_ACCESS = re.compile(r'" (\d{3}) ')
# The task worker saying it stops on SIGTERM: the bench stopping it.
EXPECTED = re.compile(r"Received Terminated - shutting down gracefully")


def log_findings(log: Path) -> dict[str, Any]:
    """Access-log status counts and the non-access lines that look like
    trouble (errors, warnings, tracebacks)."""
    statuses: dict[str, int] = {}
    notable: list[str] = []
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {"statuses": {}, "notable": []}
    for line in text.splitlines():
        if ACCESS_LINE.match(line):
            m = STATUS_IN_ACCESS.search(line)
            if m:
                statuses[m.group(1)] = statuses.get(m.group(1), 0) + 1
            continue
        if EXPECTED.search(line):
            continue
        if re.search(r"error|warn|traceback|exception|critical|exited", line, re.IGNORECASE):
            notable.append(line.strip()[:200])
    return {"statuses": dict(sorted(statuses.items())), "notable": notable}


# ---------------------------------------------------------------- output
def kib(n: float) -> str:
    return f"{n / 1024:.1f}"


def print_load_table(rows: list[dict[str, Any]]) -> None:
    head = (
        f"{'endpoint':<22} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'p99 ms':>8} {'max ms':>8} {'non-2xx':>8} {'errors':>7} {'body B':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        non2xx = r["requests"] - r["ok"] - sum(r["errors"].values())
        print(
            f"{r['label']:<22} {r['requests']:>8} {r['rps']:>8.1f} {r['p50_ms']:>8.2f} "
            f"{r['p95_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['max_ms']:>8.1f} {non2xx:>8} "
            f"{sum(r['errors'].values()):>7} {r['mean_body_bytes']:>7.0f}"
        )
        if r["statuses"] and set(r["statuses"]) != {"200"}:
            print(f"{'':<22} statuses: {r['statuses']}")
        if r["errors"]:
            print(f"{'':<22} errors: {r['errors']}")


def print_transfer_table(transfer: dict[str, Any]) -> None:
    rows = transfer["rows"]
    head = f"{'kind':<6} {'path':<48} {'raw KiB':>8} {'gzip KiB':>9} {'ratio':>6}  encoding"
    print(head)
    print("-" * len(head))
    for r in rows:
        ratio = r["wire"] / r["raw"] if r["raw"] else 1.0
        print(
            f"{r['kind']:<6} {r['path'][:48]:<48} {kib(r['raw']):>8} {kib(r['wire']):>9} "
            f"{ratio:>6.2f}  {r['encoding']}"
        )
    page = [r for r in rows if r["kind"] in ("html", "css", "js")]
    every = rows
    print("-" * len(head))
    for label, group in (("HTML + CSS + JS", page), ("all referenced", every)):
        raw = sum(r["raw"] for r in group)
        wire = sum(r["wire"] for r in group)
        print(
            f"{'total':<6} {label:<48} {kib(raw):>8} {kib(wire):>9} "
            f"{(wire / raw if raw else 1):>6.2f}"
        )
    print()
    for r in rows:
        extra = f"  set-cookie: {r['set_cookie'].split(';')[0]}" if r["set_cookie"] else ""
        print(f"  {r['path'][:56]:<56} cache-control: {r['cache_control'] or '-'}{extra}")
    for p in transfer["problems"]:
        print(f"  ! {p}")


def main() -> int:
    t_start = time.monotonic()
    keep = os.environ.get("BENCH_KEEP") == "1"
    tmp = Path(tempfile.mkdtemp(prefix="motcua-bench-"))
    var_dir = tmp / "var"
    setup_log = tmp / "setup.log"
    product_log = tmp / "product-server.log"
    minimal_log = tmp / "minimal-server.log"
    port = free_port()
    env = product_env(var_dir, port)
    report: dict[str, Any] = {
        "config": {
            "duration_s": DURATION,
            "warmup_s": WARMUP,
            "concurrency": CONCURRENCY,
            "max_requests": MAX_REQUESTS,
            "web_workers": int(WEB_WORKERS),
            "web_threads": int(WEB_THREADS),
            "cpus": os.cpu_count(),
            "python": sys.version.split()[0],
        }
    }
    servers: list[Server] = []

    def on_term(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_term)
    print(
        f"motcua HTTP bench: {CONCURRENCY} clients, {WARMUP:g} s warm-up + {DURATION:g} s per "
        f"endpoint, gunicorn {WEB_WORKERS} workers x {WEB_THREADS} threads (gthread), "
        f"{os.cpu_count()} CPUs"
    )
    print(f"throwaway state: {tmp}")
    try:
        # 1. State, as `make run` prepares it.
        steps = {}
        motcua = [PY, "-m", "motcua"]
        steps["migrate"] = run_step([*motcua, "migrate", "--no-input", "-v", "0"], env, setup_log)
        steps["collectstatic"] = run_step(
            [*motcua, "collectstatic", "--no-input", "-v", "0"], env, setup_log
        )
        steps["demo"] = run_step([*motcua, "demo", "--quiet-logins"], env, setup_log)
        report["setup_s"] = {k: round(v, 2) for k, v in steps.items()}
        static_dir = var_dir / "static"
        n_gz = sum(1 for _ in static_dir.rglob("*.gz"))
        n_br = sum(1 for _ in static_dir.rglob("*.br"))
        print(
            "setup: "
            + ", ".join(f"{k} {v:.1f} s" for k, v in steps.items())
            + f"; collectstatic made {n_gz} .gz and {n_br} .br files"
        )

        # 2. The product, started as `make run` does.
        product = Server(
            "motcua serve",
            [PY, "-m", "motcua", "serve", "--host", HOST, "--port", str(port)],
            env,
            product_log,
            port,
        )
        servers.append(product)
        product.start("/healthz")
        print(f"motcua serve ready on {HOST}:{port} in {product.started_s:.1f} s")
        loads = [load_test("motcua /", port, "/"), load_test("motcua /healthz", port, "/healthz")]
        transfer = transfer_sizes(port)
        # While the task worker runs, so /healthz answers as in production.
        report["query_probe"] = probe = query_probe(env)
        product.stop()

        # 3. The floor: minimal Django, same gunicorn settings.
        mport = free_port()
        minimal = Server(
            "minimal django",
            [*gunicorn_args("minimal_app:application", mport), "--pythonpath", str(BENCH_DIR)],
            {k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"},
            minimal_log,
            mport,
        )
        servers.append(minimal)
        minimal.start("/")
        print(f"minimal django ready on {HOST}:{mport} in {minimal.started_s:.1f} s")
        loads.append(load_test("minimal django /", mport, "/"))
        minimal.stop()

        report["load"] = loads
        report["transfer"] = transfer
        by_label = {r["label"]: r for r in loads}
        floor = by_label["minimal django /"]
        ratios = {}
        for name in ("motcua /", "motcua /healthz"):
            r = by_label[name]
            ratios[name] = {
                "rps_ratio": r["rps"] / floor["rps"] if floor["rps"] else float("nan"),
                "p50_ratio": r["p50_ms"] / floor["p50_ms"] if floor["p50_ms"] else float("nan"),
            }
        report["ratios_vs_minimal"] = ratios
        report["logs"] = {
            "setup": log_findings(setup_log),
            "product": log_findings(product_log),
            "minimal": log_findings(minimal_log),
        }

        # 4. Figures.
        print()
        print("== Throughput and latency (127.0.0.1, keep-alive, Accept-Encoding: gzip)")
        print_load_table(loads)
        print()
        print("== Relative to the minimal Django view (same gunicorn settings)")
        for name, ratio in ratios.items():
            print(
                f"  {name:<18} req/s ratio {ratio['rps_ratio']:.3f}   "
                f"p50 latency x{ratio['p50_ratio']:.1f}"
            )
        print()
        print("== Home page transfer (Accept-Encoding: gzip)")
        print_transfer_table(transfer)
        print()
        print("== Per request, in-process (Django test client, same state)")
        if "error" in probe:
            print(f"  probe failed: {probe['error']}")
        else:
            for path, p in probe.items():
                print(
                    f"  {path:<10} HTTP {p['status']}  {p['queries']} queries  "
                    f"{p['in_process_ms']:.2f} ms/request (one request at a time, "
                    "new DB connection each)"
                )
                for sql in p["sql"]:
                    print(f"      {sql}")
        print()
        print("== Server logs")
        for name, found in report["logs"].items():
            print(f"  {name}: access statuses {found['statuses'] or '-'}")
            for line in found["notable"][:10]:
                print(f"    ! {line}")
            if len(found["notable"]) > 10:
                print(f"    ! ... {len(found['notable']) - 10} more")
    finally:
        for server in reversed(servers):
            server.stop()
        with contextlib.suppress(OSError):
            OUT_DIR.mkdir(exist_ok=True)
            for log in (setup_log, product_log, minimal_log):
                if log.exists():
                    shutil.copyfile(log, OUT_DIR / log.name)
        if keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    report["total_s"] = round(time.monotonic() - t_start, 1)
    (OUT_DIR / "http_throughput.json").write_text(
        json.dumps(report, indent=2, default=str), encoding="utf-8"
    )
    print()
    print(f"total {report['total_s']} s; JSON and server logs in {OUT_DIR.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
