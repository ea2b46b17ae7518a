"""Weight and Lighthouse scores of the Department's website. Prints figures;
asserts nothing.

1. Builds throwaway state in a temporary directory (``MOTCUA_VAR_DIR``):
   migrate, collectstatic, demo — the steps of ``make run`` (the developer's
   ``var/`` is never touched) — and starts ``python -m motcua serve``
   (gunicorn + task worker) on a free 127.0.0.1 port.
2. First visit of the home page in Debian's Chromium (empty cache, a phone
   360×740 and a desktop 1366×768): the bytes transferred on the wire
   (gzip where the server compresses) for the HTML, CSS, JS and the images
   the browser actually loads (lazy images below the fold are not), by
   type, against the budget of the issue (150 KB).
3. Lighthouse 12 (npm ``lighthouse@12``, installed on first use into
   ``bench/out/lighthouse/``, git-ignored; ``CHROME_PATH`` = Debian's
   Chromium): performance and accessibility scores of the home page and a
   news article, mobile profile with Lighthouse's simulated throttling.
   Skipped with a note when npm or the registry is not reachable.

Settings (environment): BENCH_KEEP=1 keeps the temporary directory,
BENCH_SKIP_LIGHTHOUSE=1, CHROME_PATH (default /usr/bin/chromium). Results
also go to bench/out/website_weight.json.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
LIGHTHOUSE_DIR = OUT_DIR / "lighthouse"
sys.path.insert(0, str(BENCH_DIR))

from http_throughput import (  # noqa: E402
    HOST,
    PY,
    Server,
    free_port,
    product_env,
    run_step,
)

BUDGET_BYTES = 150 * 1024
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORTS = {"phone 360×740": (360, 740), "desktop 1366×768": (1366, 768)}
NEWS_PAGE = "/tin-tuc/day-manh-tuyen-truyen-dich-vu-cong-truc-tuyen/"


# ------------------------------------------------------------- weight
def first_visit(base: str, path: str, width: int, height: int) -> dict[str, Any]:
    """Bytes on the wire for one cold page load, from Chromium's network
    events (``encodedDataLength``: headers and body as transferred)."""
    from playwright.sync_api import sync_playwright

    rows: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=CHROME_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

        def on_response(event: dict[str, Any]) -> None:
            response = event["response"]
            rows[event["requestId"]] = {
                "url": response["url"],
                "type": event.get("type", "Other"),
                "status": response.get("status"),
                "encoding": (response.get("headers") or {}).get("content-encoding", "")
                or (response.get("headers") or {}).get("Content-Encoding", ""),
                "bytes": 0,
            }

        def on_finished(event: dict[str, Any]) -> None:
            if event["requestId"] in rows:
                rows[event["requestId"]]["bytes"] = int(event.get("encodedDataLength", 0))

        cdp.on("Network.responseReceived", on_response)
        cdp.on("Network.loadingFinished", on_finished)
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(500)
        browser.close()
    by_type: dict[str, int] = {}
    for row in rows.values():
        by_type[row["type"]] = by_type.get(row["type"], 0) + row["bytes"]
    return {
        "path": path,
        "viewport": [width, height],
        "total": sum(by_type.values()),
        "by_type": by_type,
        "requests": sorted(rows.values(), key=lambda r: -r["bytes"]),
    }


# --------------------------------------------------------- lighthouse
def lighthouse_cli() -> Path | None:
    """lighthouse@12 in bench/out/lighthouse (installed once with npm)."""
    cli = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if cli.exists():
        return cli
    if shutil.which("npm") is None or shutil.which("node") is None:
        print("  (npm or node not found: Lighthouse skipped)")
        return None
    LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
    print("  installing lighthouse@12 into bench/out/lighthouse/ (once) …", flush=True)
    done = subprocess.run(
        [
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(LIGHTHOUSE_DIR),
            "lighthouse@12",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode or not cli.exists():
        print(f"  (npm install failed: Lighthouse skipped)\n{done.stderr[-1500:]}")
        return None
    return cli


def lighthouse(cli: Path, url: str, out: Path) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": CHROME}
    flags = " ".join(["--headless=new", *CHROME_ARGS])
    done = subprocess.run(
        [
            "node",
            str(cli),
            url,
            "--quiet",
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={out}",
            f"--chrome-flags={flags}",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode or not out.exists():
        return {"error": (done.stderr or done.stdout)[-1500:]}
    report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]

    def metric(key: str) -> str:
        return audits.get(key, {}).get("displayValue", "-")

    failing = [
        f"{key}: {audit.get('title', '')}"
        for key, audit in audits.items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") == "binary"
        and key in {ref["id"] for ref in report["categories"]["accessibility"]["auditRefs"]}
    ]
    return {
        "performance": report["categories"]["performance"]["score"],
        "accessibility": report["categories"]["accessibility"]["score"],
        "fcp": metric("first-contentful-paint"),
        "lcp": metric("largest-contentful-paint"),
        "tbt": metric("total-blocking-time"),
        "cls": metric("cumulative-layout-shift"),
        "accessibility_failing": failing,
    }


# ---------------------------------------------------------------- main
def main() -> int:
    keep = os.environ.get("BENCH_KEEP") == "1"
    tmp = Path(tempfile.mkdtemp(prefix="motcua-web-"))
    var_dir = tmp / "var"
    var_dir.mkdir()
    port = free_port()
    env = product_env(var_dir, port)
    log = tmp / "setup.log"
    server_log = tmp / "server.log"
    report: dict[str, Any] = {"budget_bytes": BUDGET_BYTES}
    server = Server(
        "product",
        [PY, "-m", "motcua", "serve", "--host", HOST, "--port", str(port)],
        env,
        server_log,
        port,
    )
    try:
        print("== Setup (migrate, collectstatic, demo) in a temporary MOTCUA_VAR_DIR", flush=True)
        for step in (
            ["migrate", "--no-input", "-v", "0"],
            ["collectstatic", "--no-input", "-v", "0"],
            ["demo", "--quiet-logins"],
        ):
            seconds = run_step([PY, "-m", "motcua", *step], env, log)
            print(f"  {step[0]}: {seconds:.1f} s")
        server.start("/healthz")
        base = f"http://{HOST}:{port}"
        # Image renditions are made on the first request: warm them, as a
        # live site has, so the cold visit below measures bytes, not Pillow.
        for path in ("/", NEWS_PAGE):
            first_visit(base, path, 360, 740)

        print("\n== Home page, first visit (bytes on the wire, cache empty)")
        report["weight"] = {}
        for label, (width, height) in VIEWPORTS.items():
            visit = first_visit(base, "/", width, height)
            report["weight"][label] = visit
            verdict = "within" if visit["total"] <= BUDGET_BYTES else "OVER"
            print(
                f"  {label}: {visit['total'] / 1024:.1f} KB ({verdict} the "
                f"{BUDGET_BYTES // 1024} KB budget; {visit['total'] / BUDGET_BYTES:.0%})"
            )
            for kind, size in sorted(visit["by_type"].items(), key=lambda kv: -kv[1]):
                print(f"      {kind:<10} {size / 1024:7.1f} KB")
        for row in report["weight"]["phone 360×740"]["requests"]:
            name = row["url"].replace(base, "")
            print(
                f"      {row['bytes'] / 1024:7.1f} KB  {row['type']:<10} {row['encoding'] or '-':<5} {name[:80]}"
            )

        print("\n== Lighthouse 12 (mobile profile, simulated throttling)")
        report["lighthouse"] = {}
        if os.environ.get("BENCH_SKIP_LIGHTHOUSE") == "1":
            print("  skipped (BENCH_SKIP_LIGHTHOUSE=1)")
        elif (cli := lighthouse_cli()) is not None:
            OUT_DIR.mkdir(exist_ok=True)
            for name, path in (("home", "/"), ("news article", NEWS_PAGE)):
                result = lighthouse(
                    cli, base + path, OUT_DIR / f"lighthouse-{name.replace(' ', '-')}.json"
                )
                report["lighthouse"][name] = result
                if "error" in result:
                    print(f"  {name}: failed\n{result['error']}")
                    continue
                print(
                    f"  {name:<13} performance {result['performance']:.2f}  "
                    f"accessibility {result['accessibility']:.2f}  "
                    f"(FCP {result['fcp']}, LCP {result['lcp']}, TBT {result['tbt']}, CLS {result['cls']})"
                )
                for item in result["accessibility_failing"]:
                    print(f"      ! {item}")
            print("  targets: accessibility ≥ 0.95, performance ≥ 0.90")
    finally:
        server.stop()
        with contextlib.suppress(OSError):
            OUT_DIR.mkdir(exist_ok=True)
            for path in (log, server_log):
                if path.exists():
                    shutil.copyfile(path, OUT_DIR / f"website-{path.name}")
        if keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    (OUT_DIR / "website_weight.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )
    print(f"\nJSON in {(OUT_DIR / 'website_weight.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"total {time.monotonic() - started:.0f} s")
    sys.exit(code)
