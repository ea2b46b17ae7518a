"""Charges (what a dossier owes), payments (attempts to settle a charge
through a provider), provider callbacks (every return and notification,
kept whatever its outcome), receipts (biên lai) in numbered series,
refunds, bank accounts per unit, and bank statement imports with their rows.

Invariants enforced by the database, not only by code:
- a dossier has at most one open charge;
- a charge has at most one ``paid`` payment (a second capture becomes
  ``duplicate`` and is flagged for refund, never credited);
- payment references and receipt numbers within a series are unique;
- a bank statement row (its fingerprint) is imported once per account.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Unit
from motcua.payments.constants import (
    STAFF_ROLES,
    CallbackKind,
    CallbackOutcome,
    ChargeStatus,
    LineKind,
    LineStatus,
    Method,
    PaymentStatus,
    Provider,
    RefundStatus,
)

BIN_VALIDATOR = RegexValidator(r"^\d{6}$", _("A bank BIN has six digits."))
ACCOUNT_VALIDATOR = RegexValidator(r"^[0-9A-Za-z]{1,19}$", _("Up to 19 letters or digits."))


class BankAccount(models.Model):
    """The account a unit collects fees on (VietQR transfers go here)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    bank_bin = models.CharField(_("bank BIN"), max_length=6, validators=[BIN_VALIDATOR])
    bank_name = models.CharField(_("bank"), max_length=120)
    account_number = models.CharField(
        _("account number"), max_length=19, validators=[ACCOUNT_VALIDATOR]
    )
    account_name = models.CharField(_("account holder"), max_length=120)
    is_active = models.BooleanField(_("in use"), default=True)
    # Column mapping of this bank's statement files (CSV or XLSX): keys
    # date, amount, note, reference (column headers as printed by the bank),
    # header_row (1-based), date_format, delimiter, encoding.
    statement_mapping = models.JSONField(_("statement columns"), default=dict, blank=True)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(is_active=True), name="payments_one_active_account"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_number}"


