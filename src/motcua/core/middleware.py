"""Security headers that differ between the public site and the admin."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class AdminSecurityHeadersMiddleware:
    """The Wagtail admin frames its own page previews and uses inline styles:
    give it a relaxed CSP and ``SAMEORIGIN`` framing. Every other page keeps
    ``DENY`` and the strict, nonce-based policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.ADMIN_PATH_PREFIXES):
            if not hasattr(response, "_csp_config"):
                response._csp_config = settings.ADMIN_CSP  # type: ignore[attr-defined]
            if "X-Frame-Options" not in response:
                response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class VietnameseFirstLocaleMiddleware:
    """Vietnamese unless the person chose another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which
    on many Vietnamese office PCs and phones says English. A provincial
    government site speaks Vietnamese first; English is an explicit choice
    kept in the language cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()  # type: ignore[attr-defined]
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
