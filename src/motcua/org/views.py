"""The staff area at /can-bo/: start page, units and roles, calendar,
audit log. Every view checks roles on the server; what a user may not see
is a 404, what they may see but not change is a 403."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.actions import do_remove_calendar_override, do_set_calendar_override
from motcua.core.models import CalendarOverride
from motcua.core.selectors import audit_entries, days_off_in_year, overrides_in_year
from motcua.org.actions import do_create_unit, do_grant_role, do_revoke_role, do_update_unit
from motcua.org.constants import ROLE_DESCRIPTIONS, Role
from motcua.org.decorators import staff_required
from motcua.org.forms import CalendarOverrideForm, GrantRoleForm, UnitForm
from motcua.org.models import Membership, Unit
from motcua.org.selectors import has_role, memberships_of


def _is_sysadmin(user: Any) -> bool:
    return has_role(user, [Role.SYSADMIN])


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """The member's units and roles; work queues join here as apps land."""
    memberships = memberships_of(request.user)
    return render(
        request,
        "org/staff_home.html",
        {
            "memberships": memberships,
            "role_descriptions": ROLE_DESCRIPTIONS,
            "is_sysadmin": _is_sysadmin(request.user),
        },
    )


@staff_required
def unit_list(request: HttpRequest) -> HttpResponse:
    """The units the user can see, as a tree (one query)."""
    q = request.GET.get("q", "").strip()
    units = Unit.objects.visible_to(request.user).select_related("parent")
    if q:
        units = units.search(q)
    return render(
        request,
        "org/unit_list.html",
        {"units": list(units.order_by("path")), "q": q, "is_sysadmin": _is_sysadmin(request.user)},
    )


@staff_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.visible_to(request.user).select_related("parent"), pk=pk)
    members = (
        Membership.objects.filter(unit=unit, is_active=True)
        .select_related("user")
        .order_by("role", "user__full_name")
    )
    may_admin = has_role(request.user, [Role.SYSADMIN], unit)
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "members": members,
            "may_admin": may_admin,
            "children": unit.children.order_by("name"),
            "grant_form": GrantRoleForm() if may_admin else None,
        },
    )


def _admin_units(user: Any):
    return Unit.objects.visible_to(user, roles=[Role.SYSADMIN]).order_by("path")


@staff_required
def unit_create(request: HttpRequest) -> HttpResponse:
    parents = _admin_units(request.user)
    if not parents.exists():
        raise PermissionDenied
    form = UnitForm(
        request.POST or None, parents=parents, initial={"parent": request.GET.get("parent")}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            unit = do_create_unit(acting_user=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The unit has been created."))
            return redirect("org:unit_detail", pk=unit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "org/unit_form.html", {"form": form, "unit": None}, status=status)


@staff_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(_admin_units(request.user), pk=pk)
    form = UnitForm(
        request.POST or None,
        instance=Unit.objects.get(pk=pk),
        parents=_admin_units(request.user).exclude(path__startswith=unit.path),
    )
    if unit.parent_id is None:
        form.fields["parent"].required = False
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items()}
        try:
            do_update_unit(unit, acting_user=request.user, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The unit has been saved."))
            return redirect("org:unit_detail", pk=unit.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "org/unit_form.html", {"form": form, "unit": unit}, status=status)


@staff_required
@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(_admin_units(request.user), pk=pk)
    form = GrantRoleForm(request.POST)
    if form.is_valid():
        do_grant_role(
            form.cleaned_data["email"],
            unit,
            form.cleaned_data["role"],
            acting_user=request.user,
            title=form.cleaned_data["title"],
        )
        messages.success(request, _("The role has been granted."))
        return redirect("org:unit_detail", pk=unit.pk)
    members = Membership.objects.filter(unit=unit, is_active=True).select_related("user")
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "members": members,
            "may_admin": True,
            "children": unit.children.all(),
            "grant_form": form,
        },
        status=400,
    )


@staff_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.filter(unit__in=_admin_units(request.user)), pk=pk
    )
    do_revoke_role(membership, acting_user=request.user)
    messages.success(request, _("The role has been withdrawn."))
    return redirect("org:unit_detail", pk=membership.unit_id)


@staff_required
def calendar(request: HttpRequest) -> HttpResponse:
    """Days off and working weekend days of a year; administrators add
    exceptions from the yearly swap notices."""
    try:
        year = int(request.GET.get("nam", date.today().year))
    except ValueError:
        year = date.today().year
    year = min(max(year, 2000), 2100)
    may_edit = _is_sysadmin(request.user)
    form = CalendarOverrideForm(request.POST or None) if may_edit else None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form is not None and form.is_valid():
            do_set_calendar_override(
                form.cleaned_data["date"],
                form.cleaned_data["kind"],
                form.cleaned_data["reason"],
                acting_user=request.user,
            )
            messages.success(request, _("The calendar exception has been saved."))
            return redirect(f"{request.path}?nam={form.cleaned_data['date'].year}")
    return render(
        request,
        "org/calendar.html",
        {
            "year": year,
            "days": days_off_in_year(year),
            "overrides": overrides_in_year(year),
            "form": form,
            "may_edit": may_edit,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def calendar_remove(request: HttpRequest, pk: int) -> HttpResponse:
    if not _is_sysadmin(request.user):
        raise PermissionDenied
    override = get_object_or_404(CalendarOverride, pk=pk)
    year = override.date.year
    do_remove_calendar_override(override, acting_user=request.user)
    messages.success(request, _("The calendar exception has been removed."))
    return redirect(f"/can-bo/lich/?nam={year}")


@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log, read-only, for system administrators."""
    if not _is_sysadmin(request.user):
        raise PermissionDenied
    entries = audit_entries()
    event = request.GET.get("su-kien", "").strip()
    if event:
        entries = entries.filter(event=event)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "org/audit_log.html", {"page_obj": page, "event": event})
