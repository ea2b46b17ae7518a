"""Payment settings (/can-bo/thanh-toan/cai-dat/): bank accounts with their
statement columns, receipt series, fee reductions; system administrators
of the unit only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.core.models import AuditEntry
from motcua.payments import actions
from motcua.payments.constants import AuditEvent
from motcua.payments.models import BankAccount, FeeReduction, ReceiptSeries
from motcua.testing.payment_factories import make_fee_dossier, make_payment, payment_staff
from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db

SETTINGS = "payments_staff:settings"


def _account(unit, number="0071000123456", active=True, **extra):
    return BankAccount.objects.create(
        unit=unit,
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number=number,
        account_name="SO Y TE",
        is_active=active,
        **extra,
    )


def _account_post(**overrides):
    data = {
        "bank": "970436",
        "bank_bin": "",
        "bank_name": "",
        "account_number": "0071 0001 23456",
        "account_name": "Sở Y tế",
        "is_active": "on",
        "date_column": "Ngày",
        "amount_column": "Ghi có",
        "note_column": "Nội dung",
        "reference_column": "",
        "header_row": "2",
        "date_format": "%d/%m/%Y",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_officers_without_the_administrator_role_are_refused(client, org, personas):
    staff = payment_staff(org, personas)
    account = _account(org.dept)
    for user in (staff.reception, personas.handler, personas.leader):
        client.force_login(user)
        assert client.get(reverse(SETTINGS)).status_code == 403
        assert client.get(reverse("payments_staff:settings_account_new")).status_code == 403
        response = client.post(
            reverse("payments_staff:settings_account", args=[account.pk]),
            _account_post(account_number="999"),
        )
        assert response.status_code == 403
    account.refresh_from_db()
    assert account.account_number == "0071000123456"
    client.logout()
    assert client.get(reverse(SETTINGS)).status_code == 302  # to the sign-in page


def test_an_administrator_of_another_unit_gets_a_404(client, org, personas):
    account = _account(org.dept)
    series = ReceiptSeries.objects.create(unit=org.dept, form_code="01BLP2-001", symbol="SYT-26P")
    client.force_login(personas.outsider)  # sysadmin of another department
    assert client.get(reverse(SETTINGS)).status_code == 200
    assert (
        client.get(reverse("payments_staff:settings_account", args=[account.pk])).status_code == 404
    )
    assert (
        client.get(reverse("payments_staff:settings_series", args=[series.pk])).status_code == 404
    )
    body = client.get(reverse(SETTINGS)).content.decode()
    assert account.account_number not in body


def test_the_overview_lists_everything_in_a_fixed_number_of_queries(
    client, org, personas, django_assert_max_num_queries
):
    procedure = ProcedureFactory(unit=org.pharmacy)
    client.force_login(personas.sysadmin)
    url = reverse(SETTINGS)
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        response = client.get(url)
    assert response.status_code == 200
    for i in range(4):
        _account(org.pharmacy if i % 2 else org.hospital, number=f"12345{i}", active=i < 2)
        ReceiptSeries.objects.create(
            unit=org.office, form_code="01BLP2-001", symbol=f"VP-2{i}P", is_active=i == 0
        )
        FeeReduction.objects.create(name=f"Giảm {i}", percent=10 + i, procedure=procedure)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["accounts"]) == 4
    assert len(response.context["series"]) == 4
    assert len(response.context["reductions"]) == 4
    assert "VP-20P" in response.content.decode()


def test_adding_an_account_from_the_list_with_its_statement_columns(client, org, personas):
    client.force_login(personas.sysadmin)
    url = reverse("payments_staff:settings_account_new")
    assert client.get(url).status_code == 200
    response = client.post(url, {**_account_post(), "unit": org.pharmacy.pk})
    assert response.status_code == 302, response.content.decode()[:3000]
    account = BankAccount.objects.get(unit=org.pharmacy)
    assert (account.bank_bin, account.bank_name) == ("970436", "Vietcombank")
    assert account.account_number == "0071000123456"  # spaces removed
    assert account.is_active
    assert account.statement_mapping == {
        "date": "Ngày",
        "amount": "Ghi có",
        "note": "Nội dung",
        "header_row": 2,
        "date_format": "%d/%m/%Y",
    }
    entry = AuditEntry.objects.filter(event=AuditEvent.SETTINGS_CHANGED).latest("pk")
    assert entry.actor == personas.sysadmin
    assert entry.new["account_number"] == "0071000123456"


def test_another_bank_needs_a_six_digit_bin_and_keeps_what_was_typed(client, org, personas):
    client.force_login(personas.sysadmin)
    url = reverse("payments_staff:settings_account_new")
    response = client.post(
        url,
        {
            **_account_post(bank="other", bank_bin="97042", bank_name="", account_name="Kho bạc"),
            "unit": org.pharmacy.pk,
        },
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "bank_bin" in form.errors and "bank_name" in form.errors
    body = response.content.decode()
    assert 'value="97042"' in body and "Kho bạc" in body
    assert 'href="#id_bank_bin"' in body  # error summary links to the field
    assert not BankAccount.objects.exists()
    response = client.post(
        url,
        {
            **_account_post(bank="other", bank_bin="970448", bank_name="OCB"),
            "unit": org.pharmacy.pk,
        },
    )
    assert response.status_code == 302
    assert BankAccount.objects.get().bank_name == "OCB"


def test_activating_an_account_takes_the_old_one_out_of_use_in_one_action(client, org, personas):
    old = _account(org.dept, number="111111")
    new = _account(org.dept, number="222222", active=False)
    client.force_login(personas.sysadmin)
    response = client.post(
        reverse("payments_staff:settings_account", args=[new.pk]),
        _account_post(account_number="222222", bank="970415"),
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new.refresh_from_db()
    assert new.is_active and not old.is_active
    assert new.bank_name == "VietinBank"
    assert BankAccount.objects.filter(unit=org.dept, is_active=True).count() == 1
    # An account added as "in use" does the same.
    response = client.post(
        reverse("payments_staff:settings_account_new"),
        {**_account_post(account_number="333333"), "unit": org.dept.pk},
    )
    assert response.status_code == 302
    assert list(
        BankAccount.objects.filter(unit=org.dept, is_active=True).values_list(
            "account_number", flat=True
        )
    ) == ["333333"]


def test_editing_keeps_mapping_keys_the_form_does_not_show(org, personas):
    account = _account(org.dept, statement_mapping={"date": "Ngày", "encoding": "cp1258"})
    saved = actions.save_bank_account(
        account,
        acting_user=personas.sysadmin,
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="0071000123456",
        account_name="SO Y TE",
        is_active=True,
        statement_mapping={"date": "", "note": "Diễn giải"},
    )
    assert saved.statement_mapping == {"encoding": "cp1258", "note": "Diễn giải"}
    entry = AuditEntry.objects.filter(event=AuditEvent.SETTINGS_CHANGED).latest("pk")
    assert entry.old["statement_mapping"] == {"date": "Ngày", "encoding": "cp1258"}


def test_the_next_receipt_number_may_go_up_but_never_down(client, org, personas):
    dossier = make_fee_dossier(org, personas, stage="paid")  # issues receipt no. 1
    series = ReceiptSeries.objects.get(unit=dossier.unit)
    assert series.next_number == 2
    client.force_login(personas.sysadmin)
    url = reverse("payments_staff:settings_series", args=[series.pk])
    post = {
        "form_code": series.form_code,
        "symbol": series.symbol,
        "number_width": "7",
        "is_active": "on",
    }
    response = client.post(url, {**post, "next_number": "1"})
    assert response.status_code == 400
    assert "next_number" in response.context["form"].errors
    assert 'value="1"' in response.content.decode()
    series.refresh_from_db()
    assert series.next_number == 2
    response = client.post(url, {**post, "next_number": "50"})
    assert response.status_code == 302
    series.refresh_from_db()
    assert series.next_number == 50
    entry = AuditEntry.objects.filter(event=AuditEvent.SETTINGS_CHANGED).latest("pk")
    assert entry.old == {"kind": "receipt_series", "next_number": 2}
    assert entry.new == {"kind": "receipt_series", "next_number": 50}
    # The next payment's receipt takes number 50.
    other = make_fee_dossier(org, personas)
    payment = make_payment(other.open_charge)
    actions.confirm_payment(payment, amount=payment.amount, source="webhook")
    assert payment.receipt.number == 50


def test_a_used_series_keeps_its_symbol_and_a_new_active_series_replaces_the_old(
    client, org, personas
):
    dossier = make_fee_dossier(org, personas, stage="paid")
    used = ReceiptSeries.objects.get(unit=dossier.unit)
    client.force_login(personas.sysadmin)
    response = client.post(
        reverse("payments_staff:settings_series", args=[used.pk]),
        {
            "form_code": used.form_code,
            "symbol": "KHAC-26P",
            "next_number": "2",
            "number_width": "7",
            "is_active": "on",
        },
    )
    assert response.status_code == 400
    used.refresh_from_db()
    assert used.symbol != "KHAC-26P"
    response = client.post(
        reverse("payments_staff:settings_series_new"),
        {
            "unit": used.unit_id,
            "form_code": "01blp2-001",
            "symbol": "syt-27p",
            "next_number": "1",
            "number_width": "7",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    used.refresh_from_db()
    new = ReceiptSeries.objects.get(symbol="SYT-27P")
    assert new.is_active and new.form_code == "01BLP2-001" and not used.is_active
    # The same form number and symbol twice is refused with a message.
    response = client.post(
        reverse("payments_staff:settings_series_new"),
        {
            "unit": used.unit_id,
            "form_code": "01BLP2-001",
            "symbol": "SYT-27P",
            "next_number": "1",
            "number_width": "7",
        },
    )
    assert response.status_code == 400
    assert "symbol" in response.context["form"].errors


def test_fee_reductions_are_added_and_taken_out_of_use(client, org, personas):
    procedure = ProcedureFactory(unit=org.pharmacy)
    client.force_login(personas.sysadmin)
    url = reverse("payments_staff:settings_reduction_new")
    response = client.post(url, {"name": "Giảm", "percent": "0", "is_active": "on"})
    assert response.status_code == 400
    assert "percent" in response.context["form"].errors
    response = client.post(url, {"name": "Giảm", "percent": "101"})
    assert response.status_code == 400
    response = client.post(
        url,
        {
            "name": "Giảm 50 % địa bàn khó khăn",
            "percent": "50",
            "legal_basis": "Nghị định 31/2021/NĐ-CP",
            "procedure": str(procedure.pk),
            "applies_to_postal": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    reduction = FeeReduction.objects.get()
    assert (reduction.percent, reduction.procedure, reduction.applies_to_postal) == (
        50,
        procedure,
        True,
    )
    response = client.post(
        reverse("payments_staff:settings_reduction", args=[reduction.pk]),
        {"name": reduction.name, "percent": "50", "procedure": str(procedure.pk)},
    )
    assert response.status_code == 302
    reduction.refresh_from_db()
    assert not reduction.is_active
    # A procedure of another department cannot be chosen.
    foreign = ProcedureFactory(unit=org.other)
    response = client.post(url, {"name": "X", "percent": "10", "procedure": str(foreign.pk)})
    assert response.status_code == 400
    assert "procedure" in response.context["form"].errors


def test_a_reduction_of_another_units_procedure_is_refused_by_the_action(org, personas):
    from django.core.exceptions import PermissionDenied

    foreign = ProcedureFactory(unit=org.other)
    with pytest.raises(PermissionDenied):
        actions.save_fee_reduction(
            None, acting_user=personas.sysadmin, name="X", percent=10, procedure=foreign
        )
    with pytest.raises(PermissionDenied):
        actions.save_fee_reduction(
            None, acting_user=personas.approver, name="X", percent=10, procedure=None
        )
