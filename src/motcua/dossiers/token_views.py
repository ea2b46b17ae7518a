"""The citizen's API tokens page (``/tai-khoan/ma-api/``): create a token
(shown once) and revoke tokens. Linked from "Hồ sơ của tôi"."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from motcua.dossiers import tokens
from motcua.dossiers.models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        help_text=_("What will use it, e.g. “Phần mềm kế toán”."),
    )


@login_required
@never_cache
def api_tokens(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; POST ``action=create`` or ``action=revoke``."""
    form = TokenForm(request.POST if request.POST.get("action") == "create" else None)
    created: str | None = None
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            token = get_object_or_404(
                ApiToken, pk=request.POST.get("token") or 0, user=request.user
            )
            tokens.do_revoke_api_token(token, acting_user=request.user)
            messages.success(request, _("The token has been revoked."))
            return redirect("dossier_api_tokens")
        if form.is_valid():
            _token, created = tokens.do_create_api_token(
                request.user, acting_user=request.user, name=form.cleaned_data["name"]
            )
            form = TokenForm()
        else:
            status = 400
    rows = ApiToken.objects.filter(user=request.user, revoked_at__isnull=True)
    return render(
        request,
        "dossiers/api_tokens.html",
        {"form": form, "tokens": rows, "created": created},
        status=status,
    )
