"""allauth adapter: NFC-normalised input, lower-cased e-mail addresses."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from motcua.core.text import clean_text


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Our e-mail frame (templates/account/email/base_message.txt) signs
        # with the Department's name, address and hotline, not the host name.
        site = settings.MOTCUA_SITE
        context = {
            "department": site["department"],
            "hotline": site["hotline"],
            "site_url": settings.SITE_URL,
            **context,
        }
        super().send_mail(template_prefix, email, context)

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return getattr(settings, "MOTCUA_SIGNUP_OPEN", True)

    def clean_email(self, email: str) -> str:
        return super().clean_email(clean_text(email).lower())

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.full_name = clean_text(form.cleaned_data.get("full_name", ""))
        if commit:
            user.save()
        return user