class FeeReduction(models.Model):
    """An exemption or reduction the officer may apply when assessing a fee
    (e.g. 50 % in disadvantaged areas; 100 % is an exemption), with its
    legal basis. Limited to one procedure when set."""

    name = models.CharField(_("name"), max_length=255)
    percent = models.PositiveSmallIntegerField(
        _("reduction (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    procedure = models.ForeignKey(
        "procedures.Procedure",
        verbose_name=_("only for procedure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    applies_to_postal = models.BooleanField(_("also reduces the postal fee"), default=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("fee reduction")
        verbose_name_plural = _("fee reductions")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.percent} %)"


class ChargeQuerySet(models.QuerySet["Charge"]):
    def visible_to(self, user: object) -> ChargeQuerySet:
        return self.filter(unit__in=Unit.objects.visible_to(user, roles=STAFF_ROLES))


class Charge(models.Model):
    """What one dossier owes at one moment (khoản phải nộp), as lines."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        on_delete=models.PROTECT,
        related_name="charges",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("collecting unit"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ChargeStatus.choices, default=ChargeStatus.OPEN
    )
    total = models.PositiveBigIntegerField(_("total (VND)"))
    reduction = models.ForeignKey(
        FeeReduction,
        verbose_name=_("reduction"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # "before_reception" or "before_result" (procedures.constants.FeeTiming).
    timing = models.CharField(_("paid"), max_length=20)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("assessed at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = ChargeQuerySet.as_manager()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status="open"), name="payments_one_open_charge"
            ),
        ]
        indexes = [models.Index(fields=["unit", "created_at"], name="payments_charge_unit_day")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.total}"


class ChargeLine(models.Model):
    charge = models.ForeignKey(
        Charge, verbose_name=_("charge"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(
        _("kind"), max_length=16, choices=LineKind.choices, default=LineKind.FEE
    )
    name = models.CharField(_("fee"), max_length=255)
    base_amount = models.PositiveBigIntegerField(_("listed amount (VND)"))
    reduction_percent = models.PositiveSmallIntegerField(
        _("reduction (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"))

    class Meta:
        verbose_name = _("charge line")
        verbose_name_plural = _("charge lines")
        ordering = ["charge", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.amount}"


class PaymentQuerySet(models.QuerySet["Payment"]):
    def visible_to(self, user: object) -> PaymentQuerySet:
        return self.filter(charge__unit__in=Unit.objects.visible_to(user, roles=STAFF_ROLES))


class Payment(models.Model):
    """One attempt to settle a charge through one provider. ``reference``
    is our order id, sent to the provider and printed in transfer notes."""

    charge = models.ForeignKey(
        Charge, verbose_name=_("charge"), on_delete=models.PROTECT, related_name="payments"
    )
    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, blank=True)
    reference = models.CharField(_("payment reference"), max_length=40, unique=True)
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    status = models.CharField(
        _("status"), max_length=16, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    provider_ref = models.CharField(_("provider's transaction number"), max_length=100, blank=True)
    transfer_note = models.CharField(_("transfer note"), max_length=25, blank=True)
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    counter_receipt_no = models.CharField(_("counter receipt number"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    data = models.JSONField(_("provider data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["charge"], condition=Q(status="paid"), name="payments_one_paid_per_charge"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "paid_at"], name="payments_status_paid_at"),
            models.Index(fields=["transfer_note"], name="payments_transfer_note"),
        ]

    def __str__(self) -> str:
        return self.reference


class ProviderCallback(models.Model):
    """Every return, notification or statement row a provider sent, kept
    with its outcome whatever it was (a bad signature changes nothing but is
    recorded)."""

    provider = models.CharField(_("provider"), max_length=16, choices=Provider.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=CallbackKind.choices)
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="callbacks",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=CallbackOutcome.choices)
    payload = models.JSONField(_("payload"), default=dict)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("provider callback")
        verbose_name_plural = _("provider callbacks")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.provider} {self.kind} {self.outcome}"


class ReceiptSeries(models.Model):
    """A series of receipt numbers of a unit (mẫu số, ký hiệu), numbered
    from 1 without gaps."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    form_code = models.CharField(_("form number (mẫu số)"), max_length=20)
    symbol = models.CharField(_("symbol (ký hiệu)"), max_length=20)
    next_number = models.PositiveIntegerField(_("next number"), default=1)
    number_width = models.PositiveSmallIntegerField(_("digits"), default=7)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("receipt series")
        verbose_name_plural = _("receipt series")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(is_active=True), name="payments_one_active_series"
            ),
            models.UniqueConstraint(fields=["form_code", "symbol"], name="payments_series_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.form_code} {self.symbol}"


class Receipt(models.Model):
    """The electronic receipt (biên lai) of a paid payment; its lines and
    parties are copied so that it never changes afterwards."""

    payment = models.OneToOneField(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="receipt"
    )
    series = models.ForeignKey(
        ReceiptSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="receipts"
    )
    number = models.PositiveIntegerField(_("number"))
    issued_at = models.DateTimeField(_("issued at"))
    issuer_name = models.CharField(_("issuer"), max_length=255)
    payer_name = models.CharField(_("payer"), max_length=200)
    payer_address = models.CharField(_("payer address"), max_length=500, blank=True)
    dossier_code = models.CharField(_("dossier"), max_length=40)
    lines = models.JSONField(_("lines"), default=list)
    total = models.PositiveBigIntegerField(_("total (VND)"))

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-issued_at"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="payments_receipt_number"),
        ]

    def __str__(self) -> str:
        return f"{self.series_id}/{self.number:07d}"


class Refund(models.Model):
    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="refunds"
    )
    amount = models.PositiveBigIntegerField(_("amount (VND)"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=16, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=500, blank=True)
    completed_at = models.DateTimeField(_("paid back at"), null=True, blank=True)
    completion_ref = models.CharField(_("refund reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.payment_id}: {self.amount}"


class StatementImport(models.Model):
    """One bank statement file as imported, kept with its result."""

    account = models.ForeignKey(
        BankAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="imports"
    )
    file = models.FileField(_("file"), upload_to="payments/statements/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    mapping = models.JSONField(_("columns used"), default=dict)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    summary = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("statement import")
        verbose_name_plural = _("statement imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class StatementLine(models.Model):
    statement = models.ForeignKey(
        StatementImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="lines"
    )
    account = models.ForeignKey(
        BankAccount, verbose_name=_("account"), on_delete=models.PROTECT, related_name="+"
    )
    row_number = models.PositiveIntegerField(_("row"))
    booked_on = models.DateField(_("date"))
    amount = models.BigIntegerField(_("amount (VND)"))
    note = models.CharField(_("transfer note"), max_length=500, blank=True)
    bank_ref = models.CharField(_("bank reference"), max_length=100, blank=True)
    # Bank reference, or date + amount + folded note when the bank gives none.
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(_("result"), max_length=16, choices=LineStatus.choices)
    payment = models.ForeignKey(
        Payment,
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement_lines",
    )
    candidates = models.JSONField(_("possible payments"), default=list, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("matched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("statement row")
        verbose_name_plural = _("statement rows")
        ordering = ["statement", "row_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "fingerprint"],
                condition=~Q(status="repeated"),
                name="payments_statement_row_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.statement_id}#{self.row_number}"
