"""Staff must sign in with a second factor before any staff page."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

STAFF_PREFIXES = ("/can-bo/", "/admin/", "/django-admin/")


class StaffMFAMiddleware:
    """When ``STAFF_MFA_REQUIRED`` is on, a staff member (any role, or a
    superuser) who has no TOTP authenticator is sent to set one up before
    reaching ``/can-bo/`` or ``/admin/``. allauth asks for the code at every
    sign-in once it is set up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.MOTCUA_STAFF_MFA_REQUIRED
            and request.path.startswith(STAFF_PREFIXES)
            and request.user.is_authenticated
        ):
            from allauth.mfa.models import Authenticator

            from motcua.org.selectors import is_staff_member

            if (
                is_staff_member(request.user)
                and not Authenticator.objects.filter(
                    user_id=request.user.pk, type=Authenticator.Type.TOTP
                ).exists()
            ):
                messages.warning(
                    request,
                    _(
                        "Staff accounts must use two-step verification. Set up an authenticator app to continue."
                    ),
                )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
