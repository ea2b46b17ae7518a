"""Unit reports: drafted by the focal point, approved by the head, submitted; evidence."""

from __future__ import annotations

import logging
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import changed_fields, record_audit
from motcua.core.indicators import measure, take_snapshots
from motcua.core.sitelinks import resolve_site_link
from motcua.core.text import clean_text
from motcua.org.constants import Role
from motcua.org.models import Unit
from motcua.plans.actions.common import (
    _emails,
    _ensure,
    _ensure_in_force,
    _ensure_open,
    _move,
    _multiline,
    _staff_url,
    mail_on_commit,
)
from motcua.plans.constants import (
    AUTO_INDICATORS,
    EVIDENCE_MAX_BYTES,
    OUTPUT_FIELDS,
    REPORT_TRANSITIONS,
    AuditEvent,
    EvidenceKind,
    ReportStatus,
)
from motcua.plans.models import (
    Activity,
    ActivityResult,
    Evidence,
    ReportingPeriod,
    UnitReport,
    access_for,
)
from motcua.plans.uploads import check_evidence_upload

if TYPE_CHECKING:
    from motcua.accounts.models import User

logger = logging.getLogger(__name__)


# ========================================================= unit reports
def _ensure_active(period: ReportingPeriod) -> None:
    """Reports change only on a plan in force, in an open period."""
    _ensure_in_force(period.plan)
    _ensure_open(period)


def _lock_report(report: UnitReport) -> UnitReport:
    return (
        UnitReport.objects.select_for_update()
        .select_related("period__plan", "unit")
        .get(pk=report.pk)
    )


def _ensure_files(user: User | None, unit: Unit) -> None:
    if user is not None:
        _ensure(access_for(user).files_for(unit))


def _ensure_editable(report: UnitReport) -> None:
    _ensure_active(report.period)
    if not report.is_editable:
        raise ValidationError(
            _("The report is “%(status)s”: it can no longer be changed.")
            % {"status": report.get_status_display()}
        )


@transaction.atomic
def do_start_report(period: ReportingPeriod, unit: Unit, *, acting_user: User | None) -> UnitReport:
    """The unit's report for the period: the current one, or a new draft."""
    _ensure_files(acting_user, unit)
    period = ReportingPeriod.objects.select_related("plan__department").get(pk=period.pk)
    plan = period.plan
    _ensure_in_force(plan)
    _ensure_active(period)
    if not plan.reporting_units.filter(pk=unit.pk).exists():
        raise ValidationError(
            _("%(unit)s is not among the units that report on this plan.") % {"unit": unit.name}
        )
    existing = UnitReport.objects.current().filter(period=period, unit=unit).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            report = UnitReport.objects.create(period=period, unit=unit, prepared_by=acting_user)
    except IntegrityError:
        # Two people of the unit started it at the same moment.
        return UnitReport.objects.current().get(period=period, unit=unit)
    record_audit(
        report, acting_user, AuditEvent.REPORT_CREATED, new={"period": period.pk, "unit": unit.pk}
    )
    return report


@transaction.atomic
def do_save_report_narrative(
    report: UnitReport, *, acting_user: User | None, narrative: str
) -> UnitReport:
    locked = _lock_report(report)
    _ensure_files(acting_user, locked.unit)
    _ensure_editable(locked)
    before = {"narrative": locked.narrative}
    locked.narrative = _multiline(narrative)
    old, new = changed_fields(locked, before, ["narrative"])
    if new:
        locked.save(update_fields=["narrative", "updated_at"])
        record_audit(locked, acting_user, AuditEvent.REPORT_CHANGED, old=old, new=new)
    return locked


