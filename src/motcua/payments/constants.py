"""Statuses, provider ids, methods and audit events of fees and payments.

Money is integer VND everywhere. A charge (khoản phải nộp) is what a dossier
owes; payments are attempts to settle it through a provider; a receipt
(biên lai) is issued for a paid payment; refunds are recorded against a
payment with a reason and an approver."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.org.constants import Role


class ChargeStatus(models.TextChoices):
    OPEN = "open", _("Awaiting payment")
    # "Paid" alone is translated "Nộp phí" elsewhere (procedure pages).
    PAID = "paid", pgettext_lazy("payment status", "Paid")
    WAIVED = "waived", _("Exempted")
    CANCELLED = "cancelled", _("Cancelled")


class LineKind(models.TextChoices):
    FEE = "fee", _("Fee or charge")
    POSTAL = "postal", _("Postal delivery")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting the payer")
    PAID = "paid", pgettext_lazy("payment status", "Paid")
    FAILED = "failed", pgettext_lazy("payment status", "Failed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")
    # The money arrived but the charge was already settled by another
    # payment: never credited, flagged for refund.
    DUPLICATE = "duplicate", _("Paid twice: to be refunded")
    REFUNDED = "refunded", _("Refunded")


SETTLED_PAYMENT_STATUSES = (PaymentStatus.PAID, PaymentStatus.DUPLICATE, PaymentStatus.REFUNDED)


class Provider(models.TextChoices):
    COUNTER = "counter", _("At the counter (cash or card)")
    VIETQR = "vietqr", _("Bank transfer by VietQR")
    GATEWAY = "gateway", _("Online payment gateway")
    DEMO = "demo", _("Demo gateway (development only)")


class Method(models.TextChoices):
    CASH = "cash", _("Cash")
    CARD = "card", _("Card at the counter")
    TRANSFER = "transfer", _("Bank transfer")
    ONLINE = "online", _("Card or e-wallet online")


class CallbackKind(models.TextChoices):
    RETURN = "return", _("Return of the payer's browser")
    WEBHOOK = "webhook", _("Server-to-server notification")
    STATEMENT = "statement", _("Bank statement")


class CallbackOutcome(models.TextChoices):
    APPLIED = "applied", _("Applied")
    ALREADY_APPLIED = "already_applied", _("Already applied (repeat)")
    FAILED_PAYMENT = "failed_payment", _("Payment failed at the provider")
    BAD_SIGNATURE = "bad_signature", _("Bad signature")
    UNKNOWN_ORDER = "unknown_order", _("Unknown order")
    AMOUNT_MISMATCH = "amount_mismatch", _("Amount differs")
    DUPLICATE = "duplicate", _("Charge already paid: flagged for refund")
    INVALID = "invalid", _("Malformed")


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved, to be paid back")
    REJECTED = "rejected", _("Rejected")
    COMPLETED = "completed", _("Paid back")


class LineStatus(models.TextChoices):
    """Outcome of one bank statement row."""

    MATCHED = "matched", _("Matched automatically")
    MANUAL = "manual", _("Matched by an officer")
    AMBIGUOUS = "ambiguous", _("Matches several payments: decide")
    UNMATCHED = "unmatched", _("No matching payment")
    ALREADY_PAID = "already_paid", _("Charge already paid: flagged for refund")
    IGNORED = "ignored", _("Not a fee payment")
    REPEATED = "repeated", _("Already imported")


# Who records counter payments, imports statements and sees payment lists;
# refunds are approved by an approver or leader of the unit.
STAFF_ROLES = (Role.RECEPTION, Role.HANDLER, Role.APPROVER, Role.LEADER, Role.COORDINATOR)
CASHIER_ROLES = (Role.RECEPTION,)
REFUND_APPROVER_ROLES = (Role.APPROVER, Role.LEADER)


class AuditEvent(models.TextChoices):
    CHARGE_CREATED = "payments.charge_created", _("Fee assessed")
    CHARGE_CANCELLED = "payments.charge_cancelled", _("Fee cancelled")
    CHARGE_WAIVED = "payments.charge_waived", _("Fee exempted")
    PAYMENT_STARTED = "payments.payment_started", _("Payment started")
    PAYMENT_PAID = "payments.payment_paid", _("Payment received")
    PAYMENT_FAILED = "payments.payment_failed", _("Payment failed")
    PAYMENT_DUPLICATE = "payments.payment_duplicate", _("Second payment flagged for refund")
    COUNTER_PAYMENT = "payments.counter_payment", _("Counter payment recorded")
    RECEIPT_ISSUED = "payments.receipt_issued", _("Receipt issued")
    REFUND_REQUESTED = "payments.refund_requested", _("Refund requested")
    REFUND_DECIDED = "payments.refund_decided", _("Refund decided")
    REFUND_COMPLETED = "payments.refund_completed", _("Refund paid back")
    STATEMENT_IMPORTED = "payments.statement_imported", _("Bank statement imported")
    STATEMENT_LINE_MATCHED = "payments.statement_line_matched", _("Statement row matched by hand")
    SETTINGS_CHANGED = "payments.settings_changed", _("Payment settings changed")


# Banks offered when a unit's collecting account is set up (SBV BIN list,
# excerpt: domain-vn.md §7 "Bank BINs"); another bank is entered by its
# six-digit BIN.
BANK_BINS: tuple[tuple[str, str], ...] = (
    ("970436", "Vietcombank"),
    ("970415", "VietinBank"),
    ("970418", "BIDV"),
    ("970405", "Agribank"),
    ("970422", "MB"),
    ("970407", "Techcombank"),
    ("970403", "Sacombank"),
    ("970416", "ACB"),
)
# Who configures bank accounts, receipt series and fee reductions.
SETTINGS_ROLES = (Role.SYSADMIN,)
