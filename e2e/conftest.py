"""Fixtures of the browser journeys.

One real production server per session, started as ``make run`` does
(``python -m motcua serve``: gunicorn + task worker, ``DEBUG=0``, static files
by whitenoise from ``collectstatic``), with its own throwaway state directory
(``MOTCUA_VAR_DIR``: database, media, static, secret key, mail) on a free
loopback port. The developer's ``var/`` is never used. Debian's Chromium via
Playwright (no browser download); axe-core for accessibility.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
# /work/shared/stack-notes.md: what Debian's Chromium needs here (no sandbox
# in containers, no GPU, small /dev/shm, no calls home).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Only these pass from the caller's environment to the server: nothing like
# DATABASE_URL, MEDIA_ROOT or SECRET_KEY may point it at real state.
PASSED_ENV = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "TZ", "PYTHONDONTWRITEBYTECODE")
# The file backend separates messages with a line of 79 dashes.
MAIL_SEPARATOR = b"\n" + b"-" * 79 + b"\n"
SERVER_ERROR = re.compile(r'HTTP/1\.[01]" 5\d\d |Traceback \(most recent call last\)')

# axe findings of the whole session, printed in the terminal summary.
AXE_FINDINGS: list[dict[str, Any]] = []


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    port: int
    var_dir: Path
    log_path: Path
    proc: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"  # settings.MAIL_FILE_PATH

    def log_text(self, start: int = 0) -> str:
        with self.log_path.open("rb") as log:
            log.seek(start)
            return log.read().decode("utf-8", "replace")

    def log_size(self) -> int:
        return self.log_path.stat().st_size

    def messages(self) -> list[EmailMessage]:
        """Every complete message the file backend wrote, newest first."""
        if not self.mail_dir.is_dir():
            return []
        files = sorted(
            [*self.mail_dir.glob("*.log"), *self.mail_dir.glob("*.eml")],
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        found = []
        for path in files:
            # Each message ends with the separator: what follows the last one
            # is a message still being written (or nothing).
            complete = path.read_bytes().split(MAIL_SEPARATOR)[:-1]
            for chunk in reversed(complete):
                found.append(email.message_from_bytes(chunk, policy=email.policy.default))
        return found  # type: ignore[return-value]

    def wait_for_mail(self, to: str, *, timeout: float = 20) -> EmailMessage:
        """The newest message to ``to``; waits for it (bounded)."""
        deadline = time.monotonic() + timeout
        while True:
            for message in self.messages():
                if to.lower() in str(message.get("To", "")).lower():
                    return message
            if time.monotonic() > deadline:
                pytest.fail(f"no e-mail to {to} in {self.mail_dir} after {timeout:.0f} s")
            time.sleep(0.25)


def _run(args: list[str], env: dict[str, str], log: Path) -> None:
    with log.open("ab") as out:
        out.write(f"\n$ python -m motcua {' '.join(args)}\n".encode())
        out.flush()
        done = subprocess.run(
            [sys.executable, "-m", "motcua", *args],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=300,
        )
    if done.returncode:
        pytest.fail(f"`motcua {args[0]}` failed ({done.returncode}):\n{log.read_text()[-4000:]}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the process group (serve, gunicorn and its workers, the
    task worker), then SIGKILL to whatever is left."""
    if proc.poll() is not None:
        return
    pgid = os.getpgid(proc.pid)
    os.killpg(pgid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=20)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
    proc.wait(timeout=5)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("motcua-e2e")
    var_dir = root / "var"
    var_dir.mkdir()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {name: os.environ[name] for name in PASSED_ENV if name in os.environ}
    env.update(
        # The Makefile's RUN_ENV.
        HTTPS="0",
        DEBUG="0",
        DEV_MAILBOX="1",
        PAYMENTS_DEMO_ENABLED="1",
        STAFF_MFA_REQUIRED="0",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        SITE_URL=url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Ours: a throwaway var/ (the mail lands in var/mail), a production
        # server rather than the test settings pytest would give.
        MOTCUA_VAR_DIR=str(var_dir),
        MOTCUA_TESTING="0",
        DJANGO_SETTINGS_MODULE="motcua.settings",
        HOST="127.0.0.1",
        PORT=str(port),
        PYTHONUNBUFFERED="1",
    )
    log_path = root / "server.log"
    log_path.touch()
    _run(["migrate", "--no-input", "-v", "0"], env, log_path)
    _run(["collectstatic", "--no-input", "-v", "0"], env, log_path)
    _run(["demo", "--quiet-logins"], env, log_path)

    log = log_path.open("ab")
    proc = subprocess.Popen(
        [sys.executable, "-m", "motcua", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    srv = Server(url=url, port=port, var_dir=var_dir, log_path=log_path, proc=proc)
    try:
        _wait_healthy(srv)
        yield srv
    finally:
        _stop(proc)
        log.close()
        print(f"\ne2e server log: {log_path}")


def _wait_healthy(srv: Server, timeout: float = 60) -> None:
    """Until /healthz answers 200 with the task worker's heartbeat."""
    assert srv.proc is not None
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        if srv.proc.poll() is not None:
            pytest.fail(f"server exited with {srv.proc.returncode}:\n{srv.log_text()[-4000:]}")
        connection = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=2)
        try:
            connection.request("GET", "/healthz")
            body = json.loads(connection.getresponse().read())
            if body.get("checks", {}).get("worker", {}).get("ok"):
                return
            last = str(body)
        except (OSError, ValueError) as exc:
            last = str(exc)
        finally:
            connection.close()
        time.sleep(0.3)
    pytest.fail(f"server not healthy after {timeout:.0f} s ({last}):\n{srv.log_text()[-4000:]}")


@pytest.fixture(autouse=True)
def _no_server_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test fails if the server answered 5xx or logged a traceback
    while it ran; the log excerpt is in the failure."""
    if "server" not in request.fixturenames:
        yield
        return
    srv: Server = request.getfixturevalue("server")
    start = srv.log_size()
    yield
    text = srv.log_text(start)
    if SERVER_ERROR.search(text):
        pytest.fail(f"server errors during {request.node.name}:\n{text[-6000:]}")


# ------------------------------------------------------------- browser
@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} missing: run scripts/ensure-browser")
    expect.set_options(timeout=10_000)
    ARTIFACTS.mkdir(exist_ok=True)
    for old in [*ARTIFACTS.glob("*.png"), *ARTIFACTS.glob("*.json")]:
        old.unlink()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser: Any, server: Server) -> Iterator[Callable[..., Any]]:
    """Make browser contexts on the server (closed after the test).
    ``language="en"`` sets the language cookie the switch would set."""
    contexts: list[Any] = []

    def make(*, language: str | None = None, **options: Any) -> Any:
        options = {
            "base_url": server.url,
            "viewport": {"width": 1280, "height": 800},
            "timezone_id": "Asia/Ho_Chi_Minh",
            # Many office PCs in Vietnam ask for English: the site must
            # still answer in Vietnamese unless the person switched.
            "locale": "en-US",
            **options,
        }
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        if language:
            context.add_cookies([{"name": "motcua_language", "value": language, "url": server.url}])
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Callable[[Any, str], Path]:
    """Full-page screenshot into e2e/artifacts/ (git-ignored)."""
    prefix = re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")

    def take(page: Any, name: str) -> Path:
        path = ARTIFACTS / f"{prefix}--{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


class A11y:
    """Runs axe on a page. Every violation is recorded (terminal summary,
    e2e/artifacts/*.axe.json); serious and critical ones on ``strict``
    pages make ``assert_clean`` fail, so one finding does not cut the
    journey short."""

    def __init__(self, prefix: str) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.prefix = prefix
        self.blocking: list[str] = []

    def check(self, page: Any, name: str, *, strict: bool = True) -> list[dict[str, Any]]:
        results = self.axe.run(page)
        violations = results.response["violations"]
        (ARTIFACTS / f"{self.prefix}--{name}.axe.json").write_text(
            json.dumps(violations, indent=2, ensure_ascii=False), encoding="utf-8"
        )
        for v in violations:
            AXE_FINDINGS.append(
                {
                    "page": f"{self.prefix} {name} ({page.url})",
                    "id": v["id"],
                    "impact": v["impact"],
                    "help": v["help"],
                    "targets": [", ".join(map(str, n["target"])) for n in v["nodes"]][:5],
                    "count": len(v["nodes"]),
                }
            )
        if strict and any(v["impact"] in ("serious", "critical") for v in violations):
            self.blocking.append(f"{name} ({page.url}):\n{results.generate_report()}")
        return violations

    def assert_clean(self) -> None:
        assert not self.blocking, "serious/critical axe violations on " + "\n".join(self.blocking)


@pytest.fixture
def a11y(request: pytest.FixtureRequest) -> A11y:
    return A11y(re.sub(r"[^\w.-]+", "-", request.node.name).strip("-"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Every axe violation of the session, grouped: the same finding on
    several pages is listed once with the pages."""
    if not AXE_FINDINGS:
        return
    grouped: dict[tuple[str, ...], list[str]] = {}
    for f in AXE_FINDINGS:
        key = (f["impact"], f["id"], f["help"], f"×{f['count']}", *f["targets"])
        grouped.setdefault(key, []).append(f["page"])
    terminalreporter.section("axe findings (all impacts)")
    for (impact, rule, text, count, *targets), pages in grouped.items():
        terminalreporter.write_line(f"[{impact}] {rule} {count}: {text}")
        for target in targets:
            terminalreporter.write_line(f"    element: {target}")
        for page in pages:
            terminalreporter.write_line(f"    on: {page}")