@transaction.atomic
def do_save_result(
    report: UnitReport,
    activity: Activity,
    *,
    acting_user: User | None,
    outputs: dict[str, int],
    spending_vnd: int,
    narrative: str,
) -> ActivityResult:
    """What the unit achieved for ``activity`` in the report's period.
    Refused for an activity of another plan or of another unit."""
    locked = _lock_report(report)
    _ensure_files(acting_user, locked.unit)
    _ensure_editable(locked)
    if activity.plan_id != locked.period.plan_id:
        raise ValidationError(_("This activity belongs to another plan."))
    if not Activity.objects.filter(pk=activity.pk).for_unit(locked.unit).exists():
        raise ValidationError(
            _(
                "“%(activity)s” is not an activity of %(unit)s: only the units carrying it out report on it."
            )
            % {"activity": activity.title, "unit": locked.unit.name}
        )
    values: dict[str, Any] = {name: int(outputs.get(name) or 0) for name in OUTPUT_FIELDS}
    if any(v < 0 for v in values.values()) or spending_vnd is None or int(spending_vnd) < 0:
        raise ValidationError(_("Numbers must be whole numbers, zero or more."))
    values["spending_vnd"] = int(spending_vnd)
    values["narrative"] = _multiline(narrative)
    result, created = ActivityResult.objects.get_or_create(
        report=locked, activity=activity, defaults=values
    )
    old = {}
    if not created:
        old = {k: getattr(result, k) for k in values}
        for key, value in values.items():
            setattr(result, key, value)
        result.save()
    record_audit(
        locked,
        acting_user,
        AuditEvent.REPORT_CHANGED,
        old={"activity": activity.code, **old} if old else {},
        new={"activity": activity.code, **values},
    )
    return result


@transaction.atomic
def do_delete_result(result: ActivityResult, *, acting_user: User | None) -> None:
    locked = _lock_report(result.report)
    _ensure_files(acting_user, locked.unit)
    _ensure_editable(locked)
    names = [str(e.file.name) for e in result.evidence.all() if e.file]
    record_audit(
        locked,
        acting_user,
        AuditEvent.REPORT_CHANGED,
        old={"activity": result.activity.code},
        new={},
    )
    result.delete()
    for name in names:
        transaction.on_commit(partial(_delete_file_if_unused, name))


@transaction.atomic
def do_add_evidence(
    result: ActivityResult,
    *,
    acting_user: User | None,
    kind: str,
    title: str = "",
    url: str = "",
    upload: Any = None,
) -> Evidence:
    """Add a link to the website (checked: this site, a page or document
    that exists) or an uploaded photo or file (checked: size, real type)."""
    locked = _lock_report(result.report)
    _ensure_files(acting_user, locked.unit)
    _ensure_editable(locked)
    title = clean_text(title)
    if kind == EvidenceKind.LINK:
        link = resolve_site_link(url)
        evidence = Evidence.objects.create(
            result=result,
            kind=kind,
            title=title or link.title,
            url=link.path,
            link_kind=link.kind,
            link_object_id=link.object_id,
            verified=link.verified,
            created_by=acting_user,
        )
    elif kind in (EvidenceKind.PHOTO, EvidenceKind.FILE):
        sniffed = check_evidence_upload(upload, kind, EVIDENCE_MAX_BYTES)
        original = clean_text(getattr(upload, "name", "") or "")[-255:]
        upload.seek(0)
        evidence = Evidence(
            result=result,
            kind=kind,
            title=title or original,
            original_name=original,
            content_type=sniffed.content_type,
            size=getattr(upload, "size", 0) or 0,
            created_by=acting_user,
        )
        evidence.file.save(
            f"{uuid4().hex}.{sniffed.extension}", ContentFile(upload.read()), save=False
        )
        evidence.save()
    else:
        raise ValidationError(_("Choose the kind of evidence."))
    record_audit(
        locked,
        acting_user,
        AuditEvent.EVIDENCE_ADDED,
        new={
            "activity": result.activity.code,
            "kind": kind,
            "title": evidence.title,
            "url": evidence.url,
        },
    )
    return evidence


def _delete_file_if_unused(name: str) -> None:
    """A superseded version shares its files with the new one: a file goes
    only when no evidence refers to it any more."""
    if name and not Evidence.objects.filter(file=name).exists():
        from django.core.files.storage import default_storage

        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("could not delete %s", name)


