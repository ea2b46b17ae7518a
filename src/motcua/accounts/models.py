"""Users (citizens and staff) and their consent records."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import ConsentChannel, ConsentPurpose
from motcua.accounts.validators import format_phone


class EmailUserManager(UserManager):
    """Users sign in with their e-mail address; there is no user name."""

    use_in_migrations = True

    def _create_user_object(
        self, username: Any, email: str | None, password: str | None, **extra: Any
    ):
        email = self.normalize_email(email or username or "").lower()
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=email, **extra)
        user.password = password  # hashed by the callers below
        return user

    def _create_user(self, username: Any, email: str | None, password: str | None, **extra: Any):
        user = self._create_user_object(username, email, None, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str | None = None, password: str | None = None, **extra: Any):  # type: ignore[override]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra)

    def create_superuser(self, email: str | None = None, password: str | None = None, **extra: Any):  # type: ignore[override]
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra)


class User(AbstractUser):
    """A person with an account: a citizen, a representative of an
    organisation, or a staff member (staff hold ``org.Membership`` rows).

    Vietnamese names are one string ("Nguyễn Thị Minh Khai"), so ``full_name``
    is the name; ``first_name``/``last_name`` stay empty."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    id_number = models.CharField(
        _("citizen ID number (CCCD)"),
        max_length=12,
        blank=True,
        help_text=_("12 digits, as printed on the chip-based citizen ID card."),
    )
    phone = models.CharField(_("phone"), max_length=16, blank=True, help_text=_("Stored as +84…"))
    address_line = models.CharField(
        _("address"), max_length=255, blank=True, help_text=_("House number, street, hamlet…")
    )
    province = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("province / city"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "province", "valid_until__isnull": True},
    )
    ward = models.ForeignKey(
        "core.AdministrativeUnit",
        verbose_name=_("commune / ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune", "valid_until__isnull": True},
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = EmailUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[-1] if self.full_name else self.email

    @property
    def phone_display(self) -> str:
        return format_phone(self.phone)


class ConsentQuerySet(models.QuerySet["Consent"]):
    def current(self) -> ConsentQuerySet:
        """Consents given and not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Consent(models.Model):
    """A person's consent to one purpose, with the terms version, time and
    channel, so it can be shown to be specific and verifiable (Luật
    91/2025, Điều 9). Withdrawal keeps the row and sets ``withdrawn_at``."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=ConsentPurpose.choices)
    terms_version = models.CharField(_("terms version"), max_length=16)
    channel = models.CharField(_("channel"), max_length=16, choices=ConsentChannel.choices)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_current_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_purpose_display()}"
