"""Platform views: health check, error pages, the development mailbox."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core.health import run_checks


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON status of the database, task worker and storage: 200 when all
    are fine, 503 otherwise. Says nothing secret."""
    result = run_checks()
    return JsonResponse(result, status=200 if result["status"] == "ok" else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token: a Vietnamese explanation."""
    return render(request, "403_csrf.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    """Send Wagtail's sign-in URL to the site's sign-in (allauth, with TOTP
    for staff), keeping ``next``. Wagtail's form would check the password only."""
    from django.shortcuts import redirect
    from django.urls import reverse

    query = request.GET.urlencode()
    return redirect(f"{reverse('account_login')}?{query}" if query else reverse("account_login"))


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors and no database: whatever broke must not break
    # the error page too. The page reveals nothing about the failure.
    from django.template import loader

    try:
        body = loader.get_template("500.html").render()
    except Exception:  # e.g. static files not collected: the page still answers
        body = _PLAIN_500
    return HttpResponse(body, status=500)


_PLAIN_500 = (
    '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Lỗi hệ thống</title></head>'
    "<body><h1>Hệ thống đang gặp sự cố</h1><p>Vui lòng thử lại sau ít phút.</p>"
    '<p><a href="/">Về trang chủ</a></p></body></html>'
)


# -- development mailbox ------------------------------------------------------
def _mailbox_dir() -> Path:
    return Path(settings.MAIL_FILE_PATH)


def _read_messages() -> list[dict[str, str]]:
    folder = _mailbox_dir()
    if not folder.is_dir():
        return []
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)[:200]:
        raw = path.read_bytes()
        # The file backend separates messages with a line of 79 dashes.
        for chunk in raw.split(b"\n" + b"-" * 79 + b"\n"):
            if not chunk.strip():
                continue
            msg = email.message_from_bytes(chunk, policy=email.policy.default)
            body = msg.get_body(preferencelist=("plain", "html"))
            messages.append(
                {
                    "id": f"{path.stem}",
                    "to": str(msg.get("To", "")),
                    "subject": str(msg.get("Subject", "")),
                    "date": str(msg.get("Date", "")),
                    "body": body.get_content() if body is not None else "",
                }
            )
    return messages


@never_cache
def dev_mailbox(request: HttpRequest) -> HttpResponse:
    """Development provider only: shows the e-mails the file backend wrote
    under ``var/mail/``, so sign-up can be tried without a mail server.
    Served only when ``DEV_MAILBOX`` is on."""
    if not settings.DEV_MAILBOX:
        raise Http404
    to = request.GET.get("to", "").strip().lower()
    items = [m for m in _read_messages() if not to or to in m["to"].lower()]
    return render(request, "core/dev_mailbox.html", {"items": items, "to": to})


# Stable public URLs (DESIGN.md §4) whose services land in later issues.
COMING_SOON_TITLES = {
    "procedures": gettext_noop("Administrative procedures"),
    "submit": gettext_noop("Submit a dossier online"),
    "lookup": gettext_noop("Look up a dossier"),
    "feedback": gettext_noop("Feedback, complaints and questions"),
    "answers": gettext_noop("Questions and answers"),
    "surveys": gettext_noop("Satisfaction survey"),
    "news": gettext_noop("News"),
}


def coming_soon(request: HttpRequest, service: str, **kwargs: object) -> HttpResponse:
    """A plain notice at a stable URL whose service is not switched on yet,
    with the channels that work today. No fake content."""
    from django.utils.translation import gettext

    return render(request, "coming_soon.html", {"title": gettext(COMING_SOON_TITLES[service])})
