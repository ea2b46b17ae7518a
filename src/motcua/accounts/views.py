"""The citizen's own account pages: profile and consents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.actions import do_give_consent, do_update_profile, do_withdraw_consent
from motcua.accounts.constants import ConsentChannel, ConsentPurpose
from motcua.accounts.forms import ProfileForm
from motcua.accounts.models import Consent
from motcua.org.selectors import memberships_of


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Show and edit the profile. Changing the province only reloads the
    ward list (the "update wards" button, clicked by script when present)."""
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=user)
        if "reload_wards" in request.POST:
            # Re-render with what was typed; nothing is saved or lost.
            form.errors.clear()
            return render(request, "accounts/profile.html", {"form": form, "reloading": True})
        if form.is_valid():
            fields = {
                name: form.cleaned_data[name]
                for name in ["full_name", "id_number", "phone", "address_line", "province", "ward"]
            }
            do_update_profile(user, acting_user=user, **fields)
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
        return render(request, "accounts/profile.html", {"form": form}, status=400)
    form = ProfileForm(instance=user)
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "memberships": memberships_of(user)},
    )


@login_required
def consents(request: HttpRequest) -> HttpResponse:
    """Consents per purpose, with give and withdraw buttons."""
    current = {c.purpose: c for c in Consent.objects.current().filter(user=request.user)}
    rows = [
        {"purpose": value, "label": label, "consent": current.get(value)}
        for value, label in ConsentPurpose.choices
    ]
    history = Consent.objects.filter(user=request.user).order_by("-given_at")[:50]
    return render(request, "accounts/consents.html", {"rows": rows, "history": history})


@login_required
@require_POST
def consent_change(request: HttpRequest) -> HttpResponse:
    purpose = request.POST.get("purpose", "")
    if purpose not in ConsentPurpose.values:
        messages.error(request, _("Unknown purpose."))
        return redirect("accounts:consents")
    if request.POST.get("action") == "withdraw":
        if purpose == ConsentPurpose.TERMS:
            messages.error(
                request,
                _(
                    "This consent is needed to keep your account. To withdraw it, ask for your account to be closed."
                ),
            )
            return redirect("accounts:consents")
        consent = get_object_or_404(Consent.objects.current(), user=request.user, purpose=purpose)
        do_withdraw_consent(consent, acting_user=request.user)
        messages.success(request, _("Your consent has been withdrawn."))
    else:
        do_give_consent(request.user, purpose, channel=ConsentChannel.WEB, acting_user=request.user)
        messages.success(request, _("Your consent has been recorded."))
    return redirect("accounts:consents")