@transaction.atomic
def do_remove_evidence(evidence: Evidence, *, acting_user: User | None) -> None:
    locked = _lock_report(evidence.result.report)
    _ensure_files(acting_user, locked.unit)
    _ensure_editable(locked)
    name = evidence.file.name if evidence.file else ""
    record_audit(
        locked,
        acting_user,
        AuditEvent.EVIDENCE_REMOVED,
        old={"evidence": evidence.pk, "title": evidence.title},
        new={},
    )
    evidence.delete()
    if name:
        transaction.on_commit(partial(_delete_file_if_unused, name))


@transaction.atomic
def do_send_report_for_approval(report: UnitReport, *, acting_user: User | None) -> UnitReport:
    """The focal point hands the draft to the unit's head."""
    locked = _lock_report(report)
    _ensure_files(acting_user, locked.unit)
    _ensure_active(locked.period)
    _move(locked.status, ReportStatus.PENDING_APPROVAL, REPORT_TRANSITIONS, ReportStatus)
    if not locked.results.exists():
        raise ValidationError(_("Report the result of at least one activity first."))
    old = locked.status
    locked.status = ReportStatus.PENDING_APPROVAL
    locked.return_comment = ""
    locked.save(update_fields=["status", "return_comment", "updated_at"])
    record_audit(
        locked,
        acting_user,
        AuditEvent.REPORT_SENT_FOR_APPROVAL,
        old={"status": old},
        new={"status": locked.status},
    )
    plan, period = locked.period.plan, locked.period
    mail_on_commit(
        _emails(locked.unit, [Role.APPROVER, Role.LEADER]),
        f"Đề nghị duyệt báo cáo kết quả tuyên truyền CCHC {period.doc_name} của {locked.unit.name}",
        (
            f"Báo cáo kết quả thực hiện {plan.title} ({period.doc_name}) của {locked.unit.name} "
            f"đang chờ lãnh đạo đơn vị duyệt.\n\n"
            f"Xem và duyệt: {_staff_url('plans:report_detail', locked.pk)}\n\n{plan.department.name}"
        ),
    )
    return locked


@transaction.atomic
def do_approve_report(report: UnitReport, *, acting_user: User | None) -> UnitReport:
    """The unit's head (APPROVER or LEADER of the unit) approves it."""
    locked = _lock_report(report)
    if acting_user is not None:
        _ensure(access_for(acting_user).heads(locked.unit))
    _ensure_active(locked.period)
    _move(locked.status, ReportStatus.APPROVED, REPORT_TRANSITIONS, ReportStatus)
    old = locked.status
    locked.status = ReportStatus.APPROVED
    locked.approved_by = acting_user
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    record_audit(
        locked,
        acting_user,
        AuditEvent.REPORT_APPROVED,
        old={"status": old},
        new={"status": locked.status},
    )
    return locked


@transaction.atomic
def do_return_report(report: UnitReport, *, acting_user: User | None, comment: str) -> UnitReport:
    """The head sends it back to the focal point with what to change."""
    locked = _lock_report(report)
    if acting_user is not None:
        _ensure(access_for(acting_user).heads(locked.unit))
    _ensure_active(locked.period)
    _move(locked.status, ReportStatus.DRAFT, REPORT_TRANSITIONS, ReportStatus)
    comment = _multiline(comment)
    if not comment:
        raise ValidationError(_("Say what must be changed."))
    old = locked.status
    locked.status = ReportStatus.DRAFT
    locked.return_comment = comment
    locked.approved_by, locked.approved_at = None, None
    locked.save(
        update_fields=["status", "return_comment", "approved_by", "approved_at", "updated_at"]
    )
    record_audit(
        locked,
        acting_user,
        AuditEvent.REPORT_RETURNED,
        old={"status": old},
        new={"status": locked.status, "comment": comment},
    )
    mail_on_commit(
        _emails(locked.unit, [Role.FOCAL_POINT]),
        f"Báo cáo kết quả tuyên truyền CCHC {locked.period.doc_name} cần chỉnh sửa",
        f"Lãnh đạo đơn vị đề nghị chỉnh sửa báo cáo:\n{comment}\n\n{_staff_url('plans:report_detail', locked.pk)}",
    )
    return locked


