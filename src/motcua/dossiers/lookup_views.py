"""Dossier lookup on the portal (``/tra-cuu/``), the QR target
(``/tra-cuu/<code>/?k=<key>``), and the submission acknowledgement PDF.

Anyone may look up a dossier with its code and lookup key, or its code and
the applicant's ID-document number; nothing else is needed, so the pages
are public and rate-limited per client address. A wrong key and an unknown
code get exactly the same answer (``selectors.lookup_dossier``)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from motcua.core import ratelimit
from motcua.dossiers import selectors
from motcua.dossiers.documents import acknowledgement_filename, render_acknowledgement_pdf

NOT_FOUND_MESSAGE = _(
    "No dossier matches this code and lookup key or ID-document number. Check what you typed "
    "against your acknowledgement or receipt."
)


def client_ip(request: HttpRequest) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT``
    reverse proxies the address they saw (the same rule as the sign-in
    lockout), so one proxy's address does not limit everyone at once."""
    proxies = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None) or 0
    if proxies:
        chain = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(chain) >= proxies:
            return chain[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def limit_lookups(request: HttpRequest) -> ratelimit.RateLimitResult:
    """Count one lookup attempt of this client (web page and API alike)."""
    return ratelimit.hit(
        f"dossier-lookup-ip:{client_ip(request)}",
        limit=settings.DOSSIER_LOOKUP_LIMIT,
        window=settings.DOSSIER_LOOKUP_WINDOW_SECONDS,
    )


class LookupForm(forms.Form):
    """The query parameters of the home page's lookup box: ``ma`` (code),
    ``k`` (lookup key) or ``cccd`` (ID-document number or tax code)."""

    ma = forms.CharField(
        label=_("Dossier code"),
        max_length=selectors.MAX_CODE_LENGTH,
        help_text=_("As printed on the acknowledgement, e.g. SYT-260105-0001."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    k = forms.CharField(
        label=_("Lookup key"),
        max_length=selectors.MAX_KEY_LENGTH,
        required=False,
        help_text=_("The short key printed next to the code."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    cccd = forms.CharField(
        label=_("Or the applicant's ID-document number"),
        max_length=selectors.MAX_ID_LENGTH,
        required=False,
        help_text=_("Citizen ID (CCCD) number, or the tax code of an organisation."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if self.is_bound and not self.errors and not (data.get("k") or data.get("cccd")):
            self.add_error("k", _("Enter the lookup key, or the ID-document number below."))
        return data


def _render_form(
    request: HttpRequest, form: LookupForm, *, status: int, retry_after: int | None = None
) -> HttpResponse:
    response = render(
        request,
        "dossiers/lookup.html",
        {"form": form, "sms_short_code": settings.SMS_SHORT_CODE},
        status=status,
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _answer(request: HttpRequest, data: dict[str, str]) -> HttpResponse:
    """Look up ``data`` (ma, k, cccd) once, rate-limited, and render the
    result page or the form with the one not-found message."""
    form = LookupForm(data)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    limited = limit_lookups(request)
    if not limited.allowed:
        # The wording of the site's 429 page (templates/429.html).
        form.add_error(
            None,
            _(
                "You have tried this too many times in a short while. For your safety, please "
                "wait a few minutes and try again."
            ),
        )
        return _render_form(request, form, status=429, retry_after=limited.retry_after)
    result = selectors.lookup_dossier(
        form.cleaned_data["ma"],
        key=form.cleaned_data["k"],
        id_number="" if form.cleaned_data["k"] else form.cleaned_data["cccd"],
    )
    if result is None:
        form.add_error(None, NOT_FOUND_MESSAGE)
        return _render_form(request, form, status=404)
    return render(request, "dossiers/lookup_result.html", {"result": result})


@require_GET
@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """``/tra-cuu/``: the form; with ``ma`` and ``k`` or ``cccd`` (the home
    page's lookup box), the answer."""
    if not request.GET.get("ma"):
        initial = {name: request.GET.get(name, "") for name in ("k", "cccd")}
        return _render_form(request, LookupForm(initial=initial), status=200)
    return _answer(request, {name: request.GET.get(name, "") for name in ("ma", "k", "cccd")})


@require_GET
@never_cache
def lookup_detail(request: HttpRequest, code: str) -> HttpResponse:
    """``/tra-cuu/<code>/?k=<key>``: the QR target on the acknowledgement
    and the receipt. Without a key (or ``cccd``) it asks for one."""
    if not (request.GET.get("k") or request.GET.get("cccd")):
        return _render_form(request, LookupForm(initial={"ma": code}), status=200)
    return _answer(
        request, {"ma": code, "k": request.GET.get("k", ""), "cccd": request.GET.get("cccd", "")}
    )


@login_required
@never_cache
def acknowledgement(request: HttpRequest, pk: int) -> HttpResponse:
    """The submission acknowledgement (giấy xác nhận nộp hồ sơ trực tuyến) of
    one of the signed-in citizen's own submitted dossiers, as a PDF."""
    dossier = selectors.dossier_for_acknowledgement(request.user, pk)
    if dossier is None:
        raise Http404
    response = HttpResponse(render_acknowledgement_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{acknowledgement_filename(dossier)}"'
    return response
