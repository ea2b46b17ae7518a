"""Kinds of organisational unit and the roles held in them (DESIGN.md §2)."""

from __future__ import annotations

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Provincial People's Committee")
    DEPARTMENT = "department", _("Department of Health")
    ROOM = "room", _("Department room")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    CDC = "cdc", _("Centre for Disease Control")
    HOSPITAL = "hospital", _("Hospital")
    CLINIC = "clinic", _("Regional clinic")
    HEALTH_CENTRE = "health_centre", _("Health centre")
    HEALTH_STATION = "health_station", _("Health station")
    OTHER = "other", _("Other unit")


class Role(models.TextChoices):
    """Roles held per unit; each covers the unit's whole subtree."""

    RECEPTION = "reception", _("Reception officer")
    HANDLER = "handler", _("Handler")
    APPROVER = "approver", _("Approver")
    EDITOR = "editor", _("Editor")
    FOCAL_POINT = "focal_point", _("Reform focal point")
    COORDINATOR = "coordinator", _("Office coordinator")
    LEADER = "leader", _("Leader")
    SYSADMIN = "sysadmin", _("System administrator")


ROLE_DESCRIPTIONS: dict[str, StrOrPromise] = {
    Role.RECEPTION: _("Receives or refuses dossiers, counter and postal intake, returns results."),
    Role.HANDLER: _("Processes assigned dossiers, drafts answers to feedback."),
    Role.APPROVER: _("Approves results, answers and reports."),
    Role.EDITOR: _("Publishes on the website."),
    Role.FOCAL_POINT: _("Files the unit's activity and periodic reports."),
    Role.COORDINATOR: _("Owns plans, surveys and consolidated reports."),
    Role.LEADER: _("Reads dashboards and reports."),
    Role.SYSADMIN: _("Configuration, users, calendar and templates."),
}

# Roles that may use the Wagtail admin at /admin/ (approvers publish what
# editors submit).
ADMIN_ROLES = frozenset({Role.EDITOR, Role.APPROVER, Role.SYSADMIN})

# Separator of the materialised path of unit ids: "/1/4/9/".
PATH_SEP = "/"