def _freeze_auto_figures(report: UnitReport) -> dict[str, Any]:
    period = report.period
    measurements = [
        measure(key, period.starts_on, period.ends_on, report.unit) for key in AUTO_INDICATORS
    ]
    take_snapshots(measurements, owner=report)
    return {"frozen_at": timezone.now().isoformat(), "items": [m.as_dict() for m in measurements]}


@transaction.atomic
def do_submit_report(report: UnitReport, *, acting_user: User | None) -> UnitReport:
    """Send the approved report to the Department. Its automatic figures
    are frozen now; the submission date decides on time or late."""
    locked = _lock_report(report)
    _ensure_files(acting_user, locked.unit)
    _ensure_active(locked.period)
    _move(locked.status, ReportStatus.SUBMITTED, REPORT_TRANSITIONS, ReportStatus)
    old = locked.status
    locked.status = ReportStatus.SUBMITTED
    locked.submitted_by = acting_user
    locked.submitted_at = timezone.now()
    locked.deadline_when_submitted = locked.period.unit_deadline
    locked.auto_figures = _freeze_auto_figures(locked)
    locked.save(
        update_fields=[
            "status",
            "submitted_by",
            "submitted_at",
            "deadline_when_submitted",
            "auto_figures",
            "updated_at",
        ]
    )
    record_audit(
        locked,
        acting_user,
        AuditEvent.REPORT_SUBMITTED,
        old={"status": old},
        new={"status": locked.status, "on_time": locked.on_time},
    )
    return locked


@transaction.atomic
def do_revise_report(report: UnitReport, *, acting_user: User | None, reason: str) -> UnitReport:
    """Supersede a submitted report by a new draft version (a copy of it),
    with the reason; the submitted one stays as it was."""
    locked = _lock_report(report)
    _ensure_files(acting_user, locked.unit)
    _ensure_in_force(locked.period.plan)
    _ensure_active(locked.period)
    reason = _multiline(reason)
    if not reason:
        raise ValidationError(_("Give the reason for the new version."))
    if not locked.is_current:
        raise ValidationError(_("A newer version of this report exists."))
    _move(locked.status, ReportStatus.SUPERSEDED, REPORT_TRANSITIONS, ReportStatus)
    locked.status = ReportStatus.SUPERSEDED
    locked.is_current = False
    locked.save(update_fields=["status", "is_current", "updated_at"])
    new = UnitReport.objects.create(
        period=locked.period,
        unit=locked.unit,
        version=locked.version + 1,
        supersedes=locked,
        revision_reason=reason,
        narrative=locked.narrative,
        prepared_by=acting_user,
    )
    for result in locked.results.prefetch_related("evidence"):
        copy = ActivityResult.objects.create(
            report=new,
            activity_id=result.activity_id,
            narrative=result.narrative,
            spending_vnd=result.spending_vnd,
            **{name: getattr(result, name) for name in OUTPUT_FIELDS},
        )
        for item in result.evidence.all():
            Evidence.objects.create(
                result=copy,
                kind=item.kind,
                title=item.title,
                url=item.url,
                link_kind=item.link_kind,
                link_object_id=item.link_object_id,
                verified=item.verified,
                file=item.file.name,
                original_name=item.original_name,
                content_type=item.content_type,
                size=item.size,
                created_by=item.created_by,
            )
    record_audit(
        locked,
        acting_user,
        AuditEvent.REPORT_REVISED,
        old={"status": ReportStatus.SUBMITTED, "version": locked.version},
        new={"status": ReportStatus.SUPERSEDED, "new_version": new.version, "reason": reason},
    )
    return new
